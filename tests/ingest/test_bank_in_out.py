"""A bank's own download with one column per direction ("Paid in" / "Paid out", "Deposits" /
"Withdrawals", "Receipts" / "Payments") is read as cash when the sheet is a bank statement (a
running balance beside them, or a title saying so): "Money in" positive, "Money out" negative,
and the stored lines carry the opening balance to the closing one. Anywhere else the columns
keep the meaning the file gives them (docs/import.md, layouts 212 and 213)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from elara.ingest.preview import Preview, preview_file
from elara.ingest.suggest import suggest_settings
from tests.corpus.bankcash2 import (
    building_society_paid_in_out_csv,
    checking_statement_deposits_withdrawals_csv,
)
from tests.corpus.write import write_csv

LINES = [
    ("02/09/2026", "CARD SHOP", "", "23.40"),
    ("05/09/2026", "WATER", "", "31.15"),
    ("25/09/2026", "CLIENT", "2850.00", ""),
    ("28/09/2026", "RENT", "", "900.00"),
]


def _preview(path: Path) -> Preview:
    settings = suggest_settings(path).settings
    settings.constants.company = "Acme"
    settings.constants.currency = settings.constants.currency or "GBP"
    return preview_file(path, settings)


def _amount(text: str) -> Decimal:
    return Decimal(text.replace("£", "").replace(",", "") or "0")


@pytest.mark.parametrize(("got", "paid"), [("Receipts", "Payments"), ("Paid in", "Paid out")])
def test_in_and_out_beside_a_running_balance_are_cash(got: str, paid: str, tmp_path: Path) -> None:
    balance = Decimal("1000.00")
    rows: list[list[object]] = [["Date", "Details", got, paid, "Balance"]]
    for day, text, money_in, money_out in LINES:
        balance += _amount(money_in) - _amount(money_out)
        rows.append([day, text, money_in, money_out, f"{balance:.2f}"])
    path = write_csv(tmp_path / "statement.csv", rows)
    preview = _preview(path)
    assert preview.by_account == {"Money in": Decimal("2850"), "Money out": Decimal("-954.55")}
    assert Decimal("1000.00") + sum(preview.by_account.values()) == balance  # ties out
    said = [w for w in preview.warnings if "kept apart by direction" in w]
    assert len(said) == 1 and f'"{paid}" is money out, shown negative' in said[0], said


def test_without_a_balance_or_a_statement_title_they_stay_as_stated(tmp_path: Path) -> None:
    """A cash book's or a budget's "Paid in" / "Paid out": nothing says it is a bank's view."""
    rows = [["Date", "Details", "Paid in", "Paid out"], *[list(x) for x in LINES]]
    preview = _preview(write_csv(tmp_path / "book.csv", rows))
    assert preview.by_account == {"Paid in": Decimal("2850"), "Paid out": Decimal("954.55")}


def test_an_income_statement_title_is_no_bank_statement(tmp_path: Path) -> None:
    rows = [
        ["Income Statement", "Acme"],
        [],
        ["Date", "Details", "Receipts", "Payments"],
        *[list(x) for x in LINES],
    ]
    preview = _preview(write_csv(tmp_path / "titled.csv", rows))
    assert set(preview.by_account) == {"Receipts", "Payments"}


def test_a_ledgers_debit_and_credit_keep_their_meaning(tmp_path: Path) -> None:
    """With an account column the lines are named: debits positive, as a ledger reads them."""
    rows = [
        ["Date", "Account", "Description", "Debit", "Credit", "Balance"],
        ["02/09/2026", "Office costs", "CARD SHOP", "23.40", "", "23.40"],
        ["25/09/2026", "Sales", "CLIENT", "", "2850.00", "-2850.00"],
    ]
    preview = _preview(write_csv(tmp_path / "ledger.csv", rows))
    assert preview.by_account == {"Office costs": Decimal("23.40"), "Sales": Decimal("-2850")}


def test_layout_212_stored_lines_carry_the_first_balance_to_the_last(tmp_path: Path) -> None:
    layout = building_society_paid_in_out_csv(tmp_path)
    with layout.path.open(encoding="utf-8") as handle:
        lines = [r for r in csv.reader(handle) if len(r) == 6][1:]
    first = lines[0]
    opening = _amount(first[5]) - _amount(first[4]) + _amount(first[3])
    preview = _preview(layout.path)
    assert preview.by_account == layout.expected_by_account
    assert opening + sum(preview.by_account.values()) == _amount(lines[-1][5])


def test_layout_213_ties_its_stated_balances_and_says_a_missing_line(tmp_path: Path) -> None:
    layout = checking_statement_deposits_withdrawals_csv(tmp_path)
    preview = _preview(layout.path)
    assert preview.by_account == layout.expected_by_account
    assert not [w for w in preview.warnings if "lines may be missing" in w]
    text = layout.path.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = next(i for i, x in enumerate(text) if "PAYROLL" in x)  # a withdrawal
    paid = _amount(next(csv.reader([text[dropped]]))[2])
    layout.path.write_text("".join(text[:dropped] + text[dropped + 1 :]), encoding="utf-8")
    said = [w for w in _preview(layout.path).warnings if "lines may be missing" in w]
    assert len(said) == 1 and f"a difference of {-paid:.2f}" in said[0], said
