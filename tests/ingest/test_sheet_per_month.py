"""A workbook with one sheet per month, each titled with its month, read as every sheet with
the settings suggested for (or confirmed on) its first sheet: each month's money is dated by
its own sheet's title, never all on the first sheet's day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from elara.core.money import AMOUNT_SCALE
from elara.ingest.pipeline import parse_file
from elara.ingest.suggest import suggest_settings

MONTHS = {  # sheet: (month end, sales, salaries)
    "Jan 2026": (dt.date(2026, 1, 31), 52_000, -9_000),
    "Feb 2026": (dt.date(2026, 2, 28), 48_500, -9_000),
    "Mar 2026": (dt.date(2026, 3, 31), 55_250, -9_400),
}


def _workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (_, sales, salaries) in MONTHS.items():
        sheet = book.create_sheet(name)
        sheet.append(["Harbor Foods Ltd"])
        sheet.append([f"Profit and loss - {name}"])
        sheet.append([])
        sheet.append(["Account", "Amount (GBP)"])
        sheet.append(["Sales", sales])
        sheet.append(["Salaries", salaries])
    book.save(path)


def test_every_sheet_is_dated_by_its_own_title(tmp_path: Path) -> None:
    path = tmp_path / "monthly_tabs.xlsx"
    _workbook(path)
    first = suggest_settings(path).settings  # as the mapping screen sends it back
    assert first.constants.date == dt.date(2026, 1, 31)
    parser = parse_file(path, sheet="*", settings=first)
    found: dict[tuple[dt.date, str], int] = {}
    for batch in parser:
        for day, account, units in zip(
            batch.columns["date"],
            batch.columns["account"],
            batch.columns["amount_minor"],
            strict=True,
        ):
            found[(day, account)] = found.get((day, account), 0) + units
    scale = AMOUNT_SCALE
    expected = {}
    for end, sales, salaries in MONTHS.values():
        expected[(end, "Sales")] = sales * scale
        expected[(end, "Salaries")] = salaries * scale
    assert found == expected
    said = [w for w in parser.report.warnings if "by its own title" in w]
    assert len(said) == 2 and '"Feb 2026" is dated 2026-02-28' in said[0], said


def test_a_single_sheet_keeps_the_date_given(tmp_path: Path) -> None:
    path = tmp_path / "monthly_tabs.xlsx"
    _workbook(path)
    settings = suggest_settings(path, sheet="Feb 2026").settings
    settings.constants.date = dt.date(2026, 2, 27)  # typed by the person: it stands
    parser = parse_file(path, sheet="Feb 2026", settings=settings)
    days = {day for batch in parser for day in batch.columns["date"]}
    assert days == {dt.date(2026, 2, 27)}
    assert not [w for w in parser.report.warnings if "by its own title" in w]
