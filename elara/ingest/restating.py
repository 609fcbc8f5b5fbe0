"""Money columns that restate others along the row: running totals and a total's split.

A point-of-sale export states Gross Sales, Discounts and Service Charges, then Net Sales
(their sum); Gift Card Sales, Tax, Tip and Partial Refunds, then Total Collected (Net Sales
and those four); then how the money was paid, Card + Cash + Gift Card + Other Tender (Total
Collected told a second way); then Fees and Net Total (the tenders and the fees). Storing
every column counts the same money three times.

Among the money columns of a wide sheet (role ``measure``), in the order they stand:

- a column is a **total** when a run of three or more columns just before it adds up to it
  on every row (the longest such run: its parts), or a run of two that starts from such a
  total (a running total: Total Collected = Net Sales + Tip);
- a run of three or more columns just after a total that adds up to it on every row is a
  **split** of that total (the same money told another way: tenders, payment methods).

Totals and splits are suggested as numbers (role ``quantity``): kept on each record, never
stored as money; the parts are stored. The relation is found on the file's first rows when
the settings are suggested and checked on every row when the file is read: a row that does
not add up is a warning giving both figures. Sums in the file's own signs only (discounts
and fees written negative); a relation of two columns is left to ``identities`` (a total of
two parts is stored as a subtotal, shown and never added). A total needs at least two rows
where it is not zero and two of its parts that are not always zero, so that zero columns
alone never make a relation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from elara.ingest.model import Mismatch, mismatch_warnings
from elara.ingest.numbers import cell_units
from elara.ingest.settings import ColumnRole, ImportSettings

MIN_PARTS = 3  # two parts are ``identities``' (total, part, part)
MAX_PARTS = 12  # a run longer than this is a list of accounts, not one total's parts
MIN_ROWS = 2
SAMPLE_ROWS = 300  # the rows a relation is found on (the checks cover every row)

Units = list[int | None]


@dataclass(frozen=True)
class Relation:
    """``total`` is the sum of ``parts`` on every row. For a total, ``total`` restates its
    parts; for a split (``split``), the parts restate the total."""

    total: int
    parts: tuple[int, ...]
    split: bool = False

    @property
    def restating(self) -> tuple[int, ...]:
        """The positions not stored: the total, or the split's parts."""
        return self.parts if self.split else (self.total,)

    def describe(self, headers: list[str]) -> str:
        parts = " + ".join(f'"{headers[p]}"' for p in self.parts)
        if self.split:
            return f'{parts} split "{headers[self.total]}"'
        return f'"{headers[self.total]}" is {parts}'


def _holds(columns: dict[int, Units], total: int, parts: list[int]) -> bool:
    """The total equals the sum of its parts on every row that has any of them."""
    for row, stated in enumerate(columns[total]):
        cells = [columns[p][row] for p in parts]
        if stated is None and all(c is None for c in cells):
            continue
        if (stated or 0) != sum(c or 0 for c in cells):
            return False
    return True


def _nonzero(units: Units) -> int:
    return sum(1 for u in units if u)


def find(columns: dict[int, Units]) -> list[Relation]:
    """The totals and splits among money columns (position -> each row's units, None for an
    empty cell), in the order the columns stand."""
    order = sorted(columns)
    columns = {p: columns[p][:SAMPLE_ROWS] for p in order}
    nonzero = {p: _nonzero(columns[p]) for p in order}

    def meaningful(total: int, parts: list[int]) -> bool:
        return nonzero[total] >= MIN_ROWS and sum(1 for p in parts if nonzero[p]) >= 2

    found: list[Relation] = []
    totals: set[int] = set()
    for i, total in enumerate(order):
        best = None
        for start in range(i - 2, max(i - MAX_PARTS, 0) - 1, -1):
            run = order[start:i]
            if len(run) < MIN_PARTS and not totals & set(run):
                continue  # two columns: a running total's next step, else ``identities``'
            if meaningful(total, run) and _holds(columns, total, run):
                best = run  # the longest run wins (zero columns before it are parts too)
        if best is not None:
            found.append(Relation(total, tuple(best)))
            totals.add(total)
    for relation in list(found):
        i = order.index(relation.total)
        best = None
        for end in range(i + 1 + MIN_PARTS, min(i + 1 + MAX_PARTS, len(order)) + 1):
            run = order[i + 1 : end]
            if totals & set(run):
                break
            if meaningful(relation.total, run) and _holds(columns, relation.total, run):
                best = run  # the longest run wins (zero tenders after it split it too)
        if best is not None:
            found.append(Relation(relation.total, tuple(best), split=True))
    return found


def restating_positions(relations: list[Relation]) -> set[int]:
    return {p for r in relations for p in r.restating}


def restating_columns(rows: list[list[Any]], settings: ImportSettings) -> None:
    """Money columns that restate others along the row (a running total of three or more
    columns before it, or a split of such a total after it: see ``find``)
    are kept as numbers, never stored as money: the parts are."""
    measures = [i for i, c in enumerate(settings.columns) if c.role is ColumnRole.measure]
    if len(measures) < 4:
        return
    units = {p: cell_units([r[p] if p < len(r) else None for r in rows]) for p in measures}
    for position in restating_positions(find(units)):
        settings.columns[position].role = ColumnRole.quantity


def listing(relations: list[Relation], headers: list[str]) -> str:
    """One warning naming every column taken as restating others, and why."""
    said = "; ".join(r.describe(headers) for r in relations)
    return (
        f"Columns that restate others along the row, kept as numbers and not stored as money "
        f"(the money would count twice): {said}, on every row. Change their role on the "
        "mapping screen if that is wrong."
    )


@dataclass
class Restating:
    """The relations found when the settings were suggested, checked on every kept row."""

    relations: list[Relation] = field(default_factory=list)
    mismatches: list[tuple[int, Relation, int, int]] = field(default_factory=list)

    def start(self, units: dict[int, Units], stored: set[int]) -> None:
        """Find the relations on the first rows; keep those whose restating columns are not
        stored (the suggestion made them numbers, the person did not make them money)."""
        self.relations = [r for r in find(units) if not restating_positions([r]) & stored]

    def check(self, units: dict[int, pl.Series], rows: pl.Series) -> None:
        for relation in self.relations:
            table = pl.DataFrame({f"p{p}": units[p] for p in relation.parts})
            summed = table.select(pl.sum_horizontal(pl.all().fill_null(0))).to_series()
            present = table.select(pl.any_horizontal(pl.all().is_not_null())).to_series()
            stated = units[relation.total]
            differs = (present | stated.is_not_null()) & (stated.fill_null(0) != summed)
            for index in differs.arg_true().to_list():
                found = (int(rows[index]), relation, int(stated[index] or 0), int(summed[index]))
                self.mismatches.append(found)

    def warnings(self, headers: list[str]) -> list[str]:
        if not self.relations:
            return []
        found = [
            Mismatch(
                row,
                headers[relation.total],
                stated,
                summed,
                " + ".join(f'"{headers[p]}"' for p in relation.parts),
                after=" (not stored: check that row)",
            )
            for row, relation, stated, summed in self.mismatches
        ]
        rest = mismatch_warnings(found, "whose restating columns differ")
        return [listing(self.relations, headers), *rest]
