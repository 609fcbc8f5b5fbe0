"""The one way Elara runs work every so often in the background: a daemon thread per job, and
a named lock so that only one of several instances runs a scheduled job at a time.

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
def exclusive(state: AppState, name: str, *, lock_file: str | None = None) -> Iterator[bool]:
    """Yields True when this process holds the lock `name` (until the block exits); on SQLite
    the lock is the file `lock_file` (default `<name>.lock`) in the data folder."""
    if state.db.is_sqlite:
        path = state.settings.data_dir / (lock_file or f"{name}.lock")
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
    """Calls `tick` every `interval` seconds until stopped (first at start when asked), or at
    once after `wake()`; a tick that raises is logged as `failure_event` and the next one
    still runs. An interval of 0 or less means never."""

    def __init__(
        self,
        name: str,
        interval: float,
        tick: Callable[[], object],
        *,
        failure_event: str,
        first_at_start: bool = False,
        stop_timeout: float = 5.0,
    ) -> None:
        self.name, self.interval, self.tick = name, interval, tick
        self.failure_event = failure_event
        self.first_at_start = first_at_start
        self.stop_timeout = stop_timeout
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def _tick(self) -> None:
        try:
            self.tick()
        except Exception:  # a background job must outlive one bad run
            log.exception(self.failure_event, job=self.name)

    def _run(self) -> None:
        if self.first_at_start:
            self._tick()
        while not self._stop.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            self._tick()

    def wake(self) -> None:
        """Run the next tick now rather than at the end of the interval."""
        self._wake.set()

    def start(self) -> None:
        """Start the thread (once; not at all when the interval is 0 or less)."""
        if self.interval <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to end and wait for the tick in progress, if any."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=self.stop_timeout)
            self._thread = None
