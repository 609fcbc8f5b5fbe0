"""A fixed, generated dataset for the assistant's tests, and the independent arithmetic that
says what the right answers are (plain Decimal sums over the generated rows)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from elara.core.state import AppState
from tests.dashboard import factories

TODAY = date(2025, 3, 15)
COMPANIES = ("ACME", "GLOBEX", "INITECH", "UMBRELLA", "STARK", "WAYNE")
# account, category, sign (+ income, - expense), typical monthly size in cents
ACCOUNTS = (
    ("Revenue", "Revenue", 1, 9_000_000),
    ("Consulting", "Revenue", 1, 1_500_000),
    ("COGS", "Cost of Sales", -1, 4_000_000),
    ("Payroll", "Operating Expenses", -1, 2_000_000),
    ("Rent", "Operating Expenses", -1, 400_000),
    ("Marketing", "Operating Expenses", -1, 700_000),
    ("R&D", "Operating Expenses", -1, 600_000),
)
FIRST_MONTH, MONTHS = date(2022, 1, 1), 38  # January 2022 to February 2025
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Row:
    company: str
    day: date
    account: str
    category: str
    amount: Decimal


def generate(seed: int = 8) -> list[Row]:
    """Monthly lines per company and account; deterministic for a seed."""
    rng = random.Random(seed)
    rows = []
    for scale, company in enumerate(COMPANIES, start=1):
        for index in range(MONTHS):
            year, month = 2022 + index // 12, index % 12 + 1
            for account, category, sign, size in ACCOUNTS:
                cents = rng.randint(size * scale // 2, size * scale) + rng.randint(0, 99)
                day = date(year, month, rng.choice((1, 10, 28)))
                rows.append(Row(company, day, account, category, sign * cents * CENT))
    return rows


def load(state: AppState, rows: list[Row]) -> int:
    """Store the rows (and their rollups, as an upload does) as one ready dataset in USD."""
    stored = [factories.Row(r.company, r.day, r.account, r.amount, r.category) for r in rows]
    return factories.create_dataset(state, stored, name="Assistant test data")


def cents(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def pct(part: Decimal, whole: Decimal) -> str | None:
    if whole == 0:
        return None
    return cents(part * 100 / abs(whole))


def select(rows: list[Row], *, companies=(), accounts=(), categories=(), period=None) -> list[Row]:
    out = []
    for row in rows:
        if companies and row.company not in companies:
            continue
        if accounts and row.account not in accounts:
            continue
        if categories and row.category not in categories:
            continue
        if period and not (period[0] <= row.day <= period[1]):
            continue
        out.append(row)
    return out


def value(rows: list[Row], metric: str) -> Decimal | None:
    """The metric over rows: revenue = income rows; expenses = expense rows made positive."""
    revenue = sum((r.amount for r in rows if r.category == "Revenue"), Decimal(0))
    expenses = -sum((r.amount for r in rows if r.category != "Revenue"), Decimal(0))
    if metric == "revenue":
        return revenue
    if metric == "expenses":
        return expenses
    if metric == "net_income":
        return revenue - expenses
    if metric == "margin":
        return None if revenue == 0 else Decimal(pct(revenue - expenses, revenue))
    return revenue + expenses  # an account or a category: its own total, costs positive


def metric_rows(rows: list[Row], metric: str, **filters) -> list[Row]:
    if metric.startswith("account:"):
        filters["accounts"] = (metric.split(":", 1)[1],)
    elif metric.startswith("category:"):
        filters["categories"] = (metric.split(":", 1)[1],)
    return select(rows, **filters)


def measure(rows: list[Row], metric: str, **filters) -> Decimal | None:
    return value(metric_rows(rows, metric, **filters), metric)


def bucket(day: date, granularity: str) -> date:
    if granularity == "year":
        return date(day.year, 1, 1)
    if granularity == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)
