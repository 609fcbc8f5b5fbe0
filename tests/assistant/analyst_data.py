"""The analyst evaluation's generated data: eight companies with display names, a real chart of
accounts and months ending two months before the fixed "today" (so "last month" has no data).

The true kind of every account is written here, next to the data, so that the oracle
(`analyst_oracle.py`) never needs the assistant's own vocabulary.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import insert

from elara.core.state import AppState
from elara.finance.fiscal import FISCAL_YEAR_START_KEY
from elara.models import AppSetting, CompanyName
from tests.dashboard import factories
from tests.finance.factories import store as store_batch

TODAY = date(2026, 11, 15)
FIRST_MONTH, LAST_MONTH = date(2023, 1, 1), date(2026, 9, 1)  # October and November: no data
FISCAL_START = 7  # the evaluation's fiscal year starts in July: FY2026 = July 2025 - June 2026

# code -> display name; two share the first word "Acme"
COMPANIES = {
    "ACME": "Acme Corp",
    "ACMR": "Acme Retail",
    "GLBX": "Globex Industries",
    "INIT": "Initech Software",
    "UMBR": "Umbrella Health",
    "STRK": "Stark Logistics",
    "WAYN": "Wayne Enterprises",
    "NWT": "Northwind Traders",
}

# account, category, true kind, share of the month's revenue (range)
ACCOUNTS = (
    ("Sales Revenue", "Revenue", "revenue", (1.0, 1.0)),
    ("Cost of Goods Sold", "Cost of Sales", "cogs", (0.40, 0.62)),
    ("Salaries and Wages", "Operating Expenses", "opex", (0.12, 0.20)),
    ("Rent", "Operating Expenses", "opex", (0.03, 0.05)),
    ("Marketing", "Operating Expenses", "opex", (0.04, 0.09)),
    ("Depreciation", "Operating Expenses", "da", (0.02, 0.04)),
    ("Interest Expense", "Other Expenses", "interest", (0.005, 0.02)),
    ("Income Tax", "Taxes", "tax", (0.01, 0.03)),
)
# Wayne Enterprises' file is an income statement export: it also states subtotal lines, which
# are never added into any metric (the metrics equal them) but can be asked for by name.
STATEMENT = "WAYN"
SUBTOTALS = {
    "Gross Profit": ("revenue", "cogs"),
    "Total Operating Expenses": ("opex", "da"),
    "Operating Income": ("revenue", "cogs", "opex", "da"),
    "Net Income": ("revenue", "cogs", "opex", "da", "interest", "tax"),
}
KIND_OF = {account: kind for account, _, kind, _ in ACCOUNTS} | dict.fromkeys(SUBTOTALS, "subtotal")

# Superstore-style dimensions, imported as dimension columns: each company-month's lines belong
# to one region, one customer segment and one product category (so each slice is a whole P&L).
DIMENSIONS = {
    "Region": ("Central", "East", "South", "West"),
    "Segment": ("Consumer", "Corporate", "Home Office"),
    "Category": ("Furniture", "Office Supplies", "Technology"),
}
SETTINGS = {
    "columns": [
        {"header": "Company", "role": "company"},
        *({"header": name, "role": "dimension"} for name in DIMENSIONS),
    ]
}


@dataclass(frozen=True)
class Row:
    company: str
    day: date
    account: str
    category: str
    amount: Decimal  # as stored: income positive, costs negative
    dims: tuple[tuple[str, str], ...] = ()  # (dimension, value)


def months() -> list[date]:
    out, day = [], FIRST_MONTH
    while day <= LAST_MONTH:
        out.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return out


def generate(seed: int = 15) -> list[Row]:
    """Monthly lines per company and account; deterministic. Some companies make losses."""
    rng = random.Random(seed)
    slices = random.Random(seed + 1)  # a separate stream: the amounts stay as they were
    rows = []
    for index, code in enumerate(COMPANIES):
        base = 200_000 + 90_000 * index
        cogs_bias = {"UMBR": 0.21, "STRK": 0.16}.get(code, 0.0)  # thin or negative margins
        for n, month in enumerate(months()):
            dims = tuple((name, slices.choice(values)) for name, values in DIMENSIONS.items())
            revenue = Decimal(round(base * (1 + 0.01 * n) * rng.uniform(0.85, 1.15), 2))
            revenue = revenue.quantize(Decimal("0.01"))
            for account, category, kind, (low, high) in ACCOUNTS:
                if kind == "revenue":
                    amount = revenue
                else:
                    share = rng.uniform(low, high) + (cogs_bias if kind == "cogs" else 0)
                    amount = -(revenue * Decimal(str(round(share, 4)))).quantize(Decimal("0.01"))
                day = date(month.year, month.month, rng.choice((5, 15, 28)))
                rows.append(Row(code, day, account, category, amount, dims))
            if code == STATEMENT:
                rows += _subtotals(rows[-len(ACCOUNTS) :], dims)
    return rows


def _subtotals(lines: list[Row], dims: tuple[tuple[str, str], ...]) -> list[Row]:
    """The statement's own subtotal lines for one month (profit-signed, as the file states)."""
    day = date(lines[0].day.year, lines[0].day.month, 28)
    out = []
    for name, kinds in SUBTOTALS.items():
        amount = sum((r.amount for r in lines if KIND_OF[r.account] in kinds), Decimal(0))
        out.append(Row(lines[0].company, day, name, "Subtotal", amount, dims))
    return out


def load(state: AppState, rows: list[Row]) -> int:
    """Store the rows (and rollups, as an upload does) as one ready USD dataset of one upload
    batch whose settings import Region, Segment and Category as dimensions."""
    stored = [
        factories.Row(r.company, r.day, r.account, r.amount, r.category or None) for r in rows
    ]
    attributes = [dict(r.dims) for r in rows]
    return store_batch(
        state, stored, settings=SETTINGS, name="Analyst evaluation data", attributes=attributes
    )


def store(state: AppState, rows: list[Row]) -> None:
    """The rows, the companies' display names and the fiscal year start (July)."""
    load(state, rows)
    with state.db.transaction() as session:
        session.execute(insert(CompanyName), [{"code": c, "name": n} for c, n in COMPANIES.items()])
        session.add(AppSetting(key=FISCAL_YEAR_START_KEY, value=FISCAL_START))


# ---------------------------------------------------------------- balances and bank statements
# Held-out batch 12 (and later) also ask of balances and of bank statements. Its questions are
# read over the same rows plus these (`extended()`, a fixture of its own), so every earlier batch
# keeps the data it was written for (which holds neither: its balance questions are declined).
# A trial balance's month-end (INIT: quarter-end) closing balances, debits positive and credits
# negative as a trial balance states them; class (the file's Account Type) and true side here.
# side: (statement side, current or not, what the line is) -> the oracle's own definitions
BALANCE_ACCOUNTS = (
    ("Cash at Bank", "Current Assets", ("asset", "current", "cash")),
    ("Accounts Receivable", "Current Assets", ("asset", "current", "receivable")),
    ("Inventory", "Current Assets", ("asset", "current", "inventory")),
    ("Equipment", "Fixed Assets", ("asset", "noncurrent", "")),
    ("Accumulated Depreciation", "Fixed Assets", ("asset", "noncurrent", "")),
    ("Accounts Payable", "Current Liabilities", ("liability", "current", "payable")),
    ("Line of Credit", "Current Liabilities", ("liability", "current", "debt")),
    ("Bank Loan", "Long Term Liabilities", ("liability", "noncurrent", "debt")),
    ("Retained Earnings", "Equity", ("equity", "", "")),
)
SIDE_OF = {account: side for account, _, side in BALANCE_ACCOUNTS}
BALANCE_COMPANIES = {"ACME": "month", "GLBX": "month", "INIT": "quarter"}
# A bank statement's lines, stored as the importer stores a statement nothing names
# (elara.ingest.direction): "Money in" positive, "Money out" negative, no category.
MONEY_IN, MONEY_OUT = "Money in", "Money out"
BANK_COMPANIES = ("ACME", "NWT")


def _month_end(month: date) -> date:
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def balances(seed: int = 12) -> list[Row]:
    """Closing balances per company at each month end (INIT: each quarter end); they balance
    (equity is the difference)."""
    rng = random.Random(seed)
    rows = []
    for index, (code, every) in enumerate(BALANCE_COMPANIES.items()):
        size = Decimal(600_000 + 250_000 * index)
        for n, month in enumerate(months()):
            if every == "quarter" and month.month % 3:
                continue
            day = _month_end(month)
            scale = size * Decimal(str(1 + 0.008 * n))

            def part(low: float, high: float, scale: Decimal = scale) -> Decimal:
                share = Decimal(str(round(rng.uniform(low, high), 4)))
                return (scale * share).quantize(Decimal("0.01"))

            amounts = {
                "Cash at Bank": part(0.10, 0.30),
                "Accounts Receivable": part(0.15, 0.25),
                "Inventory": part(0.10, 0.20),
                "Equipment": part(0.45, 0.50),
                "Accumulated Depreciation": -part(0.10, 0.15),
                "Accounts Payable": -part(0.10, 0.20),
                "Line of Credit": -part(0.02, 0.08),
                "Bank Loan": -part(0.20, 0.30),
            }
            amounts["Retained Earnings"] = -sum(amounts.values(), Decimal(0))
            for account, category, _ in BALANCE_ACCOUNTS:
                rows.append(Row(code, day, account, category, amounts[account]))
    return rows


def bank_lines(seed: int = 13) -> list[Row]:
    """A few statement lines a month: money in positive, money out negative."""
    rng = random.Random(seed)
    rows = []
    for code in BANK_COMPANIES:
        for month in months():
            for day in (3, 11, 19, 26):
                amount = Decimal(round(rng.uniform(-90_000, 110_000), 2)).quantize(Decimal("0.01"))
                account = MONEY_IN if amount > 0 else MONEY_OUT
                rows.append(Row(code, date(month.year, month.month, day), account, "", amount))
    return rows


def extended(seed: int = 15) -> list[Row]:
    """The evaluation's rows with the balances and the bank statements (batch 12 on)."""
    return generate(seed) + balances() + bank_lines()
