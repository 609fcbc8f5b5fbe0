"""Parse uploaded CSV/TSV/XLSX/XLS/ODS files into canonical financial records.

Pure library: no database, no HTTP. Entry points: ``parse_file`` reads the records,
``describe_file`` only the sheets, header row and column mapping.
"""

from elara.ingest.describe import FileDescription, TableDescription, describe_file
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
    "FileDescription",
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
    "TableDescription",
    "UnsafeFileError",
    "UnsupportedFileError",
    "ZipLimits",
    "describe_file",
    "list_sheets",
    "parse_file",
]
