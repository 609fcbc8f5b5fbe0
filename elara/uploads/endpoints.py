"""/api/uploads: resumable chunked uploads for files above the single-request limit."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.concurrency import run_in_threadpool

from elara.auth.deps import ActorDep
from elara.auth.deps import require as require_permission
from elara.auth.permissions import Permission
from elara.core.deps import SessionDep, StateDep
from elara.core.errors import InvalidInput
from elara.core.ratelimit import rate_limit
from elara.core.state import AppState
from elara.datasets.schemas import SubmitOut, UploadOptions
from elara.models import UploadSession, User
from elara.uploads import chunks
from elara.uploads.files import work_dir
from elara.uploads.schemas import UploadComplete, UploadSessionCreate, UploadSessionOut
from elara.uploads.service import submit_upload

router = APIRouter(prefix="/api/uploads", tags=["uploads"])

Writer = Annotated[User, Depends(require_permission(Permission.datasets_write))]
UploadLimit = Annotated[None, Depends(rate_limit("upload"))]


def _out(upload: UploadSession) -> UploadSessionOut:
    count = chunks.chunk_count(upload)
    received = sum(chunks.expected_size(upload, i) for i in upload.received_chunks)
    return UploadSessionOut(
        id=upload.id,
        filename=upload.filename,
        total_size=upload.total_size,
        chunk_size=upload.chunk_size,
        chunk_count=count,
        received_chunks=upload.received_chunks,
        bytes_received=received,
        status=upload.status,
        dataset_id=upload.dataset_id,
        expires_at=upload.expires_at,
    )


@router.post("", status_code=status.HTTP_201_CREATED)
def create_upload(
    body: UploadSessionCreate, user: Writer, _: UploadLimit, session: SessionDep, state: StateDep
) -> UploadSessionOut:
    """Open a chunked upload; send chunks 0..chunk_count-1, then complete it."""
    chunks.purge_expired(session, settings=state.settings)
    options = UploadOptions.model_validate(
        body.model_dump(exclude={"filename", "total_size", "chunk_size"})
    )
    upload = chunks.create_session(
        session,
        settings=state.settings,
        user=user,
        filename=body.filename,
        total_size=body.total_size,
        chunk_size=body.chunk_size,
        options=options,
    )
    return _out(upload)


@router.get("/{upload_id}")
def get_upload(upload_id: str, user: Writer, session: SessionDep) -> UploadSessionOut:
    """Which chunks have arrived, so an interrupted client sends only the rest."""
    return _out(chunks.get_session(session, user=user, session_id=upload_id))


def _check(state: AppState, user: User, upload_id: str, index: int) -> int:
    with state.db.transaction() as session:
        upload = chunks.get_session(session, user=user, session_id=upload_id)
        return chunks.check_chunk(upload, index)


def _record(state: AppState, user: User, upload_id: str, index: int) -> UploadSessionOut:
    with state.db.transaction() as session:
        return _out(chunks.record_chunk(session, user=user, session_id=upload_id, index=index))


async def _receive(request: Request, target: Path, expected: int) -> None:
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    size = 0
    with partial.open("wb") as out:
        async for block in request.stream():
            size += len(block)
            if size > expected:
                break
            await run_in_threadpool(out.write, block)
    if size != expected:
        partial.unlink(missing_ok=True)
        raise InvalidInput(
            f"This chunk must be exactly {expected} bytes (got {size}).", code="bad_chunk_size"
        )
    partial.replace(target)  # a chunk file exists only once it is complete


@router.put("/{upload_id}/chunks/{n}")
async def put_chunk(
    upload_id: str, n: int, request: Request, user: Writer, state: StateDep
) -> UploadSessionOut:
    """Store one chunk (raw body); sending a chunk again replaces it."""
    expected = await run_in_threadpool(_check, state, user, upload_id, n)
    folder = chunks.chunks_dir(state.settings, upload_id)
    folder.mkdir(parents=True, exist_ok=True)
    await _receive(request, folder / f"{n:06d}.part", expected)
    return await run_in_threadpool(_record, state, user, upload_id, n)


def _assemble(state: AppState, user: User, upload_id: str) -> tuple[UploadSession, Path]:
    with state.db.transaction() as session:
        return chunks.assemble(
            session,
            settings=state.settings,
            user=user,
            session_id=upload_id,
            target_dir=work_dir(state.settings),
        )


@router.post("/{upload_id}/complete", status_code=status.HTTP_202_ACCEPTED)
def complete_upload(
    upload_id: str,
    user: Writer,
    actor: ActorDep,
    state: StateDep,
    response: Response,
    body: UploadComplete | None = None,
) -> SubmitOut:
    """Join the chunks and process the file like POST /api/datasets (202, or 200 when waited)."""
    upload, path = _assemble(state, user, upload_id)
    options = UploadOptions.model_validate(upload.options)
    if body is not None and body.settings is not None:
        options = options.model_copy(update={"settings": body.settings})
    out = submit_upload(
        state,
        user_id=actor.user_id or 0,
        actor=actor,
        path=path,
        filename=upload.filename,
        options=options,
        wait=bool(body and body.wait),
    )
    with state.db.transaction() as session:
        chunks.finish(session, settings=state.settings, session_id=upload_id, dataset_id=out.id)
    if out.upload is not None and out.upload.status != "processing":
        response.status_code = status.HTTP_200_OK
    return out
