"""Rollup builders: what the store calls once an upload's records are written.

`build_rollups` runs inside the store's transaction, after the records (and `rollup_monthly`)
of the batch are in and a replace has removed the old batches' rows. Each builder is one
INSERT … SELECT inside the database, so nothing is read back into Python:

- `rollup_dimension_monthly`: per imported dimension value, company, account and month
  (from the batch's records);
- `rollup_account_daily`: per day and account over every company (from the batch's records);
- `rollup_account_monthly`: per month and account over every company, plain (from the daily
  rows) and per dimension value (from the dimension rollups).

Rows of batches that no longer have records (replaced) are removed first. `backfill` builds
whatever is missing for datasets stored before a table existed (the migration calls it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from elara.dashboard.dimensions import batch_is, build_dimension_rollups
from elara.models import (
    DatasetRecord,
    RollupAccountDaily,
    RollupAccountMonthly,
    RollupDimensionMonthly,
    RollupMonthly,
)

MONEY = ("account", "category", "currency", "amount_minor", "record_count")


TABLES = (RollupDimensionMonthly, RollupAccountDaily, RollupAccountMonthly)


def build_rollups(session: Session, *, dataset_id: int, batch_id: int | None) -> None:
    """Every rollup built from the stored records of one upload (see the module docstring).

    Building again replaces the upload's rows (`batch_id` None: the records stored without an
    upload, which grow by appending)."""
    drop_stale(session, dataset_id)
    for table in TABLES:
        session.execute(
            delete(table).where(table.dataset_id == dataset_id, batch_is(table.batch_id, batch_id))
        )
    build_dimension_rollups(session, dataset_id=dataset_id, batch_id=batch_id)
    build_account_rollups(session, dataset_id=dataset_id, batch_id=batch_id)


def build_account_rollups(session: Session, *, dataset_id: int, batch_id: int | None) -> None:
    """The company-less daily and monthly totals of one upload."""
    r, d = DatasetRecord, RollupAccountDaily
    day_keys = [r.date, r.account, r.category, r.currency]
    daily = (
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
    session.execute(insert(d).from_select(["dataset_id", "batch_id", "day", *MONEY], daily))
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
