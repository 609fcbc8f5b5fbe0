"""Periods written as text: column headers (JAN, Jan-24, FY2024, Q3 2024, 30/09/2024,
"Current Year") and period cells (a year, a month name, "2024-03"), each read as the
period's last day, which is the date a record made from it is stored on.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from elara.core.periods import last_day
from elara.core.scenarios import Scenario
from elara.ingest.values import MONTHS, DateOrder, ValueProblem, parse_date


@dataclass(frozen=True, slots=True)
class Period:
    """A period as far as the text says: ``end`` when complete, else what is missing."""

    end: dt.date | None = None
    month: int | None = None  # a month name with no year ("JAN")
    quarter: int | None = None  # "Q1" with no year
    year: int | None = None  # a year on its own ("2024", "FY2024")
    relative: int | None = None  # 0 current year, -1 previous year (needs the as-of date)
    day: bool = False  # written as a full date (a date, not a period)

    @property
    def needs(self) -> str | None:
        """The constant still required to date this period: 'year', 'date' or None."""
        if self.end is not None:
            return None
        if self.relative is not None:
            return "date"
        return "year" if self.month or self.quarter else None


_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(\d{4}|'?\d{2})"
_MONTH_YEAR = re.compile(rf"^({_MONTH})\.?[\s\-/.,]*{_YEAR}$", re.I)
_YEAR_MONTH = re.compile(rf"^(\d{{4}})[\s\-/.]*({_MONTH})\.?$", re.I)
_MONTH_ONLY = re.compile(rf"^({_MONTH})\.?$", re.I)
_YEAR_NUM_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.]|m|p)\s*(\d{1,2})$", re.I)
_NUM_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_QUARTER = re.compile(rf"^(?:q|qtr|quarter)\s?([1-4])(?:[\s\-/]*(?:fy)?\s*{_YEAR})?$", re.I)
_YYYYMM = re.compile(r"^((?:19|20)\d\d)(0[1-9]|1[0-2])$")  # "202401", a BI tool's period key
_YEAR_QUARTER = re.compile(r"^(?:fy)?\s*(\d{4})[\s\-/]*q([1-4])$", re.I)
# A planning tool's fiscal period: "FY25 P01", "FY2025 Per 3", "FY25-P12"; an ERP's "P01 FY2025",
# "Period 3 FY25", "P12-FY25" (the period first). Read here as the calendar year (P01 is
# January); the import dates them by its fiscal year start (``fiscal_period_end``,
# ``elara.ingest.fiscal``), and every import of such columns says how.
_FISCAL_PERIOD = re.compile(r"^fy\s*'?(\d{4}|\d{2})\s*[-/.]?\s*(?:p|per|period)\s*(\d{1,2})$", re.I)
_FISCAL_PERIOD_FIRST = re.compile(
    r"^(?:p|per|period)\s*(\d{1,2})\s*[-/.]?\s*fy\s*'?(\d{4}|\d{2})$", re.I
)
_YEAR_PERIOD = re.compile(r"^(\d{4})\s*[-/.]?\s*p\s*(\d{1,2})$", re.I)  # "2025 P01"
_FISCAL_YEAR = re.compile(r"^(?:fye?|fiscal(?:\s+year)?|year)\s*[-:]?\s*'?(\d{4}|\d{2})$", re.I)
# A fiscal year named on its own: "FY2025", "FY25", "FY 2025", "Fiscal 2025", "Fiscal Year
# 2025", "FYE 2025" ("Year 2025" is a calendar year). Dated on the fiscal year's last day by
# the import's fiscal year start (``fiscal_year_end``, ``elara.ingest.fiscal``).
_FISCAL_YEAR_NAMED = re.compile(r"^(?:fye?|fiscal(?:\s+year)?)\s*[-:]?\s*'?(\d{4}|\d{2})$", re.I)
# A quarter of a named fiscal year: "Q3 FY2025", "Q1-FY25", "Qtr 2 FY25", "FY2025 Q3",
# "FY25-Q1" (not "Q3 2025", a calendar quarter). Read as the calendar quarter of that year by
# ``read_period``; the import dates it by its fiscal year start (``fiscal_quarter_end``).
_FISCAL_QUARTER = re.compile(
    r"^(?:fy\s*'?(\d{4}|\d{2})\s*[-/.]?\s*(?:q|qtr|quarter)\s*([1-4])"
    r"|(?:q|qtr|quarter)\s*([1-4])\s*[-/.]?\s*fy\s*'?(\d{4}|\d{2}))$",
    re.I,
)
_PLAIN_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
_SPAN_YEAR = re.compile(r"^(\d{4})\s*[/\-]\s*(\d{4}|\d{2})$")
_RELATIVE = {
    "current year": 0,
    "this year": 0,
    "cy": 0,
    "current period": 0,
    "previous year": -1,
    "prior year": -1,
    "last year": -1,
    "py": -1,
}
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$")
MIN_YEAR, MAX_YEAR = 1900, 2200


def _year(text: str) -> int:
    digits = text.lstrip("'")
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(year)
    return year


# A column of periods repeats a few texts on every row ("Jan-24", "FY2024"): the periods of
# texts up to this long are remembered (a ``Period`` is frozen, so one can be shared).
_CACHED_LENGTH = 64


def read_period(text: str) -> Period | None:
    """The period a header or cell names, or None when it names none."""
    if isinstance(text, str) and len(text) <= _CACHED_LENGTH:
        return _period_of(text)
    return _read_period(text)


@functools.lru_cache(maxsize=8192)
def _period_of(text: str) -> Period | None:
    return _read_period(text)


def _read_period(text: str) -> Period | None:
    raw = re.sub(r"\s+", " ", text.strip())
    try:
        return _read(raw)
    except (ValueError, ValueProblem):
        return None


# "FY2024A", "2026E", "FY26F", "Q1 25B": a period with a one-letter scenario after it, as
# analysts' and investor presentations head their columns (A actual, E estimate, F
# forecast, B budget). Read in headers only: a cell "2024A" stays text.
_SCENARIO_SUFFIX = re.compile(r"^(.*\d)\s?([AaEeFfBb])$")
_SUFFIX_SCENARIOS = {
    "a": Scenario.actual,
    "e": Scenario.forecast,
    "f": Scenario.forecast,
    "b": Scenario.budget,
}


def header_scenario(text: str) -> tuple[Period, Scenario] | None:
    """The period and scenario of a header such as "FY2024A" or "2026E"; None for a plain
    period ("FY2024") or anything else. The period must name its year."""
    raw = re.sub(r"\s+", " ", text.strip())
    if not (m := _SCENARIO_SUFFIX.match(raw)) or read_period(raw) is not None:
        return None
    period = read_period(m[1])
    if period is None or period.day or period.relative is not None:
        return None
    if period.end is None and period.year is None:
        return None  # "12A", "Q1A": no year, no period of a presentation
    return period, _SUFFIX_SCENARIOS[m[2].casefold()]


# An ERP's comparative statement heads its money columns with the period in brackets:
# "Amount (Jun 2025)", "Comparative Amount (May 2025)", "Comparison Amount (As of May 2025)".
_AMOUNT_OF_PERIOD = re.compile(
    r"(?i)^(?:(?:comparative|comparison|prior|current)\s+)?(?:amount|balance)\s*"
    r"\(\s*(?:as\s+of\s+)?([^()]+?)\s*\)$"
)


def read_header_period(text: str) -> Period | None:
    """The period a column header names, a scenario suffix ("FY2024A") or an amount word
    around it ("Amount (Jun 2025)") allowed."""
    if (period := read_period(text)) is not None:
        return period
    if (m := _AMOUNT_OF_PERIOD.match(text.strip())) and (inner := read_period(m[1])):
        return inner if inner.end is not None else None
    found = header_scenario(text)
    return found[0] if found is not None else None


_RANGE = re.compile(r"(?i)^(.+?)\s+(?:to|through|thru|until|-|\u2013)\s+(.+)$")


def _read_range(raw: str) -> Period | None:
    """A span written out ("Jan 01, 2025 to Dec 31, 2025", "1/1/2025 - 3/31/2025"): the
    period that ends on its last day, when both ends are dates and in order."""
    if not (m := _RANGE.match(raw)):
        return None
    first, last = _read(m[1]), _read(m[2])
    if first is None or last is None or last.end is None:
        return None
    if first.end is None:
        # a desktop package's total column "Jan - Dec 25": a month's short name to a month of
        # a year (spelled out, "January - December 2025" is a title, read elsewhere)
        if first.month is None or last.day or first.month > last.end.month:
            return None
        return Period(end=last.end) if len(m[1].strip(". ")) <= 4 else None
    if not (first.day and last.day) or first.end > last.end:
        return None
    return Period(end=last.end)


def fiscal_period_number(text: str) -> int | None:
    """The period number of a fiscal period header ("FY25 P01", "P01 FY2025", "2025 P01"),
    whatever it is (a 13-period year's "FY25 P13" too); None for anything else."""
    raw = text.strip()
    if m := (_FISCAL_PERIOD.match(raw) or _YEAR_PERIOD.match(raw)):
        return int(m[2])
    if m := _FISCAL_PERIOD_FIRST.match(raw):
        return int(m[1])
    return None


def fiscal_period_header(text: str) -> bool:
    """A planning tool's "FY25 P01" or an ERP's "P01 FY2025" (any period number)."""
    return fiscal_period_number(text) is not None


def _fiscal_year_named(text: str) -> int | None:
    """The fiscal year a fiscal period header names ("FY25 P01": 2025)."""
    raw = text.strip()
    if m := (_FISCAL_PERIOD.match(raw) or _YEAR_PERIOD.match(raw)):
        return _year(m[1])
    if m := _FISCAL_PERIOD_FIRST.match(raw):
        return _year(m[2])
    return None


def fiscal_year_first_month(year: int, start_month: int) -> dt.date:
    """The first day of fiscal year `year` starting in `start_month`. A fiscal year is named
    after the calendar year it ends in: with a July start, FY2025 is July 2024 - June 2025;
    with a January start it is the calendar year."""
    return dt.date(year - (1 if start_month > 1 else 0), start_month, 1)


def fiscal_year_named(text: str) -> int | None:
    """The fiscal year a header names on its own ("FY2025", "FY25", "Fiscal 2025", "FYE
    2025": 2025), else None."""
    if m := _FISCAL_YEAR_NAMED.match(text.strip()):
        try:
            return _check_year(_year(m[1]))
        except ValueError:
            return None
    return None


def fiscal_quarter_named(text: str) -> tuple[int, int] | None:
    """The fiscal year and quarter a header names ("Q3 FY2025", "FY25 Q1": (2025, 3),
    (2025, 1)), else None."""
    if (m := _FISCAL_QUARTER.match(text.strip())) is None:
        return None
    year, quarter = (m[1], m[2]) if m[1] else (m[4], m[3])
    try:
        return _check_year(_year(year)), int(quarter)
    except ValueError:
        return None


def fiscal_quarter_end(year: int, quarter: int, start_month: int) -> dt.date:
    """The last day of quarter `quarter` (1-4) of fiscal year `year` starting in
    `start_month`, named after the calendar year it ends in: Q1 of FY2025 is July -
    September 2024 with a July start (30 Sep 2024), January - March 2025 with a January
    start."""
    first = fiscal_year_first_month(year, start_month)
    months = first.year * 12 + first.month - 1 + 3 * quarter - 1
    return last_day(months // 12, months % 12 + 1)


def fiscal_quarter_ends(year: int, quarter: int) -> frozenset[dt.date]:
    """The dates a fiscal quarter is given by each of the twelve start months."""
    return frozenset(fiscal_quarter_end(year, quarter, start) for start in range(1, 13))


def fiscal_year_end(year: int, start_month: int) -> dt.date:
    """The last day of fiscal year `year` starting in `start_month`: 30 June 2025 for FY2025
    with a July start, 31 December 2025 with a January start."""
    return fiscal_year_first_month(year + 1, start_month) - dt.timedelta(days=1)


def fiscal_year_ends(year: int) -> frozenset[dt.date]:
    """The dates a fiscal year header is given by each of the twelve start months."""
    return frozenset(fiscal_year_end(year, start) for start in range(1, 13))


def fiscal_period_end(text: str, start_month: int = 1) -> dt.date | None:
    """The last day of the month a fiscal period header ("FY25 P01", "P01 FY2025", "2025
    P01") names, for a fiscal year starting in `start_month` (1-12) and named after the
    calendar year it ends in: "FY25 P01" is 31 Jan 2025 with a January start and 31 Jul 2024
    with a July start. None for a period beyond 12 ("P13"), or for anything else."""
    number, year = fiscal_period_number(text), _fiscal_year_named(text)
    if number is None or year is None or not 1 <= number <= 12 or not 1 <= start_month <= 12:
        return None
    first = fiscal_year_first_month(year, start_month)
    months = first.year * 12 + first.month - 1 + number - 1
    try:
        return last_day(_check_year(months // 12), months % 12 + 1)
    except ValueError:
        return None


def fiscal_period_ends(text: str) -> frozenset[dt.date]:
    """The dates the header is given by each of the twelve start months: a column whose
    period end is one of them was dated by a start month, not typed for the column."""
    ends = (fiscal_period_end(text, start) for start in range(1, 13))
    return frozenset(end for end in ends if end is not None)


# A column header stating its span and the day it ends ("Three Months Ended Sep 30, 2025",
# "Nine months ended 30 September 2025", "Year Ended December 31, 2024"): the day.
_ENDED_PREFIX = re.compile(
    r"(?i)^(?:(?:\w+|\d{1,2})[\s-]+months?|quarter|year|fiscal\s+year|half[\s-]?year)"
    r"\s+(?:ended|ending)\s+"
)


def _read(raw: str) -> Period | None:
    if (m := _ENDED_PREFIX.match(raw)) and (day := _read(raw[m.end() :].strip(" ,"))):
        if day.day:
            return day
        # "Quarter Ended 2025": the year, dated as "2025" is; the span it states without a
        # day is said in the preview (``suggest._undated_spans``), never dated silently.
        bare = _PLAIN_YEAR.match(raw[m.end() :].strip(" ,"))
        return day if day.year is not None and bare else None
    lowered = raw.casefold()
    if (span := _read_range(raw)) is not None:
        return span
    if lowered in _RELATIVE:
        return Period(relative=_RELATIVE[lowered])
    if m := _MONTH_ONLY.match(raw):
        return Period(month=MONTHS[m[1].lower()])
    if m := _MONTH_YEAR.match(raw):
        return Period(end=last_day(_check_year(_year(m[2])), MONTHS[m[1].lower()]))
    if m := _YEAR_MONTH.match(raw):
        return Period(end=last_day(_check_year(int(m[1])), MONTHS[m[2].lower()]))
    if (m := _YEAR_NUM_MONTH.match(raw)) and 1 <= int(m[2]) <= 12:
        return Period(end=last_day(_check_year(int(m[1])), int(m[2])))
    if m := _YYYYMM.match(raw):
        return Period(end=last_day(int(m[1]), int(m[2])))
    if (m := _FISCAL_PERIOD.match(raw)) and 1 <= int(m[2]) <= 12:
        return Period(end=last_day(_check_year(_year(m[1])), int(m[2])))
    if (m := _FISCAL_PERIOD_FIRST.match(raw)) and 1 <= int(m[1]) <= 12:
        return Period(end=last_day(_check_year(_year(m[2])), int(m[1])))
    if m := _NUM_MONTH_YEAR.match(raw):
        return Period(end=last_day(_check_year(int(m[2])), int(m[1])))
    if named := fiscal_quarter_named(raw):  # "FY25 Q1": its calendar quarter until dated
        return Period(end=last_day(named[0], named[1] * 3))
    if m := _QUARTER.match(raw):
        if m[2] is None:
            return Period(quarter=int(m[1]))
        return Period(end=last_day(_check_year(_year(m[2])), int(m[1]) * 3))
    if m := _YEAR_QUARTER.match(raw):
        return Period(end=last_day(_check_year(int(m[1])), int(m[2]) * 3))
    return _read_year_or_date(raw)


def _read_year_or_date(raw: str) -> Period | None:
    if m := (_FISCAL_YEAR.match(raw) or _PLAIN_YEAR.match(raw)):
        year = _check_year(_year(m[1]))
        return Period(end=dt.date(year, 12, 31), year=year)
    if m := _SPAN_YEAR.match(raw):  # 2023/2024 or 2023-24: the year that ends
        first = int(m[1])
        second = _year(m[2]) if len(m[2]) == 2 else int(m[2])
        if second != first + 1:
            return None
        return Period(end=dt.date(_check_year(second), 12, 31), year=second)
    if m := _DATETIME.match(raw):
        raw = m[1]
    if raw.isdigit() or not re.search(r"\d{4}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}$", raw):
        return None
    for order in (DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST):
        try:
            date = parse_date(raw, order)
        except ValueProblem:
            continue
        return Period(end=dt.date(_check_year(date.year), date.month, date.day), day=True)
    return None


def resolve(period: Period, *, year: int | None, as_of: dt.date | None) -> dt.date | None:
    """The period's last day, completed with the year or as-of date constants if needed."""
    if period.end is not None:
        return period.end
    if period.relative is not None:
        if as_of is None:
            return None
        try:
            return as_of.replace(year=as_of.year + period.relative)
        except ValueError:  # 29 February
            return as_of.replace(year=as_of.year + period.relative, day=28)
    if year is None:
        return None
    if period.month:
        return last_day(year, period.month)
    if period.quarter:
        return last_day(year, period.quarter * 3)
    return None


def first_day_months(periods: Iterable[Period | None]) -> bool:
    """Month headers written as dates (1 Jan 2025, 1 Feb 2025 …): two or more full dates,
    every one on the first. They name months, not days."""
    dated = [p for p in periods if p is not None and p.day]
    return len(dated) >= 2 and all(p.end is not None and p.end.day == 1 for p in dated)


def period_end(
    period: Period, *, months: bool, year: int | None = None, as_of: dt.date | None = None
) -> dt.date | None:
    """The date a period column's figures are stored on: the period's last day (completed
    with the constants), or its month's last day among `first_day_months` headers. A fresh
    inspect and a remembered recipe both date columns with it, so they never disagree."""
    if months and period.end is not None:
        return last_day(period.end.year, period.end.month)
    return resolve(period, year=year, as_of=as_of)


def is_year_number(text: str) -> bool:
    """A cell holding only a plausible year (1900-2200)."""
    m = _PLAIN_YEAR.match(text.strip())
    return m is not None and MIN_YEAR <= int(m[1]) <= MAX_YEAR


# A lone year-to-date column beside the months: "YTD", "Year to Date", "YTD Total", "Total
# YTD", "YTD 2025", "FYTD". Not "YTD Debit" (a trial balance's pair of its own).
_YEAR_TO_DATE = re.compile(
    r"(?i)^\s*(?:total\s+)?(?:f?ytd|y\.t\.d\.?|(?:fiscal\s+)?year[\s-]+to[\s-]+date)"
    r"(?:\s+total)?(?:\s+(?:19|20|21)\d\d)?\s*$"
)


def is_year_to_date(text: str) -> bool:
    """A header naming a year-to-date column and nothing else ("YTD", "Year to Date", "YTD
    Total"): a running total of the year's periods, never a period of its own."""
    return bool(_YEAR_TO_DATE.match(text))


def is_month_name(text: str) -> bool:
    """A cell holding only a month name or abbreviation."""
    return bool(_MONTH_ONLY.match(text.strip()))


# A budget's summary columns among its months: "Q1 Total", "Q1 2026", "FY 2026", "2026".
_TOTAL_WORDS = re.compile(r"(?i)\b(?:total|sum|summe|gesamt)\b")
YEAR, QUARTER, MONTH = 3, 2, 1  # how much a period column spans, coarsest first


def _span(text: str) -> tuple[int | None, Period | None]:
    """A header's span level and the period it names once "Total" is taken off it ("Q1
    Total" is Q1), read once for both."""
    raw = re.sub(r"\s+", " ", _TOTAL_WORDS.sub(" ", text)).strip(" -:")
    period = read_period(raw) if raw else None
    if period is None:
        return None, None
    if period.year is not None:
        return YEAR, period
    if period.quarter is not None or _QUARTER.match(raw) or _YEAR_QUARTER.match(raw):
        return QUARTER, period
    return MONTH, period


def span_level(text: str) -> int | None:
    """How much a period header spans: YEAR ("FY 2026", "2026", "Total 2026"), QUARTER ("Q1",
    "Q1 Total", "2026 Q1"), MONTH (any other period: a month, a date); None for no period."""
    return _span(text)[0]


def _month_of(period: Period) -> int | None:
    """The period's (last) month, when the text says it."""
    if period.end is not None:
        return period.end.month
    return period.quarter * 3 if period.quarter else period.month


def _contains(outer: Period, level: int, inner: Period) -> bool:
    """Whether a year or quarter holds a finer period (by date, or by month number when
    either names no year)."""
    month = _month_of(inner)
    if month is None:
        return False
    if outer.end is not None and inner.end is not None:
        months = 12 if level == YEAR else 3
        first = outer.end.year * 12 + outer.end.month - months  # the month before it starts
        return first < inner.end.year * 12 + inner.end.month <= first + months
    if level == QUARTER:
        quarter = outer.quarter or (_month_of(outer) or 0) // 3
        return (month - 1) // 3 + 1 == quarter
    return True  # a year over months named without one


def summary_columns(headers: dict[int, str]) -> set[int]:
    """The period columns (position → header) that add up finer ones beside them: a year
    over two or more of the months or quarters it contains, a quarter over two or more of
    its months. Storing them would count the same money twice."""
    read = {p: _span(h) for p, h in headers.items()}
    found = set()
    for position, (level, period) in read.items():
        if level not in (YEAR, QUARTER) or period is None:
            continue
        inside = sum(
            1
            for other, (other_level, inner) in read.items()
            if other != position
            and other_level is not None
            and other_level < level
            and inner is not None
            and _contains(period, level, inner)
        )
        if inside >= 2:
            found.add(position)
    return found
