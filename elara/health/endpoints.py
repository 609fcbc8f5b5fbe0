"""/health: 200 when Elara can serve, 503 with the reasons when it cannot."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from elara.core.deps import StateDep
from elara.health.service import health_report

router = APIRouter(tags=["health"])


@router.get("/health")
def health(state: StateDep) -> JSONResponse:
    """Database reachability with round-trip time, version and uptime."""
    healthy, report = health_report(state)
    return JSONResponse(report, status_code=200 if healthy else 503)
