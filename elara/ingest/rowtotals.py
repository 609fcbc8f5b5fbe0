"""A wide statement's "Total" column, checked against the periods it sums, never stored.

Statements with periods as columns (JAN…DEC, Q1…Q4, "Jan 2024"…) often end each row with a
"Total", "FY Total" or "Full Year" column that is that row's sum, and budgets put a "Q1 Total"
after each quarter's months and "FY 2026" after them all: each sums the periods since the
last total that spans as much (see ``periods.summary_columns``). It is not a period (it is
never stored), but it is the file's own statement of the row: every kept row's total is
compared with the sum of its period values, exactly, and a difference of more than a cent is
a warning giving both figures. A "YTD" column is checked only when the months shown run
from the first month of the year without a gap (``from_january``; from the fiscal year start
when the import states one, ``constants.fiscal_year_start``): a year-to-date column covers
the months of the fiscal year so far, which need not be the months shown (a fiscal year
starting in April shown from January would differ for no fault of the file).

A consolidation's "Total", "Consolidated", "Group" or "Combined" column (one column per
company, see the ``entity`` role) is checked the same way against the company columns to its
left: "NW-US | NW-UK | Total | Eliminations | Total Incl. Eliminations" ties each total to
the columns before it. So is a report's "Total" after the columns of a dimension's members
("Retail | Wholesale | Not Specified | Total", see the ``member`` role). So is an aging
report's "Total" after its age buckets ("Current | 1 - 30 | … | 91 and over | Total", each
bucket a measure): a customer's Total is the sum of its buckets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from elara.core.money import differs_by_more_than_a_cent
from elara.core.periods import last_day
from elara.ingest.entities import is_group_total
from elara.ingest.model import Mismatch, mismatch_warnings
from elara.ingest.numbers import ParsedUnits, parse_units
from elara.ingest.periods import QUARTER, YEAR, is_year_to_date, span_level
from elara.ingest.plan import SPLIT_ROLES, TablePlan
from elara.ingest.settings import ColumnRole
from elara.ingest.vocabulary import AGE_BUCKET, is_aging, key

_TOTAL_WORDS = frozenset({"full year", "fy", "annual", "year total", "total year"})
_SUMMARY = (YEAR, QUARTER)  # "FY 2026" after its months, "Q1" after its months


def _periods(plan: TablePlan) -> list[int]:
    return [
        v.position for v in plan.values if v.role is ColumnRole.amount and v.period_end is not None
    ]


def _entities(plan: TablePlan) -> list[int]:
    """Company columns, or a dimension's member columns (see ``elara.ingest.members``); not
    a company's period columns (a company row over months: its totals are not checked)."""
    return [v.position for v in plan.values if v.role in SPLIT_ROLES and v.period_end is None]


def _buckets(plan: TablePlan) -> list[int]:
    """An aging report's age buckets (measures: Current, 1 - 30 … 91 and over), else []."""
    found = [v for v in plan.values if v.role is ColumnRole.measure and AGE_BUCKET.match(v.header)]
    return [v.position for v in found] if is_aging([v.header for v in found]) else []


def from_january(ends: list[dt.date | None], start: int = 1) -> bool:
    """Whether period columns (their last days) are two or more months of one year, running
    from its first month without a gap: January, or the fiscal year start ``start`` (Jul-24
    … Dec-24 with a July start): a year to date beside them is their sum."""
    months = sorted(e for e in ends if e is not None)
    if (
        not 2 <= len(months) <= 12
        or len(months) != len(ends)
        or any(last_day(e.year, e.month) != e for e in months)
        or months[0].month != start
    ):
        return False
    first = months[0].year * 12 + months[0].month - 1
    return [e.year * 12 + e.month - 1 for e in months] == list(range(first, first + len(months)))


def _row_total_positions(plan: TablePlan) -> list[int]:
    """Columns that state each row's total of the period columns: headers saying "total"
    (Total, FY Total, Total 2024) or "Full Year" that are not stored, beside two or more
    period columns; a consolidation's total after two or more company columns; or an aging
    report's Total after its age buckets."""
    periods, entities, buckets = _periods(plan), _entities(plan), _buckets(plan)
    if len(periods) < 2 and len(entities) < 2 and not buckets:
        return []
    used = set(plan.single.values()) | {v.position for v in plan.values}
    used |= set(plan.dimensions) | set(plan.periods)
    found = []
    for position, header in enumerate(plan.headers):
        named = key(header)
        if position in used or not named:
            continue
        period_total = (
            "total" in named.split() or named in _TOTAL_WORDS or span_level(header) in _SUMMARY
        )
        if is_year_to_date(header):  # "YTD Total" too: only the year's months add up
            period_total = from_january(
                [v.period_end for v in plan.values if v.position in periods],
                plan.settings.constants.fiscal_year_start or 1,
            )
        group_total = sum(1 for e in entities if e < position) >= 2 and is_group_total(header)
        aging_total = sum(1 for b in buckets if b < position) >= 2 and "total" in named.split()
        if (len(periods) >= 2 and period_total) or group_total or aging_total:
            found.append(position)
    return found


def _level(header: str) -> int:
    """How much a total column spans: a quarter ("Q1 Total"), else the whole row."""
    return QUARTER if span_level(header) == QUARTER else YEAR


def _parts(plan: TablePlan, position: int, levels: dict[int, int]) -> list[int]:
    """The columns a total column sums: the periods since the last total column that spans
    as much or more ("Q2 Total" the months after "Q1 Total", "FY 2026" every month before
    it), all the periods when none lie before it; or the company columns before it.
    ``levels``: every total column's span, by position."""
    periods = _periods(plan)
    if len(periods) < 2:
        if buckets := _buckets(plan):
            return [b for b in buckets if b < position]
        return [e for e in _entities(plan) if e < position]
    level = levels[position]
    since = max((t for t, spans in levels.items() if t < position and spans >= level), default=-1)
    before = [p for p in periods if since < p < position]
    return before or periods


def _split_words(plan: TablePlan) -> str:
    """What the columns a total sums are called: companies, or the dimension's members."""
    dimension = plan.member_dimension
    return f"{dimension} columns" if dimension is not None else "companies"


@dataclass
class RowTotals:
    """A table's total columns with the columns each sums (decided once, by `start`), and the
    rows whose stated total differs from that sum, across batches."""

    parts: dict[int, list[int]] = field(default_factory=dict)  # total position -> its parts
    what: str = "periods"  # what the parts are called in the warnings
    mismatches: list[Mismatch] = field(default_factory=list)

    def start(self, plan: TablePlan) -> None:
        """Find the table's total columns and what each sums, before its first batch."""
        positions = _row_total_positions(plan)
        levels = {p: _level(plan.headers[p]) for p in positions}
        self.parts = {p: found for p in positions if (found := _parts(plan, p, levels))}
        if len(_periods(plan)) < 2:
            self.what = "age buckets" if _buckets(plan) else _split_words(plan)

    def check(
        self,
        frame: pl.DataFrame,
        keep: pl.Series,
        values: dict[int, ParsedUnits],
        plan: TablePlan,
    ) -> None:
        """Compare each kept row's total column(s) with the sum of its period (or company)
        values."""
        if not self.parts or not keep.any():
            return
        multiplier = plan.settings.constants.unit_multiplier or 1
        account = plan.position(ColumnRole.account)
        if account is None and plan.dimensions:  # an aging report's customer names the row
            account = plan.dimensions[0]
        labels = frame[f"c{account}"] if account is not None else None
        for position, parts in self.parts.items():
            fmt = plan.format_of(parts[0])  # the file's numbers are written one way
            table = pl.DataFrame({f"p{p}": values[p].units for p in parts})
            summed = table.select(pl.sum_horizontal(pl.all().fill_null(0))).to_series()
            present = table.select(pl.any_horizontal(pl.all().is_not_null())).to_series()
            stated = parse_units(frame[f"c{position}"], fmt, multiplier=multiplier).units
            differs = (
                keep
                & present
                & stated.is_not_null()
                & differs_by_more_than_a_cent(stated, summed).fill_null(False)
            )
            for index in differs.arg_true().to_list():
                label = (labels[index] or "").strip() if labels is not None else ""
                self.mismatches.append(
                    Mismatch(
                        int(frame["row"][index]),
                        plan.headers[position],
                        int(stated[index]),
                        int(summed[index]),
                        f"its {self.what}",
                        label=label,
                    )
                )

    def warnings(self) -> list[str]:
        """One warning per mismatching row (the first few), then how many more."""
        return mismatch_warnings(self.mismatches, "whose total column differs")
