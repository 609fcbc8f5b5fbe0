"""Walk 11: ledger detail with two date columns — when the line was typed in ("Entered Date")
and when it counts in the books ("Effective Date"). The books' date dates the records, and
the preview says which column did."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from elara.ingest.pipeline import parse_file
from elara.ingest.settings import ColumnRole
from elara.ingest.suggest import suggest_settings
from tests.amounts import sums_by_account


def _ledger(path: Path, headers: tuple[str, str]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["account", "account_description", *headers, "memo", "debit", "credit"])
    for n in range(12):
        counts = dt.date(2025, 1, 28) + dt.timedelta(days=n)  # across the month end
        typed = counts + dt.timedelta(days=4)
        first, second = (typed, counts) if headers[0] != "Posting Date" else (counts, typed)
        sheet.append(["6100", "Office Supplies", first, second, "Bill", 10 + n, None])
        sheet.append(["1000", "Cash", first, second, "Bill", None, 10 + n])
    for row in sheet.iter_rows(min_row=2):
        row[2].number_format = row[3].number_format = "mm/dd/yyyy"
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("headers", "books"),
    [
        (("Entered Date", "Effective Date"), "Effective Date"),
        (("Date Created", "Transaction Date"), "Transaction Date"),
        (("Posting Date", "Created On"), "Posting Date"),
    ],
)
def test_the_books_date_dates_the_records_not_the_day_it_was_typed(
    tmp_path: Path, headers: tuple[str, str], books: str
) -> None:
    suggestion = suggest_settings(_ledger(tmp_path / "gl.xlsx", headers))
    roles = {c.header: c.role for c in suggestion.settings.columns}
    typed = next(h for h in headers if h != books)
    assert (roles[books], roles[typed]) == (ColumnRole.date, ColumnRole.ignore)
    settings = suggestion.settings
    settings.constants.company = "Beagle Co"
    settings.constants.currency = "USD"
    parser = parse_file(tmp_path / "gl.xlsx", settings=settings)
    dates = [d for batch in parser for d in batch.columns["date"]]
    # the books' dates run 28 Jan - 8 Feb; the typed ones 4 days later
    assert min(dates) == dt.date(2025, 1, 28) and max(dates) == dt.date(2025, 2, 8)
    # said with the suggestion, and again when the person sends the settings back
    again = suggest_settings(tmp_path / "gl.xlsx", settings=settings)
    for notes in (suggestion.offered.notes, again.offered.notes):
        said = [w for w in notes if "also holds dates" in w]
        assert said and f'"{books}"' in said[0] and f'"{typed}"' in said[0]


def _cash_book(path: Path, accounts: list[str], balance: bool = False) -> Path:
    lines = ["Date,Account,Details,Receipts,Payments" + (",Balance" if balance else "")]
    running = 1000
    for n, account in enumerate(accounts):
        receipt = n % 2 == 0
        running += 100 if receipt else -40
        cells = ("100.00", "") if receipt else ("", "40.00")
        tail = f",{running}.00" if balance else ""
        lines.append(f"0{n % 9 + 1}/04/2025,{account},Line {n},{cells[0]},{cells[1]}{tail}")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_cash_books_payments_are_stored_beside_its_receipts(tmp_path: Path) -> None:
    """Each line's account beside Receipts | Payments: a payment debits its account, a
    receipt credits it (as a ledger's Debit | Credit). Before, Receipts was the amount and
    Payments a number: every payment was lost."""
    path = _cash_book(tmp_path / "cash.csv", ["Sales", "Stationery", "Sales", "Travel"])
    settings = suggest_settings(path).settings
    roles = {c.header: c.role for c in settings.columns}
    assert (roles["Receipts"], roles["Payments"]) == (ColumnRole.credit, ColumnRole.debit)
    settings.constants.company = "Corner Bakery"
    settings.constants.currency = "GBP"
    sums = sums_by_account(parse_file(path, settings=settings))
    assert sums == {"Sales": -200, "Stationery": 40, "Travel": 40}


def test_one_bank_account_named_on_every_line_is_not_a_cash_book(tmp_path: Path) -> None:
    """The same columns with one bank account named on every line and its running balance:
    a bank's download, the account the bank account itself, which a receipt debits and a
    payment credits (the cash book's sides the other way round)."""
    path = _cash_book(tmp_path / "bank.csv", ["Checking"] * 4, balance=True)
    roles = {c.header: c.role for c in suggest_settings(path).settings.columns}
    assert (roles["Receipts"], roles["Payments"]) == (ColumnRole.debit, ColumnRole.credit)
    # the running balance is no money of its own
    assert (roles["Date"], roles["Account"], roles["Details"], roles["Balance"]) == (
        ColumnRole.date,
        ColumnRole.account,
        ColumnRole.description,
        ColumnRole.quantity,
    )


def test_one_bank_account_named_on_every_line_keeps_its_payments(tmp_path: Path) -> None:
    """Found in review: Receipts was read as the amount and Payments as a number, so every
    payment was lost."""
    path = _cash_book(tmp_path / "bank.csv", ["Checking"] * 4, balance=True)
    settings = suggest_settings(path).settings
    settings.constants.company = "Corner Bakery"
    settings.constants.currency = "GBP"
    sums = sums_by_account(parse_file(path, settings=settings))
    assert sums == {"Checking": 120}  # two receipts of 100, two payments of 40
