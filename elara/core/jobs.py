"""Background work (parsing and storing uploads) on a small thread pool, off the event loop."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any


class JobRunner:
    """Runs jobs by key; callers may wait for one job or for all of them."""

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="elara-job")
        self._futures: dict[str, Future[Any]] = {}
        self._lock = threading.Lock()

    def submit(self, key: str, job: Callable[[], Any]) -> Future[Any]:
        future = self._pool.submit(job)
        with self._lock:
            self._futures[key] = future
        future.add_done_callback(lambda _: self._forget(key, future))
        return future

    def _forget(self, key: str, future: Future[Any]) -> None:
        with self._lock:
            if self._futures.get(key) is future:
                del self._futures[key]

    def wait_all(self, timeout: float | None = None) -> None:
        """Block until every running job has finished (tests, shutdown)."""
        with self._lock:
            pending = list(self._futures.values())
        wait(pending, timeout=timeout)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
