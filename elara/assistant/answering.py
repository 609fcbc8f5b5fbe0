"""Intent → numbers through the `FinancialData` port → an `Answer` with text, filters and chart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from elara.assistant.answers import (
    Answer,
    chart,
    describe,
    entry,
    metric_query,
    metric_value,
    show,
)
from elara.assistant.growth_share import answer_growth, answer_growth_ranking, answer_share
from elara.assistant.intent import (
    Granularity,
    GroupBy,
    Intent,
    IntentKind,
    Metric,
    MetricKind,
    NotUnderstood,
)
from elara.assistant.port import FinancialData, Query, SeriesLine, Totals
from elara.assistant.understanding import understand
from elara.assistant.vocabulary import KPI_PHRASES, Vocabulary

NOT_UNDERSTOOD = "Sorry, I did not understand the question."


def answer_question(question: str, *, data: FinancialData, today: date) -> Answer:
    """Understand a question in terms of what the user may see, then compute its answer."""
    vocabulary = data.vocabulary()
    intent = understand(question, vocabulary=vocabulary, today=today)
    if isinstance(intent, NotUnderstood):
        return decline(intent, vocabulary)
    handler = {
        IntentKind.total: answer_total,
        IntentKind.average: answer_average,
        IntentKind.series: answer_series,
        IntentKind.compare: answer_compare,
        IntentKind.ranking: answer_ranking,
        IntentKind.growth: answer_growth,
        IntentKind.share: answer_share,
    }[intent.kind]
    return handler(intent, data)


def decline(reason: NotUnderstood, vocabulary: Vocabulary) -> Answer:
    """Say plainly that the question was not understood and offer ones that would be."""
    return Answer(
        understood=False,
        answer=f"{NOT_UNDERSTOOD} {reason.reason}",
        suggestions=suggestions(vocabulary),
    )


def suggestions(vocabulary: Vocabulary) -> list[str]:
    """Example questions built only from what the user may see."""
    companies = vocabulary.companies
    last = vocabulary.last_date or date.today()
    year = last.year if last.month == 12 else last.year - 1  # the last full year
    out = ["What was the net income last quarter?", f"Top 5 companies by revenue in {year}"]
    if companies:
        out.insert(0, f"Revenue of {companies[0]} in {year}")
        out.append(f"Revenue growth of {companies[0]} from {year - 1} to {year}")
    if len(companies) >= 2:
        out.append(f"Compare expenses of {companies[0]} and {companies[1]} by month")
    account = next((a for a in vocabulary.accounts if a.lower() not in KPI_PHRASES), None)
    if account:
        out.append(f"What share of expenses is {account}?")
    return out


def base_query(intent: Intent) -> Query:
    return Query(companies=intent.companies).within(intent.period)


def subject(intent: Intent, metric: Metric | None = None) -> str:
    """ "Revenue of ACME in 2024"."""
    text = (metric or intent.metric).label
    if intent.companies:
        text += " of " + " and ".join(intent.companies)
    if intent.period:
        text += f" in {intent.period.label}"
    return text


def _values(metric: Metric, rows: list[Totals]) -> list[tuple[str | None, Decimal | None]]:
    return [(t.currency, metric_value(metric, t)) for t in rows]


def answer_total(intent: Intent, data: FinancialData) -> Answer:
    """One number (per currency) for a metric, companies and a period."""
    query = metric_query(intent.metric, base_query(intent))
    rows = data.totals(query)
    records = sum(t.record_count for t in rows)
    what = subject(intent)
    if not rows:
        return Answer(
            True,
            f"{what}: no records match, so there is nothing to add up.",
            f"Computed {intent.metric.label.lower()} over {describe(query, records=0)}.",
            None,
            query.as_params(),
            [entry(what, Decimal(0), None, intent.metric)],
        )
    values = _values(intent.metric, rows)
    text = "; ".join(show(intent.metric, v, c) for c, v in values)
    return Answer(
        True,
        f"{what}: {text}.",
        f"Computed {intent.metric.label.lower()} over {describe(query, records=records)}.",
        chart("bar", [what], [(c or intent.metric.label, [v]) for c, v in values]),
        query.as_params(),
        [entry(what, v, c, intent.metric) for c, v in values],
    )


def _line_points(metric: Metric, line: SeriesLine) -> dict[date, Decimal | None]:
    return {start: metric_value(metric, totals) for start, totals in sorted(line.points.items())}


def _period_label(start: date, granularity: str) -> str:
    if granularity == "year":
        return str(start.year)
    if granularity == "quarter":
        return f"Q{(start.month + 2) // 3} {start.year}"
    return f"{start:%Y-%m}"


def answer_average(intent: Intent, data: FinancialData) -> Answer:
    """The mean per month (quarter, year) over the periods that have records."""
    query = metric_query(intent.metric, base_query(intent))
    lines = data.series(query, granularity=intent.granularity or Granularity.month, group_by=None)
    unit = (intent.granularity or Granularity.month).value
    what = f"Average {unit}ly " + subject(intent)[:1].lower() + subject(intent)[1:]
    if not lines:
        return Answer(
            True,
            f"{what}: no records match.",
            f"Computed nothing: {describe(query)}.",
            None,
            query.as_params(),
            [entry(what, Decimal(0), None, intent.metric)],
        )
    parts, values, datasets, labels = [], [], [], []
    for line in lines:
        points = {k: v for k, v in _line_points(intent.metric, line).items() if v is not None}
        mean = sum(points.values(), Decimal(0)) / len(points) if points else Decimal(0)
        parts.append(f"{show(intent.metric, mean, line.currency)} over {len(points)} {unit}s")
        values.append(entry(what, mean, line.currency, intent.metric))
        labels = [_period_label(k, unit) for k in points]
        datasets.append((line.currency or intent.metric.label, list(points.values())))
    return Answer(
        True,
        f"{what}: {'; '.join(parts)}.",
        f"Computed the mean of {unit}ly {intent.metric.label.lower()} over the {unit}s "
        f"with records; {describe(query)}.",
        chart("line", labels, datasets),
        query.as_params(),
        values,
    )


def answer_series(intent: Intent, data: FinancialData) -> Answer:
    """A metric per month, quarter or year: a line chart and the figures."""
    query = metric_query(intent.metric, base_query(intent))
    unit = (intent.granularity or Granularity.month).value
    lines = data.series(query, granularity=intent.granularity or Granularity.month, group_by=None)
    what = f"{subject(intent)} by {unit}"
    labels = sorted({k for line in lines for k in line.points})
    datasets, values, parts = [], [], []
    for line in lines:
        points = _line_points(intent.metric, line)
        datasets.append((line.currency or intent.metric.label, [points.get(k) for k in labels]))
        for start in labels:
            label = _period_label(start, unit)
            values.append(entry(label, points.get(start), line.currency, intent.metric))
            parts.append(f"{label}: {show(intent.metric, points.get(start), line.currency)}")
    text = f"{what}: " + ("; ".join(parts) if parts else "no records match") + "."
    return Answer(
        True,
        text,
        f"Computed {intent.metric.label.lower()} per {unit}; {describe(query)}.",
        chart("line", [_period_label(k, unit) for k in labels], datasets),
        query.as_params(),
        values,
    )


def answer_compare(intent: Intent, data: FinancialData) -> Answer:
    """Two or more companies side by side (by period when asked)."""
    if intent.granularity is not None:
        return _compare_series(intent, data)
    query = metric_query(intent.metric, base_query(intent))
    groups = data.ranking(query, by=GroupBy.company)
    values, parts = [], []
    series: dict[str, list[Decimal | None]] = {}
    for company in intent.companies:
        for totals in groups.get(company) or [Totals(None)]:
            value = metric_value(intent.metric, totals)
            values.append(entry(company, value, totals.currency, intent.metric))
            parts.append(f"{company} {show(intent.metric, value, totals.currency)}")
            series.setdefault(totals.currency or intent.metric.label, []).append(value)
    return Answer(
        True,
        f"{subject(intent)}: " + "; ".join(parts) + ".",
        f"Computed {intent.metric.label.lower()} per company; {describe(query)}.",
        chart("bar", list(intent.companies), list(series.items())),
        query.as_params(),
        values,
    )


def _compare_series(intent: Intent, data: FinancialData) -> Answer:
    query = metric_query(intent.metric, base_query(intent))
    unit = (intent.granularity or Granularity.month).value
    lines = data.series(
        query, granularity=intent.granularity or Granularity.month, group_by=intent.group_by
    )
    labels = sorted({k for line in lines for k in line.points})
    datasets, values, parts = [], [], []
    order = list(intent.companies) or sorted({str(line.group) for line in lines})
    for line in sorted(lines, key=lambda item: (order.index(str(item.group)), str(item.currency))):
        points = _line_points(intent.metric, line)
        name = f"{line.group} ({line.currency})" if line.currency else str(line.group)
        datasets.append((name, [points.get(k) for k in labels]))
        for start in labels:
            label = f"{line.group} {_period_label(start, unit)}"
            values.append(entry(label, points.get(start), line.currency, intent.metric))
        total = sum((v for v in points.values() if v is not None), Decimal(0))
        if not intent.metric.is_ratio:
            parts.append(f"{line.group} {show(intent.metric, total, line.currency)} in total")
    text = f"{subject(intent)} by {unit}" + (": " + "; ".join(parts) if parts else "") + "."
    return Answer(
        True,
        text,
        f"Computed {intent.metric.label.lower()} per {intent.group_by.value} and {unit}; "
        f"{describe(query)}.",
        chart("line", [_period_label(k, unit) for k in labels], datasets),
        query.as_params(),
        values,
    )


def answer_ranking(intent: Intent, data: FinancialData) -> Answer:
    """Companies (accounts, categories) ranked by a metric, best first unless asked otherwise."""
    if intent.periods is not None:
        return answer_growth_ranking(intent, data)
    metric = intent.metric
    query = metric_query(metric, base_query(intent))
    if intent.group_by is not GroupBy.company:
        query = replace(query, accounts=(), categories=())
        if metric.kind in (MetricKind.account, MetricKind.category):
            metric = Metric(MetricKind.expenses)
    ranked = []
    for group, rows in data.ranking(query, by=intent.group_by).items():
        for totals in rows:
            value = metric_value(metric, totals)
            if value is None or (intent.group_by is not GroupBy.company and value == 0):
                continue
            ranked.append((group, totals.currency, value))
    ranked.sort(
        key=lambda item: (item[2], item[0]) if not intent.descending else (-item[2], item[0])
    )
    shown = ranked[: intent.top] if intent.top else ranked
    noun = {"company": "companies", "account": "accounts", "category": "categories"}
    order = "Top" if intent.descending else "Bottom"
    head = f"{order} {len(shown)} {noun[intent.group_by.value]} by {metric.label.lower()}"
    if intent.period:
        head += f" in {intent.period.label}"
    lines = [f"{i}. {g} {show(metric, v, c)}" for i, (g, c, v) in enumerate(shown, start=1)]
    text = f"{head}: " + ("; ".join(lines) if lines else "no records match") + "."
    return Answer(
        True,
        text,
        f"Computed {metric.label.lower()} per {intent.group_by.value} and "
        f"ranked {'highest' if intent.descending else 'lowest'} first; "
        f"{describe(query)}.",
        chart("bar", [g for g, _, _ in shown], [(metric.label, [v for _, _, v in shown])]),
        query.as_params(),
        [entry(g, v, c, metric) for g, c, v in shown],
    )
