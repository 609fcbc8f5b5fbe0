"""Walk 9 (docs/import.md, layout 205): a cloud package's trial balance as its API sample
exports it: a "Section" column naming each account's class (Revenue, Expenses, Assets,
Liabilities, Equity), the account with its code in brackets, the period's Debit / Credit and
the year-to-date YTD_Debit / YTD_Credit beside them.
Every file is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.corpus.model import Layout
from tests.corpus.write import fmt, money, write_csv

ZERO = Decimal(0)

# (section, account, debit side?) of a small company's chart, in the package's order
TB_ACCOUNTS = (
    ("Revenue", "Sales (400)", False),
    ("Revenue", "Interest Income (270)", False),
    ("Expenses", "Advertising (600)", True),
    ("Expenses", "Cost of Goods Sold (500)", True),
    ("Expenses", "Rent (660)", True),
    ("Expenses", "Wages and Salaries (668)", True),
    ("Expenses", "Accrued Expense Adjustment (690)", True),
    ("Assets", "Accounts Receivable (120)", True),
    ("Assets", "Office Equipment (150)", True),
    ("Assets", "Computer Equipment (160)", True),
    ("Liabilities", "Accounts Payable (200)", False),
    ("Liabilities", "Sales Tax (220)", False),
)


def cloud_tb_sections_csv(directory: Path, seed: int = 205) -> Layout:
    """Every value quoted, empty cells as "" and zeros as "0.00" on the side a line is on;
    a line's YTD balance on one side, its period movement on either (a credit note makes an
    expense's month a credit). The YTD columns balance; the balancing line is an equity
    account ("Retained Earnings (320)"), the last row, with no total row."""
    rng = random.Random(seed)
    rows: list[list[object]] = [
        ["Section", "Account", "Debit", "Credit", "YTD_Debit", "YTD_Credit"]
    ]
    expected: dict[str, Decimal] = {}
    for section, account, debit_side in TB_ACCOUNTS:
        ytd = money(rng, 200, 40000)
        month = money(rng, 10, 900) if rng.random() < 0.4 else ZERO
        month_debit = debit_side if rng.random() < 0.8 else not debit_side
        period = (fmt(month), "") if month_debit else ("", fmt(month))
        ytd_cells = (fmt(ytd), "") if debit_side else ("", fmt(ytd))
        rows.append([section, account, *period, *ytd_cells])
        expected[account] = ytd if debit_side else -ytd
    balance = -sum(expected.values(), ZERO)
    equity = "Retained Earnings (320)"
    rows.append(
        [
            "Equity",
            equity,
            "",
            "0.00",
            *((fmt(balance), "") if balance > 0 else ("", fmt(-balance))),
        ]
    )
    expected[equity] = balance
    path = directory / "cloud_trial_balance.csv"
    write_csv(path, rows, quoting=csv.QUOTE_ALL)
    company = "Harbour Lights Cafe"
    return Layout(
        name="cloud_tb_sections_csv",
        path=path,
        constants={"company": company, "date": "2025-06-30"},
        companies=frozenset({company}),
        records_by_date={dt.date(2025, 6, 30): len(rows) - 1},
        record_count=len(rows) - 1,
        expected_by_account=expected,
        not_accounts=frozenset(
            {"Debit", "Credit", "YTD_Debit", "YTD_Credit", "Revenue", "Expenses", "Assets"}
        ),
        balanced=True,
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "cloud_tb_sections_csv": cloud_tb_sections_csv,
}
