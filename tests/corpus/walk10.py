"""Walk 10 (docs/import.md, layouts 210-214): a monthly trial balance exported from a ledger
database, its account names under "gl_account_description" and each account's class
("ASSET", "LIABILITY", "EQUITY", "REVENUE", "EXPENSE") in an "account_type" column; an ERP's
month-over-month income statement headed "Amount (Jun 2025)", "Comparative Amount (May
2025)", "Variance", "% Variance".
Every file is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.corpus.model import Layout, single_company
from tests.corpus.statements import Spec, checks_of, compute, sections, totals_of
from tests.corpus.write import count_on, money, spread, write_csv

ZERO = Decimal(0)

# (code, name, class, debit low, debit high, credit low, credit high) of a month's movements
CHART = (
    ("1010", "Operating Bank Account", "ASSET", 40000, 90000, 30000, 80000),
    ("1200", "Trade Receivables", "ASSET", 20000, 60000, 15000, 50000),
    ("1590", "Accum Depreciation", "ASSET", 0, 0, 900, 900),
    ("2010", "Trade Payables", "LIABILITY", 10000, 30000, 12000, 35000),
    ("2150", "Accrued Expense", "LIABILITY", 0, 0, 500, 2500),
    ("3100", "Owner Drawings", "EQUITY", 1000, 3000, 0, 0),
    ("4010", "Product Sales", "REVENUE", 0, 0, 50000, 90000),
    ("4800", "Interest income", "REVENUE", 0, 0, 20, 200),
    ("5010", "Cost of Goods Sold", "EXPENSE", 20000, 45000, 0, 0),
    ("6100", "Salaries Expense", "EXPENSE", 9000, 15000, 0, 0),
    ("6600", "Depreciation Exp", "EXPENSE", 900, 900, 0, 0),
    ("7100", "Interest Expense", "EXPENSE", 100, 600, 0, 0),
)


def _movement(rng: random.Random, low: int, high: int) -> Decimal:
    return ZERO if high == 0 else money(rng, low, high)


def gl_monthly_tb_typed_csv(directory: Path, seed: int = 210) -> Layout:
    """A ledger database's monthly trial balance: period (first of the month), gl_account_code,
    gl_account_description, account_type (the chart's class), opening_balance, debit, credit,
    closing_balance; one line per account and month, debits = credits each month (the last
    account takes up the difference, as a suspense line would)."""
    rng = random.Random(seed)
    path = directory / "trial_balance.csv"
    rows: list[list[object]] = [
        ["period", "gl_account_code", "gl_account_description", "account_type",
         "opening_balance", "debit", "credit", "closing_balance"]
    ]  # fmt: skip
    opening = dict.fromkeys((c[1] for c in CHART), ZERO)
    totals = dict.fromkeys(opening, ZERO)
    dates: dict[dt.date, int] = {}
    for month in (7, 8, 9):
        day = dt.date(2025, month, 1)
        lines = [
            (code, name, kind, _movement(rng, dl, dh), _movement(rng, cl, ch))
            for code, name, kind, dl, dh, cl, ch in CHART
        ]
        gap = sum((d - c for *_, d, c in lines), ZERO)
        code, name, kind, debit, credit = lines[0]
        lines[0] = (code, name, kind, debit, credit + gap) if gap > 0 else (
            code, name, kind, debit - gap, credit
        )  # fmt: skip
        for code, name, kind, debit, credit in lines:
            close = opening[name] + debit - credit
            rows.append(
                [day.isoformat(), code, name, kind, f"{opening[name]}", f"{debit}", f"{credit}",
                 f"{close}"]
            )  # fmt: skip
            opening[name] = close
            totals[name] += debit - credit
            count_on(dates, day)
    write_csv(path, rows)
    return single_company(
        name="gl_monthly_tb_typed_csv",
        currency=None,
        records_by_date=dates,
        path=path,
        company="Harbour Fittings LLC",
        expected_by_account=totals,
        not_accounts=frozenset({"ASSET", "EXPENSE", "Money in", "Money out", "opening_balance"}),
        balanced=True,
    )


MOM_SPEC: Spec = [
    ("Revenue", None),
    ("Revenue - subscriptions", (300000, 900000)),
    ("Revenue - services", (40000, 160000)),
    ("Total Revenue", [("Revenue - subscriptions", 1), ("Revenue - services", 1)]),
    ("Cost of Revenue", None),
    ("Hosting", (30000, 90000)),
    ("Support staff", (20000, 60000)),
    ("Total Cost of Revenue", [("Hosting", 1), ("Support staff", 1)]),
    ("Gross Profit", [("Total Revenue", 1), ("Total Cost of Revenue", -1)]),
    ("Operating Expenses", None),
    ("Research and development", (200000, 700000)),
    ("Sales and marketing", (150000, 500000)),
    ("General and administrative", (80000, 250000)),
    (
        "Total Operating Expenses",
        [
            ("Research and development", 1),
            ("Sales and marketing", 1),
            ("General and administrative", 1),
        ],
    ),
    ("Net Income", [("Gross Profit", 1), ("Total Operating Expenses", -1)]),
]


def _dollars(value: Decimal) -> str:
    """ "$1,192,600.39", a loss in brackets: "($1,925,278.63)"."""
    text = f"${abs(value):,.2f}"
    return f"({text})" if value < 0 else text


def erp_mom_income_statement_csv(directory: Path, seed: int = 211) -> Layout:
    """An ERP's month-over-month income statement saved as CSV: the company twice (the
    subsidiary and its legal name), the report's title, the month, "Options: Activity Only";
    then "Financial Row", "Amount (Jun 2025)", "Comparative Amount (May 2025)", "Variance",
    "% Variance"; dollars with "$" and thousands commas, negatives in brackets; section
    headings with empty cells."""
    values = compute(MOM_SPEC, 2, random.Random(seed))
    path = directory / "MoM_IS.csv"
    current, prior = "Amount (Jun 2025)", "Comparative Amount (May 2025)"
    rows: list[list[object]] = [
        ["Tidewater Software", "", "", "", ""],
        ["Tidewater Software, Inc.", "", "", "", ""],
        ["Month-over-Month Income Statement", "", "", "", ""],
        ["Jun 2025", "", "", "", ""],
        ["", "", "", "", ""],
        ["Options: Activity Only", "", "", "", ""],
        ["Financial Row", current, prior, "Variance", "% Variance"],
    ]
    for label, what in MOM_SPEC:
        if what is None:
            rows.append([label, "", "", "", ""])
            continue
        now, before = values[label]
        share = f"{(now - before) / abs(before) * 100:.2f}%" if before else ""
        rows.append([label, _dollars(now), _dollars(before), _dollars(now - before), share])
    write_csv(path, rows)
    return single_company(
        name="erp_mom_income_statement_csv",
        currency="USD",
        records_by_date=spread([dt.date(2025, 6, 30), dt.date(2025, 5, 31)], len(values)),
        path=path,
        company="Tidewater Software",
        typed=False,
        expected_by_account=totals_of(values),
        not_accounts=sections(MOM_SPEC) | {"Variance", "% Variance", current, prior},
        header_row=7,
        checks=checks_of(MOM_SPEC, (current, prior)),
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "gl_monthly_tb_typed_csv": gl_monthly_tb_typed_csv,
    "erp_mom_income_statement_csv": erp_mom_income_statement_csv,
}
