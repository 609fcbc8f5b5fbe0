"""Resumable chunked uploads: sessions in the database, chunks on disk, expiry and clean-up."""

from __future__ import annotations

import math
import shutil
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from elara.core.config import Settings
from elara.core.errors import Conflict, InvalidInput, NotFound
from elara.datasets.schemas import UploadOptions
from elara.models import UploadSession, User, utcnow
from elara.uploads.receive import BLOCK, too_large

MIN_CHUNK = 1024
MAX_CHUNK = 64 << 20


def chunks_dir(settings: Settings, session_id: str) -> Path:
    return settings.data_dir / "chunks" / session_id


def chunk_count(upload: UploadSession) -> int:
    return max(1, math.ceil(upload.total_size / upload.chunk_size))


def expected_size(upload: UploadSession, index: int) -> int:
    if index < chunk_count(upload) - 1:
        return upload.chunk_size
    return upload.total_size - upload.chunk_size * (chunk_count(upload) - 1)


def create_session(
    session: Session,
    *,
    settings: Settings,
    user: User,
    filename: str,
    total_size: int,
    chunk_size: int,
    options: UploadOptions,
) -> UploadSession:
    """Open a chunked upload; it expires after `upload_expiry_hours` if not completed."""
    if total_size > settings.max_chunked_upload_mb * BLOCK:
        raise too_large(settings.max_chunked_upload_mb)
    if not MIN_CHUNK <= chunk_size <= MAX_CHUNK:
        raise InvalidInput(
            f"chunk_size must be between {MIN_CHUNK} and {MAX_CHUNK} bytes.",
            details=[{"field": "chunk_size", "message": "out of range"}],
        )
    upload = UploadSession(
        id=uuid.uuid4().hex,
        user_id=user.id,
        filename=filename[:255],
        total_size=total_size,
        chunk_size=chunk_size,
        received_chunks=[],
        options=options.model_dump(mode="json"),
        status="open",
        expires_at=utcnow() + timedelta(hours=settings.upload_expiry_hours),
    )
    session.add(upload)
    session.flush()
    return upload


def get_session(
    session: Session, *, user: User, session_id: str, lock: bool = False
) -> UploadSession:
    """The caller's own upload session (404 for anyone else's or an expired one)."""
    query = select(UploadSession).where(UploadSession.id == session_id)
    if lock:
        query = query.with_for_update()
    upload = session.scalars(query).first()
    if upload is None or upload.user_id != user.id or upload.expires_at < utcnow():
        raise NotFound("Upload not found (or expired).")
    return upload


def check_chunk(upload: UploadSession, index: int) -> int:
    """The byte size chunk `index` must have; refuses chunks of a finished upload."""
    if upload.status != "open":
        raise Conflict(f"This upload is {upload.status}.")
    if not 0 <= index < chunk_count(upload):
        raise InvalidInput(
            f"Chunk number must be 0..{chunk_count(upload) - 1}.",
            details=[{"field": "n", "message": "out of range"}],
        )
    return expected_size(upload, index)


def record_chunk(session: Session, *, user: User, session_id: str, index: int) -> UploadSession:
    """Note a chunk as received (after its file was written in full)."""
    upload = get_session(session, user=user, session_id=session_id, lock=True)
    if index not in upload.received_chunks:
        upload.received_chunks = sorted([*upload.received_chunks, index])
    return upload


def assemble(
    session: Session, *, settings: Settings, user: User, session_id: str, target_dir: Path
) -> tuple[UploadSession, Path]:
    """Join every chunk into one file (the chunks stay until `finish` succeeds)."""
    upload = get_session(session, user=user, session_id=session_id, lock=True)
    if upload.status != "open":
        raise Conflict(f"This upload is {upload.status}.")
    missing = sorted(set(range(chunk_count(upload))) - set(upload.received_chunks))
    if missing:
        raise Conflict(
            f"{len(missing)} chunks are missing.", details=[{"missing_chunks": missing[:1000]}]
        )
    folder = chunks_dir(settings, upload.id)
    target = target_dir / f"in-{uuid.uuid4().hex}"
    with target.open("wb") as out:
        for index in range(chunk_count(upload)):
            with (folder / f"{index:06d}.part").open("rb") as part:
                shutil.copyfileobj(part, out, BLOCK)
    return upload, target


def finish(session: Session, *, settings: Settings, session_id: str, dataset_id: int) -> None:
    """The joined file was accepted: close the session and drop its chunks."""
    upload = session.get(UploadSession, session_id)
    if upload is not None:
        upload.status, upload.dataset_id = "complete", dataset_id
    shutil.rmtree(chunks_dir(settings, session_id), ignore_errors=True)


def purge_expired(session: Session, *, settings: Settings) -> int:
    """Delete expired, unfinished sessions and their chunks; returns how many."""
    expired = session.scalars(
        select(UploadSession).where(UploadSession.expires_at < utcnow())
    ).all()
    for upload in expired:
        shutil.rmtree(chunks_dir(settings, upload.id), ignore_errors=True)
        session.delete(upload)
    return len(expired)
