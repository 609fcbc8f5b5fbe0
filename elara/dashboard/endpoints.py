"""/api/dashboard, /api/records and /api/datasets/{id}/records: thin routes over the service."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from elara.audit import chain
from elara.audit.events import Action, AuditEvent
from elara.auth.deps import ActorDep
from elara.core.deps import ReadSessionDep, StateDep, seen_version
from elara.core.errors import InvalidInput, NotFound
from elara.core.schemas import EntityId
from elara.dashboard import cache, export, records, repository, service
from elara.dashboard.context import resolve
from elara.dashboard.filters import Filters
from elara.dashboard.params import (
    DashboardReader,
    DatasetFiltersDep,
    ExportUser,
    FiltersDep,
    strict,
)
from elara.dashboard.schemas import Breakdown, FilterOptions, RecordPage, Summary, Timeseries
from elara.models import User

router = APIRouter(tags=["dashboard"])

Text = Annotated[str, Query(max_length=32)]


@router.get("/api/dashboard/filters", dependencies=[Depends(strict())])
def filter_options(
    user: DashboardReader, filters: FiltersDep, session: ReadSessionDep, state: StateDep
) -> FilterOptions:
    """The datasets, companies, accounts, categories and dates the user may pick."""
    return service.filter_options(session, user=user, filters=filters, cache=cache.for_state(state))


@router.get("/api/dashboard/summary", dependencies=[Depends(strict())])
def summary(
    user: DashboardReader, filters: FiltersDep, session: ReadSessionDep, state: StateDep
) -> Summary:
    """KPIs for the filtered period and the previous period of equal length."""
    return service.summary(session, user=user, filters=filters, cache=cache.for_state(state))


@router.get("/api/dashboard/timeseries", dependencies=[Depends(strict("granularity", "group_by"))])
def timeseries(
    user: DashboardReader,
    filters: FiltersDep,
    session: ReadSessionDep,
    state: StateDep,
    granularity: Text = "month",
    group_by: Annotated[str | None, Query(max_length=32)] = None,
) -> Timeseries:
    """KPI series per day, week, month, quarter or year, optionally one line per group."""
    return service.timeseries(
        session,
        user=user,
        filters=filters,
        granularity=granularity,
        group_by=group_by,
        cache=cache.for_state(state),
    )


@router.get("/api/dashboard/breakdown", dependencies=[Depends(strict("by", "top", "metric"))])
def breakdown(
    user: DashboardReader,
    filters: FiltersDep,
    session: ReadSessionDep,
    state: StateDep,
    by: Text = "company",
    top: Annotated[int, Query(ge=1, le=service.MAX_TOP)] = 10,
    metric: Text = "volume",
) -> Breakdown:
    """The top groups by a metric, the rest summed as "Other"."""
    return service.breakdown(
        session,
        user=user,
        filters=filters,
        by=by,
        top=top,
        metric=metric,
        cache=cache.for_state(state),
    )


PAGE = ("sort", "order", "limit", "cursor")
Limit = Annotated[int, Query(ge=1, le=records.MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=2000)]


@dataclass(frozen=True)
class Paging:
    """Sort and keyset paging of a record listing, as query parameters."""

    sort: str
    order: str
    limit: int
    cursor: str | None


def get_paging(
    sort: Text = "date", order: Text = "asc", limit: Limit = 100, cursor: Cursor = None
) -> Paging:
    return Paging(sort, order, limit, cursor)


PagingDep = Annotated[Paging, Depends(get_paging)]


def _page(session: Session, user: User, filters: Filters, paging: Paging) -> RecordPage:
    return records.records(
        session,
        user=user,
        filters=filters,
        sort=paging.sort,
        order=paging.order,
        limit=paging.limit,
        cursor=paging.cursor,
    )


@router.get("/api/records", dependencies=[Depends(strict(*PAGE))])
def list_records(
    user: DashboardReader, filters: FiltersDep, paging: PagingDep, session: ReadSessionDep
) -> RecordPage:
    """A keyset page of the filtered records, sorted by any column."""
    return _page(session, user, filters, paging)


@router.get(
    "/api/datasets/{dataset_id}/records",
    dependencies=[
        Depends(strict(*PAGE, common=("company", "from", "to", "account", "category", "dim")))
    ],
)
def dataset_records(
    dataset_id: EntityId,
    user: DashboardReader,
    filters: DatasetFiltersDep,
    paging: PagingDep,
    session: ReadSessionDep,
) -> RecordPage:
    """A keyset page of one dataset's records (404 when the user may not see it)."""
    try:
        return _page(session, user, replace(filters, dataset_ids=(dataset_id,)), paging)
    except InvalidInput as exc:
        if exc.code == "unknown_dataset":
            raise NotFound("No such dataset.") from exc
        raise


def _filters_for_audit(filters: Filters) -> dict[str, object]:
    return {
        "dataset_id": list(filters.dataset_ids),
        "company": list(filters.companies),
        "from": filters.date_from.isoformat() if filters.date_from else None,
        "to": filters.date_to.isoformat() if filters.date_to else None,
        "account": list(filters.accounts),
        "category": list(filters.categories),
        "dim": [f"{name}={value}" for name, values in filters.dimensions for value in values],
        "scenario": filters.scenario,
    }


EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The filtered records as a file",
        "content": {
            "text/csv": {},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
        },
    }
}


@router.get(
    "/api/records/export",
    dependencies=[Depends(strict("format"))],
    responses=EXPORT_RESPONSES,
)
def export_records(
    user: ExportUser,
    filters: FiltersDep,
    actor: ActorDep,
    state: StateDep,
    request: Request,
    format: Text = "csv",
) -> StreamingResponse:
    """Exactly the filtered records as CSV (streamed) or XLSX; every export is audited."""
    if format not in export.FORMATS:
        raise InvalidInput(details=[{"field": "format", "message": "csv or xlsx"}])
    # Own short transaction: the audit chain's lock must not be held while the file streams.
    with state.db.transaction() as session:
        ctx = resolve(session, user=user, filters=filters)
        rows = repository.count_records(session, ctx.builder)
        dimensions = tuple(repository.dimension_names(session, ctx.builder.dataset_ids))
        if format == "xlsx":
            export.check_xlsx_size(rows)
        event = AuditEvent(
            Action.records_export,
            "records",
            None,
            extra={"format": format, "rows": rows, "filters": _filters_for_audit(filters)},
        )
        chain.record(session, event, actor)
    stamp = date.today().strftime("%Y%m%d")
    seen = seen_version(request)
    if format == "csv":
        body = export.stream_csv(state.db, ctx.builder, dimensions, seen=seen)
        media = "text/csv; charset=utf-8"
    else:
        body = export.stream_xlsx(state.db, ctx.builder, dimensions, seen=seen)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    headers = {
        "Content-Disposition": f'attachment; filename="elara-records-{stamp}.{format}"',
        "X-Export-Records": str(rows),  # the web app's progress: records so far of these
    }
    return StreamingResponse(body, media_type=media, headers=headers)
