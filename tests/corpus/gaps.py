"""Layouts 63-69 (docs/import.md): real-style files that showed gaps when walking the product.

A plain bank statement (Date, Description, Amount, Balance: nothing names the lines). Every
file is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from tests.corpus.model import Layout, single_company
from tests.corpus.write import count_on, day_in, fmt, money, rounded, write_csv

ZERO = Decimal(0)
LINES = (
    ("Client payment - Harbour Ltd", 1, 800, 6000),
    ("Card payment - Office Depot", -1, 20, 400),
    ("Direct debit - City Power", -1, 90, 300),
    ("Standing order - Rent", -1, 1500, 1500),
    ("Transfer from savings", 1, 500, 2000),
    ("Bank charges", -1, 5, 25),
)


def bank_amount_balance_csv(directory: Path, seed: int = 163) -> Layout:
    """A small business bank's statement download: Date (dd/mm/yyyy), Description, Amount
    (signed: receipts positive, payments negative), Balance after the line; oldest first.
    Nothing names what a line is, so Elara keeps receipts and payments apart ("Money in",
    "Money out"), unclassified."""
    rng = random.Random(seed)
    path = directory / "statement.csv"
    rows: list[list[object]] = [["Date", "Description", "Amount", "Balance"]]
    balance = Decimal("4210.35")
    split = {"Money in": ZERO, "Money out": ZERO}
    dates: dict[dt.date, int] = {}
    lines = sorted(
        (day_in(rng, 2025, rng.randint(1, 3)), text, money(rng, low, high) * sign)
        for text, sign, low, high in (rng.choice(LINES) for _ in range(40))
    )
    for day, text, amount in lines:
        balance += amount
        split["Money in" if amount > 0 else "Money out"] += amount
        count_on(dates, day)
        rows.append([day.strftime("%d/%m/%Y"), text, fmt(amount), fmt(balance)])
    write_csv(path, rows)
    return single_company(
        name="bank_amount_balance_csv",
        records_by_date=dates,
        path=path,
        company="Harbour Design",
        expected_by_account=rounded(split),
        not_accounts=frozenset({"Amount", "Balance", "Description"}),
    )


GENERATORS = {
    "bank_amount_balance_csv": bank_amount_balance_csv,
}
