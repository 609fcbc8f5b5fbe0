"""Seventh round of real export layouts (docs/import.md, layouts 156-165): what Elara read
wrong at first sight, asked of elara.ingest directly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from elara.core.money import AMOUNT_SCALE
from elara.ingest.headers import find_header_row
from elara.ingest.numbers import (
    COMMA,
    POINT,
    ColumnEvidence,
    NumberFormat,
    decide_format,
    parse_units,
)
from elara.ingest.sniff import sniff_delimiter, sniff_encoding
from elara.ingest.suggest import suggest_settings
from elara.ingest.vocabulary import header_role
from tests.ingest.builders import write_text, write_xlsx
from tests.ingest.test_sixth_round import _read


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,23,456.78", "123456.78"),
        ("12,35,213.45", "1235213.45"),
        ("-1,00,00,000.00", "-10000000.00"),
        ("45,000.00", "45000.00"),
        ("1,23,456", "123456"),
    ],
)
def test_indian_digit_grouping_reads_as_the_number(text: str, expected: str) -> None:
    """An Indian bank writes lakh and crore groups ("1,23,456.78"): the same number, never a
    row error "is not a number" that drops the line from the upload."""
    units = parse_units(pl.Series([text]), NumberFormat(POINT)).units.to_list()
    assert units == [int(float(expected) * AMOUNT_SCALE)]


def test_indian_grouping_is_evidence_of_a_decimal_point() -> None:
    evidence = ColumnEvidence()
    evidence.add(pl.Series(["12,35,213.45", "3,49,262.72"]))
    fmt = decide_format("Debit", evidence, hint=COMMA)  # even in a ";" file
    assert fmt.decimal == POINT and fmt.warning is None


def test_indian_grouping_is_not_a_comma_decimal_shape() -> None:
    """A column read with a decimal comma does not take "1,23,456" as a number."""
    units = parse_units(pl.Series(["1,23,456"]), NumberFormat(COMMA)).units.to_list()
    assert units == [None]


def test_a_line_whose_dates_read_as_periods_is_not_the_header() -> None:
    """A bank's line has three dates ("2025-03-30" posted, traded, valued) and a currency
    code: read as two periods and names, it outranked the real header, whose Swedish names
    Elara knew one of. A line holding amounts is never the header row."""
    rows = [
        ["* Transaktionsrapport Period 2025-01-01 \u2013 2025-03-31"],
        ["Radnummer", "Clearingnummer", "Kontonummer", "Produkt", "Valuta", "Bokföringsdag",
         "Transaktionsdag", "Valutadag", "Referens", "Beskrivning", "Belopp", "Bokfört saldo"],
        ["1", "8327-9", "934123456", "Företagskonto", "SEK", "2025-03-30", "2025-03-30",
         "2025-03-30", "Kortköp", "ICA KVANTUM", "-467.86", "224534.00"],
    ]  # fmt: skip
    assert find_header_row(rows) == 1


def test_a_period_header_with_a_decimal_is_still_a_header() -> None:
    rows = [["Account", "2024.11", "2024.12"], ["Sales", "10", "12"]]
    assert find_header_row(rows) == 0


def test_swedish_polish_and_portuguese_bank_headers() -> None:
    assert str(header_role("Belopp")) == "amount"
    assert str(header_role("#Kwota")) == "amount"
    assert str(header_role("Valor")) == "amount"
    assert str(header_role("#Data operacji")) == "date"
    assert str(header_role("Valuta")) == "currency"
    assert str(header_role("Divisa")) == "currency"  # a Spanish bank's EUR on every row


def test_a_first_line_of_batch_fields_does_not_decide_the_delimiter() -> None:
    """A tax adviser's booking batch: one line of 31 ";"-separated batch fields above a table
    of 14 columns whose amounts carry a decimal comma: the table's ";" is the delimiter."""
    meta = "EXTF;700;21;Buchungsstapel;13;20250402;;RE;;;29098;55003;20250101;4" + ";" * 17
    table = ["Umsatz;S/H;Konto;Gegenkonto;Belegdatum;Buchungstext"]
    table += [f"{n}12,50;S;4930;1200;0{n}01;Bürobedarf" for n in range(1, 9)]
    assert sniff_delimiter("\n".join([meta, *table])) == ";"


def test_windows_1250_text_is_read_as_polish(tmp_path: Path) -> None:
    path = tmp_path / "operacje.csv"
    path.write_bytes(
        "#Data operacji;#Opis operacji;#Kwota;\n2025-01-03;OPŁATA ZA PROWADZENIE;-29,00;\n"
        "2025-01-04;PRZELEW ZEWNĘTRZNY;100,00;\n2025-01-05;ZAKUP PRZY UŻYCIU KARTY;-5,00;\n"
        "2025-01-06;WPŁATA W KASIE;7,00;\n".encode("cp1250")
    )
    assert sniff_encoding(path.read_bytes(), path) == "cp1250"
    sums, _, _ = _read(path)
    assert sums["OPŁATA ZA PROWADZENIE"] == Decimal("-29.00")
    assert "ZAKUP PRZY UŻYCIU KARTY" in sums


@pytest.mark.parametrize(
    "line", ["01/02/2025,Fee £5 Card,-5.00", "01/02/2025,Sœur Marie cœur œuvre,-5.00"]
)
def test_western_files_stay_windows_1252(tmp_path: Path, line: str) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes(f"Date,Description,Amount\n{line}\n".encode("cp1252"))
    assert sniff_encoding(path.read_bytes(), path) == "cp1252"


def test_brazilian_daily_balance_lines_are_not_movements(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "extrato.csv",
        '"Data","Lançamento","Detalhes","N° documento","Valor","Tipo Lançamento"\r\n'
        '"28/02/2025","Saldo Anterior","","0","1.000,00",""\r\n'
        '"03/03/2025","Pix - Recebido","03/03 09:12 Ana","1234","250,00","Entrada"\r\n'
        '"03/03/2025","Pix - Enviado","03/03 10:40 Loja","1235","-1.100,00","Saída"\r\n'
        '"03/03/2025","Saldo do dia","","0","150,00",""\r\n'
        '"04/03/2025","Pix - Recebido","04/03 11:02 Rui","1236","80,00","Entrada"\r\n'
        '"04/03/2025","Saldo do dia","","0","230,00",""\r\n'
        '"00/00/0000","S A L D O","","0","230,00",""\r\n',
    )
    sums, report, _ = _read(path)
    assert not report.errors
    assert sums == {"Pix - Recebido": Decimal("330.00"), "Pix - Enviado": Decimal("-1100.00")}


def test_a_closing_balance_footer_in_another_column_is_no_line(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "ops.csv",
        "#Data operacji;#Opis operacji;#Numer konta;#Kwota;#Saldo po operacji;\r\n"
        "2025-01-03;PRZELEW;'123;100,00;1 100,00;\r\n"
        "2025-01-04;OPŁATA;;-29,00;1 071,00;\r\n"
        "2025-01-05;PRZELEW;'124;10,00;1 081,00;\r\n"
        ";;#Saldo końcowe;1 081,00;;\r\n",
    )
    sums, report, _ = _read(path)
    assert not report.errors
    assert sums == {"PRZELEW": Decimal("110.00"), "OPŁATA": Decimal("-29.00")}


def test_columns_beside_unassigned_are_members_of_an_unnamed_dimension(tmp_path: Path) -> None:
    """A tracking category's options compared in columns, with "Unassigned" for what was not
    tracked and no title naming the category: members (of "Segment", said), never
    quantities with the Total stored as the money."""
    path = write_text(
        tmp_path / "pl.csv",
        "Profit and Loss\r\nHarbour Ltd\r\nFor the year ended 31 March 2025\r\n\r\n"
        ",North,South,Unassigned,Total\r\nSales,100.00,200.00,5.00,305.00\r\n"
        "Rent,40.00,50.00,0.00,90.00\r\n",
    )
    sums, report, roles = _read(path)
    assert roles["North"] == roles["Unassigned"] == "member" and roles["Total"] == "ignore"
    assert sums == {"Sales": Decimal("305.00"), "Rent": Decimal("90.00")}
    assert any('"Segment"' in w for w in report.warnings)


def test_debit_credit_under_a_merged_closing_balance(tmp_path: Path) -> None:
    """ "Particulars" | "Closing Balance" merged over Debit | Credit, the period a title
    "1-Apr-2024 to 31-Mar-2025": the pair's row is the header, dated 31 March 2025."""
    path = write_xlsx(
        tmp_path / "TrialBal.xlsx",
        {
            "Trial Balance": [
                ["Shree Ganesh Traders"],
                ["Trial Balance"],
                ["1-Apr-2024 to 31-Mar-2025"],
                [],
                ["Particulars", "Closing Balance", None],
                [None, "Debit", "Credit"],
                ["Capital Account", None, 500000],
                ["Current Assets", 750000, None],
                ["Sales Accounts", None, 250000],
                ["Grand Total", 750000, 750000],
            ]
        },
    )
    suggestion = suggest_settings(path)
    assert suggestion.settings.header_row == 6
    assert suggestion.settings.constants.date == dt.date(2025, 3, 31)
    sums, _, _ = _read(path)
    assert sums == {
        "Capital Account": Decimal("-500000.00"),
        "Current Assets": Decimal("750000.00"),
        "Sales Accounts": Decimal("-250000.00"),
    }
