"""The next run of a schedule in a time zone, across daylight-saving changes (pure function)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from elara.subscriptions.schedule import next_run, parse_time, valid_timezone


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        # New York: 07:00 is 12:00 UTC in winter (EST) and 11:00 UTC in summer (EDT).
        (utc(2026, 3, 7, 12, 0), utc(2026, 3, 8, 11, 0)),  # the spring-forward day
        (utc(2026, 3, 8, 11, 0), utc(2026, 3, 9, 11, 0)),
        (utc(2026, 10, 31, 11, 0), utc(2026, 11, 1, 12, 0)),  # the fall-back day
        (utc(2026, 11, 1, 11, 59), utc(2026, 11, 1, 12, 0)),
    ],
)
def test_daily_keeps_local_time_across_dst(after: datetime, expected: datetime) -> None:
    assert next_run(after, frequency="daily", at=time(7), timezone="America/New_York") == expected


def test_a_skipped_local_time_runs_after_the_gap() -> None:
    # 02:30 does not exist in New York on 2026-03-08; it runs at 03:30 EDT = 07:30 UTC.
    got = next_run(
        utc(2026, 3, 7, 12), frequency="daily", at=time(2, 30), timezone="America/New_York"
    )
    assert got == utc(2026, 3, 8, 7, 30)


def test_a_repeated_local_time_runs_once_the_first_time() -> None:
    # 01:30 happens twice in London on 2026-10-25: first at 00:30 UTC (BST), then 01:30 UTC.
    first = next_run(
        utc(2026, 10, 24, 12), frequency="daily", at=time(1, 30), timezone="Europe/London"
    )
    assert first == utc(2026, 10, 25, 0, 30)
    second = next_run(first, frequency="daily", at=time(1, 30), timezone="Europe/London")
    assert second == utc(2026, 10, 26, 1, 30)


def test_weekly_on_monday_in_berlin_across_dst() -> None:
    # Mondays 08:00 Berlin: 06:00 UTC in summer, 07:00 UTC after 2026-10-25.
    got = next_run(
        utc(2026, 10, 19, 6, 0),
        frequency="weekly",
        at=time(8),
        timezone="Europe/Berlin",
        weekday=0,
    )
    assert got == utc(2026, 10, 26, 7, 0)
    assert got.astimezone(ZoneInfo("Europe/Berlin")).weekday() == 0


def test_monthly_day_31_falls_on_the_last_day_of_short_months() -> None:
    kwargs = {"frequency": "monthly", "at": time(9), "timezone": "Asia/Tokyo", "month_day": 31}
    feb = next_run(utc(2027, 1, 31, 1), **kwargs)  # type: ignore[arg-type]
    assert feb == utc(2027, 2, 28, 0, 0)
    assert next_run(feb, **kwargs) == utc(2027, 3, 31, 0, 0)  # type: ignore[arg-type]


def test_time_and_zone_validation() -> None:
    assert parse_time("07:30") == time(7, 30)
    for bad in ("7:30", "24:00", "07-30", ""):
        with pytest.raises(ValueError):
            parse_time(bad)
    assert valid_timezone("Europe/Berlin")
    assert not valid_timezone("Mars/Olympus")
    with pytest.raises(ValueError):
        next_run(utc(2026, 1, 1), frequency="hourly", at=time(7), timezone="UTC")
