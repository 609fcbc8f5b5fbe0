"""Monthly rollups per imported dimension, built when an upload is stored.

For each column the upload's settings import as a dimension, the records of the batch are
summed per month, dimension value, company, account, category and currency, in one
INSERT … SELECT inside the database (see `elara.dashboard.rollups`, which the store calls).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, insert, literal, select
from sqlalchemy.orm import Session

from elara.dashboard.query import RAW, dimension_value, period_expr
from elara.models import DatasetRecord, RollupDimensionMonthly, UploadBatch

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


def batch_is(column: Any, batch_id: int | None) -> ColumnElement[bool]:
    """Rows of one upload (`None`: rows stored before uploads were tracked)."""
    return column.is_(None) if batch_id is None else column == batch_id


def build_dimension_rollups(session: Session, *, dataset_id: int, batch_id: int | None) -> int:
    """Sum the batch's records per dimension value and month; returns the dimensions built."""
    options = None
    if batch_id is not None:
        options = session.scalar(select(UploadBatch.options).where(UploadBatch.id == batch_id))
    names = dimensions_of(options)
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
