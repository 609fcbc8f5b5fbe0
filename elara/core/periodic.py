"""A background thread that runs a function every interval (or sooner when woken), and a
named lock so that only one of several instances runs a scheduled job at a time.

The lock is MySQL's `GET_LOCK` on MariaDB and a lock file on SQLite, as the backup schedule
does; a job that is not given the lock simply skips this tick.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import structlog
from sqlalchemy import text

from elara.core.state import AppState

log = structlog.get_logger(__name__)


@contextmanager
def exclusive(state: AppState, name: str) -> Iterator[bool]:
    """Yields True when this process holds the lock `name` (until the block exits)."""
    if state.db.is_sqlite:
        path = state.settings.data_dir / f"{name}.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return
    with state.db.engine.connect() as connection:
        # Named per database, so two installations sharing one server do not block each other.
        key = f"{name}:{state.db.engine.url.database}"[:64]
        got = connection.execute(text("SELECT GET_LOCK(:name, 0)"), {"name": key}).scalar()
        try:
            yield got == 1
        finally:
            if got == 1:
                connection.execute(text("SELECT RELEASE_LOCK(:name)"), {"name": key})


class PeriodicThread:
    """Calls `tick` every `interval` seconds, or at once after `wake()`; errors are logged."""

    def __init__(self, name: str, tick: Callable[[], object], *, interval: float) -> None:
        self.name, self.tick, self.interval = name, tick, interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.tick()
            except Exception:
                log.exception("periodic_job_failed", job=self.name)
            self._wake.wait(self.interval)

    def wake(self) -> None:
        """Run the next tick now rather than at the end of the interval."""
        self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
