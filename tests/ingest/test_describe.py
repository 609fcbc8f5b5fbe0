"""describe_file: sheets, header row, headers and mapping, as parse_file would see them."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from elara.ingest import (
    FileDescription,
    MappingError,
    MissingColumnsError,
    SheetNotFoundError,
    TableDescription,
    UnsafeFileError,
    UnsupportedFileError,
    describe_file,
    parse_file,
)

from .builders import write_ods, write_text, write_xlsx
from .test_pipeline import LEDGER, PNL

GERMAN = "Wer,Datum,Konto,Betrag\nACME,2024-01-31,Revenue,10.00\n"


def _book(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "book.xlsx", {"Ledger": LEDGER, "P&L": PNL})


def test_csv_with_title_rows(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "a.csv", "My report\n\nWer,Date,Account,Amount\nA,2024-01-01,R,1\n"
    )
    description = describe_file(path)
    assert isinstance(description, FileDescription)
    assert description.file_kind == "text" and description.sheets == []
    [table] = description.tables
    assert table == TableDescription(
        sheet=None,
        header_row=3,
        headers=["Wer", "Date", "Account", "Amount"],
        mapping={"Wer": "dimension", "Date": "date", "Account": "account", "Amount": "amount"},
        missing=["company"],  # a constant the user gives (nothing names the company)
        wide=False,
    )


def test_missing_columns_raise_only_when_strict(tmp_path: Path) -> None:
    path = write_text(tmp_path / "de.csv", GERMAN)
    [table] = describe_file(path).tables
    # German headers are known (Datum, Konto, Betrag); nothing names the company.
    assert table.missing == ["company"]
    assert table.mapping["Datum"] == "date" and table.mapping["Betrag"] == "amount"
    assert table.header_row == 1
    with pytest.raises(MissingColumnsError) as caught:
        describe_file(path, strict=True)
    assert caught.value.found_headers == ["Wer", "Datum", "Konto", "Betrag"]


def test_explicit_mapping(tmp_path: Path) -> None:
    path = write_text(tmp_path / "de.csv", GERMAN)
    mapping = {"Wer": "company_code", "Datum": "date", "Konto": "account", "Betrag": "amount"}
    [table] = describe_file(path, mapping=mapping, strict=True).tables
    assert table.mapping == {
        "Wer": "company",
        "Datum": "date",
        "Konto": "account",
        "Betrag": "amount",
    }
    assert table.missing == [] and not table.wide
    with pytest.raises(MappingError, match="Nope"):
        describe_file(path, mapping={"Nope": "amount"})


def test_workbook_sheets_and_selection(tmp_path: Path) -> None:
    path = _book(tmp_path)
    first = describe_file(path)
    assert first.file_kind == "xlsx" and first.sheets == ["Ledger", "P&L"]
    [ledger] = first.tables
    assert ledger.sheet == "Ledger" and ledger.header_row == 4
    assert ledger.mapping["Net Amount"] == "amount" and "Cost Centre" in ledger.headers
    every = describe_file(path, sheet="*")
    assert [t.sheet for t in every.tables] == ["Ledger", "P&L"]
    [pnl] = describe_file(path, sheet="P&L").tables
    assert pnl.wide and pnl.header_row == 2
    assert {h for h, target in pnl.mapping.items() if target == "measure"} == {
        "Revenue",
        "COGS",
        "Opex",
        "Payroll",
    }
    with pytest.raises(SheetNotFoundError):
        describe_file(path, sheet="Nope")


def test_agrees_with_parse_file(tmp_path: Path) -> None:
    path = _book(tmp_path)
    parser = parse_file(path, sheet="*")
    for _ in parser:
        pass
    description = describe_file(path, sheet="*", strict=True)
    assert {t.sheet or "": t.mapping for t in description.tables} == parser.report.column_mapping
    assert any(t.wide for t in description.tables) == parser.report.wide
    assert description.file_kind == parser.report.file_kind


def test_blank_and_duplicate_headers(tmp_path: Path) -> None:
    rows = [["Company", "Date", "Account", "Amount", None, "Amount"], ["A", "2024-01-01", "R", 1]]
    path = write_ods(tmp_path / "d.ods", {"S": rows})
    description = describe_file(path)
    assert description.file_kind == "ods" and description.sheets == ["S"]
    assert description.tables[0].headers == [
        "Company",
        "Date",
        "Account",
        "Amount",
        "Column 5",
        "Amount (2)",
    ]


def test_whole_file_problems_raise(tmp_path: Path) -> None:
    png = tmp_path / "x.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(UnsupportedFileError):
        describe_file(png)
    prolog = '<!DOCTYPE lol [<!ENTITY lol "lol">]>'
    with pytest.raises(UnsafeFileError):
        describe_file(write_ods(tmp_path / "lol.ods", {"S": [["Company"]]}, prolog=prolog))


def test_transcoded_copy_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    text = "Company,Date,Account,Amount,Memo\nACME,2024-01-01,R,1,Café\n"
    path = write_text(tmp_path / "latin.csv", text, encoding="cp1252")
    [table] = describe_file(path).tables
    assert table.mapping["Memo"] == "description"
    assert list(temp.iterdir()) == []
