"""Column groups by the span their figures cover: a 10-Q's "Three Months Ended September 30,"
beside "Nine Months Ended September 30,", a management pack's "Month" beside "YTD". The longer
span restates the shorter one (and the months before it): its columns are listed, never
stored, as ``periods.summary_columns`` does for a budget's "Q1 Total" or "FY 2026" beside its
months. Read when a table's settings are suggested (``suggest.suggest_table``).
"""

from __future__ import annotations

import re
from typing import Any

from elara.ingest.fiscal import MONTH_NAMES
from elara.ingest.headers import cell_text
from elara.ingest.periods import MONTH, QUARTER, is_year_to_date, read_period, span_level
from elara.ingest.rowtotals import from_january
from elara.ingest.settings import ColumnRole, ColumnSetting, ImportSettings, Offered
from elara.ingest.vocabulary import is_aging

# How long a column group's figures run, as its header says: "Three Months Ended …",
# "Quarter Ended", "Six Months Ended", "Nine Months Ended", "Twelve Months Ended", "Year
# Ended", "Current Month"; "Year to Date" / "YTD" / "FYTD" runs from the year's start,
# longer than any span beside it.
_GROUP_SPAN = re.compile(
    r"(?i)\b(?:(year[\s-]+to[\s-]+date|f?ytd)|"
    r"(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})[\s-]+months?|"
    r"(quarter|qtr|qtd)|(half[\s-]?year)|(fiscal\s+year|year)|(current\s+month|month|mtd))\b"
)
_WORDS = "one two three four five six seven eight nine ten eleven twelve"
_NUMBER_WORDS = {w: i for i, w in enumerate(_WORDS.split(" "), start=1)}
TO_DATE = 99  # a year to date: longer than any span stated beside it


def group_span(text: str) -> int | None:
    """The months a column group's header says its figures cover ("Nine Months Ended
    September 30," is 9, "Quarter Ended" 3, "Current Month" 1, "Year to Date" ``TO_DATE``),
    or None."""
    if not (m := _GROUP_SPAN.search(text)):
        return None
    if m[1]:
        return TO_DATE
    if m[2]:
        word = m[2].casefold()
        months = int(word) if word.isdigit() else _NUMBER_WORDS[word]
        return months if 1 <= months <= 12 else None
    if m[3]:
        return 3
    if m[4]:
        return 6
    if m[6]:
        return 1  # "Current Month" beside "Year to Date"
    if not re.match(r"(?i)[\s-]+(?:ended|ending)\b", text[m.end() :]):
        return None  # "year" alone ("Prior year") states no span
    return 12


def span_groups(head: list[list[Any]], index: int, headers: list[str]) -> dict[int, str]:
    """Each column's group header: the cell above it on the row over the headers, or the
    nearest one to its left (a merged cell, or a group written once over blank cells); the
    header itself when it states the span ("Three Months Ended Sep 30, 2025")."""
    above = [cell_text(c) for c in head[index - 1]] if 0 < index <= len(head) else []
    groups: dict[int, str] = {}
    current = ""
    for position, header in enumerate(headers):
        text = above[position] if 0 < position < len(above) else ""
        if text:  # a title in the first column is not a group
            current = text
        if group_span(header) is not None:
            groups[position] = header
        elif current:
            groups[position] = current
    return groups


def span_groups_over_periods(head: list[list[Any]], index: int) -> bool:
    """The row taken for the header names column groups of two spans or more ("Month" |
    "YTD", "Three Months Ended …" | "Nine Months Ended …") over a row of periods (Mar-25 |
    Mar-24 …, 2025 | 2024 …): the periods' row is the header, the groups are read above it."""
    if index + 1 >= len(head):
        return False
    cells = [cell_text(c) for c in head[index][1:]]
    spans = {months for text in cells if text and (months := group_span(text)) is not None}
    if len(spans) < 2 or any(text and group_span(text) is None for text in cells):
        return False
    below = [cell_text(c) for c in head[index + 1][1:]]
    return sum(1 for text in below if text and read_period(text) is not None) >= 2


_MONEY_ROLES = (ColumnRole.amount, ColumnRole.quantity, ColumnRole.measure)


def _own_span(column: ColumnSetting) -> int | None:
    """The months a money column's own period header spans when it states no span in words:
    a month ("Mar-25", "JAN") one, a quarter ("Q1 2025") three; None for anything else (a
    year beside quarters is a period of its own, see ``periods.summary_columns``)."""
    if column.role not in _MONEY_ROLES:
        return None
    period = read_period(column.header)
    if period is None or period.day:
        return None
    return {MONTH: 1, QUARTER: 3}.get(span_level(column.header) or 0)


def _in_group(column: ColumnSetting) -> bool:
    """A column that can belong to a span group: money, or left out with a period header
    ("2025 (2)", a year named twice); not a "% Change" beside the years."""
    if column.role in _MONEY_ROLES:
        return True
    named = re.sub(r"\s\(\d+\)$", "", column.header)
    if column.role is ColumnRole.ignore and is_year_to_date(column.header):
        return True  # a lone "YTD" beside the months (set aside by the roles: said here)
    return column.role is ColumnRole.ignore and read_period(named) is not None


def _restates(columns: list[ColumnSetting], position: int, months: int, kept: list[int]) -> bool:
    """Whether a longer column covers one of the shorter ones: its span, ending on its date,
    holds theirs ("Nine Months Ended Sep 30, 2025" holds the quarter to 30 September 2025; a
    year ended 31 December 2024 holds no quarter of 2025). Undated, it is taken as covering
    them (a group over "2025 (2)")."""
    end = columns[position].period_end
    ends = [e for k in kept if (e := columns[k].period_end) is not None]
    if end is None or not ends:
        return True
    last = end.year * 12 + end.month
    return any(last - months < e.year * 12 + e.month <= last for e in ends)


def _to_date_columns(
    head: list[list[Any]], index: int, settings: ImportSettings
) -> tuple[list[int], list[int], dict[int, str]]:
    """The columns of a longer span beside a shorter one: a 10-Q's "Nine Months Ended
    September 30," (2025 | 2024) beside "Three Months Ended September 30," restates the
    quarter and the two before it; "Twelve Months Ended 31 March 2025" beside Jan-25 … Mar-25
    restates them. Returns those positions, the shortest span's positions and each column's
    group header; nothing when no column states a span in words, or only one span is seen."""
    columns = settings.columns
    headers = [c.header for c in columns]
    groups = span_groups(head, index, headers)
    stated = {
        p: months
        for p, text in groups.items()
        if p < len(columns) and _in_group(columns[p]) and (months := group_span(text))
    }
    if not stated:
        return [], [], {}
    spans = {
        p: months
        for p, column in enumerate(columns)
        if (months := stated.get(p) or _own_span(column)) is not None
    }
    if len(set(spans.values())) < 2:
        return [], [], {}
    shortest = min(spans.values())
    kept = [p for p, months in spans.items() if months == shortest]
    longer = [p for p, months in spans.items() if months > shortest]
    longer = [p for p in longer if _restates(columns, p, spans[p], kept)]
    groups = {p: groups.get(p, headers[p]) for p in range(len(columns))}
    return longer, kept, groups


def _said(positions: list[int], headers: list[str], groups: dict[int, str]) -> str:
    """Columns as a note names them: their group header(s) when a row above states the
    span ('the "2025 (2)", "2024 (2)" columns under "Nine Months Ended September 30,"'),
    else their own headers ("Nine Months Ended Sep 30, 2025")."""
    columns = ", ".join(f'"{headers[p]}"' for p in positions)
    word = "column" if len(positions) == 1 else "columns"
    above = list(dict.fromkeys(groups[p].strip() for p in positions if groups[p] != headers[p]))
    if not above:
        return f"the {word} {columns}"
    return f"the {word} {columns} under " + ", ".join(f'"{g}"' for g in above)


def year_to_date_columns(
    head: list[list[Any]], index: int, settings: ImportSettings, offered: Offered, *, fresh: bool
) -> None:
    """A 10-Q's year-to-date columns beside the quarter's: listed, never stored (as a
    budget's "Q1 Total" or "FY 2026" beside its months), with a preview note naming them.
    Settings sent back keep the person's roles; the note is said while they are not stored.
    An aged report's buckets ("Current", "1 months", "2 months", "Older") are ages, not
    spans: each is money owed, none restates another."""
    if is_aging([c.header for c in settings.columns]):
        return
    longer, kept, groups = _to_date_columns(head, index, settings)
    if fresh:
        for position in longer:
            settings.columns[position].role = ColumnRole.ignore
            settings.columns[position].period_end = None
    unstored = [p for p in longer if settings.columns[p].role is ColumnRole.ignore]
    if unstored:
        headers = [c.header for c in settings.columns]
        said = _said(unstored, headers, groups)
        one = len(unstored) == 1
        verb, they, listed = (
            ("is", "it restates", "it is") if one else ("are", "they restate", "they are")
        )
        offered.notes.append(
            f"{said[0].upper()}{said[1:]} {verb} taken as year to date: {they} a longer "
            f"span that includes {_said(kept, headers, groups)}, so {listed} listed and not "
            "stored (the money would count twice). Only the shorter span's figures are stored."
            + _checked_note([settings.columns[p] for p in unstored], settings)
        )


def _checked_note(unstored: list[ColumnSetting], settings: ImportSettings) -> str:
    """What the note on a lone "YTD" column beside the months adds: whether its figures are
    checked against the months' sum (they are when the months run from January, or from the
    fiscal year start the settings state, see ``rowtotals.from_january``), or why not."""
    if not any(is_year_to_date(c.header) for c in unstored):
        return ""
    ends = [c.period_end for c in settings.columns if c.role is ColumnRole.amount]
    start = settings.constants.fiscal_year_start or 1
    if from_january(ends, start):
        first = "January" if start == 1 else f"{MONTH_NAMES[start - 1]}, the fiscal year start"
        return (
            f" Each row's year to date is checked against the sum of its months from {first}: "
            "a difference is a warning."
        )
    return (
        " Its figures are not checked against the months shown: they need not be every "
        "month of the year so far (a fiscal year may start in another month: set the fiscal "
        "year start, constants.fiscal_year_start, and months shown from it are checked)."
    )
