"""A report's scenario columns: dated periods over Actual | Budget | Variance labels, or
Actual | Budget over a row of periods (a management pack's Month | Year to date as well).
The actual columns are the records, dated by their period; the others are kept as numbers,
never money. Read by ``elara.ingest.suggest``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from elara.ingest.headers import cell_text
from elara.ingest.periods import read_period

ACTUAL = frozenset({"actual", "actuals", "act", "ist"})
BESIDE_ACTUAL = frozenset(
    {
        "budget", "bud", "plan", "forecast", "fcst", "variance", "var", "var %", "variance %",
        "prior year", "py", "last year", "over budget", "% of budget", "fav unfav", "soll",
        "abweichung", "target",
    }
)  # fmt: skip


# A management pack's column groups: the report's own period (dated by its title, "Period 7 -
# October 2025") and the year to date, which adds up the months before it and is never stored.
_THIS_PERIOD = frozenset(
    {
        "month", "current month", "this month", "period", "current period", "this period",
        "quarter", "current quarter", "this quarter", "mtd", "month to date",
    }
)  # fmt: skip
_TO_DATE = frozenset(
    {"year to date", "ytd", "y t d", "cumulative", "year-to-date", "fiscal year to date", "fytd"}
)
_OF_TITLE = object()  # the column group of the report's own period (the title dates it)


def periods_over_actuals(
    head: list[list[Any]], index: int
) -> dict[int, tuple[dt.date | None, bool]]:
    """A row of dated periods ("Jan 2025" merged over two or three columns) over a row of
    Actual | Budget | Variance labels: each column under a period, with the period's end and
    whether it is the actual (the record) or a comparison (kept as a number, never money).

    A management pack's "Month | Year to date" over the same labels: the month's actual is
    the record, dated by the title (no end here); the year to date's columns are numbers."""
    if index + 1 >= len(head):
        return {}
    top = [cell_text(c) for c in head[index]]
    below = [cell_text(c) for c in head[index + 1]]
    found: dict[int, tuple[dt.date | None, bool]] = {}
    group: dt.date | object | None = None
    for position, text in enumerate(below):
        above = top[position] if position < len(top) else ""
        if above:
            word = scenario_word(above)
            period = read_period(above)
            group = (
                period.end if period is not None
                else _OF_TITLE if word in _THIS_PERIOD
                else _TO_DATE if word in _TO_DATE
                else None
            )  # fmt: skip
        label = " ".join(text.casefold().replace("%", " %").split()).strip(". ")
        if group is None or not (label in ACTUAL or label in BESIDE_ACTUAL):
            continue
        if group is _TO_DATE:
            found[position] = (None, False)  # the year to date: kept as a number
        else:
            end = group if isinstance(group, dt.date) else None
            found[position] = (end, label in ACTUAL)
    actuals = sum(1 for _, actual in found.values() if actual)
    return found if actuals >= 1 and len(found) >= 2 else {}


def actuals_over_periods(
    head: list[list[Any]], index: int
) -> dict[int, tuple[dt.date | None, bool]]:
    """The other way round: "Actual" merged over a row of dated periods (Jan 2025 … Dec
    2025), "Budget" over the same periods: each period column under its scenario (carried
    right across the merged cells), the actual ones the records dated by their period, the
    others kept as numbers (never money). Same answer as ``periods_over_actuals``."""
    if index + 1 >= len(head):
        return {}
    top = [cell_text(c) for c in head[index]]
    below = [cell_text(c) for c in head[index + 1]]
    found: dict[int, tuple[dt.date | None, bool]] = {}
    scenario: str | None = None
    for position, text in enumerate(below):
        above = top[position] if position < len(top) else ""
        if above:
            word = " ".join(above.casefold().replace("%", " %").split()).strip(". :")
            scenario = word if word in ACTUAL or word in BESIDE_ACTUAL else None
        period = read_period(text) if text else None
        if scenario is None or period is None or period.end is None or period.day:
            continue
        found[position] = (period.end, scenario in ACTUAL)
    actuals = sum(1 for _, actual in found.values() if actual)
    return found if actuals >= 1 and len(found) > actuals else {}


def scenario_word(text: str) -> str:
    """A label as the scenario words are written: lower case, single spaces, no dots or
    colons around it ("Actual:" is "actual")."""
    return " ".join(text.casefold().split()).strip(". :")


def scenario_row(row: list[Any]) -> bool:
    """A row whose cells are all scenario words ("Actual", "Budget", "Variance")."""
    words = [scenario_word(cell_text(c)) for c in row]
    words = [w for w in words if w]
    return bool(words) and all(w in ACTUAL or w in BESIDE_ACTUAL for w in words)


def scenario_columns(head: list[list[Any]], index: int) -> dict[int, tuple[dt.date | None, bool]]:
    """Periods over Actual | Budget, or Actual | Budget over periods (``index``: the top row)."""
    return periods_over_actuals(head, index) or actuals_over_periods(head, index)
