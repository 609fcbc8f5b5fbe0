"""SQL for datasets, their upload batches, records, rollups and row errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session

from elara.dashboard.pairs import forget as forget_pairs
from elara.dashboard.rollups import TABLES as ROLLUP_TABLES
from elara.models import (
    Dataset,
    DatasetError,
    DatasetRecord,
    DatasetStatus,
    RollupMonthly,
    UploadBatch,
)

UNFINISHED = (DatasetStatus.uploading.value, DatasetStatus.processing.value)


def page_of_datasets(
    session: Session,
    *,
    owner_id: int | None,
    offset: int,
    limit: int,
    viewer_id: int | None = None,
    companies: Sequence[str] | None = None,
) -> tuple[Sequence[Dataset], int]:
    """A page of datasets; with ``companies``, only the viewer's own or those holding one."""
    query = select(Dataset)
    if owner_id is not None:
        query = query.where(Dataset.owner_id == owner_id)
    if companies:
        query = query.where(or_(Dataset.owner_id == viewer_id, Dataset.id.in_(_holding(companies))))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Dataset.id.desc()).offset(offset).limit(limit)).all()
    return rows, total


def _holding(companies: Sequence[str]) -> Select[Any]:
    return select(RollupMonthly.dataset_id).where(RollupMonthly.company_code.in_(companies))


def holds_any(session: Session, dataset_id: int, companies: Sequence[str]) -> bool:
    """Whether the dataset has records of one of ``companies``."""
    found = _holding(companies).where(RollupMonthly.dataset_id == dataset_id).limit(1)
    return session.scalar(found) is not None


def visible_counts(
    session: Session, dataset_ids: Sequence[int], companies: Sequence[str]
) -> dict[int, int]:
    """Records per dataset in ``companies`` only."""
    query = (
        select(RollupMonthly.dataset_id, func.sum(RollupMonthly.record_count))
        .where(RollupMonthly.dataset_id.in_(dataset_ids), RollupMonthly.company_code.in_(companies))
        .group_by(RollupMonthly.dataset_id)
    )
    return {int(d): int(n or 0) for d, n in session.execute(query)}


def lock_dataset(session: Session, dataset_id: int) -> Dataset | None:
    """The dataset row, locked for the rest of the transaction (serialises writers)."""
    return session.scalars(
        select(Dataset).where(Dataset.id == dataset_id).with_for_update()
    ).first()


def find_duplicate(session: Session, sha256: str) -> int | None:
    """A dataset that already holds a stored upload of the same bytes."""
    return session.scalar(
        select(UploadBatch.dataset_id)
        .where(UploadBatch.sha256 == sha256, UploadBatch.status == "ready")
        .order_by(UploadBatch.id.desc())
        .limit(1)
    )


def batches_of(session: Session, dataset_id: int) -> Sequence[UploadBatch]:
    return session.scalars(
        select(UploadBatch).where(UploadBatch.dataset_id == dataset_id).order_by(UploadBatch.id)
    ).all()


def latest_batch_id(session: Session, dataset_id: int) -> int | None:
    return session.scalar(
        select(func.max(UploadBatch.id)).where(UploadBatch.dataset_id == dataset_id)
    )


def delete_batch_rows(session: Session, *, dataset_id: int, batch_ids: Sequence[int]) -> None:
    """Remove the records and rollups of the given batches."""
    if not batch_ids:
        return
    forget_pairs(session, dataset_id)
    for table in (DatasetRecord, RollupMonthly, *ROLLUP_TABLES):
        session.execute(
            delete(table).where(table.dataset_id == dataset_id, table.batch_id.in_(batch_ids))
        )


def delete_unbatched_rows(session: Session, dataset_id: int) -> None:
    forget_pairs(session, dataset_id)
    for table in (DatasetRecord, RollupMonthly, *ROLLUP_TABLES):
        session.execute(
            delete(table).where(table.dataset_id == dataset_id, table.batch_id.is_(None))
        )


def delete_dataset_rows(session: Session, dataset_id: int) -> None:
    """Everything stored for a dataset, children first (no reliance on cascades)."""
    forget_pairs(session, dataset_id)
    for table in (DatasetRecord, RollupMonthly, DatasetError):
        session.execute(delete(table).where(table.dataset_id == dataset_id))
    session.execute(delete(UploadBatch).where(UploadBatch.dataset_id == dataset_id))
    session.execute(delete(Dataset).where(Dataset.id == dataset_id))


def errors_page(
    session: Session, *, batch_id: int, offset: int, limit: int | None
) -> tuple[Sequence[DatasetError], int]:
    query = select(DatasetError).where(DatasetError.batch_id == batch_id)
    stored = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(DatasetError.row, DatasetError.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return session.scalars(query).all(), stored


def delete_staged_rows(session: Session, batch_ids: Sequence[int] | None = None) -> None:
    """Remove rows staged by unfinished uploads (all ``processing`` ones, or those given)."""
    query = select(UploadBatch.id).where(UploadBatch.status == "processing")
    if batch_ids is not None:
        query = query.where(UploadBatch.id.in_(batch_ids))
    for table in (DatasetRecord, RollupMonthly):
        session.execute(delete(table).where(table.batch_id.in_(query.scalar_subquery())))


def company_spellings(session: Session) -> dict[str, str]:
    """Match key -> the spelling stored for every company in any dataset."""
    from elara.finance.companies import match_key

    codes = session.scalars(select(RollupMonthly.company_code).distinct()).all()
    spellings: dict[str, str] = {}
    for code in sorted(codes):
        spellings.setdefault(match_key(code), code)
    return spellings


def companies_in(
    session: Session, dataset_id: int, batch_ids: Sequence[int] | None = None
) -> set[str]:
    """Company codes a dataset (or some of its upload batches) holds records for."""
    query = select(RollupMonthly.company_code).where(RollupMonthly.dataset_id == dataset_id)
    if batch_ids is not None:
        query = query.where(RollupMonthly.batch_id.in_(batch_ids))
    return set(session.scalars(query.distinct()).all())
