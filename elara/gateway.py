"""The gateway: the public HTTP API and the web app, on port 3000 by default."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from elara import __version__
from elara.assistant.endpoints import admin_router as assistant_admin_router
from elara.assistant.endpoints import router as assistant_router
from elara.audit.endpoints import router as audit_router
from elara.auth.endpoints import router as auth_router
from elara.auth.reset_endpoints import router as reset_router
from elara.core.config import Settings, get_settings
from elara.core.errors import install_error_handlers
from elara.core.logging import configure_logging
from elara.core.middleware import CorrelationMiddleware
from elara.core.openapi import install_error_schemas
from elara.core.ratelimit import GeneralRateLimitMiddleware, RateLimiter
from elara.core.state import AppState
from elara.dashboard.admin_endpoints import router as dashboard_admin_router
from elara.dashboard.endpoints import router as dashboard_router
from elara.datasets.endpoints import router as datasets_router
from elara.email.endpoints import router as outbox_router
from elara.events.endpoints import router as events_router
from elara.health.endpoints import router as health_router
from elara.monitoring.endpoints import router as metrics_router
from elara.monitoring.runtime import background, install_observability
from elara.profile.endpoints import router as profile_router
from elara.recipes.endpoints import router as recipes_router
from elara.security.alerts import install_alerts
from elara.security.docs_csp import docs_policies
from elara.security.middleware import (
    RefusalAuditMiddleware,
    SanitiseMiddleware,
    SecurityHeadersMiddleware,
)
from elara.subscriptions.endpoints import router as subscriptions_router
from elara.uploads.endpoints import router as uploads_router
from elara.uploads.recovery import recover_on_start
from elara.uploads.worker import working
from elara.users.endpoints import router as users_router
from elara.views.endpoints import router as views_router

STATIC_DIR = Path(__file__).parent / "web" / "static"
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
# Browser libraries installed from the npm registry (`npm ci`), served read-only under /vendor.
VENDOR_DIRS = {
    "chart.js": NODE_MODULES / "chart.js" / "dist",
    "axe-core": NODE_MODULES / "axe-core",
}

ROUTERS: tuple[APIRouter, ...] = (
    health_router,
    metrics_router,
    auth_router,
    reset_router,
    users_router,
    profile_router,
    datasets_router,
    uploads_router,
    recipes_router,
    events_router,
    assistant_router,
    assistant_admin_router,
    audit_router,
    outbox_router,
    dashboard_router,
    dashboard_admin_router,
    views_router,
    subscriptions_router,
)


WORKER_ROLES = ("upload", "db")


def create_app(
    settings: Settings | None = None,
    *,
    state: AppState | None = None,
    worker_roles: tuple[str, ...] = WORKER_ROLES,
) -> FastAPI:
    """Build the gateway around one AppState (created from settings when not given).

    By default the process is the upload and db workers too (their queue consumers run as
    threads); a scaled gateway (`worker_roles=()`) only enqueues and reads status.
    """
    settings = settings or (state.settings if state else get_settings())
    app_state = state or AppState.build(settings)
    configure_logging(settings, service="gateway")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        recover_on_start(app_state)
        with background(app_state, app.state.metrics), working(app_state, worker_roles):
            yield
        if state is None:
            app_state.db.dispose()

    docs = not settings.is_production
    app = FastAPI(
        title="Elara",
        version=__version__,
        lifespan=lifespan,
        docs_url="/api/docs" if docs else None,
        redoc_url=None,
        openapi_url="/api/openapi.json" if docs else None,
    )
    app.state.elara = app_state
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    mount_vendor(app)
    app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="web")
    install_error_schemas(app)
    install_alerts(app_state)
    app.state.rate_limiter = RateLimiter(settings)
    _add_middleware(app, app_state)
    return app


def scaled_gateway() -> FastAPI:
    """A scaled gateway built from the environment: what each `--workers` process serves."""
    return create_app(get_settings(), worker_roles=())


AUTO_WORKERS_MAX = 4


def gateway_workers(settings: Settings) -> int:
    """How many processes a scaled gateway runs: ELARA_GATEWAY_WORKERS, or one per core this
    process may use, at most AUTO_WORKERS_MAX (each has its own pool of connections)."""
    if settings.gateway_workers:
        return settings.gateway_workers
    return max(1, min(len(os.sched_getaffinity(0)), AUTO_WORKERS_MAX))


CORS_HEADERS = ["Authorization", "Content-Type", "X-Elara-CSRF", "X-Request-ID"]
EXPOSED_HEADERS = [
    "X-Request-ID",
    "Retry-After",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "Content-Disposition",
]


def _add_middleware(app: FastAPI, state: AppState) -> None:
    """The seed's order; the last added runs first (see docs/security.md).

    Request path: security headers (outermost, so every response has them, a 500 included)
    -> correlation id -> CORS -> access log and metrics -> input sanitisation -> rate limits
    -> refused-access audit -> routes (authentication and the per-route tiers are dependencies
    there).
    """
    app.add_middleware(RefusalAuditMiddleware, state=state)
    app.add_middleware(GeneralRateLimitMiddleware, limiter=app.state.rate_limiter, state=state)
    app.add_middleware(SanitiseMiddleware)
    # The access log sees every answer, refusals by the layers above included.
    install_observability(app, state)
    if state.settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=state.settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=CORS_HEADERS,
            expose_headers=EXPOSED_HEADERS,
            max_age=600,
        )
    app.add_middleware(CorrelationMiddleware)
    app.add_middleware(
        SecurityHeadersMiddleware, settings=state.settings, csp_overrides=docs_policies(app)
    )


def mount_vendor(app: FastAPI) -> None:
    """Serve the npm-installed browser libraries; a missing one is skipped (charts then fail)."""
    for name, directory in VENDOR_DIRS.items():
        if directory.is_dir():
            app.mount(f"/vendor/{name}", StaticFiles(directory=directory), name=f"vendor-{name}")
