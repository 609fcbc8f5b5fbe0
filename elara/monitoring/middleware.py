"""One access-log line and the request metrics per HTTP request, as pure ASGI middleware."""

from __future__ import annotations

import time
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from elara.core.context import RequestNotes, request_notes_var
from elara.monitoring.dbtime import QueryTimer, current_timer
from elara.monitoring.metrics import AppMetrics

log = structlog.get_logger("elara.access")
UNMATCHED = "<unmatched>"


def route_template(scope: Scope) -> str:
    """The matched route's template (`/api/users/{user_id}`), never the raw path."""
    route: Any = scope.get("route")
    path = getattr(route, "path", None)
    if path is None:
        return UNMATCHED
    if type(route).__name__ == "Mount":
        return f"{path}/*"
    return str(path)


class AccessLogMiddleware:
    """Logs method, route, status and duration (WARNING with database time when slow)."""

    def __init__(self, app: ASGIApp, *, metrics: AppMetrics, slow_ms: int = 1000) -> None:
        self.app = app
        self.metrics = metrics
        self.slow_ms = slow_ms

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        timer = QueryTimer()
        token = current_timer.set(timer)
        notes = RequestNotes()
        notes_token = request_notes_var.set(notes)
        started = time.perf_counter()
        self.metrics.in_flight.inc()

        async def send_and_watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_watch)
        finally:
            self.metrics.in_flight.dec()
            current_timer.reset(token)
            request_notes_var.reset(notes_token)
            self._finish(scope, status, time.perf_counter() - started, timer, notes)

    def _finish(
        self, scope: Scope, status: int, seconds: float, timer: QueryTimer, notes: RequestNotes
    ) -> None:
        route = route_template(scope)
        method = str(scope.get("method", ""))
        self.metrics.observe_request(method, route, status, seconds)
        duration_ms = round(seconds * 1000, 2)
        fields = {
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": duration_ms,
            "db_ms": round(timer.seconds * 1000, 2),
            "db_queries": timer.queries,
        }
        if notes.user_id is not None:
            fields["user_id"] = notes.user_id
        event = "request"
        if duration_ms >= self.slow_ms:
            event, fields["threshold_ms"] = "slow_request", self.slow_ms
        if status >= 500:
            log.error(event, **fields)
        elif event == "slow_request":
            log.warning(event, **fields)
        else:
            log.info(event, **fields)
