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
from typing import Any

import polars as pl

from elara.core.money import exact_text, to_decimal

_BARE = (
    r"(?i)^\s*((grand\s+)?(totals?|sub-?\s?totals?|sum)|summe|gesamt(summe)?|totaux|"
    # ERP lists mark totals * / **; a Chinese report 合计 (total), 总计 (grand total)
    r"total\s+g[ée]n[ée]ral|total\s+for\s+.*|\*{1,3}|合计|总计|本[月期年]合计)\s*:?\s*$"
)
_ANY_TOTAL = (
    r"(?i)(^|\W)(grand\s+)?(sub-?\s?)?totals?(\W|$)|^\s*(sum|summe|\*{1,3})\s*:?\s*$|合计|总计"
)


# "Total for Operating Income" in a statement (no date column) is a subtotal line to keep, as
# "Total Revenue" is; in a dated ledger "Total for Checking" closes an account's group.
_BARE_STATEMENT = _BARE.replace(r"|total\s+for\s+.*", "")


def bare_total(cell: pl.Expr, *, dated: bool = True) -> pl.Expr:
    """Total, Totals, Grand total, Subtotal, Sum, Total for X (an account column's totals);
    `dated=False` (a statement): not "Total for X", a statement's subtotal line."""
    return cell.str.contains(_BARE if dated else _BARE_STATEMENT)


def list_total(cell: pl.Expr) -> pl.Expr:
    """Any cell naming a total: 'Furniture Total', 'Total Sales', 'Grand Total'."""
    return cell.str.contains(_ANY_TOTAL)


@dataclass
class FoundTotal:
    """A totals row of the file and the values it states, by column header."""

    row: int
    values: dict[str, Decimal]
    matches: bool

    def as_json(self) -> dict[str, Any]:
        """As the preview and the stored report list it (values as exact decimal strings)."""
        values = {k: str(v) for k, v in self.values.items()}
        return {"row": self.row, "values": values, "ties": self.matches}


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
    # The same sums per account, for a totals row that names its account: a crosstab's
    # "Grand Total | Sales" and "Grand Total | Profit" rows each total their own measure.
    carry_by_key: dict[tuple[str, int], int] = field(default_factory=dict)
    base_by_key: dict[tuple[str, int], int] = field(default_factory=dict)
    # Group rows of an outline (a compact pivot's "East" above its products): each row
    # states the sum of the rows under it, so the grand total is half of all rows above.
    groups: list[str] = field(default_factory=list)

    def find(
        self,
        rows: pl.Series,
        units: dict[int, pl.Series],
        labelled: pl.Series,
        unlabelled: pl.Series,
        *,
        headers: dict[int, str],
        keys: pl.Series | None = None,
    ) -> dict[int, str]:
        """Positions of totals rows in the batch, with the reason; updates the running sums.

        `keys` (the account of each row) lets a labelled totals row whose account is one of
        the stored rows' accounts be checked against that account's rows alone."""
        candidates = labelled | unlabelled
        before: dict[int, list[int]] = {}
        batch_sums: dict[int, int] = {}
        stored_by: dict[int, pl.Series] = {}
        for p, series in units.items():
            stored = pl.select(
                pl.when(candidates).then(0).otherwise(series.fill_null(0))
            ).to_series()
            stored_by[p] = stored
            before[p] = (stored.cum_sum() - stored).to_list()
            batch_sums[p] = int(stored.sum() or 0)
        keyed = self._keyed(keys, stored_by, labelled)
        found: dict[int, str] = {}
        for index in candidates.arg_true().to_list():
            stated = {p: s[index] for p, s in units.items() if s[index] is not None}
            if not stated:
                continue
            above = {p: self.carry.get(p, 0) + before[p][index] for p in stated}
            equal = all(v in (above[p] - self.base.get(p, 0), above[p]) for p, v in stated.items())
            key = keys[index] if keys is not None and labelled[index] else None
            if not equal and key and any((key, p) in self.carry_by_key for p in stated):
                own = {p: self.carry_by_key.get((key, p), 0) - keyed[p][index] for p in stated}
                if all(
                    v in (own[p] - self.base_by_key.get((key, p), 0), own[p])
                    for p, v in stated.items()
                ):
                    for p in stated:
                        self.base_by_key[(key, p)] = own[p]
                    equal = True
            if not equal and labelled[index] and keys is not None:
                start = max(found, default=-1) + 1
                whole = all(
                    int(stored_by[p].slice(start, index - start).sum() or 0)
                    == above[p] - self.base.get(p, 0)
                    for p in stated
                )
                outline = _outline(stored_by, list(stated), start, index) if whole else []
                if outline and all(
                    2 * v == above[p] - self.base.get(p, 0) for p, v in stated.items()
                ):
                    self.groups += [str(keys[i]) for i in outline if keys[i]]
                    equal = True
            if labelled[index] or equal:
                found[index] = (
                    "totals row" if labelled[index] else "totals row (equals the sum above)"
                )
                self._record(rows[index], stated, above, equal, headers)
        for p, total in batch_sums.items():
            self.carry[p] = self.carry.get(p, 0) + total
        return found

    def _keyed(
        self, keys: pl.Series | None, stored: dict[int, pl.Series], labelled: pl.Series
    ) -> dict[int, list[int]]:
        """Adds the batch's stored values to each account's running sums, and answers, per
        value column and row, how much of its account's sum comes at or after the row (so
        the sum before the row is the account's running sum minus that)."""
        if keys is None or not stored:
            return {}
        frame = pl.DataFrame({"k": keys, **{f"v{p}": s for p, s in stored.items()}})
        for row in frame.group_by("k").agg(pl.all().sum()).iter_rows(named=True):
            if row["k"]:
                for p in stored:
                    k = (row["k"], p)
                    self.carry_by_key[k] = self.carry_by_key.get(k, 0) + int(row[f"v{p}"] or 0)
        if not labelled.any():
            return {}  # no totals row to check in this batch
        after = frame.select(
            (pl.col(f"v{p}").reverse().cum_sum().reverse().over("k")).alias(f"v{p}") for p in stored
        )
        return {p: after[f"v{p}"].to_list() for p in stored}

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
                    # Both sums it was checked against: a grand total after section totals
                    # is the whole sum, not the (empty) run since the last total.
                    added = exact_text(above[p])
                    if section != above[p]:
                        added += f" ({exact_text(section)} since the total before it)"
                    self.warnings.append(
                        f'Row {row}: the file\'s total for "{headers[p]}" is {exact_text(value)}'
                        f" but the rows above it add up to {added}"
                    )
        for p in stated:
            self.base[p] = above[p]


def _outline(stored: dict[int, pl.Series], columns: list[int], start: int, end: int) -> list[int]:
    """Rows start..end-1 read as groups, each followed by the rows it is the sum of (every
    column, exactly); the group rows, or [] when the rows do not read so."""
    rows = [[int(stored[p][i] or 0) for p in columns] for i in range(start, end)]
    groups: list[int] = []
    i = 0
    while i < len(rows):
        want, sums, j = rows[i], [0] * len(columns), i + 1
        while j < len(rows) and sums != want:
            sums = [a + b for a, b in zip(sums, rows[j], strict=True)]
            j += 1
        if sums != want or j == i + 1:
            return []
        groups.append(start + i)
        i = j
    return groups
