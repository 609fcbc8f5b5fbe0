"""Describe a file without parsing its rows: sheets, header row, headers, column mapping."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from elara.ingest.headers import unique_headers
from elara.ingest.outline import text_file
from elara.ingest.pipeline import forced_roles, locate_header
from elara.ingest.plan import build_plan, check_plan
from elara.ingest.readers import Source
from elara.ingest.sniff import TextFormat, ZipLimits
from elara.ingest.suggest import suggest_table
from elara.ingest.workbook import open_tables


@dataclass(frozen=True, slots=True)
class TableDescription:
    """One CSV or sheet as ``parse_file`` would see it before reading any data row."""

    sheet: str | None
    header_row: int  # 1-based, as a spreadsheet application shows it
    headers: list[str]  # blanks named "Column N", duplicates suffixed
    mapping: dict[str, str]  # user header -> role (see ImportSettings)
    missing: list[str]  # constants still needed (company, date, year), or "amount"
    wide: bool  # each numeric column is an account (one record per cell)


@dataclass(frozen=True, slots=True)
class FileDescription:
    """What the bytes are, the workbook's sheets and each selected table's header."""

    file_kind: str  # "text", "xlsx", "xls" or "ods"
    sheets: list[str]  # every sheet of a workbook, in order; [] for CSV/TSV text
    tables: list[TableDescription]
    # The sniffed encoding and delimiter of a CSV/TSV text (None for a workbook): an upload
    # hands it to its parse, which then need not sniff and check the file again.
    text_format: TextFormat | None = None


def _describe_table(
    source: Source, mapping: dict[str, str] | None, *, strict: bool
) -> TableDescription:
    """Header row and roles of one table, as ``parse_file`` would read it."""
    forced = None
    head = source.head()
    if mapping:
        _, _, header = locate_header(head)
        forced = forced_roles(unique_headers(header), mapping)
    settings, _, index, headers = suggest_table(source, forced=forced, head=head)
    plan = build_plan(headers, settings)
    if strict:
        check_plan(plan, sheet=source.name)
    missing = plan.needs if plan.slots else ["amount", *plan.needs]
    return TableDescription(
        sheet=source.name,
        header_row=index + 1,
        headers=headers,
        mapping=plan.mapping(),
        missing=missing,
        wide=plan.wide,
    )


def describe_file(
    path: Path,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    strict: bool = False,
    limits: ZipLimits | None = None,
) -> FileDescription:
    """Describe ``path`` as ``parse_file`` would read it; ``strict`` raises its header errors.

    Raises IngestError for whole-file problems (unsupported or unsafe file, unknown
    sheet, bad mapping); missing required columns raise only when ``strict``.
    """
    kind, sheets, sources = open_tables(Path(path), sheet=sheet, limits=limits)
    try:
        tables = [_describe_table(s, mapping, strict=strict) for s in sources]
    finally:
        for source in sources:
            if (file := text_file(source)) is not None:
                file.close()
    text = next((f.format for s in sources if (f := text_file(s)) is not None), None)
    return FileDescription(file_kind=str(kind), sheets=sheets, tables=tables, text_format=text)
