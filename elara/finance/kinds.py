"""Account kinds: what a line of a statement or a ledger account means.

This module is a leaf (standard library only) so that import, dashboard and assistant can all
use one vocabulary. Matching is case- and punctuation-insensitive.
"""

from __future__ import annotations

import re
from enum import StrEnum


class AccountKind(StrEnum):
    revenue = "revenue"
    cost_of_sales = "cost_of_sales"
    operating_expense = "operating_expense"
    other_income = "other_income"
    other_expense = "other_expense"
    tax = "tax"
    subtotal = "subtotal"  # Gross Profit, Operating Income, Net Income, "Total …": never summed
    non_financial = "non_financial"  # units, headcount: never money
    balance_sheet = "balance_sheet"  # assets, liabilities, equity of a trial balance


INCOME_KINDS = frozenset({AccountKind.revenue, AccountKind.other_income})
EXPENSE_KINDS = frozenset(
    {
        AccountKind.cost_of_sales,
        AccountKind.operating_expense,
        AccountKind.other_expense,
        AccountKind.tax,
    }
)


def normalise_name(name: str | None) -> str:
    """The form account names and categories are matched in."""
    return re.sub(r"[\W_]+", " ", (name or "").casefold()).strip()


# Seed vocabulary; the finance work extends it (issue: numbers that mean what finance means).
_VOCABULARY: dict[str, AccountKind] = {
    "revenue": AccountKind.revenue,
    "sales": AccountKind.revenue,
    "cost of sales": AccountKind.cost_of_sales,
    "cost of goods sold": AccountKind.cost_of_sales,
    "cogs": AccountKind.cost_of_sales,
    "operating expenses": AccountKind.operating_expense,
    "interest expense": AccountKind.other_expense,
    "income tax": AccountKind.tax,
    "gross profit": AccountKind.subtotal,
    "net income": AccountKind.subtotal,
    # Statement lines that sum other lines (import marks them; never added to other totals).
    **dict.fromkeys(
        (
            "gross margin", "operating income", "operating profit", "operating loss",
            "net operating income", "ebit", "ebitda", "net profit", "net loss",
            "net income loss", "profit before tax", "profit before taxes",
            "income before taxes", "income before income taxes", "pretax income",
            "profit after tax", "net earnings", "net surplus", "net deficit",
            "net other income", "total", "grand total", "subtotal",
        ),
        AccountKind.subtotal,
    ),
}  # fmt: skip


def is_subtotal_line(name: str | None) -> bool:
    """A statement line that sums others: "Total Revenue", "Expenses total", "Net Income"."""
    key = normalise_name(name)
    if _VOCABULARY.get(key) is AccountKind.subtotal:
        return True
    return key.startswith("total ") or key.endswith(" total")


def suggest_kind(account: str | None, category: str | None = None) -> AccountKind | None:
    """The kind the built-in vocabulary gives an account (its category first), or None."""
    if is_subtotal_line(account):
        return AccountKind.subtotal
    for term in (category, account):
        kind = _VOCABULARY.get(normalise_name(term))
        if kind is not None:
            return kind
    return None
