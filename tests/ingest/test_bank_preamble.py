"""A German bank download: a key/value preamble above the header, the other party's IBAN in a
"Kontonummer" column, its BIC in "BLZ", Latin-1, semicolons and decimal commas.

Found by walking ``make run`` with such a file: the preamble's label "Kontonummer:" was
offered as the company, the IBAN column became the account, and the two lines without an
IBAN (a card payment, the bank's own fee) were rows with errors, not stored.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from elara.ingest import preview_file, suggest_settings
from elara.ingest.suggest import title_constants

from .builders import write_text

# date, type, payee, purpose, IBAN, BIC, amount in cents
_LINES = [
    ("30.10.2025", "Lastschrift", "Stadtwerke Musterstadt", "Abschlag Strom", "DE44500105175407324931", "INGDDEFFXXX", -8600),  # noqa: E501
    ("28.10.2025", "Gutschrift", "Kunde Meier GmbH", "RE 2025-1043", "DE02120300000000202051", "BYLADEM1001", 238000),  # noqa: E501
    ("27.10.2025", "Kartenzahlung", "BUERO DISCOUNT", "Papier", "", "", -4317),
    ("15.10.2025", "Dauerauftrag", "Immobilien Schulz", "Miete Oktober", "DE89370400440532013000", "COBADEFFXXX", -125000),  # noqa: E501
    ("02.10.2025", "Gutschrift", "Kunde Weber AG", "RE 2025-1031", "DE75512108001245126199", "SOGEDEFF", 119000),  # noqa: E501
    ("01.10.2025", "Entgelt", "", "Kontoführung", "", "", -790),
]  # fmt: skip


def _euros(cents: int) -> str:
    """1234567 → "12.345,67" (German grouping, decimal comma)."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    return f"{sign}{units:,}".replace(",", ".") + f",{rest:02d}"


def _download(path: Path) -> Path:
    closing = sum(line[-1] for line in _LINES) + 250000
    head = [
        '"Kontonummer:";"DE12 5001 0517 0123 4567 89 / Girokonto";',
        "",
        '"Von:";"01.10.2025";',
        '"Bis:";"31.10.2025";',
        f'"Kontostand vom 31.10.2025:";"{_euros(closing)} EUR";',
        "",
        '"Buchungstag";"Wertstellung";"Buchungstext";"Auftraggeber / Begünstigter";'
        '"Verwendungszweck";"Kontonummer";"BLZ";"Betrag (EUR)";"Gläubiger-ID";'
        '"Mandatsreferenz";"Kundenreferenz";',
    ]
    body = [
        f'"{d}";"{d}";"{kind}";"{payee}";"{purpose}";"{iban}";"{bic}";"{_euros(cents)}";"";"";"";'
        for d, kind, payee, purpose, iban, bic, cents in _LINES
    ]
    return write_text(path, "\r\n".join(head + body) + "\r\n", encoding="latin-1")


def test_preamble_labels_are_not_companies() -> None:
    offered = title_constants(
        [["Kontonummer:", "DE12 5001 0517 0123 4567 89 / Girokonto"], ["Von:", "01.10.2025"]],
        [],
    )
    assert offered.company is None
    assert title_constants([["Kontoinhaber:", "Muster GmbH"]], []).company == "Muster GmbH"
    assert title_constants([["Acme Ltd: Trial Balance"]], []).company == "Acme Ltd"
    assert title_constants([["Trial Balance: Acme Ltd"]], []).company == "Acme Ltd"


def test_bank_download_keeps_every_line(tmp_path: Path) -> None:
    path = _download(tmp_path / "umsaetze.csv")
    suggestion = suggest_settings(path)
    roles = {c.header: str(c.role) for c in suggestion.settings.columns}
    assert roles["Kontonummer"] == "dimension"  # the other party's IBAN
    assert roles["BLZ"] == "ignore"
    assert roles["Auftraggeber / Begünstigter"] == "dimension"
    assert roles["Betrag (EUR)"] == "amount"
    assert "account" not in roles.values()
    assert "company" in suggestion.needs  # asked: the preamble names no company

    settings = suggestion.settings.model_copy(deep=True)
    settings.constants.company = "Muster GmbH"
    preview = preview_file(path, settings)
    assert preview.error_count == 0
    assert preview.records == len(_LINES)
    expected = Decimal(sum(line[-1] for line in _LINES)) / 100
    assert sum(preview.by_account.values()) == expected
    fee = next(r for r in preview.sample if r["description"] == "Entgelt")
    assert fee["amount"] == "-7.9" and fee["date"] == "2025-10-01"


@pytest.mark.parametrize("header", ["Kontonummer", "Account Number"])
def test_ledger_account_numbers_stay_accounts(tmp_path: Path, header: str) -> None:
    text = f"Date,{header},Amount\n"
    text += "2025-01-31,4000,100.00\n2025-01-31,5000,-40.00\n2025-02-28,4000,120.00\n"
    roles = {
        c.header: str(c.role)
        for c in suggest_settings(write_text(tmp_path / "gl.csv", text)).settings.columns
    }
    assert roles[header] == "account"
