"""Security middleware: input sanitisation, refused-access auditing and security headers."""

from __future__ import annotations

from collections.abc import Iterable

import anyio
import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent
from elara.core.config import Settings
from elara.core.errors import error_response
from elara.core.proxies import resolve_client_ip, resolve_scheme
from elara.core.security import InvalidToken
from elara.core.state import AppState
from elara.security.events import record_security_event
from elara.security.sanitize import BadStructure, inspect_body, inspect_query

log = structlog.get_logger(__name__)

MAX_JSON_BODY = 5 * 1024 * 1024
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""


def _is_json(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"", False
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_JSON_BODY:
            return b"", False
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True


class SanitiseMiddleware:
    """Counts script-like input as security events (never alters or refuses a value);
    refuses only JSON that cannot be parsed safely. Never reads multipart uploads."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/"):
            await self.app(scope, receive, send)
            return
        if scope.get("query_string"):
            inspect_query(scope["query_string"].decode("latin-1"), path=path)
        if scope["method"] not in _BODY_METHODS or not _is_json(_header(scope, b"content-type")):
            await self.app(scope, receive, send)
            return
        body, complete = await _read_body(receive)
        if not complete:
            response = error_response(413, "payload_too_large", "The request body is too large.")
            await response(scope, receive, send)
            return
        try:
            inspect_body(body, path=path)
        except BadStructure as exc:
            response = error_response(422, exc.code, str(exc))
            await response(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


def _replay(body: bytes, upstream: Receive) -> Receive:
    """The buffered body once, then the real channel (so a client disconnect is still seen)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await upstream()

    return receive


class RefusalAuditMiddleware:
    """Counts and audits refused access (403): who tried what, from where."""

    def __init__(self, app: ASGIApp, *, state: AppState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if status == 403:
            actor = self._actor(scope)
            record_security_event(
                "access_denied",
                path=scope.get("path"),
                method=scope.get("method"),
                user_id=actor.user_id,
                ip=actor.ip,
            )
            await anyio.to_thread.run_sync(self._audit, actor, scope)

    def _actor(self, scope: Scope) -> Actor:
        peer = scope["client"][0] if scope.get("client") else None
        ip = resolve_client_ip(peer, scope.get("headers", []), self.state.settings.trusted_proxies)
        user_id = None
        scheme, _, token = _header(scope, b"authorization").partition(" ")
        if scheme.lower() == "bearer" and token:
            try:
                user_id = self.state.tokens.verify(token.strip()).user_id
            except InvalidToken:
                user_id = None
        agent = _header(scope, b"user-agent")[:255] or None
        return Actor(user_id=user_id, ip=ip, user_agent=agent)

    def _audit(self, actor: Actor, scope: Scope) -> None:
        event = AuditEvent(
            Action.access_denied,
            "route",
            None,
            outcome="denied",
            extra={"method": scope.get("method"), "path": scope.get("path")},
        )
        try:
            with self.state.db.transaction() as session:
                chain.record(session, event, actor)
        except Exception as exc:  # an audit failure must not turn a 403 into a crash
            log.error("audit_write_failed", action=str(event.action), error_type=type(exc).__name__)


def content_security_policy(settings: Settings) -> str:
    """The CSP: no inline script or style; a frame-src only for the Q Business web experience."""
    directives = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self' ws: wss:",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
    if settings.qbusiness_web_experience_url:
        origin = _origin(settings.qbusiness_web_experience_url)
        directives.append(f"frame-src {origin}")
    return "; ".join(directives)


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "'none'"


def security_headers(settings: Settings) -> list[tuple[bytes, bytes]]:
    """The headers every response carries (HSTS is added per request under HTTPS)."""
    values = {
        "content-security-policy": content_security_policy(settings),
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
        "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-resource-policy": "same-origin",
    }
    return [(k.encode(), v.encode()) for k, v in values.items()]


HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
NO_STORE = (b"cache-control", b"no-store")


class SecurityHeadersMiddleware:
    """Outermost layer: every response, errors and static files included, gets the headers."""

    def __init__(
        self, app: ASGIApp, *, settings: Settings, csp_overrides: dict[str, str] | None = None
    ) -> None:
        self.app = app
        self.trusted = tuple(settings.trusted_proxies)
        self.headers = security_headers(settings)
        # Only the developer docs pages get their own (hash-pinned) policy.
        self.overrides = {
            path: [(k, v) for k, v in self.headers if k != b"content-security-policy"]
            + [(b"content-security-policy", csp.encode())]
            for path, csp in (csp_overrides or {}).items()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        peer = scope["client"][0] if scope.get("client") else None
        https = (
            resolve_scheme(
                scope.get("scheme", "http"), peer, scope.get("headers", []), self.trusted
            )
            == "https"
        )
        path = scope.get("path", "")
        base = self.overrides.get(path, self.headers)
        extra = [*base, HSTS] if https else base
        api = path.startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = _merge(message.get("headers", []), extra)
                # API answers carry account data: no browser or proxy may keep a copy.
                if api and not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append(NO_STORE)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _merge(
    headers: Iterable[tuple[bytes, bytes]], extra: list[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    names = {name for name, _ in extra}
    return [(k, v) for k, v in headers if k.lower() not in names] + extra
