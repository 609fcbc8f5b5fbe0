"""Request and response shapes of the chunked upload API."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from elara.core.schemas import InputModel, OutputModel
from elara.datasets.schemas import UploadOptions
from elara.ingest.settings import ImportSettings


class UploadSessionCreate(InputModel, UploadOptions):
    """A chunked upload: the file's size and chunking, plus how it is to be read and stored."""

    filename: str = Field(min_length=1, max_length=255)
    total_size: int = Field(ge=1)
    chunk_size: int = Field(8 << 20, ge=1)


class UploadComplete(InputModel):
    """Finish a chunked upload; new settings here replace the ones it was opened with (a retry
    after a 422 needs no second upload of the chunks)."""

    wait: bool = False
    settings: ImportSettings | None = None


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
