"""One upload's background work: parse into a spool, then store it in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import structlog

from elara.audit.events import Actor
from elara.core.errors import Conflict
from elara.core.state import AppState
from elara.datasets import service as datasets
from elara.datasets.schemas import ControlCharacters, OnError, UploadOptions
from elara.ingest import IngestError, ParseProgress, ParseReport
from elara.ingest.isolate import parse_isolated
from elara.storage.spool import Spool
from elara.uploads.files import work_dir
from elara.uploads.scope import CompanyGate, company_gate

log = structlog.get_logger(__name__)


@dataclass
class UploadJob:
    dataset_id: int
    batch_id: int
    path: Path
    options: UploadOptions
    actor: Actor
    bytes_received: int
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


def _fail(state: AppState, job: UploadJob, reason: str, report: ParseReport | None) -> None:
    try:
        with state.db.transaction() as session:
            datasets.fail_upload(
                session,
                dataset_id=job.dataset_id,
                batch_id=job.batch_id,
                reason=reason,
                report=report,
            )
    except Exception:  # the start-up recovery marks it failed later
        log.exception("upload.fail_not_recorded", dataset_id=job.dataset_id)
    state.events.publish(job.event("failed"))


def _parse(state: AppState, job: UploadJob, spool: Spool) -> tuple[Spool, ParseReport]:
    """Parse in a limited child process that writes the spool; returns it as filled.

    Every batch passes the company gate first: rows for companies outside the
    uploader's access (or with invisible characters in the code) become row errors.
    """

    def on_progress(progress: ParseProgress) -> None:
        job.rows_parsed = progress.rows_read
        state.events.publish(job.event("processing"))

    with state.db.transaction() as session:
        gate = company_gate(
            session,
            user_id=job.actor.user_id,
            sink=spool,
            remove_controls=job.options.control_characters is ControlCharacters.remove,
        )
    filled, report = parse_isolated(
        job.path,
        sink=gate,
        on_progress=on_progress,
        sheet=job.options.sheet,
        settings=job.options.settings,
        mapping=job.options.mapping,
        default_currency=job.options.default_currency,
    )
    assert isinstance(filled, CompanyGate)  # nosec B101
    return filled.inner, filled.merge_into(report)


def _store(state: AppState, job: UploadJob, spool: Spool, report: ParseReport) -> None:
    def on_rows(count: int) -> None:
        job.rows_stored += count
        state.events.publish(job.event("processing"))

    with state.db.transaction() as session:
        datasets.store_upload(
            session,
            dataset_id=job.dataset_id,
            batch_id=job.batch_id,
            spool=spool,
            report=report,
            actor=job.actor,
            on_rows=on_rows,
        )


def run_upload(state: AppState, job: UploadJob) -> str:
    """Parse and store one upload; returns the final status (never raises)."""
    report: ParseReport | None = None
    try:
        with Spool(work_dir(state.settings)) as empty:
            spool, report = _parse(state, job, empty)
            if report.error_count and job.options.on_error is OnError.reject:
                reason = (
                    f"{report.error_count} rows have errors, so nothing was stored. Fix them, "
                    "or upload again keeping the good rows and reporting the bad ones."
                )
                _fail(state, job, reason, report)
                return "failed"
            if spool.count == 0:
                _fail(state, job, "The file has no valid data rows; nothing was stored.", report)
                return "failed"
            _store(state, job, spool, report)
    except IngestError as exc:
        _fail(state, job, str(exc), report)
        return "failed"
    except Conflict as exc:
        state.events.publish(job.event("failed"))
        log.warning("upload.abandoned", dataset_id=job.dataset_id, reason=exc.message)
        return "failed"
    except Exception as exc:
        log.exception("upload.store_failed", dataset_id=job.dataset_id)
        reason = f"Storing failed ({type(exc).__name__}); nothing was stored. Try the upload again."
        _fail(state, job, reason, report)
        return "failed"
    finally:
        job.path.unlink(missing_ok=True)
    state.events.publish(job.event("ready"))
    state.events.publish({"type": "data.changed", "dataset_id": job.dataset_id})
    return "ready"
