"""The narrow interface the assistant reads numbers through; adapters implement it over the
dashboard service, so row-level access is the dashboard's and is never re-implemented here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from elara.assistant.intent import Granularity, GroupBy, Period
from elara.assistant.vocabulary import Vocabulary

CENT = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Query:
    """The dashboard filters one computation uses (dates inclusive)."""

    companies: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None

    def within(self, period: Period | None) -> Query:
        if period is None:
            return self
        return replace(self, date_from=period.start, date_to=period.end)

    def as_params(self) -> dict[str, list[str] | str]:
        """The same filters as dashboard query parameters (what "open in dashboard" applies)."""
        params: dict[str, list[str] | str] = {}
        for name, values in (
            ("company", self.companies),
            ("account", self.accounts),
            ("category", self.categories),
        ):
            if values:
                params[name] = list(values)
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        return params


@dataclass(frozen=True)
class Totals:
    """Income, expenses (as a positive cost) and unclassified amounts in one currency."""

    currency: str | None
    revenue: Decimal = ZERO
    expenses: Decimal = ZERO
    other: Decimal = ZERO
    record_count: int = 0

    @property
    def net_income(self) -> Decimal:
        return self.revenue - self.expenses

    @property
    def margin(self) -> Decimal | None:
        if self.revenue == 0:
            return None
        return (self.net_income * 100 / self.revenue).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def amount(self) -> Decimal:
        """The total of an account or category, whatever its kind (costs counted positive)."""
        return self.revenue + self.expenses + self.other


@dataclass(frozen=True)
class SeriesLine:
    """One line of a time series: a group (or the total) in one currency, by period start."""

    currency: str | None
    group: str | None
    points: dict[date, Totals] = field(default_factory=dict)


class FinancialData(Protocol):
    """What the assistant may ask; every answer is limited to the user's scope by the adapter."""

    def vocabulary(self) -> Vocabulary:
        """The companies, accounts and categories the user may see."""
        ...

    def totals(self, query: Query) -> list[Totals]:
        """Totals per currency (empty when nothing matches)."""
        ...

    def series(
        self, query: Query, *, granularity: Granularity, group_by: GroupBy | None
    ) -> list[SeriesLine]:
        """Totals per period (and group), per currency."""
        ...

    def ranking(self, query: Query, *, by: GroupBy) -> dict[str, list[Totals]]:
        """Totals of every group (company, account or category), per currency."""
        ...
