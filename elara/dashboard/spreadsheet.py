"""The XLSX export's workbook: a sheet per currency when they are mixed, laid out for people.

Each sheet has a bold, frozen, filterable header, column widths, and the date and amount
formats on their columns, so a row is written with one `write_row` call of plain values
(text, an Excel day number, a float) in xlsxwriter's constant-memory mode.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl
import xlsxwriter

HEADER = ("Company", "Date", "Account", "Category", "Amount", "Currency", "Description")
WIDTHS = (14, 12, 28, 22, 16, 10, 40)
DATE_COLUMN, AMOUNT_COLUMN = 1, 4
MAX_ROWS = 1_048_575  # a sheet's limit, less the header
# Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was.
_DAYS_1970 = 25_568  # 1899-12-31 to 1970-01-01
_FALSE_LEAP_DAY = 60


def excel_day(name: str) -> pl.Expr:
    """ISO date text as Excel's day number (what xlsxwriter's write_datetime stores)."""
    day = pl.col(name).str.slice(0, 10).str.to_date("%Y-%m-%d").cast(pl.Int32) + _DAYS_1970
    return pl.when(day >= _FALSE_LEAP_DAY).then(day + 1).otherwise(day).alias(name)


def sheet_name(currency: str) -> str:
    """A valid worksheet name for a currency code (31 characters, none of []:*?/\\)."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", currency or "No currency")[:31]
    return cleaned or "No currency"


class Workbook:
    """A workbook written row by row; `write` takes frames of cells in the sheet's column order
    plus a last `sheet` column (the currency) that picks the sheet when currencies are mixed."""

    def __init__(self, path: str, currencies: list[str], dimensions: list[str]) -> None:
        options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        self.book = xlsxwriter.Workbook(path, options)
        self.header_cells = (*HEADER, *dimensions)
        self.split = len(currencies) > 1
        self.header = self.book.add_format({"bold": True, "bottom": 1})
        self.formats = {
            AMOUNT_COLUMN: self.book.add_format({"num_format": "#,##0.00;[Red]-#,##0.00"}),
            DATE_COLUMN: self.book.add_format({"num_format": "yyyy-mm-dd"}),
        }
        self.sheets: dict[str, list[Any]] = {}  # sheet key -> [worksheet, next row]
        for currency in currencies:  # sheet order: currencies by name, stable for users
            self._sheet(currency)

    def _sheet(self, currency: str) -> list[Any]:
        key = currency if self.split else ""
        if key not in self.sheets:
            sheet = self.book.add_worksheet(sheet_name(currency) if self.split else "Records")
            for column, width in enumerate(WIDTHS):
                sheet.set_column(column, column, width, self.formats.get(column))
            sheet.write_row(0, 0, self.header_cells, self.header)
            sheet.freeze_panes(1, 0)
            self.sheets[key] = [sheet, 1]
        return self.sheets[key]

    def write(self, frame: pl.DataFrame) -> None:
        """Append a batch of rows, each to its currency's sheet, in order."""
        if not self.split:
            self._append(self._sheet(""), frame.drop("sheet"))
            return
        parts = frame.partition_by("sheet", as_dict=True, maintain_order=True)
        for (currency, *_), part in parts.items():
            self._append(self._sheet(str(currency)), part.drop("sheet"))

    @staticmethod
    def _append(entry: list[Any], frame: pl.DataFrame) -> None:
        sheet, at = entry
        write_row = sheet.write_row
        for row in frame.iter_rows():
            write_row(at, 0, row)
            at += 1
        entry[1] = at

    def close(self) -> None:
        """Add each sheet's filter over its rows and write the file."""
        if not self.sheets:
            self._sheet("")
        for sheet, rows in self.sheets.values():
            sheet.autofilter(0, 0, max(rows - 1, 1), len(self.header_cells) - 1)
        self.book.close()
