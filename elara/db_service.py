"""The database service (port 5001): dataset reads, deletes and rollbacks for the gateway."""

from __future__ import annotations

import structlog
from fastapi import FastAPI
from sqlalchemy.exc import DBAPIError

from elara.core.config import Settings
from elara.core.state import AppState
from elara.datasets.service import recover_interrupted
from elara.uploads.chunks import purge_expired
from elara.uploads.files import clean_work_dir

log = structlog.get_logger(__name__)


def recover_on_start(state: AppState) -> int:
    """Fail uploads a dead process left unfinished, drop expired chunked uploads and the
    temporary files interrupted work left in <data>/work."""
    removed = clean_work_dir(state.settings, before=state.started_at - 1)
    if removed:
        log.warning("uploads.temp_files_removed", count=removed)
    try:
        with state.db.transaction() as session:
            count = recover_interrupted(session)
            purge_expired(session, settings=state.settings)
    except DBAPIError as exc:  # not migrated yet, or the database is down: /health says so
        log.warning("datasets.recovery_skipped", error=type(exc.orig).__name__)
        return 0
    if count:
        log.warning("datasets.recovered_interrupted", count=count)
    return count


def create_app(settings: Settings | None = None, *, state: AppState | None = None) -> FastAPI:
    """The database service app: internal dataset routes behind the service token."""
    from elara.services.internal import create_role_app

    return create_role_app("db", settings, state, pool_size=lambda s: s.pool_size_db)
