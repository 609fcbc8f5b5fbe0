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


def _statement(path: Path, closing: str) -> Path:
    return write_text(
        path,
        "Date,Description,Amount\r\n"
        "01/04/2025,Opening balance,1000.00\r\n"
        "03/04/2025,CARD PAYMENT FUEL,-45.10\r\n"
        "09/04/2025,BACS CREDIT KITCHEN FIT,820.00\r\n"
        f"30/04/2025,Closing balance,{closing}\r\n",
    )


def _bank(path: Path) -> tuple[dict[str, int], FileParser]:
    settings = suggest_settings(path).settings
    settings.constants.company = "Fernhill Joinery Ltd"
    settings.constants.currency = "GBP"
    parser = parse_file(path, settings=settings)
    sums: dict[str, int] = {}
    for batch in parser:
        for account, units in zip(
            batch.columns["account"], batch.columns["amount_minor"], strict=True
        ):
            sums[account] = sums.get(account, 0) + units
    return sums, parser


def test_a_labelled_balance_lines_amount_checks_the_lines_like_a_brought_forward_line(
    tmp_path: Path,
) -> None:
    sums, parser = _bank(_statement(tmp_path / "tied.csv", "1774.90"))
    assert sums == {"Money in": 8_200_000, "Money out": -451_000}  # the balances not stored
    reasons = [r.reason for r in parser.report.skipped_rows]
    assert reasons.count("opening or closing balance row") == 2
    assert not any("lines may be missing" in w for w in parser.report.warnings)
    # a closing balance the lines do not reach: said with both numbers, never dropped unsaid
    sums, parser = _bank(_statement(tmp_path / "short.csv", "2774.90"))
    (said,) = [w for w in parser.report.warnings if "lines may be missing" in w]
    assert "opening balance of 1000.00" in said and "closing balance of 2774.90" in said


def test_a_labelled_balance_line_in_a_ledger_says_the_amount_it_does_not_store(
    tmp_path: Path,
) -> None:
    path = write_text(
        tmp_path / "ledger.csv",
        "Date,Account,Description,Amount\r\n"
        "01/04/2025,,Opening balance,5250.00\r\n"
        "03/04/2025,Fuel,CARD PAYMENT FUEL,45.10\r\n"
        "09/04/2025,Sales,KITCHEN FIT,-820.00\r\n",
    )
    sums, parser = _bank(path)
    assert sums == {"Fuel": 451_000, "Sales": -8_200_000}
    (said,) = [w for w in parser.report.warnings if w.startswith("Row 2:")]
    assert "5250.00 is not stored" in said


def test_wanyuan_in_the_title_is_offered_as_ten_thousands_and_applied_exactly(
    tmp_path: Path,
) -> None:
    path = write_text(
        tmp_path / "kemu.csv",
        "科目余额表\r\n编制单位\uff1a华东新材料股份有限公司\r\n2025年12月\r\n"
        "金额单位\uff1a万元\r\n科目编码,科目名称,期末余额\r\n"
        "1002,银行存款,1234.5678\r\n2202,应付账款,-0.0001\r\n",
    )
    suggestion = suggest_settings(path)
    assert suggestion.offered.unit_multiplier == 10_000
    assert suggestion.settings.constants.unit_multiplier == 10_000
    parser = parse_file(path, settings=suggestion.settings)
    stored = {
        account: units
        for batch in parser
        for account, units in zip(
            batch.columns["account"], batch.columns["amount_minor"], strict=True
        )
    }
    # 1,234.5678 万元 is 12,345,678 yuan; 0.0001 万元 is 1 yuan (four decimals stored)
    assert stored == {"银行存款": 12_345_678_0000, "应付账款": -1_0000}
    assert any(
        "ten thousands (万元)" in w and "multiplied by 10,000" in w for w in parser.report.warnings
    )


@pytest.mark.parametrize(
    ("title", "header", "currency"),
    [
        ("A$ millions", "FY2025", "AUD"),
        ("Summary income statement", "FY2025 (NZ$)", "NZD"),
        ("US$ thousands", "FY2025", "USD"),
        ("A$ and NZ$ millions", "FY2025", None),  # two dollars: asked, never guessed
        ("$ millions", "FY2025", None),  # "$" alone is several countries'
    ],
)
def test_a_dollar_named_by_its_countrys_letters_in_a_title_is_that_currency(
    tmp_path: Path, title: str, header: str, currency: str | None
) -> None:
    path = write_text(
        tmp_path / "fy.csv",
        f"Harbourside Minerals Limited\r\n{title}\r\nLine item,{header}\r\n"
        "Revenue,412.5\r\nNet profit after tax,38.1\r\n",
    )
    assert suggest_settings(path).offered.currency == currency
