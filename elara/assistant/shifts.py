"""The period before a period: the year before a year, the quarter before a quarter."""

from __future__ import annotations

from datetime import date, timedelta

from elara.assistant.intent import Period
from elara.assistant.periods import add_months, month_end, year_period


def previous_period(period: Period | None, *, today: date) -> Period:
    """The period of equal length just before; with none, the last full year."""
    if period is None:
        return year_period(today.year - 1)
    start, end = period.start, period.end
    if start.day == 1 and end == month_end(end.year, end.month):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        first = add_months(start, -months)
        last = add_months(start, 0) - timedelta(days=1)
        return Period(first, last, _label(first, last, months))
    length = end - start
    return Period(
        start - length - timedelta(days=1),
        start - timedelta(days=1),
        f"{start - length - timedelta(days=1)} to {start - timedelta(days=1)}",
    )


def _label(first: date, last: date, months: int) -> str:
    if months == 12 and first.month == 1:
        return str(first.year)
    if months == 3 and first.month % 3 == 1:
        return f"Q{(first.month + 2) // 3} {first.year}"
    if months == 6 and first.month in (1, 7):
        return f"H{1 if first.month == 1 else 2} {first.year}"
    if months == 1:
        return f"{first:%B %Y}"
    return f"{first:%b %Y}\u2013{last:%b %Y}"
