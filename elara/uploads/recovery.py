"""Start-up housekeeping that never touches another process's work.

Uploads in progress belong to the worker holding their lease; a dead worker's jobs are
taken over when the lease expires (elara.uploads.worker), not at anybody's start-up.
"""

from __future__ import annotations

import time

import structlog
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from elara.core.state import AppState
from elara.datasets import service as datasets
from elara.models import UploadBatch, UploadJob
from elara.uploads.chunks import purge_expired
from elara.uploads.files import clean_work_dir

log = structlog.get_logger(__name__)

# A received file idle this long is no live request's (receiving, checking, encrypting).
STALE_TEMP_SECONDS = 15 * 60


def fail_orphans(session: Session) -> int:
    """Fail uploads left `processing` without a job (written before jobs had owners)."""
    orphans = session.execute(
        select(UploadBatch.id, UploadBatch.dataset_id).where(
            UploadBatch.status == "processing",
            ~select(UploadJob.batch_id).where(UploadJob.batch_id == UploadBatch.id).exists(),
        )
    ).all()
    for batch_id, dataset_id in orphans:
        datasets.fail_upload(
            session, dataset_id=dataset_id, batch_id=batch_id, reason=datasets.INTERRUPTED
        )
    return len(orphans)


def recover_on_start(state: AppState) -> int:
    """Drop expired chunked uploads, orphaned batches and stale received files; returns how
    many temporary entries were removed."""
    before = min(state.started_at - 1, time.time() - STALE_TEMP_SECONDS)
    removed = clean_work_dir(state.settings, before=before)
    if removed:
        log.warning("uploads.temp_files_removed", count=removed)
    try:
        with state.db.transaction() as session:
            orphans = fail_orphans(session)
            purge_expired(session, settings=state.settings)
    except DBAPIError as exc:  # not migrated yet, or the database is down: /health says so
        log.warning("uploads.recovery_skipped", error=type(exc.orig).__name__)
        return removed
    if orphans:
        log.warning("uploads.orphans_failed", count=orphans)
    return removed
