"""Request and response shapes of the chunked upload API."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from elara.core.schemas import InputModel, OutputModel
from elara.datasets.schemas import OnError, UploadMode


class UploadSessionCreate(InputModel):
    filename: str = Field(min_length=1, max_length=255)
    total_size: int = Field(ge=1)
    chunk_size: int = Field(8 << 20, ge=1)
    name: str | None = Field(None, max_length=200)
    mode: UploadMode = UploadMode.create
    on_error: OnError = OnError.reject
    dataset_id: int | None = None
    sheet: str | None = Field(None, max_length=128)
    mapping: dict[str, str] | None = None
    default_currency: str | None = Field(None, max_length=3)


class UploadComplete(InputModel):
    wait: bool = False


class UploadSessionOut(OutputModel):
    id: str
    filename: str
    total_size: int
    chunk_size: int
    chunk_count: int
    received_chunks: list[int]
    bytes_received: int
    status: str
    dataset_id: int | None
    expires_at: datetime
