"""What a sheet's cells do not show, found in the limits pass's single read of its XML.

Rows hidden in the workbook, formula cells with no saved result, formula cells whose saved
result is 0, cells holding an error (#REF!, #DIV/0!, #N/A, which the readers give as empty)
and hidden columns: ``limits.check_xlsx`` feeds every block of a sheet it reads to a
``SheetCells``, and ``workbook.sheet_warnings`` words what was found. Each list keeps its
first ``CELLS_KEPT`` references and counts the rest, so a sheet of a million formulas costs a
few integers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

CELLS_KEPT = 20

_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_EMPTY_VALUE = re.compile(rb"<v\s*/>|<v>\s*</v>")
_STRING_RESULT = re.compile(rb'\bt="(?:str|inlineStr)"')
_ZERO_VALUE = re.compile(rb"<v>\s*0\s*</v>")
_ERROR_CELL = re.compile(rb'<c\b([^>]*?\bt="e"[^>]*?)>(.*?)</c>', re.DOTALL)
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="([0-9]+)"')
_HIDDEN_COLUMNS = re.compile(rb'<col\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_SPAN = re.compile(rb'\b(min|max)="([0-9]+)"')
_ROW_ENDS = (b"</row>", b":row>")  # ":row>": "</x:row>" in a sheet that prefixes its tags


def _after_last_row(data: bytes) -> int:
    """Where the last whole row of ``data`` ends (0: none has ended yet)."""
    return max((at + len(end) for end in _ROW_ENDS if (at := data.rfind(end)) >= 0), default=0)


@dataclass
class Found:
    """The first ``CELLS_KEPT`` cell or row references of one kind, and how many there are."""

    first: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, reference: str) -> None:
        self.count += 1
        if len(self.first) < CELLS_KEPT:
            self.first.append(reference)


@dataclass
class SheetCells:
    """Hidden rows and uncalculated formula cells of one sheet, fed its XML block by block."""

    hidden: Found = field(default_factory=Found)
    missing: Found = field(default_factory=Found)  # formulas with no saved result
    zero: Found = field(default_factory=Found)  # formulas whose saved result is 0
    errors: Found = field(default_factory=Found)  # cells holding an error: "C3 #DIV/0!"
    hidden_columns: Found = field(default_factory=Found)  # "A", "C:E"
    _rest: bytes = field(default=b"", repr=False)

    def feed(self, block: bytes) -> None:
        """The next bytes of the sheet: scanned up to the last whole row, the rest kept."""
        data = self._rest + block
        end = _after_last_row(data)
        if not end:
            self._rest = data
            return
        self._scan(data[:end])
        self._rest = data[end:]

    def close(self) -> None:
        """The sheet has ended: scan what is left."""
        self._scan(self._rest)
        self._rest = b""

    def _scan(self, data: bytes) -> None:
        if b"<cols" in data:  # once, before the rows: the columns' widths and hidden flags
            self._columns(data[: data.find(b"</cols>") + 1 or len(data)])
        if b'hidden="' in data:
            for row in _HIDDEN_ROW.finditer(data):
                number = _ROW_NUMBER.search(row.group(0))
                self.hidden.add(number.group(1).decode() if number else "?")
        if b"<f" in data:  # most data sheets hold no formula: one fast test
            self._formulas(data)
        if b't="e"' in data:  # #REF!, #DIV/0!, #N/A: read as empty by the readers
            for cell in _ERROR_CELL.finditer(data):
                ref = _CELL_REF.search(cell.group(1))
                value = _VALUE.search(cell.group(2))
                shown = value.group(1).decode(errors="replace").strip() if value else "#ERROR"
                self.errors.add(f"{ref.group(1).decode() if ref else '?'} {shown}")

    def _columns(self, data: bytes) -> None:
        for column in _HIDDEN_COLUMNS.finditer(data):
            span = {k: int(v) for k, v in _SPAN.findall(column.group(0))}
            first, last = span.get(b"min", 0), span.get(b"max", 0)
            if 0 < first <= last:
                shown = _letters(first) if first == last else f"{_letters(first)}:{_letters(last)}"
                self.hidden_columns.add(shown)

    def _formulas(self, data: bytes) -> None:
        for cell in _formula_cells(data):
            inner = cell.group(2)
            ref = _CELL_REF.search(cell.group(1))
            name = ref.group(1).decode() if ref else "?"
            if b"<v" not in inner or _EMPTY_VALUE.search(inner):
                if not _STRING_RESULT.search(cell.group(1)):  # "" is a text formula's result
                    self.missing.add(name)
            elif _ZERO_VALUE.search(inner):
                self.zero.add(name)


def _formula_cells(data: bytes) -> Iterator[re.Match[bytes]]:
    """The cells of ``data`` holding a formula, each found from its <f> back to the cell's
    start: a sheet of data with a formula here and there is not matched cell by cell."""
    at = data.find(b"<f")
    while at >= 0:
        cell = _CELL.match(data, max(data.rfind(b"<c", 0, at), 0))
        if cell is None or cell.end() <= at:
            at = data.find(b"<f", at + 2)
            continue
        if b"<f" in (cell.group(2) or b""):
            yield cell
        at = data.find(b"<f", cell.end())


def _letters(number: int) -> str:
    """A 1-based column number as its letters (1 -> A, 27 -> AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
