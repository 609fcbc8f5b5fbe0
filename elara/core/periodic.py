"""The one way Elara runs work every so often in the background: a daemon thread per job."""

from __future__ import annotations

import threading
from collections.abc import Callable

import structlog

log = structlog.get_logger(__name__)


class PeriodicThread:
    """Calls `tick` every `interval` seconds until stopped (first at start when asked); a tick
    that raises is logged as `failure_event` and the next one still runs. An interval of 0 or
    less means never."""

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
        self._thread: threading.Thread | None = None

    def _tick(self) -> None:
        try:
            self.tick()
        except Exception:  # a background job must outlive one bad run
            log.exception(self.failure_event)

    def _run(self) -> None:
        if self.first_at_start:
            self._tick()
        while not self._stop.wait(self.interval):
            self._tick()

    def start(self) -> None:
        """Start the thread (once; not at all when the interval is 0 or less)."""
        if self.interval <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to end and wait for the tick in progress, if any."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.stop_timeout)
            self._thread = None
