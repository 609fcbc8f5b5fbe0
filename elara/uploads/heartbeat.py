"""A thread renewing a job's lease while the job runs; the job checks it did not lose it."""

from __future__ import annotations

import threading
from types import TracebackType

import structlog

from elara.core.state import AppState
from elara.uploads import leases

log = structlog.get_logger(__name__)


class LeaseLost(Exception):
    """Another worker took the job over (this one stopped renewing in time)."""


class Heartbeat:
    """Renews the lease every third of its length until the block ends."""

    def __init__(self, state: AppState, batch_id: int) -> None:
        self.state, self.batch_id = state, batch_id
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"elara-lease-{batch_id}", daemon=True
        )

    def _renew(self) -> None:
        seconds = self.state.settings.job_lease_seconds
        try:
            with self.state.db.transaction() as session:
                kept = leases.renew(
                    session,
                    batch_id=self.batch_id,
                    owner=self.state.worker_id,
                    lease_seconds=seconds,
                )
        except Exception as exc:  # busy or unreachable: try again next beat
            log.warning(
                "upload.lease_not_renewed", batch_id=self.batch_id, error=type(exc).__name__
            )
            return
        if not kept:
            self.lost.set()

    def _run(self) -> None:
        interval = self.state.settings.job_lease_seconds / 3
        while not self._stop.wait(interval):
            self._renew()
            if self.lost.is_set():
                return

    def check(self) -> None:
        if self.lost.is_set():
            raise LeaseLost()

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
