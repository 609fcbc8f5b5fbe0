"""Monthly rollups per imported dimension, built when an upload is stored.

The datasets' service calls `build_dimension_rollups` at the end of storing an upload (after a
replace removed the old batches' rows): for each column the upload's settings import as a
dimension, the records of the batch are summed per month, dimension value, company, account,
category and currency, in one INSERT … SELECT inside the database. Rows of batches that no
longer have records (replaced) are removed at the same time.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, insert, literal, select
from sqlalchemy.orm import Session

from elara.dashboard.query import RAW, dimension_value, period_expr
from elara.models import DatasetRecord, RollupDimensionMonthly, RollupMonthly, UploadBatch

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
    """The headers an upload's settings import as dimensions."""
    settings = options.get("settings") if isinstance(options, dict) else None
    columns = settings.get("columns") if isinstance(settings, dict) else None
    names = []
    for column in columns if isinstance(columns, list) else []:
        if isinstance(column, dict) and column.get("role") == "dimension" and column.get("header"):
            names.append(str(column["header"])[:128])
    return sorted(set(names))


def build_dimension_rollups(session: Session, *, dataset_id: int, batch_id: int) -> int:
    """Sum the batch's records per dimension value and month; returns the dimensions built."""
    _drop_stale(session, dataset_id)
    batch = session.get(UploadBatch, batch_id)
    names = dimensions_of(batch.options if batch else None)
    dialect = session.get_bind().dialect.name
    month = period_expr(RAW, "month", dialect)
    for name in names:
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
                value,
                month,
                DatasetRecord.company_code,
                DatasetRecord.account,
                DatasetRecord.category,
                DatasetRecord.currency,
                func.sum(DatasetRecord.amount_minor),
                func.count(),
            )
            .where(DatasetRecord.dataset_id == dataset_id, DatasetRecord.batch_id == batch_id)
            .group_by(*keys)
        )
        session.execute(insert(RollupDimensionMonthly).from_select(list(COLUMNS), query))
    return len(names)


def _drop_stale(session: Session, dataset_id: int) -> None:
    live = select(RollupMonthly.batch_id).where(
        RollupMonthly.dataset_id == dataset_id, RollupMonthly.batch_id.is_not(None)
    )
    session.execute(
        delete(RollupDimensionMonthly).where(
            RollupDimensionMonthly.dataset_id == dataset_id,
            RollupDimensionMonthly.batch_id.not_in(live.distinct().scalar_subquery()),
        )
    )
