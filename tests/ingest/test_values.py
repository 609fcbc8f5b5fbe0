"""Every supported value format, as tables; plus a property test for amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from elara.core.money import AMOUNT_SCALE, DECIMALS, MAX_AMOUNT, to_units
from elara.ingest.numbers import POINT, NumberFormat, parse_units
from elara.ingest.values import (
    DateOrder,
    ValueProblem,
    decide_date_order,
    excel_serial_to_date,
    float_to_units,
    header_currency,
    parse_amount,
    parse_currency,
    parse_date,
)
from elara.ingest.vector import parse_amounts, parse_dates

AMOUNTS = [
    ("1234.5", "1234.50", None),
    ("1,234.50", "1234.50", None),
    ("(1,234.50)", "-1234.50", None),
    ("-1 234,50", "-1234.50", None),
    ("1.234,50", "1234.50", None),
    ("1,234", "1234.00", None),
    ("1,5", "1.50", None),
    ("1.234.567,89", "1234567.89", None),
    ("$1,234.50", "1234.50", "USD"),
    ("-$12.00", "-12.00", "USD"),
    ("1 234,50 €", "1234.50", "EUR"),
    ("£7", "7.00", "GBP"),
    ("¥1,000", "1000.00", "JPY"),
    ("EUR 12.00", "12.00", "EUR"),
    ("12.00 usd", "12.00", "USD"),
    ("1234-", "-1234.00", None),
    ("100 DR", "100.00", None),
    ("100 CR", "-100.00", None),
    ("100cr", "-100.00", None),
    ("0.125", "0.125", None),
    ("-0.125", "-0.125", None),
    ("2.675", "2.675", None),
    ("1e3", "1000.00", None),
    ("  42  ", "42.00", None),
    ("1'234.50", "1234.50", None),
    ("0.0001", "0.0001", None),
    ("-1,234.5678", "-1234.5678", None),
    ("0.12345", "0.1235", None),  # more decimals than stored: rounded half up
]

BAD_AMOUNTS = [
    ("", "is empty"),
    ("   ", "is empty"),
    ("12,3x", "is not a number"),
    ("5%", "is a percentage, not an amount"),
    ("abc", "is not a number"),
    ("1,23,4.5", "is not a number"),
    ("10000000000000000", "is out of range (more than 100,000,000,000,000)"),
    ("--5", "is not a number"),
]

DATES = [
    ("2024-12-31", dt.date(2024, 12, 31)),
    ("31/12/2024", dt.date(2024, 12, 31)),
    ("31.12.2024", dt.date(2024, 12, 31)),
    ("31-12-2024", dt.date(2024, 12, 31)),
    ("2024/12/31", dt.date(2024, 12, 31)),
    ("Dec 2024", dt.date(2024, 12, 1)),
    ("December 2024", dt.date(2024, 12, 1)),
    ("2024-12", dt.date(2024, 12, 1)),
    ("31-Dec-2024", dt.date(2024, 12, 31)),
    ("31 Dec 2024", dt.date(2024, 12, 31)),
    ("Dec 31, 2024", dt.date(2024, 12, 31)),
    ("45657", dt.date(2024, 12, 31)),
    ("45657.75", dt.date(2024, 12, 31)),
    ("2024-12-31 13:45:00", dt.date(2024, 12, 31)),
    ("2024-12-31T13:45:00", dt.date(2024, 12, 31)),
    ("01/02/2024", dt.date(2024, 2, 1)),  # day-first by default
]

BAD_DATES = [
    ("31/13/2024", "is not a valid date"),
    ("2024-02-30", "is not a valid date"),
    ("Foo 2024", "is not a valid date"),
    ("yesterday", "is not a valid date"),
    ("2024", "is a year, not a date"),
    ("60", "is not a valid date (Excel's 1900-02-29 does not exist)"),
]


@pytest.mark.parametrize(("text", "amount", "currency"), AMOUNTS)
def test_amount_formats(text: str, amount: str, currency: str | None) -> None:
    assert parse_amount(text) == (to_units(Decimal(amount)), currency)


@pytest.mark.parametrize(("text", "amount", "currency"), AMOUNTS)
def test_vector_amounts_agree_with_scalar(text: str, amount: str, currency: str | None) -> None:
    parsed = parse_amounts(pl.Series([text]))
    assert parsed.values.to_list() == [to_units(Decimal(amount))]
    assert parsed.extra.get(0) == currency


@pytest.mark.parametrize(("text", "problem"), BAD_AMOUNTS)
def test_bad_amounts(text: str, problem: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_amount(text)
    assert str(caught.value) == problem


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_date_formats(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected
    assert parse_dates(pl.Series([text]), DateOrder.DAY_FIRST).values.to_list() == [expected]


@pytest.mark.parametrize(("text", "problem"), BAD_DATES)
def test_bad_dates(text: str, problem: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_date(text)
    assert str(caught.value) == problem
    assert parse_dates(pl.Series([text]), DateOrder.DAY_FIRST).problems == {0: problem}


def test_month_first_order() -> None:
    assert parse_date("12/31/2024", DateOrder.MONTH_FIRST) == dt.date(2024, 12, 31)
    parsed = parse_dates(pl.Series(["01/02/2024"]), DateOrder.MONTH_FIRST)
    assert parsed.values.to_list() == [dt.date(2024, 1, 2)]


@pytest.mark.parametrize(
    ("first_max", "second_max", "order", "ambiguous"),
    [
        (31, 12, DateOrder.DAY_FIRST, False),
        (12, 31, DateOrder.MONTH_FIRST, False),
        (31, 31, DateOrder.CONFLICT, False),
        (12, 12, DateOrder.DAY_FIRST, True),
        (0, 0, DateOrder.DAY_FIRST, False),
    ],
)
def test_decide_date_order(
    first_max: int, second_max: int, order: DateOrder, ambiguous: bool
) -> None:
    assert decide_date_order(first_max, second_max) == (order, ambiguous)


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),
        (45657, dt.date(2024, 12, 31)),
    ],
)
def test_excel_serials_with_1900_leap_bug(serial: int, expected: dt.date) -> None:
    assert excel_serial_to_date(serial) == expected


@pytest.mark.parametrize(
    ("value", "amount"),
    [(0.1 + 0.2, "0.3"), (1.005, "1.005"), (2.675, "2.675"), (-1234.565, "-1234.565")],
)
def test_excel_float_cells_are_read_as_shown(value: float, amount: str) -> None:
    assert float_to_units(value) == to_units(Decimal(amount))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("usd", "USD"),
        (" EUR ", "EUR"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("¥", "JPY"),
        ("", None),
    ],
)
def test_currency(text: str, code: str | None) -> None:
    assert parse_currency(text) == code


@pytest.mark.parametrize("text", ["US Dollar", "12", "EU", "ABC", "bad"])
def test_bad_currency(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_currency(text)


def _format(units: int, style: int) -> str:
    negative, value = units < 0, abs(units)
    whole, frac = divmod(value, AMOUNT_SCALE)
    grouped = f"{whole:,}"
    digits = f"{frac:0{DECIMALS}d}"
    variants = [
        f"{whole}.{digits}",
        f"{grouped}.{digits}",
        f"{grouped.replace(',', '.')},{digits}",
        f"{grouped.replace(',', ' ')},{digits}",
        f"${grouped}.{digits}",
        f"{grouped.replace(',', ' ')},{digits} €",
        f"EUR {whole}.{digits}",
    ]
    text = variants[style]
    if not negative:
        return text
    return [f"-{text}", f"({text})", f"{text}-", f"{text} CR"][units % 4]


LARGEST = to_units(MAX_AMOUNT) - 1


@given(
    st.integers(min_value=-LARGEST, max_value=LARGEST),
    st.integers(min_value=0, max_value=6),
)
def test_amounts_round_trip_many_formats(units: int, style: int) -> None:
    text = _format(units, style)
    assert parse_amount(text)[0] == units
    assert parse_amounts(pl.Series([text])).values.to_list() == [units]


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=DECIMALS, allow_nan=False))
def test_plain_decimal_text_is_exact(value: Decimal) -> None:
    assert parse_amount(str(value))[0] == to_units(value)


@pytest.mark.parametrize("text", ["bad0", "abc 12", "12 xyz"])
def test_three_letters_that_are_not_currencies_are_not_amounts(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("A$1,234.50", "1234.50", "AUD"),
        ("C$ 12.00", "12.00", "CAD"),
        ("NZ$3", "3", "NZD"),
        ("HK$4", "4", "HKD"),
        ("S$5", "5", "SGD"),
        ("R$ 6", "6", "BRL"),
        ("(C$4.00)", "-4.00", "CAD"),
        ("CAD $10", "10", "CAD"),  # as the header "CAD $" reads
        ("$5.00", "5.00", "USD"),  # a plain dollar sign stays the US dollar
        ("1,234元", "1234", "CNY"),
        ("人民币 7", "7", "CNY"),
        ("RMB 8", "8", "CNY"),
        ("500円", "500", "JPY"),
    ],
)
def test_a_cells_currency_mark_is_read_as_a_headers(text, amount, currency):
    """A cell's "A$" is the Australian dollar, as a header's "A$" is: the per-value parser and
    the column reader of an import read the same marks."""
    assert parse_amount(text) == (to_units(Decimal(amount)), currency)
    read = parse_units(pl.Series([text]), NumberFormat(decimal=POINT))
    assert read.units.to_list() == [to_units(Decimal(amount))]
    assert read.currency.to_list() == [currency]


def test_a_header_and_a_cell_read_one_mark_alike():
    marks = ("A$", "C$", "NZ$", "HK$", "S$", "R$", "US$", "CAD$", "CAD $")
    assert [header_currency(m) for m in marks] == [parse_amount(f"{m}1")[1] for m in marks]
