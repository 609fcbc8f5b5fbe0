"""Walk 11: ledger detail with two date columns — when the line was typed in ("Entered Date")
and when it counts in the books ("Effective Date"). The books' date dates the records, and
the preview says which column did."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from elara.ingest.pipeline import parse_file
from elara.ingest.settings import ColumnRole
from elara.ingest.suggest import suggest_settings


def _ledger(path: Path, headers: tuple[str, str]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["account", "account_description", *headers, "memo", "debit", "credit"])
    for n in range(12):
        counts = dt.date(2025, 1, 28) + dt.timedelta(days=n)  # across the month end
        typed = counts + dt.timedelta(days=4)
        first, second = (typed, counts) if headers[0] != "Posting Date" else (counts, typed)
        sheet.append(["6100", "Office Supplies", first, second, "Bill", 10 + n, None])
        sheet.append(["1000", "Cash", first, second, "Bill", None, 10 + n])
    for row in sheet.iter_rows(min_row=2):
        row[2].number_format = row[3].number_format = "mm/dd/yyyy"
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("headers", "books"),
    [
        (("Entered Date", "Effective Date"), "Effective Date"),
        (("Date Created", "Transaction Date"), "Transaction Date"),
        (("Posting Date", "Created On"), "Posting Date"),
    ],
)
def test_the_books_date_dates_the_records_not_the_day_it_was_typed(
    tmp_path: Path, headers: tuple[str, str], books: str
) -> None:
    suggestion = suggest_settings(_ledger(tmp_path / "gl.xlsx", headers))
    roles = {c.header: c.role for c in suggestion.settings.columns}
    typed = next(h for h in headers if h != books)
    assert (roles[books], roles[typed]) == (ColumnRole.date, ColumnRole.ignore)
    settings = suggestion.settings
    settings.constants.company = "Beagle Co"
    settings.constants.currency = "USD"
    parser = parse_file(tmp_path / "gl.xlsx", settings=settings)
    dates = [d for batch in parser for d in batch.columns["date"]]
    # the books' dates run 28 Jan - 8 Feb; the typed ones 4 days later
    assert min(dates) == dt.date(2025, 1, 28) and max(dates) == dt.date(2025, 2, 8)
    # said with the suggestion, and again when the person sends the settings back
    again = suggest_settings(tmp_path / "gl.xlsx", settings=settings)
    for notes in (suggestion.offered.notes, again.offered.notes):
        said = [w for w in notes if "also holds dates" in w]
        assert said and f'"{books}"' in said[0] and f'"{typed}"' in said[0]
