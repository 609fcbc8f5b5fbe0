"""Growth between two periods and shares of a whole."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from elara.assistant.answers import (
    Answer,
    chart,
    describe,
    entry,
    exact,
    metric_query,
    metric_value,
    money,
    percent,
    ratio,
    show,
)
from elara.assistant.intent import Intent, Metric, Period
from elara.assistant.port import FinancialData, Query


def _value_by_currency(
    data: FinancialData, metric: Metric, query: Query
) -> dict[str | None, Decimal | None]:
    return {t.currency: metric_value(metric, t) for t in data.totals(metric_query(metric, query))}


def answer_growth(intent: Intent, data: FinancialData) -> Answer:
    """A metric in an earlier and a later period: the change, absolute and in percent."""
    if intent.periods is None:
        raise ValueError("a growth intent names two periods")
    earlier, later = intent.periods
    metric = intent.metric
    groups = [(c,) for c in intent.companies] if len(intent.companies) > 1 else [intent.companies]
    parts, values, datasets = [], [], []
    for companies in groups:
        query = Query(companies=companies)
        before = _value_by_currency(data, metric, query.within(earlier))
        after = _value_by_currency(data, metric, query.within(later))
        for currency in sorted(set(before) | set(after), key=str) or [None]:
            old, new = before.get(currency), after.get(currency)
            name = " and ".join(companies) or "all companies you can see"
            parts.append(f"{name}: {_change_text(metric, old, new, currency, earlier, later)}")
            values += _growth_entries(metric, old, new, currency, earlier, later, companies)
            datasets.append((f"{name} {currency or ''}".strip(), [old, new]))
    span = Query(companies=intent.companies, date_from=earlier.start, date_to=later.end)
    what = f"{metric.label} from {earlier.label} to {later.label}"
    return Answer(
        True,
        f"{what}. " + " ".join(parts),
        f"Computed {metric.label.lower()} for {earlier.start} to {earlier.end} and "
        f"for {later.start} to {later.end}; {describe(metric_query(metric, span))}.",
        chart("bar", [earlier.label, later.label], datasets),
        metric_query(metric, span).as_params(),
        values,
    )


def _change_text(
    metric: Metric,
    old: Decimal | None,
    new: Decimal | None,
    currency: str | None,
    earlier: Period,
    later: Period,
) -> str:
    shown = (
        f"{show(metric, old, currency)} in {earlier.label}, "
        f"{show(metric, new, currency)} in {later.label}"
    )
    if metric.is_ratio:
        if old is None or new is None:
            return shown + "; the change is undefined."
        return shown + f", a change of {exact(new - old)} percentage points."
    old, new = old or Decimal(0), new or Decimal(0)
    change, pct = new - old, ratio(new - old, old)
    sign = "+" if change > 0 else ""
    growth = "n/a (nothing in the earlier period)" if pct is None else f"{sign}{percent(pct)}"
    return shown + f": a change of {sign}{money(change, currency)} ({growth})."


def _growth_entries(
    metric: Metric,
    old: Decimal | None,
    new: Decimal | None,
    currency: str | None,
    earlier: Period,
    later: Period,
    companies: tuple[str, ...],
) -> list[dict[str, object]]:
    prefix = f"{' and '.join(companies)} " if companies else ""
    out = [
        entry(prefix + earlier.label, old, currency, metric),
        entry(prefix + later.label, new, currency, metric),
    ]
    if metric.is_ratio:
        points = None if old is None or new is None else new - old
        out.append(entry(prefix + "change (points)", points, None, unit="points"))
    else:
        old, new = old or Decimal(0), new or Decimal(0)
        out.append(entry(prefix + "change", new - old, currency, metric))
        out.append(entry(prefix + "growth %", ratio(new - old, old), None, unit="percent"))
    return out


def answer_growth_ranking(intent: Intent, data: FinancialData) -> Answer:
    """Groups ranked by the growth of a metric between two periods, in percent."""
    if intent.periods is None:
        raise ValueError("a growth ranking names two periods")
    earlier, later = intent.periods
    query = metric_query(intent.metric, Query(companies=intent.companies))
    before = data.ranking(query.within(earlier), by=intent.group_by)
    after = data.ranking(query.within(later), by=intent.group_by)
    rows = []
    for group in sorted(set(before) | set(after)):
        olds = {t.currency: metric_value(intent.metric, t) for t in before.get(group, [])}
        news = {t.currency: metric_value(intent.metric, t) for t in after.get(group, [])}
        for currency in sorted(set(olds) | set(news), key=str):
            old, new = olds.get(currency) or Decimal(0), news.get(currency) or Decimal(0)
            growth = ratio(new - old, old)
            if growth is not None:
                rows.append((group, currency, old, new, growth))
    rows.sort(key=lambda r: (-r[4], r[0]) if intent.descending else (r[4], r[0]))
    shown = rows[: intent.top] if intent.top else rows
    order = "highest" if intent.descending else "lowest"
    head = f"{intent.metric.label} growth from {earlier.label} to {later.label}, {order} first"
    lines = [
        f"{i}. {g} {'+' if p > 0 else ''}{percent(p)} ({money(o, c)} to {money(n, c)})"
        for i, (g, c, o, n, p) in enumerate(shown, start=1)
    ]
    span = query.within(Period(earlier.start, later.end, ""))
    return Answer(
        True,
        f"{head}: " + ("; ".join(lines) if lines else "no records match") + ".",
        f"Computed {intent.metric.label.lower()} per {intent.group_by.value} for "
        f"{earlier.start} to {earlier.end} and {later.start} to {later.end}, ranked by the "
        f"change in percent; {describe(span)}.",
        chart("bar", [r[0] for r in shown], [("growth %", [r[4] for r in shown])]),
        span.as_params(),
        [entry(g, p, None, unit="percent") for g, _, _, _, p in shown],
    )


def answer_share(intent: Intent, data: FinancialData) -> Answer:
    """A part as a percentage of a whole, or every group's share of a total."""
    if intent.whole is None:
        return _share_breakdown(intent, data)
    query = Query(companies=intent.companies).within(intent.period)
    whole_query = replace(query, companies=()) if intent.whole == intent.metric else query
    part = _value_by_currency(data, intent.metric, query)
    whole = _value_by_currency(data, intent.whole, whole_query)
    owner = " and ".join(intent.companies) if intent.companies else ""
    part_name = f"{owner} {intent.metric.label}".strip() if owner else intent.metric.label
    whole_name = intent.whole.label.lower() + (
        " of all companies you can see" if intent.whole == intent.metric else ""
    )
    parts, values = [], []
    for currency in sorted(set(part) | set(whole), key=str) or [None]:
        p, w = part.get(currency) or Decimal(0), whole.get(currency) or Decimal(0)
        share = ratio(p, w)
        parts.append(
            f"{part_name} is {percent(share)} of {whole_name} "
            f"({money(p, currency)} of {money(w, currency)})"
        )
        values += [
            entry("share", share, None, unit="percent"),
            entry(part_name, p, currency),
            entry(whole_name, w, currency),
        ]
    period = f" in {intent.period.label}" if intent.period else ""
    return Answer(
        True,
        "; ".join(parts) + f"{period}.",
        f"Computed {intent.metric.label.lower()} as a share of "
        f"{intent.whole.label.lower()}; {describe(metric_query(intent.metric, query))}.",
        chart("doughnut", [part_name, "Rest"], [("share", [p, w - p])]),
        metric_query(intent.metric, query).as_params(),
        values,
    )


def _share_breakdown(intent: Intent, data: FinancialData) -> Answer:
    query = metric_query(intent.metric, Query().within(intent.period))
    groups = data.ranking(query, by=intent.group_by)
    rows = [(g, t.currency, metric_value(intent.metric, t)) for g, ts in groups.items() for t in ts]
    rows = [(g, c, v) for g, c, v in rows if v]
    totals: dict[str | None, Decimal] = {}
    for _, currency, value in rows:
        totals[currency] = totals.get(currency, Decimal(0)) + (value or Decimal(0))
    rows.sort(key=lambda item: (-(item[2] or 0), item[0]))
    values = [entry(g, ratio(v or Decimal(0), totals[c]), None, unit="percent") for g, c, v in rows]
    listing = "; ".join(f"{g} {percent(ratio(v or Decimal(0), totals[c]))}" for g, c, v in rows)
    period = f" in {intent.period.label}" if intent.period else ""
    what = f"Share of {intent.metric.label.lower()} by {intent.group_by.value}{period}"
    return Answer(
        True,
        f"{what}: {listing or 'no records match'}.",
        f"Computed each {intent.group_by.value}'s {intent.metric.label.lower()} as a "
        f"share of the total; {describe(query)}.",
        chart("doughnut", [g for g, _, _ in rows], [("share", [v for _, _, v in rows])]),
        query.as_params(),
        values,
    )
