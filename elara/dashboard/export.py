"""Exports of exactly what is filtered: CSV streamed row by row, XLSX in constant memory.

Text cells starting with = + - @ tab or carriage return are prefixed with an apostrophe (OWASP
CSV injection); text that is a genuine number ("-12.50") is left alone, and amounts stay numbers.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import date, datetime

import xlsxwriter

from elara.core.db import Database
from elara.core.errors import InvalidInput
from elara.core.money import exact_text, to_float
from elara.dashboard.query import QueryBuilder
from elara.dashboard.records import iter_records
from elara.models import DatasetRecord

HEADER = (
    "id",
    "dataset_id",
    "company",
    "date",
    "account",
    "category",
    "amount",
    "currency",
    "description",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
XLSX_MAX_ROWS = 1_048_575  # a sheet's limit, less the header
FORMATS = ("csv", "xlsx")


def neutralise(value: str | None) -> str:
    """A cell a spreadsheet will not run as a formula."""
    if not value:
        return ""
    if value[0] in FORMULA_START and not NUMBER.match(value):
        return "'" + value
    return value


def csv_row(record: DatasetRecord) -> list[str]:
    return [
        str(record.id),
        str(record.dataset_id),
        neutralise(record.company_code),
        record.date.isoformat(),
        neutralise(record.account),
        neutralise(record.category),
        exact_text(record.amount_minor),
        neutralise(record.currency),
        neutralise(record.description),
    ]


def stream_csv(db: Database, builder: QueryBuilder) -> Iterator[bytes]:
    """The CSV, one keyset batch at a time, in its own read transaction."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    yield "\ufeff".encode() + _drain(buffer)
    with db.transaction() as session:
        for index, record in enumerate(iter_records(session, builder), start=1):
            writer.writerow(csv_row(record))
            if index % 1000 == 0:
                yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    return data


def check_xlsx_size(count: int) -> None:
    if count > XLSX_MAX_ROWS:
        raise InvalidInput(
            f"{count} rows do not fit in one XLSX sheet; export CSV or narrow the filters.",
            code="too_many_rows",
        )


def _write_xlsx(path: str, db: Database, builder: QueryBuilder) -> None:
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("records")
    money_format = workbook.add_format({"num_format": "#,##0.00"})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    with db.transaction() as session:
        for row, record in enumerate(iter_records(session, builder), start=1):
            sheet.write_number(row, 0, record.id)
            sheet.write_number(row, 1, record.dataset_id)
            sheet.write_string(row, 2, neutralise(record.company_code))
            sheet.write_datetime(row, 3, _midnight(record.date), date_format)
            sheet.write_string(row, 4, neutralise(record.account))
            sheet.write_string(row, 5, neutralise(record.category))
            # A spreadsheet cell is a binary double; the exact value is in the CSV export.
            sheet.write_number(row, 6, to_float(record.amount_minor), money_format)
            sheet.write_string(row, 7, neutralise(record.currency))
            sheet.write_string(row, 8, neutralise(record.description))
    workbook.close()


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def stream_xlsx(db: Database, builder: QueryBuilder, *, chunk: int = 1 << 16) -> Iterator[bytes]:
    """Write the workbook to a temporary file in constant memory, then stream the file."""
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="elara-export-")
    os.close(handle)
    try:
        _write_xlsx(path, db, builder)
        with open(path, "rb") as file:
            while data := file.read(chunk):
                yield data
    finally:
        os.unlink(path)
