"""Rules added for the sixth round of real layouts (docs/import.md, layouts 112 on)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from elara.ingest.pipeline import parse_file
from elara.ingest.suggest import suggest_settings, title_constants
from elara.ingest.vocabulary import header_role
from tests.amounts import sums_by_account
from tests.ingest.builders import write_text


def _read(path: Path, company: str = "Acme") -> tuple[dict[str, Decimal], Any, dict[str, str]]:
    suggestion = suggest_settings(path)
    settings = suggestion.settings
    settings.constants.company = company
    settings = type(settings).model_validate(settings.model_dump())
    roles = {c.header: str(c.role) for c in settings.columns}
    parser = parse_file(path, settings=settings)
    sums = sums_by_account(parser)
    return sums, parser.report, roles


def test_af_bij_signs_an_unsigned_bedrag(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "nl.csv",
        '"Datum";"Naam / Omschrijving";"Af Bij";"Bedrag (EUR)";"Saldo na mutatie"\r\n'
        '"20250103";"Albert Heijn";"Af";"12,50";"987,50"\r\n'
        '"20250102";"Klant B.V.";"Bij";"500,00";"1000,00"\r\n'
        '"20250101";"Vattenfall";"Af";"80,00";"500,00"\r\n',
    )
    sums, report, roles = _read(path)
    assert roles["Af Bij"] == "drcr" and roles["Saldo na mutatie"] == "quantity"
    assert sums == {"Money out": Decimal("-92.50"), "Money in": Decimal("500.00")}
    assert not report.errors


def _soll_haben(soll: list[str]) -> str:
    lines = ["Buchungstag;Verwendungszweck;Soll;Haben;Währung"]
    for n, debit in enumerate(soll):
        lines.append(f"0{n + 1}.03.2025;Zahlung {n};{debit};;EUR")
    lines.append("10.03.2025;Gutschrift;;1.000,00;EUR")
    return "\r\n".join(lines) + "\r\n"


def test_a_debit_column_printed_negative_throughout_is_read_by_its_side(tmp_path: Path) -> None:
    path = write_text(tmp_path / "db.csv", _soll_haben(["-52,30", "-10,00", "-7,70"]))
    sums, report, _ = _read(path)
    assert sums == {"Money out": Decimal("-70.00"), "Money in": Decimal("1000.00")}
    assert any('"Soll" shows its 3 amounts with a minus sign' in w for w in report.warnings)


def test_a_negative_debit_among_positive_ones_keeps_its_sign(tmp_path: Path) -> None:
    """A correction (a reversed debit) among debits is not a column printed negative."""
    path = write_text(tmp_path / "storno.csv", _soll_haben(["52,30", "-10,00", "7,70"]))
    sums, report, _ = _read(path)
    assert sum(sums.values()) == Decimal("1000.00") - Decimal("50.00")  # as cash
    assert not any("minus sign" in w for w in report.warnings)


def test_a_balance_label_where_the_date_belongs_is_a_balance_row(tmp_path: Path) -> None:
    debits = ["-52,30", "-10,00", "-1,00", "-2,00", "-3,00", "-4,00", "-5,00"]
    text = _soll_haben(debits) + "Kontostand;31.03.2025;;;922,70;EUR\r\n"
    sums, report, _ = _read(write_text(tmp_path / "footer.csv", text))
    assert not report.errors
    assert sum(sums.values()) == Decimal("922.70")  # as cash: the closing balance


def test_a_currency_word_leaves_the_rest_to_name_the_role() -> None:
    assert str(header_role("Débit euros")) == "debit"
    assert str(header_role("Crédit EUR")) == "credit"
    assert str(header_role("Bedrag (EUR)")) == "amount"


def test_bank_titles_and_balances_are_not_companies() -> None:
    for title in (["Umsätze Girokonto", "Zeitraum: 01.01.2025 - 31.03.2025"],
                  ["Neuer Kontostand", "7.648,42 EUR"]):  # fmt: skip
        assert title_constants([title], []).company is None


def _settlement(total: str) -> str:
    header = (
        "settlement-id\ttotal-amount\tcurrency\tamount-type\tamount-description\tamount\t"
        "posted-date"
    )
    lines = [header, f"777\t{total}\tUSD\t\t\t\t"]
    for n, (kind, what, amount) in enumerate(
        [("ItemPrice", "Principal", "24.99"), ("ItemFees", "Commission", "-3.75")] * 2
    ):
        lines.append(f"777\t\t\t{kind}\t{what}\t{amount}\t2025-03-0{n + 1}")
    return "\n".join(lines) + "\n"


def test_a_summary_line_states_the_total_of_the_lines(tmp_path: Path) -> None:
    sums, report, roles = _read(write_text(tmp_path / "s.txt", _settlement("42.48")))
    assert roles["total-amount"] == "quantity" and roles["amount"] == "amount"
    assert sums == {"Principal": Decimal("49.98"), "Commission": Decimal("-7.50")}
    assert not report.errors and not any("add up to" in w for w in report.warnings)


def test_a_summary_line_that_disagrees_is_said(tmp_path: Path) -> None:
    _, report, _ = _read(write_text(tmp_path / "s.txt", _settlement("50.00")))
    said = [w for w in report.warnings if "add up to" in w]
    assert said and "50.00" in said[0] and "42.48" in said[0]


def test_a_currency_stated_once_is_the_currency_of_the_rows_left_empty(tmp_path: Path) -> None:
    path = write_text(tmp_path / "s.txt", _settlement("42.48"))
    suggestion = suggest_settings(path)
    settings = suggestion.settings
    settings.constants.company = "Acme"
    parser = parse_file(path, settings=type(settings).model_validate(settings.model_dump()))
    currencies = {c for batch in parser for c in batch.columns["currency"]}
    assert currencies == {"USD"}
    assert any('empty "currency" are read as USD' in w for w in parser.report.warnings)


def test_a_spending_category_beats_a_type_before_it(tmp_path: Path) -> None:
    rows = ["Date,Counter Party,Type,Amount (GBP),Balance (GBP),Spending Category"]
    rows += [f"0{n + 1}/04/2025,Shop {n},CARD,-{n + 1}.00,{100 - n}.00,GROCERIES" for n in range(4)]
    rows.append("06/04/2025,Client,FASTER PAYMENT,500.00,600.00,INCOME")
    sums, _, roles = _read(write_text(tmp_path / "s.csv", "\n".join(rows) + "\n"))
    assert roles["Spending Category"] == "account"
    assert sums == {"GROCERIES": Decimal("-10.00"), "INCOME": Decimal("500.00")}


def test_total_fees_restate_what_the_lines_include() -> None:
    assert str(header_role("Total fees")) == "quantity"
    assert str(header_role("Fee")) != "quantity"


def test_an_undated_report_is_named_by_its_description(tmp_path: Path) -> None:
    text = (
        "VAT Return\nHarbour Design Ltd\nFor the period 1 January 2025 to 31 March 2025\n\n"
        "Box,Description,Amount\n1,VAT due on sales,200.00\n2,VAT due on acquisitions,0.00\n"
        "3,Total VAT due,200.00\n4,VAT reclaimed,50.00\n5,Net VAT to pay,150.00\n"
    )
    path = write_text(tmp_path / "vat.csv", text)
    suggestion = suggest_settings(path)
    assert suggestion.settings.constants.company == "Harbour Design Ltd"
    sums, report, roles = _read(path, company="Harbour Design Ltd")
    assert not report.errors
    assert roles["Description"] == "account" and roles["Box"] == "ignore"
    assert sums["Total VAT due"] == Decimal("200.00") and len(sums) == 5


def test_a_column_of_ibans_is_not_the_account_and_a_foreign_amount_not_money(
    tmp_path: Path,
) -> None:
    rows = ['"Munt","Datum","Bedrag","Tegenrekening IBAN/BBAN","Oorspr bedrag"']
    rows += [f'"EUR","2025-01-0{n + 1}","-1{n},00","NL{20 + n}INGB0001234567",""' for n in range(4)]
    rows.append('"EUR","2025-01-08","-20,00","","17,00"')
    sums, report, roles = _read(write_text(tmp_path / "r.csv", "\n".join(rows) + "\n"))
    assert roles["Munt"] == "currency" and roles["Oorspr bedrag"] == "quantity"
    assert roles["Tegenrekening IBAN/BBAN"] != "account"
    assert not report.errors
    assert sums == {"Money out": Decimal("-66.00")}


def test_a_foreign_currency_column_is_not_the_records_currency(tmp_path: Path) -> None:
    rows = ['"Date","Payee","Amount (EUR)","Amount (Foreign Currency)","Type Foreign Currency"']
    rows += [f'"2025-02-0{n + 1}","Shop {n}","-1{n}.00","",""' for n in range(4)]
    rows.append('"2025-02-08","Figma","-20.00","-21.71","USD"')
    path = write_text(tmp_path / "n26.csv", "\n".join(rows) + "\n")
    suggestion = suggest_settings(path)
    settings = suggestion.settings
    settings.constants.company = "Acme"
    parser = parse_file(path, settings=type(settings).model_validate(settings.model_dump()))
    assert {c for batch in parser for c in batch.columns["currency"]} == {"EUR"}
