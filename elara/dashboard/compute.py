"""Turning aggregated facts into exact statement KPIs: signs, conversion, periods, formatting.

Every amount is first mapped to the one convention shown (revenue, income, costs and profits
positive; see `kinds.multiplier`). Then, per period:

    gross profit      = revenue - cost of sales
    operating income  = gross profit - operating expenses
    EBITDA            = operating income + depreciation and amortisation (only when identifiable)
    net income        = operating income + other income - other expenses - tax
    expenses          = cost of sales + operating expenses + other expenses + tax

Subtotal lines are never added into these; each one a file states is tied out against the
figure computed for it, and a difference of more than a cent is reported with both figures.
Only where a file holds none of the lines a figure subtracts (a sales sheet with Sales and
Profit columns has no cost lines), or none of the lines a total adds up (a statement whose only
revenue line is "Total Revenue"), is the stated figure taken as it is, and `stated` says so.
Both are decided per dataset (one file's statement): a P&L that states "Total Income" is tied
out against its own lines, never against every other dataset's revenue added in, and a sales
sheet's stated Profit is still taken when another dataset beside it has cost lines.
Statistics and balance-sheet accounts are no money of the P&L and count in no KPI;
unclassified amounts are shown apart, as stored.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from elara.core.money import (
    ZERO,
    cents_text,
    differs_by_more_than_a_cent,
    format_money,
    to_decimal,
)
from elara.core.periods import add_months
from elara.dashboard.fx import MissingRate, RateBook, convert
from elara.dashboard.kinds import SIGNS, UNCLASSIFIED, Plan, kind_of, multiplier
from elara.dashboard.repository import Fact, FoldedRow, Pivot
from elara.dashboard.schemas import Change, Delta, Kpis, TieOut
from elara.finance.kinds import AccountKind

K = AccountKind
DA = "operating_expense:depreciation"
# The figures a file's stated line can stand for (`Acc.stated_figures`), in statement order.
_TAKEN = (
    "revenue", "cost_of_sales", "gross_profit", "operating_expenses", "operating_income",
    "net_income",
)  # fmt: skip
_APART = (K.subtotal.value,)
_NET_PARTS = (K.cost_of_sales, K.operating_expense, K.other_income, K.other_expense, K.tax)
TIE_LINES = {
    "revenue": "Revenue",
    "cost_of_sales": "Cost of sales",
    "gross_profit": "Gross profit",
    "operating_expenses": "Operating expenses",
    "operating_income": "Operating income",
    "ebitda": "EBITDA",
    "pretax_income": "Income before tax",
    "net_income": "Net income",
}


@dataclass
class Acc:
    """Running totals per bucket in stored units (fractional once converted)."""

    amounts: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    count: int = 0
    # Totals per kind (the part of a bucket before ":"), summed once when first read.
    _kinds: tuple[dict[str, Decimal], set[str]] | None = field(
        default=None, repr=False, compare=False
    )
    # The same totals per statement scope (the dataset a fact comes from), for subtotals:
    # built only once a second scope arrives (while every fact comes from one scope, that
    # scope's totals are this Acc's own; `_scope` names it).
    scopes: dict[Hashable, Acc] | None = field(default=None, repr=False, compare=False)
    _scope: Hashable = field(default=None, repr=False, compare=False)

    def add(self, name: str, amount: Decimal, count: int, scope: Hashable = None) -> None:
        if scope is not None:
            if self.scopes is not None:
                part = self.scopes.get(scope)
                if part is None:
                    part = self.scopes[scope] = Acc()
                part.add(name, amount, count)
            elif self._scope is None and not self.count and not self.amounts:
                self._scope = scope
            elif scope != self._scope:
                self._materialise()
                self.scopes[scope] = Acc()  # type: ignore[index]
                self.scopes[scope].add(name, amount, count)  # type: ignore[index]
        self.amounts[name] += amount
        self.counts[name] += count
        self.count += count
        self._kinds = None
        self.__dict__.pop("_split", None)

    def _materialise(self) -> None:
        """The per-scope parts, once facts of a second scope arrive."""
        first = Acc()
        for name, amount in self.amounts.items():
            first.amounts[name] += amount
            first.counts[name] += self.counts.get(name, 0)
            first.count += self.counts.get(name, 0)
        self.scopes = {self._scope: first}

    def merge(self, other: Acc) -> None:
        if other.scopes:
            for scope, part in other.scopes.items():
                for name, amount in part.amounts.items():
                    self.add(name, amount, part.counts[name], scope)
            return
        for name, amount in other.amounts.items():
            self.add(name, amount, other.counts[name], other._scope)

    @functools.cached_property
    def _split(self) -> list[Acc] | None:
        """The scopes to decide stated figures in, when the bucket mixes several and one of
        them states a subtotal; None when the bucket can be read as one statement. Decided
        once, on first read (`add` forgets it)."""
        if self.scopes is None or len(self.scopes) < 2 or not self.has(K.subtotal):
            return None
        return list(self.scopes.values())

    def _per_kind(self) -> tuple[dict[str, Decimal], set[str]]:
        if self._kinds is None:
            totals: dict[str, Decimal] = defaultdict(Decimal)
            present: set[str] = set()
            for name, amount in self.amounts.items():
                kind = name.split(":", 1)[0]
                totals[kind] += amount
                if self.counts.get(name):
                    present.add(kind)
            self._kinds = (dict(totals), present)
        return self._kinds

    def kind(self, kind: str) -> Decimal:
        return self._per_kind()[0].get(kind, ZERO)

    def has(self, kind: str) -> bool:
        return kind in self._per_kind()[1]

    def _line(self, kind: str, line: str) -> Decimal:
        """A kind's total; the file's stated subtotal of it ("Total Revenue") when the file
        holds no line of that kind (a statement that states only its totals)."""
        parts = self._split
        if parts is not None:
            return sum((p._line(kind, line) for p in parts), ZERO)
        if not self.has(kind):
            stated = self.stated(line)
            if stated is not None:
                return stated
        return self.kind(kind)

    @property
    def revenue(self) -> Decimal:
        return self._line(K.revenue, "revenue")

    @property
    def cost_of_sales(self) -> Decimal:
        return self._line(K.cost_of_sales, "cost_of_sales")

    def _stated_without(self, line: str, kinds: tuple[str, ...]) -> Decimal | None:
        """The stated figure when none of the lines it subtracts are present."""
        stated = self.stated(line)
        if stated is None or any(self.has(kind) for kind in kinds):
            return None
        return stated

    @property
    def gross_profit(self) -> Decimal:
        parts = self._split
        if parts is not None:
            return sum((p.gross_profit for p in parts), ZERO)
        stated = self._stated_without("gross_profit", (K.cost_of_sales,))
        return stated if stated is not None else self.revenue - self.cost_of_sales

    @property
    def operating_expenses(self) -> Decimal:
        return self._line(K.operating_expense, "operating_expenses")

    @property
    def operating_income(self) -> Decimal:
        parts = self._split
        if parts is not None:
            return sum((p.operating_income for p in parts), ZERO)
        costs = (K.cost_of_sales, K.operating_expense)
        stated = self._stated_without("operating_income", costs)
        return stated if stated is not None else self.gross_profit - self.operating_expenses

    @property
    def depreciation(self) -> Decimal | None:
        return self.amounts.get(DA) if self.counts.get(DA) else None

    @property
    def ebitda(self) -> Decimal | None:
        da = self.depreciation
        return None if da is None else self.operating_income + da

    @property
    def pretax_income(self) -> Decimal:
        return self.operating_income + self.kind(K.other_income) - self.kind(K.other_expense)

    @property
    def net(self) -> Decimal:
        parts = self._split
        if parts is not None:
            return sum((p.net for p in parts), ZERO)
        stated = self._stated_without("net_income", (*_NET_PARTS,))
        return stated if stated is not None else self.pretax_income - self.kind(K.tax)

    @property
    def apart(self) -> Decimal:
        """The bucket's subtotal lines no statement figure adds ("Gross Sales" beside its
        Discounts and Sales), as they count on screen: what one such account's bucket states.
        Non-financial lines (a cash flow statement's) stay out: the assistant declines them."""
        return sum(
            (a for n, a in self.amounts.items() if kind_of(n) in _APART),
            ZERO,
        )

    def series_figures(self) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
        """(revenue, expenses, gross profit, operating income, net income) in one pass over
        the per-kind totals: the same rules as the properties of the same names, each
        intermediate figure computed once (a company x month series asks for tens of
        thousands of cells)."""
        totals, present = self._per_kind()
        get = totals.get
        revenue, cos, opex = (
            get(K.revenue, ZERO),
            get(K.cost_of_sales, ZERO),
            get(K.operating_expense, ZERO),
        )
        other_expense, tax = get(K.other_expense, ZERO), get(K.tax, ZERO)
        expenses = cos + opex + other_expense + tax
        if K.subtotal not in present:  # no stated line: every figure is computed
            gross = revenue - cos
            operating = gross - opex
            net = operating + get(K.other_income, ZERO) - other_expense - tax
            return revenue, expenses, gross, operating, net
        return self.revenue, self.expenses, self.gross_profit, self.operating_income, self.net

    @property
    def stated_figures(self) -> list[str]:
        """The figures taken as the file states them (see the module docstring)."""
        parts = self._split
        if parts is not None:
            taken = {line for p in parts for line in p.stated_figures}
            return [line for line in _TAKEN if line in taken]
        checks = {
            "revenue": (K.revenue,),
            "cost_of_sales": (K.cost_of_sales,),
            "operating_expenses": (K.operating_expense,),
            "gross_profit": (K.cost_of_sales,),
            "operating_income": (K.cost_of_sales, K.operating_expense),
            "net_income": _NET_PARTS,
        }
        return [
            line for line, kinds in checks.items() if self._stated_without(line, kinds) is not None
        ]

    @property
    def expenses(self) -> Decimal:
        return (
            self.cost_of_sales
            + self.operating_expenses
            + self.kind(K.other_expense)
            + (self.kind(K.tax))
        )

    @property
    def other(self) -> Decimal:
        return self.amounts.get(UNCLASSIFIED, ZERO)

    @property
    def volume(self) -> Decimal:
        """Magnitude of the money in the bucket: each kind once, subtotals only when alone.

        A bucket holding only a statement's subtotal line (a breakdown by account) shows that
        line's stated figure; elsewhere subtotals restate other lines and are left out.
        """
        per_kind: dict[str, Decimal] = defaultdict(Decimal)
        for name, amount in self.amounts.items():
            per_kind[name.split(":", 1)[0]] += amount
        subtotal = per_kind.pop(K.subtotal.value, ZERO)
        per_kind.pop(K.non_financial.value, None)
        base = sum((abs(v) for v in per_kind.values()), ZERO)
        return base if base or not self.has(K.subtotal) else abs(subtotal)

    @property
    def line_volume(self) -> Decimal:
        """``volume`` of a bucket that is one account's: a non-financial line alone (a cash
        flow statement's, a cash forecast's) shows its own magnitude, as a subtotal line alone
        does. Never for a bucket of several lines: theirs would add a statement's totals to
        the lines they total."""
        base = self.volume
        if base or not self.has(K.non_financial.value):
            return base
        return abs(self.kind(K.non_financial.value))

    def metric(self, name: str, *, one_line: bool = False) -> Decimal:
        """One figure by name (only that one is computed: a ranking asks for it per group);
        ``one_line``: the bucket is one account's (see ``line_volume``)."""
        if name == "revenue":
            return self.revenue
        if name == "expenses":
            return self.expenses
        if name == "net_income":
            return self.net
        return self.line_volume if one_line else self.volume

    def stated(self, line: str) -> Decimal | None:
        name = f"{K.subtotal.value}:{line}"
        return self.amounts.get(name) if self.counts.get(name) else None

    def computed(self, line: str) -> Decimal | None:
        if line == "operating_expenses":
            return self.operating_expenses
        if line == "net_income":
            return self.net
        value: Decimal | None = getattr(self, line)
        return value


def money(units: Decimal | int) -> str:
    """A total of stored units as a decimal string, rounded once to the cent."""
    return format_money(units)


def exact_money(units: Decimal | int) -> str:
    """A total of stored units as a decimal string, unrounded (for a caller that adds totals
    up and rounds once)."""
    return str(to_decimal(units))


def maybe_money(units: Decimal | None) -> str | None:
    return None if units is None else money(units)


def percent(part: Decimal, whole: Decimal) -> str | None:
    if whole == 0:
        return None
    return cents_text(part * 100 / whole)


def tie_outs(acc: Acc) -> list[TieOut]:
    """Every stated subtotal that differs from the figure computed from its own dataset's
    lines by more than a cent; both figures are summed over the datasets that state it."""
    parts = acc._split or [acc]
    out = []
    for line, label in TIE_LINES.items():
        pairs = [(p.stated(line), p.computed(line)) for p in parts]
        both = [(s, c) for s, c in pairs if s is not None and c is not None]
        if not any(differs_by_more_than_a_cent(s, c) for s, c in both):
            continue
        stated = sum((s for s, _ in both), ZERO)
        computed = sum((c for _, c in both), ZERO)
        out.append(
            TieOut(
                line=line,
                label=label,
                stated=money(stated),
                computed=money(computed),
                difference=money(stated - computed),
            )
        )
    return out


def kpis(acc: Acc) -> Kpis:
    return Kpis(
        revenue=money(acc.revenue),
        cost_of_sales=money(acc.cost_of_sales),
        gross_profit=money(acc.gross_profit),
        gross_margin=percent(acc.gross_profit, acc.revenue),
        operating_expenses=money(acc.operating_expenses),
        operating_income=money(acc.operating_income),
        depreciation_amortization=maybe_money(acc.depreciation),
        ebitda=maybe_money(acc.ebitda),
        other_income=money(acc.kind(K.other_income)),
        other_expenses=money(acc.kind(K.other_expense)),
        tax=money(acc.kind(K.tax)),
        expenses=money(acc.expenses),
        net_income=money(acc.net),
        margin=percent(acc.net, acc.revenue),
        unclassified=money(acc.other),
        unclassified_count=acc.counts.get(UNCLASSIFIED, 0),
        record_count=acc.count,
        tie_outs=tie_outs(acc),
        stated=acc.stated_figures,
    )


def change(current: Acc, previous: Acc) -> Change:
    def delta(cur: Decimal, prev: Decimal) -> Delta:
        return Delta(absolute=money(cur - prev), percent=percent(cur - prev, abs(prev)))

    cur_margin, prev_margin = kpis(current).margin, kpis(previous).margin
    points = None
    if cur_margin is not None and prev_margin is not None:
        points = str(Decimal(cur_margin) - Decimal(prev_margin))
    counts = Decimal(current.count - previous.count)
    return Change(
        revenue=delta(current.revenue, previous.revenue),
        gross_profit=delta(current.gross_profit, previous.gross_profit),
        operating_income=delta(current.operating_income, previous.operating_income),
        expenses=delta(current.expenses, previous.expenses),
        net_income=delta(current.net, previous.net),
        margin_points=points,
        record_count=Delta(absolute=str(counts), percent=percent(counts, Decimal(previous.count))),
    )


Folded = dict[str | None, dict[Hashable, Acc]]


def fold(
    facts: Iterable[Fact],
    *,
    plan: Plan,
    key: Callable[[Fact], Hashable],
    book: RateBook | None = None,
) -> tuple[Folded, list[MissingRate]]:
    """Totals per currency and key; with a rate book every amount is converted at its date."""
    out: Folded = defaultdict(lambda: defaultdict(Acc))
    missing: set[MissingRate] = set()
    for fact in facts:
        sign = multiplier(fact.kind, plan.sign(fact.dataset_id, fact.batch_id))
        amount = Decimal(fact.amount_minor * sign)
        currency = fact.currency
        if book is not None:
            day = as_date(fact.period)
            rate = book.rate(fact.currency, day)
            if rate is None or rate == 0:
                missing.add(MissingRate(fact.currency, day))
                continue
            amount, currency = convert(int(amount), rate), book.reporting
        out[currency][key(fact)].add(fact.kind, amount, fact.count, fact.dataset_id)
    return out, sorted(missing, key=lambda m: (m.currency or "", m.date))


def pivot_for(plan: Plan, dataset_ids: Iterable[int]) -> Pivot:
    """The columns a company question's buckets fold into in SQL (`repository.folded_parts`).

    A bucket keeps its whole name where an `Acc` reads it by name (depreciation, unclassified,
    each stated subtotal line); every other bucket is summed under its kind, which is all an
    `Acc` reads of it. Buckets of one name that a sign convention counts differently (an
    income offset inside operating costs) get columns of their own, so each column is signed
    with one multiplier per upload, exactly as `fold` signs each bucket."""
    ids = set(dataset_ids)
    present = {b for (d, _, _), b in plan.buckets.items() if d in ids} | {UNCLASSIFIED}
    columns: dict[tuple[str, tuple[int, ...]], list[str]] = defaultdict(list)
    for name in sorted(present):
        kind = name.split(":", 1)[0]
        kept = name if name in (DA, UNCLASSIFIED) or kind == K.subtotal.value else kind
        signs = tuple(multiplier(name, sign) for sign in SIGNS)
        columns[(kept, signs)].append(name)
    return Pivot(
        names=tuple(kept for kept, _ in columns),
        buckets=tuple(tuple(b) for b in columns.values()),
        known=tuple(sorted(present)),
    )


def fold_rows(
    rows: Iterable[FoldedRow],
    *,
    plan: Plan,
    pivot: Pivot,
    key: Callable[[Fact], Hashable],
) -> Folded:
    """`fold` (no conversion) of rows folded by the pivot: the same totals, to the unit."""
    out: Folded = defaultdict(lambda: defaultdict(Acc))
    signed: dict[tuple[int, int | None], tuple[int, ...]] = {}
    names = pivot.names
    for row in rows:
        dataset_id, batch_id = row.dataset_id, row.batch_id
        signs = signed.get((dataset_id, batch_id))
        if signs is None:
            sign = plan.sign(dataset_id, batch_id)
            # every bucket of a column counts alike under any convention (see pivot_for)
            signs = signed[(dataset_id, batch_id)] = tuple(
                multiplier(buckets[0], sign) for buckets in pivot.buckets
            )
        k = key(Fact(row.group, row.period, row.currency, "", dataset_id, batch_id, 0, 0))
        per = out[row.currency]
        acc = per.get(k)
        columns = zip(names, row.values[0::2], row.values[1::2], signs, strict=True)
        if acc is None:
            amounts: dict[str, Decimal] = defaultdict(Decimal)
            counts: dict[str, int] = defaultdict(int)
            total = 0
            for name, amount, n, m in columns:
                if amount is None:
                    continue
                n = int(n or 0)
                amounts[name] += Decimal(int(amount) * m)
                counts[name] += n
                total += n
            per[k] = Acc(amounts, counts, total, _scope=dataset_id)
            continue
        for name, amount, n, m in columns:
            if amount is not None:
                acc.add(name, Decimal(int(amount) * m), int(n or 0), dataset_id)
    return out


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


@functools.lru_cache(maxsize=65536)
def bucket(value: Any, granularity: str, fiscal_start: int = 1) -> date:
    """The first day of the period of `granularity` containing the date.

    Quarters and years are fiscal: they start in month `fiscal_start` (1 = calendar).
    """
    day = as_date(value)
    if granularity == "day":
        return day
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    offset = (day.month - fiscal_start) % 12  # months since the fiscal year began
    span = 3 if granularity == "quarter" else 12
    return add_months(day.replace(day=1), -(offset % span))


def next_bucket(start: date, granularity: str) -> date:
    if granularity == "day":
        return start + timedelta(days=1)
    if granularity == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[granularity]
    return add_months(start, months)


def axis(
    first: date, last: date, granularity: str, *, limit: int, fiscal_start: int = 1
) -> list[date] | None:
    """Every period start from `first` to `last`; None when there would be more than `limit`."""
    periods: list[date] = []
    current = bucket(first, granularity, fiscal_start)
    end = bucket(last, granularity, fiscal_start)
    while current <= end:
        if len(periods) >= limit:
            return None
        periods.append(current)
        current = next_bucket(current, granularity)
    return periods
