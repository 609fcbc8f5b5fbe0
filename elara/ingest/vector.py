"""Column-at-a-time parsing with polars; only values the fast path cannot read go
through the per-value Python parsers in ``values``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from elara.core import money
from elara.ingest.values import (
    ISO_4217,
    DateOrder,
    ValueProblem,
    parse_amount,
    parse_currency,
    parse_date,
)

# At most 14 whole digits: below money.MAX_AMOUNT, so whole * AMOUNT_SCALE fits in Int64.
_PLAIN_AMOUNT = rf"^-?\d{{1,14}}(\.\d{{1,{money.DECIMALS}}})?$"
_GROUPED_AMOUNT = rf"^-?\d{{1,3}}(,\d{{3}}){{1,4}}(\.\d{{1,{money.DECIMALS}}})?$"
_ISO_DATE = r"^\d{4}-\d{1,2}-\d{1,2}$"
_NUMERIC_DATE = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"
_NUMERIC_DATE_ANY_YEAR = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](?:\d{4}|\d{2})$"
_SERIAL = r"^\d{5}(\.\d+)?$"
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ISO_CODES = sorted(ISO_4217)


@dataclass
class ParsedColumn:
    """Parsed values (null where bad or blank) and problems by position."""

    values: pl.Series
    problems: dict[int, str] = field(default_factory=dict)
    extra: dict[int, Any] = field(default_factory=dict)


def _slow_path(
    texts: pl.Series,
    parsed: pl.Series,
    parse: Callable[[str], Any],
    dtype: pl.DataType,
) -> ParsedColumn:
    """Run the Python parser on values the fast path left null; collect problems."""
    todo = (parsed.is_null() & texts.is_not_null()).arg_true().to_list()
    if not todo:
        return ParsedColumn(parsed)
    values = parsed.to_list()
    result = ParsedColumn(parsed)
    for index in todo:
        try:
            value = parse(texts[index])
        except ValueProblem as problem:
            result.problems[index] = str(problem)
            continue
        if isinstance(value, tuple):
            value, result.extra[index] = value
        values[index] = value
    result.values = pl.Series(parsed.name, values, dtype=dtype)
    return result


def parse_amounts(texts: pl.Series) -> ParsedColumn:
    """Amount texts → Int64 stored units; currency found inside a value goes to ``extra``."""
    s = texts.str.strip_chars()
    grouped = s.str.contains(_GROUPED_AMOUNT)
    s = pl.select(
        pl.when(grouped).then(s.str.replace_all(",", "", literal=True)).otherwise(s)
    ).to_series()
    plain = s.str.contains(_PLAIN_AMOUNT)
    parts = s.str.strip_prefix("-").str.split_exact(".", 1).struct.unnest()
    whole = parts["field_0"].cast(pl.Int64, strict=False)
    frac = parts["field_1"].fill_null("").str.pad_end(money.DECIMALS, "0")
    units = whole * money.AMOUNT_SCALE + frac.cast(pl.Int64, strict=False)
    units = pl.select(
        pl.when(plain)
        .then(pl.when(s.str.starts_with("-")).then(-units).otherwise(units))
        .otherwise(None)
    ).to_series()
    return _slow_path(texts, units.alias("amount_minor"), parse_amount, pl.Int64())


def _serial_dates(s: pl.Series) -> pl.Series:
    days = s.cast(pl.Float64, strict=False).floor().cast(pl.Int64, strict=False)
    # Only serials a spreadsheet can hold; anything else must not overflow the date math.
    days = pl.select(pl.when(days.is_between(1, 2_958_465)).then(days)).to_series()
    return pl.select(pl.lit(_EXCEL_EPOCH) + pl.duration(days=pl.lit(days))).to_series()


def parse_dates(texts: pl.Series, order: DateOrder) -> ParsedColumn:
    """Date texts → pl.Date using ISO, dd/mm/yyyy (per-file order) and serial fast paths."""
    s = texts.str.strip_chars()
    iso = s.str.contains(_ISO_DATE)
    if iso.all():  # the usual workbook case: skip the other forms' work
        parsed = s.str.to_date("%Y-%m-%d", strict=False).alias("date")
        return _slow_path(texts, parsed, lambda t: parse_date(t, order), pl.Date())
    dashed = s.str.replace_all(r"[./]", "-")
    numeric_format = "%m-%d-%Y" if order is DateOrder.MONTH_FIRST else "%d-%m-%Y"
    numeric_ok = s.str.contains(_NUMERIC_DATE) & pl.lit(order is not DateOrder.CONFLICT)
    parsed = pl.select(
        pl.when(iso)
        .then(s.str.to_date("%Y-%m-%d", strict=False))
        .when(numeric_ok)
        .then(dashed.str.to_date(numeric_format, strict=False))
        .when(s.str.contains(_SERIAL))
        .then(_serial_dates(s))
        .otherwise(None)
        .alias("date")
    ).to_series()
    return _slow_path(texts, parsed, lambda t: parse_date(t, order), pl.Date())


def parse_currencies(texts: pl.Series) -> ParsedColumn:
    """Currency texts → upper-case ISO codes (symbols mapped); blank → null."""
    s = texts.str.strip_chars().str.to_uppercase()
    fast = pl.select(pl.when(s.is_in(_ISO_CODES)).then(s).otherwise(None)).to_series()
    return _slow_path(texts, fast.alias("currency"), parse_currency, pl.String())


def text_problems(
    texts: pl.Series, *, max_len: int, required: bool
) -> tuple[pl.Series, dict[int, str]]:
    """Stripped text (blank → null) and 'is empty'/'is longer than' problems."""
    s = texts.str.strip_chars()
    s = pl.select(pl.when(s == "").then(None).otherwise(s)).to_series()
    problems: dict[int, str] = {}
    if required:
        for index in s.is_null().arg_true().to_list():
            problems[index] = "is empty"
    too_long = (s.str.len_chars() > max_len).fill_null(False)
    for index in too_long.arg_true().to_list():
        problems[index] = f"is longer than {max_len} characters"
    return s, problems


@dataclass
class DateOrderScan:
    """Running maxima of the first and second parts of numeric dates in a column."""

    first_max: int = 0
    second_max: int = 0
    ambiguous: int = 0

    def add(self, texts: pl.Series) -> None:
        """Fold one batch of date texts into the scan.

        Each distinct text is read once, weighted by how often it occurs: a ledger's dates
        repeat (a few thousand days for a million rows), and this scan runs over the whole
        file before the first row can be stored.
        """
        counts = texts.rename("text").value_counts(name="n")
        distinct = counts["text"]
        if distinct.str.contains(_ISO_DATE).all():  # e.g. date cells: no numeric forms
            return
        parts = distinct.str.strip_chars().str.extract_groups(_NUMERIC_DATE_ANY_YEAR)
        first = parts.struct.field("1").cast(pl.Int64, strict=False)
        second = parts.struct.field("2").cast(pl.Int64, strict=False)
        # Only values valid in exactly one order are evidence; 31/13 is just wrong.
        day_first = first.filter((first <= 31) & (second <= 12))
        month_first = second.filter((second <= 31) & (first <= 12))
        self.first_max = max(self.first_max, _int_max(day_first))
        self.second_max = max(self.second_max, _int_max(month_first))
        both_small = ((first <= 12) & (second <= 12) & (first != second)).fill_null(False)
        self.ambiguous += int(counts["n"].filter(both_small).sum() or 0)


def _int_max(s: pl.Series) -> int:
    """Largest value of an integer column, 0 when it has none."""
    value = s.max()
    return value if isinstance(value, int) else 0
