"""Measure columns of a wide sheet that add up on every row.

A sales workbook states `Gross Sales`, `Discounts` and `Sales` side by side, with
Sales = Gross Sales - Discounts on every row; a statement by year states `Operating Expenses`
beside `R&D` and `SG&A` it is the sum of. Counting every column as money would count the same
money twice. The tracker watches, batch by batch, every (total, part, part) triple of measure
columns; those that hold exactly on every row (with both parts non-zero on at least two rows)
are found, and the import settings then mark the total (or, when a part is a deduction, the
total and the deduction) as lines shown but never added. Exact integer arithmetic on the
stored units, so a coincidence of rounding cannot make a relation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

import polars as pl

from elara.finance.kinds import AccountKind, suggest_kind
from elara.ingest import vocabulary

# A part that is taken off the others: its partner is the net figure that counts.
_DEDUCTION = re.compile(r"(?i)\b(discounts?|returns?|allowances?|rebates?|refunds?)\b")
MAX_MEASURES = 12  # beyond this a sheet is a list of accounts, not a few related measures
MIN_ROWS = 2


@dataclass
class Identities:
    """Candidate (total, part, part) positions and the rows each held on, non-trivially."""

    names: dict[int, str] = field(default_factory=dict)  # position -> account it makes
    candidates: dict[tuple[int, int, int], int] | None = None

    def start(self, measures: dict[int, str], chosen: dict[str, str]) -> None:
        """The measure columns worth watching: not subtotals (by name or by the user)."""
        self.names = {
            p: name
            for p, name in measures.items()
            if chosen.get(name, suggest_kind(name)) != AccountKind.subtotal
        }
        positions = sorted(self.names)
        if not 3 <= len(positions) <= MAX_MEASURES:
            self.candidates = {}
            return
        self.candidates = {
            (t, a, b): 0
            for t in positions
            for a, b in combinations(positions, 2)
            if t not in (a, b)
        }

    def add(self, units: dict[int, pl.Series]) -> None:
        """Fold one batch (the kept rows' units by position) into the candidates."""
        if not self.candidates:
            return
        frame = pl.DataFrame({f"p{p}": units[p] for p in self.names})
        for key in list(self.candidates):
            t, a, b = (frame[f"p{p}"] for p in key)
            present = t.is_not_null() & a.is_not_null() & b.is_not_null()
            if not present.any():
                continue
            t, a, b = t.filter(present), a.filter(present), b.filter(present)
            if not (t == a + b).all():
                del self.candidates[key]
                continue
            self.candidates[key] += int(((a != 0) & (b != 0)).sum())

    def found(self) -> list[tuple[str, str, str]]:
        """(total, part, part) account names of the relations that held throughout."""
        return [
            (self.names[t], self.names[a], self.names[b])
            for (t, a, b), rows in (self.candidates or {}).items()
            if rows >= MIN_ROWS
        ]


def not_added(found: list[tuple[str, str, str]]) -> dict[str, str]:
    """The lines to show but not add, each with the reason (for the preview's warnings).

    total = part + part: the total restates its parts, unless one part is a deduction
    (Gross Sales = Sales + Discounts), when the net part is the figure and the total and the
    deduction are its details."""
    out: dict[str, str] = {}
    for total, a, b in found:
        named = [n for n in (total, a, b) if vocabulary.key(n) in vocabulary.NET_HEADERS]
        if len(named) == 1:  # Gross, Fee and Net: the net restates the others, whatever its sign
            others = [n for n in (total, a, b) if n != named[0]]
            out.setdefault(
                named[0], f'"{named[0]}" restates "{others[0]}" and "{others[1]}" on every row'
            )
            continue
        deductions = [p for p in (a, b) if _DEDUCTION.search(p)]
        if len(deductions) == 1:
            net = b if deductions[0] == a else a
            reason = f'"{total}" minus "{deductions[0]}" is "{net}" on every row'
            out.setdefault(total, reason)
            out.setdefault(deductions[0], reason)
        else:
            out.setdefault(total, f'"{total}" is "{a}" plus "{b}" on every row')
    return out
