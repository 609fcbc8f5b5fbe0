"""The fiscal year and the period presets, which respect the data.

The fiscal year starts on the first day of the admin's month (`fiscal_year_start`, 1 =
January, stored in app_settings); fiscal quarters are the three-month blocks from it. Presets
(this month, last quarter, year to date, last 12 months) end at today's month when it holds
data and otherwise at the latest month with data, and then say so ("to Dec 2025, the latest
data"), so a dataset that ends before today never gives empty presets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from elara.core.periods import add_months, month_end
from elara.models import AppSetting

FISCAL_YEAR_START_KEY = "fiscal_year_start"


def fiscal_year_start(session: Session) -> int:
    """The month (1-12) the fiscal year starts in; January when unset or invalid."""
    value = session.scalar(select(AppSetting.value).where(AppSetting.key == FISCAL_YEAR_START_KEY))
    try:
        month = int(value) if value is not None else 1
    except (TypeError, ValueError):
        return 1
    return month if 1 <= month <= 12 else 1


def fiscal_year_bounds(day: date, start_month: int) -> tuple[date, date]:
    """First and last day of the fiscal year containing `day`."""
    first = add_months(day.replace(day=1), -((day.month - start_month) % 12))
    return first, add_months(first, 12) - timedelta(days=1)


def fiscal_quarter_bounds(day: date, start_month: int) -> tuple[date, date]:
    """First and last day of the fiscal quarter containing `day`."""
    offset = (day.month - start_month) % 12 % 3
    first = add_months(day.replace(day=1), -offset)
    return first, add_months(first, 3) - timedelta(days=1)


def fiscal_label(day: date, start_month: int) -> str:
    """ "FY2025 Q3" for the fiscal quarter containing `day` (a fiscal year is named by its end)."""
    last = fiscal_year_bounds(day, start_month)[1]
    quarter = ((day.month - start_month) % 12) // 3 + 1
    return f"FY{last.year} Q{quarter}"


@dataclass(frozen=True)
class PresetPeriod:
    key: str
    label: str
    date_from: date
    date_to: date
    anchored: bool
    note: str | None


def presets(*, today: date, latest: date | None, start_month: int) -> list[PresetPeriod]:
    """The presets, anchored to the latest month with data when today's month has none."""
    anchor = today.replace(day=1)
    anchored = latest is not None and latest.replace(day=1) < anchor
    if anchored and latest is not None:
        anchor = latest.replace(day=1)
    anchor_end = month_end(anchor)
    note = f"to {anchor:%b %Y}, the latest data" if anchored else None
    # "Last quarter" is the last complete quarter: the one before the quarter still running.
    running = anchor_end + timedelta(days=1) if anchored else today
    q_first, _ = fiscal_quarter_bounds(running, start_month)
    last_q_first, last_q_end = fiscal_quarter_bounds(q_first - timedelta(days=1), start_month)
    fy_first, _ = fiscal_year_bounds(anchor, start_month)
    month_label = f"{anchor:%b %Y}" if anchored else "This month"
    return [
        PresetPeriod("this_month", month_label, anchor, anchor_end, anchored, note),
        PresetPeriod(
            "last_quarter",
            f"Last quarter ({fiscal_label(last_q_first, start_month)})",
            last_q_first,
            last_q_end,
            anchored,
            note,
        ),
        PresetPeriod("ytd", "Year to date", fy_first, anchor_end, anchored, note),
        PresetPeriod(
            "last_12_months", "Last 12 months", add_months(anchor, -11), anchor_end, anchored, note
        ),
    ]
