"""A German booking batch for the tax adviser ("EXTF_Buchungsstapel.csv", DATEV's format).

The first line is the batch's own record: "EXTF" (or "DTVF"), the header version, the data
category (21 for bookings), "Buchungsstapel", …, the fiscal year start (field 13, YYYYMMDD)
and the batch's first and last day (fields 15 and 16). Then a fixed column header and one
booking a line: "Umsatz (ohne Soll/Haben-Kz)" unsigned, signed by its S/H column; the
account "Konto" debited (S) or credited (H); the contra account "Gegenkonto"; the document
date "Belegdatum" written as day and month only ("0501"), whose year the batch line gives.

Only "Konto"'s side of each booking is stored (the contra account is kept as a dimension):
see docs/import.md, layout 157, for why and what that leaves out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import polars as pl

from elara.ingest.headers import cell_text
from elara.ingest.plan import CONSTANT_ORDER
from elara.ingest.settings import ColumnRole, ImportSettings, Offered
from elara.ingest.vocabulary import key

# The batch's column headers (normalised) and the role each plays; every other column of the
# format (about 120: exchange rates, document links, cost quantities, tax fields …) is not
# stored. The cost centres are kept like the contra account: as dimensions to filter by.
_ROLES = {
    key("Umsatz (ohne Soll/Haben-Kz)"): ColumnRole.amount,
    key("Soll/Haben-Kennzeichen"): ColumnRole.drcr,
    key("WKZ Umsatz"): ColumnRole.currency,
    key("Konto"): ColumnRole.account,
    key("Gegenkonto (ohne BU-Schlüssel)"): ColumnRole.dimension,
    key("Belegdatum"): ColumnRole.date,
    key("Buchungstext"): ColumnRole.description,
    key("KOST1 - Kostenstelle"): ColumnRole.dimension,
    key("KOST2 - Kostenstelle"): ColumnRole.dimension,
}
_SIGNATURE = (key("Umsatz (ohne Soll/Haben-Kz)"), key("Konto"), key("Belegdatum"))
_BATCH_MARK = re.compile(r"^(EXTF|DTVF)$")
_YYYYMMDD = re.compile(r"^((?:19|20|21)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")
# A day and month with no year ("0501", "501" when a spreadsheet dropped the leading zero).
SHORT_DATE = r"^\s*(0?[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\s*$"


def table_roles(headers: Sequence[str]) -> dict[int, ColumnRole] | None:
    """Every column's role when the headers are a booking batch's, else None."""
    keys = [key(h) for h in headers]
    if not all(k in keys for k in _SIGNATURE):
        return None
    return {i: _ROLES.get(k, ColumnRole.ignore) for i, k in enumerate(keys)}


def _day(value: Any) -> dt.date | None:
    m = _YYYYMMDD.match(cell_text(value))
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _months(first: dt.date, last: dt.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def batch_year(rows: Sequence[Sequence[Any]]) -> tuple[int, int] | None:
    """The fiscal year the batch line above the table dates its bookings in: (the calendar
    year the fiscal year ends in, the month it starts in), as `constants.year` and
    `constants.fiscal_year_start` name them. None when no batch line says it, or when its
    fiscal year start and its from/to dates disagree: the year is then asked, not guessed."""
    line = next((r for r in rows if r and _BATCH_MARK.match(cell_text(r[0]))), None)
    if line is None:
        return None
    cells = [*line, *[None] * 16][:16]
    start, first, last = _day(cells[12]), _day(cells[14]), _day(cells[15])
    if start is not None:
        ends = dt.date(start.year + 1, start.month, 1) - dt.timedelta(days=1)
        if start.day != 1 or any(d is not None and not start <= d <= ends for d in (first, last)):
            return None
        return ends.year, start.month
    if first is None or last is None or not 0 <= _months(first, last) < 12:
        return None
    # No fiscal year start: the batch's own span, under a year, says which year a month is in.
    return last.year, first.month if first.year != last.year else 1


def short_dated(rows: Sequence[Sequence[Any]], position: int) -> bool:
    """Whether a date column's sample cells are days and months with no year."""
    texts = [cell_text(r[position]) for r in rows if position < len(r) and cell_text(r[position])]
    return bool(texts) and all(re.match(SHORT_DATE, t) for t in texts)


def short_dates(
    texts: pl.Series, dates: pl.Series, found: dict[int, str], *, year: int | None, start: int
) -> tuple[pl.Series, dict[int, str]]:
    """A date column's day-and-month cells dated in the fiscal year ending in ``year`` that
    starts in month ``start`` (January: the calendar year): with a July start and 2025,
    "1512" is 15 Dec 2024 and "1001" 10 Jan 2025. With no year, each is a problem (the
    year is asked, never taken from the run date or guessed)."""
    s = texts.str.strip_chars()
    short = s.str.contains(SHORT_DATE).fill_null(False)
    if not short.any():
        return dates, found
    found = {i: p for i, p in found.items() if not short[i]}
    indexes = short.arg_true().to_list()
    if year is None:
        found |= dict.fromkeys(indexes, "is a day and month with no year (give the year)")
        return dates, found
    padded = s.str.zfill(4)
    month = padded.str.slice(2, 2).cast(pl.Int32, strict=False)
    before = (month >= start) if start > 1 else pl.Series([False] * len(s))
    years = pl.select(pl.when(before).then(year - 1).otherwise(year)).to_series()
    text = years.cast(pl.String) + "-" + padded.str.slice(2, 2) + "-" + padded.str.slice(0, 2)
    dated = text.str.to_date("%Y-%m-%d", strict=False)
    merged = pl.select(pl.when(short).then(dated).otherwise(dates)).to_series()
    for i in (short & merged.is_null()).arg_true().to_list():
        found[i] = "is no day of that month"  # "3102": 31 February
    return merged, found


def day_month_constants(
    settings: ImportSettings, offered: Offered, head: list[list[Any]], index: int
) -> None:
    """A date column of days and months ("0501", a booking batch's Belegdatum) dated by the
    fiscal year a batch line above states (unless the settings give a year); when nothing
    says the year, it is asked."""
    date = next((i for i, c in enumerate(settings.columns) if c.role is ColumnRole.date), None)
    if date is None or not short_dated(head[index + 1 : index + 50], date):
        return
    offered.day_months = True
    constants = settings.constants
    if (found := batch_year(head[:index])) is None:
        return
    offered.year, offered.fiscal_year_start = found
    constants.year = constants.year or found[0]
    # The batch's fiscal year start dates its months even under a year the person typed.
    constants.fiscal_year_start = constants.fiscal_year_start or found[1]


def needs_of(needs: list[str], settings: ImportSettings, offered: Offered) -> list[str]:
    """The constants a table needs: its plan's, and the year of days and months given with
    no year (a booking batch's "0501" with no batch line to say it)."""
    if offered.day_months and settings.constants.year is None and "year" not in needs:
        return [n for n in CONSTANT_ORDER if n in {*needs, "year"}] + [
            n for n in needs if n not in CONSTANT_ORDER
        ]
    return needs
