"""What the datasets API returns and accepts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from elara.core.scenarios import Scenario
from elara.core.schemas import MAX_ID, OutputModel
from elara.ingest.settings import ImportSettings


class UploadMode(StrEnum):
    create = "create"
    append = "append"
    replace = "replace"  # type: ignore[assignment]


class OnError(StrEnum):
    reject = "reject"
    skip = "skip"


class ControlCharacters(StrEnum):
    """What to do with NUL and other control characters in text cells."""

    error = "error"  # the row is a row error
    remove = "remove"  # the characters are removed and the report warns


class BatchStatus(StrEnum):
    processing = "processing"
    ready = "ready"
    failed = "failed"
    replaced = "replaced"
    rolled_back = "rolled_back"


class UploadOptions(BaseModel):
    """How one file is to be read and stored."""

    name: str | None = Field(None, max_length=200)
    mode: UploadMode = UploadMode.create
    on_error: OnError = OnError.reject
    dataset_id: int | None = Field(None, ge=1, le=MAX_ID)
    sheet: str | None = Field(None, max_length=128)
    mapping: dict[str, str] | None = None
    default_currency: str | None = Field(None, max_length=3)
    control_characters: ControlCharacters = ControlCharacters.error
    # How the file is read (as the preview showed it); without it, settings are suggested.
    settings: ImportSettings | None = None
    # A remembered recipe's id: its settings, fitted to this file, when no settings are sent.
    recipe: int | None = Field(None, ge=1, le=MAX_ID)


class ProgressOut(BaseModel):
    bytes_received: int = 0
    rows_parsed: int = 0
    rows_stored: int = 0
    status: str = "uploading"


class UploadOut(OutputModel):
    id: int
    dataset_id: int
    filename: str
    sha256: str
    mode: str
    status: str
    status_reason: str | None
    row_count: int
    error_count: int
    uploaded_by: int | None
    created_at: datetime
    finished_at: datetime | None
    report: dict[str, Any]
    # "N rows read, M records stored": a wide sheet makes several records of one row.
    rows_read: int = 0
    records_stored: int = 0

    @model_validator(mode="after")
    def _counts(self) -> UploadOut:
        self.rows_read = int(self.report.get("rows_read") or 0)
        self.records_stored = self.row_count if self.status == BatchStatus.ready else 0
        return self


class DatasetOut(OutputModel):
    id: int
    name: str
    description: str
    owner_id: int | None
    status: str
    status_reason: str | None
    row_count: int
    error_count: int
    currency: str | None
    dimensions: list[str] = Field(default_factory=list)
    scenario: str = "actual"  # actual | budget | forecast | prior_year
    original_filename: str | None
    created_at: datetime
    updated_at: datetime
    progress: ProgressOut | None = None
    # The newest upload into the dataset (on GET of one dataset): an append or replace is
    # finished when this upload is, while the dataset itself stays ready throughout.
    latest_upload: UploadOut | None = None


class DatasetChange(BaseModel):
    """PATCH /api/datasets/{id}: what the owner or an admin may change after storing."""

    model_config = ConfigDict(extra="forbid")

    scenario: Scenario


class SubmitOut(DatasetOut):
    """A dataset as answered by an upload, with the upload itself and a repeat-file flag."""

    upload: UploadOut | None = None
    duplicate_of: int | None = None


class ErrorOut(OutputModel):
    row: int
    column: str
    value: str
    message: str
    sheet: str | None


class ErrorPage(BaseModel):
    items: list[ErrorOut]
    total: int
    stored: int
    upload_id: int | None


class DatasetPage(BaseModel):
    items: list[DatasetOut]
    total: int
    page: int
    page_size: int
