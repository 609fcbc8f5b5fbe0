"""The dashboard answer cache: in-process (TTL + size bound) or Redis when configured.

Keys carry the endpoint, the normalised filters, the caller's access scope and the data
version, so a change of data (which bumps the version) is visible at once and two users with
different scopes never share an answer. `stats` counts hits and misses for the metrics.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from typing import Protocol

import structlog
from cachetools import TTLCache

from elara.core.config import Settings
from elara.core.state import AppState
from elara.monitoring import metrics

log = structlog.get_logger(__name__)

DEFAULT_TTL_SECONDS = 300
DEFAULT_MAX_ENTRIES = 1024


@dataclass
class CacheStats:
    """Module-level counters (read by the metrics endpoint)."""

    hits: int = 0
    misses: int = 0
    errors: int = 0


stats = CacheStats()
_stats_lock = threading.Lock()


def count(name: str) -> None:
    """Count a hit, miss or error here and, for hits and misses, in the Prometheus metrics."""
    with _stats_lock:
        setattr(stats, name, getattr(stats, name) + 1)
    if name == "hits":
        metrics.cache_hit()
    elif name == "misses":
        metrics.cache_miss()


class Cache(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...
    def clear(self) -> None: ...


def _now() -> float:
    return time.monotonic()


class MemoryCache:
    """A thread-safe LRU with a time-to-live (cachetools' TTLCache behind a lock)."""

    def __init__(self, *, ttl: float = DEFAULT_TTL_SECONDS, max_entries: int = DEFAULT_MAX_ENTRIES):
        self.ttl, self.max_entries = ttl, max_entries
        self._items: TTLCache[str, str] = TTLCache(maxsize=max_entries, ttl=ttl, timer=_now)
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            return self._items.get(key)

    def set(self, key: str, value: str) -> None:
        with self._lock:
            self._items[key] = value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            self._items.expire()
            return len(self._items)


class RedisCache:
    """Answers shared by every instance; a Redis outage degrades to no caching, not errors."""

    PREFIX = "elara:dash:"

    def __init__(self, url: str, *, ttl: int = DEFAULT_TTL_SECONDS) -> None:
        import redis

        self.ttl = ttl
        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)

    def get(self, key: str) -> str | None:
        try:
            value = self.client.get(self.PREFIX + key)
        except Exception as exc:  # any Redis failure: answer from the database
            count("errors")
            log.warning("dashboard_cache_unavailable", error=type(exc).__name__)
            return None
        return value.decode() if isinstance(value, bytes) else value

    def set(self, key: str, value: str) -> None:
        try:
            self.client.set(self.PREFIX + key, value, ex=self.ttl)
        except Exception as exc:
            count("errors")
            log.warning("dashboard_cache_unavailable", error=type(exc).__name__)

    def clear(self) -> None:
        try:
            for key in self.client.scan_iter(self.PREFIX + "*"):
                self.client.delete(key)
        except Exception:
            count("errors")


def for_url(
    redis_url: str | None,
    *,
    ttl: int = DEFAULT_TTL_SECONDS,
    max_entries: int = DEFAULT_MAX_ENTRIES,
) -> Cache:
    """A new cache: Redis at `redis_url` when given (shared by every process), else in-process."""
    if redis_url:
        return RedisCache(redis_url, ttl=ttl)
    return MemoryCache(ttl=ttl, max_entries=max_entries)


def for_settings(settings: Settings) -> Cache:
    """A new cache as the settings ask (ELARA_REDIS_URL, ELARA_DASHBOARD_CACHE_*)."""
    return for_url(
        settings.redis_url,
        ttl=settings.dashboard_cache_ttl_seconds,
        max_entries=settings.dashboard_cache_max_entries,
    )


def for_state(state: AppState) -> Cache:
    """This app's answer cache, built once from its settings on first use."""
    return state.per_app("dashboard_cache", lambda: for_settings(state.settings))


def make_key(*parts: str) -> str:
    """A bounded key: the endpoint name in clear, the rest hashed."""
    digest = hashlib.sha256("\x1e".join(parts[1:]).encode()).hexdigest()
    return f"{parts[0]}:{digest}"
