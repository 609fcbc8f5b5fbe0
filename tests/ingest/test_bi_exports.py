"""What spreadsheet and BI tools write (docs/import.md, layouts 70 onwards): value fields
named by their aggregation, report filters above a pivot, crosstab Grand Total rows per
measure, and workbooks whose formulas were never calculated."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from elara.ingest import preview_file, suggest_settings
from elara.ingest.limits import SizeLimits, check_xlsx
from elara.ingest.sheet_cells import CELLS_KEPT, SheetCells
from elara.ingest.suggest import title_constants
from elara.ingest.vocabulary import header_role

from .builders import write_text


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Sum of Sales", "measure"),
        ("Sum of Amount", "measure"),
        ("SUM(Profit)", "measure"),
        ("Count of Orders", "quantity"),
        ("Distinct Count of Order ID", "quantity"),
        ("Average of Sales", "quantity"),  # an average of money does not add up
        ("AVG(Discount)", "quantity"),
        ("Max of Sales", "quantity"),
        ("CNTD(Customer Name)", "quantity"),
        ("Sum of Quantity", "quantity"),
        ("% of Grand Total", "quantity"),
    ],
)
def test_value_fields_are_named_by_their_aggregation(header: str, role: str) -> None:
    assert str(header_role(header)) == role


def test_a_sum_of_an_unknown_field_is_left_to_its_values() -> None:
    assert header_role("Sum of Widgets") is None


def test_report_filter_rows_offer_company_and_year() -> None:
    offered = title_constants([["Company", "Northwind Analytics"], ["Year", 2024]], [])
    assert offered.company == "Northwind Analytics"
    assert offered.date == dt.date(2024, 12, 31)
    # "Year" is the filter's field, never the company; "(All)" years say no date.
    offered = title_constants([["Year", "(All)"]], [])
    assert offered.company is None and offered.date is None


def test_crosstab_grand_total_rows_are_checked_per_measure(tmp_path: Path) -> None:
    text = "Region\tMeasure Names\tJanuary 2024\n"
    text += "East\tSales\t100.00\nEast\tProfit\t10.00\nWest\tSales\t50.00\nWest\tProfit\t-5.00\n"
    text += "Grand Total\tSales\t150.00\nGrand Total\tProfit\t5.00\n"
    path = write_text(tmp_path / "crosstab.csv", text)
    settings = suggest_settings(path).settings
    settings.constants.company = "Acme"
    preview = preview_file(path, settings=settings)
    assert preview.by_account == {"Sales": Decimal("150"), "Profit": Decimal("5")}
    assert not [w for w in preview.warnings if "add up to" in w], preview.warnings
    assert len(preview.totals_rows) == 2, preview.totals_rows
    assert all(t["ties"] for t in preview.totals_rows), preview.totals_rows


def test_a_wrong_grand_total_per_measure_is_still_a_warning(tmp_path: Path) -> None:
    text = "Region\tMeasure Names\tJanuary 2024\n"
    text += "East\tSales\t100.00\nEast\tProfit\t10.00\nWest\tSales\t50.00\nWest\tProfit\t-5.00\n"
    text += "Grand Total\tSales\t150.00\nGrand Total\tProfit\t7.00\n"
    path = write_text(tmp_path / "crosstab.csv", text)
    settings = suggest_settings(path).settings
    settings.constants.company = "Acme"
    warnings = preview_file(path, settings=settings).warnings
    assert [w for w in warnings if "add up to" in w], warnings


def _uncalculated(path: Path) -> Path:
    """A P&L written by a library that stores formulas without their results."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None  # nosec B101
    sheet.title = "P&L"
    sheet.append(["Acme Ltd"])
    sheet.append([])
    sheet.append(["", "Jan 2025", "Feb 2025"])
    sheet.append(["Sales", 1000.5, 2000.25])
    sheet.append(["Costs", 400, 300])
    sheet.append(["Profit", "=B4-B5", "=C4-C5"])
    book.save(path)
    return path


def test_formulas_without_saved_results_are_a_warning_never_silent(tmp_path: Path) -> None:
    path = _uncalculated(tmp_path / "uncalculated.xlsx")
    preview = preview_file(path, settings=suggest_settings(path).settings)
    found = [w for w in preview.warnings if "no saved result" in w]
    assert found and "B6, C6" in found[0], preview.warnings
    assert "Profit" not in preview.by_account


def test_many_formulas_without_results_are_counted_and_the_first_named(tmp_path: Path) -> None:
    """The limits pass notes them in its one read of the sheet, keeping only the first few."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None  # nosec B101
    sheet.append(["Account", *(f"{m} 2025" for m in ("Jan", "Feb", "Mar"))])
    for n in range(2, CELLS_KEPT + 12):
        sheet.append([f"Line {n}", 1.5, 2.5, f"=B{n}+C{n}"])
    path = tmp_path / "many.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        (cells,) = check_xlsx(archive, SizeLimits()).values()
    assert cells.missing.count == CELLS_KEPT + 10 and len(cells.missing.first) == CELLS_KEPT
    settings = suggest_settings(path).settings
    settings.constants.company = "Acme"
    preview = preview_file(path, settings=settings)
    (found,) = [w for w in preview.warnings if "no saved result" in w]
    assert f"{CELLS_KEPT + 10} formula cell(s)" in found
    assert "(first: D2, D3, D4, D5, D6, …)" in found


def test_sheet_cells_read_in_pieces_as_in_one() -> None:
    """Blocks that cut a row or a cell in two find every cell once."""
    xml = b"".join(
        b'<row r="%d"%s><c r="A%d"><f>1+1</f></c><c r="B%d"><f>X</f><v>0</v></c></row>'
        % (n, b' hidden="1"' if n % 3 == 0 else b"", n, n)
        for n in range(1, 40)
    )
    whole, pieces = SheetCells(), SheetCells()
    whole.feed(xml)
    whole.close()
    for start in range(0, len(xml), 7):
        pieces.feed(xml[start : start + 7])
    pieces.close()
    assert whole == pieces and whole.missing.count == whole.zero.count == 39
    assert whole.hidden.count == 13 and whole.hidden.first[:2] == ["3", "6"]


def test_placeholder_zero_results_of_a_recalculate_on_open_workbook_are_a_warning(
    tmp_path: Path,
) -> None:
    path = tmp_path / "zeros.xlsx"
    book = xlsxwriter.Workbook(path)  # stores 0 as every formula's result unless told
    sheet = book.add_worksheet("P&L")
    sheet.write_row(0, 0, ["", "Jan 2025"])
    sheet.write_row(1, 0, ["Sales", 1000.5])
    sheet.write_row(2, 0, ["Costs", 400])
    sheet.write(3, 0, "Profit")
    sheet.write_formula(3, 1, "=B2-B3")
    book.close()
    settings = suggest_settings(path).settings
    settings.constants.company = "Acme"
    warnings = preview_file(path, settings=settings).warnings
    assert [w for w in warnings if "hold 0" in w and "B4" in w], warnings


def test_calculated_formulas_give_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "calculated.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("P&L")
    sheet.write_row(0, 0, ["", "Jan 2025"])
    sheet.write_row(1, 0, ["Sales", 1000.5])
    sheet.write_row(2, 0, ["Costs", 400])
    sheet.write(3, 0, "Profit")
    sheet.write_formula(3, 1, "=B2-B3", None, 600.5)
    book.close()
    settings = suggest_settings(path).settings
    settings.constants.company = "Acme"
    preview = preview_file(path, settings=settings)
    assert not [w for w in preview.warnings if "formula" in w], preview.warnings
    assert preview.by_account["Profit"] == Decimal("600.5")


def test_compact_pivot_group_rows_are_shown_not_added(tmp_path: Path) -> None:
    text = "Row Labels,Qtr1,Qtr2\n"
    text += "East,30.00,7.00\nLaptops,10.00,3.00\nPhones,20.00,4.00\n"
    text += "West,5.50,1.00\nLaptops,5.50,1.00\n"
    text += "Grand Total,35.50,8.00\n"
    path = write_text(tmp_path / "pivot.csv", text)
    settings = suggest_settings(path).settings
    settings.constants.company, settings.constants.year = "Acme", 2025
    preview = preview_file(path, settings=settings)
    assert not [w for w in preview.warnings if "add up to" in w], preview.warnings
    assert preview.settings.account_kinds.get("East") == "subtotal"
    assert preview.settings.account_kinds.get("West") == "subtotal"
    assert "Laptops" not in preview.settings.account_kinds
    assert preview.by_account["Laptops"] == Decimal("19.50")


def test_a_grand_total_that_is_not_half_marks_no_group(tmp_path: Path) -> None:
    text = "Row Labels,Qtr1\nEast,30.00\nLaptops,10.00\nPhones,20.00\nGrand Total,61.00\n"
    path = write_text(tmp_path / "pivot.csv", text)
    settings = suggest_settings(path).settings
    settings.constants.company, settings.constants.year = "Acme", 2025
    preview = preview_file(path, settings=settings)
    assert "East" not in preview.settings.account_kinds
    assert [w for w in preview.warnings if "add up to" in w], preview.warnings


def test_hidden_rows_are_read_and_the_preview_says_so(tmp_path: Path) -> None:
    path = tmp_path / "hidden.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Spend")
    sheet.write_row(0, 0, ["Date", "Account", "Amount"])
    for r, (account, amount) in enumerate((("Rent", 100.0), ("Travel", 20.5), ("Rent", 7.25))):
        sheet.write_datetime(r + 1, 0, dt.datetime(2025, 1, r + 1))
        sheet.write_row(r + 1, 1, [account, amount])
    sheet.set_row(2, None, None, {"hidden": True})
    book.close()
    settings = suggest_settings(path).settings
    settings.constants.company = "Acme"
    preview = preview_file(path, settings=settings)
    assert preview.by_account == {"Rent": Decimal("107.25"), "Travel": Decimal("20.5")}
    found = [w for w in preview.warnings if "hidden" in w]
    assert found and "rows 3)" in found[0], preview.warnings


def test_the_header_repeated_lower_down_is_skipped_not_an_error(tmp_path: Path) -> None:
    text = "Account,Jan 2025,Feb 2025\nSales,10.00,20.00\n\n"
    text += "Account,Jan 2025,Feb 2025\nRent,5.00,5.00\n"
    path = write_text(tmp_path / "two.csv", text)
    settings = suggest_settings(path).settings
    settings.constants.company = "Acme"
    preview = preview_file(path, settings=settings)
    assert preview.errors == [] and preview.error_count == 0
    assert preview.by_account == {"Sales": Decimal("30"), "Rent": Decimal("10")}
    reasons = [s.reason for s in preview.report.skipped_rows if s.row == 4]
    assert reasons == ["the header row again (a page or a second table)"]


def test_a_row_naming_one_header_is_not_a_repeated_header(tmp_path: Path) -> None:
    text = "Account,Amount,Date\nAccount,12.50,2025-01-31\n"
    path = write_text(tmp_path / "one.csv", text)
    settings = suggest_settings(path).settings
    settings.constants.company = "Acme"
    assert preview_file(path, settings=settings).by_account == {"Account": Decimal("12.5")}


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("202401", dt.date(2024, 1, 31)),
        ("202312", dt.date(2023, 12, 31)),
        ("202413", None),  # not a month
        ("200100", None),  # an account number, not a period
        ("Qtr1", None),  # a quarter without its year: read, but needs the year
    ],
)
def test_year_month_keys_and_excel_quarters(text: str, end: dt.date | None) -> None:
    from elara.ingest.periods import read_period

    period = read_period(text)
    assert (period.end if period else None) == end
    if text == "Qtr1":
        assert period is not None and period.quarter == 1
