"""Walk 11 (docs/import.md, layouts 225-227), files of shapes a finance team sends:
a budget-vs-actual pack whose line items sit under a "Category" header, with the report's
title naming the budget and each section repeating the header; a ledger's detail with
two date columns, when each line was typed in and when it counts in the books; and a small
business's cash book, each line's account beside Receipts | Payments.
Every file is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from tests.corpus.model import Layout, single_company
from tests.corpus.statements import Spec, checks_of, compute, totals_of
from tests.corpus.write import fmt, money, rounded, spread, write_csv

ZERO = Decimal(0)

BVA_SECTIONS: tuple[tuple[str, Spec], ...] = (
    (
        "Revenue Analysis",
        [
            ("Product Sales", (40000, 140000)),
            ("Service Revenue", (20000, 60000)),
            ("Total Revenue", [("Product Sales", 1), ("Service Revenue", 1)]),
        ],
    ),
    (
        "Expense Analysis",
        [
            ("Personnel", (50000, 90000)),
            ("Operations", (15000, 30000)),
            ("Marketing", (5000, 20000)),
            ("Total Expenses", [("Personnel", 1), ("Operations", 1), ("Marketing", 1)]),
        ],
    ),
)
BVA_HEADER = ["Category", "Budgeted", "Actual", "Variance", "% Variance"]


def _dollars(value: Decimal) -> str:
    """ "$1,234.50", or "($1,234.50)" below zero, as the pack shows every figure."""
    shown = fmt(abs(value), thousands=",", prefix="$")
    return f"({shown})" if value < 0 else shown


def bva_category_sections_csv(directory: Path, seed: int = 225) -> Layout:
    """A month's budget-vs-actual pack: the report's title ("Budget Analysis Report") and its
    period, then each section's heading ("Revenue Analysis") over the same header row
    (Category | Budgeted | Actual | Variance | % Variance), "$" on every figure, negative
    variances in brackets, and the section's total. Only the actuals are records: the title
    names the budget, but the columns say which figures are which."""
    rng = random.Random(seed)
    rows: list[list[object]] = [
        ["Budget Analysis Report", "", "", "", ""],
        ["Reporting Period: March 2025", "", "", "", ""],
        ["", "", "", "", ""],
    ]
    expected: dict[str, Decimal] = {}
    spec: Spec = []
    for heading, lines in BVA_SECTIONS:
        actual = compute(lines, 1, rng)
        budget = compute(lines, 1, rng)
        rows += [[heading, "", "", "", ""], list(BVA_HEADER)]
        for label, _ in lines:
            a, b = actual[label][0], budget[label][0]
            percent = ((a - b) / b * 100).quantize(Decimal("0.1"))
            rows.append([label, _dollars(b), _dollars(a), _dollars(a - b), f"{percent}%"])
        rows.append(["", "", "", "", ""])
        expected |= totals_of(actual)
        spec += lines
    path = directory / "budget_analysis_report.csv"
    write_csv(path, rows[:-1])
    return single_company(
        name="bva_category_sections_csv",
        path=path,
        company="Larkspur Services",
        currency="USD",
        records_by_date=spread([dt.date(2025, 3, 31)], len(expected)),
        expected_by_account=expected,
        not_accounts=frozenset(
            {"Budgeted", "Variance", "% Variance", "Actual", "Revenue Analysis"}
            | {"Expense Analysis", "Category"}
        ),
        header_row=5,
        checks=checks_of(spec, ("Actual", "Budgeted")),
    )


GL_ACCOUNTS = (
    ("4000", "Sales Revenue", False),
    ("5000", "Cost of Goods Sold", True),
    ("6100", "Office Supplies", True),
)


def gl_entered_effective_xlsx(directory: Path, seed: int = 226) -> Layout:
    """A ledger's detail as an accounting package's report exports it: the account number
    and its description, the day the line was entered and the day it is effective (a few
    days earlier, so late-entered lines cross the month end), memo, source, transaction
    type and number, debit or credit. Each transaction's other side is the cash account."""
    rng = random.Random(seed)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "GL Detail"
    sheet.append(
        [
            "account", "account_description", "Entered Date", "Effective Date", "memo",
            "source", "type", "transaction", "debit", "credit",
        ]
    )  # fmt: skip
    expected: dict[str, Decimal] = {}
    days: dict[dt.date, int] = {}
    for n in range(36):
        number, name, debit_side = rng.choice(GL_ACCOUNTS)
        effective = dt.date(2025, 1, 10) + dt.timedelta(days=rng.randint(0, 45))
        entered = effective + dt.timedelta(days=rng.randint(0, 6))
        amount = money(rng, 10, 5000)
        source, kind, ref = (
            ("AP", "Bill", f"BL{n:05d}") if debit_side else ("AR", "Invoice", f"IN{n:05d}")
        )
        sides = ((float(amount), None), (None, float(amount)))
        mine, cash = sides if debit_side else sides[::-1]
        for code, label, (debit, credit) in (
            (number, name, mine),
            ("1000", "Cash - Operating", cash),
        ):
            sheet.append(
                [int(code), label, entered, effective, kind, source, kind, ref, debit, credit]
            )
            signed = amount if debit is not None else -amount
            expected[label] = expected.get(label, ZERO) + signed
        days[effective] = days.get(effective, 0) + 2
    for row in sheet.iter_rows(min_row=2):
        for cell in (row[2], row[3]):
            cell.number_format = "mm/dd/yyyy"
        for cell in (row[8], row[9]):
            cell.number_format = "#,##0.00"
    path = directory / "gl_entered_effective.xlsx"
    book.save(path)
    return single_company(
        name="gl_entered_effective_xlsx",
        path=path,
        company="Beagle Outfitters",
        sheet="GL Detail",
        records_by_date=days,
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"account", "transaction", "debit", "credit", "Entered Date"}),
        balanced=True,
    )


CASH_BOOK = (
    ("Sales", "Cash sales", True),
    ("Sales", "Card sales banked", True),
    ("Stationery", "Office supplies", False),
    ("Travel", "Taxi to client", False),
    ("Bank Charges", "Monthly fee", False),
    ("Repairs", "Window repair", False),
)


def cash_book_receipts_payments_csv(directory: Path, seed: int = 227) -> Layout:
    """A cash book as a small business keeps it in a spreadsheet: day-first dates, the
    account each line goes to, its details, and the money under Receipts or Payments (the
    other cell empty). No balance column, no totals."""
    rng = random.Random(seed)
    rows: list[list[object]] = [["Date", "Account", "Details", "Receipts", "Payments"]]
    expected: dict[str, Decimal] = {}
    days: dict[dt.date, int] = {}
    for n in range(30):
        account, details, receipt = rng.choice(CASH_BOOK)
        day = dt.date(2025, 4, 1) + dt.timedelta(days=n)
        amount = money(rng, 5, 900)
        rows.append(
            [
                f"{day:%d/%m/%Y}",
                account,
                details,
                *((fmt(amount), "") if receipt else ("", fmt(amount))),
            ]
        )
        expected[account] = expected.get(account, ZERO) + (-amount if receipt else amount)
        days[day] = days.get(day, 0) + 1
    path = directory / "cash_book.csv"
    write_csv(path, rows)
    return single_company(
        name="cash_book_receipts_payments_csv",
        path=path,
        company="Corner Bakery",
        records_by_date=days,
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Receipts", "Payments", "Details"}),
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "bva_category_sections_csv": bva_category_sections_csv,
    "gl_entered_effective_xlsx": gl_entered_effective_xlsx,
    "cash_book_receipts_payments_csv": cash_book_receipts_payments_csv,
}
