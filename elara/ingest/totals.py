"""Totals rows of a list: detected, not stored, listed, and checked against what is stored.

A row labelled "Total" (or "Grand total", "Sum", "Total for Checking", "Furniture Total" in a
label column other than the account) is the list's own sum: it is skipped, and each of its
values is compared with the sum of the stored values above it (since the previous totals row,
or since the start); a difference is a warning. A row with no label at all whose values equal
the sum above is a totals row too. Statement lines such as "Total Revenue" or "Gross Profit"
in the account column are *not* totals rows: they are stored (as subtotal accounts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from elara.core.money import to_decimal

_BARE = r"(?i)^\s*(grand\s+)?(totals?|sub-?\s?totals?|sum|total\s+for\s+.*)\s*:?\s*$"
_ANY_TOTAL = r"(?i)(^|\W)(grand\s+)?(sub-?\s?)?totals?(\W|$)|^\s*sum\s*:?\s*$"


def bare_total(cell: pl.Expr) -> pl.Expr:
    """Total, Totals, Grand total, Subtotal, Sum, Total for X (an account column's totals)."""
    return cell.str.contains(_BARE)


def list_total(cell: pl.Expr) -> pl.Expr:
    """Any cell naming a total: 'Furniture Total', 'Total Sales', 'Grand Total'."""
    return cell.str.contains(_ANY_TOTAL)


@dataclass
class FoundTotal:
    """A totals row of the file and the values it states, by column header."""

    row: int
    values: dict[str, Decimal]
    matches: bool


@dataclass
class TotalsTracker:
    """Running sums per value column, to check (or recognise) totals rows.

    ``carry`` is the sum of all stored values so far; ``base`` that sum at the last totals
    row, so both a section's subtotal and a grand total are recognised.
    """

    carry: dict[int, int] = field(default_factory=dict)
    base: dict[int, int] = field(default_factory=dict)
    found: list[FoundTotal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def find(
        self,
        rows: pl.Series,
        units: dict[int, pl.Series],
        labelled: pl.Series,
        unlabelled: pl.Series,
        *,
        headers: dict[int, str],
    ) -> dict[int, str]:
        """Positions of totals rows in the batch, with the reason; updates the running sums."""
        candidates = labelled | unlabelled
        before: dict[int, list[int]] = {}
        batch_sums: dict[int, int] = {}
        for p, series in units.items():
            stored = pl.select(
                pl.when(candidates).then(0).otherwise(series.fill_null(0))
            ).to_series()
            before[p] = (stored.cum_sum() - stored).to_list()
            batch_sums[p] = int(stored.sum() or 0)
        found: dict[int, str] = {}
        for index in candidates.arg_true().to_list():
            stated = {p: s[index] for p, s in units.items() if s[index] is not None}
            if not stated:
                continue
            above = {p: self.carry.get(p, 0) + before[p][index] for p in stated}
            equal = all(v in (above[p] - self.base.get(p, 0), above[p]) for p, v in stated.items())
            if labelled[index] or equal:
                found[index] = (
                    "totals row" if labelled[index] else "totals row (equals the sum above)"
                )
                self._record(rows[index], stated, above, equal, headers)
        for p, total in batch_sums.items():
            self.carry[p] = self.carry.get(p, 0) + total
        return found

    def _record(
        self,
        row: int,
        stated: dict[int, int],
        above: dict[int, int],
        equal: bool,
        headers: dict[int, str],
    ) -> None:
        self.found.append(
            FoundTotal(row, {headers[p]: to_decimal(v) for p, v in stated.items()}, equal)
        )
        if not equal:
            for p, value in stated.items():
                section = above[p] - self.base.get(p, 0)
                if value not in (section, above[p]):
                    self.warnings.append(
                        f'Row {row}: the file\'s total for "{headers[p]}" is {to_decimal(value)}'
                        f" but the rows above it add up to {to_decimal(section)}"
                    )
        for p in stated:
            self.base[p] = above[p]
