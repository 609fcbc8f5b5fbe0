"""The one query builder: every dashboard query gets its WHERE clause here.

Row-level access is not optional: a `QueryBuilder` cannot be made without a `Scope`, and its
conditions always include the visible (ready) datasets and, for a restricted user, their
allowed companies. Endpoints and services never write their own WHERE on financial tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, false, func
from sqlalchemy.sql.elements import KeyedColumnElement

from elara.dashboard.filters import Filters, Scope, month_start
from elara.datasets.repository import staged_hidden
from elara.models import DatasetRecord, RollupDimensionMonthly, RollupMonthly

GROUP_COLUMNS = ("company", "account", "category")
DIMENSION_PREFIX = "dim:"  # group by an imported dimension: "dim:Region"


def is_dimension(group: str | None) -> bool:
    return bool(group) and str(group).startswith(DIMENSION_PREFIX)


def dimension_value(name: str) -> ColumnElement[Any]:
    """The text of one imported dimension of a record (JSON attributes, by header name)."""
    return DatasetRecord.attributes[name].as_string()


GRANULARITIES = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class Source:
    """A table the numbers come from: the raw records or the monthly rollups."""

    name: str
    model: Any
    rollup: bool
    dimension: str | None = None  # the one dimension a dimension rollup answers for

    @property
    def date(self) -> KeyedColumnElement[date]:
        return self.model.month if self.rollup else self.model.date

    def column(self, name: str) -> Any:
        if is_dimension(name) and self.dimension is not None:
            return self.model.value
        if is_dimension(name):
            return dimension_value(name[len(DIMENSION_PREFIX) :])
        return getattr(self.model, "company_code" if name == "company" else name)

    def amount_sum(self) -> ColumnElement[Any]:
        return func.sum(self.model.amount_minor)

    def count_sum(self) -> ColumnElement[Any]:
        return func.sum(self.model.record_count) if self.rollup else func.count()


RAW = Source("dataset_records", DatasetRecord, rollup=False)
ROLLUP = Source("rollup_monthly", RollupMonthly, rollup=True)


def dimension_rollup(name: str) -> Source:
    """The monthly rollups of one imported dimension."""
    return Source("rollup_dimension_monthly", RollupDimensionMonthly, rollup=True, dimension=name)


@dataclass(frozen=True)
class QueryBuilder:
    """WHERE clauses for filters within a scope over the visible datasets."""

    scope: Scope
    filters: Filters
    dataset_ids: tuple[int, ...]

    def conditions(self, source: Source) -> list[ColumnElement[bool]]:
        """Access scope first, then the user's filters."""
        model = source.model
        if not self.dataset_ids:
            return [false()]
        conds: list[ColumnElement[bool]] = [model.dataset_id.in_(self.dataset_ids)]
        if self.scope.restricted:
            conds.append(model.company_code.in_(self.scope.allowed_companies))
        f = self.filters
        if f.companies:
            conds.append(model.company_code.in_(f.companies))
        if f.accounts:
            conds.append(model.account.in_(f.accounts))
        if f.categories:
            conds.append(model.category.in_(f.categories))
        if source.dimension is not None:
            conds.append(model.dimension == source.dimension)
            conds += [model.value.in_(values) for _, values in f.dimensions]
        elif not source.rollup:  # the monthly rollups carry no dimensions (see context.pieces)
            for name, values in f.dimensions:
                conds.append(dimension_value(name).in_(values))
        if not source.rollup:  # rollups are written when an upload becomes visible
            conds.append(staged_hidden(model))
        conds.extend(self._dates(source))
        return conds

    def _dates(self, source: Source) -> list[ColumnElement[bool]]:
        f, conds = self.filters, []
        if f.date_from is not None:
            bound = month_start(f.date_from) if source.rollup else f.date_from
            conds.append(source.date >= bound)
        if f.date_to is not None:
            bound = month_start(f.date_to) if source.rollup else f.date_to
            conds.append(source.date <= bound)
        return conds

    def with_filters(self, filters: Filters) -> QueryBuilder:
        return QueryBuilder(self.scope, filters, self.dataset_ids)


def period_expr(source: Source, granularity: str, dialect: str) -> ColumnElement[Any]:
    """The bucket a row falls in: a date (or date text) the service turns into a period."""
    column = source.date
    if source.rollup or granularity == "day":
        return column
    sqlite = dialect == "sqlite"
    if granularity == "week":
        if sqlite:
            return func.date(column, "weekday 0", "-6 days")
        return func.subdate(column, func.weekday(column))
    if sqlite:
        return func.strftime("%Y-%m-01", column)
    return func.date_format(column, "%Y-%m-01")
