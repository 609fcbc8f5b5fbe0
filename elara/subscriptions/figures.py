"""The figures of a report, computed by the dashboard service in one recipient's scope, and
the XLSX of that recipient's records (the dashboard export's writer)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from elara.core.db import Database
from elara.core.errors import Forbidden, InvalidInput
from elara.dashboard import export, repository, service
from elara.dashboard.context import resolve
from elara.dashboard.filters import Filters
from elara.dashboard.query import QueryBuilder
from elara.dashboard.schemas import Breakdown, Summary, Timeseries
from elara.models import User

TOP_COMPANIES = 8


@dataclass(frozen=True)
class Figures:
    """What one recipient sees of a view: KPIs, a series and revenue by company."""

    summary: Summary
    series: Timeseries
    companies: Breakdown
    builder: QueryBuilder
    dimensions: tuple[str, ...]
    record_count: int


def record_count(summary: Summary) -> int:
    return sum(block.current.record_count for block in summary.by_currency)


def figures_for(
    session: Session, *, user: User, filters: Filters, granularity: str = "month"
) -> Figures | None:
    """The view's figures as `user` sees them; None when they see no records of it."""
    try:
        summary = service.summary(session, user=user, filters=filters)
        if record_count(summary) == 0:
            return None
        series = service.timeseries(session, user=user, filters=filters, granularity=granularity)
        companies = service.breakdown(
            session, user=user, filters=filters, by="company", top=TOP_COMPANIES, metric="revenue"
        )
        ctx = resolve(session, user=user, filters=filters)
    except (Forbidden, InvalidInput):  # a dataset or company of the view this user may not see
        return None
    dimensions = tuple(repository.dimension_names(session, ctx.builder.dataset_ids))
    count = repository.count_records(session, ctx.builder)
    return Figures(summary, series, companies, ctx.builder, dimensions, count)


def xlsx_bytes(db: Database, figures: Figures) -> bytes:
    """The recipient's records as the dashboard's XLSX export writes them."""
    return b"".join(export.stream_xlsx(db, figures.builder, figures.dimensions))
