"""When a subscription next runs: a local wall-clock time in an IANA time zone, as UTC.

Pure functions (no clock, no database), so daylight-saving changes can be tested directly.
A time that does not exist on a spring-forward day runs at the same offset from midnight
(02:30 becomes 03:30); a time that happens twice on a fall-back day runs the first time.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

FREQUENCIES = ("daily", "weekly", "monthly")


def valid_timezone(name: str) -> bool:
    """True when `name` is an IANA time zone this machine knows."""
    if name not in available_timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def parse_time(text: str) -> time:
    """`HH:MM` (24-hour) as a time; ValueError otherwise."""
    hours, sep, minutes = text.partition(":")
    if not sep or len(hours) != 2 or len(minutes) != 2:
        raise ValueError("use HH:MM, for example 07:30")
    return time(int(hours), int(minutes))


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`day` at `at` in `zone` as UTC; a skipped local time moves forward by the gap."""
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone, fold=0)
    # A skipped time does not survive the round trip through UTC; the round trip is the answer.
    return aware.astimezone(UTC)


def _runs_on(day: date, frequency: str, weekday: int | None, month_day: int | None) -> bool:
    if frequency == "daily":
        return True
    if frequency == "weekly":
        return day.weekday() == (weekday or 0)
    last = calendar.monthrange(day.year, day.month)[1]
    return day.day == min(month_day or 1, last)


def next_run(
    after: datetime,
    *,
    frequency: str,
    at: time,
    timezone: str,
    weekday: int | None = None,
    month_day: int | None = None,
) -> datetime:
    """The first run strictly after `after` (aware), in UTC."""
    if frequency not in FREQUENCIES:
        raise ValueError(f"frequency must be one of {', '.join(FREQUENCIES)}")
    zone = ZoneInfo(timezone)
    day = after.astimezone(zone).date() - timedelta(days=1)
    for _ in range(400):  # a monthly schedule finds its day within two months
        if _runs_on(day, frequency, weekday, month_day):
            candidate = _local(day, at, zone)
            if candidate > after:
                return candidate
        day += timedelta(days=1)
    raise ValueError("no run within a year")  # pragma: no cover - every frequency recurs
