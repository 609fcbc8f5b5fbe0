"""The assistant's `FinancialData` port over the dashboard service: the same filters, the same
row-level access, the same rollups and cache as the dashboard itself."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from elara.assistant.intent import Granularity, GroupBy
from elara.assistant.port import Query, SeriesLine, Totals
from elara.assistant.vocabulary import Vocabulary
from elara.dashboard import service
from elara.dashboard.cache import Cache
from elara.dashboard.filters import Filters, make_filters
from elara.dashboard.schemas import BreakdownItem, Kpis
from elara.models import User

MAX_GROUPS = service.MAX_TOP


class DashboardData:
    """Numbers for one user, read through `elara.dashboard.service`."""

    def __init__(self, session: Session, user: User, *, cache: Cache | None = None) -> None:
        self.session = session
        self.user = user
        self.cache = cache

    def _filters(self, query: Query) -> Filters:
        return make_filters(
            companies=list(query.companies),
            accounts=list(query.accounts),
            categories=list(query.categories),
            date_from=query.date_from,
            date_to=query.date_to,
        )

    def vocabulary(self) -> Vocabulary:
        """The dashboard's filter options: only what the user may see."""
        options = service.filter_options(
            self.session, user=self.user, filters=make_filters(), cache=self.cache
        )
        return Vocabulary(
            tuple(options.companies),
            tuple(options.accounts),
            tuple(options.categories),
            options.first_date,
            options.last_date,
        )

    def totals(self, query: Query) -> list[Totals]:
        """The dashboard summary's current-period KPIs, per currency."""
        summary = service.summary(
            self.session, user=self.user, filters=self._filters(query), cache=self.cache
        )
        return [
            _from_kpis(block.currency, block.current)
            for block in summary.by_currency
            if block.current.record_count
        ]

    def series(
        self, query: Query, *, granularity: Granularity, group_by: GroupBy | None
    ) -> list[SeriesLine]:
        """The dashboard time series; periods without records are left out."""
        answer = service.timeseries(
            self.session,
            user=self.user,
            filters=self._filters(query),
            granularity=granularity.value,
            group_by=group_by.value if group_by else None,
            cache=self.cache,
        )
        lines = []
        for block in answer.by_currency:
            for line in block.series:
                points = {
                    start: Totals(
                        block.currency,
                        Decimal(line.revenue[i] or 0),
                        Decimal(line.expenses[i] or 0),
                        Decimal(0),
                        line.record_count[i],
                    )
                    for i, start in enumerate(answer.periods)
                    if line.record_count[i]
                }
                group = line.key if group_by else None
                lines.append(SeriesLine(block.currency, group, points))
        return lines

    def ranking(self, query: Query, *, by: GroupBy) -> dict[str, list[Totals]]:
        """The dashboard breakdown's groups (at most 100), per currency."""
        answer = service.breakdown(
            self.session,
            user=self.user,
            filters=self._filters(query),
            by=by.value,
            top=MAX_GROUPS,
            cache=self.cache,
        )
        out: dict[str, list[Totals]] = {}
        for block in answer.by_currency:
            for item in block.items:
                out.setdefault(str(item.key), []).append(_from_item(block.currency, item))
        return out


def _from_kpis(currency: str | None, kpis: Kpis) -> Totals:
    return Totals(
        currency,
        Decimal(kpis.revenue),
        Decimal(kpis.expenses),
        Decimal(kpis.unclassified),
        kpis.record_count,
    )


def _from_item(currency: str | None, item: BreakdownItem) -> Totals:
    return Totals(
        currency,
        Decimal(item.revenue),
        Decimal(item.expenses),
        Decimal(item.unclassified),
        item.record_count,
    )
