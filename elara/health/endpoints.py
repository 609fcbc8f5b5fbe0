"""/health (people and monitors), /health/live and /health/ready (load balancers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from elara.auth.permissions import Permission, has_permission
from elara.auth.repository import family_is_live
from elara.core.deps import StateDep
from elara.core.security import InvalidToken
from elara.core.state import AppState
from elara.health.service import health_report, readiness
from elara.models import User
from elara.monitoring.latency import response_times

router = APIRouter(tags=["health"])
_optional_bearer = HTTPBearer(auto_error=False)
OptionalBearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_optional_bearer)]


def _is_health_admin(state: AppState, credentials: HTTPAuthorizationCredentials | None) -> bool:
    """Whether an (optional) bearer token belongs to an active user allowed to read health."""
    if credentials is None:
        return False
    try:
        claims = state.tokens.verify(credentials.credentials)
    except InvalidToken:
        return False
    with state.db.session_factory() as session:
        user = session.get(User, claims.user_id)
        if user is None or not user.is_active:
            return False
        if claims.session_family and not family_is_live(session, claims.session_family):
            return False
        return has_permission(user.role, Permission.health_read)


@router.get("/health")
def health(request: Request, state: StateDep, credentials: OptionalBearer) -> JSONResponse:
    """Public health summary; admins (health:read) also see paths, error types, backups and
    the response times of each area of the app."""
    detailed = _is_health_admin(state, credentials)
    healthy, report = health_report(state, detailed=detailed)
    metrics = getattr(request.app.state, "metrics", None)
    if detailed and metrics is not None:
        report["response_times"] = response_times(metrics)
    return JSONResponse(report, status_code=200 if healthy else 503)


@router.get("/health/live")
def live() -> JSONResponse:
    """The process is up and serving."""
    return JSONResponse({"status": "alive"})


@router.get("/health/ready")
def ready(state: StateDep) -> JSONResponse:
    """The database answers and its schema is at the newest migration."""
    ok, report = readiness(state)
    return JSONResponse(report, status_code=200 if ok else 503)
