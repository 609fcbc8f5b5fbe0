"""Money columns: the number format decided once per column, values read as exact units.

A column's decimal separator is decided from all its values (``FormatScan``), with the file's
delimiter as the tie-breaker, and every value of the column is then read with that one format
(``parse_units``): a value written the other way is a row error, never a silent reinterpretation.
Amounts become integers of 1/AMOUNT_SCALE (``elara.core.money``); a value with more decimals
than that is rounded half up *and* reported, never rounded silently.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import polars as pl

from elara.core.money import AMOUNT_SCALE, DECIMALS
from elara.ingest.headers import cell_text
from elara.ingest.values import (
    CURRENCY_MARK,
    ISO_4217,
    SYMBOLS,
    ValueProblem,
    float_to_units,
    mark_currency,
)

POINT = "point"
COMMA = "comma"
# Stored units must leave room for sums in a signed 64-bit column.
MAX_WHOLE_DIGITS = 18 - DECIMALS - 1
SIGNIFICANT = 15  # what a spreadsheet keeps of a float; further digits are binary noise

_NOISE = r"[\s'\u00a0\u202f$€£¥₹()+\-\u2212]"
# Evidence on a value's digits and separators only (spaces, signs, symbols removed).
_COMMA_DECIMAL = (
    r"^\d{1,3}(\.\d{3})+,\d+$|^\d+,(\d{1,2}|\d{4,})$|^\d{4,},\d+$|^0,\d+$|^\d{1,3}(\.\d{3}){2,}$"
)
_POINT_DECIMAL = (
    r"^\d{1,3}(,\d{3})+\.\d+$|^\d+\.(\d{1,2}|\d{4,})$|^\d{4,}\.\d+$|^0\.\d+$|^\d{1,3}(,\d{3}){2,}$"
    r"|^\d{1,2}(,\d\d)+,\d{3}(\.\d+)?$"  # Indian grouping: 1,23,456.78 (lakh, crore)
)
# Indian digit grouping, three digits then twos ("12,35,213.45"): a decimal point's grouping.
_INDIAN = r"|^\d{1,2}(,\d\d)+,\d{3}(\.\d+)?$"
_AMBIGUOUS = r"^[1-9]\d{0,2}[.,]\d{3}$"
_GROUPS = {POINT: "[,' \u00a0\u202f]", COMMA: "[.' \u00a0\u202f]"}
_MARK = {POINT: ".", COMMA: ","}
_SYMBOL_RE = f"[{SYMBOLS}]|人民币|\\bRMB\\b|元|円"
_ISO = sorted(ISO_4217)
# A figure not reported ("N.A.", "n/a", "NA", "not available"): no value, as an empty cell.
NOT_AVAILABLE = r"(?i)^(?:n\.?\s?/?\s?a\.?|not\s+available)$"
_EXPONENT = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$")


@dataclass
class ColumnEvidence:
    """Counts of values that show a decimal comma, a decimal point, or either."""

    comma: int = 0
    point: int = 0
    ambiguous: int = 0
    example_comma: str | None = None
    example_point: str | None = None
    example_ambiguous: str | None = None
    ambiguous_comma: int = 0  # of the ambiguous values, those written "12,500" (not "12.500")
    dollars: int = 0  # values showing "$" (not a real's "R$")

    def add(self, texts: pl.Series) -> None:
        """Fold one batch of a column's texts into the counts."""
        core = texts.str.replace_all(_NOISE, "").str.replace_all(r"(?i)[a-z]", "")
        ambiguous = core.str.contains(_AMBIGUOUS).fill_null(False)
        self.ambiguous_comma += int((ambiguous & core.str.contains(",", literal=True)).sum() or 0)
        self.dollars += int(texts.str.contains(r"(?:^|[^Rr])\$").fill_null(False).sum() or 0)
        for name, pattern in (
            ("comma", _COMMA_DECIMAL),
            ("point", _POINT_DECIMAL),
            ("ambiguous", _AMBIGUOUS),
        ):
            hits = core.str.contains(pattern).fill_null(False)
            count = int(hits.sum() or 0)
            if count:
                setattr(self, name, getattr(self, name) + count)
                if getattr(self, f"example_{name}") is None:
                    setattr(self, f"example_{name}", texts.filter(hits)[0])


@dataclass
class NumberFormat:
    """The decision for one column: decimal separator, and why (for the preview)."""

    decimal: str = POINT
    warning: str | None = None
    # Values like "12,500" read as thousands because the file's other evidence says so: the
    # reasons (said once in the preview's number-format note, see `thousands_note`).
    reasons: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How the column's numbers look, e.g. '1,234.56' or '1.234,56'."""
        return "1.234,56" if self.decimal == COMMA else "1,234.56"


# Headers an English-language export uses for its money and its lines: a file headed so
# writes "12,500" for twelve thousand five hundred.
ENGLISH_HEADERS = frozenset(
    {
        "amount", "balance", "debit", "credit", "description", "payee", "memo", "withdrawal",
        "withdrawals", "deposit", "deposits", "transaction date", "posting date", "post date",
        "net amount", "gross", "total", "paid out", "paid in", "money in", "money out",
        "running balance", "check number", "reference",
    }
)  # fmt: skip


@dataclass(frozen=True)
class FileEvidence:
    """What the rest of a file says about its numbers' separators (beside one column)."""

    decided: tuple[str, ...] = ()  # the separators the file's other money columns show
    delimiter: str | None = None  # a text file's delimiter
    month_first: bool = False  # a date column read month-first, shown by a day over 12
    english: bool = False  # the headers use an English export's words

    def reasons(self, evidence: ColumnEvidence) -> tuple[str | None, tuple[str, ...]]:
        """The decimal separator the evidence gives the column's ambiguous values, with its
        reasons; (None, ()) when evidence is absent or points both ways.

        Values written "12,500" read as thousands (a decimal point) when the file is
        comma-delimited (such values are quoted), shows "$", dates month-first, other
        columns with a decimal point, or English headers, and nothing says otherwise (a
        column with a decimal comma, a ";" delimiter). Values written "1.234" read as
        thousands (a decimal comma) when the delimiter is ";" or other columns show a
        decimal comma, and nothing says otherwise."""
        e = evidence
        point = [
            *(["other columns show a decimal point"] if POINT in self.decided else []),
            *(['the amounts show "$"'] if e.dollars else []),
            *(["the dates are month-first"] if self.month_first else []),
            *(["the headers are English"] if self.english else []),
        ]
        comma = [
            *(["other columns show a decimal comma"] if COMMA in self.decided else []),
            *(['the file is ";"-delimited'] if self.delimiter == ";" else []),
        ]
        if e.ambiguous and e.ambiguous_comma == e.ambiguous:  # every one "12,500"
            if self.delimiter == ",":
                point.insert(0, "the file is comma-delimited with those values quoted")
            if point and not comma:
                return POINT, tuple(point)
        elif e.ambiguous and not e.ambiguous_comma:  # every one "1.234"
            if self.delimiter == ",":
                point.insert(0, "the file is comma-delimited")
            if comma and not point:
                return COMMA, tuple(comma)
        return None, ()


def thousands_note(found: dict[str, NumberFormat]) -> str | None:
    """The preview's one number-format note for the columns whose "12,500" the file's other
    evidence read as thousands (header -> format), None when there are none."""
    decided = {h: f for h, f in found.items() if f.reasons}
    if not decided:
        return None
    shown = ", ".join(f'"{h}"' for h in decided)
    marks = {f.decimal for f in decided.values()}
    written = '"12,500"' if marks == {POINT} else '"1.234"' if marks == {COMMA} else "those"
    reasons = list(dict.fromkeys(r for f in decided.values() for r in f.reasons))
    meaning = {POINT: " (12,500 is 12500.00, not 12.50)", COMMA: " (1.234 is 1234.00, not 1.234)"}
    return (
        f"Values like {written} in {shown} are read with thousands separators"
        f"{meaning[marks.pop()] if len(marks) == 1 else ''}: {'; '.join(reasons)}."
    )


def decide_format(
    header: str, evidence: ColumnEvidence, *, hint: str, file: FileEvidence | None = None
) -> NumberFormat:
    """One format for the column; mixed or ambiguous evidence comes with a warning, unless
    the file's other evidence (``file``) reads its ambiguous values one way only."""
    e = evidence
    if e.comma and e.point:
        decimal = COMMA if e.comma > e.point else POINT
        other = e.example_point if decimal == COMMA else e.example_comma
        return NumberFormat(
            decimal,
            f'Column "{header}" mixes decimal commas ({e.comma} values like "{e.example_comma}")'
            f' and decimal points ({e.point} like "{e.example_point}"); read with a decimal '
            f'{"comma" if decimal == COMMA else "point"}, so values like "{other}" are row errors',
        )
    if e.comma:
        return NumberFormat(COMMA)
    if e.point:
        return NumberFormat(POINT)
    if e.ambiguous and file is not None:
        read, reasons = file.reasons(e)
        if read is not None:
            return NumberFormat(read, None, reasons)
    if e.ambiguous:
        how = "a decimal comma" if hint == COMMA else "thousands separators"
        return NumberFormat(
            hint,
            f'Column "{header}" has values like "{e.example_ambiguous}" that could be read '
            f"either way; read with {how}. Change the column's decimal separator if that "
            "is wrong",
        )
    return NumberFormat(hint)


def file_hint(decided: list[str], delimiter: str | None) -> str:
    """The separator ambiguous columns follow: the file's other columns, else its delimiter."""
    if decided:
        return COMMA if decided.count(COMMA) > decided.count(POINT) else POINT
    return COMMA if delimiter == ";" else POINT


@dataclass
class ParsedUnits:
    """Stored units per value (null: blank or bad), problems and notes by position."""

    units: pl.Series
    problems: dict[int, str] = field(default_factory=dict)
    currency: pl.Series | None = None
    rounded: dict[int, str] = field(default_factory=dict)  # position -> stored value


def currencies_shown(texts: pl.Series) -> tuple[set[str], int]:
    """The currencies the cells show by a symbol or code ("$79,456.92", "EUR 12.00"), and
    how many cells with a number show none."""
    cells = texts.drop_nulls()
    cells = cells.filter(cells.str.contains(r"\d"))
    code, _ = _currency_of(cells)
    return {str(c) for c in code.drop_nulls().unique().to_list()}, int(code.is_null().sum())


def _currency_of(s: pl.Series) -> tuple[pl.Series, pl.Series]:
    """A currency symbol or ISO code around the number: (code or null, text without it)."""
    marks = s.str.extract_groups(CURRENCY_MARK).struct.unnest()
    letters = marks[marks.columns[0]]
    symbol = pl.select(pl.coalesce(marks[marks.columns[1]], marks[marks.columns[2]])).to_series()
    key = letters.fill_null("") + " " + symbol
    found = {
        k: mark_currency(k.split(" ")[0] or None, k.split(" ")[1])
        for k in key.drop_nulls().unique()
    }
    by_mark = key.replace_strict(found, default=None, return_dtype=pl.String)
    # letters that name no currency ("XY$"): the symbol alone decides, the letters stay
    lettered = by_mark.is_not_null() & letters.is_not_null()
    alone = symbol.replace_strict(
        {k: mark_currency(None, k) for k in symbol.drop_nulls().unique()},
        default=None,
        return_dtype=pl.String,
    )
    code_front = s.str.extract(rf"^([A-Za-z]{{3}})[\s\d(\-+\u2212{SYMBOLS}]", 1).str.to_uppercase()
    code_back = s.str.extract(r"[\s\d)\-]([A-Za-z]{3})$", 1).str.to_uppercase()
    frame = pl.DataFrame({"mark": by_mark, "alone": alone, "front": code_front, "back": code_back})
    code = frame.select(
        pl.coalesce(
            pl.col("mark"),
            pl.col("alone"),
            pl.when(pl.col("front").is_in(_ISO)).then(pl.col("front")),
            pl.when(pl.col("back").is_in(_ISO)).then(pl.col("back")),
        )
    ).to_series()
    strip = f"{_SYMBOL_RE}|^[A-Za-z]{{3}}|[A-Za-z]{{3}}$"
    rest = pl.select(
        pl.when(lettered)
        .then(s.str.replace_all(CURRENCY_MARK, "").str.replace_all(strip, ""))
        .when(code.is_not_null())
        .then(s.str.replace_all(strip, ""))
        .otherwise(s)
    ).to_series()
    return code, rest.str.strip_chars()


def _sign(s: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Accounting signs removed: (negative?, bare number text)."""
    cr = s.str.contains(r"(?i)\s*cr$")
    dr = s.str.contains(r"(?i)\s*dr$")
    s = s.str.replace(r"(?i)\s*[cd]r$", "").str.strip_chars()
    paren = s.str.starts_with("(") & s.str.ends_with(")")
    s = pl.select(
        pl.when(paren).then(s.str.slice(1, s.str.len_chars() - 2)).otherwise(s)
    ).to_series()
    s = s.str.strip_chars()
    lead = s.str.contains(r"^[-\u2212]")
    trail = s.str.contains(r"[-\u2212]$")
    s = s.str.replace(r"^[-+\u2212]\s*", "").str.replace(r"\s*[-+\u2212]$", "")
    negative = (paren.fill_null(False) ^ lead.fill_null(False) ^ trail.fill_null(False)) ^ (
        cr.fill_null(False)
    )
    del dr
    return negative, s.str.strip_chars()


def _decorations(s: pl.Series) -> tuple[pl.Series, pl.Series, pl.Series]:
    """(currency code, negative?, bare number) — the costly regex work only on the values
    that carry more than digits, separators and a minus sign."""
    fancy = s.str.contains(r"[^0-9.,\-]").fill_null(False)
    negative = (s.str.starts_with("-") | s.str.ends_with("-")).fill_null(False)
    body = s.str.strip_chars("-")
    code = pl.Series("code", [None] * s.len(), dtype=pl.String)
    if not fancy.any():
        return code, negative, body
    where = fancy.arg_true()
    sub_code, sub_body = _currency_of(s.gather(where))
    sub_negative, sub_body = _sign(sub_body)
    return (
        code.scatter(where, sub_code),
        negative.scatter(where, sub_negative),
        body.scatter(where, sub_body),
    )


def parse_units(texts: pl.Series, fmt: NumberFormat, *, multiplier: int = 1) -> ParsedUnits:
    """Amount texts → Int64 stored units, read with the column's one number format.

    ``multiplier`` (1, 1000 or 1000000: the file's "in thousands") scales every value
    exactly: the decimal point moves, so 1.23456 thousands is 1234.56, never rounded first."""
    shift = len(str(multiplier)) - 1  # a power of ten
    s = texts.str.strip_chars()
    missing = (s == "") | s.str.contains(NOT_AVAILABLE)
    s = pl.select(pl.when(missing).then(None).otherwise(s)).to_series()
    dash = s.str.contains(r"^[-\u2012\u2013\u2014]$").fill_null(False)  # accounting zero
    code, negative, body = _decorations(s)
    group, mark = _GROUPS[fmt.decimal], _MARK[fmt.decimal]
    esc = "\\" + mark
    shape = rf"^\d{{1,3}}({group}\d{{3}})*({esc}\d+)?$|^\d+({esc}\d+)?$"
    if fmt.decimal == POINT:
        shape += _INDIAN
    ok = body.str.contains(shape).fill_null(False)
    plain = body.str.replace_all(group, "").str.replace(mark, ".", literal=True)
    parts = plain.str.split_exact(".", 1).struct.unnest()
    whole_text, frac_text = parts["field_0"], parts["field_1"].fill_null("")
    fits = (whole_text.str.len_chars() <= MAX_WHOLE_DIGITS - shift) & (
        frac_text.str.len_chars() <= DECIMALS + shift
    )
    whole = whole_text.cast(pl.Int64, strict=False)
    frac = frac_text.str.pad_end(DECIMALS + shift, "0").cast(pl.Int64, strict=False)
    units = whole * (AMOUNT_SCALE * multiplier) + (frac if DECIMALS + shift else 0)
    units = pl.select(
        pl.when(dash)
        .then(pl.lit(0, dtype=pl.Int64))
        .when(ok & fits)
        .then(pl.when(negative).then(-units).otherwise(units))
        .otherwise(None)
        .alias("units")
    ).to_series()
    result = ParsedUnits(units=units, currency=code)
    todo = (units.is_null() & s.is_not_null()).arg_true().to_list()
    if todo:
        _slow(result, s, body, negative, ok, todo, fmt, multiplier)
    return result


def _slow(
    result: ParsedUnits,
    s: pl.Series,
    body: pl.Series,
    negative: pl.Series,
    ok: pl.Series,
    todo: list[int],
    fmt: NumberFormat,
    multiplier: int = 1,
) -> None:
    """Values the fast path left: too many decimals, exponents, out of range, not numbers."""
    values = result.units.to_list()
    for index in todo:
        text = s[index]
        if "%" in text:
            result.problems[index] = "is a percentage, not an amount"
            continue
        number = _exact(body[index], bool(ok[index]), fmt)
        if number is None:
            result.problems[index] = "is not a number"
            continue
        if negative[index]:
            number = -number
        if abs(number) * multiplier >= Decimal(10) ** MAX_WHOLE_DIGITS:
            scaled = f" once multiplied by {multiplier:,}" if multiplier != 1 else ""
            result.problems[index] = f"is out of range (at least 10^{MAX_WHOLE_DIGITS}{scaled})"
            continue
        units = number * AMOUNT_SCALE * multiplier
        if units != units.to_integral_value():
            stored = units.to_integral_value(rounding=ROUND_HALF_UP)
            result.rounded[index] = str(stored / AMOUNT_SCALE)
            units = stored
        values[index] = int(units)
    result.units = pl.Series("units", values, dtype=pl.Int64)


def _plain(body: str, fmt: NumberFormat) -> str:
    """A well-shaped value of the column's format as Python decimal text."""
    return re.sub(_GROUPS[fmt.decimal], "", body).replace(_MARK[fmt.decimal], ".")


def _exact(body: str | None, shaped: bool, fmt: NumberFormat) -> Decimal | None:
    """The exact decimal of a value the vector path could not finish (None: not a number)."""
    if body is None:
        return None
    if shaped:
        candidate = _plain(body, fmt)
    elif _EXPONENT.match(body):
        candidate = body
    else:
        return None
    try:
        value = Decimal(candidate)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return _denoise(value)


def _denoise(value: Decimal) -> Decimal:
    """Drop digits past what a spreadsheet's float holds (0.1 + 0.2 → 0.3)."""
    digits = len(value.as_tuple().digits)
    if digits <= SIGNIFICANT:
        return value
    exponent = value.adjusted() - SIGNIFICANT + 1
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP).normalize()


def parse_quantities(texts: pl.Series, fmt: NumberFormat) -> list[float | int | str | None]:
    """A quantity column as numbers (ints when whole); text that is no number is kept."""
    s = texts.str.strip_chars()
    _, body = _currency_of(s)
    negative, body = _sign(body)
    group, mark = _GROUPS[fmt.decimal], _MARK[fmt.decimal]
    number = (
        body.str.replace_all(group, "")
        .str.replace(mark, ".", literal=True)
        .cast(pl.Float64, strict=False)
    )
    number = pl.select(pl.when(negative).then(-number).otherwise(number)).to_series()
    out: list[float | int | str | None] = []
    for text, value in zip(s.to_list(), number.to_list(), strict=True):
        if value is None or not math.isfinite(value):  # "inf", "NaN", "1e400" stay text
            out.append(text or None)
        elif value.is_integer() and abs(value) < 2**53:
            out.append(int(value))
        else:
            out.append(value)
    return out


def cell_units(cells: Sequence[Any]) -> list[int | None]:
    """Each cell's money as stored units, None when empty or not a number: the reader for
    cells no column format has been decided for yet (a sheet's first rows, while its settings
    are suggested). A number is read as the spreadsheet holds it (``float_to_units``); a text
    as ``parse_units`` reads amounts, with a decimal point, else a decimal comma: "(87)",
    "-87", "87-" and "87 CR" are negative, "1.234,50" and "1,234.50" the same money."""
    texts = ["" if isinstance(c, bool | int | float) else cell_text(c) for c in cells]
    series = pl.Series(texts, dtype=pl.String)
    read = [parse_units(series, NumberFormat(decimal=d)).units for d in (POINT, COMMA)]
    units = pl.select(pl.coalesce(read)).to_series().to_list()
    return [_number_units(c) if _is_number(c) else u for c, u in zip(cells, units, strict=True)]


def _is_number(cell: Any) -> bool:
    return isinstance(cell, int | float) and not isinstance(cell, bool)


def _number_units(cell: float) -> int | None:
    try:
        return float_to_units(float(cell))
    except (ValueProblem, ArithmeticError, ValueError):
        return None  # inf, nan, or beyond what a record holds
