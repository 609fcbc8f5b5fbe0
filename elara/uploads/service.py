"""Accept a received file: check it, keep it encrypted, register the upload, start the job."""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import structlog

from elara.audit.events import Actor
from elara.core.errors import Unauthenticated
from elara.core.state import AppState
from elara.dashboard.fx import reporting_currency
from elara.datasets import service as datasets
from elara.datasets.schemas import (
    ControlCharacters,
    ProgressOut,
    SubmitOut,
    UploadOptions,
    UploadOut,
)
from elara.finance.fiscal import fiscal_year_start
from elara.ingest.sniff import TextFormat
from elara.models import Dataset, UploadBatch, User
from elara.uploads import leases, tasks
from elara.uploads.files import encrypt_and_hash, job_dir, note_sniffed, remove_original
from elara.uploads.inspect import check_settings, inspect_for_upload
from elara.uploads.preview import InspectOut, InspectRequest, inspect_file_settings
from elara.uploads.recipes import recipe_settings
from elara.uploads.scope import upload_scope

log = structlog.get_logger(__name__)
WAIT_POLL_SECONDS = 0.1


def progress_of(state: AppState, dataset_id: int) -> ProgressOut | None:
    """The latest progress event seen for a dataset in this process (or via Redis)."""
    event = state.events.progress_of(dataset_id)
    return ProgressOut.model_validate(event) if event else None


def dataset_view(
    state: AppState, dataset_id: int, batch_id: int | None = None, duplicate_of: int | None = None
) -> SubmitOut:
    """A dataset with its upload batch and live progress, read fresh (at one moment)."""
    with state.db.snapshot() as session:
        dataset = session.get_one(Dataset, dataset_id)
        out = SubmitOut.model_validate(dataset)
        batch = session.get(UploadBatch, batch_id) if batch_id else None
        out.upload = UploadOut.model_validate(batch) if batch else None
    out.duplicate_of = duplicate_of
    out.progress = progress_of(state, dataset_id)
    return out


def inspect_upload(
    state: AppState, *, user_id: int, path: Path, request: InspectRequest
) -> InspectOut:
    """Suggested settings and the preview of a received file (nothing is stored)."""
    found = None
    if request.settings is None:
        found = recipe_settings(
            state,
            user_id=user_id,
            path=path,
            sheet=request.sheet,
            header_row=request.header_row,
            recipe_id=request.recipe_id,
        )
    if found is not None:
        request = request.model_copy(update={"settings": found[0]})
    remove = request.control_characters is ControlCharacters.remove
    with state.db.transaction() as session:
        scope = upload_scope(session, user_id=user_id, remove_controls=remove)
        reporting = reporting_currency(session)
        fiscal = fiscal_year_start(session)
    out = inspect_file_settings(
        path, request, scope=scope, reporting_currency=reporting, fiscal_year_start=fiscal
    )
    out.recipe = found[1] if found is not None else None
    return out


def _with_recipe(
    state: AppState, *, user_id: int, path: Path, options: UploadOptions
) -> UploadOptions:
    """Options whose settings come from the recipe they name (settings sent win)."""
    if options.settings is not None or options.recipe is None:
        return options
    found = recipe_settings(
        state, user_id=user_id, path=path, sheet=options.sheet, recipe_id=options.recipe
    )
    return options.model_copy(update={"settings": found[0]}) if found else options


def _register(
    state: AppState,
    *,
    user_id: int,
    actor: Actor,
    options: UploadOptions,
    filename: str,
    sha256: str,
    stored: str,
) -> tuple[int, int, int | None]:
    with state.db.transaction() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            raise Unauthenticated("Your account is not active.")
        dataset, batch, duplicate_of = datasets.begin_upload(
            session,
            user=user,
            options=options,
            filename=filename,
            sha256=sha256,
            stored_path=stored,
        )
        datasets.mark_processing(session, dataset_id=dataset.id)
        # The job exists with the batch: if the queue loses its message, the reaper requeues it.
        leases.create(
            session,
            batch_id=batch.id,
            actor=actor,
            lease_seconds=state.settings.job_lease_seconds,
        )
        return dataset.id, batch.id, duplicate_of


def _enqueue(
    state: AppState, batch_id: int, received: Path, sniffed: TextFormat | None = None
) -> None:
    """Hand the received file (and what its inspection sniffed) to the job's folder and queue
    the parse."""
    folder = job_dir(state.settings, batch_id)
    folder.mkdir(parents=True, exist_ok=True)
    received.replace(folder / "input")
    note_sniffed(folder / "input", sniffed)
    tasks.install(state)
    try:
        state.queue.enqueue(tasks.PARSE_TASK, batch_id)
    except Exception as exc:  # the queue is away: the job's lease expires and is requeued
        log.warning("upload.enqueue_failed", batch_id=batch_id, error=type(exc).__name__)


def _batch_status(state: AppState, batch_id: int) -> str | None:
    with state.db.transaction() as session:
        batch = session.get(UploadBatch, batch_id)
        return batch.status if batch is not None else None


def wait_for_upload(state: AppState, batch_id: int, *, timeout: float) -> str | None:
    """Block until a worker finished the upload (or `timeout` seconds); its batch status."""
    deadline = time.monotonic() + timeout
    status = _batch_status(state, batch_id)
    while status == "processing" and time.monotonic() < deadline:
        time.sleep(WAIT_POLL_SECONDS)
        status = _batch_status(state, batch_id)
    return status


def _check_file(path: Path, options: UploadOptions) -> TextFormat | None:
    """Raise what storing the file would refuse; what the strict inspection sniffed."""
    if options.settings is not None:
        check_settings(path, options.settings, sheet=options.sheet)
        return None
    return inspect_for_upload(path, sheet=options.sheet, mapping=options.mapping)


def _discard(state: AppState, keeping: Future[tuple[str, str]]) -> None:
    """Remove the encrypted copy of a refused file once it is written."""
    try:
        stored, _ = keeping.result()
    except Exception:  # nothing was kept
        return
    remove_original(stored, settings=state.settings)


def submit_upload(
    state: AppState,
    *,
    user_id: int,
    actor: Actor,
    path: Path,
    filename: str,
    options: UploadOptions,
    wait: bool = False,
    wait_seconds: float = 3600,
) -> SubmitOut:
    """Keep a received file, register the upload and queue its job (then wait, if asked)."""
    try:
        options = _with_recipe(state, user_id=user_id, path=path, options=options)
        # The encrypted original and its SHA-256 (one read of the file) are made here while a
        # reader child checks the file: the two run side by side. A refused file's copy goes.
        with ThreadPoolExecutor(1, thread_name_prefix="upload-keep") as pool:
            keeping = pool.submit(encrypt_and_hash, path, settings=state.settings)
            try:
                sniffed = _check_file(path, options)
            except BaseException:
                _discard(state, keeping)
                raise
            stored, sha256 = keeping.result()
        try:
            dataset_id, batch_id, duplicate_of = _register(
                state,
                user_id=user_id,
                actor=actor,
                options=options,
                filename=filename,
                sha256=sha256,
                stored=stored,
            )
        except BaseException:
            remove_original(stored, settings=state.settings)
            raise
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    progress = tasks.Progress(dataset_id, batch_id, bytes_received=path.stat().st_size)
    state.events.publish(progress.event("processing"))
    _enqueue(state, batch_id, path, sniffed)
    if wait:
        wait_for_upload(state, batch_id, timeout=wait_seconds)
    return dataset_view(state, dataset_id, batch_id, duplicate_of)
