"""Typed answers of the dashboard (also what the service hands to other domains).

Amounts are decimal strings exact to the cent; percentages are strings with two decimals.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from elara.core.schemas import InputModel

Money = str


class Answer(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class Period(Answer):
    date_from: date = Field(serialization_alias="from")
    date_to: date = Field(serialization_alias="to")


class Kpis(Answer):
    revenue: Money
    expenses: Money
    net_income: Money
    margin: str | None
    unclassified: Money
    record_count: int


class Delta(Answer):
    absolute: str
    percent: str | None


class Change(Answer):
    revenue: Delta
    expenses: Delta
    net_income: Delta
    margin_points: str | None
    record_count: Delta


class CurrencySummary(Answer):
    currency: str | None
    current: Kpis
    previous: Kpis
    change: Change


class ConversionError(Answer):
    reporting_currency: str
    message: str
    missing: list[dict[str, str | None]]


class Meta(Answer):
    source: str  # "rollup_monthly" or "dataset_records"
    converted_to: str | None = None
    conversion_error: ConversionError | None = None
    currency: str | None = None  # the one currency of the top-level numbers, when there is one


class Summary(Meta):
    period: Period | None
    previous_period: Period | None
    current: Kpis | None
    previous: Kpis | None
    change: Change | None
    by_currency: list[CurrencySummary]


class SeriesLine(Answer):
    key: str | None
    revenue: list[Money]
    expenses: list[Money]
    net_income: list[Money]
    record_count: list[int]


class CurrencySeries(Answer):
    currency: str | None
    series: list[SeriesLine]


class Timeseries(Meta):
    granularity: str
    group_by: str | None
    periods: list[date]
    series: list[SeriesLine] | None
    by_currency: list[CurrencySeries]


class BreakdownItem(Answer):
    key: str | None
    value: Money
    revenue: Money
    expenses: Money
    net_income: Money
    unclassified: Money
    record_count: int


class CurrencyBreakdown(Answer):
    currency: str | None
    items: list[BreakdownItem]
    other: BreakdownItem | None


class Breakdown(Meta):
    by: str
    metric: str
    top: int
    items: list[BreakdownItem] | None
    other: BreakdownItem | None
    by_currency: list[CurrencyBreakdown]


class DatasetOption(Answer):
    id: int
    name: str
    currency: str | None
    row_count: int


class FilterOptions(Answer):
    datasets: list[DatasetOption]
    companies: list[str]
    accounts: list[str]
    categories: list[str]
    currencies: list[str | None]
    first_date: date | None
    last_date: date | None
    reporting_currency: str | None


class RecordOut(Answer):
    id: int
    dataset_id: int
    company: str
    date: date
    account: str
    category: str | None
    amount: Money
    currency: str | None
    description: str | None


class RecordPage(Answer):
    items: list[RecordOut]
    next_cursor: str | None
    sort: str
    order: str
    limit: int


class AccountCategoryIn(InputModel):
    account: str = Field(min_length=1, max_length=128)
    category: str = Field(min_length=1, max_length=64)
    kind: str = Field(pattern="^(income|expense)$")


class AccountCategoryOut(Answer):
    account: str
    category: str
    kind: str
    source: str  # "default" or "custom"


class DashboardSettingsIn(InputModel):
    reporting_currency: str | None = Field(default=None, pattern="^[A-Z]{3}$")


class DashboardSettingsOut(Answer):
    reporting_currency: str | None


class FxRateIn(InputModel):
    date: date
    currency: str = Field(pattern="^[A-Z]{3}$")
    rate: str = Field(pattern=r"^\d{1,12}(\.\d{1,12})?$")


class FxRateOut(Answer):
    date: date
    currency: str
    rate: str


class FxRatesStored(Answer):
    stored: int
