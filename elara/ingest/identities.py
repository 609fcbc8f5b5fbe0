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
    # (gross, net) positions of a payroll journal's "Gross Pay" … "Net Pay": the net is the
    # gross less every column between them (the withholdings), and the rows it held on.
    runs: dict[tuple[int, int], int] = field(default_factory=dict)

    def start(self, measures: dict[int, str], chosen: dict[str, str]) -> None:
        """The measure columns worth watching: not subtotals (by name or by the user)."""
        self.names = {
            p: name
            for p, name in measures.items()
            if chosen.get(name, suggest_kind(name)) != AccountKind.subtotal
        }
        positions = sorted(self.names)
        self.runs = {
            (g, n): 0
            for g in positions
            for n in positions
            if g < n - 2
            and _first_word(self.names[g]) == "gross"
            and _first_word(self.names[n]) == "net"
            and all(p in self.names for p in range(g + 1, n))
        }
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
        self._add_runs(units)
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

    def _add_runs(self, units: dict[int, pl.Series]) -> None:
        for gross, net in list(self.runs):
            g, n = units[gross], units[net]
            present = g.is_not_null() & n.is_not_null()
            if not present.any():
                continue
            between = pl.DataFrame(
                [units[p].fill_null(0).alias(f"p{p}") for p in range(gross + 1, net)]
            )
            taken = between.select(pl.sum_horizontal(pl.all())).to_series().filter(present)
            if not (g.filter(present) - taken == n.filter(present)).all():
                del self.runs[(gross, net)]
                continue
            self.runs[(gross, net)] += int((taken != 0).sum())

    def found_runs(self) -> dict[str, str]:
        """Net columns that are their gross less the columns between, with the reason."""
        return {
            self.names[net]: (
                f'"{self.names[net]}" is "{self.names[gross]}" less the {net - gross - 1} '
                "columns between them on every row"
            )
            for (gross, net), rows in self.runs.items()
            if rows >= MIN_ROWS
        }

    def found(self) -> list[tuple[str, str, str]]:
        """(total, part, part) account names of the relations that held throughout."""
        return [
            (self.names[t], self.names[a], self.names[b])
            for (t, a, b), rows in (self.candidates or {}).items()
            if rows >= MIN_ROWS
        ]


def _first_word(name: str) -> str:
    parts = vocabulary.words(name)
    return parts[0] if parts else ""


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
