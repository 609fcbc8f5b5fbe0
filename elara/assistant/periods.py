"""Finding periods in a question ("last quarter", "H1 2024", "from 2023 to 2024") from today."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from elara.assistant.intent import Period

MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTH_ABBR = {name.lower(): index for index, name in enumerate(calendar.month_abbr) if name}
MONTH_ABBR["sept"] = 9
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "thirty-six": 36,
}
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
_YEAR = r"((?:19|20)\d{2})"
_COUNT = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_MONTH_FULL = "|".join(MONTHS)
_MONTH_ABBR = "|".join(MONTH_ABBR)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    period: Period


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def quarter_period(year: int, quarter: int) -> Period:
    first = date(year, 3 * quarter - 2, 1)
    return Period(first, month_end(year, 3 * quarter), f"Q{quarter} {year}")


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), str(year))


def month_period(year: int, month: int) -> Period:
    return Period(
        date(year, month, 1), month_end(year, month), f"{calendar.month_name[month]} {year}"
    )


def _count(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _recent_year(today: date, starts_in_month: int) -> int:
    """The year of the most recent period starting in that month: this year if begun, else last."""
    return today.year if starts_in_month <= today.month else today.year - 1


def _relative(unit: str, offset: int, today: date) -> Period:
    if unit == "year":
        period = year_period(today.year + offset)
    elif unit == "quarter":
        index = today.year * 4 + (today.month - 1) // 3 + offset
        period = quarter_period(index // 4, index % 4 + 1)
    else:
        first = add_months(today, offset)
        period = month_period(first.year, first.month)
    word = "this" if offset == 0 else "last"
    return Period(period.start, period.end, f"{word} {unit} ({period.label})")


def _ytd(_: re.Match[str], today: date) -> Period:
    return Period(date(today.year, 1, 1), today, f"year to date ({today.year})")


def _last_months(m: re.Match[str], today: date) -> Period:
    count = 12 if m.group(1) is None else _count(m.group(1))
    start = add_months(today, -count)
    end = add_months(today, 0) - timedelta(days=1)
    return Period(start, end, f"last {count} months ({start:%b %Y}\u2013{end:%b %Y})")


def _last_years(m: re.Match[str], today: date) -> Period:
    count = _count(m.group(1))
    start, end = year_period(today.year - count).start, year_period(today.year - 1).end
    return Period(start, end, f"last {count} years ({today.year - count}\u2013{today.year - 1})")


def _this_last(m: re.Match[str], today: date) -> Period:
    offset = 0 if m.group(1) in ("this", "current") else -1
    return _relative(m.group(2), offset, today)


def _quarter(m: re.Match[str], today: date) -> Period:
    groups = m.groupdict()
    quarter = int(groups["q"]) if groups.get("q") else ORDINALS[groups["ord"]]
    year = groups.get("year")
    return quarter_period(int(year) if year else _recent_year(today, 3 * quarter - 2), quarter)


def _half(m: re.Match[str], today: date) -> Period:
    groups = m.groupdict()
    half = int(groups["h"]) if groups.get("h") else ORDINALS[groups["ord"]]
    year = int(groups["year"]) if groups.get("year") else _recent_year(today, 6 * half - 5)
    start = date(year, 6 * half - 5, 1)
    return Period(start, month_end(year, 6 * half), f"H{half} {year}")


def _month(m: re.Match[str], today: date) -> Period:
    name = m.group("month")
    month = MONTHS.get(name) or MONTH_ABBR[name]
    year = int(m.group("year")) if m.group("year") else _recent_year(today, month)
    return month_period(year, month)


def _iso(m: re.Match[str], _: date) -> Period:
    day = date.fromisoformat(m.group(0))
    return Period(day, day, day.isoformat())


def _year(m: re.Match[str], _: date) -> Period:
    return year_period(int(m.group(1)))


_PATTERNS: list[tuple[str, Callable[[re.Match[str], date], Period]]] = [
    (r"\b(?:year[ -]to[ -]date|ytd|so far this year|this year so far)\b", _ytd),
    (rf"\b(?:last|past|previous|trailing|prior)\s+{_COUNT}\s+months?\b", _last_months),
    (r"\bttm\b|\btrailing twelve months\b()", _last_months),
    (rf"\b(?:last|past|previous|prior)\s+{_COUNT}\s+years\b", _last_years),
    (r"\b(this|current|last|previous|prior)\s+(year|quarter|month)\b", _this_last),
    (r"\b(?P<year>(?:19|20)\d{2})\s*[- ]?q(?P<q>[1-4])\b", _quarter),
    (r"\bq(?P<q>[1-4])(?:\s*(?:of\s+)?(?:fy\s*)?(?P<year>(?:19|20)\d{2}))?\b", _quarter),
    (
        r"\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter"
        r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d{2}))?\b",
        _quarter,
    ),
    (r"\bh(?P<h>[12])(?:\s*(?:of\s+)?(?P<year>(?:19|20)\d{2}))?\b", _half),
    (r"\b(?P<ord>first|second|1st|2nd)\s+half(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d{2}))?\b", _half),
    (rf"\b(?P<month>{_MONTH_FULL})(?:\s*,?\s*(?P<year>(?:19|20)\d{{2}}))?\b", _month),
    (rf"\b(?P<month>{_MONTH_ABBR})\.?\s*[- ]?\s*(?P<year>(?:19|20)\d{{2}})\b", _month),
    (r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b", _iso),
    (rf"\b(?:fy\s*)?{_YEAR}\b", _year),
]
_COMPILED = [(re.compile(pattern), handler) for pattern, handler in _PATTERNS]


def find_periods(text: str, *, today: date) -> list[Found]:
    """Every period mentioned in lower-cased text, in order, without overlaps."""
    found: list[Found] = []
    for pattern, handler in _COMPILED:
        for match in pattern.finditer(text):
            if any(match.start() < f.end and f.start < match.end() for f in found):
                continue
            try:
                period = handler(match, today)
            except (ValueError, KeyError):
                continue
            found.append(Found(match.start(), match.end(), period))
    return sorted(found, key=lambda f: f.start)


_RANGE_JOIN = re.compile(r"^\s*(?:to|through|thru|until|till|-|\u2013)\s*$")
_PAIR_JOIN = re.compile(r"^\s*(?:and|vs\.?|versus|compared (?:to|with)|against|,)\s*$")


def join_kind(text: str, first: Found, second: Found) -> str | None:
    """How two periods are joined: "range" (from A to B), "pair" (A vs B) or None."""
    between = text[first.end : second.start]
    before = text[: first.start].rstrip()
    if _RANGE_JOIN.match(between):
        return "range"
    if _PAIR_JOIN.match(between):
        return "range" if before.endswith("between") and " and" in f" {between}" else "pair"
    return None


def since(found: Found, *, today: date) -> Period:
    return Period(found.period.start, today, f"since {found.period.label}")


def span(first: Period, second: Period) -> Period:
    """One period from the start of the first to the end of the second."""
    return Period(first.start, second.end, f"{first.label} to {second.label}")
