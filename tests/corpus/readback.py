"""Reading corpus files back, independently of Elara, for the generators' self-test."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from typing import Any

import openpyxl
import python_calamine

from tests.corpus.model import Check, Layout
from tests.corpus.write import cents

_SYMBOLS = re.compile(r"[$£€₹\s\u00a0']|CHF")


def grid(layout: Layout, *, formulas: bool = False) -> list[list[Any]]:
    """The file's cells, row by row (xlsx: cached values, or formulas when asked)."""
    if layout.path.suffix == ".xlsx":
        book = openpyxl.load_workbook(layout.path, data_only=not formulas)
        sheet = book[layout.sheet] if layout.sheet else book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    if layout.path.suffix == ".xls":  # the old binary format: no openpyxl; calamine reads it
        workbook = python_calamine.CalamineWorkbook.from_path(str(layout.path))
        name = layout.sheet or workbook.sheet_names[0]
        return [list(row) for row in workbook.get_sheet_by_name(name).to_python()]
    with layout.path.open(newline="", encoding=layout.encoding) as handle:
        return [list(row) for row in csv.reader(handle, delimiter=layout.delimiter)]


def number(cell: Any, decimal: str = ".") -> Decimal | None:
    """A cell as an exact number, reading the formats the corpus writes; None if not one."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, int | float):
        return Decimal(repr(cell))
    if not isinstance(cell, str):
        return None
    text = _SYMBOLS.sub("", cell)
    negative = (text.startswith("(") and text.endswith(")")) or text.endswith("-")
    text = text.strip("()").rstrip("-")
    if text.startswith("-"):
        negative, text = True, text[1:]
    grouped = text.replace(".", "").replace(",", ".") if decimal == "," else text
    text = grouped.replace(",", "")
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        return None
    value = Decimal(text)
    return -value if negative else value


def label(row: list[Any], decimal: str = ".") -> str | None:
    """A row's label: its first text cell that is not a number."""
    for cell in row:
        if isinstance(cell, str) and cell.strip() and number(cell, decimal) is None:
            return cell.strip()
    return None


def _find(rows: list[list[Any]], start: int, text: str, decimal: str) -> int:
    for index in range(start, len(rows)):
        if label(rows[index], decimal) == text:
            return index
    raise AssertionError(f"no row labelled {text!r}")


def stated_and_computed(layout: Layout, check: Check) -> list[tuple[Decimal, Decimal]]:
    """For each column of a check: (the total the file states, its lines summed, to the cent)."""
    rows, dec = grid(layout), layout.decimal
    header = [str(cell).strip() if cell is not None else "" for cell in rows[layout.header_row - 1]]
    start = layout.header_row
    if check.since:
        start = _find(rows, start, check.since, dec) + 1
    total = _find(rows, start, check.label, dec)
    pairs = []
    for column in check.columns:
        c = header.index(column)
        if check.parts:
            lines = [
                number(rows[_find(rows, layout.header_row, p, dec)][c], dec) or Decimal(0)
                for p, _ in check.parts
            ]
            signs = [s for _, s in check.parts]
            computed = sum((v * s for v, s in zip(lines, signs, strict=True)), Decimal(0))
        else:
            cells = [number(row[c], dec) if c < len(row) else None for row in rows[start:total]]
            computed = sum((v for v in cells if v is not None), Decimal(0))
        stated = number(rows[total][c], dec)
        assert stated is not None, f"{check.label}/{column}: no stated total"
        pairs.append((cents(stated), cents(computed)))
    return pairs


def formula_cells(layout: Layout, check: Check) -> list[Any]:
    """The raw cells (formulas) of a check's total row in an xlsx file."""
    rows = grid(layout, formulas=True)
    header = [str(cell).strip() if cell is not None else "" for cell in rows[layout.header_row - 1]]
    total = _find(rows, layout.header_row, check.label, layout.decimal)
    return [rows[total][header.index(column)] for column in check.columns]
