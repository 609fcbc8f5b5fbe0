"""SQL over datasets, records and rollups; every financial WHERE comes from the QueryBuilder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal, null, or_, select, union_all
from sqlalchemy.orm import Session

from elara.core.periods import add_months
from elara.dashboard.dimensions import dimensions_of
from elara.dashboard.filters import Scope
from elara.dashboard.kinds import Plan
from elara.dashboard.query import (
    COMPANY_KINDS,
    DAILY_TOTALS,
    RAW,
    ROLLUP,
    QueryBuilder,
    Source,
    dimension_rollup,
    monthly_totals,
    period_expr,
)
from elara.models import (
    Dataset,
    DatasetRecord,
    DatasetStatus,
    RollupCompanyKind,
    RollupKindPlan,
    RollupMonthly,
    UploadBatch,
)


@dataclass(frozen=True)
class Fact:
    """One aggregated row: a group and/or period, a currency, a kind and its sums."""

    group: str | None
    period: Any
    currency: str | None
    kind: str  # the bucket: a kind, with the line it states ("subtotal:net_income")
    dataset_id: int
    batch_id: int | None
    amount_minor: int
    count: int


def visible_datasets(session: Session, scope: Scope) -> list[Dataset]:
    """Ready datasets; a restricted user sees only those holding one of their companies."""
    query = select(Dataset).where(Dataset.status == DatasetStatus.ready.value)
    if scope.restricted:
        holding = select(RollupMonthly.dataset_id).where(
            RollupMonthly.company_code.in_(scope.allowed_companies)
        )
        query = query.where(Dataset.id.in_(holding))
    return list(session.scalars(query.order_by(Dataset.name, Dataset.id)))


def visible_row_counts(session: Session, scope: Scope, dataset_ids: list[int]) -> dict[int, int]:
    """Records per dataset that the scope may see (its companies only)."""
    query = (
        select(RollupMonthly.dataset_id, func.sum(RollupMonthly.record_count))
        .where(RollupMonthly.dataset_id.in_(dataset_ids))
        .group_by(RollupMonthly.dataset_id)
    )
    if scope.restricted:
        query = query.where(RollupMonthly.company_code.in_(scope.allowed_companies))
    return {int(d): int(n or 0) for d, n in session.execute(query)}


def aggregate(
    session: Session,
    builder: QueryBuilder,
    *,
    source: Source,
    plan: Plan,
    group: str | None = None,
    granularity: str | None = None,
    by_day: bool = False,
) -> list[Fact]:
    """Sums per (group, period or day, currency, kind, dataset)."""
    (facts,) = aggregate_parts(
        session,
        [(builder, source)],
        plan=plan,
        group=group,
        granularity=granularity,
        by_day=by_day,
    )
    return facts


def aggregate_parts(
    session: Session,
    parts: list[tuple[QueryBuilder, Source]],
    *,
    plan: Plan,
    group: str | None = None,
    granularity: str | None = None,
    by_day: bool = False,
) -> list[list[Fact]]:
    """`aggregate` for several (filters, source) parts in one statement (UNION ALL).

    Over a company-less rollup (a few rows per account and period) the rows are grouped by
    account and each account's kind looked up in the plan; elsewhere the plan's CASE gives
    the kind inside the GROUP BY, so the database returns one row per kind, not per account.
    """
    dialect = session.get_bind().dialect.name
    selects = [
        _part(builder, source, tag, plan, group, granularity, by_day, dialect)
        for tag, (builder, source) in enumerate(parts)
    ]
    statement: Any = union_all(*selects) if len(selects) > 1 else selects[0]
    out: list[list[Fact]] = [[] for _ in parts]
    has_group, has_period = bool(group), bool(by_day or granularity)
    # Core rows straight from the connection: no ORM result processing per row.
    for row in session.connection().execute(statement):
        values = list(row)
        tag = int(values.pop(0))
        g = values.pop(0) if has_group else None
        p = values.pop(0) if has_period else None
        currency, bucket, account, category, dataset_id, batch_id, amount, count = values
        if bucket is None:
            bucket = plan.bucket_of(dataset_id, account, category)
        out[tag].append(
            Fact(g, p, currency, bucket, dataset_id, batch_id, int(amount or 0), int(count or 0))
        )
    return out


def _part(
    builder: QueryBuilder,
    source: Source,
    tag: int,
    plan: Plan,
    group: str | None,
    granularity: str | None,
    by_day: bool,
    dialect: str,
) -> Any:
    if by_day and source.rollup:
        source = RAW
    model = source.model
    keys: list[Any] = []
    if group:
        keys.append(source.column(group).label("g"))
    if by_day:
        keys.append(source.date.label("p"))
    elif granularity:
        keys.append(period_expr(source, granularity, dialect).label("p"))
    keys.append(model.currency.label("cur"))
    if source.totals and source.pair is None:
        kind = [null().label("kind"), model.account.label("acc"), model.category.label("cat")]
        keys += [model.account, model.category]
    elif source.kinds or source.pair_key is not None:  # classified when built, under the
        # plan the context checked
        kind = [model.bucket.label("kind"), null().label("acc"), null().label("cat")]
        keys.append(model.bucket)
    else:
        kind = [plan.case(model).label("kind"), null().label("acc"), null().label("cat")]
        keys.append(kind[0])
    ids = [model.dataset_id, model.batch_id]
    statement = (
        select(
            literal(tag).label("tag"),
            *keys[: -2 if source.totals and source.pair is None else -1],
            *kind,
            *ids,
            source.amount_sum().label("amount"),
            source.count_sum().label("n"),
        )
        .where(*builder.conditions(source))
        .group_by(*keys, *ids)
    )
    if source.kinds:
        statement = _kinds_index(statement, builder)
    if source.scan:
        # MariaDB/MySQL: no index. Through `(dataset_id, date)` every record of a year of an
        # 8-year dataset is a random read of the clustered index (8.6 s for 125,000 of the 1M
        # bench's records on a loaded VM, against 1.9 s for reading all 1M in order).
        statement = statement.with_hint(DatasetRecord.__table__, "USE INDEX ()", "mysql")
    return statement


@dataclass(frozen=True)
class Pivot:
    """How the rows of `rollup_company_kind` fold into one row per group, period, currency
    and upload: a pair of columns (amount, records) per set of buckets kept under one name
    that every sign convention counts alike (`compute.pivot_for` makes it)."""

    names: tuple[str, ...]
    buckets: tuple[tuple[str, ...], ...]
    known: tuple[str, ...]  # every bucket a column holds


@dataclass(frozen=True)
class FoldedRow:
    """One folded row: per column of the pivot, the amount (None when no row) and records."""

    group: str | None
    period: Any
    currency: str | None
    dataset_id: int
    batch_id: int | None
    values: tuple[Any, ...]  # amount 0, records 0, amount 1, records 1, ...


def folded_parts(
    session: Session,
    parts: list[QueryBuilder],
    *,
    pivot: Pivot,
    group: str | None = None,
    granularity: str | None = None,
) -> list[list[FoldedRow]] | None:
    """`aggregate_parts` over `rollup_company_kind`, with the buckets summed per column of the
    pivot inside the database (SUM(CASE bucket ...)): one row per group, period, currency and
    upload instead of one per bucket. None when a row holds a bucket the pivot does not know
    (the caller then reads the buckets as they are)."""
    dialect = session.get_bind().dialect.name
    selects = [
        _folded_part(builder, tag, pivot, group, granularity, dialect)
        for tag, builder in enumerate(parts)
    ]
    statement: Any = union_all(*selects) if len(selects) > 1 else selects[0]
    out: list[list[FoldedRow]] = [[] for _ in parts]
    has_group, has_period = bool(group), bool(granularity)
    for row in session.connection().execute(statement):
        values = list(row)
        tag = int(values.pop(0))
        g = values.pop(0) if has_group else None
        p = values.pop(0) if has_period else None
        currency, dataset_id, batch_id, unknown = values[:4]
        if unknown:
            return None
        out[tag].append(FoldedRow(g, p, currency, dataset_id, batch_id, tuple(values[4:])))
    return out


def _folded_part(
    builder: QueryBuilder,
    tag: int,
    pivot: Pivot,
    group: str | None,
    granularity: str | None,
    dialect: str,
) -> Any:
    source = COMPANY_KINDS
    model = source.model
    keys: list[Any] = []
    if group:
        keys.append(source.column(group).label("g"))
    if granularity:
        keys.append(period_expr(source, granularity, dialect).label("p"))
    keys += [model.currency.label("cur"), model.dataset_id, model.batch_id]
    columns: list[Any] = [
        func.sum(case((model.bucket.not_in(pivot.known), model.record_count), else_=0)).label(
            "unknown"
        )
    ]
    for index, buckets in enumerate(pivot.buckets):
        held = model.bucket.in_(buckets)
        columns.append(func.sum(case((held, model.amount_minor))).label(f"a{index}"))
        columns.append(func.sum(case((held, model.record_count))).label(f"n{index}"))
    statement = (
        select(literal(tag).label("tag"), *keys, *columns)
        .where(*builder.conditions(source))
        .group_by(*keys)
    )
    return _kinds_index(statement, builder)


def _kinds_index(statement: Any, builder: QueryBuilder) -> Any:
    """MariaDB/MySQL: the covering index that fits, led by company for a list of companies (a
    restricted user, a company filter), else by month. MariaDB chose the company-led one for a
    year of every company (all 181,000 entries of the 1M bench read for 22,000). SQLAlchemy
    renders no table hint on SQLite, whose planner picks well once `ANALYZE` has run."""
    by_company = builder.scope.restricted or bool(builder.filters.companies)
    name = "ix_rollup_company_kind_" + ("company" if by_company else "month")
    return statement.with_hint(RollupCompanyKind.__table__, f"FORCE INDEX ({name})", "mysql")


def month_extent(session: Session, builder: QueryBuilder) -> tuple[date, date] | None:
    """First and last month with data for the filters, from the rollups."""
    query = select(func.min(RollupMonthly.month), func.max(RollupMonthly.month)).where(
        *builder.conditions(ROLLUP)
    )
    first, last = session.execute(query).one()
    return (_as_date(first), _as_date(last)) if first is not None else None


def months_with_data(session: Session, builder: QueryBuilder) -> int:
    """How many distinct months hold data under the filters (from the rollups)."""
    query = select(func.count(func.distinct(RollupMonthly.month))).where(
        *builder.conditions(ROLLUP)
    )
    return int(session.scalar(query) or 0)


def exact_date(
    session: Session, builder: QueryBuilder, *, month: date, last: bool, companyless: bool = False
) -> date | None:
    """The first (or last) record date within one month (from the company-less daily rollups
    when the question involves no company, else from the records)."""
    source = DAILY_TOTALS if companyless else RAW
    conds = [*builder.conditions(source), source.date >= month, source.date < add_months(month, 1)]
    agg = func.max if last else func.min
    value = session.scalar(select(agg(source.date)).where(*conds))
    return _as_date(value) if value is not None else None


def kind_fingerprints(session: Session, dataset_ids: tuple[int, ...]) -> dict[int, str]:
    """The plan each dataset's `rollup_company_kind` rows were built under."""
    if not dataset_ids:
        return {}
    query = select(RollupKindPlan.dataset_id, RollupKindPlan.fingerprint).where(
        RollupKindPlan.dataset_id.in_(dataset_ids)
    )
    return {int(d): str(f) for d, f in session.execute(query)}


def distinct_values(
    session: Session,
    builder: QueryBuilder,
    column: str,
    *,
    companyless: bool = False,
    kinds: bool = False,
) -> list[Any]:
    """Distinct values of one rollup column within the filters and scope (from the
    company-less rollups when the question involves no company; companies from the
    per-company bucket rollup when `kinds`, i.e. it was built under the current plan)."""
    source = monthly_totals() if companyless and column != "company" else ROLLUP
    if column == "company" and kinds:
        # With the dataset in the select list MariaDB reads the company-led index with a loose
        # scan (one seek per company: 0.02 s instead of 0.27 s over 181,000 entries at 1M).
        model = COMPANY_KINDS.model
        pairs = select(model.dataset_id, model.company_code).distinct()
        found = session.execute(pairs.where(*builder.conditions(COMPANY_KINDS)))
        return sorted({company for _, company in found})
    col = source.column(column)
    query = select(col).distinct().where(*builder.conditions(source)).order_by(col)
    return list(session.scalars(query))


def currencies(session: Session, builder: QueryBuilder) -> list[str | None]:
    """The currencies present under the filters (from the rollups, so month-coarse)."""
    return distinct_values(session, builder, "currency")


def count_records(session: Session, builder: QueryBuilder) -> int:
    query = select(func.count()).select_from(DatasetRecord).where(*builder.conditions(RAW))
    return int(session.scalar(query) or 0)


SORT_COLUMNS = {
    "id": DatasetRecord.id,
    "dataset_id": DatasetRecord.dataset_id,
    "company": DatasetRecord.company_code,
    "date": DatasetRecord.date,
    "account": DatasetRecord.account,
    "category": func.coalesce(DatasetRecord.category, ""),
    "amount": DatasetRecord.amount_minor,
    "currency": func.coalesce(DatasetRecord.currency, ""),
    "description": func.coalesce(DatasetRecord.description, ""),
}


def records_page(
    session: Session,
    builder: QueryBuilder,
    *,
    sort: str,
    descending: bool,
    after: tuple[Any, int] | None,
    limit: int,
) -> list[DatasetRecord]:
    """Up to `limit` records ordered by (sort column, id), strictly after the keyset `after`."""
    column = SORT_COLUMNS[sort]
    conds = builder.conditions(RAW)
    if after is not None:
        value, last_id = after
        if descending:
            conds.append(or_(column < value, and_(column == value, DatasetRecord.id < last_id)))
        else:
            conds.append(or_(column > value, and_(column == value, DatasetRecord.id > last_id)))
    order = [column.desc(), DatasetRecord.id.desc()] if descending else [column, DatasetRecord.id]
    query = select(DatasetRecord).where(*conds).order_by(*order).limit(limit)
    return list(session.scalars(query))


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def dimension_names(session: Session, dataset_ids: tuple[int, ...]) -> list[str]:
    """The columns imported as dimensions into these datasets (from each upload's settings)."""
    if not dataset_ids:
        return []
    names: set[str] = set()
    query = select(UploadBatch.options).where(UploadBatch.dataset_id.in_(dataset_ids))
    for options in session.scalars(query):
        names.update(dimensions_of(options))  # dimension columns, and member columns' dimension
    return sorted(names)


def dimension_values(
    session: Session, builder: QueryBuilder, name: str, *, limit: int
) -> list[str]:
    """Distinct values of one dimension within the filters and scope (from its rollups)."""
    source = dimension_rollup(name) if builder.scope.restricted else monthly_totals(name)
    model = source.model
    # The leading index columns in the select list: a loose index scan on MariaDB (one seek
    # per value of the `(dataset_id, dimension, value, month)` index), as for companies.
    query = (
        select(model.dataset_id, model.dimension, model.value)
        .distinct()
        .where(*builder.conditions(source), model.value.is_not(None))
    )
    values = sorted({str(v) for _, _, v in session.execute(query)})
    return values[:limit]
