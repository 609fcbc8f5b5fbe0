"""/metrics: the Prometheus exposition, for admins (health:read) only."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from elara.auth.deps import require
from elara.auth.permissions import Permission
from elara.monitoring.metrics import AppMetrics

router = APIRouter(tags=["monitoring"])


@router.get(
    "/metrics",
    dependencies=[Depends(require(Permission.health_read))],
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
def metrics(request: Request) -> Response:
    """Prometheus metrics of this app (scrapers use an admin token or ELARA_METRICS_BIND)."""
    app_metrics: AppMetrics = request.app.state.metrics
    return Response(app_metrics.render(), media_type=CONTENT_TYPE_LATEST)
