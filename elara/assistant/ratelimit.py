"""Per-user limit on questions (the `limits` library; Redis when configured, else in-process)."""

from __future__ import annotations

import math
import time

from limits import parse_many
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from elara.core.config import Settings
from elara.core.errors import RateLimited


class QuestionLimiter:
    """Counts each user's questions in a moving window."""

    def __init__(self, settings: Settings) -> None:
        storage = storage_from_string(settings.redis_url) if settings.redis_url else MemoryStorage()
        if not isinstance(storage, Storage):  # the synchronous storages only
            raise TypeError("ELARA_REDIS_URL must name a synchronous Redis storage")
        self.limiter = MovingWindowRateLimiter(storage)
        self.limits = parse_many(settings.assistant_rate_limit)

    def hit(self, user_id: int) -> None:
        """Count one question; raises `RateLimited` (with Retry-After) over the limit."""
        for limit in self.limits:
            if not self.limiter.hit(limit, "elara-assistant", str(user_id)):
                reset, _ = self.limiter.get_window_stats(limit, "elara-assistant", str(user_id))
                retry = max(1, math.ceil(reset - time.time()))
                raise RateLimited(
                    "You have asked too many questions; try again shortly.",
                    code="assistant_rate_limited",
                    headers={"Retry-After": str(retry)},
                )
