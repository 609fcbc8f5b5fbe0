"""Measure columns of a wide sheet that add up on every row.

A sales workbook states `Gross Sales`, `Discounts` and `Sales` side by side, with
Sales = Gross Sales - Discounts on every row; a statement by year states `Operating Expenses`
beside `R&D` and `SG&A` it is the sum of. Counting every column as money would count the same
money twice. The tracker watches, batch by batch, every (total, part, part) triple of measure
columns; those that hold exactly on every row (with both parts non-zero on at least two rows)
are found, and the import settings then mark the total (or, when a part is a deduction, the
total and the deduction) as lines shown but never added. Exact integer arithmetic on the
stored units, so a coincidence of rounding cannot make a relation.

A statement's net other line ("Other expense, net", "Other (income) expense, net") is the
same kind of relation along the column: the subtotal after it is the one before it plus or
less the line (``netted_kinds``), which decides which way it counts.
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
from elara.ingest.numbers import cell_units
from elara.ingest.settings import ColumnRole, ImportSettings, Offered

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
_COSTS = (AccountKind.cost_of_sales, AccountKind.operating_expense)


# A net line named for both directions: the word outside the brackets is what a figure
# shown without brackets is ("Other (income) expense, net": an expense; "Other income
# (expense), net": income).
_BOTH_WAYS = re.compile(
    r"(?i)\((income|expense|gain|loss)\)\s*(income|expense|gain|loss)\b|"
    r"\b(income|expense|gain|loss)\s*\((income|expense|gain|loss)\)"
)
_INCOME_WORDS = frozenset({"income", "gain"})


def _both_ways(name: str) -> AccountKind | None:
    """The kind a both-ways net line's name gives a figure shown without brackets, or None
    when the name states one direction only."""
    m = _BOTH_WAYS.search(name)
    if m is None:
        return None
    inside, outside = (m[1], m[2]) if m[1] else (m[4], m[3])
    if (inside.casefold() in _INCOME_WORDS) == (outside.casefold() in _INCOME_WORDS):
        return None
    income = outside.casefold() in _INCOME_WORDS
    return AccountKind.other_income if income else AccountKind.other_expense


_INCOME = (AccountKind.revenue, AccountKind.other_income)
_SPENT = (*_COSTS, AccountKind.other_expense, AccountKind.tax)


def _stated_direction(
    lines: list[tuple[str, dict[int, int]]], at: int, kinds: dict[str, str]
) -> AccountKind | None:
    """Whether the statement adds the net line at ``at`` as shown (other income) or subtracts
    it (other expense), read off its own subtotals: the subtotal after the line ("Income
    before income taxes") must be the subtotal before it ("Operating income") plus the income
    and less the costs between them (costs shown positive), in every column. None when no
    such pair of subtotals holds the line, a line between has no kind, or both ways (or
    neither) tie out."""

    def kind_of(name: str) -> AccountKind | None:
        chosen = kinds.get(name)
        return AccountKind(chosen) if chosen else suggest_kind(name)

    def subtotal(i: int) -> bool:
        return kind_of(lines[i][0]) is AccountKind.subtotal

    before = next((i for i in range(at - 1, -1, -1) if subtotal(i)), None)
    after = next((i for i in range(at + 1, len(lines)) if subtotal(i)), None)
    if before is None or after is None:
        return None
    between = [i for i in range(before + 1, after) if i != at]
    signs = {}
    for i in between:
        kind = kind_of(lines[i][0])
        if kind not in _INCOME and kind not in _SPENT:
            return None
        signs[i] = 1 if kind in _INCOME else -1
    found = []
    for kind, sign in ((AccountKind.other_income, 1), (AccountKind.other_expense, -1)):
        columns = set(lines[before][1]) | set(lines[after][1]) | set(lines[at][1])
        ties = all(
            lines[before][1].get(c, 0)
            + sum(signs[i] * lines[i][1].get(c, 0) for i in between)
            + sign * lines[at][1].get(c, 0)
            == lines[after][1].get(c, 0)
            for c in columns
        )
        if ties and any(lines[at][1].get(c) for c in columns):
            found.append(kind)
    return found[0] if len(found) == 1 else None


def netted_kinds(rows: list[list[Any]], settings: ImportSettings, offered: Offered) -> None:
    """Which way a statement's net other line counts ("Other expense, net", "Other (income)
    expense, net"), so that its own "Income before income taxes" is what the dashboard
    computes; the figure stays as the file states it.

    Where the costs are shown positive, the statement's subtotals decide: the line is added
    as shown (other income: a 10-K's "Other expense, net" of "(87)") or subtracted (other
    expense: "Other (income) expense, net", its net income in brackets) as the subtotal after
    it is the one before it plus or less the line (see `_netted_note` in the preview).
    Without such subtotals, a cost-named net line shown only in brackets is added (as
    before), and a line named both ways is read by the word outside its brackets, with a
    note that the direction is assumed."""
    label = next((i for i, c in enumerate(settings.columns) if c.role is ColumnRole.account), None)
    values = [i for i, c in enumerate(settings.columns) if c.role is ColumnRole.amount]
    if label is None or not values:
        return
    labelled = [r for r in rows if label < len(r) and cell_text(r[label])]
    read = {p: cell_units([r[p] if p < len(r) else None for r in labelled]) for p in values}
    lines = [
        (cell_text(r[label]), {p: u for p in values if (u := read[p][i]) is not None})
        for i, r in enumerate(labelled)
    ]
    positive_costs = any(
        suggest_kind(name) in _COSTS and _signs_of(units) == {1} for name, units in lines
    )
    for at, (name, units) in enumerate(lines):
        named = suggest_kind(name)
        if name in settings.account_kinds or named not in (
            AccountKind.other_income,
            AccountKind.other_expense,
        ):
            continue
        if not _NETTED.search(name):
            continue
        stated = _stated_direction(lines, at, settings.account_kinds) if positive_costs else None
        both = _both_ways(name)
        if stated is not None:
            settings.account_kinds[name] = stated.value  # as the statement counts it
            if stated is AccountKind.other_expense and named is not stated:
                offered.notes.append(
                    f'"{name}" is subtracted to reach the statement\'s own subtotal after it: '
                    "it is read as other expense, net (a figure in brackets is net income). "
                    "Change its kind if that is wrong."
                )
        elif positive_costs and both is None and named is AccountKind.other_expense:
            if _signs_of(units) == {-1}:  # shown in brackets where costs are not
                settings.account_kinds[name] = AccountKind.other_income.value
        elif both is not None:
            settings.account_kinds[name] = both.value
            said = "an expense" if both is AccountKind.other_expense else "income"
            offered.notes.append(
                f'"{name}" is named for both directions and no subtotal of the statement shows '
                f"which way it counts: a figure shown without brackets is read as {said}, "
                "one in brackets as the other way. Check it against the statement and change "
                "its kind if that is wrong."
            )


def netted_notes(rows: list[list[Any]], settings: ImportSettings, offered: Offered) -> None:
    """The notes ``netted_kinds`` gives a file, for settings sent back: suggested again
    without the kinds of both-ways net lines, each note kept when the person's kind for its
    line is still the one suggested (a kind they changed stands, unsaid)."""
    probe = settings.model_copy(deep=True)
    probe.account_kinds = {n: k for n, k in probe.account_kinds.items() if _both_ways(n) is None}
    found = Offered()
    netted_kinds(rows, probe, found)
    for note in found.notes:
        name = note.split('"')[1]
        if settings.account_kinds.get(name) == probe.account_kinds.get(name):
            offered.notes.append(note)


def _signs_of(units: dict[int, int]) -> set[int]:
    """The signs (-1, 1) of a line's non-zero figures."""
    return {1 if u > 0 else -1 for u in units.values() if u}
