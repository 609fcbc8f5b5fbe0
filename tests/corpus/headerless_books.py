"""Layout 100's bank download with no header row, opened in a spreadsheet program and saved
as a workbook: the same five columns, the dates now date cells and the amounts numbers.
Written fresh from a seed with made-up names and numbers; no real file or text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import xlsxwriter

from tests.corpus.exports import in_out
from tests.corpus.fifth import us_checking_lines
from tests.corpus.model import Layout, single_company
from tests.corpus.write import count_on


def wells_fargo_headerless_xlsx(directory: Path, seed: int = 113) -> Layout:
    """Layout 100 saved as .xlsx: no header row; date cells (MM/DD/YYYY shown), signed
    amounts as numbers, an asterisk, the check number (a number, on checks only), the
    description; newest first."""
    rng = random.Random(seed)
    path = directory / "Checking1.xlsx"
    lines = us_checking_lines(rng)
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Checking1")
    shown = book.add_format({"num_format": "mm/dd/yyyy"})
    dates: dict[dt.date, int] = {}
    for r, (day, n, text, amount) in enumerate(lines):
        sheet.write_datetime(r, 0, dt.datetime.combine(day, dt.time()), shown)
        sheet.write_number(r, 1, float(amount))
        sheet.write_string(r, 2, "*")
        if n % 9 == 4:
            sheet.write_number(r, 3, 3100 + n)
            text = f"CHECK # {3100 + n}"
        sheet.write_string(r, 4, text)
        count_on(dates, day)
    book.close()
    return single_company(
        name="wells_fargo_headerless_xlsx",
        records_by_date=dates,
        path=path,
        company="Pecan Street Bakery",
        expected_by_account=in_out([a for *_, a in lines]),
        not_accounts=frozenset({"*"}),
        header_row=0,
        sheet="Checking1",
    )


GENERATORS = {"wells_fargo_headerless_xlsx": wells_fargo_headerless_xlsx}
