"""The dataset lifecycle: who may touch what, begin an upload, store it whole or fail it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from elara.audit.chain import record
from elara.audit.events import Action, Actor, AuditEvent
from elara.auth.permissions import Permission, has_permission
from elara.core import data_version
from elara.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from elara.core.scenarios import SCENARIO_WORDS, Scenario
from elara.dashboard.rollups import Streamed, build_rollups
from elara.datasets import repository
from elara.datasets.schemas import BatchStatus, DatasetOut, UploadMode, UploadOptions
from elara.finance.companies import keys_of, match_key
from elara.ingest import ParseReport
from elara.ingest.model import ERRORS_LISTED, TOTALS_LISTED
from elara.models import Dataset, DatasetError, DatasetStatus, UploadBatch, User, utcnow
from elara.storage.bulk import insert_records, insert_rollups, stage_records
from elara.storage.spool import Spool

INTERRUPTED = "interrupted"
MAX_STORED_ERRORS = 1000
MAX_ERROR_VALUE_CHARS = 300  # a bad cell is shown, not stored whole (it may be megabytes)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, marked with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


_MODE_ACTIONS = {
    UploadMode.create: Action.dataset_upload,
    UploadMode.append: Action.dataset_append,
    UploadMode.replace: Action.dataset_replace,
}


def can_manage(user: User, dataset: Dataset) -> bool:
    """Admins manage every dataset; analysts their own."""
    if has_permission(user.role, Permission.datasets_manage_all):
        return True
    return has_permission(user.role, Permission.datasets_write) and dataset.owner_id == user.id


def check_company_scope(
    session: Session, *, user: User, dataset_id: int, batch_ids: Sequence[int] | None = None
) -> None:
    """Refuse a user restricted to some companies removing rows of other companies."""
    if not user.allowed_companies:
        return
    allowed = keys_of(user.allowed_companies)
    stored = repository.companies_in(session, dataset_id, batch_ids)
    if any(match_key(code) not in allowed for code in stored):
        # The other companies are not named: their codes are outside this user's view too.
        raise Forbidden(
            "This dataset holds records of companies outside your access; "
            "only a user with access to all of them may replace or delete them."
        )


def get_dataset(session: Session, *, user: User, dataset_id: int) -> Dataset:
    """A dataset the user may read."""
    if not has_permission(user.role, Permission.datasets_read):
        raise Forbidden()
    dataset = session.get(Dataset, dataset_id)
    if dataset is None or not may_see(session, user=user, dataset=dataset):
        raise NotFound("Dataset not found.")  # the same answer: its existence is not told
    return dataset


def may_see(session: Session, *, user: User, dataset: Dataset) -> bool:
    """A user restricted to some companies sees their own datasets and those holding one."""
    if not user.allowed_companies or dataset.owner_id == user.id:
        return True
    return repository.holds_any(session, dataset.id, user.allowed_companies)


def present(session: Session, *, user: User, datasets: Sequence[Dataset]) -> list[DatasetOut]:
    """Datasets as the user may see them: someone else's show only the user's own rows."""
    outs = [DatasetOut.model_validate(d) for d in datasets]
    others = [o for o in outs if user.allowed_companies and o.owner_id != user.id]
    if not others:
        return outs
    counts = repository.visible_counts(session, [o.id for o in others], user.allowed_companies)
    for out in others:
        # File names, error counts and reasons describe other companies' rows too.
        out.row_count, out.error_count = counts.get(out.id, 0), 0
        out.original_filename = out.status_reason = None
    return outs


def get_managed(session: Session, *, user: User, dataset_id: int, lock: bool = False) -> Dataset:
    """A dataset the user may change (403 for someone else's, 404 when missing)."""
    dataset = get_dataset(session, user=user, dataset_id=dataset_id)
    if not can_manage(user, dataset):
        raise Forbidden("Only the owner of this dataset or an admin may change it.")
    if lock:
        repository.lock_dataset(session, dataset_id)
    return dataset


def list_datasets(
    session: Session, *, user: User, mine: bool, page: int, page_size: int
) -> tuple[Sequence[Dataset], int]:
    """A page of datasets, newest first (only the user's own with `mine`)."""
    if not has_permission(user.role, Permission.datasets_read):
        raise Forbidden()
    return repository.page_of_datasets(
        session,
        owner_id=user.id if mine else None,
        offset=(page - 1) * page_size,
        limit=page_size,
        viewer_id=user.id,
        companies=user.allowed_companies or None,
    )


def _target(
    session: Session, *, user: User, options: UploadOptions, filename: str, sha256: str
) -> Dataset:
    if options.mode is UploadMode.create:
        name = (options.name or Path(filename).stem or "Upload")[:200]
        dataset = Dataset(
            name=name,
            owner_id=user.id,
            status=DatasetStatus.uploading.value,
            original_filename=filename[:255],
            file_sha256=sha256,
        )
        session.add(dataset)
        session.flush()
        return dataset
    if options.dataset_id is None:
        raise InvalidInput(
            f"mode={options.mode} needs a dataset_id.",
            details=[{"field": "dataset_id", "message": "required"}],
        )
    dataset = get_managed(session, user=user, dataset_id=options.dataset_id, lock=True)
    busy = [
        b for b in repository.batches_of(session, dataset.id) if b.status == BatchStatus.processing
    ]
    if busy or dataset.status in repository.UNFINISHED:
        raise Conflict("Another upload into this dataset is still being processed.")
    if options.mode is UploadMode.append and dataset.status != DatasetStatus.ready:
        raise Conflict("Only a ready dataset can be appended to; replace it instead.")
    if options.mode is UploadMode.replace:
        check_company_scope(session, user=user, dataset_id=dataset.id)
    return dataset


def begin_upload(
    session: Session,
    *,
    user: User,
    options: UploadOptions,
    filename: str,
    sha256: str,
    stored_path: str | None,
) -> tuple[Dataset, UploadBatch, int | None]:
    """Create (or check) the target dataset and its upload batch; flags a repeated file."""
    if not has_permission(user.role, Permission.datasets_write):
        raise Forbidden("Viewers cannot upload data.")
    duplicate_of = repository.find_duplicate(session, sha256)
    dataset = _target(session, user=user, options=options, filename=filename, sha256=sha256)
    batch = UploadBatch(
        dataset_id=dataset.id,
        filename=filename[:255],
        sha256=sha256,
        stored_path=stored_path,
        uploaded_by=user.id,
        mode=options.mode.value,
        status=BatchStatus.processing.value,
        options=options.model_dump(mode="json"),
        report={},
    )
    session.add(batch)
    session.flush()
    return dataset, batch, duplicate_of


def mark_processing(session: Session, *, dataset_id: int) -> None:
    """The file is on disk; parsing starts (a new dataset moves uploading -> processing)."""
    dataset = session.get(Dataset, dataset_id)
    if dataset is not None and dataset.status == DatasetStatus.uploading:
        dataset.status = DatasetStatus.processing.value


def report_summary(report: ParseReport, **extra: Any) -> dict[str, Any]:
    """The parse report as stored with the upload batch (JSON)."""
    return {
        "file_kind": report.file_kind,
        "rows_read": report.rows_read,
        "records": report.records,
        "error_count": report.error_count,
        "skipped_count": report.skipped_count,
        "skipped_rows": [
            {"row": s.row, "reason": s.reason, "sheet": s.sheet}
            for s in report.skipped_rows[:ERRORS_LISTED]
        ],
        "warnings": report.warnings,
        "date_order": report.date_order,
        "sheets": report.sheets,
        "column_mapping": report.column_mapping,
        "wide": report.wide,
        "dimensions": report.dimensions,
        "number_formats": report.number_formats,
        "number_format_note": report.number_format_note,
        "cell_error_count": report.cell_error_count,
        "scenario": str(report.settings.constants.scenario or "actual")
        if report.settings
        else None,
        "other_scenarios": report.other_scenarios,  # rows of other scenarios, not stored
        # False: a table states no currency (stored in the reporting currency, or without one)
        "currency_stated": not report.currency_unstated,
        "totals_rows": [t.as_json() for t in report.totals_rows[:TOTALS_LISTED]],
        "totals_count": len(report.totals_rows),  # more than listed: the list was cut
        **extra,
    }


def _save_errors(
    session: Session, *, dataset_id: int, batch_id: int, report: ParseReport | None
) -> None:
    if report is None or not report.errors:
        return
    session.add_all(
        DatasetError(
            dataset_id=dataset_id,
            batch_id=batch_id,
            sheet=(e.sheet or None) and e.sheet[:128],
            row=e.row,
            column=e.column[:255],
            value=clip(e.value, MAX_ERROR_VALUE_CHARS),
            message=clip(e.message, MAX_ERROR_VALUE_CHARS * 2),
        )
        for e in report.errors[:MAX_STORED_ERRORS]
    )


def _with_settings(options: dict[str, Any], report: ParseReport) -> dict[str, Any]:
    """The upload's options with the settings the file was actually read with (sign included)."""
    if report.settings is None:
        return options
    return {**options, "settings": report.settings.model_dump(mode="json")}


def _dimensions(kept: list[str], found: list[str]) -> list[str]:
    """The dataset's dimension names: those it has, then new ones in file order."""
    return [*kept, *(name for name in found if name not in kept)]


def _scenario(dataset: Dataset, report: ParseReport, *, appended: bool) -> str:
    """The scenario the file was read as (checked against the dataset's before storing)."""
    problem = scenario_refusal(dataset, report, appended=appended)
    if problem is not None:
        raise InvalidInput(problem)
    settings = report.settings
    return str(settings.constants.scenario or Scenario.actual) if settings else "actual"


def scenario_refusal(dataset: Dataset, report: ParseReport, *, appended: bool) -> str | None:
    """Why the file cannot go into this dataset: an append must bring the dataset's own
    scenario (a budget appended to actuals would be added to them)."""
    settings = report.settings
    found = str(settings.constants.scenario or Scenario.actual) if settings else "actual"
    if not appended or not dataset.row_count or found == dataset.scenario:
        return None
    return (
        f"This dataset holds {SCENARIO_WORDS[Scenario(dataset.scenario)]} figures and the file "
        f"was read as {SCENARIO_WORDS[Scenario(found)]}, so nothing was stored: store it as a "
        "dataset of its own, or set the scenario of the import settings."
    )


def change_dataset(
    session: Session, *, user: User, actor: Actor, dataset_id: int, scenario: Scenario
) -> Dataset:
    """Mark a dataset as actual, budget, forecast or prior year (owner or admin; audited)."""
    dataset = get_managed(session, user=user, dataset_id=dataset_id, lock=True)
    before = dataset.scenario
    if before != scenario.value:
        dataset.scenario = scenario.value
        data_version.bump(session)
        change = {"scenario": {"before": before, "after": scenario.value}}
        record(
            session, AuditEvent(Action.dataset_update, "dataset", dataset_id, changes=change), actor
        )
    return dataset


def _processing_batch(session: Session, dataset_id: int, batch_id: int) -> UploadBatch:
    repository.lock_dataset(session, dataset_id)
    batch = session.get(UploadBatch, batch_id)
    if batch is None or batch.status != BatchStatus.processing:
        raise Conflict("This upload is no longer in progress (interrupted or removed).")
    return batch


def _streamed(spool: Spool) -> Streamed:
    """The totals the spool kept while the batches streamed: the publish reads no record."""
    names, per_value = spool.dimension_rollup()
    return Streamed(daily=spool.daily_rollup(), dimensions=names, per_value=per_value)


def store_upload(
    session: Session,
    *,
    dataset_id: int,
    batch_id: int,
    spool: Spool,
    report: ParseReport,
    actor: Actor,
    on_rows: Callable[[int], None] | None = None,
    staged: str | None = None,
) -> Dataset:
    """Store the spooled records, rollups and errors; the upload becomes visible at once.

    With a session that has not begun yet (the upload job's), the records are first staged
    in committed chunks under the still-processing batch, which no read sees; then this
    session makes them visible in one short transaction (rollups, replace's swap, status).
    A session already in a transaction stores everything in it. ``staged`` (the insert path
    used) says every record was staged already, while the file was read: only the short
    transaction runs. Either way a failure leaves nothing visible, and ``fail_upload``
    removes staged rows.
    """
    if staged is not None:
        path = staged
    elif session.in_transaction():
        _processing_batch(session, dataset_id, batch_id)
        path = insert_records(
            session, dataset_id=dataset_id, batch_id=batch_id, spool=spool, on_rows=on_rows
        )
    else:
        path = stage_records(
            session.get_bind(),  # type: ignore[arg-type]
            dataset_id=dataset_id,
            batch_id=batch_id,
            spool=spool,
            on_rows=on_rows,
        )
    batch = _processing_batch(session, dataset_id, batch_id)
    dataset = session.get_one(Dataset, dataset_id)
    insert_rollups(session, dataset_id=dataset_id, batch_id=batch_id, spool=spool)
    mode = UploadMode(batch.mode)
    if mode is UploadMode.replace:
        old = [
            b
            for b in repository.batches_of(session, dataset_id)
            if b.id != batch_id and b.status == BatchStatus.ready
        ]
        repository.delete_batch_rows(session, dataset_id=dataset_id, batch_ids=[b.id for b in old])
        repository.delete_unbatched_rows(session, dataset_id)
        for old_batch in old:
            old_batch.status = BatchStatus.replaced.value
    build_rollups(session, dataset_id=dataset_id, batch_id=batch_id, streamed=_streamed(spool))
    _save_errors(session, dataset_id=dataset_id, batch_id=batch_id, report=report)
    batch.status, batch.row_count, batch.error_count = "ready", spool.count, report.error_count
    batch.report, batch.finished_at = report_summary(report, insert_path=path), utcnow()
    batch.options = _with_settings(batch.options, report)
    appended = mode is UploadMode.append
    dataset.scenario = _scenario(dataset, report, appended=appended)
    dataset.row_count = spool.count + (dataset.row_count if appended else 0)
    dataset.dimensions = _dimensions(dataset.dimensions if appended else [], report.dimensions)
    dataset.status, dataset.error_count = DatasetStatus.ready.value, report.error_count
    dataset.status_reason = f"{report.error_count} bad rows skipped" if report.error_count else None
    data_version.bump(session)
    record(
        session,
        AuditEvent(
            _MODE_ACTIONS[mode],
            "dataset",
            dataset_id,
            extra={
                "upload_id": batch_id,
                "rows": spool.count,
                "errors": report.error_count,
                "sha256": batch.sha256,
            },
        ),
        actor,
    )
    return dataset


def fail_upload(
    session: Session,
    *,
    dataset_id: int,
    batch_id: int,
    reason: str,
    report: ParseReport | None = None,
) -> None:
    """Mark an upload failed with its reason and row errors; a new dataset fails with it."""
    batch = session.get(UploadBatch, batch_id, with_for_update=True)  # waits for a staged chunk
    dataset = session.get(Dataset, dataset_id)
    if batch is None or dataset is None:
        return
    if batch.status == BatchStatus.processing:  # its staged rows, before it stops hiding them
        repository.delete_batch_rows(session, dataset_id=dataset_id, batch_ids=[batch_id])
    batch.status, batch.status_reason, batch.finished_at = "failed", reason, utcnow()
    if report is not None:
        batch.error_count = report.error_count
        batch.report = report_summary(report)
    _save_errors(session, dataset_id=dataset_id, batch_id=batch_id, report=report)
    dataset.error_count = batch.error_count
    if dataset.status in repository.UNFINISHED or batch.mode == UploadMode.create:
        dataset.status = DatasetStatus.failed.value
    dataset.status_reason = reason
