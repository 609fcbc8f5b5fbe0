"""Metrics as a finance team defines them, computed from account kinds.

Every account the user can see gets an `AccountKind` (the shared vocabulary of
`elara.finance.kinds`, then a few name rules for common chart-of-accounts lines). Depreciation and
amortisation are found by name, so EBITDA can add them back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from elara.finance.kinds import AccountKind, normalise_name, suggest_kind

ZERO = Decimal(0)
K = AccountKind
COSTS = (K.cost_of_sales, K.operating_expense, K.other_expense, K.tax)
NEVER_ADDED = (K.subtotal, K.non_financial, K.balance_sheet)
_NAME_RULES: tuple[tuple[str, AccountKind], ...] = (
    (r"\b(cogs|cost of (goods|sales|revenue)|purchases|materials)\b", K.cost_of_sales),
    (r"\b(interest|finance (cost|charge)s?|bank charges)\b", K.other_expense),
    (r"\b(income tax|corporate tax|tax(es)?)\b", K.tax),
    (r"\b(other income|interest income|gain)\b", K.other_income),
    (r"\b(revenue|revenues|sales|turnover|fees earned)\b", K.revenue),
    (
        r"\b(salar|wage|payroll|rent|marketing|advertis|depreciation|amorti|utilit|insurance"
        r"|travel|professional|office|admin|software|r ?d|research|expense|opex)",
        K.operating_expense,
    ),
)
_COST_WORDS = re.compile(r"\b(expenses?|costs?|opex|overheads?|expenditure)\b")
_DA = re.compile(r"\b(depreciation|amorti[sz]ation|d ?a)\b")


def kind_of(account: str, category: str | None) -> AccountKind | None:
    """The account's kind: the shared vocabulary first, then the name rules."""
    kind = suggest_kind(account, category)
    if kind is not None:
        return kind
    for term in (normalise_name(account), normalise_name(category)):
        for pattern, rule_kind in _NAME_RULES:
            if term and re.search(pattern, term):
                return rule_kind
    return None


def is_da(account: str) -> bool:
    return bool(_DA.search(normalise_name(account)))


@dataclass(frozen=True)
class Parts:
    """An income statement folded by kind (costs positive)."""

    revenue: Decimal = ZERO
    other_income: Decimal = ZERO
    cogs: Decimal = ZERO
    opex: Decimal = ZERO
    da: Decimal = ZERO
    other_expense: Decimal = ZERO
    tax: Decimal = ZERO
    unknown: Decimal = ZERO  # accounts with no kind: kept apart, never in a metric


_SLOTS: dict[AccountKind, str] = {
    K.revenue: "revenue",
    K.other_income: "other_income",
    K.cost_of_sales: "cogs",
    K.operating_expense: "opex",
    K.other_expense: "other_expense",
    K.tax: "tax",
}


def fold(amounts: dict[str, Decimal], kinds: dict[str, AccountKind | None]) -> Parts:
    """Profit-signed account totals → the parts metrics are made of."""
    sums: dict[str, Decimal] = {}
    for account, amount in amounts.items():
        kind = kinds.get(account)
        slot = _SLOTS.get(kind) if kind else None
        if slot is None:
            if kind in NEVER_ADDED:
                continue  # never summed into a total
            slot = "unknown"
        value = amount if slot in ("revenue", "other_income", "unknown") else -amount
        sums[slot] = sums.get(slot, ZERO) + value
        if slot == "opex" and is_da(account):
            sums["da"] = sums.get("da", ZERO) + value
    return Parts(**sums)


@dataclass(frozen=True)
class MetricDef:
    name: str
    label: str
    definition: str
    percent: bool
    money: Callable[[Parts], Decimal] | None = None
    over: tuple[str, str] | None = None  # percent: (numerator, denominator)


def _gross(p: Parts) -> Decimal:
    return p.revenue - p.cogs


_MONEY = (
    MetricDef("revenue", "Revenue", "revenue accounts", False, lambda p: p.revenue),
    MetricDef("cogs", "Cost of sales", "cost of sales (COGS) accounts", False, lambda p: p.cogs),
    MetricDef("gross_profit", "Gross profit", "revenue - cost of sales", False, _gross),
    MetricDef(
        "opex",
        "Operating expenses",
        "operating expense accounts, depreciation and amortisation included",
        False,
        lambda p: p.opex,
    ),
    MetricDef(
        "ebitda",
        "EBITDA",
        "gross profit - operating expenses other than depreciation and amortisation",
        False,
        lambda p: _gross(p) - p.opex + p.da,
    ),
    MetricDef(
        "operating_income",
        "Operating income (EBIT)",
        "gross profit - operating expenses",
        False,
        lambda p: _gross(p) - p.opex,
    ),
    MetricDef(
        "net_income",
        "Net income",
        "revenue + other income - every cost (cost of sales, operating, interest and other "
        "expenses, income tax)",
        False,
        # Unclassified amounts are never added (as on the dashboard, which shows them apart).
        lambda p: p.revenue + p.other_income - p.cogs - p.opex - p.other_expense - p.tax,
    ),
    MetricDef(
        "other_income",
        "Other income",
        "other income accounts (interest and investment income, gains)",
        False,
        lambda p: p.other_income,
    ),
    MetricDef(
        "other_expense",
        "Other expenses",
        "other expense accounts (interest and finance costs, losses)",
        False,
        lambda p: p.other_expense,
    ),
    MetricDef(
        "pretax_income",
        "Income before tax",
        "operating income + other income - other expenses",
        False,
        lambda p: _gross(p) - p.opex + p.other_income - p.other_expense,
    ),
    MetricDef(
        "expenses",
        "Total expenses",
        "every cost: cost of sales, operating, interest and other expenses, income tax",
        False,
        lambda p: p.cogs + p.opex + p.other_expense + p.tax,
    ),
)
_PERCENT = (
    MetricDef(
        "gross_margin",
        "Gross margin",
        "gross profit ÷ revenue",
        True,
        over=("gross_profit", "revenue"),
    ),
    MetricDef(
        "ebitda_margin", "EBITDA margin", "EBITDA ÷ revenue", True, over=("ebitda", "revenue")
    ),
    MetricDef(
        "operating_margin",
        "Operating margin",
        "operating income ÷ revenue",
        True,
        over=("operating_income", "revenue"),
    ),
    MetricDef(
        "net_margin", "Net margin", "net income ÷ revenue", True, over=("net_income", "revenue")
    ),
    MetricDef(
        "opex_ratio", "Opex ratio", "operating expenses ÷ revenue", True, over=("opex", "revenue")
    ),
    MetricDef(
        "cogs_ratio",
        "Cost of sales ratio",
        "cost of sales ÷ revenue",
        True,
        over=("cogs", "revenue"),
    ),
)
METRICS: dict[str, MetricDef] = {m.name: m for m in _MONEY + _PERCENT}


def account_metric(account: str) -> MetricDef:
    """One account's total (costs shown positive)."""
    return MetricDef(f"account:{account}", account, f"the account “{account}”", False)


def ratio_metric(numerator: MetricDef, denominator: MetricDef) -> MetricDef:
    return MetricDef(
        f"ratio:{numerator.name}/{denominator.name}",
        f"{numerator.label} as % of {denominator.label.lower()}",
        f"{numerator.label} ÷ {denominator.label.lower()} ({numerator.definition}; "
        f"{denominator.definition})",
        True,
        over=(numerator.name, denominator.name),
    )


def lookup(name: str) -> MetricDef:
    if name.startswith("account:"):
        return account_metric(name.split(":", 1)[1])
    return METRICS[name]


def money_value(
    name: str, amounts: dict[str, Decimal], kinds: dict[str, AccountKind | None]
) -> Decimal:
    """A money metric (or one account) over profit-signed account totals."""
    if name.startswith("account:"):
        account = name.split(":", 1)[1]
        amount = amounts.get(account, ZERO)
        kind = kinds.get(account)
        if kind in (K.subtotal, K.non_financial):  # as stated; a subtotal of costs as a cost
            return -amount if _COST_WORDS.search(normalise_name(account)) else amount
        return amount if kind in (K.revenue, K.other_income, None) else -amount
    money = METRICS[name].money
    assert money is not None  # nosec B101
    return money(fold(amounts, kinds))


def value(
    metric: MetricDef, amounts: dict[str, Decimal], kinds: dict[str, AccountKind | None]
) -> Decimal | None:
    """The metric, unrounded; a percentage is None when its denominator is zero."""
    if metric.over is None:
        return money_value(metric.name, amounts, kinds)
    numerator = money_value(metric.over[0], amounts, kinds)
    denominator = money_value(metric.over[1], amounts, kinds)
    if denominator == 0:
        return None
    return numerator * 100 / abs(denominator)
