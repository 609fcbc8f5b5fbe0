"""The independent oracle of the analyst evaluation: plain Decimal arithmetic over the generated
rows and the true account kinds of `analyst_data.py`. It never imports the assistant.

Metric definitions (the ones docs/assistant.md states):
revenue; cogs; gross_profit = revenue - cogs; opex = salaries + rent + marketing + depreciation;
ebitda = gross_profit - (opex without depreciation); operating_income = gross_profit - opex;
net_income = revenue - every cost; expenses = every cost; *_margin = metric / revenue x 100;
opex_ratio = opex / revenue x 100; "account:<name>" = that account (costs positive).
A change ranked per company, dimension value or cost account is "change [earlier -> later]": each
ranked figure must carry both periods' amounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tests.assistant.analyst_data import COMPANIES, KIND_OF, MONEY_IN, MONEY_OUT, SIDE_OF, Row

CENT = Decimal("0.01")
ZERO = Decimal(0)
MARGINS = {
    "gross_margin": "gross_profit",
    "ebitda_margin": "ebitda",
    "operating_margin": "operating_income",
    "net_margin": "net_income",
    "opex_ratio": "opex",
    "cogs_ratio": "cogs",
}


WHY_WITHIN = {
    "revenue": {"revenue"},
    "cogs": {"cogs"},
    "opex": {"opex", "da"},
    "expenses": {"cogs", "opex", "da", "interest", "tax"},
}


def q(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def moved(change: Decimal, before: Decimal, after: Decimal) -> str:
    """A change between two periods as judged: the change and both periods' amounts."""
    return f"{q(change)} [{q(before)} -> {q(after)}]"


def pct(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole == 0 else part * 100 / whole


def d(text: Any) -> date:
    return text if isinstance(text, date) else date.fromisoformat(str(text))


WHERE: dict[str, str] = {}  # the dimension filter of the spec being computed (see `expected`)


def pick(rows: Iterable[Row], companies: Iterable[str] = (), period: Any = None) -> list[Row]:
    wanted = set(companies)
    start, end = (d(period[0]), d(period[1])) if period else (date.min, date.max)
    where = set(WHERE.items())
    return [
        r
        for r in rows
        if (not wanted or r.company in wanted) and start <= r.day <= end and where <= set(r.dims)
    ]


def by_kind(rows: list[Row]) -> dict[str, Decimal]:
    """Amounts per true kind, costs as positive numbers."""
    out: dict[str, Decimal] = {}
    for row in rows:
        kind = KIND_OF.get(row.account)
        if kind is None or kind == "subtotal":
            continue  # subtotals, balances and bank statement lines are never in a metric
        amount = row.amount if kind == "revenue" else -row.amount
        out[kind] = out.get(kind, ZERO) + amount
    return out


def money_metric(rows: list[Row], metric: str) -> Decimal:
    if metric.startswith("account:"):
        name = metric.split(":", 1)[1]
        cost = KIND_OF[name] != "revenue" and not (
            KIND_OF[name] == "subtotal" and "expense" not in name.lower()
        )  # a subtotal is shown as stated, a subtotal of costs as a positive cost
        return sum((-r.amount if cost else r.amount) for r in rows if r.account == name) or ZERO
    k = by_kind(rows)
    g = lambda name: k.get(name, ZERO)  # noqa: E731
    gross = g("revenue") - g("cogs")
    return {
        "revenue": g("revenue"),
        "cogs": g("cogs"),
        "gross_profit": gross,
        "opex": g("opex") + g("da"),
        "ebitda": gross - g("opex"),
        "operating_income": gross - g("opex") - g("da"),
        "net_income": gross - g("opex") - g("da") - g("interest") - g("tax"),
        "expenses": sum((v for n, v in k.items() if n != "revenue"), ZERO),
    }[metric]


def metric_value(rows: list[Row], metric: str) -> Decimal | None:
    """Money or a percentage of revenue, unrounded."""
    if metric in MARGINS:
        return pct(money_metric(rows, MARGINS[metric]), money_metric(rows, "revenue"))
    return money_metric(rows, metric)


def value(rows: list[Row], metric: str, companies: Iterable[str], period: Any) -> Decimal | None:
    return metric_value(pick(rows, companies, period), metric)


def per_company(
    rows: list[Row], metric: str, period: Any, codes: Iterable[str]
) -> dict[str, Decimal]:
    out = {}
    for code in codes:
        v = value(rows, metric, [code], period)
        if v is not None:
            out[code] = v
    return out


def month_start(day: date) -> date:
    return day.replace(day=1)


def series_label(day: date, granularity: str) -> str:
    if granularity == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if granularity == "year":
        return str(day.year)
    return f"{day:%Y-%m}"


def expected(spec: dict[str, Any], rows: list[Row]) -> dict[str, Any]:
    """What the assistant must report: ordered (key, value) pairs as strings. `where`
    ({dimension: value}) narrows every figure; `by` ranks a dimension's values, not companies."""
    WHERE.clear()
    WHERE.update(spec.get("where") or {})
    try:
        if spec.get("by"):
            return _by_dimension(spec, rows)
        if spec["op"] == "share" and WHERE:
            part = value(
                rows, spec.get("metric", "revenue"), spec.get("companies") or [], spec.get("period")
            )
            WHERE.clear()
            whole = value(
                rows, spec.get("metric", "revenue"), spec.get("companies") or [], spec.get("period")
            )
            return {"share": q(pct(part, whole))}
        return _expected(spec, rows)
    finally:
        WHERE.clear()


# "below" / "above" leave the limit out; "at or below" ("at most", "no more than", "up to")
# and "at or above" ("at least") take it in
CONDITIONS: dict[str, Callable[[Decimal], Callable[[Decimal], bool]]] = {
    "below": lambda limit: lambda v: v < limit,
    "above": lambda limit: lambda v: v > limit,
    "at or below": lambda limit: lambda v: v <= limit,
    "at or above": lambda limit: lambda v: v >= limit,
}


def condition_test(spec: dict[str, Any]) -> Callable[[Decimal], bool]:
    """The `which` condition of a spec; "between" (batch 10 on) takes [low, high], both ends in."""
    if spec["condition"] == "between":
        low, high = (Decimal(str(t)) for t in spec["threshold"])
        return lambda v: low <= v <= high
    return CONDITIONS[spec["condition"]](Decimal(str(spec.get("threshold", 0))))


def _by_dimension(spec: dict[str, Any], rows: list[Row]) -> dict[str, Any]:
    """Rank (or pick) the values of one dimension by the metric, within the companies named."""
    name, metric = spec["by"], spec.get("metric", "revenue")
    companies, period = spec.get("companies") or [], spec.get("period")
    if spec["op"] in ("rank_change", "which_grew"):
        return _dimension_changes(spec, rows)
    values: dict[str, Decimal] = {}
    for option in sorted({dict(r.dims)[name] for r in pick(rows, companies, period)}):
        WHERE[name] = option
        v = value(rows, metric, companies, period)
        if v is not None:
            values[option] = v
    if spec["op"] == "which":
        test = condition_test(spec)
        return {k: q(v) for k, v in sorted(values.items()) if test(v)}
    if spec["op"] == "compare":  # named values of the dimension, side by side
        return {k: q(values[k]) for k in spec["values"]}
    if spec["op"] == "mix":
        whole = sum(values.values(), ZERO)
        ranked = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
        return {k: q(pct(v, whole)) for k, v in ranked}
    desc = spec.get("order", "desc") == "desc"
    ranked = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]) if desc else (kv[1], kv[0]))
    return {k: q(v) for k, v in ranked[: spec.get("top", len(ranked))]}


def _dimension_changes(spec: dict[str, Any], rows: list[Row]) -> dict[str, Any]:
    name, metric = spec["by"], spec.get("metric", "revenue")
    companies, (first, second) = spec.get("companies") or [], spec["periods"]
    changes: dict[str, Decimal] = {}
    ends: dict[str, tuple[Decimal, Decimal]] = {}
    for option in sorted({dict(r.dims)[name] for r in pick(rows, companies, second)}):
        WHERE[name] = option
        before = value(rows, metric, companies, first)
        after = value(rows, metric, companies, second)
        changes[option], ends[option] = after - before, (before, after)
        if spec.get("percent"):  # growth in percent ("grew fastest")
            changes[option] = pct(changes[option], abs(before))
    if spec["op"] == "which_grew":
        return {k: moved(v, *ends[k]) for k, v in sorted(changes.items()) if v > 0}
    desc = spec.get("order", "desc") == "desc"  # asc: the largest falls first ("drove the drop")
    ranked = sorted(changes.items(), key=lambda kv: (-kv[1], kv[0]) if desc else (kv[1], kv[0]))
    return {k: moved(v, *ends[k]) for k, v in ranked[: spec.get("top", len(ranked))]}


def _expected(spec: dict[str, Any], rows: list[Row]) -> dict[str, Any]:
    op, metric = spec["op"], spec.get("metric", "revenue")
    companies = spec.get("companies") or []
    visible = sorted({r.company for r in rows})
    period = spec.get("period")
    if op == "value":
        return {"value": q(value(rows, metric, companies, period))}
    if op == "balance":
        return {"value": q(balance(rows, spec["measure"], companies, d(spec["at"])))}
    if op == "balance_ratio":  # the current ratio, quick ratio, debt to equity (parts added)
        return {"value": q(ratio(rows, spec["measure"], companies, d(spec["at"])))}
    if op == "balance_rank":  # each company with a balance by then, at its own latest date
        at, measure = d(spec["at"]), spec["measure"]
        codes = companies or sorted({r.company for r in rows if r.account in SIDE_OF})
        of = ratio if measure in RATIOS else balance
        values = {c: of(rows, measure, [c], at) for c in codes if _closing(rows, c, at)}
        desc = spec.get("order", "desc") == "desc"
        ranked = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]) if desc else (kv[1], kv[0]))
        return {k: q(v) for k, v in ranked[: spec.get("top", len(ranked))]}
    if op == "bank":
        return {"value": q(bank(pick(rows, companies, period), spec["measure"]))}
    if op == "average":
        unit = spec.get("granularity", "month")
        buckets: dict[str, list[Row]] = {}
        for r in pick(rows, companies, period):
            buckets.setdefault(series_label(r.day, unit), []).append(r)
        values = [metric_value(b, metric) for b in buckets.values()]
        return {"average": q(sum(values, ZERO) / len(values))}
    if op == "series":
        unit = spec.get("granularity", "month")
        buckets = {}
        for r in pick(rows, companies, period):
            buckets.setdefault(series_label(r.day, unit), []).append(r)
        return {k: q(metric_value(buckets[k], metric)) for k in sorted(buckets)}
    if op == "compare":
        return {c: q(value(rows, metric, [c], period)) for c in companies}
    if op == "difference":
        a, b = (value(rows, metric, [c], period) for c in companies)
        return {companies[0]: q(a), companies[1]: q(b), "difference": q(a - b)}
    if op == "rank":
        values = per_company(rows, metric, period, visible)
        desc = spec.get("order", "desc") == "desc"
        ranked = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]) if desc else (kv[1], kv[0]))
        return {k: q(v) for k, v in ranked[: spec.get("top", len(ranked))]}
    if op == "which":
        values = per_company(rows, metric, period, visible)
        test = condition_test(spec)
        return {k: q(v) for k, v in sorted(values.items()) if test(v)}
    if op in ("change", "which_grew", "rank_change"):
        return _changes(spec, rows, metric, companies, visible)
    if op == "mix":  # each company's share of the total over them (batch 9 on), largest first
        parts = per_company(rows, metric, period, companies or visible)
        whole = sum(parts.values(), ZERO)
        ranked = sorted(parts.items(), key=lambda kv: (-kv[1], kv[0]))
        return {k: q(pct(v, whole)) for k, v in ranked}
    if op == "mom":  # each month against the month before (the first against the one before)
        start = d(period[0]) if period else date.min
        months: dict[date, list[Row]] = {}
        for r in pick(rows, companies, None):
            if r.day <= (d(period[1]) if period else date.max):
                months.setdefault(month_start(r.day), []).append(r)
        changes, ends = {}, {}
        for month, bucket in sorted(months.items()):
            before = (month - timedelta(days=1)).replace(day=1)
            if month >= start and before in months:
                now, then = metric_value(bucket, metric), metric_value(months[before], metric)
                changes[f"{month:%Y-%m}"] = now - then
                ends[f"{month:%Y-%m}"] = (then, now)  # both months' amounts (batch 8 on)
        if not spec.get("top"):
            return {k: moved(v, *ends[k]) for k, v in changes.items()}
        side = spec.get("sign")  # "falls" or "rises" only
        kept = [
            kv
            for kv in changes.items()
            if not side or (kv[1] < 0 if side == "falls" else kv[1] > 0)
        ]
        asc = spec.get("order") == "asc"
        kept.sort(key=lambda kv: (kv[1], kv[0]) if asc else (-kv[1], kv[0]))
        return {k: moved(v, *ends[k]) for k, v in kept[: spec["top"]]}
    if op == "rank_period":  # the best / worst months or quarters of one scope
        unit = spec.get("granularity", "month")
        buckets = {}
        for r in pick(rows, companies, period):
            buckets.setdefault(series_label(r.day, unit), []).append(r)
        points = {k: metric_value(b, metric) for k, b in buckets.items()}
        desc = spec.get("order", "desc") == "desc"
        ranked = sorted(points.items(), key=lambda kv: (-kv[1], kv[0]) if desc else (kv[1], kv[0]))
        return {k: q(v) for k, v in ranked[: spec.get("top", len(ranked))]}
    if op == "accounts":  # the largest cost accounts, costs positive
        costs = {
            a: value(rows, f"account:{a}", companies, period)
            for a, kind in KIND_OF.items()
            if kind not in ("revenue", "subtotal")
        }
        ranked = sorted(costs.items(), key=lambda kv: (-kv[1], kv[0]))
        return {k: q(v) for k, v in ranked[: spec.get("top", len(ranked))]}
    if op == "account_change":  # cost accounts ranked by their change between two periods
        first, second = spec["periods"]
        within = WHY_WITHIN[spec.get("metric", "expenses")]
        ends = {
            a: (
                value(rows, f"account:{a}", companies, first),
                value(rows, f"account:{a}", companies, second),
            )
            for a, kind in KIND_OF.items()
            if kind in within
        }
        moves = {a: after - before for a, (before, after) in ends.items()}
        desc = spec.get("order", "desc") == "desc"  # asc: the largest falls first
        side = spec.get("sign")  # "rises" or "falls" only ("grew / fell the most")
        if side:
            moves = {k: v for k, v in moves.items() if (v > 0 if side == "rises" else v < 0)}
        ranked = sorted(moves.items(), key=lambda kv: (-kv[1], kv[0]) if desc else (kv[1], kv[0]))
        if not side:  # "changed the most": the largest changes either way
            ranked = sorted(moves.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        return {k: moved(v, *ends[k]) for k, v in ranked[: spec.get("top", len(ranked))]}
    if op == "share":
        part = value(rows, metric, companies, period)
        whole_metric = spec.get("whole_metric", metric)
        whole = value(
            rows,
            whole_metric,
            spec.get("whole_companies", companies if whole_metric != metric else []),
            period,
        )
        return {"share": q(pct(part, whole))}
    if op == "ratio":
        num = value(rows, spec["numerator"], companies, period)
        den = value(rows, spec["denominator"], companies, period)
        return {"ratio": q(pct(num, den))}
    if op == "why":
        first, second = spec["periods"]
        deltas = {}
        # "why is opex up": that metric's accounts only; a profit or margin: every account
        within = WHY_WITHIN.get(spec.get("metric", ""), {k for k in KIND_OF.values()})
        for account in (a for a, kind in KIND_OF.items() if kind != "subtotal" and kind in within):
            a = value(rows, f"account:{account}", companies, first)
            b = value(rows, f"account:{account}", companies, second)
            deltas[account] = b - a
        top = sorted(deltas.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:3]
        return {k: q(v) for k, v in top}
    raise ValueError(op)


def _changes(spec, rows, metric, companies, visible):  # type: ignore[no-untyped-def]
    first, second = spec["periods"]
    if spec["op"] == "change":
        a = value(rows, metric, companies, first)
        b = value(rows, metric, companies, second)
        out = {"from": q(a), "to": q(b), "change": q(b - a)}
        p = pct(b - a, abs(a))
        if p is not None and metric not in MARGINS:
            out["pct"] = q(p)
        return out
    ends = {c: (value(rows, metric, [c], first), value(rows, metric, [c], second)) for c in visible}
    changes = {c: after - before for c, (before, after) in ends.items()}
    if spec.get("percent"):  # ranked by percentage growth ("grew fastest")
        changes = {c: pct(v, abs(ends[c][0])) for c, v in changes.items()}
    if spec["op"] == "which_grew":
        return {c: moved(v, *ends[c]) for c, v in sorted(changes.items()) if v > 0}
    side = spec.get("sign")  # "rises" or "falls": only those that moved that way are ranked
    if side:
        changes = {c: v for c, v in changes.items() if (v > 0 if side == "rises" else v < 0)}
    desc = spec.get("order", "desc") == "desc"
    ranked = sorted(changes.items(), key=lambda kv: (-kv[1], kv[0]) if desc else (kv[1], kv[0]))
    return {k: moved(v, *ends[k]) for k, v in ranked[: spec.get("top", 1)]}


# What each balance measure adds up, as (side, current, what) patterns ("" matches anything),
# and whether its size is the credit (liabilities and equity are stored negative).
BALANCES: dict[str, tuple[tuple[str, str, str], bool]] = {
    "total_assets": (("asset", "", ""), False),
    "current_assets": (("asset", "current", ""), False),
    "cash": (("asset", "current", "cash"), False),
    "receivables": (("asset", "current", "receivable"), False),
    "inventory": (("asset", "current", "inventory"), False),
    "total_liabilities": (("liability", "", ""), True),
    "current_liabilities": (("liability", "current", ""), True),
    "payables": (("liability", "current", "payable"), True),
    "debt": (("liability", "", "debt"), True),
    "equity": (("equity", "", ""), True),
}


def _closing(rows: list[Row], code: str, at: date) -> list[Row]:
    """One company's balance rows at its latest balance date on or before `at`."""
    mine = [r for r in rows if r.company == code and r.account in SIDE_OF and r.day <= at]
    if not mine:
        return []
    last = max(r.day for r in mine)
    return [r for r in mine if r.day == last]


def balance(rows: list[Row], measure: str, companies: Iterable[str], at: date) -> Decimal:
    """The measure over the companies (every one with balances when none is named), each at its
    latest balance date on or before `at`; working capital = current assets - current
    liabilities."""
    codes = list(companies) or sorted({r.company for r in rows if r.account in SIDE_OF})
    total = ZERO
    for code in codes:
        closing = _closing(rows, code, at)
        if measure == "working_capital":
            total += sum((r.amount for r in closing if SIDE_OF[r.account][1] == "current"), ZERO)
            continue
        want, credit = BALANCES[measure]
        found = sum(
            (
                r.amount
                for r in closing
                if all(w in ("", got) for w, got in zip(want, SIDE_OF[r.account], strict=True))
            ),
            ZERO,
        )
        total += -found if credit else found
    return total


# ratios of two balances: (numerator, taken from it, denominator)
RATIOS = {
    "current_ratio": ("current_assets", None, "current_liabilities"),
    "quick_ratio": ("current_assets", "inventory", "current_liabilities"),
    "debt_to_equity": ("debt", None, "equity"),
}


def ratio(rows: list[Row], measure: str, companies: Iterable[str], at: date) -> Decimal:
    """A ratio of the companies' balances (their parts added), each at its latest balance date
    on or before `at`."""
    over, less, under = RATIOS[measure]
    codes = list(companies)
    top = balance(rows, over, codes, at) - (balance(rows, less, codes, at) if less else ZERO)
    return top / balance(rows, under, codes, at)


def bank(rows: list[Row], measure: str) -> Decimal:
    """A bank statement's money in, money out (as a positive size) or net cash flow."""
    got_in = sum((r.amount for r in rows if r.account == MONEY_IN), ZERO)
    got_out = sum((r.amount for r in rows if r.account == MONEY_OUT), ZERO)
    return {"in": got_in, "out": -got_out, "net": got_in + got_out}[measure]


def names() -> dict[str, str]:
    return dict(COMPANIES)
