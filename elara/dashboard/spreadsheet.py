"""The XLSX export, streamed: a minimal SpreadsheetML package written while the rows arrive.

Each batch of rows becomes the XML of its rows column-wise in polars (escaping, cell references,
inline strings), so no Python object is made per cell, and leaves compressed through a ZIP
written to a stream (entries with data descriptors, as any streaming ZIP writer does). The
workbook part, which names each sheet's filter range, is written last: a ZIP is read through its
central directory, so the order of the parts does not matter.

Each sheet (one per currency when they are mixed) has a bold, frozen, filterable header, column
widths, and the date and amount formats on their cells; amounts are the exact stored decimal
text, which a spreadsheet reads as the nearest double.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from html import escape

import polars as pl

HEADER = ("Company", "Date", "Account", "Category", "Amount", "Currency", "Description")
WIDTHS = (14, 12, 28, 22, 16, 10, 40)
NUMBER_COLUMNS = {1: 1, 4: 2}  # column -> style: 1 the date format, 2 the money format
HEADER_STYLE = 3
MAX_ROWS = 1_048_575  # a sheet's limit, less the header
CELL_LIMIT = 32_767  # the UTF-16 units a cell holds (Excel refuses a file with more)
# Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was.
_DAYS_1970 = 25_568  # 1899-12-31 to 1970-01-01
_FALSE_LEAP_DAY = 60
# Characters XML 1.0 cannot carry (Excel writes them as _xHHHH_), and text that looks like
# such an escape (its underscore is escaped, so it reads back as written).
_UNSAFE = r"[\x00-\x08\x0B-\x1F]|_x[0-9A-Fa-f]{4}_"
_CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20))]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OPENXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
STYLES = (
    f'{XML_HEAD}<styleSheet xmlns="{MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="#,##0.00;[Red]-#,##0.00"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/>'
    "</border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def excel_day(name: str) -> pl.Expr:
    """ISO date text as Excel's day number (what xlsxwriter's write_datetime stores)."""
    day = pl.col(name).str.slice(0, 10).str.to_date("%Y-%m-%d").cast(pl.Int32) + _DAYS_1970
    return pl.when(day >= _FALSE_LEAP_DAY).then(day + 1).otherwise(day).alias(name)


def sheet_name(currency: str) -> str:
    """A valid worksheet name for a currency code (31 characters, none of []:*?/\\)."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", currency or "No currency")[:31]
    return cleaned or "No currency"


def column_letter(index: int) -> str:
    """A, B, … Z, AA, … for a 0-based column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def text_xml(value: str) -> str:
    """Text for an XML element, with what XML cannot carry written as Excel's _xHHHH_."""
    value = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", value)
    value = re.sub(r"[\x00-\x08\x0B-\x1F]", lambda m: f"_x{ord(m.group()):04X}_", value)
    return escape(value, quote=False)


def _safe_text(frame: pl.DataFrame, name: str) -> pl.Expr:
    value = pl.col(name).cast(pl.String)
    # Rare: only a batch that holds such text pays for the replacements.
    if frame[name].cast(pl.String).str.contains(_UNSAFE).any():
        value = value.str.replace_all(r"_(x[0-9A-Fa-f]{4}_)", "_x005F_$1")
        for char in _CONTROL:
            value = value.str.replace_all(char, f"_x{ord(char):04X}_", literal=True)
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        value = value.str.replace_all(char, entity, literal=True)
    return value


def _cell(frame: pl.DataFrame, column: int, name: str) -> pl.Expr:
    """One column's cells of a batch as XML ("" where the value is null: no cell)."""
    value = pl.col(name)
    ref = pl.lit(f'<c r="{column_letter(column)}')
    if column in NUMBER_COLUMNS:
        style = f'" s="{NUMBER_COLUMNS[column]}"><v>'
        cell = pl.concat_str(ref, pl.col("_row"), pl.lit(style), value.cast(pl.String))
        cell = pl.concat_str(cell, pl.lit("</v></c>"))
    else:
        value = value.cast(pl.String)
        space = pl.when(value.str.contains(r"^\s|\s$")).then(pl.lit(' xml:space="preserve"'))
        opening = pl.concat_str(ref, pl.col("_row"), pl.lit('" t="inlineStr"><is><t'))
        cell = pl.concat_str(
            opening, space.otherwise(pl.lit("")), pl.lit(">"), _safe_text(frame, name)
        )
        cell = pl.concat_str(cell, pl.lit("</t></is></c>"))
    return pl.when(value.is_null()).then(pl.lit("")).otherwise(cell)


def fit_cell(text: str) -> str:
    """Text cut to what a cell holds (CELL_LIMIT UTF-16 units), never inside a character."""
    units = text.encode("utf-16-le")
    if len(units) <= 2 * CELL_LIMIT:
        return text
    return units[: 2 * CELL_LIMIT].decode("utf-16-le", errors="ignore")


def _fitted(frame: pl.DataFrame) -> pl.DataFrame:
    """The batch with texts too long for a cell cut (rare: checked per column first)."""
    lengths = frame.select(pl.col(frame.columns).cast(pl.String).str.len_chars().max()).row(0)
    long = [
        name
        for i, (name, length) in enumerate(zip(frame.columns, lengths, strict=True))
        if i not in NUMBER_COLUMNS and (length or 0) > CELL_LIMIT // 2
    ]
    return frame.with_columns(
        pl.col(name).cast(pl.String).map_elements(fit_cell, return_dtype=pl.String) for name in long
    )


def rows_xml(frame: pl.DataFrame, first_row: int) -> str:
    """A batch of cells (columns in the sheet's order) as the XML of rows `first_row`…."""
    numbered = _fitted(frame).with_columns(
        pl.int_range(first_row, first_row + frame.height).cast(pl.String).alias("_row")
    )
    cells = [_cell(numbered, i, name) for i, name in enumerate(frame.columns)]
    row = pl.concat_str(pl.lit('<row r="'), pl.col("_row"), pl.lit('">'), *cells, pl.lit("</row>"))
    return str(numbered.select(row.str.join("")).item())


def _header_xml(cells: tuple[str, ...]) -> str:
    parts = [
        f'<c r="{column_letter(i)}1" s="{HEADER_STYLE}" t="inlineStr">'
        f"<is><t>{text_xml(text)}</t></is></c>"
        for i, text in enumerate(cells)
    ]
    return f'<row r="1">{"".join(parts)}</row>'


def _sheet_head(cells: tuple[str, ...], selected: bool) -> str:
    columns = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{width}" customWidth="1"/>'
        for i, width in enumerate(WIDTHS[: len(cells)])
    )
    pane = (
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
    )
    tab = ' tabSelected="1"' if selected else ""
    return (
        f'{XML_HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
        f'<sheetViews><sheetView{tab} workbookViewId="0">{pane}</sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{columns}</cols>'
        f"<sheetData>{_header_xml(cells)}"
    )


def _filter_range(cells: tuple[str, ...], last_row: int) -> str:
    return f"$A$1:${column_letter(len(cells) - 1)}${max(last_row, 2)}"


def _package_parts(count: int) -> dict[str, str]:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{OPENXML}.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    relations = "".join(
        f'<Relationship Id="rId{i}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    styles = f'<Relationship Id="rId{count + 1}" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
    return {
        "[Content_Types].xml": (
            f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{OPENXML}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{OPENXML}.styles+xml"/>'
            f"{sheets}</Types>"
        ),
        "_rels/.rels": (
            f'{XML_HEAD}<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{XML_HEAD}<Relationships xmlns="{RELS}">{relations}{styles}</Relationships>'
        ),
        "xl/styles.xml": STYLES,
    }


def _workbook_xml(names: list[str], ranges: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(quote_sheet(name), quote=False)}!{ref}</definedName>"
        for i, (name, ref) in enumerate(zip(names, ranges, strict=True))
    )
    return (
        f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
        f"<definedNames>{filters}</definedNames></workbook>"
    )


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


class _Sink:
    """A write-only stream (no tell or seek, so the ZIP uses data descriptors) to drain."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the parts wait for `drain`."""

    def close(self) -> None:
        """Nothing to close: the parts wait for `drain`."""

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def stream_workbook(
    sheets: Iterable[tuple[str, Iterable[pl.DataFrame]]],
    dimensions: tuple[str, ...] = (),
    *,
    count: int,
    level: int = 1,
) -> Iterator[bytes]:
    """The XLSX of `count` sheets given as (name, batches of cells in the sheet's column order),
    streamed as it is compressed."""
    header = (*HEADER, *dimensions)
    sink = _Sink()
    names, ranges = [], []
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as package:
        for part, text in _package_parts(count).items():
            package.writestr(part, text)
        for index, (name, batches) in enumerate(sheets, start=1):
            with package.open(f"xl/worksheets/sheet{index}.xml", "w") as sheet:
                sheet.write(_sheet_head(header, index == 1).encode())
                row = 2
                for frame in batches:
                    sheet.write(rows_xml(frame, row).encode())
                    row += frame.height
                    yield sink.drain()
                ref = _filter_range(header, row - 1)
                sheet.write(f'</sheetData><autoFilter ref="{ref.replace("$", "")}"/>'.encode())
                sheet.write(b"</worksheet>")
            names.append(name)
            ranges.append(ref)
        package.writestr("xl/workbook.xml", _workbook_xml(names, ranges))
    yield sink.drain()
