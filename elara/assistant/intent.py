"""What a question asks for, as typed values: understanding makes them, answering reads them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class IntentKind(StrEnum):
    total = "total"
    average = "average"
    series = "series"
    compare = "compare"
    ranking = "ranking"
    growth = "growth"
    share = "share"


class MetricKind(StrEnum):
    revenue = "revenue"
    expenses = "expenses"
    net_income = "net_income"
    margin = "margin"
    account = "account"
    category = "category"


class Granularity(StrEnum):
    month = "month"
    quarter = "quarter"
    year = "year"


class GroupBy(StrEnum):
    company = "company"
    account = "account"
    category = "category"


@dataclass(frozen=True)
class Metric:
    """A KPI (revenue, expenses, net income, margin) or the total of one account or category."""

    kind: MetricKind
    name: str | None = None

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        return {
            "revenue": "Revenue",
            "expenses": "Expenses",
            "net_income": "Net income",
            "margin": "Margin",
        }[self.kind.value]

    @property
    def is_ratio(self) -> bool:
        return self.kind is MetricKind.margin


@dataclass(frozen=True)
class Period:
    """An inclusive date range with the words a person would use for it."""

    start: date
    end: date
    label: str


@dataclass(frozen=True)
class Intent:
    kind: IntentKind
    metric: Metric
    companies: tuple[str, ...] = ()
    period: Period | None = None
    # growth: the earlier and the later period
    periods: tuple[Period, Period] | None = None
    granularity: Granularity | None = None
    group_by: GroupBy = GroupBy.company
    top: int | None = None
    descending: bool = True
    # share: the whole the metric is a part of
    whole: Metric | None = None


@dataclass(frozen=True)
class NotUnderstood:
    """A question the assistant declines, with the reason it gives."""

    reason: str
    unknown_names: tuple[str, ...] = field(default=())
