"""Periods in the words analysts use, anchored to the data.

Relative periods ("last month", "last quarter", "YTD", "TTM", "past 6 months") count back from
the *anchor*: the latest complete month with data (the month before today's when this month has
data, else the last month that has any). Fiscal years start in `fiscal_start` (1 = January) and
are named by the calendar year they end in: with a July start, FY2026 is July 2025 - June 2026.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from elara.core.periods import add_months, month_end, months_between

MONTHS = [date(2000, m, 1).strftime("%B").lower() for m in range(1, 13)]
ABBR = [m[:3] for m in MONTHS]
NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty four": 24,
}  # fmt: skip
ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    def shifted(self, months: int) -> Period:
        start, end = add_months(self.start, months), month_end(add_months(self.end, months))
        return Period(start, end, relabel(self.label, months, start, end))

    def describe(self) -> str:
        return f"{self.label} ({self.start:%-d %b %Y} - {self.end:%-d %b %Y})"


def relabel(label: str, months: int, start: date, end: date) -> str:
    """A shifted period's label: years in the label move with it, else plain dates."""
    if months % 12 == 0 and re.search(r"\d{4}", label):
        return re.sub(r"\d{4}", lambda m: str(int(m.group()) + months // 12), label)
    return span_label(start, end)


def span_label(start: date, end: date) -> str:
    if start.month == end.month and start.year == end.year:
        return f"{start:%B %Y}"
    if start.month == 1 and end.month == 12 and start.year == end.year:
        return str(start.year)
    if months_between(start, end) == 3 and start.month % 3 == 1:
        return f"Q{(start.month + 2) // 3} {start.year}"
    return f"{start:%b %Y} - {end:%b %Y}"


@dataclass(frozen=True)
class Calendar:
    """The anchor month and the fiscal start used to read relative and fiscal periods."""

    anchor: date  # first day of the latest complete month with data
    fiscal_start: int = 1

    def months_back(self, n: int, label: str) -> Period:
        return Period(add_months(self.anchor, 1 - n), month_end(self.anchor), label)

    def year(self, year: int) -> Period:
        return Period(date(year, 1, 1), date(year, 12, 31), str(year))

    def quarter(self, year: int, q: int) -> Period:
        start = date(year, 3 * q - 2, 1)
        return Period(start, month_end(add_months(start, 2)), f"Q{q} {year}")

    def half(self, year: int, h: int) -> Period:
        start = date(year, 6 * h - 5, 1)
        return Period(start, month_end(add_months(start, 5)), f"H{h} {year}")

    def month(self, year: int, month: int) -> Period:
        start = date(year, month, 1)
        return Period(start, month_end(start), f"{start:%B %Y}")

    def fiscal_year(self, year: int) -> Period:
        start = date(year if self.fiscal_start == 1 else year - 1, self.fiscal_start, 1)
        return Period(start, month_end(add_months(start, 11)), f"FY{year}")

    def fiscal_quarter(self, year: int, q: int) -> Period:
        start = add_months(self.fiscal_year(year).start, 3 * (q - 1))
        return Period(start, month_end(add_months(start, 2)), f"Q{q} FY{year}")

    def fiscal_half(self, year: int, h: int) -> Period:
        start = add_months(self.fiscal_year(year).start, 6 * (h - 1))
        return Period(start, month_end(add_months(start, 5)), f"H{h} FY{year}")

    def fiscal_year_of(self, day: date) -> int:
        return day.year + (1 if self.fiscal_start != 1 and day.month >= self.fiscal_start else 0)

    def last_quarter(self) -> Period:
        """The latest calendar quarter that is complete by the anchor."""
        a = self.anchor
        q = (a.month - 1) // 3 + 1
        if a.month % 3 != 0:
            q -= 1
        year = a.year
        if q == 0:
            q, year = 4, year - 1
        return self.quarter(year, q)

    def last_year(self) -> Period:
        return self.year(self.anchor.year if self.anchor.month == 12 else self.anchor.year - 1)

    def last_fiscal_year(self) -> Period:
        fy = self.fiscal_year_of(self.anchor)
        complete = self.fiscal_year(fy).end <= month_end(self.anchor)
        return self.fiscal_year(fy if complete else fy - 1)

    def ytd(self) -> Period:
        return Period(
            date(self.anchor.year, 1, 1), month_end(self.anchor), f"{self.anchor.year} YTD"
        )

    def fiscal_ytd(self) -> Period:
        fy = self.fiscal_year_of(self.anchor)
        return Period(self.fiscal_year(fy).start, month_end(self.anchor), f"FY{fy} to date")


def anchor_month(last_date: date | None, today: date) -> date:
    """The latest complete month with data: never today's own, still-running month."""
    current = today.replace(day=1)
    if last_date is None:
        return add_months(current, -1)
    last = last_date.replace(day=1)
    return min(last, add_months(current, -1))
