"""Fiscal years named in headers and titles, dated by the fiscal year start and said
(docs/import.md, "Fiscal periods", layouts 197-199): a year column "FY2025" on the fiscal
year's last day; month names under a title "Income statement FY2025" in that fiscal year; a
date typed as a constant giving the day of a span stated without one ("Quarter Ended" over
2025 | 2024); a fiscal year to date beside the months from the start month checked."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from elara.ingest.pipeline import parse_file
from elara.ingest.preview import preview_file
from elara.ingest.settings import ImportSettings
from elara.ingest.suggest import suggest_settings
from tests.corpus.fiscal_headers import fiscal_ytd_months_csv, fy_title_months_csv

from .builders import write_text

LINES = [["Revenue", "1200.5", "1100.25"], ["Expenses", "-800.75", "-700.5"]]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    return write_text(path, "\n".join(",".join(r) for r in rows) + "\n")


def _stored(
    path: Path, settings: ImportSettings, *, default: int | None = None
) -> tuple[Counter[dt.date], list[str]]:
    settings.constants.company = settings.constants.company or "Acme"
    settings.constants.currency = settings.constants.currency or "GBP"
    parser = parse_file(
        path,
        settings=ImportSettings.model_validate(settings.model_dump()),
        fiscal_year_start=default,
    )
    dates: Counter[dt.date] = Counter()
    for batch in parser:
        dates.update(batch.columns["date"])
    assert not parser.report.errors
    return dates, list(parser.report.warnings)


# 1. A fiscal year column ("FY2025") ends on the fiscal year's last day.


@pytest.mark.parametrize(
    "shape",
    ["FY{yy}", "FY{yyyy}", "FY {yyyy}", "Fiscal {yyyy}", "FYE {yyyy}", "Fiscal Year {yyyy}"],
)
def test_a_fiscal_year_column_ends_on_the_fiscal_years_last_day(tmp_path: Path, shape: str) -> None:
    headers = [shape.format(yy=y % 100, yyyy=y) for y in (2025, 2024)]
    path = _csv(tmp_path / "fy.csv", [["Line item", *headers], *LINES])
    settings = suggest_settings(path).settings
    settings.constants.fiscal_year_start = 7
    dates, warnings = _stored(path, settings)
    assert set(dates) == {dt.date(2025, 6, 30), dt.date(2024, 6, 30)}
    [said] = [w for w in warnings if f'"{headers[0]}"' in w]
    assert "starting in July" in said and "2025-06-30" in said


def test_a_fiscal_year_column_with_no_start_is_31_december_said(tmp_path: Path) -> None:
    path = _csv(tmp_path / "fy.csv", [["Line item", "FY2025", "FY2024"], *LINES])
    dates, warnings = _stored(path, suggest_settings(path).settings)
    assert set(dates) == {dt.date(2025, 12, 31), dt.date(2024, 12, 31)}
    [said] = [w for w in warnings if '"FY2025"' in w]
    assert "starting in January" in said and "fiscal_year_start" in said


def test_the_admins_start_dates_fiscal_year_columns_and_the_preview_says_it(
    tmp_path: Path,
) -> None:
    path = _csv(tmp_path / "fy.csv", [["Line item", "FY25", "FY24"], *LINES])
    suggestion = suggest_settings(path, fiscal_default=4)
    suggestion.settings.constants.company = "Acme"
    suggestion.settings.constants.currency = "GBP"
    preview = preview_file(path, suggestion.settings, fiscal_year_start=4)
    assert {r["date"] for r in preview.sample} == {"2025-03-31", "2024-03-31"}
    assert any("starting in April" in w and '"FY25"' in w for w in preview.warnings)


def test_a_year_column_and_a_day_typed_for_it_are_kept(tmp_path: Path) -> None:
    path = _csv(tmp_path / "fy.csv", [["Line item", "2025", "FY2024"], *LINES])
    settings = suggest_settings(path).settings
    settings.constants.fiscal_year_start = 7
    settings.columns[2].period_end = dt.date(2024, 6, 29)  # a 52-53 week year: typed
    dates, _ = _stored(path, settings)
    assert set(dates) == {dt.date(2025, 12, 31), dt.date(2024, 6, 29)}


# 2. Months under a title naming a fiscal year.

MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _months_file(tmp_path: Path, title: str, months: list[str]) -> Path:
    rows = [
        [title],
        ["", *months],
        ["Sales", *(str(100 + i) for i in range(len(months)))],
        ["Rent", *("-40" for _ in months)],
    ]
    return _csv(tmp_path / "pl.csv", rows)


@pytest.mark.parametrize(
    "title", ["Income statement FY2025 (GBP)", "Income statement Fiscal Year 2025 (GBP)"]
)
def test_a_fiscal_year_title_dates_the_months_by_the_start(tmp_path: Path, title: str) -> None:
    path = _months_file(tmp_path, title, MONTHS)
    suggestion = suggest_settings(path, fiscal_default=7)
    assert "year" not in suggestion.needs
    ends = {c.header: c.period_end for c in suggestion.settings.columns[1:]}
    assert ends["JUL"] == dt.date(2024, 7, 31) and ends["DEC"] == dt.date(2024, 12, 31)
    assert ends["JAN"] == dt.date(2025, 1, 31) and ends["JUN"] == dt.date(2025, 6, 30)
    assert suggestion.settings.constants.fiscal_year_start == 7  # shown on the picker
    [note] = [n for n in suggestion.offered.notes if "fiscal year 2025" in n]
    assert "starting in July" in note and "July 2024 - June 2025" in note
    dates, _ = _stored(path, suggestion.settings)
    assert min(dates) == dt.date(2024, 7, 31) and max(dates) == dt.date(2025, 6, 30)


def test_a_start_sent_back_redates_the_months_of_a_fiscal_year_title(tmp_path: Path) -> None:
    path = _months_file(tmp_path, "Income statement FY2025 (GBP)", MONTHS)
    settings = suggest_settings(path, fiscal_default=7).settings
    settings.constants.fiscal_year_start = 4
    again = suggest_settings(path, settings=settings).settings
    ends = {c.header: c.period_end for c in again.columns[1:]}
    assert ends["APR"] == dt.date(2024, 4, 30) and ends["MAR"] == dt.date(2025, 3, 31)
    dates, _ = _stored(path, again)
    assert min(dates) == dt.date(2024, 4, 30) and max(dates) == dt.date(2025, 3, 31)


def test_a_fiscal_year_title_with_no_start_is_the_calendar_year_said(tmp_path: Path) -> None:
    path = _months_file(tmp_path, "Income statement FY2025 (GBP)", MONTHS)
    suggestion = suggest_settings(path)
    assert "year" not in suggestion.needs
    ends = [c.period_end for c in suggestion.settings.columns[1:]]
    assert ends[0] == dt.date(2025, 1, 31) and ends[-1] == dt.date(2025, 12, 31)
    [note] = [n for n in suggestion.offered.notes if "fiscal year 2025" in n]
    assert "starting in January" in note and "fiscal_year_start" in note


def test_twelve_months_from_april_under_a_fiscal_year_title_say_the_start(
    tmp_path: Path,
) -> None:
    layout = fy_title_months_csv(tmp_path)
    suggestion = suggest_settings(layout.path)
    assert "year" not in suggestion.needs
    assert suggestion.settings.constants.fiscal_year_start == 4
    [note] = [n for n in suggestion.offered.notes if "fiscal year 2025" in n]
    assert "run from April" in note
    dates, _ = _stored(layout.path, suggestion.settings)
    assert dict(dates) == layout.records_by_date


def test_a_few_months_that_wrap_with_no_start_still_ask_the_year(tmp_path: Path) -> None:
    path = _months_file(tmp_path, "Income statement FY2025 (GBP)", ["NOV", "DEC", "JAN"])
    suggestion = suggest_settings(path)
    assert "year" in suggestion.needs
    assert [c.period_end for c in suggestion.settings.columns[1:]] == [None, None, None]


# 3. A date typed as a constant gives the day of a span stated without one.


def _span_file(tmp_path: Path, group: str) -> Path:
    rows = [["Tailspin Toys Ltd"], ["", group, ""], ["", "2025", "2024"], *LINES]
    return _csv(tmp_path / "q.csv", rows)


@pytest.mark.parametrize(
    ("group", "typed", "ends"),
    [
        ("Quarter Ended", dt.date(2025, 6, 30), [dt.date(2025, 6, 30), dt.date(2024, 6, 30)]),
        ("Q3", dt.date(2025, 3, 31), [dt.date(2025, 3, 31), dt.date(2024, 3, 31)]),
        ("Six Months Ended", dt.date(2025, 2, 28), [dt.date(2025, 2, 28), dt.date(2024, 2, 29)]),
    ],
)
def test_a_typed_date_redates_a_span_stated_without_its_day(
    tmp_path: Path, group: str, typed: dt.date, ends: list[dt.date]
) -> None:
    path = _span_file(tmp_path, group)
    settings = suggest_settings(path).settings
    settings.constants.date = typed
    again = suggest_settings(path, settings=settings)
    assert [c.period_end for c in again.settings.columns[1:]] == ends
    [note] = [n for n in again.offered.notes if f'"{group}"' in n]
    assert "date typed" in note and f"{ends[0]:%d %b %Y}" in note
    dates, _ = _stored(path, again.settings)
    assert set(dates) == set(ends)


def test_a_typed_date_keeps_a_day_typed_for_a_column(tmp_path: Path) -> None:
    path = _span_file(tmp_path, "Quarter Ended")
    settings = suggest_settings(path).settings
    settings.constants.date = dt.date(2025, 6, 30)
    settings.columns[2].period_end = dt.date(2024, 7, 1)  # the person's own, kept
    dates, _ = _stored(path, settings)
    assert set(dates) == {dt.date(2025, 6, 30), dt.date(2024, 7, 1)}


# 4. A fiscal year to date beside the months from the start month.


def test_a_fiscal_ytd_from_the_start_month_is_checked(tmp_path: Path) -> None:
    layout = fiscal_ytd_months_csv(tmp_path)
    settings = suggest_settings(layout.path).settings
    settings.constants.fiscal_year_start = 10
    again = suggest_settings(layout.path, settings=settings)
    [note] = [n for n in again.offered.notes if '"FYTD"' in n]
    assert "checked against the sum of its months from October" in note
    dates, warnings = _stored(layout.path, again.settings)
    assert dict(dates) == layout.records_by_date
    assert not [w for w in warnings if "add up to" in w]
    text = layout.path.read_text(encoding="utf-8").splitlines()
    cut = text[1].rindex(',"')  # the first line's FYTD, quoted: one digit more in front
    line = f'{text[1][:cut]},"9{text[1][cut + 2 :]}'
    wrong = write_text(tmp_path / "wrong.csv", "\n".join([text[0], line, *text[2:]]) + "\n")
    _, warnings = _stored(wrong, ImportSettings.model_validate(again.settings.model_dump()))
    assert [w for w in warnings if '"FYTD"' in w and "add up to" in w]


def test_a_fiscal_ytd_with_no_start_is_said_not_checked(tmp_path: Path) -> None:
    layout = fiscal_ytd_months_csv(tmp_path)
    suggestion = suggest_settings(layout.path)
    [note] = [n for n in suggestion.offered.notes if '"FYTD"' in n]
    assert "not checked" in note and "fiscal_year_start" in note


def test_the_admins_start_checks_a_fiscal_ytd(tmp_path: Path) -> None:
    layout = fiscal_ytd_months_csv(tmp_path)
    suggestion = suggest_settings(layout.path, fiscal_default=10)
    assert suggestion.settings.constants.fiscal_year_start == 10
    [note] = [n for n in suggestion.offered.notes if '"FYTD"' in n]
    assert "from October" in note
