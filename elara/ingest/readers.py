"""Raw row readers: delimited text via polars in batches, workbooks via calamine.

Row numbers are the ones a spreadsheet application shows (1-based, title rows,
header row and blank lines counted). For CSV a quoted value spanning several
lines counts as one row, as Excel shows it, not as several text-editor lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import polars as pl
import python_calamine

from elara.ingest.errors import UnsupportedFileError
from elara.ingest.headerless import headerless_names
from elara.ingest.sniff import FileKind, TextFormat, detect_kind

HEAD_BYTES = 256 * 1024
HEAD_ROWS = 300
READ_BLOCK = 2 << 20


@dataclass(frozen=True, slots=True)
class RawBatch:
    """Consecutive data rows: all-text columns c0..cN, plus native cells for workbooks."""

    frame: pl.DataFrame
    first_row: int
    native: Callable[[int], list[Any]] | None = None  # position -> that column's cells

    def row_numbers(self) -> pl.Series:
        """The user-visible row number of every row in the batch."""
        return pl.int_range(self.first_row, self.first_row + self.frame.height, eager=True).alias(
            "row"
        )


class Source(Protocol):
    """One table: a CSV file or one sheet of a workbook."""

    name: str | None

    def head(self) -> list[list[Any]]:
        """The first rows (title rows, header, a sample of data) as cell values."""
        ...

    def batches(
        self, *, header_index: int, width: int, batch_size: int, positions: list[int]
    ) -> Iterator[RawBatch]:
        """Data rows after the header, only the given column positions, in batches."""
        ...


def column_names(positions: list[int]) -> list[str]:
    """Frame column name for each source position."""
    return [f"c{p}" for p in positions]


class CsvSource:
    """A delimited text file, re-encoded to UTF-8 on disk first when it is not."""

    def __init__(self, path: Path, fmt: TextFormat) -> None:
        self.name: str | None = None
        self.format = fmt
        self._temp: Path | None = None
        self.path = path
        if fmt.encoding not in ("utf-8", "utf-8-sig"):
            self.path = self._temp = _transcode(path, fmt.encoding)
        self._line_ends: list[int] = []
        # Names Elara gave the columns of a file with no header row (None: it has one).
        self.headerless: list[str] | None = None

    def close(self) -> None:
        """Remove the transcoded copy, if any."""
        if self._temp is not None:
            self._temp.unlink(missing_ok=True)
            self._temp = None

    def head(self) -> list[list[Any]]:
        """First rows via the csv module, remembering where each row ends."""
        with self.path.open("rb") as handle:
            sample = handle.read(HEAD_BYTES)
        complete = len(sample) < HEAD_BYTES
        text = sample.decode("utf-8-sig", errors="replace")
        if not complete:
            text = text[: text.rfind("\n") + 1]
        reader = csv.reader(io.StringIO(text), delimiter=self.format.delimiter)
        rows: list[list[Any]] = []
        self._line_ends = []
        for row in reader:
            rows.append(row)
            self._line_ends.append(reader.line_num)
            if len(rows) >= HEAD_ROWS:
                break
        self.headerless = headerless_names(rows)
        if self.headerless is not None:  # a made-up header row, before the first line
            rows.insert(0, list(self.headerless))
            self._line_ends.insert(0, 0)
        return rows

    def batches(
        self, *, header_index: int, width: int, batch_size: int, positions: list[int]
    ) -> Iterator[RawBatch]:
        """Rows after the header, parsed by polars one bounded block at a time.

        The file is read in blocks cut at record ends, so memory stays flat
        whatever the file size (polars' own streaming reads far ahead).
        """
        if not self._line_ends:
            self.head()
        skip = self._line_ends[header_index] if self._line_ends else 0
        schema: dict[str, pl.DataType] = {f"c{i}": pl.String() for i in range(width)}
        names = column_names(positions)
        blocks = (
            # Only the first block's first line may raise for extra columns, as
            # with one read of the whole file; later wide lines are truncated.
            pl.read_csv(
                block,
                has_header=False,
                separator=self.format.delimiter,
                schema=schema,
                truncate_ragged_lines=True,
                missing_columns="insert",
                extra_columns="ignore" if n else "raise",
                empty_string_is_null=True,
                raise_if_empty=False,
            ).select(names)
            for n, block in enumerate(record_blocks(self.path, skip))
        )
        first_row = header_index + (1 if self.headerless is not None else 2)
        for chunk in rebatch(blocks, batch_size):
            yield RawBatch(frame=chunk, first_row=first_row)
            first_row += chunk.height


def record_blocks(path: Path, skip_lines: int, block_size: int | None = None) -> Iterator[bytes]:
    """The file after ``skip_lines`` lines, as blocks that end at a record end."""
    block_size = block_size or READ_BLOCK
    with path.open("rb") as handle:
        carry = _skip_lines(handle, skip_lines, block_size)
        while block := handle.read(block_size):
            carry += block
            cut = _record_end(carry)
            if cut:
                yield carry[:cut]
                carry = carry[cut:]
        if carry:
            yield carry


def _skip_lines(handle: BinaryIO, count: int, block_size: int) -> bytes:
    """Consume ``count`` newline-terminated lines (quotes ignored, as polars'
    ``skip_lines`` does); return the bytes read past them."""
    rest = b""
    while count > 0:
        rest = handle.read(block_size)
        if not rest:
            return b""
        start = 0
        while count > 0:
            found = rest.find(b"\n", start)
            if found < 0:
                break
            count -= 1
            start = found + 1
        rest = rest[start:] if count == 0 else b""
    return rest


def _record_end(data: bytes) -> int:
    """Offset just past the last newline outside double quotes (0: none yet)."""
    end = data.rfind(b"\n")
    if end < 0:
        return 0
    quotes = data.count(b'"', 0, end)
    while quotes % 2:  # that newline is inside a quoted value: try the one before
        before = data.rfind(b"\n", 0, end)
        if before < 0:
            return 0
        quotes -= data.count(b'"', before, end)
        end = before
    return end + 1


def rebatch(frames: Iterable[pl.DataFrame], size: int) -> Iterator[pl.DataFrame]:
    """Regroup frames of any height into frames of exactly ``size`` rows (last: rest)."""
    pending: list[pl.DataFrame] = []
    held = 0
    for frame in frames:
        pending.append(frame)
        held += frame.height
        if held < size:
            continue
        joined = pl.concat(pending, rechunk=False)
        start = 0
        while held - start >= size:
            yield joined.slice(start, size)
            start += size
        pending = [joined.slice(start)] if held > start else []
        held -= start
    if held:
        yield pl.concat(pending)


def _transcode(path: Path, encoding: str) -> Path:
    """Copy a single-byte-encoded file to a UTF-8 temp file, streaming."""
    # Next to the upload (<data>/work), so start-up clean-up finds it after a crash.
    handle, name = tempfile.mkstemp(suffix=".csv", prefix="elara-ingest-", dir=path.parent)
    os.close(handle)
    target = Path(name)
    with (
        path.open(encoding=encoding, newline="") as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        while block := src.read(1 << 20):
            dst.write(block)
    return target


def cell_to_text(value: Any) -> str | None:
    """A workbook cell as the text the value parsers understand."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def column_to_text(cells: list[Any]) -> list[str | None]:
    """``cell_to_text`` for a whole column, with the common types inlined."""
    out: list[str | None] = []
    append = out.append
    for value in cells:
        kind = type(value)
        if kind is str:
            append(value or None)
        elif kind is float:
            append(str(int(value)) if value.is_integer() else repr(value))
        else:
            append(cell_to_text(value))
    return out


def cell_to_attribute(value: Any) -> str | int | float | bool | None:
    """A workbook cell as an attribute value (dates become ISO text)."""
    if value is None or value == "":
        return None
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


class SheetSource:
    """One sheet of an xlsx/xls/ods workbook, held in memory by calamine."""

    def __init__(self, sheet: python_calamine.CalamineSheet) -> None:
        self.name: str | None = sheet.name
        # iter_rows yields every row from the first (row index = sheet row - 1).
        self.rows: list[list[Any]] = list(sheet.iter_rows())
        self._texts: dict[int, list[str | None]] = {}

    def head(self) -> list[list[Any]]:
        """The first rows as native cell values."""
        return self.rows[:HEAD_ROWS]

    def batches(
        self, *, header_index: int, width: int, batch_size: int, positions: list[int]
    ) -> Iterator[RawBatch]:
        """Slices of the sheet after the header, converted to text columns."""
        names = column_names(positions)
        texts = [self._column_text(p) for p in positions]
        for start in range(header_index + 1, len(self.rows), batch_size):
            stop = start + batch_size
            frame = pl.DataFrame(
                {n: column[start:stop] for n, column in zip(names, texts, strict=True)},
                schema={n: pl.String for n in names},
            )
            rows = self.rows[start:stop]
            yield RawBatch(
                frame=frame,
                first_row=start + 1,
                native=partial(_cells_at, rows),
            )

    def _column_text(self, position: int) -> list[str | None]:
        """One column as text, converted once and reused by every pass."""
        if position not in self._texts:
            cells = [r[position] if position < len(r) else None for r in self.rows]
            self._texts[position] = column_to_text(cells)
        return self._texts[position]


def _cells_at(rows: list[list[Any]], position: int) -> list[Any]:
    """One column of ``rows`` as native cells (None where a row is shorter)."""
    return [r[position] if position < len(r) else None for r in rows]


def open_workbook(path: Path) -> python_calamine.CalamineWorkbook:
    """Open a workbook with calamine, turning its errors into ours."""
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types
        raise UnsupportedFileError(f"The workbook cannot be read: {exc}") from exc


def list_sheets(path: Path) -> list[str]:
    """Sheet names of a workbook, in order; [] for CSV/TSV text."""
    if detect_kind(path) is FileKind.TEXT:
        return []
    return list(open_workbook(path).sheet_names)
