"""A worker process's runtime: queue consumers, the lease reaper, and the role's small app."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import structlog
from fastapi import FastAPI

from elara import __version__
from elara.core.errors import install_error_handlers
from elara.core.middleware import CorrelationMiddleware
from elara.core.state import AppState
from elara.dashboard import pairs
from elara.datasets import service as datasets
from elara.models import UploadBatch
from elara.uploads import leases, tasks
from elara.uploads.files import remove_job_dir

log = structlog.get_logger(__name__)


def _give_up(state: AppState, batch_id: int, attempts: int) -> bool:
    """Fail a job that died too often; True when this reaper did it."""
    with state.db.transaction() as session:
        if not leases.drop_expired(session, batch_id=batch_id):
            return False
        batch = session.get(UploadBatch, batch_id)
        if batch is None:
            return True
        dataset_id = batch.dataset_id
        reason = (
            f"{datasets.INTERRUPTED}: the workers processing this upload stopped {attempts} "
            "times; nothing was stored. Try the upload again."
        )
        datasets.fail_upload(session, dataset_id=dataset_id, batch_id=batch_id, reason=reason)
    remove_job_dir(state.settings, batch_id)
    state.events.publish(tasks.Progress(dataset_id, batch_id).event("failed"))
    return True


def reap_expired(state: AppState) -> list[int]:
    """Start again the jobs whose owner stopped renewing its lease; returns their ids."""
    settings = state.settings
    with state.db.transaction() as session:
        found = leases.expired(session)
    restarted = []
    for batch_id, attempts in found:
        if attempts >= settings.job_max_attempts:
            _give_up(state, batch_id, attempts)
            continue
        with state.db.transaction() as session:
            won = leases.requeue(
                session, batch_id=batch_id, lease_seconds=settings.job_lease_seconds
            )
        if won:  # the new owner cleans the dead attempt's files when it claims the job
            state.queue.enqueue(tasks.PARSE_TASK, batch_id)
            restarted.append(batch_id)
    if restarted:
        log.warning("uploads.jobs_taken_over", batch_ids=restarted)
    return restarted


class Reaper:
    """Looks for expired leases a few times per lease length."""

    def __init__(self, state: AppState) -> None:
        self.state = state
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="elara-reaper", daemon=True)

    def _run(self) -> None:
        interval = max(0.5, self.state.settings.job_lease_seconds / 4)
        while not self._stop.wait(interval):
            try:
                reap_expired(self.state)
            except Exception as exc:  # the database or the queue is away: next round
                log.warning("uploads.reaper_failed", error=type(exc).__name__)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


@contextmanager
def working(state: AppState, roles: Sequence[str]) -> Iterator[None]:
    """Consume the roles' queues and reap expired jobs while the block runs."""
    tasks.install(state)
    pairs.install(state)  # the dashboard's pair rollups, built on the db workers' queue
    if not roles:
        yield
        return
    reaper = Reaper(state)
    with state.queue.consuming(roles, workers=state.settings.upload_workers):
        reaper.start()
        try:
            yield
        finally:
            reaper.stop()


def worker_app(role: str, state: AppState) -> FastAPI:
    """A worker's app: only /health (the work arrives through the queue, not HTTP)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        with working(state, (role,)):
            yield

    app = FastAPI(
        title=f"Elara {role} worker",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.elara = state
    install_error_handlers(app)

    @app.get("/health")
    def health() -> dict[str, Any]:
        """Liveness of this worker and the queue it consumes."""
        return {
            "status": "ok",
            "role": role,
            "worker": state.worker_id,
            "queue": state.queue.backend,
            "version": __version__,
        }

    app.add_middleware(CorrelationMiddleware)
    return app
