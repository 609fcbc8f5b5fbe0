"""Turning aggregated facts into exact KPIs: signs, conversion, periods and formatting.

Sign convention (documented in docs/api.md): revenue is the sum of income amounts as stored;
an expense amount counts with the sign of its dataset's convention: when a dataset's expenses
sum to a negative number over the whole dataset, that dataset stores expenses negative and each
of its expense amounts is negated; otherwise they count as stored. Net income is revenue minus
expenses; margin is net income / revenue in percent (null when revenue is zero).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from elara.core.money import CENT, ZERO, format_money
from elara.dashboard.filters import add_months
from elara.dashboard.fx import MissingRate, RateBook, convert
from elara.dashboard.kinds import EXPENSE, INCOME
from elara.dashboard.repository import Fact
from elara.dashboard.schemas import Change, Delta, Kpis


@dataclass
class Acc:
    """Running totals in stored units (fractional once converted)."""

    revenue: Decimal = ZERO
    expenses: Decimal = ZERO
    other: Decimal = ZERO
    count: int = 0

    def add(self, kind: str, amount: Decimal, count: int) -> None:
        if kind == INCOME:
            self.revenue += amount
        elif kind == EXPENSE:
            self.expenses += amount
        else:
            self.other += amount
        self.count += count

    def merge(self, other: Acc) -> None:
        self.revenue += other.revenue
        self.expenses += other.expenses
        self.other += other.other
        self.count += other.count

    @property
    def net(self) -> Decimal:
        return self.revenue - self.expenses

    @property
    def volume(self) -> Decimal:
        return abs(self.revenue) + abs(self.expenses) + abs(self.other)

    def metric(self, name: str) -> Decimal:
        values = {"revenue": self.revenue, "expenses": self.expenses, "net_income": self.net}
        return values.get(name, self.volume)


def money(units: Decimal | int) -> str:
    """A total of stored units as a decimal string, rounded once to the cent."""
    return format_money(units)


def percent(part: Decimal, whole: Decimal) -> str | None:
    if whole == 0:
        return None
    value = (part * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP)
    return str(value if value != 0 else ZERO.quantize(CENT))


def kpis(acc: Acc) -> Kpis:
    return Kpis(
        revenue=money(acc.revenue),
        expenses=money(acc.expenses),
        net_income=money(acc.net),
        margin=percent(acc.net, acc.revenue),
        unclassified=money(acc.other),
        record_count=acc.count,
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
        expenses=delta(current.expenses, previous.expenses),
        net_income=delta(current.net, previous.net),
        margin_points=points,
        record_count=Delta(absolute=str(counts), percent=percent(counts, Decimal(previous.count))),
    )


Folded = dict[str | None, dict[Hashable, Acc]]


def fold(
    facts: Iterable[Fact],
    *,
    signs: dict[int, int],
    key: Callable[[Fact], Hashable],
    book: RateBook | None = None,
) -> tuple[Folded, list[MissingRate]]:
    """Totals per currency and key; with a rate book every amount is converted at its date."""
    out: Folded = defaultdict(lambda: defaultdict(Acc))
    missing: set[MissingRate] = set()
    for fact in facts:
        amount = Decimal(fact.amount_minor)
        if fact.kind == EXPENSE:
            amount *= signs.get(fact.dataset_id, 1)
        currency = fact.currency
        if book is not None:
            day = as_date(fact.period)
            rate = book.rate(fact.currency, day)
            if rate is None or rate == 0:
                missing.add(MissingRate(fact.currency, day))
                continue
            amount, currency = convert(int(amount), rate), book.reporting
        out[currency][key(fact)].add(fact.kind, amount, fact.count)
    return out, sorted(missing, key=lambda m: (m.currency or "", m.date))


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def bucket(value: Any, granularity: str) -> date:
    """The first day of the period of `granularity` containing the date."""
    day = as_date(value)
    if granularity == "day":
        return day
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    if granularity == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def next_bucket(start: date, granularity: str) -> date:
    if granularity == "day":
        return start + timedelta(days=1)
    if granularity == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[granularity]
    return add_months(start, months)


def axis(first: date, last: date, granularity: str, *, limit: int) -> list[date] | None:
    """Every period start from `first` to `last`; None when there would be more than `limit`."""
    periods: list[date] = []
    current = bucket(first, granularity)
    end = bucket(last, granularity)
    while current <= end:
        if len(periods) >= limit:
            return None
        periods.append(current)
        current = next_bucket(current, granularity)
    return periods
