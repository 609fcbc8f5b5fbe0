"""Public entry point: parse an uploaded file into batches of canonical records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from elara.ingest.batch import BatchContext, build_batch
from elara.ingest.errors import IngestError, MappingError
from elara.ingest.headers import ColumnMap, find_header_row, map_columns
from elara.ingest.model import ParsedBatch, ParseProgress, ParseReport
from elara.ingest.readers import CsvSource, Source
from elara.ingest.sniff import ZipLimits
from elara.ingest.values import (
    DateOrder,
    ValueProblem,
    decide_date_order,
    parse_amount,
    parse_currency,
)
from elara.ingest.vector import DateOrderScan
from elara.ingest.workbook import open_sources

NUMERIC_SHARE = 0.8


@dataclass
class _Table:
    """A source with its header found and columns mapped."""

    source: Source
    header_index: int
    width: int
    columns: ColumnMap


def _is_numeric_cell(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    try:
        parse_amount(str(value))
    except ValueProblem:
        return False
    return True


def numeric_positions(rows: list[list[Any]], width: int) -> set[int]:
    """Columns whose non-empty sample cells are (nearly) all numbers."""
    found = set()
    for position in range(width):
        cells = [r[position] for r in rows if position < len(r)]
        cells = [c for c in cells if c is not None and str(c).strip() != ""]
        numbers = sum(_is_numeric_cell(c) for c in cells)
        if cells and numbers >= NUMERIC_SHARE * len(cells):
            found.add(position)
    return found


def _prepare(source: Source, mapping: dict[str, str] | None) -> _Table:
    """Find the header row and map the columns of one table."""
    head = source.head()
    header_index = find_header_row(head) if head else 0
    width = max((len(r) for r in head), default=0)
    header = list(head[header_index]) if head else []
    header += [None] * (width - len(header))
    sample = head[header_index + 1 :]
    columns = map_columns(
        header,
        mapping=mapping,
        numeric_columns=numeric_positions(sample, width),
        sheet=source.name,
    )
    return _Table(source, header_index, width, columns)


class FileParser:
    """Iterate ``ParsedBatch`` objects for a file; ``report`` is complete at the end."""

    def __init__(
        self,
        path: Path,
        *,
        sheet: str | None = None,
        mapping: dict[str, str] | None = None,
        default_currency: str | None = None,
        batch_size: int = 50_000,
        max_errors: int = 1000,
        progress: Callable[[ParseProgress], None] | None = None,
        limits: ZipLimits | None = None,
    ) -> None:
        self.path = Path(path)
        self.sheet = sheet
        self.mapping = mapping
        self.default_currency = _check_default_currency(default_currency)
        self.batch_size = batch_size
        self.progress = progress
        self.limits = limits
        self.report = ParseReport(max_errors=max_errors)
        self._iterator: Iterator[ParsedBatch] | None = None

    def __iter__(self) -> Iterator[ParsedBatch]:
        return self

    def __next__(self) -> ParsedBatch:
        if self._iterator is None:
            self._iterator = self.batches()
        return next(self._iterator)

    def batches(self) -> Iterator[ParsedBatch]:
        """Parse the file; raises IngestError for whole-file problems."""
        kind, sources = open_sources(self.path, sheet=self.sheet, limits=self.limits)
        self.report.file_kind = str(kind)
        try:
            tables = [_prepare(s, self.mapping) for s in sources]
            order = self._date_order(tables)
            for table in tables:
                yield from self._parse_table(table, order)
        finally:
            for source in sources:
                if isinstance(source, CsvSource):
                    source.close()

    def _date_order(self, tables: list[_Table]) -> DateOrder:
        """Decide day-first vs month-first once for the whole file."""
        scan = DateOrderScan()
        for table in tables:
            position = table.columns.canonical["date"]
            for raw in table.source.batches(
                header_index=table.header_index,
                width=table.width,
                batch_size=self.batch_size * 4,
                positions=[position],
            ):
                scan.add(raw.frame[f"c{position}"])
        order, ambiguous = decide_date_order(scan.first_max, scan.second_max)
        self.report.date_order = str(order)
        if order is DateOrder.CONFLICT:
            self.report.warnings.append(
                "dates mix day-first (e.g. 31/12/2024) and month-first "
                "(e.g. 12/31/2024) forms; numeric dates like 01/02/2024 were rejected"
            )
        elif ambiguous and scan.ambiguous:
            self.report.warnings.append(
                f"dates read as day-first; {scan.ambiguous} dates were ambiguous"
            )
        return order

    def _parse_table(self, table: _Table, order: DateOrder) -> Iterator[ParsedBatch]:
        """Stream one CSV or sheet through ``build_batch``."""
        name = table.source.name
        if name is not None:
            self.report.sheets.append(name)
        self.report.column_mapping[name or ""] = table.columns.used()
        self.report.wide = self.report.wide or table.columns.wide
        context = BatchContext(
            columns=table.columns,
            date_order=order,
            default_currency=self.default_currency,
            sheet=name,
            tag_sheet=self.sheet == "*" and not isinstance(table.source, CsvSource),
        )
        self.report.rows_read += table.header_index + 1
        for raw in table.source.batches(
            header_index=table.header_index,
            width=table.width,
            batch_size=self.batch_size,
            positions=list(range(table.width)),
        ):
            batch = build_batch(raw, context)
            self.report.add_batch(batch)
            if self.progress is not None:
                self.progress(
                    ParseProgress(
                        sheet=name,
                        rows_read=self.report.rows_read,
                        records=self.report.records,
                        error_count=self.report.error_count,
                    )
                )
            yield batch


def _check_default_currency(code: str | None) -> str | None:
    if code is None:
        return None
    try:
        return parse_currency(code)
    except ValueProblem as exc:
        raise MappingError(f'Default currency "{code}" is not a currency code') from exc


def parse_file(
    path: Path,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    default_currency: str | None = None,
    batch_size: int = 50_000,
    max_errors: int = 1000,
    progress: Callable[[ParseProgress], None] | None = None,
) -> FileParser:
    """Parse ``path`` lazily: iterate the result for batches, then read ``.report``."""
    return FileParser(
        path,
        sheet=sheet,
        mapping=mapping,
        default_currency=default_currency,
        batch_size=batch_size,
        max_errors=max_errors,
        progress=progress,
    )


__all__ = ["FileParser", "IngestError", "parse_file"]
