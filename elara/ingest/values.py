"""Per-value parsers for amounts, currencies and dates as spreadsheets hold them.

Each parser takes the cell text and either returns the canonical value or raises
``ValueProblem`` whose message completes the sentence ``Amount "x" ...``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from elara.core import money

# The currency marks a cell or a money column's header writes, the one table both read
# (`mark_currency`): a symbol alone, or a word ("1,234元", "RMB 1,234").
CURRENCY_SYMBOLS = {
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
    "人民币": "CNY", "RMB": "CNY", "元": "CNY", "円": "JPY",
}  # fmt: skip
# Dollars (and reais) a bank download or a cell names by their country's letters before the
# sign: "A$", "C$", "NZ$", "R$".
_DOLLARS = {
    "US": "USD", "C": "CAD", "CA": "CAD", "A": "AUD", "AU": "AUD", "NZ": "NZD", "HK": "HKD",
    "S": "SGD", "R": "BRL", "MX": "MXN",
}  # fmt: skip
SYMBOLS = "$€£¥₹"
# A currency mark in a cell: letters (an ISO code, a country's) before a symbol, or a symbol
# or word of CURRENCY_SYMBOLS alone. Groups: letters, symbol, word. Python's and polars'
# regular expressions both read it.
CURRENCY_MARK = rf"(?:\b([A-Z]{{1,3}}) ?)?([{SYMBOLS}])|(人民币|\bRMB\b|元|円)"
_MARK_RE = re.compile(CURRENCY_MARK)


def mark_currency(letters: str | None, symbol: str) -> str | None:
    """The currency a mark names: an ISO code before a symbol ("CAD$", "EUR €"), a country's
    letters before a dollar sign ("A$", "C$", "NZ$"), else the symbol or word alone ("$" is
    USD, "€", "元"); None when the letters name no currency."""
    if not letters:
        return CURRENCY_SYMBOLS.get(symbol)
    if letters in ISO_4217:
        return letters
    return _DOLLARS.get(letters) if symbol == "$" else None


EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_SERIAL = 2_958_465  # 9999-12-31

ISO_4217 = frozenset(
    [
        "AED",
        "AFN",
        "ALL",
        "AMD",
        "ANG",
        "AOA",
        "ARS",
        "AUD",
        "AWG",
        "AZN",
        "BAM",
        "BBD",
        "BDT",
        "BGN",
        "BHD",
        "BIF",
        "BMD",
        "BND",
        "BOB",
        "BRL",
        "BSD",
        "BTN",
        "BWP",
        "BYN",
        "BZD",
        "CAD",
        "CDF",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CRC",
        "CUP",
        "CVE",
        "CZK",
        "DJF",
        "DKK",
        "DOP",
        "DZD",
        "EGP",
        "ERN",
        "ETB",
        "EUR",
        "FJD",
        "FKP",
        "GBP",
        "GEL",
        "GHS",
        "GIP",
        "GMD",
        "GNF",
        "GTQ",
        "GYD",
        "HKD",
        "HNL",
        "HTG",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "IQD",
        "IRR",
        "ISK",
        "JMD",
        "JOD",
        "JPY",
        "KES",
        "KGS",
        "KHR",
        "KMF",
        "KPW",
        "KRW",
        "KWD",
        "KYD",
        "KZT",
        "LAK",
        "LBP",
        "LKR",
        "LRD",
        "LSL",
        "LYD",
        "MAD",
        "MDL",
        "MGA",
        "MKD",
        "MMK",
        "MNT",
        "MOP",
        "MRU",
        "MUR",
        "MVR",
        "MWK",
        "MXN",
        "MYR",
        "MZN",
        "NAD",
        "NGN",
        "NIO",
        "NOK",
        "NPR",
        "NZD",
        "OMR",
        "PAB",
        "PEN",
        "PGK",
        "PHP",
        "PKR",
        "PLN",
        "PYG",
        "QAR",
        "RON",
        "RSD",
        "RUB",
        "RWF",
        "SAR",
        "SBD",
        "SCR",
        "SDG",
        "SEK",
        "SGD",
        "SHP",
        "SLE",
        "SOS",
        "SRD",
        "SSP",
        "STN",
        "SVC",
        "SYP",
        "SZL",
        "THB",
        "TJS",
        "TMT",
        "TND",
        "TOP",
        "TRY",
        "TTD",
        "TWD",
        "TZS",
        "UAH",
        "UGX",
        "USD",
        "UYU",
        "UZS",
        "VES",
        "VND",
        "VUV",
        "WST",
        "XAF",
        "XCD",
        "XOF",
        "XPF",
        "YER",
        "ZAR",
        "ZMW",
        "ZWL",
        "XAU",
        "XAG",
    ]
)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


class ValueProblem(ValueError):
    """A cell value that cannot become a canonical value; str() says why."""


class DateOrder(StrEnum):
    """How numeric dates like 01/02/2024 are read for one file."""

    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"
    CONFLICT = "conflict"


# --- amounts -----------------------------------------------------------------

_SIGNS = "-+\u2212"
_SEPARATORS = ".,' \u00a0\u202f"
_CODE_RE = re.compile(r"^([A-Za-z]{3})\s*(.*)$|^(.*?)\s*([A-Za-z]{3})$", re.DOTALL)
_CORE_RE = re.compile(r"^[0-9.,' \u00a0\u202f]+$")
_EXP_RE = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$")


def _strip_currency(text: str) -> tuple[str, str | None]:
    """Remove one currency mark ("$", "A$", "元") or ISO code before or after the number."""
    mark = _MARK_RE.search(text)
    if mark is not None:
        symbol = mark[2] or mark[3]
        code = mark_currency(mark[1], symbol)
        if code is not None:
            return (text[: mark.start()] + text[mark.end() :]).strip(), code
        # letters that name no currency ("XY$"): the symbol alone, the letters stay
        return text.replace(symbol, "", 1).strip(), CURRENCY_SYMBOLS[symbol]
    match = _CODE_RE.match(text)
    if match:
        code, rest = (match[1], match[2]) if match[1] else (match[4], match[3])
        if code.upper() in ISO_4217:
            return rest.strip(), code.upper()
    return text, None


def _strip_sign(text: str) -> tuple[str, bool]:
    """Remove accounting signs: (x), -x, x-, x DR, x CR; return (rest, negative)."""
    negative = False
    upper = text.upper()
    if upper.endswith(("CR", "DR")) and len(text) > 2:
        negative = upper.endswith("CR")
        text = text[:-2].strip()
    if text.startswith("(") and text.endswith(")"):
        return text[1:-1].strip(), not negative
    if not text:
        return text, negative
    if text[0] in _SIGNS:
        return text[1:].strip(), negative ^ (text[0] != "+")
    if text[-1] in _SIGNS:
        return text[:-1].strip(), negative ^ (text[-1] != "+")
    return text, negative


def _number_text(core: str) -> str:
    """Turn '1.234,50' / '1,234' / '1 234,5' into plain '1234.50' style text."""
    if _EXP_RE.match(core):
        return core
    if not _CORE_RE.match(core) or not core[0].isdigit() or not core[-1].isdigit():
        raise ValueProblem("is not a number")
    positions = [i for i, ch in enumerate(core) if ch in _SEPARATORS]
    if not positions:
        return core
    last = core[positions[-1]]
    tail = core[positions[-1] + 1 :]
    occurrences = sum(core[i] == last for i in positions)
    decimal_sep = None
    if last in ".," and occurrences == 1:
        only_sep = len(positions) == 1
        if not (only_sep and last == "," and len(tail) == 3):
            decimal_sep = last
    whole = core[: positions[-1]] if decimal_sep else core
    _check_groups(whole)
    digits = "".join(ch for ch in whole if ch.isdigit())
    return f"{digits}.{tail}" if decimal_sep else digits


def _check_groups(whole: str) -> None:
    """Thousands groups must be 3 digits after a first group of 1-3."""
    groups = re.split(r"[.,' \u00a0\u202f]", whole)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        raise ValueProblem("is not a number")


def parse_amount(text: str) -> tuple[int, str | None]:
    """Parse amount text into (stored units, currency code or None); raise ValueProblem."""
    raw = text.strip()
    if not raw:
        raise ValueProblem("is empty")
    if "%" in raw:
        raise ValueProblem("is a percentage, not an amount")
    body, currency = _strip_currency(raw)
    body, negative = _strip_sign(body)
    body, currency2 = _strip_currency(body)
    if body and body[0] in _SIGNS and not negative:  # "$-12" style
        body, negative = body[1:].strip(), body[0] != "+"
    if not body:
        raise ValueProblem("is not a number")
    number = amount_units(Decimal(_number_text(body)))
    return (-number if negative else number), currency or currency2


def amount_units(value: Decimal) -> int:
    """A Decimal amount as stored units (half up); raise ValueProblem if out of range."""
    try:
        fits = money.fits(value)
    except InvalidOperation as exc:
        raise ValueProblem("is not a number") from exc
    if not fits:
        raise ValueProblem(f"is out of range (more than {money.MAX_AMOUNT:,})")
    return money.round_to_units(value)


def float_to_units(value: float) -> int:
    """Excel numeric cell → stored units via its shortest repr, rounded half-up."""
    return amount_units(Decimal(repr(value)))


def parse_currency(text: str) -> str | None:
    """ISO 4217 code or symbol → upper-case code; blank → None."""
    raw = text.strip()
    if not raw:
        return None
    if raw[:10].upper() == "CURRENCY::":  # a bookkeeping program's commodity, "CURRENCY::USD"
        raw = raw[10:].strip()
    if raw in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[raw]
    if raw.upper() in ISO_4217:
        return raw.upper()
    raise ValueProblem("is not a currency code")


_CURRENCY_HEADER = re.compile(
    rf"\s*([A-Z]{{1,3}})\s?([{SYMBOLS}])\s*|\s*([{SYMBOLS}])\s?([A-Z]{{3}})\s*"
)


def header_currency(header: str) -> str | None:
    """The currency a money column's header is, and nothing else: "CAD$", "USD$", "US$",
    "$ CAD" (a Canadian bank's download has one such column per currency)."""
    m = _CURRENCY_HEADER.fullmatch(header)
    if m is None:
        return None
    return mark_currency(m[1] or m[4], m[2] or m[3])


# --- dates -------------------------------------------------------------------

NUMERIC_DATE_RE = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})$")
_ISO_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][0-9:.]+Z?)?$")
_PERIOD_RE = re.compile(r"^(\d{4})[-/](\d{1,2})$|^(\d{1,2})[-/](\d{4})$")
_NAMED_RE = re.compile(
    r"^(?:(\d{1,2})[\s\-/.]+)?([A-Za-z]{3,9})\.?[\s\-/.,]+(?:(\d{1,2}),?\s+)?(\d{4})$"
)
_SERIAL_RE = re.compile(r"^\d{1,7}(\.\d+)?$")
# A compact ISO date, "20241231" (the SEC data sets' ddate, many ERP extracts).
COMPACT_DATE_RE = re.compile(r"^((?:19|20|21)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")


def excel_serial_to_date(serial: float) -> dt.date:
    """Excel 1900-system serial → date; serial 60 is Excel's fictitious 1900-02-29."""
    whole = int(serial)
    if whole < 1 or whole > MAX_SERIAL:
        raise ValueProblem("is not a valid date")
    if whole == 60:
        raise ValueProblem("is not a valid date (Excel's 1900-02-29 does not exist)")
    if whole < 60:  # before Excel's phantom leap day the offset is one day less
        return dt.date(1899, 12, 31) + dt.timedelta(days=whole)
    return EXCEL_EPOCH + dt.timedelta(days=whole)


def _make_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueProblem("is not a valid date") from exc


def _full_year(year: str) -> int:
    return int(year) + 2000 if len(year) == 2 else int(year)


def decide_date_order(first_max: int, second_max: int) -> tuple[DateOrder, bool]:
    """Choose day-first/month-first from the largest first/second parts; flag ambiguity."""
    if first_max > 12 and second_max > 12:
        return DateOrder.CONFLICT, False
    if second_max > 12:
        return DateOrder.MONTH_FIRST, False
    return DateOrder.DAY_FIRST, first_max <= 12 and first_max > 0


def _parse_numeric(match: re.Match[str], order: DateOrder) -> dt.date:
    first, second, year = int(match[1]), int(match[3]), _full_year(match[4])
    if order is DateOrder.CONFLICT:
        raise ValueProblem("is ambiguous: this file mixes day-first and month-first dates")
    if order is DateOrder.MONTH_FIRST:
        return _make_date(year, first, second)
    return _make_date(year, second, first)


def _parse_named(match: re.Match[str]) -> dt.date:
    month = MONTHS.get(match[2].lower())
    if month is None or (match[1] and match[3]):
        raise ValueProblem("is not a valid date")
    day = int(match[1] or match[3] or 1)
    return _make_date(int(match[4]), month, day)


def parse_date(text: str, order: DateOrder = DateOrder.DAY_FIRST) -> dt.date:
    """Parse date text in any supported format; periods give the first of the month."""
    raw = text.strip()
    if not raw:
        raise ValueProblem("is empty")
    if match := _ISO_RE.match(raw):
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := NUMERIC_DATE_RE.match(raw):
        return _parse_numeric(match, order)
    if match := _PERIOD_RE.match(raw):
        year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
        return _make_date(int(year), int(month), 1)
    if match := _NAMED_RE.match(raw):
        return _parse_named(match)
    if match := COMPACT_DATE_RE.match(raw):
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    if _SERIAL_RE.match(raw):
        if "." not in raw and 1900 <= int(raw) <= 2100:
            raise ValueProblem("is a year, not a date")
        return excel_serial_to_date(float(raw))
    raise ValueProblem("is not a valid date")
