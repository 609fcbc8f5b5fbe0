"""Monthly rollups per imported dimension, built when an upload is stored.

For each column the upload's settings import as a dimension, the records of the batch are
summed per month, dimension value, company, account, category and currency: from the totals
the reader kept while the batches streamed (`elara.storage.spool.Spool.dimension_rollup`)
when the store passes them, else in one INSERT … SELECT over the records inside the database
(see `elara.dashboard.rollups`, which the store calls).
"""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import ColumnElement, func, insert, literal, select
from sqlalchemy.orm import Session

from elara.dashboard.query import RAW, dimension_value, period_expr
from elara.ingest.settings import DEFAULT_MEMBER_DIMENSION
from elara.models import DatasetRecord, RollupDimensionMonthly, UploadBatch
from elara.storage.bulk import insert_frame

COLUMNS = (
    "dataset_id",
    "batch_id",
    "dimension",
    "value",
    "month",
    "company_code",
    "account",
    "category",
    "currency",
    "amount_minor",
    "record_count",
)


def dimensions_of(options: Any) -> list[str]:
    """The headers an upload's settings import as dimensions, and the dimension of its
    member columns (see `elara.ingest.members`)."""
    settings = options.get("settings") if isinstance(options, dict) else None
    columns = settings.get("columns") if isinstance(settings, dict) else None
    names = []
    members = False
    for column in columns if isinstance(columns, list) else []:
        if isinstance(column, dict) and column.get("role") == "dimension" and column.get("header"):
            names.append(str(column["header"])[:128])
        members = members or (isinstance(column, dict) and column.get("role") == "member")
    if members:  # the dimension whose members the columns are ("Class": Retail, Wholesale)
        constants = settings.get("constants") if isinstance(settings, dict) else None
        named = constants.get("dimension") if isinstance(constants, dict) else None
        named = " ".join(named.split()) if isinstance(named, str) else ""
        names.append((named or DEFAULT_MEMBER_DIMENSION)[:128])
    return sorted(set(names))


def batch_is(column: Any, batch_id: int | None) -> ColumnElement[bool]:
    """Rows of one upload (`None`: rows stored before uploads were tracked)."""
    return column.is_(None) if batch_id is None else column == batch_id


def build_dimension_rollups(
    session: Session,
    *,
    dataset_id: int,
    batch_id: int | None,
    streamed: tuple[frozenset[str], pl.DataFrame] | None = None,
) -> int:
    """Sum the batch's records per dimension value and month; returns the dimensions built.

    ``streamed``: the dimensions whose totals were kept while the batches streamed, and those
    totals (columns `DIMENSION_KEYS` of the spool, `amount_minor`, `record_count`); they are
    inserted as they are, and only the other dimensions are summed from the records."""
    options = None
    if batch_id is not None:
        options = session.scalar(select(UploadBatch.options).where(UploadBatch.id == batch_id))
    names = dimensions_of(options)
    kept, totals = streamed if streamed is not None else (frozenset(), None)
    from_totals = [name for name in names if name in kept]
    if totals is not None and from_totals:
        rows = totals.filter(pl.col("dimension").is_in(from_totals)).with_columns(
            pl.lit(dataset_id, dtype=pl.Int64).alias("dataset_id"),
            pl.lit(batch_id, dtype=pl.Int64).alias("batch_id"),
        )
        insert_frame(session, RollupDimensionMonthly.__tablename__, COLUMNS, rows)
    dialect = session.get_bind().dialect.name
    month = period_expr(RAW, "month", dialect)
    for name in names:
        if name in from_totals:
            continue
        value = func.substr(dimension_value(name), 1, 255)
        keys = [
            month,
            value,
            DatasetRecord.company_code,
            DatasetRecord.account,
            DatasetRecord.category,
            DatasetRecord.currency,
        ]
        query = (
            select(
                literal(dataset_id),
                literal(batch_id),
                literal(name),
                *keys[1:2],
                *keys[:1],
                *keys[2:],
                func.sum(DatasetRecord.amount_minor),
                func.count(),
            )
            .where(
                DatasetRecord.dataset_id == dataset_id, batch_is(DatasetRecord.batch_id, batch_id)
            )
            .group_by(*keys)
        )
        session.execute(insert(RollupDimensionMonthly).from_select(list(COLUMNS), query))
    return len(names)
