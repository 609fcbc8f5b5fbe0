"""Look at a file before storing it: sheets, header row, headers and the column mapping found."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from elara.core.errors import ElaraError, InvalidInput, UnsupportedMediaType
from elara.ingest import (
    IngestError,
    MappingError,
    MissingColumnsError,
    SheetNotFoundError,
    UnsafeFileError,
    UnsupportedFileError,
    suggest_settings,
)
from elara.ingest.errors import MixedEncodingError, TooLargeError
from elara.ingest.isolate import ReaderFailedError, describe_isolated, run_isolated
from elara.ingest.plan import build_plan, check_plan
from elara.ingest.settings import ImportSettings
from elara.ingest.sniff import TextFormat


class TableOut(BaseModel):
    sheet: str | None
    header_row: int
    headers: list[str]
    mapping: dict[str, str]
    missing: list[str]
    wide: bool


class InspectOut(BaseModel):
    file_kind: str
    sheets: list[str]
    tables: list[TableOut]


def to_http_error(exc: IngestError) -> ElaraError:
    """A whole-file parsing problem as the API error a client sees."""
    message = str(exc)
    if isinstance(exc, UnsupportedFileError):
        return UnsupportedMediaType(message)
    if isinstance(exc, UnsafeFileError):
        return InvalidInput(message, code="unsafe_file")
    if isinstance(exc, TooLargeError):
        limits: list[dict[str, Any]] = [{"found": exc.found, "limits": exc.limits}]
        return InvalidInput(message, code=exc.code, details=limits)
    if isinstance(exc, MixedEncodingError):
        lines = [{"utf8_line": exc.utf8_line, "single_byte_line": exc.single_line}]
        return InvalidInput(message, code="mixed_encoding", details=lines)
    if isinstance(exc, ReaderFailedError):
        return InvalidInput(message, code="reader_failed")
    if isinstance(exc, MissingColumnsError):
        details: list[dict[str, Any]] = [
            {
                "sheet": exc.sheet,
                "found_headers": exc.found_headers,
                "missing": exc.missing,
                "message": message,
            }
        ]
        return InvalidInput(message, code="missing_columns", details=details)
    if isinstance(exc, SheetNotFoundError):
        return InvalidInput(
            message,
            code="sheet_not_found",
            details=[{"sheet": exc.sheet, "available": exc.available}],
        )
    if isinstance(exc, MappingError):
        return InvalidInput(message, code="invalid_mapping")
    return InvalidInput(message, code="unreadable_file")


def inspect_file(
    path: Path,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    strict: bool = False,
) -> InspectOut:
    """Sheets and detected headers/mapping; `strict` raises what a real upload would."""
    description = _describe(path, sheet=sheet, mapping=mapping, strict=strict)
    return InspectOut.model_validate(description, from_attributes=True)


def inspect_for_upload(
    path: Path, *, sheet: str | None = None, mapping: dict[str, str] | None = None
) -> TextFormat | None:
    """The strict inspection of an upload (raising what storing it would); the encoding and
    delimiter it sniffed of a CSV/TSV text (None: a workbook), for the parse to reuse."""
    description = _describe(path, sheet=sheet, mapping=mapping, strict=True)
    text_format = getattr(description, "text_format", None)
    return text_format if isinstance(text_format, TextFormat) else None


def _describe(path: Path, **kwargs: Any) -> Any:
    try:
        # In a limited child process: a reader crash fails this request, not the server.
        return describe_isolated(path, **kwargs)
    except IngestError as exc:
        raise to_http_error(exc) from exc


def check_settings(path: Path, settings: ImportSettings, *, sheet: str | None = None) -> None:
    """Raise what storing the file with these settings would (bad column, missing constant)."""
    try:
        run_isolated(_check, kwargs={"path": Path(path), "settings": settings, "sheet": sheet})
    except IngestError as exc:
        raise to_http_error(exc) from exc


def _check(*, path: Path, settings: ImportSettings, sheet: str | None) -> None:
    suggestion = suggest_settings(path, sheet=sheet, settings=settings)
    plan = build_plan(suggestion.headers, suggestion.settings)
    check_plan(plan, sheet=suggestion.settings.sheet)
