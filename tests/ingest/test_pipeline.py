"""End-to-end parsing: messy workbooks, wide sheets, row errors, mappings, caps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from elara.ingest import (
    MappingError,
    MissingColumnsError,
    ParseProgress,
    Record,
    RowError,
    SheetNotFoundError,
    SkippedRow,
    list_sheets,
    parse_file,
)
from elara.ingest.pipeline import FileParser
from tests.amounts import units

from .builders import write_ods, write_text, write_xlsx

LEDGER = [
    ["ACME Group — General Ledger"],
    ["Exported 2025-01-15"],
    [],
    [
        "Entity",
        "Posting Date",
        "GL Account",
        "Category",
        "Net Amount",
        "Ccy",
        "Memo",
        "Cost Centre",
    ],
    [
        "AC1",
        dt.date(2024, 1, 31),
        "Revenue",
        "Sales",
        1000.10,
        "USD",
        "Jan sales",
        "CC1",
    ],
    ["AC1", 45351, "COGS", "Cost", "(250.05)", "USD", "=SUM(A1)", 7],
    ["AC2", "31/03/2024", "Opex", None, -99.99, "€", "<script>alert(1)</script>", None],
    [],
    ["AC2", "15/04/2024", "Revenue", None, "$1,234.56", None, None, None],
    ["Total", None, None, None, 1884.62],
]
PNL = [
    ["P&L by month (USD)"],
    ["Company", "Period", "Revenue", "COGS", "Opex", "Payroll", "Notes"],
    ["AC1", "Jan 2024", 5000, -2000.5, "(300.25)", 1200, "ok"],
    ["AC1", "Feb 2024", 5100.75, -2100, -310, None, None],
    ["Grand total", None, 10100.75, -4100.5, -610.25, 1200, None],
]


def collect(parser: FileParser) -> list[Record]:
    """All records of a parse, in order."""
    return [record for batch in parser for record in batch.records]


def messy_workbook(tmp_path: Path) -> Path:
    """A workbook as people really send them: titles, wide P&L, totals rows."""
    return write_xlsx(tmp_path / "messy.xlsx", {"Ledger": LEDGER, "P&L": PNL})


def test_messy_workbook_totals_to_the_cent(tmp_path: Path) -> None:
    parser = parse_file(messy_workbook(tmp_path), sheet="*")
    records = collect(parser)
    ledger = [r for r in records if r.sheet == "Ledger"]
    pnl = [r for r in records if r.sheet == "P&L"]
    assert sum(r.amount_minor for r in ledger) == units("1884.62")
    assert sum(r.amount_minor for r in pnl) == units("6590.00")
    assert [(r.row, r.date, r.amount_minor, r.currency) for r in ledger] == [
        (5, dt.date(2024, 1, 31), units("1000.10"), "USD"),
        (6, dt.date(2024, 2, 29), units("-250.05"), "USD"),
        (7, dt.date(2024, 3, 31), units("-99.99"), "EUR"),
        (9, dt.date(2024, 4, 15), units("1234.56"), "USD"),
    ]
    assert ledger[1].description == "=SUM(A1)"
    assert ledger[2].description == "<script>alert(1)</script>"
    assert ledger[0].attributes == {"Cost Centre": "CC1", "sheet": "Ledger"}
    # A dimension is kept as text, whatever the cell type, so filters match one value.
    assert ledger[1].attributes == {"Cost Centre": "7", "sheet": "Ledger"}
    report = parser.report
    assert report.error_count == 0, report.errors
    assert report.sheets == ["Ledger", "P&L"]
    assert report.wide is True
    assert SkippedRow(8, "blank row", "Ledger") in report.skipped_rows
    assert SkippedRow(10, "totals row", "Ledger") in report.skipped_rows
    assert SkippedRow(5, "totals row", "P&L") in report.skipped_rows
    assert report.column_mapping["Ledger"]["Net Amount"] == "amount"


def test_wide_sheet_becomes_one_record_per_cell(tmp_path: Path) -> None:
    parser = parse_file(messy_workbook(tmp_path), sheet="P&L", default_currency="USD")
    records = collect(parser)
    assert [(r.row, r.account, r.amount_minor) for r in records] == [
        (3, "Revenue", units("5000.00")),
        (3, "COGS", units("-2000.50")),
        (3, "Opex", units("-300.25")),
        (3, "Payroll", units("1200.00")),
        (4, "Revenue", units("5100.75")),
        (4, "COGS", units("-2100.00")),
        (4, "Opex", units("-310.00")),
    ]
    # A period column ("Jan 2024") dates its records on the period's last day.
    assert {r.date for r in records} == {dt.date(2024, 1, 31), dt.date(2024, 2, 29)}
    assert records[0].description == "ok"  # "Notes" reads as the description
    assert {r.currency for r in records} == {"USD"}
    assert parser.report.column_mapping["P&L"]["Payroll"] == "measure"


def test_list_sheets_and_unknown_sheet(tmp_path: Path) -> None:
    path = messy_workbook(tmp_path)
    assert list_sheets(path) == ["Ledger", "P&L"]
    with pytest.raises(SheetNotFoundError) as caught:
        list(parse_file(path, sheet="Nope"))
    assert caught.value.available == ["Ledger", "P&L"]


def test_ods_workbook(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "book.ods", {"Ledger": LEDGER[3:7]})
    records = collect(parse_file(path))
    assert [r.amount_minor for r in records] == [
        units("1000.10"),
        units("-250.05"),
        units("-99.99"),
    ]
    assert records[0].row == 2


BAD_CSV = """Company,Date,Account,Amount,Currency
ACME,31/12/2024,Revenue,"1,234.50",
ACME,31/13/2024,Revenue,12,
,01/12/2024,Revenue,"12,3x",
ACME,2024-12-01,,5,dollars
"""


def test_bad_rows_are_reported_with_row_column_value_message(tmp_path: Path) -> None:
    parser = parse_file(write_text(tmp_path / "bad.csv", BAD_CSV))
    assert [r.row for r in collect(parser)] == [2]
    assert parser.report.errors[0] == RowError(
        3, "Date", "31/13/2024", 'Date "31/13/2024" is not a valid date'
    )
    assert {(e.row, e.column, e.message) for e in parser.report.errors} == {
        (3, "Date", 'Date "31/13/2024" is not a valid date'),
        (4, "Amount", 'Amount "12,3x" is not a number'),
        (4, "Company", "Company is empty"),
        (5, "Account", "Account is empty"),
        (5, "Currency", 'Currency "dollars" is not a currency code'),
    }
    assert parser.report.records == 1
    assert parser.report.error_count == 3  # rows with errors, not bad cells
    assert parser.report.cell_error_count == 5


def test_header_found_under_title_rows_and_blank_lines_counted(tmp_path: Path) -> None:
    text = "Quarterly export\nACME Inc.;;\n\nTicker;Transaction Date;Line Item;Value\n\nAC1;2024-03-31;Revenue;10\n\n\nAC1;2024-03-31;Cost;-4\n"  # noqa: E501
    parser = parse_file(write_text(tmp_path / "t.csv", text))
    assert [(r.row, r.account, r.amount_minor) for r in collect(parser)] == [
        (6, "Revenue", units("10.00")),
        (9, "Cost", units("-4.00")),
    ]
    assert [s.row for s in parser.report.skipped_rows] == [5, 7, 8]
    assert parser.report.rows_read == 2  # data rows: not the titles, header or blank lines


def test_explicit_mapping_wins(tmp_path: Path) -> None:
    text = "Firm,When,Line,Sum USD,Value\nAC1,2024-01-31,Sales,10.00,999\n"
    mapping = {
        "Firm": "company_code",
        "When": "date",
        "Line": "account",
        "Sum USD": "amount",
    }
    parser = parse_file(write_text(tmp_path / "m.csv", text), mapping=mapping)
    [record] = collect(parser)
    assert (record.company_code, record.account, record.amount_minor) == (
        "AC1",
        "Sales",
        units("10.00"),
    )
    assert record.attributes == {"Value": 999}  # a second number column is a quantity


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"Firm": "company"}, 'Unknown target column "company"'),
        ({"Nope": "company_code"}, 'Mapped header "Nope" is not in the file'),
    ],
)
def test_bad_mapping(tmp_path: Path, mapping: dict[str, str], message: str) -> None:
    path = write_text(tmp_path / "m.csv", "Firm,Date,Account,Amount\nA,2024-01-01,B,1\n")
    with pytest.raises(MappingError, match=message):
        list(parse_file(path, mapping=mapping))


def test_missing_columns_error_lists_found_and_missing(tmp_path: Path) -> None:
    # "When" holds dates, so it is the date; nothing names the company: a constant is needed.
    path = write_text(tmp_path / "m.csv", "Firm,When,Account,Amount\nA,2024-01-01,B,1\n")
    with pytest.raises(MissingColumnsError) as caught:
        list(parse_file(path))
    assert caught.value.found_headers == ["Firm", "When", "Account", "Amount"]
    assert caught.value.missing == ["company"]


def test_errors_capped_but_all_counted(tmp_path: Path) -> None:
    rows = "".join(f"A,2024-01-01,R,bad{i}\n" for i in range(50))
    parser = parse_file(
        write_text(tmp_path / "e.csv", "Company,Date,Account,Amount\n" + rows),
        max_errors=10,
        batch_size=7,
    )
    assert collect(parser) == []
    assert parser.report.error_count == 50
    assert len(parser.report.errors) == 10
    assert parser.report.truncated


def test_batches_keep_row_numbers_and_progress(tmp_path: Path) -> None:
    rows = "".join(f"A,2024-01-01,R,{i}\n" for i in range(1, 101))
    seen: list[ParseProgress] = []
    parser = parse_file(
        write_text(tmp_path / "b.csv", "Title\nCompany,Date,Account,Amount\n" + rows),
        batch_size=30,
        progress=seen.append,
    )
    batches = list(parser)
    assert [len(b) for b in batches] == [30, 30, 30, 10]
    assert batches[1].columns["row"][0] == 33
    assert batches[1].columns["amount_minor"][0] == units("31")
    assert [p.records for p in seen] == [30, 60, 90, 100]


def test_amount_only_total_row_equal_to_sum_above_is_skipped(tmp_path: Path) -> None:
    text = "Company,Date,Account,Amount\nA,2024-01-01,R,10\nA,2024-01-01,R,5.50\n,,,15.50\n,,,99\n"
    parser = parse_file(write_text(tmp_path / "t.csv", text), batch_size=2)
    assert len(collect(parser)) == 2
    assert SkippedRow(4, "totals row (equals the sum above)") in parser.report.skipped_rows
    assert {e.row for e in parser.report.errors} == {5}


@pytest.mark.parametrize(
    ("dates", "order", "warning"),
    [
        (["31/12/2024", "01/02/2024"], "day-first", None),
        (["12/31/2024", "01/02/2024"], "month-first", None),
        (
            ["03/04/2024", "01/02/2024"],
            "day-first",
            "dates read as day-first; 2 dates were ambiguous (no day in the file is above 12, "
            "so 03/04/2025 may be 3 April or March 4): if the file writes the month first (a "
            "Canadian or American download), set the date order to month first (date_order: "
            "month_first)",
        ),
    ],
)
def test_date_order_decided_per_file(
    tmp_path: Path, dates: list[str], order: str, warning: str | None
) -> None:
    rows = "".join(f"A,{d},R,1\n" for d in dates)
    parser = parse_file(write_text(tmp_path / "d.csv", "Company,Date,Account,Amount\n" + rows))
    records = collect(parser)
    assert parser.report.date_order == order
    assert parser.report.warnings == ([warning] if warning else [])
    expected = dt.date(2024, 2, 1) if order == "day-first" else dt.date(2024, 1, 2)
    assert records[1].date == expected


def test_mixed_date_orders_are_error_rows(tmp_path: Path) -> None:
    rows = "A,31/12/2024,R,1\nA,12/31/2024,R,1\nA,2024-05-05,R,1\n"
    parser = parse_file(write_text(tmp_path / "d.csv", "Company,Date,Account,Amount\n" + rows))
    assert [r.row for r in collect(parser)] == [4]
    assert parser.report.date_order == "conflict"
    assert [e.row for e in parser.report.errors] == [2, 3]
