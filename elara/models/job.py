"""Upload jobs in progress: the worker that owns each one and until when (its lease)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from elara.models.base import Base, UTCDateTime, utcnow


class UploadJob(Base):
    """One upload between acceptance and its final state; the row goes when the job ends.

    `owner` is the worker holding the lease (None: queued, free to claim); a lease that is
    not renewed by `lease_until` is taken over by another worker.
    """

    __tablename__ = "upload_jobs"

    batch_id: Mapped[int] = mapped_column(
        ForeignKey("upload_batches.id", ondelete="CASCADE"), primary_key=True
    )
    stage: Mapped[str] = mapped_column(String(16), nullable=False, default="parse")
    owner: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Who asked for the upload (the audit entry of the store names them).
    actor: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
