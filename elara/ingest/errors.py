"""Exceptions raised for whole-file problems (row problems become RowError instead)."""

from __future__ import annotations


class IngestError(Exception):
    """Base class: the file as a whole cannot be parsed; str() is user-facing."""


class UnsupportedFileError(IngestError):
    """The content is not a spreadsheet or delimited text file we can read."""


class UnsafeFileError(IngestError):
    """The file looks like a zip bomb or carries XML entity declarations."""


class SheetNotFoundError(IngestError):
    """The requested sheet is not in the workbook."""

    def __init__(self, sheet: str, available: list[str]) -> None:
        self.sheet = sheet
        self.available = available
        super().__init__(f'Sheet "{sheet}" not found; the workbook has: {available}')


class MappingError(IngestError):
    """An explicit column mapping names an unknown target or a missing header."""


class MissingColumnsError(IngestError):
    """Required canonical columns could not be matched to any header."""

    def __init__(self, *, found_headers: list[str], missing: list[str], sheet: str | None) -> None:
        self.found_headers = found_headers
        self.missing = missing
        self.sheet = sheet
        where = f' in sheet "{sheet}"' if sheet else ""
        super().__init__(
            f"Missing required columns{where}: {', '.join(missing)}; "
            f"found headers: {', '.join(repr(h) for h in found_headers) or 'none'}"
        )


class TooLargeError(IngestError):
    """The file declares or holds more rows, columns, cells or text than Elara reads."""

    def __init__(
        self,
        message: str,
        *,
        found: dict[str, object],
        limits: dict[str, int],
        code: str = "workbook_too_large",
    ) -> None:
        self.found = found
        self.limits = limits
        self.code = code  # workbook_too_large or csv_too_large
        super().__init__(message)
