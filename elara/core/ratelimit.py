"""Per-user rate limits with the `limits` library (in memory, or Redis when configured).

Use as a route dependency: `Depends(rate_limit("uploads", "5/minute"))`; the default key is
the signed-in user, so it must run after authentication.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from fastapi import Depends, Request
from limits import parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from elara.auth.deps import CurrentUser
from elara.core.errors import RateLimited
from elara.models import User

KeyFunc = Callable[[Request, User], str]


def user_key(_: Request, user: User) -> str:
    return f"user:{user.id}"


def limiter_for(request: Request) -> MovingWindowRateLimiter:
    """One limiter per app (so each app, and each test, counts on its own)."""
    app_state = request.app.state
    limiter = getattr(app_state, "rate_limiter", None)
    if limiter is None:
        url = request.app.state.elara.settings.redis_url
        storage: Any = storage_from_string(url) if url else MemoryStorage()
        limiter = MovingWindowRateLimiter(storage)
        app_state.rate_limiter = limiter
    return limiter


def rate_limit(scope: str, limit: str, *, key: KeyFunc = user_key) -> Callable[..., None]:
    """A dependency allowing `limit` (e.g. "5/minute") calls per key within `scope`."""
    item = parse(limit)

    def check(request: Request, user: CurrentUser) -> None:
        limiter = limiter_for(request)
        identity = key(request, user)
        if not limiter.hit(item, scope, identity):
            reset_at, _ = limiter.get_window_stats(item, scope, identity)
            retry = max(1, int(reset_at - time.time()) + 1)
            raise RateLimited(
                f"Too many requests: at most {limit.replace('/', ' per ')}.",
                headers={"Retry-After": str(retry)},
            )

    return check


