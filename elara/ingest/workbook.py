"""Fast reader for big .xlsx sheets: calamine for the head, fastexcel → Arrow for the rest.

python-calamine turns every cell into a Python object, which costs more than
parsing the sheet. Here the first rows (title rows, header, a sample) are still
read by python-calamine, from a copy of the workbook cut after those rows, so
header detection and column mapping see exactly the same cells as before. The
data rows below the header are then read once by fastexcel into typed Arrow
columns and turned into text with polars, reproducing ``cell_to_text`` and
``cell_to_attribute`` exactly. Whenever that cannot be guaranteed (a data column
mixing types, durations, times of day, sub-second times, a header elsewhere
than guessed, an unusual file layout) the sheet is read the slow way instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import fastexcel
import polars as pl
import python_calamine
from defusedxml import ElementTree as SafeElementTree

from elara.ingest.errors import SheetNotFoundError, UnsupportedFileError
from elara.ingest.headerless import headerless_names
from elara.ingest.headers import find_header_row
from elara.ingest.model import first_shown
from elara.ingest.outline import OutlineSource
from elara.ingest.readers import (
    HEAD_ROWS,
    CsvSource,
    RawBatch,
    SheetSource,
    Source,
    cell_to_text,
    column_names,
    open_workbook,
)
from elara.ingest.sheet_cells import SheetCells
from elara.ingest.sniff import FileKind, TextFormat, ZipLimits, detect, sniff_text
from elara.ingest.values import ISO_4217

_ROW_TAG = re.compile(rb"<row[\s>/]")
_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)
_READ = 1 << 16
_NO_ROWS_LIMIT = 4 << 20
# Strings fastexcel reads as empty in a non-text column (pandas' NA words).
_NULL_WORDS = (
    "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
)  # fmt: skip
_NULL_WORD_CELL = re.compile(
    rb">(?:"
    + b"|".join(
        re.escape(w.replace("<", "&lt;").replace(">", "&gt;").encode()) for w in _NULL_WORDS
    )
    + rb")</(?:t|v)>"
)


class _QuietDtypeGuess(logging.Filter):
    """fastexcel warns for every all-empty column; that is expected here."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Could not determine dtype")


logging.getLogger("fastexcel.types.dtype").addFilter(_QuietDtypeGuess())
_FIRST_SAFE_DATETIME = dt.datetime(1900, 1, 1)  # earlier: times of day in calamine


class FastFallback(Exception):  # a signal, not an error
    """The fast path cannot promise identical results for this sheet."""


def _parse_xml(data: bytes) -> Any:
    """Parse a workbook part, refusing any DTD, entity declaration or external reference."""
    return SafeElementTree.fromstring(data, forbid_dtd=True)


def _sheet_member(archive: zipfile.ZipFile, name: str) -> str:
    """Zip member holding the sheet called ``name``."""
    # detect_kind has already refused entity declarations; defusedxml refuses them again.
    ids = {}
    workbook = _parse_xml(archive.read("xl/workbook.xml"))
    for node in workbook.iter():
        if node.tag.endswith("}sheet"):
            rid = next((v for k, v in node.attrib.items() if k.endswith("}id")), None)
            ids[node.get("name")] = rid
    rels = _parse_xml(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {n.get("Id"): n.get("Target") or "" for n in rels.iter() if n.get("Id")}
    target = targets.get(ids.get(name))
    if not target:
        raise FastFallback
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def _cut_sheet_xml(archive: zipfile.ZipFile, member: str) -> bytes:
    """The sheet XML up to (not including) row element HEAD_ROWS + 1, closed."""
    data = b""
    seen = scanned = 0
    with archive.open(member) as handle:
        while block := handle.read(_READ):
            data += block
            for match in _ROW_TAG.finditer(data, scanned):
                seen += 1
                if seen > HEAD_ROWS:
                    return data[: match.start()] + b"</sheetData></worksheet>"
                scanned = match.end()
            scanned = max(scanned, len(data) - 4)  # a tag may straddle two blocks
            if not seen and len(data) > _NO_ROWS_LIMIT:
                break  # prefixed tags (<x:row>) or no data: not our layout
    raise FastFallback  # a small sheet or an unusual layout: the normal reader is fine


def head_from_cut_copy(path: Path, name: str) -> tuple[list[list[Any]], int, str]:
    """First rows of a sheet via python-calamine on a copy cut after them.

    Also returns the first column of those rows and the sheet's zip member.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(path) as archive:
        member = _sheet_member(archive, name)
        cut = _cut_sheet_xml(archive, member)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
            for info in archive.infolist():
                if info.filename == member:
                    copy.writestr(info.filename, cut)
                elif info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    copy.writestr(info.filename, _EMPTY_SHEET)
                else:
                    copy.writestr(info.filename, archive.read(info))
    out.seek(0)
    sheet = python_calamine.CalamineWorkbook.from_filelike(out).get_sheet_by_name(name)
    if sheet.start is None:
        raise FastFallback
    return list(sheet.iter_rows()), sheet.start[1], member


_RECALC = re.compile(rb'<calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"')


def sheet_warnings(path: Path, name: str, found: dict[str, SheetCells]) -> list[str]:
    """Warnings about what a sheet's cells do not show (``found`` by the limits pass, by zip
    member): rows hidden in the workbook (read like the others), cells holding an Excel error
    (#REF!, #DIV/0!, #N/A: no value, never stored as 0), and formulas never
    calculated, written by a program (a script's spreadsheet library) that stores formulas
    without their results, so the cells read as empty, or as 0 in a workbook that asks to be
    recalculated when opened."""
    try:
        with zipfile.ZipFile(path) as archive:
            cells = found.get(_sheet_member(archive, name))
            recalc = bool(_RECALC.search(archive.read("xl/workbook.xml")))
    except (FastFallback, KeyError, zipfile.BadZipFile):
        return []
    if cells is None:
        return []
    hidden, missing, zero = cells.hidden, cells.missing, cells.zero
    warnings = []
    if hidden.count:
        warnings.append(
            f'Sheet "{name}": {hidden.count} row(s) are hidden in the workbook (rows '
            f"{first_shown(hidden.first, count=hidden.count)}), by hand or by a filter: "
            "they are read and stored like the others (a SUBTOTAL total leaves them out). "
            "Delete them from the sheet first if they should not count."
        )
    if cells.hidden_columns.count:
        warnings.append(
            f'Sheet "{name}": column(s) {", ".join(cells.hidden_columns.first)} are hidden in '
            "the workbook: they are read like the others, and a hidden column of figures is "
            "stored as money like a shown one. Set its role to Ignore if it should not count."
        )
    if cells.errors.count:
        warnings.append(
            f'Sheet "{name}": {cells.errors.count} cell(s) hold an Excel error instead of a '
            f"number ({first_shown(cells.errors.first, count=cells.errors.count)}): they have "
            "no value, so nothing is stored for them (not 0), and a total that includes them "
            "is unknown. Fix them in the workbook and upload it again if they hold money."
        )
    if missing.count:
        warnings.append(
            f'Sheet "{name}": {missing.count} formula cell(s) have no saved result (first: '
            f"{first_shown(missing.first, count=missing.count)}), so they read as empty and "
            "are not stored: the program that wrote the file did not calculate them. Open the "
            "file in Excel or LibreOffice, save it, and upload it again."
        )
    if zero.count and recalc:
        warnings.append(
            f'Sheet "{name}": {zero.count} formula cell(s) hold 0 and the workbook asks to be '
            f"recalculated when opened (first: {first_shown(zero.first, count=zero.count)}): "
            "the program that wrote it may not have calculated them. If they should not be 0, "
            "open the file in Excel or LibreOffice, save it, and upload it again."
        )
    return warnings


def may_hold_null_words(path: Path, member: str) -> bool:
    """Whether a text cell of the sheet might read NA, n/a, null, … (conservative)."""
    with zipfile.ZipFile(path) as archive:
        with archive.open(member) as handle:
            tail = b""
            while block := handle.read(1 << 20):
                if _NULL_WORD_CELL.search(tail + block):
                    return True
                tail = block[-32:]
        if "xl/sharedStrings.xml" not in archive.namelist():
            return False
        strings = archive.read("xl/sharedStrings.xml")
    if _NULL_WORD_CELL.search(strings):
        return True
    return b"<r>" in strings and _rich_null_word(strings)


def _rich_null_word(data: bytes) -> bool:
    """A rich-text shared string whose runs together spell an NA word."""
    words = {w.encode() for w in _NULL_WORDS}
    for item in re.finditer(rb"<si>(.*?)</si>", data, re.DOTALL):
        inner = item.group(1)
        if b"<r>" in inner:
            text = re.sub(rb"<[^>]+>", b"", inner)
            text = text.replace(b"&lt;", b"<").replace(b"&gt;", b">").replace(b"&amp;", b"&")
            if text in words:
                return True
    return False


def _float_text(s: pl.Series) -> pl.Series:
    """Floats as ``cell_to_text`` writes them: integers plainly, others as repr()."""
    size = s.abs()
    text = pl.select(
        pl.when((s == s.floor()) & (size < 9e18))
        .then(s.cast(pl.Int64, strict=False).cast(pl.String))
        .when((size >= 1e-4) & (size < 1e16))
        .then(s.cast(pl.String))
        .otherwise(None)
    ).to_series()
    todo = (text.is_null() & s.is_not_null()).arg_true().to_list()
    if not todo:
        return text
    values = text.to_list()
    for index in todo:
        values[index] = cell_to_text(s[index])
    return pl.Series(values, dtype=pl.String)


def _check(s: pl.Series) -> None:
    """Raise FastFallback for column types the text conversion cannot mirror."""
    if s.dtype == pl.Datetime:
        if s.null_count() == s.len():
            return
        early = (s < _FIRST_SAFE_DATETIME).any()
        fraction = (s.dt.truncate("1s") != s).any()
        if early or fraction:
            raise FastFallback
    elif s.dtype not in (pl.String, pl.Float64, pl.Boolean, pl.Null):
        raise FastFallback


def _text(s: pl.Series) -> pl.Series:
    """A typed column as the text ``cell_to_text`` gives for each cell."""
    if s.dtype == pl.String:
        return pl.select(pl.when(s == "").then(None).otherwise(s)).to_series()
    if s.dtype == pl.Float64:
        return _float_text(s)
    if s.dtype == pl.Boolean:
        return pl.select(
            pl.when(s.is_null()).then(None).when(s).then(pl.lit("TRUE")).otherwise(pl.lit("FALSE"))
        ).to_series()
    if s.dtype == pl.Datetime:
        return s.dt.date().cast(pl.String)
    return s.cast(pl.String)


def _native(s: pl.Series) -> list[Any]:
    """A typed column as cells ``cell_to_attribute`` maps like python-calamine's."""
    if s.dtype == pl.Datetime:
        at_midnight = s.dt.truncate("1d") == s
        return (
            pl.select(
                pl.when(at_midnight)
                .then(s.dt.date().cast(pl.String))
                .otherwise(s.dt.strftime("%Y-%m-%dT%H:%M:%S"))
            )
            .to_series()
            .to_list()
        )
    if s.dtype == pl.Null:
        return [None] * s.len()
    return s.to_list()


def _native_at(part: pl.DataFrame, position: int) -> list[Any]:
    """Native cells of one column of a slice of the fastexcel frame."""
    return _native(part[f"c{position}"])


def _sheet_source(workbook: python_calamine.CalamineWorkbook, name: str) -> SheetSource:
    """The slow, exact reader for one sheet."""
    return SheetSource(workbook.get_sheet_by_name(name))


class FastSheetSource:
    """One big .xlsx sheet: exact head via calamine, data rows via fastexcel."""

    def __init__(
        self,
        path: Path,
        name: str,
        slow: Callable[[], SheetSource],
        cells: dict[str, SheetCells] | None = None,
    ) -> None:
        self.name: str | None = name
        self.path = path
        self.cells = cells or {}  # what the sheets' cells do not show, by zip member
        self._slow_factory = slow
        self._slow: SheetSource | None = None
        self._frame: pl.DataFrame | None = None
        self._skip = 0
        self._width = 0
        self._texts: dict[int, pl.Series] = {}
        self._head: list[list[Any]] = []
        self._member = ""

    def _fall_back(self) -> SheetSource:
        if self._slow is None:
            self._frame = None
            self._texts = {}
            self._slow = self._slow_factory()
        return self._slow

    def head(self) -> list[list[Any]]:
        """The first rows as native cell values, exactly as python-calamine shows them."""
        try:
            self._head = self._load()
        except Exception:  # any surprise: the exact slow reader decides
            return self._fall_back().head()
        return self._head

    def _load(self) -> list[list[Any]]:
        """Read the head, guess the header, load the rows below it with fastexcel."""
        rows, head_start, self._member = head_from_cut_copy(self.path, self.name or "")
        skip = find_header_row(rows[:HEAD_ROWS]) + 1
        sheet = fastexcel.read_excel(str(self.path)).load_sheet(
            self.name or 0,
            header_row=None,
            skip_rows=skip,
            dtype_coercion="strict",
            schema_sample_rows=None,
        )
        columns = sheet.selected_columns
        if not columns:
            raise FastFallback
        start, width = columns[0].absolute_index, len(columns)
        frame = sheet.to_polars()
        frame.columns = column_names(list(range(width)))
        for column in frame.iter_columns():
            _check(column)
        suspects = [c for c in frame.iter_columns() if c.dtype != pl.String and c.null_count()]
        if suspects and may_hold_null_words(self.path, self._member):
            raise FastFallback
        total = skip + frame.height
        left = head_start - start
        right = width - left - (len(rows[0]) if rows else 0)
        if left < 0 or right < 0 or total < len(rows[:HEAD_ROWS]):
            raise FastFallback
        head = [[""] * left + list(r) + [""] * right for r in rows[:HEAD_ROWS]]
        head += [[""] * width for _ in range(min(HEAD_ROWS, total) - len(head))]
        self._frame, self._skip, self._width = frame, skip, width
        return head

    def batches(
        self, *, header_index: int, width: int, batch_size: int, positions: list[int]
    ) -> Iterator[RawBatch]:
        """Slices of the data rows as text columns, plus native cells for attributes."""
        frame = self._frame
        if frame is None or header_index + 1 != self._skip or width != self._width:
            yield from self._fall_back().batches(
                header_index=header_index,
                width=width,
                batch_size=batch_size,
                positions=positions,
            )
            return
        names = column_names(positions)
        for p, n in zip(positions, names, strict=True):
            if p not in self._texts:
                self._texts[p] = _text(frame[n])
        texts = pl.DataFrame(
            [self._texts[p].alias(n) for p, n in zip(positions, names, strict=True)]
        )
        for start in range(0, frame.height, batch_size):
            part = frame.slice(start, batch_size)
            yield RawBatch(
                frame=texts.slice(start, batch_size),
                first_row=self._skip + start + 1,
                native=partial(_native_at, part),
            )


def _detection_texts(rows: list[list[Any]]) -> list[list[str]]:
    """A sheet's head as the text a bank's CSV would show, for `headerless_names`: dates as
    ISO dates, and a column holding any fractional number with two decimals throughout (so
    "-4.00" stays an amount), whole numbers elsewhere (a check number stays an integer)."""
    width = max((len(r) for r in rows), default=0)
    fractional = {
        p
        for r in rows
        for p, c in enumerate(r)
        if isinstance(c, float) and not c.is_integer() and p < width
    }

    def text(position: int, cell: Any) -> str:
        if isinstance(cell, float) and position in fractional:
            return f"{cell:.2f}"
        return cell_to_text(cell) or ""

    return [[text(p, c) for p, c in enumerate(r)] for r in rows]


class HeaderlessSheet:
    """A sheet whose first row is already a transaction (a bank's download with no header
    row, opened in a spreadsheet program and saved): its columns are named from their values
    as the CSV's are (`elara.ingest.headerless`), a made-up header row before the first."""

    def __init__(self, inner: Source) -> None:
        self.inner = inner
        self.name = inner.name
        self.headerless: list[str] | None = None
        self._head: list[list[Any]] | None = None

    def head(self) -> list[list[Any]]:
        """The inner head, after a made-up header row when its first row is data."""
        if self._head is None:
            rows = self.inner.head()
            self.headerless = headerless_names(_detection_texts(rows))
            self._head = rows if self.headerless is None else [list(self.headerless), *rows]
        return self._head

    def batches(
        self, *, header_index: int, width: int, batch_size: int, positions: list[int]
    ) -> Iterator[RawBatch]:
        """The inner batches, the made-up header row not counted (it is not in the sheet)."""
        self.head()
        shift = 0 if self.headerless is None else 1
        yield from self.inner.batches(
            header_index=header_index - shift,
            width=width,
            batch_size=batch_size,
            positions=positions,
        )


def open_sources(
    path: Path,
    *,
    sheet: str | None,
    limits: ZipLimits | None = None,
    text_format: TextFormat | None = None,
) -> tuple[FileKind, list[Source]]:
    """Sniff the file and return the table(s) to parse: CSV, one sheet or all."""
    kind, _, sources = open_tables(path, sheet=sheet, limits=limits, text_format=text_format)
    return kind, sources


def open_tables(
    path: Path,
    *,
    sheet: str | None,
    limits: ZipLimits | None = None,
    text_format: TextFormat | None = None,
) -> tuple[FileKind, list[str], list[Source]]:
    """Like ``open_sources``, also returning all sheet names ([] for CSV/TSV text).

    ``text_format``: what ``sniff_text`` already found for this very file under the same
    limits (the upload's strict inspection): a text file is then not read twice more (its
    encoding and limits passes). Only for a file the caller knows is the one sniffed.
    """
    kind, cells = detect(path, limits)
    if kind is FileKind.TEXT:
        size = (limits or ZipLimits()).size
        return kind, [], [OutlineSource(CsvSource(path, text_format or sniff_text(path, size)))]
    workbook = open_workbook(path)
    names = list(workbook.sheet_names)
    if not names:
        raise UnsupportedFileError("The workbook has no sheets")
    if sheet == "*":
        wanted = names
    elif sheet is None:
        wanted = names[:1]
    elif sheet in names:
        wanted = [sheet]
    else:
        raise SheetNotFoundError(sheet, names)
    if kind is not FileKind.XLSX:
        return (
            kind,
            names,
            [
                OutlineSource(HeaderlessSheet(SheetSource(workbook.get_sheet_by_name(n))))
                for n in wanted
            ],
        )
    fast: list[Source] = [
        OutlineSource(
            HeaderlessSheet(FastSheetSource(path, n, partial(_sheet_source, workbook, n), cells))
        )
        for n in wanted
    ]
    return kind, names, fast


_FORMAT_SCAN = 1 << 18  # bytes of a sheet read for its numbers' formats (a few thousand cells)
_LOCALE_TAG = re.compile(r"\[\$([^\]\-]*)(?:-([^\]]*))?\]")
_QUOTED = re.compile(r'"([^"]*)"')
# "[$$-409]": the dollar of a stated locale (en-US, en-AU, en-CA, en-NZ); a bare "$" is
# several countries' and names none.
_DOLLAR_LOCALES = {"409": "USD", "c09": "AUD", "1009": "CAD", "1409": "NZD"}
_ONE_COUNTRY_SIGNS = {"€": "EUR", "£": "GBP"}
_TEXT_TYPES = (b't="s"', b't="str"', b't="inlineStr"', b't="e"', b't="b"')
_STYLE = re.compile(rb'\bs="([0-9]+)"')


def format_currency(code: str) -> str | None:
    """The currency a cell's number format states: "[$€-x-euro2] #,##0.00" and "£#,##0" say
    EUR and GBP, "[$USD] #,##0" and "#,##0.00 \\"CHF\\"" their codes, "[$$-409]" the US dollar;
    a bare "$" (several countries' dollar) or a locale-only "[$-409]" states none."""
    found: set[str] = set()
    for symbol, locale in _LOCALE_TAG.findall(code):
        symbol = symbol.strip()
        if symbol.upper() in ISO_4217:
            found.add(symbol.upper())
        elif symbol in _ONE_COUNTRY_SIGNS:
            found.add(_ONE_COUNTRY_SIGNS[symbol])
        elif symbol == "$" and locale.casefold() in _DOLLAR_LOCALES:
            found.add(_DOLLAR_LOCALES[locale.casefold()])
    rest = _LOCALE_TAG.sub("", code)
    found |= {q.strip() for q in _QUOTED.findall(rest) if q.strip() in ISO_4217}
    found |= {c for sign, c in _ONE_COUNTRY_SIGNS.items() if sign in rest}
    return found.pop() if len(found) == 1 else None


# Built-in number formats that do not follow the reader's locale: 9 "0%", 10 "0.00%".
_BUILT_IN_FORMATS = {"9": "0%", "10": "0.00%"}
_CELL_ROW = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _column_index(letters: bytes) -> int:
    """Column letters as a 0-based index (A -> 0, AA -> 26)."""
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _styled_numbers(path: Path, name: str) -> tuple[tuple[tuple[int, int, str], ...], int]:
    """``_read_styled_numbers``, remembered for the file as it is now: suggesting and parsing a
    sheet ask it several times (its currency, its percentage rows and columns)."""
    try:
        stat = path.stat()
    except OSError:
        return (), 0
    return _styled_numbers_of(str(path), name, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _styled_numbers_of(
    path: str, name: str, mtime: int, size: int
) -> tuple[tuple[tuple[int, int, str], ...], int]:
    cells, first = _read_styled_numbers(Path(path), name)
    return tuple(cells), first


def _read_styled_numbers(path: Path, name: str) -> tuple[list[tuple[int, int, str]], int]:
    """(row, column, number format) of each number cell among the first cells of a sheet (up
    to ``_FORMAT_SCAN`` bytes of its XML; row 1-based, column 0-based), and the first column
    any cell there is in (where a reader's rows start); ([], 0) when the workbook cannot say."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = _sheet_member(archive, name)
            if "xl/styles.xml" not in archive.namelist():
                return [], 0
            styles = _parse_xml(archive.read("xl/styles.xml"))
            with archive.open(member) as handle:
                data = handle.read(_FORMAT_SCAN)
    except (FastFallback, KeyError, zipfile.BadZipFile, SafeElementTree.ParseError):
        return [], 0
    codes: dict[str, str] = dict(_BUILT_IN_FORMATS)
    formats: list[str] = []
    for node in styles.iter():
        if node.tag.endswith("}numFmt"):
            codes[node.get("numFmtId") or ""] = node.get("formatCode") or ""
    for node in styles.iter():
        if node.tag.endswith("}cellXfs"):
            formats = [codes.get(xf.get("numFmtId") or "", "") for xf in node]
            break
    found: list[tuple[int, int, str]] = []
    first = None
    for cell in re.finditer(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", data, re.DOTALL):
        attributes, inner = cell.group(1), cell.group(2) or b""
        ref = _CELL_ROW.search(attributes)
        if ref is None or (b"<v" not in inner and b"<is>" not in inner):
            continue
        column = _column_index(ref.group(1))
        first = column if first is None else min(first, column)
        if b"<v" in inner and not any(t in attributes for t in _TEXT_TYPES):
            style = _STYLE.search(attributes)
            index = int(style.group(1)) if style else 0  # no style: General
            code = formats[index] if index < len(formats) else ""
            found.append((int(ref.group(2)), column, code))
    return found, first or 0


def format_currencies(path: Path, name: str) -> dict[str, int]:
    """Currencies the number formats of a sheet's numbers state, with how many of its first
    cells (up to ``_FORMAT_SCAN`` bytes of the sheet) show each: a workbook that states its
    currency only in how its amounts are displayed ("[$€-x-euro2] #,##0.00")."""
    found: dict[str, int] = {}
    for _, _, code in _styled_numbers(path, name)[0]:
        if (currency := format_currency(code)) is not None:
            found[currency] = found.get(currency, 0) + 1
    return found


def is_percent_format(code: str) -> bool:
    """A number format that shows the number times 100 with "%" ("0%", "0.0%"); a "%" in
    quotes, escaped or in brackets is text, not the percent sign."""
    return "%" in _LITERALS.sub("", code.split(";")[0])


def percent_rows(path: Path, name: str) -> frozenset[int]:
    """Rows of a sheet (1-based) whose every number is formatted as a percentage: a statement's
    "Gross margin" line showing 25.0% holds a rate, not money (first ``_FORMAT_SCAN`` bytes)."""
    by_row: dict[int, bool] = {}
    for row, _, code in _styled_numbers(path, name)[0]:
        by_row[row] = by_row.get(row, True) and is_percent_format(code)
    return frozenset(row for row, percent in by_row.items() if percent)


def percent_columns(path: Path, name: str, header_row: int) -> frozenset[int]:
    """Columns (positions in the reader's rows) whose every number below the header row
    (1-based) is formatted as a percentage: a "Tax" column showing 20% holds a rate, not
    money (first ``_FORMAT_SCAN`` bytes of the sheet)."""
    cells, first = _styled_numbers(path, name)
    by_column: dict[int, bool] = {}
    for row, column, code in cells:
        if row > header_row:
            by_column[column] = by_column.get(column, True) and is_percent_format(code)
    return frozenset(column - first for column, percent in by_column.items() if percent)
