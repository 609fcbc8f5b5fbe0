"""What the workbook quirks of layouts 130 onwards (tests/corpus/workbooks.py) must make Elara
say, beyond the totals test_ingest_corpus.py checks: the warnings and the offered currency."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from elara.ingest import pipeline
from elara.ingest.suggest import suggest_settings
from elara.ingest.workbook import format_currency
from tests.corpus import workbooks
from tests.corpus.model import Layout


def _warnings(layout: Layout, **constants: str) -> tuple[list[str], int]:
    settings = suggest_settings(layout.path).settings
    for key, value in {"company": "Typed Ltd", "currency": "CAD", **constants}.items():
        if getattr(settings.constants, key, None) is None:
            setattr(settings.constants, key, value)
    parser = pipeline.parse_file(layout.path, settings=settings)
    records = sum(batch.frame.height for batch in parser)
    return list(parser.report.warnings), records


def test_error_cells_are_named_never_zero(tmp_path: Path) -> None:
    layout = workbooks.error_cells_xlsx(tmp_path)
    warnings, records = _warnings(layout)
    said = [w for w in warnings if "Excel error" in w]
    assert len(said) == 1, warnings
    for cell in ("B7 #N/A", "C9 #REF!", "D10 #DIV/0!"):
        assert cell in said[0], said
    assert "not 0" in said[0]
    assert records == layout.record_count  # the error cells are no records (never 0)


def test_currency_offered_from_number_format(tmp_path: Path) -> None:
    layout = workbooks.euro_format_budget_xlsx(tmp_path)
    suggestion = suggest_settings(layout.path)
    assert suggestion.offered.currency == "EUR"
    assert suggestion.settings.constants.currency == "EUR"


@pytest.mark.parametrize(
    ("code", "currency"),
    [
        ("[$€-x-euro2] #,##0.00", "EUR"),
        ("[$€-407] #,##0.00;-[$€-407] #,##0.00", "EUR"),
        ('"£"#,##0;("£"#,##0)', "GBP"),
        ("\\£#,##0.00", "GBP"),
        ("[$USD] #,##0.00", "USD"),
        ("[$$-409]#,##0.00", "USD"),
        ("[$$-C09]#,##0.00", "AUD"),
        ('#,##0.00 "CHF"', "CHF"),
        ("$#,##0.00", None),  # several countries' dollar
        ("[$-409]d-mmm-yy", None),  # a locale, no currency
        ("#,##0.00", None),
        ("0%", None),
        ("[$€-x-euro2] #,##0.00;[$£-809]#,##0.00", None),  # two: none stated
    ],
)
def test_format_currency(code: str, currency: str | None) -> None:
    assert format_currency(code) == currency


def test_another_currency_sign_per_column_states_none(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "two.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Data")
    euro = book.add_format({"num_format": "[$€-x-euro2] #,##0.00"})
    pound = book.add_format({"num_format": "£#,##0.00"})
    sheet.write_row(0, 0, ["Account", "Jan 2025", "Feb 2025"])
    for r, name in enumerate(("Sales", "Rent"), start=1):
        sheet.write(r, 0, name)
        sheet.write_number(r, 1, 10.5 * r, euro)
        sheet.write_number(r, 2, 20.25 * r, pound)
    book.close()
    assert suggest_settings(path).offered.currency is None


def test_hidden_rows_stored_and_said(tmp_path: Path) -> None:
    layout = workbooks.hidden_rows_columns_tb_xlsx(tmp_path)
    warnings, _ = _warnings(layout)
    assert any("2 row(s) are hidden" in w and "rows 7, 11" in w for w in warnings), warnings
    assert any("column(s) A are hidden" in w for w in warnings), warnings
    assert not [w for w in warnings if "add up to" in w], warnings


def test_summary_sheet_restating_details_is_said(tmp_path: Path) -> None:
    layout = workbooks.summary_detail_sheets_xlsx(tmp_path)
    warnings, records = _warnings(layout, currency="GBP")
    assert not [w for w in warnings if "restates" in w], warnings  # one sheet: stored once
    assert records == layout.record_count
    settings = suggest_settings(layout.path).settings
    settings.sheet = "*"
    settings.constants.currency = "GBP"
    parser = pipeline.parse_file(layout.path, settings=settings)
    assert sum(batch.frame.height for batch in parser) == 3 * (layout.record_count or 0)
    said = [w for w in parser.report.warnings if "restates" in w]
    assert said == [
        'Sheet "Summary" restates the sheets "Retail" and "Online": each of its amounts is '
        "their sum, by account and date, so reading every sheet counts that money twice. "
        'Read the sheet "Summary" alone, or every sheet but it.'
    ]


def test_percent_formatted_lines_are_not_money(tmp_path: Path) -> None:
    from elara.ingest.rows import NOT_MONEY

    layout = workbooks.pl_margin_percent_rows_xlsx(tmp_path)
    settings = suggest_settings(layout.path).settings
    settings.constants.currency = "CAD"
    parser = pipeline.parse_file(layout.path, settings=settings)
    accounts = {a for batch in parser for a in batch.columns["account"]}
    assert not accounts & {"Gross margin", "Net margin"}, accounts
    left_out = sorted(s.row for s in parser.report.skipped_rows if s.reason == NOT_MONEY)
    assert left_out == [7, 11]


@pytest.mark.parametrize(
    ("code", "percent"),
    [
        ("0%", True),
        ("0.0%", True),
        ("[Red]0.00%;[Red]-0.00%", True),
        ("#,##0.00", False),
        ('0.0"%"', False),  # a literal "%" after the number: shown as typed, not times 100
        ("0.00\\%", False),
        ("", False),
    ],
)
def test_is_percent_format(code: str, percent: bool) -> None:
    from elara.ingest.workbook import is_percent_format

    assert is_percent_format(code) is percent


def test_every_sheet_skips_chart_and_empty_sheets(tmp_path: Path) -> None:
    from elara.ingest.settings import ImportSettings

    layout = workbooks.table_totals_row_xlsx(tmp_path)
    settings = ImportSettings(sheet="*")
    settings.constants.company = "Larchmont Cycles Inc."
    parser = pipeline.parse_file(layout.path, settings=settings)
    assert sum(batch.frame.height for batch in parser) == layout.record_count
    assert parser.report.sheets == ["Sales"]
    assert 'Sheet(s) "Chart", "Notes" hold no cells (a chart or an empty sheet): skipped.' in (
        parser.report.warnings
    )


def test_two_sheets_of_the_same_figures_are_said_once() -> None:
    from elara.ingest.pipeline import restated_sheets

    day = dt.date(2025, 1, 31)
    same = {("Sales", day): 1_000_000, ("Rent", day): -250_000}
    warnings = restated_sheets({"Summary": dict(same), "Retail": dict(same)})
    assert len(warnings) == 1 and warnings[0].startswith('Sheet "Summary" restates the sheets')
    assert restated_sheets({"A": dict(same), "B": {("Sales", day): 1}}) == []
