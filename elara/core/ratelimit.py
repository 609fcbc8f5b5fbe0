"""Tiered rate limits on the `limits` library: memory by default, Redis when configured.

Tiers: `auth` (credential endpoints, per client IP), `upload` (per user), `reset_account`
(password-reset requests per account) and a general tier per role (`anonymous`, `viewer`,
`analyst`, `admin`) applied to every /api call by `GeneralRateLimitMiddleware`.
Routes opt into a specific tier with `Depends(rate_limit("auth"))`.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import structlog
from fastapi import Request, Response
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter
from redis.exceptions import RedisError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from elara.core.config import Settings
from elara.core.errors import RateLimited, error_response
from elara.core.proxies import resolve_client_ip
from elara.core.security import InvalidToken
from elara.core.state import AppState

log = structlog.get_logger(__name__)

ROLE_TIERS = ("anonymous", "viewer", "analyst", "admin")
_STATE_KEY = "elara_rate_limit"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_in: int

    def headers(self) -> dict[str, str]:
        """The X-RateLimit-* headers, plus Retry-After when refused."""
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(self.remaining, 0)),
            "X-RateLimit-Reset": str(self.reset_in),
        }
        if not self.allowed:
            headers["Retry-After"] = str(max(self.reset_in, 1))
        return headers


class RateLimiter:
    """One limiter per app; counts are shared across instances when Redis is configured."""

    def __init__(self, settings: Settings) -> None:
        self.enabled = settings.rate_limit_enabled
        storage: Storage
        if settings.redis_url:
            storage = RedisStorage(
                settings.redis_url, key_prefix=settings.rate_limit_key_prefix, wrap_exceptions=True
            )
        else:
            storage = MemoryStorage()
        self.storage = storage
        self.strategy = MovingWindowRateLimiter(storage)
        self.tiers: dict[str, RateLimitItem] = {
            "auth": parse(settings.rate_limit_auth),
            "upload": parse(settings.rate_limit_upload),
            "reset_account": parse(settings.rate_limit_reset_account),
            "anonymous": parse(settings.rate_limit_anonymous),
            "viewer": parse(settings.rate_limit_viewer),
            "analyst": parse(settings.rate_limit_analyst),
            "admin": parse(settings.rate_limit_admin),
        }

    def hit(self, tier: str, key: str) -> Decision | None:
        """Count one call against a tier; None when limits are off or the store is down."""
        return self._decide(tier, key, count=True)

    def peek(self, tier: str, key: str) -> Decision | None:
        """Whether one more call would be allowed, without counting it."""
        return self._decide(tier, key, count=False)

    def _decide(self, tier: str, key: str, *, count: bool) -> Decision | None:
        if not self.enabled:
            return None
        item = self.tiers[tier]
        try:
            if count:
                allowed = self.strategy.hit(item, tier, key)
            else:
                allowed = self.strategy.test(item, tier, key)
            stats = self.strategy.get_window_stats(item, tier, key)
        except (StorageError, RedisError, OSError) as exc:
            # Failing open keeps Elara usable when Redis blips; the error is logged.
            log.error("rate_limit_store_unavailable", error_type=type(exc).__name__)
            return None
        reset_in = max(0, math.ceil(stats.reset_time - time.time()))
        return Decision(allowed, item.amount, stats.remaining, reset_in)


def get_limiter(app: object) -> RateLimiter:
    limiter: RateLimiter = app.state.rate_limiter  # type: ignore[attr-defined]
    return limiter


def _digest(text: str) -> str:
    # Keys never hold an email or token in clear (they may sit in Redis).
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _caller(state: AppState, scope: Scope) -> tuple[str, str]:
    """(tier, key) for the general limit: the user's role and id, else anonymous by IP."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token:
                try:
                    claims = state.tokens.verify(token.strip())
                except InvalidToken:
                    break
                tier = claims.role if claims.role in ROLE_TIERS else "anonymous"
                return tier, f"user:{claims.user_id}"
    peer = scope["client"][0] if scope.get("client") else None
    ip = resolve_client_ip(peer, scope.get("headers", []), state.settings.trusted_proxies)
    return "anonymous", f"ip:{ip}"


# Told of every refused request as (tier, key, path): the security log and the metrics
# register here, so the core does not import them.
RefusalListener = Callable[[str, str, str], None]
_refusal_listeners: list[RefusalListener] = []


def on_refusal(listener: RefusalListener) -> None:
    """Call `listener(tier, key, path)` whenever a rate limit refuses a request (once each)."""
    if listener not in _refusal_listeners:
        _refusal_listeners.append(listener)


def _refuse(tier: str, key: str, decision: Decision, path: str) -> RateLimited:
    for listener in _refusal_listeners:
        try:
            listener(tier, key, path)
        except Exception as exc:  # noting a refusal never turns it into a 500
            log.error("rate_limit_listener_failed", error_type=type(exc).__name__)
    return RateLimited(headers=decision.headers())


def rate_limit(
    tier: str, *, by: Literal["ip", "user"] | None = None
) -> Callable[[Request, Response], None]:
    """A dependency counting the call against a tier, keyed by client IP or by user.

    `by` defaults to the user for the upload tier and to the client IP otherwise.
    """
    keyed_by = by or ("user" if tier == "upload" else "ip")

    def check(request: Request, response: Response) -> None:
        limiter = get_limiter(request.app)
        if keyed_by == "user":
            _, key = _caller(request.app.state.elara, request.scope)
        else:
            key = f"ip:{_caller_ip(request)}"
        decision = limiter.hit(tier, key)
        if decision is None:
            return
        # The middleware puts the route tier's headers on the response, errors included.
        request.scope.setdefault("state", {})[_STATE_KEY] = decision
        if not decision.allowed:
            raise _refuse(tier, key, decision, request.url.path)
        response.headers.update(decision.headers())

    check.rate_limit_tier = tier  # type: ignore[attr-defined]
    return check


Charge = Callable[[], None]


def deferred_rate_limit(tier: str) -> Callable[[Request, Response], Charge]:
    """Like `rate_limit` per user, but a call counts only once the route calls the charge it
    is given: a request refused for its content (a 422 to retry with other settings) is free."""

    def check(request: Request, response: Response) -> Charge:
        limiter = get_limiter(request.app)
        _, key = _caller(request.app.state.elara, request.scope)
        shared = request.scope.setdefault("state", {})
        decision = limiter.peek(tier, key)
        if decision is not None and not decision.allowed:
            shared[_STATE_KEY] = decision
            raise _refuse(tier, key, decision, request.url.path)

        def charge() -> None:
            counted = limiter.hit(tier, key)
            if counted is not None:
                shared[_STATE_KEY] = counted
                response.headers.update(counted.headers())

        return charge

    check.rate_limit_tier = tier  # type: ignore[attr-defined]
    return check


def _caller_ip(request: Request) -> str | None:
    peer = request.client.host if request.client else None
    trusted = request.app.state.elara.settings.trusted_proxies
    return resolve_client_ip(peer, request.scope.get("headers", []), trusted)


def account_allowed(limiter: RateLimiter, *, tier: str, account: str) -> bool:
    """Count a call against a per-account tier (the key is a digest of the account)."""
    decision = limiter.hit(tier, f"account:{_digest(account.lower())}")
    return decision is None or decision.allowed


class GeneralRateLimitMiddleware:
    """The per-role tier on every /api call; adds the headers unless a route tier already did."""

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter, state: AppState) -> None:
        self.app = app
        self.limiter = limiter
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/") or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        tier, key = _caller(self.state, scope)
        decision = self.limiter.hit(tier, key)
        if decision is not None and not decision.allowed:
            refusal = _refuse(tier, key, decision, path)
            response = error_response(429, refusal.code, refusal.message, headers=refusal.headers)
            await response(scope, receive, send)
            return

        shared = scope.setdefault("state", {})

        async def send_with_headers(message: Message) -> None:
            shown = shared.get(_STATE_KEY) or decision
            if message["type"] == "http.response.start" and shown is not None:
                names = {name.lower().encode() for name in shown.headers()}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                extra = [(k.lower().encode(), v.encode()) for k, v in shown.headers().items()]
                message["headers"] = kept + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)
