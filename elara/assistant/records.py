"""Interim adapter of the assistant's port over `dataset_records`, limited to the user's scope.

Replaced by the dashboard-service adapter once that service is merged; kept small on purpose.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from elara.assistant.intent import Granularity, GroupBy
from elara.assistant.port import Query, SeriesLine, Totals
from elara.assistant.vocabulary import Vocabulary
from elara.models import AccountCategory, Dataset, DatasetRecord, DatasetStatus, User

_INCOME = {
    "revenue",
    "revenues",
    "sales",
    "net sales",
    "income",
    "other income",
    "turnover",
    "interest income",
    "operating income",
}
_EXPENSE = {
    "cogs",
    "cost of sales",
    "cost of goods sold",
    "cost of revenue",
    "expense",
    "expenses",
    "operating expenses",
    "opex",
    "payroll",
    "salaries",
    "wages",
    "rent",
    "marketing",
    "r&d",
    "g&a",
    "sg&a",
    "depreciation",
    "tax",
    "taxes",
    "utilities",
    "insurance",
    "travel",
}


@dataclass(frozen=True)
class _Row:
    dataset_id: int
    company: str
    account: str
    category: str | None
    currency: str | None
    day: date
    minor: int
    count: int


class RecordsData:
    """The port over stored records of ready datasets, for one user's companies only."""

    def __init__(self, session: Session, user: User) -> None:
        self.session = session
        self.allowed = tuple(user.allowed_companies or ())
        self._kinds = {
            a.lower(): k
            for a, k in session.execute(select(AccountCategory.account, AccountCategory.kind))
        }

    def _base(self):  # type: ignore[no-untyped-def]
        stmt = (
            select(DatasetRecord)
            .join(Dataset, Dataset.id == DatasetRecord.dataset_id)
            .where(Dataset.status == DatasetStatus.ready.value)
        )
        if self.allowed:
            stmt = stmt.where(DatasetRecord.company_code.in_(self.allowed))
        return stmt

    def vocabulary(self) -> Vocabulary:
        """Distinct companies, accounts, categories and the date range in scope."""
        base = self._base().subquery()

        def distinct(column: str) -> tuple[str, ...]:
            values = self.session.scalars(select(base.c[column]).distinct())
            return tuple(sorted(v for v in values if v))

        first, last = self.session.execute(
            select(func.min(base.c.date), func.max(base.c.date))
        ).one()
        return Vocabulary(
            distinct("company_code"), distinct("account"), distinct("category"), first, last
        )

    def _rows(self, query: Query) -> list[_Row]:
        r = DatasetRecord
        stmt = (
            select(
                r.dataset_id,
                r.company_code,
                r.account,
                r.category,
                r.currency,
                r.date,
                func.sum(r.amount_minor),
                func.count(),
            )
            .join(Dataset, Dataset.id == r.dataset_id)
            .where(Dataset.status == DatasetStatus.ready.value)
        )
        if self.allowed:
            stmt = stmt.where(r.company_code.in_(self.allowed))
        if query.companies:
            stmt = stmt.where(r.company_code.in_(query.companies))
        if query.accounts:
            stmt = stmt.where(r.account.in_(query.accounts))
        if query.categories:
            stmt = stmt.where(r.category.in_(query.categories))
        if query.date_from:
            stmt = stmt.where(r.date >= query.date_from)
        if query.date_to:
            stmt = stmt.where(r.date <= query.date_to)
        stmt = stmt.group_by(
            r.dataset_id, r.company_code, r.account, r.category, r.currency, r.date
        )
        return [_Row(*row[:6], int(row[6]), int(row[7])) for row in self.session.execute(stmt)]

    def _kind(self, category: str | None, account: str) -> str:
        for term in ((category or "").strip().lower(), account.strip().lower()):
            if term in _INCOME:
                return "income"
            if term in _EXPENSE or self._kinds.get(term) == "expense":
                return "expense"
        return self._kinds.get(account.strip().lower(), "other")

    def _signs(self, rows: Iterable[_Row]) -> dict[int, int]:
        """Datasets whose expenses sum negative store costs as negative amounts."""
        sums: dict[int, int] = defaultdict(int)
        for row in rows:
            if self._kind(row.category, row.account) == "expense":
                sums[row.dataset_id] += row.minor
        return {dataset: -1 if total < 0 else 1 for dataset, total in sums.items()}

    def _fold(self, rows: list[_Row], key: Callable[[_Row], object]) -> dict[object, Totals]:
        signs = self._signs(self._rows(Query()))
        acc: dict[object, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for row in rows:
            kind = self._kind(row.category, row.account)
            slot = {"income": 0, "expense": 1}.get(kind, 2)
            amount = row.minor * (signs.get(row.dataset_id, 1) if slot == 1 else 1)
            bucket = acc[key(row)]
            bucket[slot] += amount
            bucket[3] += row.count
        return {
            k: Totals(
                k[0] if isinstance(k, tuple) else k,  # type: ignore[arg-type]
                *(Decimal(v) / 100 for v in values[:3]),
                values[3],
            )
            for k, values in acc.items()
        }

    def totals(self, query: Query) -> list[Totals]:
        """Totals per currency."""
        folded = self._fold(self._rows(query), lambda row: (row.currency,))
        return [totals for _, totals in sorted(folded.items(), key=lambda kv: str(kv[0]))]

    def series(
        self, query: Query, *, granularity: Granularity, group_by: GroupBy | None
    ) -> list[SeriesLine]:
        """Totals per period start (and group) per currency."""

        def key(row: _Row) -> tuple[str | None, str | None, date]:
            return (row.currency, _group(row, group_by), _bucket(row.day, granularity))

        lines: dict[tuple[str | None, str | None], SeriesLine] = {}
        for (currency, group, start), totals in sorted(
            self._fold(self._rows(query), key).items(), key=lambda kv: str(kv[0])
        ):  # type: ignore[misc]
            line = lines.setdefault((currency, group), SeriesLine(currency, group, {}))
            line.points[start] = totals
        return list(lines.values())

    def ranking(self, query: Query, *, by: GroupBy) -> dict[str, list[Totals]]:
        """Totals of every group per currency."""
        folded = self._fold(self._rows(query), lambda row: (row.currency, _group(row, by)))
        out: dict[str, list[Totals]] = defaultdict(list)
        for (_, group), totals in sorted(folded.items(), key=lambda kv: str(kv[0])):  # type: ignore[misc]
            out[str(group)].append(totals)
        return dict(out)


def _group(row: _Row, by: GroupBy | None) -> str | None:
    if by is None:
        return None
    return {"company": row.company, "account": row.account, "category": row.category or "(none)"}[
        by.value
    ]


def _bucket(day: date, granularity: Granularity) -> date:
    if granularity is Granularity.year:
        return date(day.year, 1, 1)
    if granularity is Granularity.quarter:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)
