"""/api/datasets: upload a file into a dataset, list and read datasets, errors, provenance."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile, status
from fastapi.responses import StreamingResponse
from pydantic import ValidationError

from elara.auth.deps import ActorDep
from elara.auth.deps import require as require_permission
from elara.auth.permissions import Permission
from elara.core.deps import StateDep
from elara.core.errors import InvalidInput
from elara.core.ratelimit import Charge, deferred_rate_limit
from elara.core.schemas import MAX_ID, EntityId, PageNumber, PageSize
from elara.datasets import queries
from elara.datasets.schemas import (
    ControlCharacters,
    DatasetChange,
    DatasetOut,
    DatasetPage,
    ErrorPage,
    OnError,
    SubmitOut,
    UploadMode,
    UploadOptions,
    UploadOut,
)
from elara.models import User
from elara.uploads import service as uploads
from elara.uploads.files import work_dir
from elara.uploads.preview import InspectOut, InspectRequest
from elara.uploads.receive import (
    SizeLimitedRoute,
    check_content_length,
    parse_mapping,
    parse_settings,
    save_stream,
)

router = APIRouter(prefix="/api/datasets", tags=["datasets"], route_class=SizeLimitedRoute)

Reader = Annotated[User, Depends(require_permission(Permission.datasets_read))]
Writer = Annotated[User, Depends(require_permission(Permission.datasets_write))]
# Checked on entry, counted once the file is accepted: a retry after a 422 costs nothing.
UploadLimit = Annotated[Charge, Depends(deferred_rate_limit("upload"))]
ERROR_CSV_HEADER = ("sheet", "row", "column", "value", "message")
SETTINGS_MAX = 200_000  # characters of settings JSON (a sheet of a few thousand columns)


def _options(**fields: object) -> UploadOptions:
    try:
        return UploadOptions.model_validate(fields)
    except ValidationError as exc:
        details = [
            {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()
        ]
        raise InvalidInput(details=details) from exc


@router.post("", status_code=status.HTTP_202_ACCEPTED)
def upload_dataset(
    request: Request,
    response: Response,
    _: Writer,
    charge: UploadLimit,
    actor: ActorDep,
    state: StateDep,
    file: Annotated[UploadFile, File()],
    name: Annotated[str | None, Form(max_length=200)] = None,
    on_error: Annotated[OnError, Form()] = OnError.reject,
    mode: Annotated[UploadMode, Form()] = UploadMode.create,
    dataset_id: Annotated[int | None, Form()] = None,
    sheet: Annotated[str | None, Form(max_length=128)] = None,
    mapping: Annotated[str | None, Form(max_length=20_000)] = None,
    default_currency: Annotated[str | None, Form(max_length=3)] = None,
    control_characters: Annotated[ControlCharacters, Form()] = ControlCharacters.error,
    settings: Annotated[str | None, Form(max_length=SETTINGS_MAX)] = None,
    recipe: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
    wait: Annotated[bool, Form()] = False,
) -> SubmitOut:
    """Upload a file (≤ max_upload_mb): 202 while processing, 200 when `wait` and finished."""
    limit = state.settings.max_upload_mb
    check_content_length(request, limit)
    options = _options(
        name=name,
        on_error=on_error,
        mode=mode,
        dataset_id=dataset_id,
        sheet=sheet or None,
        mapping=parse_mapping(mapping),
        default_currency=default_currency or None,
        control_characters=control_characters,
        settings=parse_settings(settings),
        recipe=recipe,
    )
    path = save_stream(file.file, work_dir(state.settings), limit_bytes=limit << 20, limit_mb=limit)
    out = uploads.submit_upload(
        state,
        user_id=actor.user_id or 0,
        actor=actor,
        path=path,
        filename=file.filename or "upload",
        options=options,
        wait=wait,
    )
    charge()
    if out.upload is not None and out.upload.status != "processing":
        response.status_code = status.HTTP_200_OK
    return out


@router.post("/inspect")
def inspect_upload(
    request: Request,
    _: Writer,
    actor: ActorDep,
    state: StateDep,
    file: Annotated[UploadFile, File()],
    sheet: Annotated[str | None, Form(max_length=128)] = None,
    header_row: Annotated[int | None, Form(ge=1, le=1_000_000)] = None,
    settings: Annotated[str | None, Form(max_length=SETTINGS_MAX)] = None,
    mapping: Annotated[str | None, Form(max_length=20_000)] = None,
    default_currency: Annotated[str | None, Form(max_length=3)] = None,
    recipe: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
    control_characters: Annotated[ControlCharacters, Form()] = ControlCharacters.error,
) -> InspectOut:
    """Suggested settings, the constants still needed and a preview (nothing is stored)."""
    limit = state.settings.max_upload_mb
    check_content_length(request, limit)
    inspect = InspectRequest(
        sheet=sheet or None,
        header_row=header_row,
        settings=parse_settings(settings),
        mapping=parse_mapping(mapping),
        default_currency=default_currency or None,
        recipe_id=recipe,
        control_characters=control_characters,
    )
    path = save_stream(file.file, work_dir(state.settings), limit_bytes=limit << 20, limit_mb=limit)
    try:
        return uploads.inspect_upload(state, user_id=actor.user_id or 0, path=path, request=inspect)
    finally:
        path.unlink(missing_ok=True)


@router.get("")
def list_datasets(
    _: Reader,
    actor: ActorDep,
    state: StateDep,
    mine: bool = False,
    page: Annotated[PageNumber, Query()] = 1,
    page_size: Annotated[PageSize, Query()] = 50,
) -> DatasetPage:
    """A page of datasets, newest first."""
    return queries.dataset_page(state, actor, mine=mine, page=page, page_size=page_size)


@router.get("/{dataset_id}")
def get_dataset(dataset_id: EntityId, _: Reader, actor: ActorDep, state: StateDep) -> DatasetOut:
    """One dataset with its status and live progress."""
    return queries.dataset_detail(state, actor, dataset_id)


@router.patch("/{dataset_id}")
def change_dataset(
    dataset_id: EntityId, change: DatasetChange, _: Writer, actor: ActorDep, state: StateDep
) -> DatasetOut:
    """Mark a dataset as actual, budget, forecast or prior year (owner or admin; audited)."""
    return queries.change_dataset(state, actor, dataset_id, change)


def _error_csv(page: ErrorPage) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ERROR_CSV_HEADER)
    for item in page.items:
        # A leading =, +, - or @ would run as a formula in a spreadsheet; quote it as text.
        value = "'" + item.value if item.value[:1] in ("=", "+", "-", "@") else item.value
        writer.writerow((item.sheet or "", item.row, item.column, value, item.message))
    if page.total > page.stored:
        writer.writerow(("", "", "", "", f"{page.total - page.stored} more errors not listed"))
    yield buffer.getvalue()


@router.get("/{dataset_id}/errors", response_model=None)
def list_errors(
    dataset_id: EntityId,
    _: Reader,
    actor: ActorDep,
    state: StateDep,
    upload_id: int | None = None,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> ErrorPage | StreamingResponse:
    """Row errors of the latest (or a given) upload, as JSON or a CSV report."""
    if format == "csv":
        page = queries.error_page(
            state, actor, dataset_id, upload_id=upload_id, offset=0, limit=None
        )
        headers = {"Content-Disposition": f'attachment; filename="dataset-{dataset_id}-errors.csv"'}
        return StreamingResponse(
            _error_csv(page), media_type="text/csv; charset=utf-8", headers=headers
        )
    return queries.error_page(
        state, actor, dataset_id, upload_id=upload_id, offset=offset, limit=limit
    )


@router.get("/{dataset_id}/uploads")
def list_uploads(
    dataset_id: EntityId, _: Reader, actor: ActorDep, state: StateDep
) -> list[UploadOut]:
    """Every upload that fed the dataset (provenance), oldest first."""
    return queries.upload_list(state, actor, dataset_id)


@router.delete("/{dataset_id}/uploads/{upload_id}")
def rollback_upload(
    dataset_id: EntityId, upload_id: EntityId, _: Writer, actor: ActorDep, state: StateDep
) -> UploadOut:
    """Roll one stored upload back: its records leave the dataset (audited)."""
    return queries.rollback_upload(state, actor, dataset_id, upload_id)


@router.delete("/{dataset_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_dataset(dataset_id: EntityId, _: Writer, actor: ActorDep, state: StateDep) -> None:
    """Delete a dataset and everything stored for it (audited)."""
    queries.delete_dataset(state, actor, dataset_id)
