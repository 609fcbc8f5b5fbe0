"""Parse uploaded CSV/TSV/XLSX/XLS/ODS files into canonical financial records.

Pure library: no database, no HTTP. Entry points: ``suggest_settings`` proposes how a file is
read (ImportSettings) and which constants are still needed, ``preview_file`` shows what would
be stored, ``parse_file`` reads the records; ``describe_file`` only the sheets and headers.
"""

from elara.ingest.context import CompanyScope
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
from elara.ingest.preview import Preview, preview_file
from elara.ingest.readers import list_sheets
from elara.ingest.settings import (
    ColumnRole,
    ColumnSetting,
    Constants,
    ImportSettings,
    SignConvention,
)
from elara.ingest.sniff import ZipLimits
from elara.ingest.suggest import Suggestion, suggest_settings

__all__ = [
    "ColumnRole",
    "ColumnSetting",
    "CompanyScope",
    "Constants",
    "FileDescription",
    "FileParser",
    "ImportSettings",
    "IngestError",
    "MappingError",
    "MissingColumnsError",
    "ParseProgress",
    "ParseReport",
    "ParsedBatch",
    "Preview",
    "Record",
    "RowError",
    "SheetNotFoundError",
    "SignConvention",
    "SkippedRow",
    "Suggestion",
    "TableDescription",
    "UnsafeFileError",
    "UnsupportedFileError",
    "ZipLimits",
    "describe_file",
    "list_sheets",
    "parse_file",
    "preview_file",
    "suggest_settings",
]
