"""Reading provenance and errors, rolling one upload back, deleting a dataset."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from elara.audit.chain import record
from elara.audit.events import Action, Actor, AuditEvent
from elara.core import data_version
from elara.core.errors import Conflict, Forbidden, NotFound
from elara.datasets import repository
from elara.datasets.schemas import BatchStatus
from elara.datasets.service import can_manage, get_dataset, get_managed
from elara.models import DatasetError, UploadBatch, User


def list_uploads(session: Session, *, user: User, dataset_id: int) -> Sequence[UploadBatch]:
    """Every upload that fed the dataset, oldest first (provenance)."""
    get_dataset(session, user=user, dataset_id=dataset_id)
    return repository.batches_of(session, dataset_id)


def latest_upload(session: Session, *, dataset_id: int) -> UploadBatch | None:
    """The newest upload into a dataset the caller has already been allowed to read."""
    batch_id = repository.latest_batch_id(session, dataset_id)
    return session.get(UploadBatch, batch_id) if batch_id else None


def list_errors(
    session: Session,
    *,
    user: User,
    dataset_id: int,
    upload_id: int | None,
    offset: int,
    limit: int | None,
) -> tuple[Sequence[DatasetError], int, int, int | None]:
    """Row errors of an upload (the latest by default): rows, stored count, total, upload id."""
    dataset = get_dataset(session, user=user, dataset_id=dataset_id)
    # Error values are raw cells of the file: only those who manage the dataset see them.
    if not can_manage(user, dataset):
        raise Forbidden("Only the owner of this dataset or an admin may read its errors.")
    batch_id = upload_id or repository.latest_batch_id(session, dataset_id)
    batch = session.get(UploadBatch, batch_id) if batch_id else None
    if batch is None or batch.dataset_id != dataset_id:
        if upload_id is not None:
            raise NotFound("Upload not found.")
        return [], 0, 0, None
    rows, stored = repository.errors_page(session, batch_id=batch.id, offset=offset, limit=limit)
    return rows, stored, batch.error_count, batch.id


def rollback_upload(
    session: Session, *, user: User, actor: Actor, dataset_id: int, upload_id: int
) -> UploadBatch:
    """Remove the records one stored upload added (audited); the rest of the dataset stays."""
    dataset = get_managed(session, user=user, dataset_id=dataset_id, lock=True)
    batch = session.get(UploadBatch, upload_id)
    if batch is None or batch.dataset_id != dataset_id:
        raise NotFound("Upload not found.")
    if batch.status != BatchStatus.ready:
        raise Conflict(f"Only a stored upload can be rolled back (this one is {batch.status}).")
    repository.delete_batch_rows(session, dataset_id=dataset_id, batch_ids=[batch.id])
    batch.status = BatchStatus.rolled_back.value
    dataset.row_count = max(0, dataset.row_count - batch.row_count)
    data_version.bump(session)
    record(
        session,
        AuditEvent(
            Action.upload_rollback,
            "dataset",
            dataset_id,
            extra={"upload_id": batch.id, "rows": batch.row_count},
        ),
        actor,
    )
    return batch


def delete_dataset(session: Session, *, user: User, actor: Actor, dataset_id: int) -> list[str]:
    """Delete a dataset and everything stored for it; returns the originals to remove."""
    dataset = get_managed(session, user=user, dataset_id=dataset_id, lock=True)
    if any(b.status == BatchStatus.processing for b in repository.batches_of(session, dataset_id)):
        raise Conflict("This dataset is still being processed; delete it when it has finished.")
    paths = [b.stored_path for b in repository.batches_of(session, dataset_id) if b.stored_path]
    summary = {"name": dataset.name, "rows": dataset.row_count}
    repository.delete_dataset_rows(session, dataset_id)
    data_version.bump(session)
    record(session, AuditEvent(Action.dataset_delete, "dataset", dataset_id, extra=summary), actor)
    return paths
