"""Calendar-month arithmetic, the one home for it: month starts and ends, shifting by months."""

from __future__ import annotations

import calendar
from datetime import date


def month_start(day: date) -> date:
    """The first day of the month of `day`."""
    return day.replace(day=1)


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def month_end(day: date) -> date:
    """The last day of the month of `day`."""
    return last_day(day.year, day.month)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """How many calendar months from the month of `start` to that of `end`, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1
