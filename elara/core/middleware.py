"""Request plumbing as pure ASGI middleware: correlation ids and the last-resort error guard."""

from __future__ import annotations

import re
import uuid

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from elara.core.context import correlation_id_var, user_id_var
from elara.core.errors import error_response

log = structlog.get_logger(__name__)

CORRELATION_HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def _incoming_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            return text if _SAFE_ID.match(text) else None
    return None


class CorrelationMiddleware:
    """Keeps a safe incoming X-Request-ID or makes one; puts it on the response and in logs.

    It also turns any unexpected exception into the one JSON error body, so even a 500 carries
    the correlation id and passes through the security-header middleware.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        cid = _incoming_id(scope) or uuid.uuid4().hex
        token = correlation_id_var.set(cid)
        user_token = user_id_var.set(None)
        structlog.contextvars.bind_contextvars(correlation_id=cid)
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)[CORRELATION_HEADER] = cid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            if scope["type"] != "http" or started:
                raise
            log.exception("unhandled_error", error_type=type(exc).__name__)
            response = error_response(500, "internal_error", "Something went wrong on our side.")
            await response(scope, receive, send_with_id)
        finally:
            structlog.contextvars.unbind_contextvars("correlation_id")
            user_id_var.reset(user_token)
            correlation_id_var.reset(token)
