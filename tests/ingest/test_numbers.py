"""Number formats decided once per column; values read exactly as stored units."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from elara.core.money import AMOUNT_SCALE, DECIMALS, to_decimal
from elara.ingest import ImportSettings, parse_file, preview_file
from elara.ingest.numbers import (
    COMMA,
    POINT,
    ColumnEvidence,
    NumberFormat,
    decide_format,
    parse_units,
)

from .builders import write_text


def _units(texts: list[str | None], decimal: str) -> list[int | None]:
    return parse_units(pl.Series(texts, dtype=pl.String), NumberFormat(decimal)).units.to_list()


def _scaled(value: str) -> int:
    return int(Decimal(value) * AMOUNT_SCALE)


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("1.234,56", COMMA, "1234.56"),
        ("1,234.56", POINT, "1234.56"),
        ("1 234,56", COMMA, "1234.56"),
        ("1\u00a0234,56", COMMA, "1234.56"),
        ("1'234.56", POINT, "1234.56"),
        ("(1,234.50)", POINT, "-1234.50"),
        ("1,234.50-", POINT, "-1234.50"),
        ("-1.234,50", COMMA, "-1234.50"),
        ("\u22121.5", POINT, "-1.5"),
        ("$1,234.56", POINT, "1234.56"),
        ("-$49.54", POINT, "-49.54"),
        ("€ 5,5", COMMA, "5.5"),
        ("12 EUR", POINT, "12"),
        ("22,368", COMMA, "22.368"),
        ("22,368", POINT, "22368"),
        ("5 CR", POINT, "-5"),
        ("-", POINT, "0"),
        ("1234567.89", POINT, "1234567.89"),
    ],
)
def test_value_read_with_the_column_format(text: str, decimal: str, expected: str) -> None:
    if len(expected.partition(".")[2]) > DECIMALS:
        pytest.skip("more decimals than stored at this scale")
    assert _units([text], decimal) == [_scaled(expected)]


@pytest.mark.parametrize(
    ("texts", "decimal", "warned"),
    [
        (["261,96", "22,368", "1.234,5"], COMMA, False),  # 261,96 shows the decimal comma
        (["1,234.56", "22,368"], POINT, False),
        (["1.234.567", "12"], COMMA, False),  # two dots: thousands dots
        (["1,234,567", "12"], POINT, False),
        (["22,368", "1,500"], POINT, True),  # could be either: warned, comma = thousands
        (["0,5", "2,5", "1.5"], COMMA, True),  # mixed: decided once (majority), warned
    ],
)
def test_format_decided_per_column(texts: list[str], decimal: str, warned: bool) -> None:
    evidence = ColumnEvidence()
    evidence.add(pl.Series(texts))
    fmt = decide_format("Amount", evidence, hint=POINT)
    assert fmt.decimal == decimal
    assert (fmt.warning is not None) is warned


def test_ambiguous_column_follows_the_semicolon_delimiter() -> None:
    evidence = ColumnEvidence()
    evidence.add(pl.Series(["22,368"]))
    fmt = decide_format("Sales", evidence, hint=COMMA)
    assert fmt.decimal == COMMA and fmt.warning and "22,368" in fmt.warning


def test_never_mixed_other_form_is_a_row_error(tmp_path: Path) -> None:
    text = "Company;Date;Account;Amount\nA;2024-01-31;R;261,96\nA;2024-01-31;R;1,234.50\n"
    text += "A;2024-01-31;R;22,368\nA;2024-01-31;R;1.234,50\n"
    parser = parse_file(write_text(tmp_path / "m.csv", text))
    records = [r for b in parser for r in b.records]
    assert [r.row for r in records] == [2, 4, 5]
    assert [e.row for e in parser.report.errors] == [3]
    assert any("mixes decimal commas" in w for w in parser.report.warnings)
    assert parser.report.number_formats == {"Amount": "1.234,56"}


def test_european_csv_column_of_decimal_commas_reads_22_368_as_decimals(tmp_path: Path) -> None:
    """The Superstore case: 22,368 beside 261,96 is 22.368, not twenty-two thousand."""
    text = "Order Date;Sales;Profit\n08/11/2016;261,96;41,91\n08/11/2016;22,368;2,52\n"
    settings = ImportSettings.model_validate({"constants": {"company": "Superstore"}})
    preview = preview_file(write_text(tmp_path / "eu.csv", text), settings)
    expected = Decimal("261.96") + Decimal("22.368")
    if DECIMALS < 3:
        assert any("more decimals than are stored" in w for w in preview.warnings)
        expected = expected.quantize(Decimal(1).scaleb(-DECIMALS), rounding="ROUND_HALF_UP")
    assert preview.by_account["Sales"] == expected
    assert preview.number_formats["Sales"] == "1.234,56"


def test_more_decimals_than_stored_is_a_warning_never_silent(tmp_path: Path) -> None:
    value = "1." + "1" * (DECIMALS + 1)
    text = f"Company,Date,Account,Amount\nA,2024-01-31,R,{value}\nA,2024-01-31,R,2\n"
    parser = parse_file(write_text(tmp_path / "d.csv", text))
    records = [r for b in parser for r in b.records]
    assert to_decimal(records[0].amount_minor) == Decimal(value).quantize(
        Decimal(1).scaleb(-DECIMALS), rounding="ROUND_HALF_UP"
    )
    assert any(w.startswith("Row 2: Amount") for w in parser.report.warnings)


def test_float_noise_of_a_workbook_is_not_a_rounding() -> None:
    assert _units(["3.3000000000000003"], POINT) == [_scaled("3.3")]


def test_out_of_range_and_text_are_row_problems() -> None:
    parsed = parse_units(pl.Series(["1" * 19, "abc", "12%"]), NumberFormat(POINT))
    assert parsed.units.to_list() == [None, None, None]
    assert set(parsed.problems) == {0, 1, 2}
    assert parsed.problems[2] == "is a percentage, not an amount"
