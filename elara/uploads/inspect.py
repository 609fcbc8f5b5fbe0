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
)
from elara.ingest.headers import find_header_row, map_columns, unique_headers
from elara.ingest.pipeline import numeric_positions
from elara.ingest.readers import CsvSource, open_sources


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


def _table(source: Any, mapping: dict[str, str] | None, *, strict: bool) -> TableOut:
    head = source.head()
    index = find_header_row(head) if head else 0
    width = max((len(r) for r in head), default=0)
    raw = list(head[index]) if head else []
    raw += [None] * (width - len(raw))
    headers = unique_headers(raw)
    try:
        columns = map_columns(
            raw,
            mapping=mapping,
            sheet=source.name,
            numeric_columns=numeric_positions(head[index + 1 :], width),
        )
    except MissingColumnsError as exc:
        if strict:
            raise
        return TableOut(
            sheet=source.name,
            header_row=index + 1,
            headers=headers,
            mapping={},
            missing=exc.missing,
            wide=False,
        )
    return TableOut(
        sheet=source.name,
        header_row=index + 1,
        headers=headers,
        mapping=columns.used(),
        missing=[],
        wide=columns.wide,
    )


def inspect_file(
    path: Path,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    strict: bool = False,
) -> InspectOut:
    """Sheets and detected headers/mapping; `strict` raises what a real upload would."""
    try:
        kind, sources = open_sources(path, sheet=sheet)
        try:
            tables = [_table(s, mapping, strict=strict) for s in sources]
        finally:
            for source in sources:
                if isinstance(source, CsvSource):
                    source.close()
        sheets = [] if isinstance(sources[0], CsvSource) else _sheet_names(path)
    except IngestError as exc:
        raise to_http_error(exc) from exc
    return InspectOut(file_kind=str(kind), sheets=sheets, tables=tables)


def _sheet_names(path: Path) -> list[str]:
    from elara.ingest import list_sheets

    return list_sheets(path)
