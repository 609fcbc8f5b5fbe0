"""Round fixes8: a cloud package's tracking columns in name / option pairs (layout 229); a
quarter named over fiscal year columns (layout 230)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from elara.ingest.pipeline import FileParser, parse_file
from elara.ingest.settings import ImportSettings
from elara.ingest.suggest import suggest_settings
from tests.corpus.fixes8 import xero_journal_tracking_csv
from tests.ingest.builders import write_text


def _typed(path: Path) -> ImportSettings:
    settings = suggest_settings(path).settings
    settings.constants.company = "Harbour Cafés Pty Ltd"
    settings.constants.currency = "AUD"
    return settings


def _read(path: Path) -> tuple[list[dict[str, object]], FileParser]:
    parser = parse_file(path, settings=_typed(path))
    attributes = [a for batch in parser for a in batch.columns["attributes"]]
    return attributes, parser


def test_a_tracking_name_column_names_the_dimension_of_its_options(tmp_path: Path) -> None:
    layout = xero_journal_tracking_csv(tmp_path)
    attributes, parser = _read(layout.path)
    regions = Counter(a.get("Region") for a in attributes)
    departments = Counter(a.get("Department") for a in attributes)
    assert set(regions) <= {"North", "South", "City"} and sum(regions.values()) == 24
    assert set(departments) <= {"Kitchen", "Front of house"}
    assert sum(departments.values()) == 24
    for header in ("TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2"):
        assert all(header not in a for a in attributes), header
    assert not any("Tracking" in w for w in parser.report.warnings)


def test_a_tracking_name_that_varies_keeps_the_headers_and_says_so(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "journal.csv",
        "*Narration,*Date,Description,*AccountCode,*TaxRate,*Amount,"
        "Tracking Name 1,Tracking Option 1\r\n"
        "Accrual,31/03/2025,Rent,470,BAS Excluded,1200.00,Region,North\r\n"
        "Accrual,31/03/2025,Rent,820,BAS Excluded,-1200.00,,\r\n"
        "Accrual,31/03/2025,Power,445,BAS Excluded,310.55,Department,Kitchen\r\n"
        "Accrual,31/03/2025,Power,820,BAS Excluded,-310.55,Region,South\r\n",
    )
    attributes, parser = _read(path)
    assert [a["Tracking Option 1"] for a in attributes] == ["North", None, "Kitchen", "South"]
    assert [a["Tracking Name 1"] for a in attributes] == ["Region", None, "Department", "Region"]
    (said,) = [w for w in parser.report.warnings if "Tracking" in w]
    assert '"Department", "Region" on different lines' in said


def _dated(path: Path, fiscal_year_start: int | None = None) -> tuple[set[object], list[str]]:
    suggestion = suggest_settings(path)
    settings = suggestion.settings
    settings.constants.currency = "USD"
    if fiscal_year_start is not None:  # the person sets it after reading the note
        settings.constants.fiscal_year_start = fiscal_year_start
        suggestion = suggest_settings(path, settings=settings)
        settings = suggestion.settings
    parser = parse_file(path, settings=settings)
    dates = {d for batch in parser for d in batch.columns["date"]}
    return dates, [*suggestion.offered.notes, *parser.report.warnings]


QUARTER_ROWS = "Revenue,1200,1100\r\nCost of sales,(500),(450)\r\nGross profit,700,650\r\n"


@pytest.mark.parametrize(
    "head",
    [
        "Tailspin Toys Inc.\r\nResults (in thousands)\r\n,Q3,\r\n,FY2025,FY2024\r\n",
        "Tailspin Toys Inc.\r\nResults (in thousands)\r\n,Third Quarter,\r\n,FY2025,FY2024\r\n",
        "Tailspin Toys Inc.\r\nResults (in thousands)\r\nQ3,FY2025,FY2024\r\n",
    ],
)
def test_a_quarter_over_fiscal_years_is_never_dated_on_the_years_end(
    tmp_path: Path, head: str
) -> None:
    path = write_text(tmp_path / "q3.csv", head + QUARTER_ROWS)
    dates, said = _dated(path)
    # no start known: the calendar quarter, and the preview says it assumed so
    assert dates == {dt.date(2025, 9, 30), dt.date(2024, 9, 30)}
    (note,) = [s for s in said if "names a quarter of each fiscal year" in s]
    assert "no fiscal year start is known" in note and "30 Sep 2025" in note
    assert not any("(its last day)" in s for s in said)
    # the person says the year starts in July: Q3 is January - March
    dates, said = _dated(path, fiscal_year_start=7)
    assert dates == {dt.date(2025, 3, 31), dt.date(2024, 3, 31)}
    assert any("fiscal years starting in July" in s and "31 Mar 2025" in s for s in said)


def test_fiscal_years_with_no_quarter_over_them_keep_the_years_end(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "fy.csv", "Tailspin Toys Inc.\r\n,FY2025,FY2024\r\n" + QUARTER_ROWS
    )
    dates, said = _dated(path)
    assert dates == {dt.date(2025, 12, 31), dt.date(2024, 12, 31)}
    assert any("(its last day)" in s for s in said)
