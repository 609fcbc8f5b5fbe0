"""The upload service (port 5000): receives files, parses them off the event loop, stores them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from elara.core.config import Settings, get_settings
from elara.core.logging import configure_logging
from elara.core.state import AppState
from elara.db_service import recover_on_start


def create_app(settings: Settings | None = None, *, state: AppState | None = None) -> FastAPI:
    """The upload service app: internal upload routes behind the service token."""
    from elara.services.internal import build_service_app

    settings = settings or (state.settings if state else get_settings())
    configure_logging(settings, service="upload")
    app_state = state or AppState.build(settings, pool_size=settings.pool_size_upload)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # One upload service per database is assumed: what it left unfinished is dead.
        recover_on_start(app_state)
        yield
        app_state.jobs.wait_all(timeout=60)
        if state is None:
            app_state.db.dispose()

    return build_service_app("upload", app_state, lifespan)
