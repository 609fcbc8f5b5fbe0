"""The task queue between the gateway and the workers: Huey, one queue per worker role.

Alone (no ELARA_REDIS_URL) the queues live in an SQLite file in the data folder and the
consumers run as threads of the one serving process; with Redis every process shares them,
so any number of upload and db workers can run (docs/architecture.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey
from huey.api import TaskWrapper
from huey.consumer import Consumer

from elara.core.config import Settings

ROLES = ("upload", "db")
# An idle SQLite queue is polled (Redis blocks on the list instead): at most this long. A
# queued upload waits for the next poll, so a short one (a tiny read of a local file).
IDLE_POLL_SECONDS = 0.1


class _EmbeddedConsumer(Consumer):
    """Huey's thread consumer without signal handlers: the web server owns the signals."""

    def _set_signal_handlers(self) -> None:
        return None


class JobQueue:
    """The Huey instances of this process, built on first use, and the tasks they know."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._hueys: dict[str, Huey] = {}
        self._tasks: dict[str, TaskWrapper] = {}
        self._lock = threading.Lock()

    @property
    def backend(self) -> str:
        return "redis" if self.settings.redis_url else "sqlite"

    def huey(self, role: str) -> Huey:
        """The queue a role's workers consume (created on first use)."""
        with self._lock:
            if role not in self._hueys:
                self._hueys[role] = self._build(role)
            return self._hueys[role]

    def _build(self, role: str) -> Huey:
        name = f"{self.settings.queue_name}-{role}"
        if self.settings.redis_url:
            return RedisHuey(name, url=self.settings.redis_url, results=False, utc=True)
        folder = self.settings.data_dir
        folder.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(folder / "queue.db"), results=False, utc=True)

    def register(
        self, role: str, name: str, func: Callable[..., Any], *, retries: int, delay: float
    ) -> None:
        """Make `func` a task of the role's queue; failures retry with a doubling delay."""
        with self._lock:
            if name in self._tasks:
                return
        wrapper = self.huey(role).task(
            retries=retries, retry_delay=delay, retry_backoff=2, name=name
        )(func)
        with self._lock:
            self._tasks.setdefault(name, wrapper)

    def registered(self, name: str) -> bool:
        with self._lock:
            return name in self._tasks

    def enqueue(self, name: str, *args: Any) -> None:
        """Put a registered task on its queue (acknowledged by the worker that takes it)."""
        with self._lock:
            wrapper = self._tasks[name]
        wrapper(*args)

    def pending(self) -> dict[str, int]:
        """Messages waiting per role (for /health and metrics)."""
        return {role: self.huey(role).pending_count() for role in ROLES}

    @contextmanager
    def consuming(self, roles: Iterable[str], *, workers: int) -> Iterator[None]:
        """Run consumer threads for these roles' queues while the block runs."""
        consumers = [
            _EmbeddedConsumer(
                self.huey(role),
                workers=workers,
                periodic=False,
                max_delay=IDLE_POLL_SECONDS,
                check_worker_health=False,
            )
            for role in roles
        ]
        for consumer in consumers:
            consumer.start()
        try:
            yield
        finally:
            for consumer in consumers:
                consumer.stop(graceful=True)
