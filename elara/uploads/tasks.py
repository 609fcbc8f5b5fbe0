"""One upload's work as two queued jobs: parse (upload workers), then store (db workers).

The parse job also stages the records: each batch the reader child spools is written under
the still-processing batch (committed chunks no read sees) while the child reads the next,
so reading and writing overlap. The store job then only makes them visible, in one short
transaction. Every staged chunk is committed only while this worker still owns the job (its
lease is renewed at the end of the chunk's own transaction, else the chunk rolls back), and a
worker that takes a job over removes what earlier attempts staged before it stages anything.

Each job is owned under a lease (elara.uploads.leases) that a heartbeat renews while it runs.
The stored result and a failure are written in the same transaction that ends the lease,
and only by its owner: a job retried, duplicated or taken over is stored exactly once.
A transient database error is retried by the queue with a growing delay; a worker that
died leaves a lease that expires, and a reaper (elara.uploads.worker) starts the job again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import structlog
from sqlalchemy import Connection
from sqlalchemy.exc import InterfaceError, OperationalError

from elara.audit.events import Actor
from elara.core.errors import Conflict
from elara.core.state import AppState
from elara.dashboard.dimensions import dimensions_of
from elara.dashboard.fx import reporting_currency
from elara.datasets import service as datasets
from elara.datasets.repository import delete_staged_rows
from elara.datasets.schemas import ControlCharacters, OnError, UploadMode, UploadOptions
from elara.finance.fiscal import fiscal_year_start
from elara.ingest import IngestError, ParseProgress, ParseReport
from elara.ingest.isolate import parse_isolated
from elara.ingest.pipeline import GuessRefutedError
from elara.models import Dataset, UploadBatch
from elara.storage.bulk import Stager, StagingStopped
from elara.storage.spool import Spool
from elara.uploads import leases
from elara.uploads.files import attempt_dir, decrypt_file, remove_job_dir, sniffed_format
from elara.uploads.heartbeat import Heartbeat, LeaseLost
from elara.uploads.scope import CompanyGate, company_gate

log = structlog.get_logger(__name__)

PARSE_TASK = "parse_upload"
STORE_TASK = "store_upload"
TRANSIENT = (OperationalError, InterfaceError)


@dataclass
class Progress:
    """What the live events tell about one upload."""

    dataset_id: int
    batch_id: int
    bytes_received: int = 0
    rows_parsed: int = 0
    rows_stored: int = 0

    def event(self, status: str) -> dict[str, object]:
        return {
            "type": "upload.progress",
            "dataset_id": self.dataset_id,
            "upload_id": self.batch_id,
            "bytes_received": self.bytes_received,
            "rows_parsed": self.rows_parsed,
            "rows_stored": self.rows_stored,
            "status": status,
        }


@dataclass
class Parsed:
    """What the parse job hands to the store job (pickled by the queue)."""

    progress: Progress
    spool: Spool
    report: ParseReport
    files: list[Path] = field(default_factory=list)
    # The insert path when the parse job staged every record already (None: store stages).
    staged: str | None = None


@dataclass
class Claimed:
    batch_id: int
    dataset_id: int
    stored_path: str | None
    options: UploadOptions
    actor: Actor
    attempts: int
    # The headers the upload imports as dimensions: the reader keeps their rollups.
    dimensions: tuple[str, ...] = ()


def _claim(state: AppState, batch_id: int, stage: str) -> Claimed | None:
    with state.db.transaction() as session:
        job = leases.claim(
            session,
            batch_id=batch_id,
            stage=stage,
            owner=state.worker_id,
            lease_seconds=state.settings.job_lease_seconds,
        )
        if job is None:
            return None
        batch = session.get_one(UploadBatch, batch_id)
        return Claimed(
            batch_id=batch_id,
            dataset_id=batch.dataset_id,
            stored_path=batch.stored_path,
            options=UploadOptions.model_validate(batch.options),
            actor=leases.actor_of(job),
            attempts=job.attempts,
            dimensions=tuple(dimensions_of(batch.options)),
        )


def fail(
    state: AppState, claimed: Claimed, progress: Progress, reason: str, report: ParseReport | None
) -> None:
    """Record the failure, if this worker still owns the job, and end it."""
    with state.db.transaction() as session:
        if not leases.finish(session, batch_id=claimed.batch_id, owner=state.worker_id):
            return
        datasets.fail_upload(
            session,
            dataset_id=claimed.dataset_id,
            batch_id=claimed.batch_id,
            reason=reason,
            report=report,
        )
    remove_job_dir(state.settings, claimed.batch_id)
    state.events.publish(progress.event("failed"))


def _give_back(state: AppState, batch_id: int, stage: str) -> None:
    """Free the job for the queue's retry (any worker may take it)."""
    try:
        with state.db.transaction() as session:
            leases.hand_over(
                session,
                batch_id=batch_id,
                owner=state.worker_id,
                stage=stage,
                lease_seconds=state.settings.job_lease_seconds,
            )
    except TRANSIENT:  # the lease then expires and the reaper starts the job again
        log.warning("upload.give_back_failed", batch_id=batch_id)


def _input(state: AppState, claimed: Claimed, folder: Path) -> Path:
    """The received file: as the gateway left it, else decrypted from the stored original."""
    received = folder.parent / "input"
    if received.is_file():
        return received
    if claimed.stored_path is None:
        raise IngestError("The uploaded file is no longer available.")
    return decrypt_file(claimed.stored_path, folder / "input", settings=state.settings)


class _Overlap:
    """Stages each spooled batch as the reader reports it (the reader reads the next).

    A context manager: leaving it waits for the chunk the stager has in flight, so nothing is
    staged after the reader's work ends (e.g. after a refuted guess's staged rows are removed).
    """

    def __init__(self, state: AppState, claimed: Claimed, spool: Spool, progress: Progress):
        self.state, self.claimed, self.spool, self.progress = state, claimed, spool, progress
        self.reject = claimed.options.on_error is OnError.reject
        self.refused = False  # a row error under on_error=reject: the file is not stored
        self.stager = Stager(
            state.db.engine,
            dataset_id=claimed.dataset_id,
            batch_id=claimed.batch_id,
            folder=spool.path,
            on_rows=self._on_rows,
            guard=self._guard,
        )

    def _guard(self, conn: Connection) -> None:
        if not leases.hold(
            conn,
            batch_id=self.claimed.batch_id,
            owner=self.state.worker_id,
            lease_seconds=self.state.settings.job_lease_seconds,
        ):
            raise LeaseLost()

    def _on_rows(self, count: int) -> None:
        self.progress.rows_stored += count
        self.state.events.publish(self.progress.event("processing"))

    def on_progress(self, parsed: ParseProgress) -> None:
        self.progress.rows_parsed = parsed.rows_read
        if self.reject and parsed.error_count:
            self.refused = True  # reported before the batch that has the error
        self.state.events.publish(self.progress.event("processing"))

    def on_batch(self, written: object) -> None:
        path = Path(str(written))
        if path.parent != self.spool.path:  # only the spool's own files
            raise IngestError("The file reader reported a file outside its spool.")
        if not self.refused:  # otherwise the upload fails: staging more is wasted work
            self.stager.stage(pl.read_ipc(path))

    def __enter__(self) -> _Overlap:
        return self

    def __exit__(self, _kind: object, failing: BaseException | None, _trace: object) -> None:
        self.stager.end(failing)

    def staged(self, spool: Spool) -> str | None:
        """The insert path if every spooled record was staged (None: the file is refused)."""
        if self.refused:
            return None
        if self.stager.staged != spool.count:
            raise IngestError(
                f"Staged {self.stager.staged} of {spool.count} records; nothing was stored."
            )
        return self.stager.path


def _parse(
    state: AppState, claimed: Claimed, source: Path, spool: Spool, progress: Progress
) -> tuple[Spool, ParseReport, str | None]:
    """Parse in a limited child process that writes the spool (company gate first), staging
    each batch here as soon as it is written; returns the spool, report and insert path.

    The reader guesses a CSV's formats from its first rows so that its first batch comes
    sooner (``parse_file(speculate=True)``); if the whole file refutes the guess, what was
    staged and spooled under it is dropped and the file is read again without guessing."""
    try:
        return _parse_once(state, claimed, source, spool, progress, speculate=True)
    except GuessRefutedError:
        log.info("upload.guess_refuted", batch_id=claimed.batch_id)
    _remove_staged(state, claimed.batch_id)
    progress.rows_parsed = progress.rows_stored = 0
    spool.close()  # the whole file was spooled under the guess: free it before reading again
    spool = Spool(spool.path.parent, spool.dimensions)
    return _parse_once(state, claimed, source, spool, progress, speculate=False)


def _parse_once(
    state: AppState,
    claimed: Claimed,
    source: Path,
    spool: Spool,
    progress: Progress,
    *,
    speculate: bool,
) -> tuple[Spool, ParseReport, str | None]:
    options = claimed.options
    with state.db.transaction() as session:
        gate = company_gate(
            session,
            user_id=claimed.actor.user_id or 0,
            sink=spool,
            remove_controls=options.control_characters is ControlCharacters.remove,
        )
        reporting = reporting_currency(session)  # a file stating no currency is stored in it
        fiscal = fiscal_year_start(session)  # dates "FY25 P01" when the settings do not
    with _Overlap(state, claimed, spool, progress) as overlap:
        filled, report = parse_isolated(
            source,
            sink=gate,
            on_progress=overlap.on_progress,
            on_batch=overlap.on_batch,
            sheet=options.sheet,
            settings=options.settings,
            mapping=options.mapping,
            default_currency=options.default_currency,
            reporting_currency=reporting,
            fiscal_year_start=fiscal,
            # The received file as the gateway inspected it: its sniff is not repeated.
            text_format=sniffed_format(source),
            speculate=speculate,
        )
    assert isinstance(filled, CompanyGate)  # nosec B101
    return filled.inner, filled.merge_into(report), overlap.staged(filled.inner)


def _refusal(state: AppState, claimed: Claimed, spool: Spool, report: ParseReport) -> str | None:
    if claimed.options.mode is UploadMode.append:
        with state.db.transaction() as session:
            dataset = session.get(Dataset, claimed.dataset_id)
            problem = dataset and datasets.scenario_refusal(dataset, report, appended=True)
        if problem:
            return problem
    if report.error_count and claimed.options.on_error is OnError.reject:
        return (
            f"{report.error_count} rows have errors, so nothing was stored. Fix them, "
            "or upload again keeping the good rows and reporting the bad ones."
        )
    if spool.count == 0:
        return "The file has no valid data rows; nothing was stored."
    return None


def _remove_staged(state: AppState, batch_id: int) -> None:
    """Delete earlier attempts' staged rows, renewing the lease in the same transaction (on
    SQLite a long delete holds the write lock the heartbeat needs; this commit renews it)."""
    with state.db.transaction() as session:
        delete_staged_rows(session, [batch_id])
        if not leases.renew(
            session,
            batch_id=batch_id,
            owner=state.worker_id,
            lease_seconds=state.settings.job_lease_seconds,
        ):
            raise LeaseLost()


def parse_upload(state: AppState, batch_id: int) -> None:
    """The upload workers' job: parse the file into a spool and queue the store."""
    claimed = _claim(state, batch_id, leases.PARSE)
    if claimed is None:
        return  # finished already, or a live worker owns it: this message was a duplicate
    folder = attempt_dir(state.settings, batch_id, claimed.attempts)  # cleans dead attempts
    progress = Progress(claimed.dataset_id, batch_id)
    report: ParseReport | None = None
    try:
        with Heartbeat(state, batch_id) as heartbeat:
            if claimed.attempts > 1:  # a dead or failed attempt may have staged rows: start clean
                _remove_staged(state, batch_id)
            source = _input(state, claimed, folder)
            progress.bytes_received = source.stat().st_size
            spool, report, staged = _parse(
                state, claimed, source, Spool(folder, claimed.dimensions), progress
            )
            heartbeat.check()
            refusal = _refusal(state, claimed, spool, report)
            if refusal is not None:
                fail(state, claimed, progress, refusal, report)  # removes the staged rows
                return
            parsed = Parsed(progress, spool, report, list(spool.files), staged=staged)
            _pass_to_store(state, claimed, parsed)
    except LeaseLost:
        log.warning("upload.lease_lost", batch_id=batch_id, stage="parse")
    except StagingStopped as exc:  # removed or failed meanwhile: nothing to store
        _abandon(state, batch_id, progress, str(exc))
    except IngestError as exc:
        fail(state, claimed, progress, str(exc), report)
    except TRANSIENT:
        _give_back(state, batch_id, leases.PARSE)
        raise  # the queue retries with back-off
    except Exception as exc:
        log.exception("upload.parse_failed", batch_id=batch_id)
        reason = f"Reading failed ({type(exc).__name__}); nothing was stored. Try again."
        fail(state, claimed, progress, reason, report)


def _pass_to_store(state: AppState, claimed: Claimed, parsed: Parsed) -> None:
    with state.db.transaction() as session:
        handed = leases.hand_over(
            session,
            batch_id=claimed.batch_id,
            owner=state.worker_id,
            stage=leases.STORE,
            lease_seconds=state.settings.job_lease_seconds,
        )
    if not handed:
        raise LeaseLost()
    state.queue.enqueue(STORE_TASK, claimed.batch_id, parsed)


def _store(state: AppState, claimed: Claimed, parsed: Parsed) -> None:
    progress = parsed.progress

    def on_rows(count: int) -> None:
        progress.rows_stored += count
        state.events.publish(progress.event("processing"))

    # Records the parse job staged are complete (it handed the job over after the last one);
    # a store that stages them itself starts clean after a dead attempt of its own.
    if parsed.staged is None and claimed.attempts > 1:
        with state.db.transaction() as session:
            delete_staged_rows(session, [claimed.batch_id])
    # Several db workers publish at once, each building rollups with INSERT … SELECT.
    with state.db.transaction(read_committed=True) as session:
        datasets.store_upload(
            session,
            dataset_id=claimed.dataset_id,
            batch_id=claimed.batch_id,
            spool=parsed.spool,
            report=parsed.report,
            actor=claimed.actor,
            on_rows=on_rows,
            staged=parsed.staged,
        )
        # In the same transaction: the rows count only if this worker still owns the job.
        if not leases.finish(session, batch_id=claimed.batch_id, owner=state.worker_id):
            raise LeaseLost()


def store_upload(state: AppState, batch_id: int, parsed: Parsed) -> None:
    """The db workers' job: store a parsed upload in one transaction, exactly once."""
    claimed = _claim(state, batch_id, leases.STORE)
    if claimed is None:
        return
    progress = parsed.progress
    # Without staged records the spool is needed (it may be on another machine's folder).
    if parsed.staged is None and not all(path.is_file() for path in parsed.files):
        _give_back(state, batch_id, leases.PARSE)
        state.queue.enqueue(PARSE_TASK, batch_id)
        return
    try:
        with Heartbeat(state, batch_id):
            _store(state, claimed, parsed)
    except LeaseLost:
        log.warning("upload.lease_lost", batch_id=batch_id, stage="store")
        return
    except Conflict as exc:  # removed or failed meanwhile: nothing to store
        _abandon(state, batch_id, progress, exc.message)
        return
    except TRANSIENT:
        _give_back(state, batch_id, leases.STORE)
        raise
    except Exception as exc:
        log.exception("upload.store_failed", batch_id=batch_id)
        reason = f"Storing failed ({type(exc).__name__}); nothing was stored. Try the upload again."
        fail(state, claimed, progress, reason, parsed.report)
        return
    remove_job_dir(state.settings, batch_id)
    state.events.publish(progress.event("ready"))
    state.events.publish({"type": "data.changed", "dataset_id": claimed.dataset_id})
    if state.db.is_sqlite and not state.db.refresh_statistics():
        log.debug("upload.statistics_skipped", batch_id=batch_id)


def _abandon(state: AppState, batch_id: int, progress: Progress, reason: str) -> None:
    """The upload was removed or failed meanwhile: end the job, nothing to store."""
    with state.db.transaction() as session:
        leases.finish(session, batch_id=batch_id, owner=state.worker_id)
    remove_job_dir(state.settings, batch_id)
    state.events.publish(progress.event("failed"))
    log.warning("upload.abandoned", batch_id=batch_id, reason=reason)


def install(state: AppState) -> None:
    """Register the upload jobs on this process's queues (once)."""
    queue = state.queue
    if queue.registered(STORE_TASK):
        return
    queue.register(
        "upload", PARSE_TASK, lambda batch_id: parse_upload(state, batch_id), retries=3, delay=1
    )
    queue.register(
        "db",
        STORE_TASK,
        lambda batch_id, parsed: store_upload(state, batch_id, parsed),
        retries=3,
        delay=1,
    )
