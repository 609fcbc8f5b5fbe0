"""Measure columns of a wide sheet that add up on every row.

A sales workbook states `Gross Sales`, `Discounts` and `Sales` side by side, with
Sales = Gross Sales - Discounts on every row; a statement by year states `Operating Expenses`
beside `R&D` and `SG&A` it is the sum of. Counting every column as money would count the same
money twice. The tracker watches, batch by batch, every (total, part, part) triple of measure
columns; those that hold exactly on every row (with both parts non-zero on at least two rows)
are found, and the import settings then mark the total (or, when a part is a deduction, the
total and the deduction) as lines shown but never added. Exact integer arithmetic on the
stored units, so a coincidence of rounding cannot make a relation.

A filed statement states its identities down the rows instead: its "Income before income
taxes" is the subtotal above plus the lines between, which says whether a netted "Other
expense, net" is added or taken off (`netted_kinds`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import polars as pl

from elara.finance.kinds import AccountKind, suggest_kind
from elara.ingest import vocabulary
from elara.ingest.headers import cell_text
from elara.ingest.numbers import COMMA, POINT, NumberFormat, parse_units
from elara.ingest.settings import ColumnRole, ImportSettings

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


_NETTED = re.compile(r"(?i)\bnet\b")
_BEFORE_TAXES = re.compile(r"(?i)\bbefore\b.*\btax")
_COSTS = (AccountKind.cost_of_sales, AccountKind.operating_expense)
_Line = tuple[str, list[int | None]]  # a statement's line: its name, its figures by column


def netted_kinds(rows: list[list[Any]], settings: ImportSettings) -> None:
    """A statement's "Other expense, net" that its "Income before income taxes" adds as
    written, where its costs are shown positive (a 10-K's "(87)" under "Income from
    operations"), is a net amount added to income: its kind is other income and expense, net
    (other income), so the statement's own income before taxes is what the dashboard
    computes, and the figure stays as the file states it (see the preview's netted note).
    Where the statement states no such sum, a line in brackets is read as added."""
    label = next((i for i, c in enumerate(settings.columns) if c.role is ColumnRole.account), None)
    values = [i for i, c in enumerate(settings.columns) if c.role is ColumnRole.amount]
    if label is None or not values:
        return
    labelled = [r for r in rows if label < len(r)]
    names = [cell_text(r[label]) for r in labelled]
    lines = list(zip(names, _figures(labelled, values), strict=True))
    if not any(suggest_kind(name) in _COSTS and _signs(f) == {1} for name, f in lines):
        return  # costs are not shown positive: a cost's sign says nothing here
    for at, (name, figures) in enumerate(lines):
        if _NETTED.search(name) and suggest_kind(name) is AccountKind.other_expense:
            added = _added_as_written(lines, at)
            if added or (added is None and _signs(figures) == {-1}):
                settings.account_kinds.setdefault(name, AccountKind.other_income.value)


def _figures(rows: list[list[Any]], positions: list[int]) -> list[list[int | None]]:
    """Each row's figures in the given columns as stored units, read as amounts are read
    (`parse_units`, either decimal separator: "(87)", "-87", "87-" are negative); None for
    an empty cell or text that is no number."""
    texts = [cell_text(r[p]) if p < len(r) else "" for r in rows for p in positions]
    series = pl.Series(texts, dtype=pl.String)
    read = [parse_units(series, NumberFormat(decimal=d)).units for d in (POINT, COMMA)]
    units = pl.select(pl.coalesce(read)).to_series().to_list()
    width = len(positions)
    return [units[i : i + width] for i in range(0, len(units), width)]


def _signs(figures: list[int | None]) -> set[int]:
    """The signs (-1, 1) of a line's figures; empty cells and zeros have none."""
    return {(u > 0) - (u < 0) for u in figures if u}


def _added_as_written(lines: list[_Line], at: int) -> bool | None:
    """Whether the statement's "Income before income taxes" (the next subtotal below line
    ``at``) is the subtotal above plus the lines between with line ``at`` added as written
    (True) or taken off (False); None when no such sum is stated here, or it holds either
    way (the line is zero) or neither (rounding)."""
    kinds = [suggest_kind(name) for name, _ in lines]
    above = next((i for i in range(at - 1, -1, -1) if kinds[i] is AccountKind.subtotal), None)
    below = next((i for i in range(at + 1, len(lines)) if kinds[i] is AccountKind.subtotal), None)
    if above is None or below is None or not _BEFORE_TAXES.search(lines[below][0]):
        return None
    added, taken = (_sums_to(lines, above, below, at, sign) for sign in (1, -1))
    return added if added != taken else None


def _sums_to(lines: list[_Line], above: int, below: int, at: int, sign: int) -> bool:
    """Whether line ``below`` is line ``above`` plus the lines between (line ``at`` times
    ``sign``) in every column that states both, and at least one does."""
    checked = False
    for column, total in enumerate(lines[below][1]):
        start = lines[above][1][column]
        if total is None or start is None:
            continue
        between = sum(
            (sign if i == at else 1) * (lines[i][1][column] or 0) for i in range(above + 1, below)
        )
        if start + between != total:
            return False
        checked = True
    return checked
