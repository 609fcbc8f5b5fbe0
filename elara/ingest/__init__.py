"""Parse uploaded CSV/TSV/XLSX/XLS/ODS files into canonical financial records.

Pure library: no database, no HTTP. Entry point: ``parse_file``.
"""

from elara.ingest.errors import (
    IngestError,
    MappingError,
    MissingColumnsError,
    SheetNotFoundError,
    UnsafeFileError,
    UnsupportedFileError,
)
from elara.ingest.model import (
    ParsedBatch,
    ParseProgress,
    ParseReport,
    Record,
    RowError,
    SkippedRow,
)
from elara.ingest.pipeline import FileParser, parse_file
from elara.ingest.readers import list_sheets
from elara.ingest.sniff import ZipLimits

__all__ = [
    "FileParser",
    "IngestError",
    "MappingError",
    "MissingColumnsError",
    "ParseProgress",
    "ParseReport",
    "ParsedBatch",
    "Record",
    "RowError",
    "SheetNotFoundError",
    "SkippedRow",
    "UnsafeFileError",
    "UnsupportedFileError",
    "ZipLimits",
    "list_sheets",
    "parse_file",
]
