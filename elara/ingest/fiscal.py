"""Fiscal period columns ("FY25 P01", "P01 FY2025", "2025 P01") and fiscal year columns
("FY2025", "FY25", "Fiscal 2025", "FYE 2025": the fiscal year's last day) dated by the fiscal
year start of the import (``constants.fiscal_year_start``, 1-12; the admin's setting when not
given). A fiscal year is named after the calendar year it ends in: with a July start,
"FY25 P01" is July 2024 (stored on 31 Jul 2024) and "FY25 P12" June 2025. A period beyond
12 ("P13" of a 4-4-5 or 13-period year) is no month: never dated, never stored.

Also here, for ``suggest``: the admin's fiscal year start, kept only where a table uses it,
and a year row ("2024", "FY2024") over periods that lack one.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

from elara.core.periods import last_day
from elara.ingest.headers import cell_text
from elara.ingest.periods import (
    Period,
    fiscal_period_end,
    fiscal_period_ends,
    fiscal_period_number,
    fiscal_quarter_end,
    fiscal_quarter_ends,
    fiscal_quarter_named,
    fiscal_year_end,
    fiscal_year_ends,
    fiscal_year_named,
    is_year_number,
    is_year_to_date,
    read_period,
)
from elara.ingest.settings import ColumnRole, ColumnSetting, ImportSettings

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def has_fiscal_periods(settings: ImportSettings) -> bool:
    """Whether any column is headed by a fiscal period, a fiscal quarter ("Q3 FY2025") or a
    fiscal year ("FY2025")."""
    return any(
        fiscal_period_number(c.header) is not None
        or fiscal_year_named(c.header) is not None
        or fiscal_quarter_named(c.header) is not None
        for c in settings.columns
    )


def _fiscal_end(header: str, start: int) -> tuple[dt.date | None, frozenset[dt.date]]:
    """The date a fiscal period or fiscal year header is given by the start month, and the
    dates any start month would give it."""
    if (end := fiscal_period_end(header, start)) is not None:
        return end, fiscal_period_ends(header)
    if (year := fiscal_year_named(header)) is not None:
        return fiscal_year_end(year, start), fiscal_year_ends(year)
    if (quarter := fiscal_quarter_named(header)) is not None:
        return fiscal_quarter_end(*quarter, start), fiscal_quarter_ends(*quarter)
    return None, frozenset()


def start_month(settings: ImportSettings) -> int:
    """The fiscal year start the settings date fiscal periods by (January when unset)."""
    return settings.constants.fiscal_year_start or 1


def date_fiscal_columns(settings: ImportSettings) -> None:
    """Each fiscal period column dated by the settings' fiscal year start, in place.

    A column's period end that some start month would give (the dating of an earlier
    inspection, or of a recipe fitted to a new file) is replaced; a day typed for the column
    that no start month gives (a 4-4-5 period ending on a Saturday) is kept."""
    start = start_month(settings)
    for column in settings.columns:
        end, ends = _fiscal_end(column.header, start)
        if end is None or column.role is not ColumnRole.amount:
            continue
        if column.period_end is None or column.period_end in ends:
            column.period_end = end


def with_fiscal_start(settings: ImportSettings, default: int | None) -> ImportSettings:
    """The settings with the fiscal year start filled in from ``default`` (the admin's
    setting) when they name none and the table has fiscal period columns, dated by it."""
    if default is None or settings.constants.fiscal_year_start is not None:
        return settings
    if not has_fiscal_periods(settings) or not 1 <= default <= 12:
        return settings
    settings = settings.model_copy(deep=True)
    settings.constants.fiscal_year_start = default
    date_fiscal_columns(settings)
    return settings


def ignore_beyond_twelve(settings: ImportSettings) -> None:
    """A suggested period beyond 12 ("FY25 P13") is not stored: not as money, and not as a
    number kept on every record of its row either (its money belongs to no month)."""
    for column in settings.columns:
        if (fiscal_period_number(column.header) or 0) > 12 and column.role in (
            ColumnRole.quantity,
            ColumnRole.measure,
        ):
            column.role = ColumnRole.ignore


def fiscal_year_note(dated: list[tuple[str, dt.date]], start: int) -> str | None:
    """What a preview says of year columns headed "FY2025" (``dated``: each header and the
    date it is stored on): the fiscal year start that dated them, since a wrong start moves
    every figure by months, and a January start is an assumption when none was given."""
    if not dated:
        return None
    header, end = dated[0]
    if start == 1:
        return (
            f'Columns like "{header}" are read as fiscal years starting in January (the '
            f'calendar year): "{header}" is dated {end} (its last day). If the fiscal year '
            "starts in another month, set the fiscal year start "
            "(constants.fiscal_year_start) before storing."
        )
    name = MONTH_NAMES[start - 1]
    return (
        f'Columns like "{header}" are fiscal years starting in {name}, named after the '
        f'calendar year they end in (FY25 ends in 2025): "{header}" is dated {end} (the '
        "fiscal year's last day). If the fiscal year starts in another month, change the "
        "fiscal year start (constants.fiscal_year_start) before storing."
    )


def fiscal_quarter_note(dated: list[tuple[str, dt.date]], start: int, *, given: bool) -> str | None:
    """What a preview says of quarter columns of a named fiscal year ("Q3 FY2025", or "Q1"
    … "Q4" under a title naming FY2025; ``dated``: each header and its date): the fiscal year
    start that dated them. With none known (``given`` false: January assumed) it is a
    warning: Q1 is the first quarter of the fiscal year, which need not be January."""
    if not dated:
        return None
    header, end = dated[0]
    if start == 1 and not given:
        return (
            f'Columns like "{header}" are quarters of a fiscal year, but no fiscal year start '
            f'is known: they are read as calendar quarters (Q1 = January - March), "{header}" '
            f"dated {end}. If the fiscal year starts in another month, set the fiscal year "
            "start (constants.fiscal_year_start) before storing: Q1 is then its first three "
            "months."
        )
    name = MONTH_NAMES[start - 1]
    return (
        f'Columns like "{header}" are quarters of a fiscal year starting in {name} (Q1 = '
        f"{name} - {MONTH_NAMES[(start + 1) % 12]}), named after the calendar year it ends "
        f'in: "{header}" is dated {end}. If the fiscal year starts in another month, change '
        "the fiscal year start (constants.fiscal_year_start) before storing."
    )


def date_quarters_of_fiscal_years(
    settings: ImportSettings, quarters: dict[int, tuple[int, str]]
) -> str | None:
    """Fiscal year columns ("FY2025") under a quarter named without its year (``quarters``:
    position -> (quarter, the words naming it), "Q3" above the years): the figures are that
    quarter's, so each column is dated on the quarter's end in its fiscal year by the
    settings' fiscal year start, in place, never on the year's last day. What the preview
    says of it: a warning when no start is known (the quarter is then a calendar quarter).
    A day typed for the column that no start month gives is kept."""
    start = start_month(settings)
    dated: list[tuple[str, dt.date]] = []
    stated = next(iter(quarters.values()))[1] if quarters else ""
    for position, (quarter, _) in quarters.items():
        column = settings.columns[position]
        year = fiscal_year_named(column.header)
        if column.role is not ColumnRole.amount or year is None:
            continue
        known = fiscal_year_ends(year) | fiscal_quarter_ends(year, quarter)
        if column.period_end is not None and column.period_end not in known:
            continue  # dated by the person
        column.period_end = fiscal_quarter_end(year, quarter, start)
        dated.append((column.header, column.period_end))
    if not dated:
        return None
    named = ", ".join(f'"{h}"' for h, _ in dated)
    dates = ", ".join(f"{d:%d %b %Y}" for _, d in dated)
    if settings.constants.fiscal_year_start is None:
        return (
            f'"{stated}" over {named} names a quarter of each fiscal year, but no fiscal year '
            f"start is known: read as a calendar quarter, the figures are dated {dates}. If "
            "the fiscal year starts in another month, set the fiscal year start "
            f'(constants.fiscal_year_start) before storing: "{stated}" is then that quarter '
            "counted from the start."
        )
    name = MONTH_NAMES[start - 1]
    return (
        f'"{stated}" over {named} names a quarter of each fiscal year: the figures are dated '
        f"{dates}, the end of that quarter of fiscal years starting in {name}, named after "
        "the calendar year they end in. If the fiscal year starts in another month, change "
        "the fiscal year start (constants.fiscal_year_start) before storing."
    )


# A title stating the months its fiscal year runs: "FY2025 (July-June)", "July - June",
# "Jul 2024 - Jun 2025", "year ending 30 June", "year ended June 30, 2025", "FYE June".
_MONTH_WORD = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH_SPAN = re.compile(
    rf"(?i)\b{_MONTH_WORD}(?:\s+\d{{4}})?\s*(?:-|\u2013|\u2014|to|through)\s*"
    rf"{_MONTH_WORD}(?:\s+\d{{4}})?\b"
)
_YEAR_ENDING = re.compile(
    rf"(?i)\b(?:(?:fiscal\s+)?year\s+(?:ending|ended|end)|fye)\s+(?:\d{{1,2}}\s+)?{_MONTH_WORD}"
)
_MONTH_NUMBER = {m[:3].casefold(): n for n, m in enumerate(MONTH_NAMES, start=1)}


def fiscal_start_in_text(text: str) -> int | None:
    """The fiscal year start month a title states ("FY2025 (July-June)": 7; "Year ending
    30 June 2025": 7), when its span is twelve months (July - June, not July - September)."""
    if m := _MONTH_SPAN.search(text):
        first, last = _MONTH_NUMBER[m[1].casefold()], _MONTH_NUMBER[m[2].casefold()]
        if last % 12 + 1 == first:
            return first
    if m := _YEAR_ENDING.search(text):
        return _MONTH_NUMBER[m[1].casefold()] % 12 + 1
    return None


# A fiscal year named in a title: "Income statement FY2025 (GBP)", "Budget FY25", "Fiscal
# Year 2025", "FYE 2025" (not "FY25 P01" or "FY2025 Q3", a period of it).
FISCAL_YEAR_IN_TEXT = re.compile(
    r"(?i)\b(?:fye?|fiscal(?:\s+year)?)\s*[-:]?\s*'?((?:19|20|21)\d\d|\d\d)\b"
    r"(?!\s*[-/.]?\s*(?:p|per|period|q)\s*\d)"
)


def fiscal_year_in_text(text: str) -> int | None:
    """The fiscal year a title names ("Income statement FY2025": 2025), else None."""
    if (m := FISCAL_YEAR_IN_TEXT.search(text)) is None:
        return None
    return fiscal_year_named(f"FY{m[1]}")


def _fiscal_month_end(year: int, month: int, start: int) -> dt.date:
    """The month's last day in fiscal year `year` starting in `start`: the months before
    the start month are in the year it ends in, the others in the year before."""
    return last_day(year if start == 1 or month < start else year - 1, month)


def _in_order(months: list[int], year: int, start: int) -> bool:
    """Whether the months, dated in fiscal year `year` starting in `start`, run forward."""
    dates = [_fiscal_month_end(year, m, start) for m in months]
    return all(a < b for a, b in itertools.pairwise(dates))


def date_months_by_fiscal_year(
    settings: ImportSettings, year: int, *, start_given: bool = True
) -> str | None:
    """Month columns with no year ("JAN" … "DEC", "July") under a title naming fiscal year
    `year` ("Income statement FY2025"), each dated in that fiscal year by the settings'
    fiscal year start, in place; what the preview says of it (None when no column is one).

    With a January start, months that do not run forward in the calendar year (APR …
    MAR) are not dated (the year is asked), unless the start was not given
    (``start_given``: January is the default) and they are the twelve months from one month
    on: the year then starts in that month, set in the settings and said. A column's period end that
    some start month would give is replaced (settings sent back with another start); a day
    typed for the column is kept."""
    start = start_month(settings)
    months: list[tuple[ColumnSetting, int]] = []
    for column in settings.columns:
        period = read_period(column.header)
        if column.role is ColumnRole.amount and period and period.end is None and period.month:
            months.append((column, period.month))
    numbers = [m for _, m in months]
    shown_from = ""
    if start == 1 and numbers and not _in_order(numbers, year, start):
        if start_given or len(numbers) != 12 or not _in_order(numbers, year, numbers[0]):
            return None  # NOV DEC JAN: which year November is depends on the start
        start = settings.constants.fiscal_year_start = numbers[0]
        shown_from = f"the months shown run from {MONTH_NAMES[start - 1]}, so "
    dated: list[tuple[dt.date, str]] = []
    for column, month in months:
        if column.period_end is None or column.period_end in {
            last_day(year, month),
            last_day(year - 1, month),
        }:
            column.period_end = _fiscal_month_end(year, month, start)
            dated.append((column.period_end, column.header))
    if not dated:
        return None
    (first, first_header), (last, last_header) = min(dated), max(dated)
    shown = f'"{first_header}" is dated {first} and "{last_header}" {last}'
    if start == 1:
        return (
            f"The title names fiscal year {year} and the columns name months without a "
            f"year: they are read as the calendar year {year} (a fiscal year starting in "
            f"January): {shown}. If the fiscal year starts in another month, set the fiscal "
            "year start (constants.fiscal_year_start) before storing: the months from it on "
            f"are then dated in {year - 1}."
        )
    return (
        f"The title names fiscal year {year} and the columns name months without a year: "
        f"{shown_from}they are read as a fiscal year starting in {MONTH_NAMES[start - 1]}, "
        f"named after the calendar year it ends in ({MONTH_NAMES[start - 1]} {year - 1} - "
        f"{MONTH_NAMES[(start - 2) % 12]} {year}): {shown}. If the fiscal year starts in "
        "another month, change the fiscal year start (constants.fiscal_year_start) before "
        "storing."
    )


def uses_fiscal_start(settings: ImportSettings, *, months_by_title: bool) -> bool:
    """Whether the table's dating or checks depend on the fiscal year start: fiscal period
    or fiscal year columns, months dated by a title naming a fiscal year, or a year to date
    (checked against the months from the start)."""
    return (
        months_by_title
        or has_fiscal_periods(settings)
        or any(is_year_to_date(c.header) for c in settings.columns)
    )


def years_over_periods(head: list[list[Any]], index: int) -> dict[int, tuple[int, Period]]:
    """A year row over a row of periods that lack one ("2024" merged over Q1 Q2 Q3, "2023"
    over Q1 Q2 Q3): each period column with the year above it (carried right across the
    merged cells), when at least two columns are dated that way."""
    if index + 1 >= len(head):
        return {}
    top = [cell_text(c) for c in head[index]]
    below = [cell_text(c) for c in head[index + 1]]
    found: dict[int, tuple[int, Period]] = {}
    year: int | None = None
    fiscal: list[list[int | None]] = []  # the months under each "FY2024"
    under_fiscal = False
    for position, text in enumerate(below):
        above = top[position] if position < len(top) else ""
        if above:
            m = _FISCAL_YEAR.match(above)
            year = int(m[1]) if m else int(float(above)) if is_year_number(above) else None
            under_fiscal = m is not None
            if under_fiscal:
                fiscal.append([])
        period = read_period(text) if text else None
        if period is not None and period.needs == "year" and year is not None:
            found[position] = (year, period)
            if under_fiscal:
                fiscal[-1].append(period.month)
    for months in fiscal:
        # A fiscal year over its months: only months in calendar order (JAN … DEC) are of
        # that calendar year; APR … MAR, or fiscal quarters, depend on the year-end: ask.
        known = [m for m in months if m is not None]
        if len(known) < len(months) or known != sorted(known):
            return {}
    return found if len(found) >= 2 else {}


_FISCAL_YEAR = re.compile(r"(?i)^\s*fy\s*((?:19|20|21)\d\d)\s*$")


def date_quarters_by_fiscal_year(
    settings: ImportSettings, year: int, *, start_given: bool
) -> str | None:
    """Quarter columns with no year ("Q1" … "Q4") under a title naming fiscal year `year`
    ("Income statement FY2025 (July-June)"), each dated on its quarter's last day in that
    fiscal year by the settings' fiscal year start, in place: Q1 is the fiscal year's first
    quarter. What the preview says of it (a warning when no start was given or stated: the
    quarters are then calendar quarters); None when no column is one. A day typed for a
    column (no start month gives it) is kept."""
    start = start_month(settings)
    dated: list[tuple[str, dt.date]] = []
    for column in settings.columns:
        period = read_period(column.header)
        if column.role is not ColumnRole.amount or period is None or period.quarter is None:
            continue
        if period.end is not None:
            continue
        if column.period_end is None or column.period_end in fiscal_quarter_ends(
            year, period.quarter
        ):
            column.period_end = fiscal_quarter_end(year, period.quarter, start)
            dated.append((column.header, column.period_end))
    return fiscal_quarter_note(dated, start, given=start_given)
