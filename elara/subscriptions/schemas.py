"""Requests and answers of /api/subscriptions and /api/alerts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from elara.core.schemas import Email, InputModel, OutputModel
from elara.subscriptions.schedule import parse_time, valid_timezone
from elara.views.schemas import Name, ViewFilters

Frequency = Literal["daily", "weekly", "monthly"]
Metric = Literal[
    "revenue",
    "expenses",
    "net_income",
    "gross_profit",
    "operating_income",
    "margin",
    "gross_margin",
    "record_count",
]
Comparison = Literal["below", "above", "drop_pct", "rise_pct"]
AlertPeriod = Literal["month", "quarter", "year", "view"]
MAX_RECIPIENTS = 50


def _time(value: str) -> str:
    parse_time(value)
    return value


def _zone(value: str) -> str:
    if not valid_timezone(value):
        raise ValueError("is not a known time zone (use a name such as Europe/Berlin)")
    return value


def _decimal(value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError("must be a number such as 5 or -12.5") from exc
    if not number.is_finite() or abs(number) >= Decimal(10) ** 15:
        raise ValueError("must be a finite number below 10^15")
    return format(number.normalize(), "f")


TimeOfDay = Annotated[str, StringConstraints(pattern=r"^\d\d:\d\d$"), AfterValidator(_time)]
TimeZone = Annotated[str, StringConstraints(max_length=64), AfterValidator(_zone)]
Threshold = Annotated[str, StringConstraints(max_length=32), AfterValidator(_decimal)]
Recipients = Annotated[list[Email], Field(min_length=1, max_length=MAX_RECIPIENTS)]


class ScheduleFields(InputModel):
    frequency: Frequency = "weekly"
    time: TimeOfDay = "07:00"
    timezone: TimeZone = "UTC"
    weekday: Annotated[int, Field(ge=0, le=6)] | None = None  # 0 = Monday (weekly)
    month_day: Annotated[int, Field(ge=1, le=31)] | None = None  # clamped to the month's end


class SubscriptionIn(ScheduleFields):
    view_id: Annotated[int, Field(ge=1)]
    recipients: Recipients | None = None  # default: only oneself
    enabled: bool = True


class SubscriptionPatch(InputModel):
    frequency: Frequency | None = None
    time: TimeOfDay | None = None
    timezone: TimeZone | None = None
    weekday: Annotated[int, Field(ge=0, le=6)] | None = None
    month_day: Annotated[int, Field(ge=1, le=31)] | None = None
    recipients: Recipients | None = None
    enabled: bool | None = None


class SubscriptionOut(OutputModel):
    id: int
    view_id: int
    view_name: str
    owner: str
    mine: bool
    recipients: list[str]
    frequency: str
    time: str
    timezone: str
    weekday: int | None
    month_day: int | None
    enabled: bool
    next_run_at: dt.datetime | None
    last_run_at: dt.datetime | None
    last_status: str | None
    updated_at: dt.datetime


class AlertIn(InputModel):
    name: Name
    view_id: Annotated[int, Field(ge=1)] | None = None
    filters: ViewFilters | None = None  # when not on a view
    metric: Metric
    comparison: Comparison
    threshold: Threshold
    period: AlertPeriod = "month"
    recipients: Recipients | None = None
    enabled: bool = True

    @model_validator(mode="after")
    def _source(self) -> AlertIn:
        if (self.view_id is None) == (self.filters is None):
            raise ValueError("Give either a saved view or filters, not both.")
        return self


class AlertPatch(InputModel):
    name: Name | None = None
    metric: Metric | None = None
    comparison: Comparison | None = None
    threshold: Threshold | None = None
    period: AlertPeriod | None = None
    filters: ViewFilters | None = None
    recipients: Recipients | None = None
    enabled: bool | None = None


class AlertOut(OutputModel):
    id: int
    name: str
    view_id: int | None
    view_name: str | None
    filters: dict[str, object]
    narrowed: bool
    owner: str
    mine: bool
    metric: str
    comparison: str
    threshold: str
    period: str
    recipients: list[str]
    enabled: bool
    last_checked_at: dt.datetime | None
    updated_at: dt.datetime


class Reading(OutputModel):
    """A rule's figure in one currency for the caller, and whether it breaches."""

    currency: str | None
    value: str | None
    breached: bool


class AlertTestOut(OutputModel):
    """The rule checked now in the caller's own scope (a test email goes to the caller)."""

    period_from: dt.date | None
    period_to: dt.date | None
    readings: list[Reading]
    breached: bool
    emailed: bool
    note: str | None


class SendOut(OutputModel):
    queued: bool
