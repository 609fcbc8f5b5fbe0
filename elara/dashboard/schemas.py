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


class TieOut(Answer):
    """A subtotal line the file states that differs from the figure computed from its lines."""

    line: str
    label: str
    stated: Money
    computed: Money
    difference: Money  # stated - computed: what the file's subtotal says beyond its lines


class Kpis(Answer):
    revenue: Money
    cost_of_sales: Money
    gross_profit: Money
    gross_margin: str | None
    operating_expenses: Money
    operating_income: Money
    depreciation_amortization: Money | None  # null when no line is identifiable as D&A
    ebitda: Money | None
    other_income: Money
    other_expenses: Money
    tax: Money
    expenses: Money  # cost of sales + operating expenses + other expenses + tax
    net_income: Money
    margin: str | None  # net margin
    unclassified: Money
    unclassified_count: int
    record_count: int
    tie_outs: list[TieOut]
    stated: list[str]  # figures taken as the file states them: it holds none of their parts


class Delta(Answer):
    absolute: str
    percent: str | None


class Change(Answer):
    revenue: Delta
    gross_profit: Delta
    operating_income: Delta
    expenses: Delta
    net_income: Delta
    margin_points: str | None
    record_count: Delta


class CurrencySummary(Answer):
    currency: str | None
    current: Kpis
    previous: Kpis
    change: Change | None  # null when the previous period has no comparable data


class ConversionError(Answer):
    reporting_currency: str
    message: str
    missing: list[dict[str, str | None]]


class Meta(Answer):
    source: str  # the tables read, "+"-joined: "rollup_dimension_pair", "dataset_records+…"
    converted_to: str | None = None
    conversion_error: ConversionError | None = None
    currency: str | None = None  # the one currency of the top-level numbers, when there is one
    scenario: str = "actual"  # the one scenario of the figures (actual, budget, forecast …)


class Comparison(Answer):
    """Whether the previous period can be compared: it needs data in as many months."""

    comparable: bool
    months: int  # months the current period touches
    current_months_with_data: int
    previous_months_with_data: int
    note: str | None


class BudgetCoverage(Answer):
    """Which companies with actuals in the period the budget covers. With `partial`
    (some have no budget), the variance and % of budget compare the budgeted ones only."""

    companies: int  # companies holding actuals in the period
    budgeted: int  # of those, the ones the budget covers
    without_budget: list[str]  # the others (the first 50), left out of the comparison
    partial: bool  # some companies have no budget: the comparison leaves them out


class BudgetBlock(Answer):
    """The budget beside the actuals of one currency, for the same period and filters."""

    currency: str | None
    budget: Kpis
    variance: Change  # actual - budget; `percent` is of the budget
    percent_of_budget: dict[str, str | None]  # revenue, expenses…: actual as % of budget
    coverage: BudgetCoverage


class Summary(Meta):
    period: Period | None
    previous_period: Period | None
    comparison: Comparison | None
    current: Kpis | None
    previous: Kpis | None
    change: Change | None
    by_currency: list[CurrencySummary]
    # Budget datasets' figures beside an actual summary (none stored, or asked for another
    # scenario or for datasets by id: empty).
    budget: list[BudgetBlock] = Field(default_factory=list)


class SeriesLine(Answer):
    """One value per period; null where the period has no data (a gap, never a zero)."""

    key: str | None
    revenue: list[Money | None]
    expenses: list[Money | None]
    gross_profit: list[Money | None]
    operating_income: list[Money | None]
    net_income: list[Money | None]
    record_count: list[int]
    # the assistant's exact reads only (never in the API): what subtotal lines no figure
    # adds state, per period
    apart: list[Money | None] | None = Field(default=None, exclude=True)


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


class Preset(Answer):
    """A named period anchored to the latest month with data when today has none."""

    key: str
    label: str
    date_from: date = Field(serialization_alias="from")
    date_to: date = Field(serialization_alias="to")
    anchored: bool  # True when the period ends at the latest data rather than today
    note: str | None


class DimensionOption(Answer):
    """An imported dimension column and (up to 200 of) its values, for type-ahead pickers."""

    name: str
    values: list[str]


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
    fiscal_year_start: int
    presets: list[Preset]
    dimensions: list[DimensionOption]
    # The scenarios among the caller's visible datasets (actual, budget, forecast, prior_year)
    # and the one these options were read for.
    scenarios: list[str] = []
    scenario: str = "actual"


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


class DashboardSettingsIn(InputModel):
    reporting_currency: str | None = Field(default=None, pattern="^[A-Z]{3}$")
    fiscal_year_start: int | None = Field(default=None, ge=1, le=12)


class DashboardSettingsOut(Answer):
    reporting_currency: str | None
    fiscal_year_start: int


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


class FxRatesDeleted(Answer):
    deleted: int
