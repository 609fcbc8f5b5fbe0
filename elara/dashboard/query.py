"""The one query builder: every dashboard query gets its WHERE clause here.

Row-level access is not optional: a `QueryBuilder` cannot be made without a `Scope`, and its
conditions always include the visible (ready) datasets and, for a restricted user, their
allowed companies. Endpoints and services never write their own WHERE on financial tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, String, false, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import KeyedColumnElement
from sqlalchemy.sql.functions import FunctionElement

from elara.core.periods import month_start
from elara.dashboard.filters import Filters, Scope
from elara.models import (
    DatasetRecord,
    RollupAccountDaily,
    RollupAccountMonthly,
    RollupCompanyKind,
    RollupDimensionMonthly,
    RollupDimensionPair,
    RollupMonthly,
    RollupPairTotals,
    UploadBatch,
)

GROUP_COLUMNS = ("company", "account", "category")


def staged_hidden(model: Any) -> ColumnElement[bool]:
    """Records of an upload still being stored (staged in committed chunks) are not read."""
    processing = select(UploadBatch.id).where(UploadBatch.status == "processing")
    return or_(model.batch_id.is_(None), model.batch_id.not_in(processing.scalar_subquery()))


DIMENSION_PREFIX = "dim:"  # group by an imported dimension: "dim:Region"


def is_dimension(group: str | None) -> bool:
    return bool(group) and str(group).startswith(DIMENSION_PREFIX)


def dimension_value(name: str) -> ColumnElement[Any]:
    """The text of one imported dimension of a record (JSON attributes, by header name)."""
    path = f'$."{name}"'  # as SQLAlchemy's JSON index writes it
    return _DimensionText(DatasetRecord.attributes, literal(path, String()))


GRANULARITIES = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class Source:
    """A table the numbers come from: the raw records or one of the rollups.

    `rollup` is month-grained (dates bound to month starts); `totals` tables hold no company
    (only for an unrestricted question that neither filters nor groups by company) and keep
    the account, so the kind is looked up per account after aggregating.
    """

    name: str
    model: Any
    rollup: bool
    dimension: str | None = None  # the one dimension a dimension rollup answers for
    pair: tuple[str, str] | None = None  # the two dimensions a pair rollup answers for (sorted)
    pair_key: str | None = None  # company-less pair rollup: the dimension its rows are keyed on
    totals: bool = False
    date_name: str = "date"
    counted: bool = False  # rows carry record_count
    kinds: bool = False  # rows carry the bucket (classified when built): no account, category
    scan: bool = False  # records read in table order, not through an index (see context.pieces)

    @property
    def date(self) -> KeyedColumnElement[date]:
        return getattr(self.model, self.date_name)

    def column(self, name: str) -> Any:
        if is_dimension(name) and self.pair is not None:
            return self.pair_value(name[len(DIMENSION_PREFIX) :])
        if is_dimension(name) and self.dimension is not None:
            return self.model.value
        if is_dimension(name):
            return dimension_value(name[len(DIMENSION_PREFIX) :])
        return getattr(self.model, "company_code" if name == "company" else name)

    def pair_value(self, name: str) -> Any:
        """The value column of one of the pair's dimensions."""
        assert self.pair is not None and name in self.pair  # nosec B101
        if self.pair_key is not None:
            return self.model.key_value if name == self.pair_key else self.model.other_value
        return self.model.value_a if name == self.pair[0] else self.model.value_b

    def amount_sum(self) -> ColumnElement[Any]:
        return func.sum(self.model.amount_minor)

    def count_sum(self) -> ColumnElement[Any]:
        return func.sum(self.model.record_count) if self.counted else func.count()


RAW = Source("dataset_records", DatasetRecord, rollup=False)
# The records of a large share of the table: read in order rather than row by row through the
# (dataset_id, date) index (MariaDB; SQLite plans without the hint).
RAW_SCAN = Source("dataset_records", DatasetRecord, rollup=False, scan=True)
ROLLUP = Source("rollup_monthly", RollupMonthly, rollup=True, date_name="month", counted=True)
COMPANY_KINDS = Source(
    "rollup_company_kind",
    RollupCompanyKind,
    rollup=True,
    date_name="month",
    counted=True,
    kinds=True,
)
DAILY_TOTALS = Source(
    "rollup_account_daily",
    RollupAccountDaily,
    rollup=False,
    totals=True,
    date_name="day",
    counted=True,
)


def dimension_rollup(name: str) -> Source:
    """The monthly rollups of one imported dimension."""
    return Source(
        "rollup_dimension_monthly",
        RollupDimensionMonthly,
        rollup=True,
        dimension=name,
        date_name="month",
        counted=True,
    )


def pair_rollup(first: str, second: str) -> Source:
    """The monthly rollups of two imported dimensions at once (built on demand: see
    `elara.dashboard.pairs`; read only while built for every dataset asked)."""
    a, b = sorted((first, second))
    return Source(
        "rollup_dimension_pair",
        RollupDimensionPair,
        rollup=True,
        pair=(a, b),
        date_name="month",
        counted=True,
    )


def pair_totals(first: str, second: str, key: str) -> Source:
    """The company-less rollups of two imported dimensions, read on the side of `key` (a
    dimension the question filters on: the rows of its values lie together). Built with the
    pair rollup; only for questions that need no company."""
    a, b = sorted((first, second))
    return Source(
        "rollup_pair_totals",
        RollupPairTotals,
        rollup=True,
        pair=(a, b),
        pair_key=key,
        totals=True,
        date_name="month",
        counted=True,
    )


def monthly_totals(dimension: str | None = None) -> Source:
    """The company-less monthly rollups: plain, or per value of one dimension."""
    return Source(
        "rollup_account_monthly",
        RollupAccountMonthly,
        rollup=True,
        dimension=dimension,
        totals=True,
        date_name="month",
        counted=True,
    )


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
        f = self.filters
        if source.totals:
            # No company column: only for questions that need none (see context.pieces).
            if self.scope.restricted or f.companies:
                raise ValueError("a company-less rollup cannot answer for companies")
            if source.rollup and source.dimension is None and source.pair is None:
                conds.append(model.dimension == "")
        if source.kinds and (f.accounts or f.categories or f.dimensions):
            raise ValueError("the per-company bucket rollup holds no account, category, dimension")
        if self.scope.restricted:
            conds.append(model.company_code.in_(self.scope.allowed_companies))
        if f.companies:
            conds.append(model.company_code.in_(f.companies))
        if f.accounts:
            conds.append(model.account.in_(f.accounts))
        if f.categories:
            conds.append(model.category.in_(f.categories))
        if source.pair is not None and source.pair_key is not None:
            if source.pair_key not in {name for name, _ in f.dimensions}:
                raise ValueError("a pair keyed on a dimension answers only a filter on it")
            if f.accounts or f.categories:
                raise ValueError("the company-less pair rollup holds no account, category")
            other = source.pair[1] if source.pair_key == source.pair[0] else source.pair[0]
            conds += [model.dim_key == source.pair_key, model.dim_other == other]
            conds += [source.pair_value(name).in_(values) for name, values in f.dimensions]
        elif source.pair is not None:
            conds += [model.dim_a == source.pair[0], model.dim_b == source.pair[1]]
            conds += [source.pair_value(name).in_(values) for name, values in f.dimensions]
        elif source.dimension is not None:
            conds.append(model.dimension == source.dimension)
            conds += [model.value.in_(values) for _, values in f.dimensions]
        elif not source.rollup and not source.totals:  # see context.pieces
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


class _DimensionText(FunctionElement[str]):
    """The text of a JSON attribute: `JSON_VALUE` on MariaDB/MySQL (one parse per row, where
    SQLAlchemy's `as_string()` extracts twice inside a CASE), `json_extract` elsewhere."""

    type = String()
    inherit_cache = True
    name = "dimension_text"


@compiles(_DimensionText)
def _dimension_text(element: _DimensionText, compiler: Any, **kw: Any) -> str:
    column, path = list(element.clauses)
    return f"json_extract({compiler.process(column, **kw)}, {compiler.process(path, **kw)})"


@compiles(_DimensionText, "mysql")
@compiles(_DimensionText, "mariadb")
def _dimension_text_mysql(element: _DimensionText, compiler: Any, **kw: Any) -> str:
    column, path = list(element.clauses)
    return f"JSON_VALUE({compiler.process(column, **kw)}, {compiler.process(path, **kw)})"
