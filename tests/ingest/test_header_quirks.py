"""Honesty gaps in titles and headers (docs/import.md, layouts 171-174): a short title's
"(GBP m)" is the currency and the unit, not part of the company; a lone "YTD" beside the
months is listed, not stored, said and checked; a quarter or span stated without its day is
dated on a day the preview says; other scenarios' figures are called figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from elara.ingest.preview import preview_file
from elara.ingest.scenarios import not_stored
from elara.ingest.settings import ColumnRole
from elara.ingest.suggest import suggest_settings, title_constants

from .builders import write_text, write_xlsx

LINES = [("Revenue", [10, 11, 12]), ("Cost of sales", [4, 5, 6])]


def _csv(path: Path, rows: list[list[object]]) -> Path:
    return write_text(path, "\n".join(",".join(map(str, r)) for r in rows) + "\n")


# 1. A short title stating the currency and the scale beside the company's name.


@pytest.mark.parametrize(
    ("title", "company", "currency", "unit"),
    [
        ("Contoso plc (GBP m)", "Contoso plc", "GBP", 1_000_000),
        ("Contoso plc (£m)", "Contoso plc", "GBP", 1_000_000),
        ("Acme Corp (USD '000)", "Acme Corp", "USD", 1000),
        ("Northwind Ltd (in thousands)", "Northwind Ltd", None, 1000),
        ("Contoso plc (GBP)", "Contoso plc", "GBP", None),
        ("Fabrikam Ltd, USD m", "Fabrikam Ltd", "USD", 1_000_000),
        ("Fabrikam Ltd \u2014 USD thousands", "Fabrikam Ltd", "USD", 1000),
        ("Company: Contoso plc (EUR 000)", "Contoso plc", "EUR", 1000),
        # Not a currency or a scale: kept as written.
        ("Contoso plc (UK)", "Contoso plc (UK)", None, None),
        ("Alder Robotics, Inc.", "Alder Robotics, Inc.", None, None),
        # Nothing but the currency and scale: no company.
        ("(GBP m)", None, "GBP", 1_000_000),
    ],
)
def test_a_short_title_names_the_company_apart_from_its_currency_and_unit(
    title: str, company: str | None, currency: str | None, unit: int | None
) -> None:
    offered = title_constants([[title]], ["", "Jan-25"])
    assert (offered.company, offered.currency, offered.unit_multiplier) == (
        company,
        currency,
        unit,
    )


def test_a_gbp_m_title_is_applied_as_company_currency_and_unit(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "pl.csv",
        [["Contoso plc (GBP m)"], ["", "Jan-25", "Feb-25", "Mar-25"]]
        + [[label, *figures] for label, figures in LINES],
    )
    suggestion = suggest_settings(path)
    constants = suggestion.settings.constants
    assert suggestion.needs == []
    assert (constants.company, constants.currency, constants.unit_multiplier) == (
        "Contoso plc",
        "GBP",
        1_000_000,
    )
    preview = preview_file(path, suggestion.settings)
    assert preview.by_account == {
        "Revenue": Decimal(33_000_000),
        "Cost of sales": Decimal(15_000_000),
    }
    assert {r["company"] for r in preview.sample} == {"Contoso plc"}
    assert any("read in millions" in w for w in preview.warnings), preview.warnings


# 2. A lone year-to-date column beside the months.


def _months_and(path: Path, months: list[str], last: str, totals: list[int]) -> Path:
    rows: list[list[object]] = [["Fabrikam Ltd"], ["Account", *months, last]]
    rows += [[label, *f, t] for (label, f), t in zip(LINES, totals, strict=True)]
    return _csv(path, rows)


@pytest.mark.parametrize("header", ["YTD", "Year to Date", "YTD Total", "Year-to-date"])
def test_a_lone_year_to_date_column_is_listed_not_stored_and_said(
    tmp_path: Path, header: str
) -> None:
    path = _months_and(tmp_path / "m.csv", ["Jan-25", "Feb-25", "Mar-25"], header, [33, 15])
    suggestion = suggest_settings(path)
    roles = {c.header: c.role for c in suggestion.settings.columns}
    assert roles[header] is ColumnRole.ignore
    [note] = [n for n in suggestion.offered.notes if "year to date" in n]
    assert f'The column "{header}" is taken as year to date' in note
    assert "not stored" in note and "checked against the sum of its months" in note
    preview = preview_file(path, suggestion.settings)
    assert preview.error_count == 0  # "Year to Date" was read as a period column: every row bad
    assert preview.by_account == {"Revenue": Decimal(33), "Cost of sales": Decimal(15)}
    assert not [w for w in preview.warnings if "add up to" in w], preview.warnings


def test_a_year_to_date_that_is_not_the_months_sum_is_warned(tmp_path: Path) -> None:
    path = _months_and(tmp_path / "m.csv", ["Jan-25", "Feb-25", "Mar-25"], "YTD", [33, 16])
    suggestion = suggest_settings(path)
    preview = preview_file(path, suggestion.settings)
    [warning] = [w for w in preview.warnings if "add up to" in w]
    assert '"Cost of sales"' in warning and '"YTD" is 16' in warning and "add up to 15" in warning
    assert preview.by_account == {"Revenue": Decimal(33), "Cost of sales": Decimal(15)}


def test_a_year_to_date_beside_months_not_from_january_is_said_not_checked(
    tmp_path: Path,
) -> None:
    """Apr-25 … Jun-25 beside "YTD": the year so far may start in January (or April): its
    figures are not compared with the three months, and the note says so."""
    path = _months_and(tmp_path / "m.csv", ["Apr-25", "May-25", "Jun-25"], "YTD", [70, 31])
    suggestion = suggest_settings(path)
    [note] = [n for n in suggestion.offered.notes if "year to date" in n]
    assert "not checked" in note
    preview = preview_file(path, suggestion.settings)
    assert not [w for w in preview.warnings if "add up to" in w], preview.warnings
    assert preview.by_account == {"Revenue": Decimal(33), "Cost of sales": Decimal(15)}


def test_the_year_to_date_note_is_said_again_for_settings_sent_back(tmp_path: Path) -> None:
    path = _months_and(tmp_path / "m.csv", ["Jan-25", "Feb-25", "Mar-25"], "YTD", [33, 15])
    settings = suggest_settings(path).settings
    again = suggest_settings(path, settings=settings)
    assert [n for n in again.offered.notes if '"YTD" is taken as year to date' in n]


def test_a_year_to_date_in_a_workbook_beside_months_without_a_year(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "P&L": [["Fabrikam Ltd 2025"], ["Account", "Jan", "Feb", "Mar", "YTD"]]
            + [[label, *f, sum(f)] for label, f in LINES]
        },
    )
    suggestion = suggest_settings(path)
    assert suggestion.settings.columns[4].role is ColumnRole.ignore
    assert [n for n in suggestion.offered.notes if '"YTD" is taken as year to date' in n]


# 3. A quarter or a span stated without the day it ends.


def _statement(path: Path, top: list[list[object]], years: list[str]) -> Path:
    rows: list[list[object]] = [["Tailspin Toys Ltd"], *top, ["", *years]]
    rows += [[label, *f[: len(years)]] for label, f in LINES]
    return _csv(path, rows)


def _dated(path: Path) -> tuple[list[dt.date | None], list[str], set[str]]:
    suggestion = suggest_settings(path)
    ends = [c.period_end for c in suggestion.settings.columns[1:]]
    preview = preview_file(path, suggestion.settings)
    return ends, suggestion.offered.notes, {r["date"] for r in preview.sample}


def test_quarter_ended_over_years_says_the_day_it_picks(tmp_path: Path) -> None:
    path = _statement(tmp_path / "q.csv", [["", "Quarter Ended", ""]], ["2025", "2024"])
    ends, notes, dates = _dated(path)
    assert ends == [dt.date(2025, 12, 31), dt.date(2024, 12, 31)]
    assert dates == {"2025-12-31", "2024-12-31"}
    [note] = [n for n in notes if "Quarter Ended" in n]
    assert "not the day it ends" in note and "31 Dec 2025, 31 Dec 2024" in note
    assert "period end" in note  # how to correct it


def test_quarter_ended_takes_the_day_of_the_titles_date(tmp_path: Path) -> None:
    top = [["For the quarter ended 30 September 2025"], ["", "Quarter Ended", ""]]
    path = _statement(tmp_path / "q.csv", top, ["2025", "2024"])
    ends, notes, dates = _dated(path)
    assert ends == [dt.date(2025, 9, 30), dt.date(2024, 9, 30)]
    assert dates == {"2025-09-30", "2024-09-30"}
    [note] = [n for n in notes if "Quarter Ended" in n]
    assert "30 Sep 2025, 30 Sep 2024" in note and "title's date" in note


@pytest.mark.parametrize("named", ["Q3", "Third Quarter", "3rd Quarter", "Quarter 3"])
def test_a_quarter_named_over_years_is_its_calendar_quarter_said(
    tmp_path: Path, named: str
) -> None:
    path = _statement(tmp_path / "q.csv", [["", named, ""]], ["2025", "2024"])
    ends, notes, dates = _dated(path)
    assert ends == [dt.date(2025, 9, 30), dt.date(2024, 9, 30)]
    assert dates == {"2025-09-30", "2024-09-30"}
    [note] = [n for n in notes if f'"{named}"' in n]
    assert "calendar quarter" in note and "fiscal year" in note


def test_quarter_ended_and_a_year_in_the_header_is_read_and_said(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Tailspin Toys Ltd"]]
    rows += [["Account", "Quarter Ended 2025", "Quarter Ended 2024"]]
    rows += [[label, *f[:2]] for label, f in LINES]
    path = _csv(tmp_path / "q.csv", rows)
    suggestion = suggest_settings(path)
    assert suggestion.needs == []
    roles = [c.role for c in suggestion.settings.columns[1:]]
    assert roles == [ColumnRole.amount, ColumnRole.amount]  # the 2024 one was a number
    assert [n for n in suggestion.offered.notes if "not the day it ends" in n]
    preview = preview_file(path, suggestion.settings)
    assert preview.by_account == {"Revenue": Decimal(21), "Cost of sales": Decimal(9)}


@pytest.mark.parametrize(
    "top",
    [
        [["", "Three Months Ended September 30,", ""]],  # the day is stated
        [["", "Year Ended December 31,", ""]],
        [],  # plain years: a year's figures, dated as documented
    ],
)
def test_a_stated_day_or_plain_years_add_no_note(tmp_path: Path, top: list[list[object]]) -> None:
    path = _statement(tmp_path / "q.csv", top, ["2025", "2024"])
    _, notes, _ = _dated(path)
    assert not [n for n in notes if "not the day it ends" in n], notes


def test_a_date_the_person_changed_is_kept_unsaid(tmp_path: Path) -> None:
    path = _statement(tmp_path / "q.csv", [["", "Quarter Ended", ""]], ["2025", "2024"])
    settings = suggest_settings(path).settings
    again = suggest_settings(path, settings=settings)
    assert [n for n in again.offered.notes if "not the day it ends" in n]
    settings.columns[1].period_end = dt.date(2025, 6, 30)
    settings.columns[2].period_end = dt.date(2024, 6, 30)
    changed = suggest_settings(path, settings=settings)
    assert [c.period_end for c in changed.settings.columns[1:]] == [
        dt.date(2025, 6, 30),
        dt.date(2024, 6, 30),
    ]
    assert not [n for n in changed.offered.notes if "not the day it ends" in n]


# 4. Figures of other scenarios.


def test_estimate_columns_are_counted_as_figures(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Fabrikam Ltd"], ["Account", "FY2024A", "FY2025A", "FY2026E"]]
    rows += [[label, *f] for label, f in LINES]
    path = _csv(tmp_path / "e.csv", rows)
    preview = preview_file(path, suggest_settings(path).settings)
    assert preview.other_scenarios == {"forecast": 2}
    [warning] = [w for w in preview.warnings if "not stored" in w]
    assert warning.startswith("2 figures of scenario Forecast not stored"), warning


def test_not_stored_words_rows_and_figures() -> None:
    assert not_stored({"budget": 90})[0].startswith("90 rows of scenario Budget not stored")
    assert not_stored({"forecast": 1}, {"forecast": 1})[0].startswith(
        "1 figure of scenario Forecast not stored"
    )
    assert not_stored({"forecast": 12}, {"forecast": 10})[0].startswith(
        "2 rows and 10 figures of scenario Forecast"
    )
