"""An independent recomputation of the dashboard's numbers over the raw rows, in Decimal.

It follows the documented rules (docs/api.md, Dashboard) directly on Python lists: the access
scope, the filters, the kind of each row, each dataset's expense sign, periods and ranking.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from elara.dashboard.kinds import KindMap
from tests.dashboard.factories import Row

CENT = Decimal("0.01")


def fmt(amount: Decimal | int) -> str:
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{value + 0:.2f}" if value != 0 else "0.00"


def pct(part: Decimal, whole: Decimal) -> str | None:
    if whole == 0:
        return None
    value = (part * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{value:.2f}" if value != 0 else "0.00"


@dataclass(frozen=True)
class Stored:
    dataset_id: int
    row: Row


@dataclass(frozen=True)
class Question:
    dataset_ids: tuple[int, ...] = ()
    companies: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    accounts: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass
class Totals:
    revenue: Decimal = Decimal(0)
    expenses: Decimal = Decimal(0)
    other: Decimal = Decimal(0)
    count: int = 0

    def kpis(self) -> dict[str, object]:
        net = self.revenue - self.expenses
        return {
            "revenue": fmt(self.revenue),
            "expenses": fmt(self.expenses),
            "net_income": fmt(net),
            "margin": pct(net, self.revenue),
            "unclassified": fmt(self.other),
            "record_count": self.count,
        }

    def metric(self, name: str) -> Decimal:
        net = self.revenue - self.expenses
        volume = abs(self.revenue) + abs(self.expenses) + abs(self.other)
        return {"revenue": self.revenue, "expenses": self.expenses, "net_income": net}.get(
            name, volume
        )


class Oracle:
    def __init__(self, rows: list[Stored], kinds: KindMap, allowed: tuple[str, ...] = ()):
        self.rows, self.kinds, self.allowed = rows, kinds, allowed
        expense_sums: dict[int, Decimal] = defaultdict(Decimal)
        for s in rows:
            if self._kind(s.row) == "expense":
                expense_sums[s.dataset_id] += Decimal(s.row.amount)
        self.signs = {ds: (-1 if total < 0 else 1) for ds, total in expense_sums.items()}

    def _kind(self, row: Row) -> str:
        return self.kinds.kind_of(category=row.category, account=row.account)

    def select(self, q: Question, *, dated: bool = True) -> list[Stored]:
        out = []
        for s in self.rows:
            r = s.row
            if self.allowed and r.company not in self.allowed:
                continue
            if q.dataset_ids and s.dataset_id not in q.dataset_ids:
                continue
            if q.companies and r.company not in q.companies:
                continue
            if q.accounts and r.account not in q.accounts:
                continue
            if q.categories and r.category not in q.categories:
                continue
            if dated and q.date_from and r.date < q.date_from:
                continue
            if dated and q.date_to and r.date > q.date_to:
                continue
            out.append(s)
        return out

    def totals(self, rows: list[Stored], key=lambda s: None) -> dict[object, dict[object, Totals]]:
        out: dict[object, dict[object, Totals]] = defaultdict(lambda: defaultdict(Totals))
        for s in rows:
            acc = out[s.row.currency][key(s)]
            kind, amount = self._kind(s.row), Decimal(s.row.amount)
            if kind == "income":
                acc.revenue += amount
            elif kind == "expense":
                acc.expenses += amount * self.signs.get(s.dataset_id, 1)
            else:
                acc.other += amount
            acc.count += 1
        return out

    def period(self, q: Question) -> tuple[date, date] | None:
        if q.date_from and q.date_to:
            return q.date_from, q.date_to
        rows = self.select(q, dated=False)
        if not rows:
            return None
        first = min(s.row.date for s in rows).replace(day=1)
        last = max(s.row.date for s in rows)
        last = last.replace(day=calendar.monthrange(last.year, last.month)[1])
        start = q.date_from or min(first, q.date_to or first)
        end = q.date_to or max(last, start)
        return start, end


def previous(start: date, end: date) -> tuple[date, date]:
    last_day = calendar.monthrange(end.year, end.month)[1]
    if start.day == 1 and end.day == last_day:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        index = start.year * 12 + start.month - 1 - months
        return date(index // 12, index % 12 + 1, 1), start - timedelta(days=1)
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def bucket(day: date, granularity: str) -> date:
    if granularity == "day":
        return day
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    if granularity == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)
