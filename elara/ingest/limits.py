"""Size limits checked on the raw bytes before any reader allocates for a file.

Spreadsheet readers size their cell grid from what the file declares (a sheet's
``<dimension>``, the highest cell reference, a shared-string count), so a tiny
hostile workbook can make them allocate hundreds of gigabytes. These checks read
only those declarations and the cells' text lengths with regular expressions,
streaming, and refuse the file with ``TooLargeError`` before a reader sees it.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import partial
from itertools import repeat
from pathlib import Path

from elara.ingest.errors import TooLargeError
from elara.ingest.sheet_cells import SheetCells

_CHUNK = 8 << 20
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([A-Za-z$]*)\$?(\d*)(?::\$?([A-Za-z]*)\$?(\d*))?\""
)
# Literal prefixes keep these scans fast (about 1 s per 100 MB of sheet XML).
_WIDE_CELL = re.compile(rb' r="([A-Z]{2,})')
_CELL_ROW = re.compile(rb' r="[A-Z]+(\d+)')
_ROW_REF = re.compile(rb'<row r="(\d+)')
_COUNTS = re.compile(rb"\b(?:count|uniqueCount)=\"(\d{1,20})\"")
_SHARED_ITEM = re.compile(rb"<(?:\w+:)?si[\s>]")
_ODS_REPEAT = re.compile(rb"number-(rows|columns)-repeated=\"(\d{1,20})\"")


@dataclass(frozen=True, slots=True)
class SizeLimits:
    """The largest table Elara reads; every bound is checked before parsing."""

    max_rows: int = 1_048_576  # Excel's own sheet limit
    max_columns: int = 1_000
    max_cells: int = 30_000_000  # the cell grid a reader allocates: rows x columns
    max_shared_strings: int = 5_000_000
    max_shared_strings_bytes: int = 256 << 20
    max_cell_chars: int = 32_767  # Excel's own cell limit
    max_line_bytes: int = 1 << 20  # one CSV line

    def as_details(self) -> dict[str, int]:
        """The limits as shown in an error's details."""
        return asdict(self)


def column_number(letters: bytes | str) -> int:
    """1-based column number of a cell reference's letters (A=1, XFD=16384)."""
    number = 0
    for char in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(char) - 64
    return number


def _refuse(
    limits: SizeLimits, what: str, found: int, limit: int, where: str, *, text: bool = False
) -> TooLargeError:
    message = f"{where}: {what} is {found:,}, more than Elara reads ({limit:,})"
    return TooLargeError(
        message,
        found={what: found, "where": where},
        limits=limits.as_details(),
        code="csv_too_large" if text else "workbook_too_large",
    )


def _blocks(handle: object, overlap: int) -> Iterator[bytes]:
    """The stream as blocks that repeat the previous block's last ``overlap`` bytes."""
    tail = b""
    while block := handle.read(_CHUNK):  # type: ignore[attr-defined]
        yield tail + block
        tail = block[-overlap:]


def _highest(numbers: list[bytes]) -> int:
    """The largest of many decimal numbers, without converting each one."""
    if not numbers:
        return 0
    width = max(map(len, numbers))
    return int(max(n for n in numbers if len(n) == width))


def _long_text(data: bytes, limit: int) -> int:
    """Length in characters of the first text node longer than ``limit`` (0: none)."""
    # A text node starts right after '>': anchoring there keeps the scan linear.
    for match in re.finditer(rb">[^<]{%d,}" % (limit + 1), data):
        text = html.unescape(match.group()[1:].decode("utf-8", errors="replace"))
        if len(text) > limit:
            return len(text)
    return 0


class _Grid:
    """Highest row and column a sheet uses, and its text nodes' lengths."""

    def __init__(self, name: str, limits: SizeLimits) -> None:
        self.name, self.limits = name, limits
        self.rows = self.columns = 0

    def scan(self, data: bytes) -> None:
        for letters in set(_WIDE_CELL.findall(data)):
            self.columns = max(self.columns, column_number(letters))
        if self.columns < 26 and re.search(rb' r="[A-Z]\d', data):
            self.columns = 26  # single-letter columns: a bound is enough
        self.rows = max(
            self.rows, _highest(_CELL_ROW.findall(data)), _highest(_ROW_REF.findall(data))
        )
        self.check_text(data)
        self.check(self.rows, self.columns, "used")

    def check_text(self, data: bytes) -> None:
        found = _long_text(data, self.limits.max_cell_chars)
        if found:
            raise _refuse(self.limits, "cell_chars", found, self.limits.max_cell_chars, self.name)

    def check(self, rows: int, columns: int, kind: str) -> None:
        limits = self.limits
        if rows > limits.max_rows:
            raise _refuse(limits, f"{kind}_rows", rows, limits.max_rows, self.name)
        if columns > limits.max_columns:
            raise _refuse(limits, f"{kind}_columns", columns, limits.max_columns, self.name)
        if rows * columns > limits.max_cells:
            raise _refuse(limits, f"{kind}_cells", rows * columns, limits.max_cells, self.name)


def _check_dimension(data: bytes, grid: _Grid) -> None:
    """The declared ``<dimension ref="A1:XFD1048576"/>``, before any cell is read."""
    match = _DIMENSION.search(data)
    if not match:
        return
    first_col, first_row, last_col, last_row = match.groups()
    last_col, last_row = last_col or first_col, last_row or first_row
    if len(last_col) > 8 or len(last_row) > 12:
        raise _refuse(grid.limits, "declared_cells", 10**12, grid.limits.max_cells, grid.name)
    rows = int(last_row or 1) - int(first_row or 1) + 1
    columns = column_number(last_col or b"A") - column_number(first_col or b"A") + 1
    grid.check(rows, columns, "declared")


def _check_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: SizeLimits) -> SheetCells:
    """Refuse a sheet past ``limits``; in the same read, note its hidden rows and
    uncalculated formulas (``sheet_cells``) for the import's warnings."""
    grid = _Grid(info.filename, limits)
    cells = SheetCells()
    overlap = limits.max_cell_chars * 10 + 64
    tail = b""
    with archive.open(info) as handle:
        for number, block in enumerate(iter(partial(handle.read, _CHUNK), b"")):
            data = tail + block
            if number == 0:
                _check_dimension(data, grid)
            grid.scan(data)
            cells.feed(block)
            tail = block[-overlap:]
    cells.close()
    return cells


def _check_shared_strings(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: SizeLimits
) -> None:
    name = info.filename
    if info.file_size > limits.max_shared_strings_bytes:
        raise _refuse(
            limits, "shared_strings_bytes", info.file_size, limits.max_shared_strings_bytes, name
        )
    grid = _Grid(name, limits)
    items = 0
    with archive.open(info) as handle:
        for number, data in enumerate(_blocks(handle, 0)):
            if number == 0:
                declared = max((int(n) for n in _COUNTS.findall(data[:4096])), default=0)
                if declared > limits.max_shared_strings:
                    raise _refuse(
                        limits, "shared_strings", declared, limits.max_shared_strings, name
                    )
            items += len(_SHARED_ITEM.findall(data))
    if items > limits.max_shared_strings:
        raise _refuse(limits, "shared_strings", items, limits.max_shared_strings, name)
    with archive.open(info) as handle:
        for data in _blocks(handle, limits.max_cell_chars * 10 + 64):
            grid.check_text(data)


def check_xlsx(archive: zipfile.ZipFile, limits: SizeLimits) -> dict[str, SheetCells]:
    """Refuse an .xlsx whose sheets or shared strings exceed ``limits``; what each sheet's
    cells do not show, by zip member."""
    cells = {}
    for info in archive.infolist():
        name = info.filename.lower()
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            cells[info.filename] = _check_sheet(archive, info, limits)
        elif name == "xl/sharedstrings.xml":
            _check_shared_strings(archive, info, limits)
    return cells


def check_ods(archive: zipfile.ZipFile, limits: SizeLimits) -> None:
    """Refuse an .ods whose repeated rows/columns or text exceed ``limits``."""
    if "content.xml" not in archive.namelist():
        return
    grid = _Grid("content.xml", limits)
    with archive.open("content.xml") as handle:
        for data in _blocks(handle, limits.max_cell_chars * 10 + 64):
            for kind, count in _ODS_REPEAT.findall(data):
                # Trailing filler repeats are normal; only absurd ones are refused.
                if int(count) > limits.max_cells:
                    what = "repeated_rows" if kind == b"rows" else "repeated_columns"
                    raise _refuse(limits, what, int(count), limits.max_cells, "content.xml")
            grid.check_text(data)


def check_text_file(path: Path, delimiter: str, limits: SizeLimits) -> None:
    """Refuse a delimited text file with an over-long line or too many columns.

    Read in blocks and measured with C-level ``split``/``len``/``count`` over each block's
    lines (a Python loop per line cost about as long as parsing the file).
    """
    sep = delimiter.encode()
    done = 0  # lines before the current block
    tail = b""
    # A line of at most this many bytes can break neither limit (it holds fewer delimiters
    # than bytes): a block of only such lines needs no line-by-line look.
    short = min(limits.max_line_bytes - 1, limits.max_columns - 1)
    with path.open("rb") as handle:
        while block := handle.read(_CHUNK):
            data = tail + block
            end = data.rfind(b"\n") + 1  # just past the block's last complete line
            if len(data) - end <= limits.max_line_bytes and _short_lines(data, end, short):
                done += data.count(b"\n", 0, end)
                tail = data[end:]
                continue
            lines = data.split(b"\n")
            tail = lines.pop()
            if len(tail) > limits.max_line_bytes:  # a line still open, already too long
                raise _line_too_long(limits, done + len(lines) + 1)
            _check_lines(lines, done, sep, delimiter, limits, ended=True)
            done += len(lines)
    if tail:
        _check_lines([tail], done, sep, delimiter, limits, ended=False)


def _short_lines(data: bytes, end: int, most: int) -> bool:
    """True when no line of ``data[:end]`` is longer than ``most`` bytes (newline excluded).

    Jumps to the last newline within ``most + 1`` bytes of each line start: about
    ``end / most`` C-level searches instead of one bytes object per line."""
    start = 0
    while end - start > most:
        cut = data.rfind(b"\n", start, start + most + 1)
        if cut < 0:  # a line longer than ``most`` starts at ``start``
            return False
        start = cut + 1
    return True


def _line_too_long(limits: SizeLimits, number: int) -> TooLargeError:
    found = limits.max_line_bytes + 1  # what was read of it before it was refused
    return _refuse(limits, "line_bytes", found, limits.max_line_bytes, f"line {number}", text=True)


def _check_lines(
    lines: list[bytes], done: int, sep: bytes, delimiter: str, limits: SizeLimits, *, ended: bool
) -> None:
    newline = 1 if ended else 0
    if max(map(len, lines), default=0) + newline > limits.max_line_bytes:
        first = next(
            i for i, line in enumerate(lines) if len(line) + newline > limits.max_line_bytes
        )
        raise _line_too_long(limits, done + first + 1)
    counts = list(map(bytes.count, lines, repeat(sep)))
    if max(counts, default=0) + 1 <= limits.max_columns:
        return
    for index, count in enumerate(counts):
        # Quoted delimiters only lower the true count; this bound is safe.
        if (
            count + 1 > limits.max_columns
            and _csv_columns(lines[index], delimiter) > limits.max_columns
        ):
            where = f"line {done + index + 1}"
            raise _refuse(limits, "columns", count + 1, limits.max_columns, where, text=True)


def _csv_columns(line: bytes, delimiter: str) -> int:
    """The exact column count of one line (quotes respected)."""
    import csv

    text = line.decode("utf-8", errors="replace")
    try:
        return max((len(row) for row in csv.reader([text], delimiter=delimiter)), default=0)
    except csv.Error:  # e.g. a bare carriage return inside a field: keep the safe bound
        return text.count(delimiter) + 1
