"""The upload service (port 5000): receives files, parses them off the event loop, stores them."""

from __future__ import annotations

from fastapi import FastAPI

from elara.core.config import Settings
from elara.core.state import AppState


def create_app(settings: Settings | None = None, *, state: AppState | None = None) -> FastAPI:
    """The upload service app: internal upload routes behind the service token."""
    from elara.services.internal import create_role_app

    return create_role_app("upload", settings, state, pool_size=lambda s: s.pool_size_upload)
