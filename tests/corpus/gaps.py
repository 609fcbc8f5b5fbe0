"""Layouts 63-69 (docs/import.md): real-style files that showed gaps when walking the product.

A plain bank statement (Date, Description, Amount, Balance: nothing names the lines); an app
bank's statement with reverted, declined and pending card payments; a pivot's "Sum of" fields. Every
file is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from tests.corpus.exports import in_out
from tests.corpus.model import Layout, single_company
from tests.corpus.write import count_on, day_in, fmt, money, month_end, rounded, write_csv

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


def app_bank_not_completed_csv(directory: Path, seed: int = 164) -> Layout:
    """An app bank's statement (Type, Product, Started Date, Completed Date, Description,
    Amount, Fee, Currency, State, Balance) with card payments that never went through:
    REVERTED and DECLINED rows have no Completed Date and no Balance, a PENDING one has not
    completed yet. Only the COMPLETED rows moved money and are stored: the Amount kept apart
    as "Money in" / "Money out" (nothing names the lines), the Fee an account of its own."""
    rng = random.Random(seed)
    path = directory / "account-statement_2025-03.csv"
    header = "Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State"
    rows: list[list[object]] = [[*header.split(","), "Balance"]]
    balance = Decimal("1250.00")
    totals = {"Fee": ZERO}
    amounts: list[Decimal] = []
    dates: dict[dt.date, int] = {}
    states = ["COMPLETED"] * 24 + ["REVERTED", "DECLINED", "REVERTED", "PENDING"]
    rng.shuffle(states)
    for n, state in enumerate(states):
        started = dt.datetime(2025, 3, 1 + n, rng.randint(8, 20), rng.randint(0, 59))
        text, sign, low, high = rng.choice(LINES)
        amount, fee = money(rng, low, high) * sign, Decimal("0.25") if n % 7 == 3 else ZERO
        completed = ""
        if state == "COMPLETED":
            balance += amount - fee
            amounts.append(amount)
            totals["Fee"] += fee
            done = started + dt.timedelta(hours=rng.randint(1, 30))
            completed = f"{done:%Y-%m-%d %H:%M:%S}"
            count_on(dates, done.date(), 2)
        rows.append(
            [
                "TOPUP" if amount > 0 else "CARD_PAYMENT",
                "Current",
                f"{started:%Y-%m-%d %H:%M:%S}",
                completed,
                text,
                fmt(amount),
                fmt(fee),
                "EUR",
                state,
                fmt(balance) if state == "COMPLETED" else "",
            ]
        )
    write_csv(path, rows)
    return single_company(
        name="app_bank_not_completed_csv",
        currency="EUR",
        records_by_date=dates,
        path=path,
        company="Harbour Design",
        expected_by_account=rounded(totals) | in_out(amounts),
        not_accounts=frozenset({"Balance", "Started Date", "State", "Product"}),
    )


def pivot_sum_of_csv(directory: Path, seed: int = 165) -> Layout:
    """An Excel pivot by region and month pasted as values and saved as CSV: Region, Month
    ("Jan 2025"), "Sum of Sales", "Total of Returns", "Count of Orders", "Average of
    Discount". The money is stored under the fields the sums name ("Sales", "Returns"), as
    the order list the pivot was made from names them; counts and averages are no money."""
    rng = random.Random(seed)
    path = directory / "pivot_by_region.csv"
    header = ["Region", "Month", "Sum of Sales", "Total of Returns", "Count of Orders"]
    rows: list[list[object]] = [[*header, "Average of Discount"]]
    totals = {"Sales": ZERO, "Returns": ZERO}
    dates: dict[dt.date, int] = {}
    for month in (1, 2, 3):
        for region in ("North", "South", "West"):
            sales, returns = money(rng, 4000, 30000), money(rng, 0, 900)
            totals["Sales"] += sales
            totals["Returns"] += returns
            count_on(dates, month_end(2025, month), 2)
            rows.append(
                [
                    region,
                    f"{dt.date(2025, month, 1):%b %Y}",
                    fmt(sales),
                    fmt(returns),
                    rng.randint(20, 300),
                    f"{Decimal(rng.randint(0, 2000)) / 10000}",
                ]
            )
    write_csv(path, rows)
    return single_company(
        name="pivot_sum_of_csv",
        records_by_date=dates,
        path=path,
        company="Harbour Design",
        expected_by_account=rounded(totals),
        not_accounts=frozenset(
            {"Sum of Sales", "Total of Returns", "Count of Orders", "Average of Discount"}
        ),
        dimensions=frozenset({"Region"}),
    )


GENERATORS = {
    "bank_amount_balance_csv": bank_amount_balance_csv,
    "app_bank_not_completed_csv": app_bank_not_completed_csv,
    "pivot_sum_of_csv": pivot_sum_of_csv,
}
