"""The shape of an answer, and how numbers are written in it (exact decimals, with currency)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from elara.assistant.intent import Metric, MetricKind
from elara.assistant.port import CENT, Query, Totals


@dataclass
class Answer:
    """What the built-in assistant says, with the numbers behind it and a chart to draw."""

    understood: bool
    answer: str
    computed: str = ""
    chart: dict[str, Any] | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    values: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


def exact(value: Decimal) -> str:
    """A decimal string to the cent, never "-0.00"."""
    quantized = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return str(quantized if quantized != 0 else Decimal("0.00"))


def money(value: Decimal, currency: str | None) -> str:
    """ "USD 1,234,567.89": grouped thousands, exact to the cent."""
    text = f"{Decimal(exact(value)):,.2f}"
    return f"{currency} {text}" if currency else text


def percent(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{exact(value)}%"


def show(metric: Metric, value: Decimal | None, currency: str | None) -> str:
    """A metric's value as a person reads it: money, or a percentage for the margin."""
    if metric.is_ratio:
        return percent(value)
    return money(value if value is not None else Decimal(0), currency)


def metric_value(metric: Metric, totals: Totals) -> Decimal | None:
    """The number a metric means for some totals (None: undefined, e.g. margin of no revenue)."""
    if metric.kind is MetricKind.revenue:
        return totals.revenue
    if metric.kind is MetricKind.expenses:
        return totals.expenses
    if metric.kind is MetricKind.net_income:
        return totals.net_income
    if metric.kind is MetricKind.margin:
        return totals.margin
    return totals.amount


def metric_query(metric: Metric, query: Query) -> Query:
    """The filters a metric adds: its account or its category."""
    from dataclasses import replace

    if metric.kind is MetricKind.account and metric.name:
        return replace(query, accounts=(metric.name,))
    if metric.kind is MetricKind.category and metric.name:
        return replace(query, categories=(metric.name,))
    return query


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole in percent, to 0.01 (None when the whole is zero)."""
    if whole == 0:
        return None
    return (part * 100 / abs(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def entry(
    label: str,
    value: Decimal | None,
    currency: str | None,
    metric: Metric | None = None,
    *,
    unit: str | None = None,
) -> dict[str, Any]:
    """One machine-readable number of an answer."""
    kind = unit or ("percent" if metric is not None and metric.is_ratio else "money")
    return {
        "label": label,
        "value": None if value is None else exact(value),
        "currency": None if kind == "percent" else currency,
        "unit": kind,
    }


def chart(
    kind: str, labels: list[str], datasets: Sequence[tuple[str, Sequence[Decimal | None]]]
) -> dict[str, Any]:
    """Chart data the web app draws with Chart.js; values are exact decimal strings."""
    return {
        "type": kind,
        "labels": labels,
        "datasets": [
            {"label": label, "data": [None if v is None else exact(v) for v in data]}
            for label, data in datasets
        ],
    }


def describe(query: Query, *, records: int | None = None) -> str:
    """The filters in words, for the "computed" line."""
    parts = []
    if query.companies:
        parts.append("company " + ", ".join(query.companies))
    else:
        parts.append("all companies you can see")
    if query.accounts:
        parts.append("account " + ", ".join(query.accounts))
    if query.categories:
        parts.append("category " + ", ".join(query.categories))
    if query.date_from or query.date_to:
        parts.append(f"dates {query.date_from or 'start'} to {query.date_to or 'end'}")
    else:
        parts.append("all dates")
    text = "; ".join(parts)
    return f"{text}; {records} records" if records is not None else text
