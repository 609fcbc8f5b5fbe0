"""Rollup builders: what the store calls once an upload's records are written.

`build_rollups` runs inside the store's transaction, after the records (and `rollup_monthly`)
of the batch are in and a replace has removed the old batches' rows. The store passes the
totals the reader kept while the upload's batches streamed (`Streamed`: daily, and per
dimension value), which are inserted as they are, so publishing never reads the upload's
records back; without them (the backfill, a spool from an older version) each builder is one
INSERT … SELECT over the records inside the database:

- `rollup_dimension_monthly`: per imported dimension value, company, account and month
  (streamed, or from the batch's records);
- `rollup_account_daily`: per day and account over every company (streamed, or from the
  batch's records);
- `rollup_account_monthly`: per month and account over every company, plain (from the daily
  rows) and per dimension value (from the dimension rollups);
- `rollup_company_kind`: per month, company and statement bucket (from `rollup_monthly`,
  classified by the dataset's plan, whose fingerprint `rollup_kind_plans` keeps). An upload
  whose plan is the stored one adds its own rows; otherwise every row of the dataset is built
  again. After a classification change `refresh_kinds` rebuilds the datasets it changed;
  until then the dashboard reads `rollup_monthly` for them (never a stale row).

Rows of batches that no longer have records (replaced) are removed first. `backfill` builds
whatever is missing for datasets stored before a table existed (the migration calls it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import ColumnElement, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from elara.dashboard.dimensions import batch_is, build_dimension_rollups
from elara.dashboard.kinds import build_plan
from elara.dashboard.pairs import forget as forget_pairs
from elara.models import (
    DatasetRecord,
    RollupAccountDaily,
    RollupAccountMonthly,
    RollupCompanyKind,
    RollupDimensionMonthly,
    RollupKindPlan,
    RollupMonthly,
)
from elara.storage.bulk import insert_frame

MONEY = ("account", "category", "currency", "amount_minor", "record_count")


TABLES = (RollupDimensionMonthly, RollupAccountDaily, RollupAccountMonthly, RollupCompanyKind)
DAILY_COLUMNS = ("dataset_id", "batch_id", "day", *MONEY)


@dataclass(frozen=True)
class Streamed:
    """An upload's totals kept while its parsed batches streamed (every record of the batch
    counted once): ``daily`` per date, account, category and currency (None: not kept), and
    ``per_value`` per dimension, value, month, company, account, category and currency for
    the ``dimensions`` named."""

    daily: pl.DataFrame | None
    dimensions: frozenset[str]
    per_value: pl.DataFrame


def build_rollups(
    session: Session, *, dataset_id: int, batch_id: int | None, streamed: Streamed | None = None
) -> None:
    """Every rollup built from the stored records of one upload (see the module docstring).

    Building again replaces the upload's rows (`batch_id` None: the records stored without an
    upload, which grow by appending). ``streamed`` must hold the totals of exactly the
    batch's records."""
    drop_stale(session, dataset_id)
    forget_pairs(session, dataset_id)  # built again when next asked
    for table in TABLES:
        session.execute(
            delete(table).where(table.dataset_id == dataset_id, batch_is(table.batch_id, batch_id))
        )
    per_value = None if streamed is None else (streamed.dimensions, streamed.per_value)
    build_dimension_rollups(session, dataset_id=dataset_id, batch_id=batch_id, streamed=per_value)
    daily = None if streamed is None else streamed.daily
    build_account_rollups(session, dataset_id=dataset_id, batch_id=batch_id, daily=daily)
    build_company_kinds(session, dataset_id=dataset_id, batch_id=batch_id)


def build_company_kinds(session: Session, *, dataset_id: int, batch_id: int | None) -> None:
    """The per-company bucket totals of one upload (after its `rollup_monthly` rows are in and
    its old rows removed), or of the whole dataset when its plan changed since they were
    built (an upload brings new accounts or chosen kinds)."""
    plan = build_plan(session, (dataset_id,))
    fingerprint = plan.fingerprint(dataset_id)
    stored = session.scalar(
        select(RollupKindPlan.fingerprint).where(RollupKindPlan.dataset_id == dataset_id)
    )
    if stored == fingerprint:
        _insert_kinds(session, dataset_id, plan, batch_is(RollupMonthly.batch_id, batch_id))
    else:
        _rebuild_kinds(session, dataset_id, plan)


def refresh_kinds(session: Session, dataset_ids: Any = None) -> int:
    """Rebuild `rollup_company_kind` of every dataset (or of those given) whose plan is not
    the one its rows were built under; returns how many were rebuilt. Call after a
    classification change (an admin's kind, a dataset's kind); the caller bumps the data
    version as that change does."""
    query = select(RollupMonthly.dataset_id).distinct()
    if dataset_ids is not None:
        query = query.where(RollupMonthly.dataset_id.in_(list(dataset_ids)))
    ids = sorted(int(d) for d in session.scalars(query))
    if not ids:
        return 0
    plan = build_plan(session, tuple(ids))
    plans = select(RollupKindPlan.dataset_id, RollupKindPlan.fingerprint).where(
        RollupKindPlan.dataset_id.in_(ids)
    )
    stored = {int(d): str(f) for d, f in session.execute(plans)}
    stale = [d for d in ids if stored.get(d) != plan.fingerprint(d)]
    for dataset_id in stale:
        _rebuild_kinds(session, dataset_id, plan)
    return len(stale)


def _rebuild_kinds(session: Session, dataset_id: int, plan: Any) -> None:
    k = RollupCompanyKind
    session.execute(delete(k).where(k.dataset_id == dataset_id))
    session.execute(delete(RollupKindPlan).where(RollupKindPlan.dataset_id == dataset_id))
    _insert_kinds(session, dataset_id, plan, None)
    session.execute(
        insert(RollupKindPlan).values(
            dataset_id=dataset_id, fingerprint=plan.fingerprint(dataset_id)
        )
    )


def _insert_kinds(
    session: Session, dataset_id: int, plan: Any, batch: ColumnElement[bool] | None
) -> None:
    m = RollupMonthly
    bucket = plan.case(m)
    keys = [m.batch_id, m.month, m.company_code, bucket, m.currency]
    conds = [m.dataset_id == dataset_id] + ([batch] if batch is not None else [])
    rows = (
        select(literal(dataset_id), *keys, func.sum(m.amount_minor), func.sum(m.record_count))
        .where(*conds)
        .group_by(*keys)
    )
    columns = [
        "dataset_id",
        "batch_id",
        "month",
        "company_code",
        "bucket",
        "currency",
        "amount_minor",
        "record_count",
    ]
    session.execute(insert(RollupCompanyKind).from_select(columns, rows))


def build_account_rollups(
    session: Session, *, dataset_id: int, batch_id: int | None, daily: pl.DataFrame | None = None
) -> None:
    """The company-less daily and monthly totals of one upload (the daily ones as ``daily``
    gives them: date, account, category, currency, amount_minor, record_count)."""
    r, d = DatasetRecord, RollupAccountDaily
    if daily is not None:
        rows = daily.rename({"date": "day"}).with_columns(
            pl.lit(dataset_id, dtype=pl.Int64).alias("dataset_id"),
            pl.lit(batch_id, dtype=pl.Int64).alias("batch_id"),
        )
        insert_frame(session, d.__tablename__, DAILY_COLUMNS, rows)
    else:
        day_keys = [r.date, r.account, r.category, r.currency]
        by_day = (
            select(
                literal(dataset_id),
                literal(batch_id),
                *day_keys,
                func.sum(r.amount_minor),
                func.count(),
            )
            .where(r.dataset_id == dataset_id, batch_is(r.batch_id, batch_id))
            .group_by(*day_keys)
        )
        session.execute(insert(d).from_select(list(DAILY_COLUMNS), by_day))
    month = _month(session, d.day)
    keys = [month, d.account, d.category, d.currency]
    monthly = (
        select(
            literal(dataset_id),
            literal(batch_id),
            literal(""),
            *keys,
            func.sum(d.amount_minor),
            func.sum(d.record_count),
        )
        .where(d.dataset_id == dataset_id, batch_is(d.batch_id, batch_id))
        .group_by(*keys)
    )
    columns = ["dataset_id", "batch_id", "dimension", "month", *MONEY]
    session.execute(insert(RollupAccountMonthly).from_select(columns, monthly))
    m = RollupDimensionMonthly
    keys = [m.dimension, m.value, m.month, m.account, m.category, m.currency]
    per_value = (
        select(
            literal(dataset_id),
            literal(batch_id),
            *keys,
            func.sum(m.amount_minor),
            func.sum(m.record_count),
        )
        .where(m.dataset_id == dataset_id, batch_is(m.batch_id, batch_id))
        .group_by(*keys)
    )
    columns = ["dataset_id", "batch_id", "dimension", "value", "month", *MONEY]
    session.execute(insert(RollupAccountMonthly).from_select(columns, per_value))


def _month(session: Session, column: Any) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "sqlite":
        return func.date(column, "start of month")
    return func.str_to_date(func.date_format(column, "%Y-%m-01"), "%Y-%m-%d")


def drop_stale(session: Session, dataset_id: int) -> None:
    """Remove the rollups of batches whose monthly rollups are gone (a replaced upload)."""
    m = RollupMonthly
    live = (
        select(m.batch_id)
        .where(m.dataset_id == dataset_id, m.batch_id.is_not(None))
        .distinct()
        .scalar_subquery()
    )
    unbatched = select(m.id).where(m.dataset_id == dataset_id, m.batch_id.is_(None)).limit(1)
    keep_unbatched = session.scalar(unbatched) is not None
    for table in TABLES:
        session.execute(
            delete(table).where(table.dataset_id == dataset_id, table.batch_id.not_in(live))
        )
        if not keep_unbatched:
            session.execute(
                delete(table).where(table.dataset_id == dataset_id, table.batch_id.is_(None))
            )


def backfill(session: Session) -> int:
    """Build the rollups missing for uploads stored before their tables existed; returns how
    many uploads were built."""
    stored = session.execute(
        select(RollupMonthly.dataset_id, RollupMonthly.batch_id).distinct()
    ).all()
    built = 0
    for dataset_id, batch_id in stored:
        if not _has(session, RollupAccountMonthly, dataset_id, batch_id):
            if not _has(session, RollupDimensionMonthly, dataset_id, batch_id):
                build_dimension_rollups(session, dataset_id=dataset_id, batch_id=batch_id)
            build_account_rollups(session, dataset_id=dataset_id, batch_id=batch_id)
            built += 1
    return built


def _has(session: Session, table: Any, dataset_id: int, batch_id: int | None) -> bool:
    query = select(table.id).where(
        table.dataset_id == dataset_id, batch_is(table.batch_id, batch_id)
    )
    return session.scalar(query.limit(1)) is not None
