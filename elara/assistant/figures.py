"""Turning a plan into figures: every number from the ledger's account totals and the metric
definitions, never from anywhere else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from elara.assistant import metrics as m
from elara.assistant.ledger import Ledger, Where
from elara.assistant.plan import Plan
from elara.assistant.reading import holds, is_below
from elara.assistant.timeframe import Period
from elara.dashboard.service import DIMENSION_VALUES_SHOWN
from elara.finance.kinds import AccountKind

CENT = Decimal("0.01")
SUMMARY = (
    "revenue",
    "gross_profit",
    "gross_margin",
    "ebitda",
    "operating_income",
    "net_income",
    "net_margin",
)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: Decimal | None
    percent: bool
    points: bool = False  # a change of a percentage, in percentage points
    currency: str | None = None  # set when the user's figures are in several currencies
    metric: str | None = None  # the metric's label when one answer gives several metrics
    # a change's two ends (earlier, later), shown beside it: an account's change between periods
    ends: tuple[Decimal, Decimal] | None = None
    # the two ends' own labels when they are not the plan's two periods (month over month:
    # each month and the month before it)
    end_labels: tuple[str, str] | None = None


class Calculator:
    """Metric values for a scope and period, in one currency."""

    def __init__(
        self,
        ledger: Ledger,
        kinds: dict[str, AccountKind | None],
        currency: str | None,
        where: Where = (),
    ):
        self.ledger, self.kinds, self.currency, self.where = ledger, kinds, currency, where

    def within(self, where: Where) -> Calculator:
        """The same calculator over other dimension values (() = the whole scope)."""
        return Calculator(self.ledger, self.kinds, self.currency, where)

    def amounts(self, companies: Iterable[str], period: Period) -> dict[str, Decimal]:
        codes: list[str | None] = list(companies) or [None]
        out: dict[str, Decimal] = {}
        for code in codes:
            book = self.ledger.book(code, self.where)
            for account, amount in book.accounts(self.currency, period.start, period.end).items():
                out[account] = out.get(account, ZERO) + amount
        return out

    def value(
        self, metric: m.MetricDef, companies: Iterable[str], period: Period
    ) -> Decimal | None:
        return m.value(metric, self.amounts(companies, period), self.kinds)

    def has_data(self, companies: Iterable[str], period: Period) -> bool:
        codes: list[str | None] = list(companies) or [None]
        return any(
            self.ledger.book(c, self.where).months(self.currency, period.start, period.end)
            for c in codes
        )

    def buckets(self, companies: Iterable[str], period: Period, unit: str) -> dict[str, Period]:
        """The months (quarters, years) of the period that have data, by label."""
        codes: list[str | None] = list(companies) or [None]
        months: set[date] = set()
        for code in codes:
            months |= set(
                self.ledger.book(code, self.where).months(self.currency, period.start, period.end)
            )
        out: dict[str, Period] = {}
        for month in sorted(months):
            label, start, end = _bucket(month, unit)
            out[label] = Period(max(start, period.start), min(end, period.end), label)
        return out


def _bucket(month: date, unit: str) -> tuple[str, date, date]:
    from elara.core.periods import add_months, month_end

    if unit == "quarter":
        start = date(month.year, (month.month - 1) // 3 * 3 + 1, 1)
        return f"{start.year}-Q{(start.month + 2) // 3}", start, month_end(add_months(start, 2))
    if unit == "year":
        return str(month.year), date(month.year, 1, 1), date(month.year, 12, 31)
    return f"{month:%Y-%m}", month, month_end(month)


def compute(
    plan: Plan,
    calc: Calculator,
    visible: tuple[str, ...],
    dimensions: dict[str, tuple[str, ...]] | None = None,
) -> list[Figure]:
    """The figures a plan asks for (unrounded)."""
    dimensions = dimensions or {}
    metric = m.lookup(plan.metric or "revenue")
    if plan.denominator:
        metric = m.ratio_metric(m.lookup(plan.metric or "revenue"), m.lookup(plan.denominator))
    period = plan.period
    pct = metric.percent
    if plan.op in ("value", "ratio"):
        assert period is not None  # nosec B101
        return [Figure("value", metric.label, calc.value(metric, plan.companies, period), pct)]
    if plan.op in ("average", "series"):
        assert period is not None  # nosec B101
        unit = plan.granularity or "month"
        points = [
            Figure(label, label, calc.value(metric, plan.companies, sub), pct)
            for label, sub in calc.buckets(plan.companies, period, unit).items()
        ]
        if plan.op == "series":
            return points
        values = [p.value for p in points if p.value is not None]
        mean = sum(values, ZERO) / len(values) if values else None
        return [Figure("average", f"Average per {unit}", mean, pct)]
    if plan.op == "rank_period":  # the best (worst) months or quarters of the scope
        assert period is not None  # nosec B101
        unit = plan.granularity or "month"
        scored = [
            (label, calc.value(metric, plan.companies, sub))
            for label, sub in calc.buckets(plan.companies, period, unit).items()
        ]
        known = [(k, v) for k, v in scored if v is not None]
        known.sort(key=lambda kv: (kv[1], kv[0]) if plan.ascending else (-kv[1], kv[0]))
        return [Figure(k, k, v, pct) for k, v in top_with_ties(known, plan.top)]
    if plan.op == "mom":
        return _month_over_month(plan, calc, metric)
    if plan.op in ("compare", "difference") and plan.by:
        return _side_by_side(plan, calc, metric)
    if plan.op in ("compare", "difference"):
        assert period is not None  # nosec B101
        out = [Figure(c, c, calc.value(metric, [c], period), pct) for c in plan.companies]
        if plan.op == "difference" and len(out) == 2 and None not in (out[0].value, out[1].value):
            diff = out[0].value - out[1].value  # type: ignore[operator]
            out.append(Figure("difference", "Difference", diff, pct))
        return out
    if plan.op in ("rank", "which", "mix") and plan.by:
        return _by_dimension(plan, calc, metric, dimensions.get(plan.by, ()))
    if plan.op in ("rank", "which"):
        assert period is not None  # nosec B101
        scored = [
            (c, calc.value(metric, [c], period)) for c in visible if calc.has_data([c], period)
        ]
        known = [(c, v) for c, v in scored if v is not None]
        if plan.op == "which" and plan.condition:
            kept = [(c, v) for c, v in sorted(known) if within(v, plan)]
            return [Figure(c, c, v, pct) for c, v in kept]
        known.sort(key=lambda cv: (cv[1], cv[0]) if plan.ascending else (-cv[1], cv[0]))
        return [Figure(c, c, v, pct) for c, v in top_with_ties(known, plan.top)]
    if plan.op in ("change", "which_grew", "rank_change"):
        return _changes(plan, calc, visible, metric, dimensions.get(plan.by or "", ()))
    if plan.op == "share":
        assert period is not None  # nosec B101
        part = calc.value(metric, plan.companies, period)
        # a slice ("the Consumer segment") is a share of the same companies' whole: of every
        # value of its dimension when they are all known (not of records without a segment)
        whole = calc.within(share_whole(plan.where, dimensions)).value(
            metric, plan.companies if plan.where else (), period
        )
        share = None if not whole or part is None else part * 100 / whole
        return [Figure("share", f"Share of {metric.label.lower()}", share, True)]
    if plan.op == "why":
        return _why(plan, calc)
    if plan.op == "accounts":
        assert period is not None  # nosec B101
        amounts = calc.amounts(plan.companies, period)
        costs = [
            (a, m.money_value(f"account:{a}", amounts, calc.kinds))
            for a in amounts
            if calc.kinds.get(a) in m.COSTS
        ]
        costs.sort(key=lambda av: (-av[1], av[0]))
        return [Figure(a, a, v, False) for a, v in top_with_ties(costs, plan.top)]
    if plan.op == "account_change":
        return _account_changes(plan, calc)
    if plan.op == "summary":
        assert period is not None  # nosec B101
        amounts = calc.amounts(plan.companies, period)
        return [
            Figure(
                name,
                m.METRICS[name].label,
                m.value(m.METRICS[name], amounts, calc.kinds),
                m.METRICS[name].percent,
            )
            for name in SUMMARY
        ]
    if plan.op == "mix":
        assert period is not None  # nosec B101
        whole = calc.value(metric, (), period)
        parts = [
            (c, calc.value(metric, [c], period)) for c in visible if calc.has_data([c], period)
        ]
        return [
            Figure(c, c, None if not whole or v is None else v * 100 / whole, True)
            for c, v in sorted(parts, key=lambda cv: (-(cv[1] or 0), cv[0]))
        ]
    raise ValueError(plan.op)


def _month_over_month(plan: Plan, calc: Calculator, metric: m.MetricDef) -> list[Figure]:
    """Each month of the period against the month before it (the first month against the one
    before the period, when that has data); a month without data on either side has none.
    Ranked when the plan has a top: falls only ("below 0") or rises only ("above 0")."""
    from elara.core.periods import add_months

    assert plan.period is not None  # nosec B101
    period = plan.period
    wider = Period(add_months(period.start.replace(day=1), -1), period.end, period.label)
    months = calc.buckets(plan.companies, wider, "month")
    values = {sub.start: calc.value(metric, plan.companies, sub) for sub in months.values()}
    labels = {sub.start: label for label, sub in months.items()}
    changes: list[tuple[str, Decimal | None]] = []
    # each month's change with both months' amounts (the month before, the month)
    ends: dict[str, tuple[tuple[Decimal, Decimal], tuple[str, str]] | None] = {}
    for label, sub in months.items():
        before = add_months(sub.start, -1)
        if sub.start < period.start or before not in values:
            continue
        a, b = values[before], values[sub.start]
        changes.append((label, None if a is None or b is None else b - a))
        ends[label] = None if a is None or b is None else ((a, b), (labels[before], label))
    pct = metric.percent

    def figure(key: str, change: Decimal | None) -> Figure:
        both = ends.get(key)
        return Figure(
            key, key, change, pct, points=pct,
            ends=both[0] if both else None, end_labels=both[1] if both else None,
        )  # fmt: skip

    if not plan.top:
        return [figure(k, v) for k, v in changes]
    known = [(k, v) for k, v in changes if v is not None]
    if plan.condition:
        side, limit = plan.condition
        known = [(k, v) for k, v in known if holds(v, (side, limit))]
    known.sort(key=lambda kv: (kv[1], kv[0]) if plan.ascending else (-kv[1], kv[0]))
    return [figure(k, v) for k, v in known[: plan.top]]


def _side_by_side(plan: Plan, calc: Calculator, metric: m.MetricDef) -> list[Figure]:
    """Named values of one dimension ("West vs East"), each on its own, and their difference."""
    assert plan.period is not None and plan.by is not None  # nosec B101
    others = tuple(pair for pair in plan.where if pair[0] != plan.by)
    out = []
    for name, option in plan.where:
        if name == plan.by:
            sub = calc.within((*others, (name, option)))
            out.append(
                Figure(
                    option, option, sub.value(metric, plan.companies, plan.period), metric.percent
                )
            )
    if plan.op == "difference" and len(out) == 2 and None not in (out[0].value, out[1].value):
        diff = out[0].value - out[1].value  # type: ignore[operator]
        out.append(Figure("difference", "Difference", diff, metric.percent))
    return out


def _by_dimension(
    plan: Plan, calc: Calculator, metric: m.MetricDef, values: tuple[str, ...]
) -> list[Figure]:
    """Rank (or pick, or share out) the values of one imported dimension, within the scope."""
    assert plan.period is not None and plan.by is not None  # nosec B101
    period, pct = plan.period, metric.percent
    known = []
    for option in values:
        sub = calc.within((*calc.where, (plan.by, option)))
        if sub.has_data(plan.companies, period):
            v = sub.value(metric, plan.companies, period)
            if v is not None:
                known.append((option, v))
    if plan.op == "which" and plan.condition:
        kept = [(k, v) for k, v in sorted(known) if within(v, plan)]
        return [Figure(k, k, v, pct) for k, v in kept]
    if plan.op == "mix":
        whole = sum((v for _, v in known), ZERO)
        known.sort(key=lambda kv: (-kv[1], kv[0]))
        return [Figure(k, k, v * 100 / whole if whole else None, True) for k, v in known]
    known.sort(key=lambda kv: (kv[1], kv[0]) if plan.ascending else (-kv[1], kv[0]))
    return [Figure(k, k, v, pct) for k, v in top_with_ties(known, plan.top)]


def share_whole(where: Where, dimensions: dict[str, tuple[str, ...]]) -> Where:
    """What a slice's share is of: one dimension's value ("Segment Government") is a share of
    every value of that dimension (records of other datasets, which have no segment, are
    no part of it), when its values are all known; else of the whole scope (())."""
    if len(where) != 1:
        return ()
    name = where[0][0]
    values = dimensions.get(name, ())
    if not values or len(values) >= DIMENSION_VALUES_SHOWN:
        return ()
    return tuple((name, value) for value in values)


def within(value: Decimal, plan: Plan) -> bool:
    """Whether a value meets a "which" plan's condition, and its upper end when it has one."""
    assert plan.condition is not None  # nosec B101
    return holds(value, plan.condition) and (plan.upper is None or value <= plan.upper)


def top_with_ties(ranked: list[Any], top: int | None) -> list[Any]:
    """The first `top` of a ranking of (key, value, ...) items, and every further item whose
    value ties the last one kept: "top 3" never drops a company level with the third."""
    if not top or top >= len(ranked):
        return list(ranked)
    last = ranked[top - 1][1]
    return ranked[:top] + [item for item in ranked[top:] if item[1] == last]


def _changes(
    plan: Plan,
    calc: Calculator,
    visible: tuple[str, ...],
    metric: m.MetricDef,
    dims: tuple[str, ...] = (),
) -> list[Figure]:
    assert plan.periods is not None  # nosec B101
    first, second = plan.periods
    pct = metric.percent
    if plan.op == "change":
        a = calc.value(metric, plan.companies, first)
        b = calc.value(metric, plan.companies, second)
        out = [Figure("from", first.label, a, pct), Figure("to", second.label, b, pct)]
        if a is not None and b is not None:
            label = "Change in percentage points" if pct else "Change"
            out.append(Figure("change", label, b - a, pct, points=pct))
            if not pct and a != 0:
                out.append(Figure("pct", "Change in %", (b - a) * 100 / abs(a), True))
        return out
    deltas = []
    if plan.by:  # the values of a dimension, within the companies named
        units = [(v, calc.within((*calc.where, (plan.by, v))), list(plan.companies)) for v in dims]
    else:
        units = [(code, calc, [code]) for code in visible]
    rate = plan.percent and not pct  # growth in percent; a margin's change stays in points
    for key, sub, scope in units:
        a, b = sub.value(metric, scope, first), sub.value(metric, scope, second)
        if a is not None and b is not None and sub.has_data(scope, second):
            if rate and a == 0:
                continue  # no growth rate from nothing
            deltas.append((key, (b - a) * 100 / abs(a) if rate else b - a, (a, b)))
    points = pct and not rate  # a margin's change, in percentage points
    pct = pct or rate
    if plan.op == "which_grew":
        side, limit = plan.condition or ("above", Decimal(0))
        kept = [x for x in sorted(deltas) if holds(x[1], (side, limit))]
    else:
        if plan.condition:  # "the largest increase": rises only, never a fall named instead
            side, limit = plan.condition
            deltas = [x for x in deltas if holds(x[1], (side, limit))]
        deltas.sort(key=lambda x: (x[1], x[0]) if plan.ascending else (-x[1], x[0]))
        kept = top_with_ties(deltas, plan.top)
    # each keeps both periods' amounts (the metric's values, earlier and later)
    return [Figure(c, c, d, pct, points=points, ends=ends) for c, d, ends in kept]


# the accounts a change of these metrics is made of; any other metric (a profit, a margin) is
# explained by every account
WHY_WITHIN: dict[str, tuple[m.AccountKind | None, ...]] = {
    "revenue": (m.K.revenue,),
    "cogs": (m.K.cost_of_sales,),
    "opex": (m.K.operating_expense,),
    "expenses": m.COSTS,
}


def _why(plan: Plan, calc: Calculator) -> list[Figure]:
    assert plan.periods is not None  # nosec B101
    first, second = plan.periods
    a, b = calc.amounts(plan.companies, first), calc.amounts(plan.companies, second)
    within = WHY_WITHIN.get(plan.metric or "")  # "why is opex up": the opex accounts only
    deltas = []
    for account in sorted(set(a) | set(b)):
        if calc.kinds.get(account) in m.NEVER_ADDED:
            continue  # a statement's own subtotal lines restate the accounts that changed
        if within is not None and calc.kinds.get(account) not in within:
            continue
        metric = m.account_metric(account)
        before = m.value(metric, a, calc.kinds) or ZERO
        after = m.value(metric, b, calc.kinds) or ZERO
        deltas.append((account, after - before))
    deltas.sort(key=lambda ad: (-abs(ad[1]), ad[0]))
    return [Figure(acc, acc, d, False) for acc, d in deltas[:3]]


def _account_changes(plan: Plan, calc: Calculator) -> list[Figure]:
    """The cost accounts (within cost of sales or opex when the plan names one) ranked by their
    change in amount from the first period to the second, costs positive; each figure keeps
    both periods' amounts: rises only ("above 0", largest first unless ascending) or falls only
    ("below 0", largest first when ascending); without a condition, the largest either way."""
    assert plan.periods is not None  # nosec B101
    first, second = plan.periods
    a, b = calc.amounts(plan.companies, first), calc.amounts(plan.companies, second)
    within = WHY_WITHIN.get(plan.metric or "expenses", m.COSTS)
    moved = []
    for account in sorted(set(a) | set(b)):
        if calc.kinds.get(account) not in within or calc.kinds.get(account) not in m.COSTS:
            continue
        before = m.money_value(f"account:{account}", a, calc.kinds)
        after = m.money_value(f"account:{account}", b, calc.kinds)
        change = after - before
        if plan.condition and (change >= 0 if is_below(plan.condition[0]) else change <= 0):
            continue  # "fell the most": falls only; "grew the most": rises only
        moved.append((account, change, before, after))
    if plan.condition is None:  # "changed the most": the largest changes either way first
        moved.sort(key=lambda x: (-abs(x[1]), x[0]))
    else:
        moved.sort(key=lambda x: (x[1], x[0]) if plan.ascending else (-x[1], x[0]))
    return [
        Figure(acc, acc, change, False, ends=(before, after))
        for acc, change, before, after in moved[: plan.top or len(moved)]
    ]
