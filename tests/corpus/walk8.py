"""Walk 8 (docs/import.md, layouts 182-185): a Canadian bank's download with one amount column
per currency ("CAD$", "USD$"), a cloud package's Profit and Loss in rupees with Indian digit
grouping and an April-March year, a P&L with a "% of Income" column beside its amounts and an
Australian bank's Debit / Credit Amount CSV.
Every file is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.corpus.model import Layout, single_company
from tests.corpus.statements import Spec, checks_of, compute, sections, totals_of
from tests.corpus.walked import _lines
from tests.corpus.write import count_on, day_in, fmt, money, spread, write_csv

ZERO = Decimal(0)

# (description 1, sign, low, high) of a Canadian chequing account's lines
CA_LINES = (
    ("MISC PAYMENT", -1, 40, 900),
    ("PAYROLL DEP", 1, 1500, 4800),
    ("Online Banking transfer", -1, 100, 2000),
    ("E-TRANSFER RECEIVED", 1, 50, 1500),
    ("MONTHLY FEE", -1, 4, 4),
    ("POS PURCHASE", -1, 6, 220),
)


def rbc_cad_usd_csv(directory: Path, seed: int = 182) -> Layout:
    """A Canadian bank's account-activity CSV: Account Type, Account Number, Transaction Date
    (M/D/YYYY), Cheque Number (empty but on cheques), Description 1, Description 2 (often
    empty), then "CAD$" (signed) and "USD$" (empty on a Canadian-dollar account): one amount
    column per currency, the currency in the header, not in a column."""
    rng = random.Random(seed)
    path = directory / "csv98765.csv"
    rows: list[list[object]] = [
        ["Account Type", "Account Number", "Transaction Date", "Cheque Number",
         "Description 1", "Description 2", "CAD$", "USD$"]
    ]  # fmt: skip
    lines = []
    for n in range(28):
        text, sign, low, high = rng.choice(CA_LINES)
        lines.append((day_in(rng, 2025, rng.randint(4, 6)), n, text, money(rng, low, high) * sign))
    lines.sort()
    dates: dict[dt.date, int] = {}
    for day, n, text, amount in lines:
        cheque = str(100 + n) if text == "MISC PAYMENT" and n % 3 == 0 else ""
        second = {"MISC PAYMENT": f"HYDRO ONE {n:04d}", "POS PURCHASE": "TIM HORTONS #2211"}
        rows.append(
            ["Chequing", "01234-5678901", f"{day.month}/{day.day}/{day.year}", cheque, text,
             second.get(text, ""), fmt(amount), ""]
        )  # fmt: skip
        count_on(dates, day)
    write_csv(path, rows)
    return single_company(
        name="rbc_cad_usd_csv",
        currency="CAD",
        records_by_date=dates,
        path=path,
        company="Maple Leaf Joinery",
        # the own account's number names the lines, as layout 18's "Account Number" does
        expected_by_account={"01234-5678901": sum((a for *_, a in lines), ZERO)},
        not_accounts=frozenset({"USD$", "CAD$", "Cheque Number", "Chequing"}),
    )


ZOHO_SPEC: Spec = [
    ("Operating Income", None),
    ("Sales", (900000, 4000000)),
    ("Other Charges", (10000, 90000)),
    ("Total for Operating Income", [("Sales", 1), ("Other Charges", 1)]),
    ("Cost of Goods Sold", None),
    ("Purchases", (300000, 1200000)),
    ("Total for Cost of Goods Sold", [("Purchases", 1)]),
    ("Gross Profit", [("Total for Operating Income", 1), ("Total for Cost of Goods Sold", -1)]),
    ("Operating Expense", None),
    ("Salaries and Employee Wages", (200000, 600000)),
    ("Rent Expense", (120000, 240000)),
    ("Advertising And Marketing", (20000, 90000)),
    ("IT and Internet Expenses", (5000, 30000)),
    (
        "Total for Operating Expense",
        [
            ("Salaries and Employee Wages", 1),
            ("Rent Expense", 1),
            ("Advertising And Marketing", 1),
            ("IT and Internet Expenses", 1),
        ],
    ),
    ("Operating Profit", [("Gross Profit", 1), ("Total for Operating Expense", -1)]),
    ("Non Operating Income", None),
    ("Interest Income", (1000, 20000)),
    ("Total for Non Operating Income", [("Interest Income", 1)]),
    ("Non Operating Expense", None),
    ("Exchange Gain or Loss", (500, 8000)),
    ("Total for Non Operating Expense", [("Exchange Gain or Loss", 1)]),
    (
        "Net Profit/Loss",
        [
            ("Operating Profit", 1),
            ("Total for Non Operating Income", 1),
            ("Total for Non Operating Expense", -1),
        ],
    ),
]


def _indian(value: Decimal) -> str:
    """Rupees as the package prints them: the last three digits, then groups of two
    ("₹12,34,567.89")."""
    whole, _, frac = f"{abs(value):.2f}".partition(".")
    head, tail = whole[:-3], whole[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    text = ",".join([g for g in [head, *groups] if g] + [tail])
    return ("-" if value < 0 else "") + "₹" + text + "." + frac


def zoho_pl_inr_csv(directory: Path, seed: int = 183) -> Layout:
    """A cloud package's Profit and Loss saved as CSV in India: company, "Profit and Loss",
    "Basis: Accrual", "From 01/04/2025 To 31/03/2026" (an April-March year); "Account" over
    the labels, "Total" over the amounts; "Total for …" subtotals; rupees with Indian digit
    grouping ("₹12,34,567.89")."""
    values = compute(ZOHO_SPEC, 1, random.Random(seed))
    path = directory / "Profit and Loss.csv"
    rows: list[list[object]] = [
        ["Nilgiri Traders Private Limited"],
        ["Profit and Loss"],
        ["Basis: Accrual"],
        ["From 01/04/2025 To 31/03/2026"],
        [],
        ["Account", "Total"],
    ]
    write_csv(path, rows + _lines(ZOHO_SPEC, lambda label: [_indian(values[label][0])], width=2))
    return single_company(
        name="zoho_pl_inr_csv",
        currency="INR",
        records_by_date=spread([dt.date(2026, 3, 31)], len(values)),
        path=path,
        company="Nilgiri Traders Private Limited",
        typed=False,
        expected_by_account=totals_of(values),
        not_accounts=sections(ZOHO_SPEC) | {"Account", "Total"},
        header_row=6,
        checks=checks_of(ZOHO_SPEC, ("Total",)),
    )


PCT_SPEC: Spec = [
    ("Income", None),
    ("Design Fees", (80000, 160000)),
    ("Reimbursed Expenses", (2000, 9000)),
    ("Total Income", [("Design Fees", 1), ("Reimbursed Expenses", 1)]),
    ("Expenses", None),
    ("Contract Labor", (20000, 45000)),
    ("Office Rent", (18000, 24000)),
    ("Software Subscriptions", (1500, 6000)),
    ("Travel", (800, 7000)),
    (
        "Total Expenses",
        [("Contract Labor", 1), ("Office Rent", 1), ("Software Subscriptions", 1), ("Travel", 1)],
    ),
    ("Net Income", [("Total Income", 1), ("Total Expenses", -1)]),
]


def pl_percent_of_income_csv(directory: Path, seed: int = 184) -> Layout:
    """A desktop package's Profit & Loss with "% of Income" ticked: title rows, then a blank
    label header, "Jan - Dec 25" and "% of Income" ("12.5%", "100.0%" on Total Income) beside
    every amount; the percentages are no money."""
    values = compute(PCT_SPEC, 1, random.Random(seed))
    income = values["Total Income"][0]
    path = directory / "Profit & Loss.csv"
    rows: list[list[object]] = [
        ["Harbor Design Studio"],
        ["Profit & Loss"],
        ["January through December 2025"],
        [],
        ["", "Jan - Dec 25", "% of Income"],
    ]

    def figures(label: str) -> list[str]:
        value = values[label][0]
        share = (value / income * 100).quantize(Decimal("0.1"))
        return [fmt(value, thousands=","), f"{share}%"]

    write_csv(path, rows + _lines(PCT_SPEC, figures, width=3), quoting=csv.QUOTE_MINIMAL)
    return single_company(
        name="pl_percent_of_income_csv",
        currency=None,
        records_by_date=spread([dt.date(2025, 12, 31)], len(values)),
        path=path,
        company="Harbor Design Studio",
        typed=False,
        expected_by_account=totals_of(values),
        not_accounts=sections(PCT_SPEC) | {"% of Income", "Jan - Dec 25"},
        header_row=5,
        checks=checks_of(PCT_SPEC, ("Jan - Dec 25",)),
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "rbc_cad_usd_csv": rbc_cad_usd_csv,
    "zoho_pl_inr_csv": zoho_pl_inr_csv,
    "pl_percent_of_income_csv": pl_percent_of_income_csv,
}
