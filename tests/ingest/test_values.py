"""Every supported value format, as tables; plus a property test for amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from elara.ingest.values import (
    DateOrder,
    ValueProblem,
    decide_date_order,
    excel_serial_to_date,
    float_to_cents,
    parse_amount,
    parse_currency,
    parse_date,
)
from elara.ingest.vector import parse_amounts, parse_dates

AMOUNTS = [
    ("1234.5", 123450, None),
    ("1,234.50", 123450, None),
    ("(1,234.50)", -123450, None),
    ("-1 234,50", -123450, None),
    ("1.234,50", 123450, None),
    ("1,234", 123400, None),
    ("1,5", 150, None),
    ("1.234.567,89", 123456789, None),
    ("$1,234.50", 123450, "USD"),
    ("-$12.00", -1200, "USD"),
    ("1 234,50 €", 123450, "EUR"),
    ("£7", 700, "GBP"),
    ("¥1,000", 100000, "JPY"),
    ("EUR 12.00", 1200, "EUR"),
    ("12.00 usd", 1200, "USD"),
    ("1234-", -123400, None),
    ("100 DR", 10000, None),
    ("100 CR", -10000, None),
    ("100cr", -10000, None),
    ("0.125", 13, None),
    ("-0.125", -13, None),
    ("2.675", 268, None),
    ("1e3", 100000, None),
    ("  42  ", 4200, None),
    ("1'234.50", 123450, None),
]

BAD_AMOUNTS = [
    ("", "is empty"),
    ("   ", "is empty"),
    ("12,3x", "is not a number"),
    ("5%", "is a percentage, not an amount"),
    ("abc", "is not a number"),
    ("1,23,4.5", "is not a number"),
    ("10000000000000000", "is out of range (more than 10^15)"),
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


@pytest.mark.parametrize(("text", "cents", "currency"), AMOUNTS)
def test_amount_formats(text: str, cents: int, currency: str | None) -> None:
    assert parse_amount(text) == (cents, currency)


@pytest.mark.parametrize(("text", "cents", "currency"), AMOUNTS)
def test_vector_amounts_agree_with_scalar(text: str, cents: int, currency: str | None) -> None:
    parsed = parse_amounts(pl.Series([text]))
    assert parsed.values.to_list() == [cents]
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
    ("value", "cents"),
    [(0.1 + 0.2, 30), (1.005, 101), (2.675, 268), (-1234.565, -123457)],
)
def test_excel_float_cells_round_half_up(value: float, cents: int) -> None:
    assert float_to_cents(value) == cents


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


def _format(cents: int, style: int) -> str:
    negative, value = cents < 0, abs(cents)
    whole, frac = divmod(value, 100)
    grouped = f"{whole:,}"
    variants = [
        f"{whole}.{frac:02d}",
        f"{grouped}.{frac:02d}",
        f"{grouped.replace(',', '.')},{frac:02d}",
        f"{grouped.replace(',', ' ')},{frac:02d}",
        f"${grouped}.{frac:02d}",
        f"{grouped.replace(',', ' ')},{frac:02d} €",
        f"EUR {whole}.{frac:02d}",
    ]
    text = variants[style]
    if not negative:
        return text
    return [f"-{text}", f"({text})", f"{text}-", f"{text} CR"][cents % 4]


@given(
    st.integers(min_value=-(10**17), max_value=10**17),
    st.integers(min_value=0, max_value=6),
)
def test_amounts_round_trip_many_formats(cents: int, style: int) -> None:
    text = _format(cents, style)
    assert parse_amount(text)[0] == cents
    assert parse_amounts(pl.Series([text])).values.to_list() == [cents]


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_plain_decimal_text_is_exact(value: Decimal) -> None:
    assert parse_amount(str(value))[0] == int(value * 100)


@pytest.mark.parametrize("text", ["bad0", "abc 12", "12 xyz"])
def test_three_letters_that_are_not_currencies_are_not_amounts(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_amount(text)
