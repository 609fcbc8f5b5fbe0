"""The upload service: a pool of parsing workers fed by the task queue (health on port 5000)."""

from __future__ import annotations

from fastapi import FastAPI

from elara.core.config import Settings, get_settings
from elara.core.logging import configure_logging
from elara.core.state import AppState
from elara.uploads.recovery import recover_on_start
from elara.uploads.worker import worker_app

ROLE = "upload"


def create_app(settings: Settings | None = None, *, state: AppState | None = None) -> FastAPI:
    """A upload worker: consumes its queue, takes over expired jobs, answers /health."""
    settings = settings or (state.settings if state else get_settings())
    configure_logging(settings, service=ROLE)
    app_state = state or AppState.build(settings, pool_size=settings.pool_size_upload)
    recover_on_start(app_state)
    return worker_app(ROLE, app_state)
