"""/api/audit: the trail (admin), its verification and compliance reports."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import StringConstraints

from elara.audit import repository, service
from elara.audit.chain import verify_chain
from elara.audit.schemas import AuditEntryDetail, AuditEntryOut, ChainReportOut
from elara.auth.deps import ActorDep, require
from elara.auth.permissions import Permission
from elara.core.deps import SessionDep
from elara.core.schemas import EntityId, Page, PageNumber, PageSize

router = APIRouter(prefix="/api/audit", tags=["audit"])
AuditReader = Depends(require(Permission.audit_read))
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=64)]
_MEDIA = {"csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


@router.get("", dependencies=[AuditReader])
def list_entries(
    session: SessionDep,
    user_id: Annotated[int | None, Query(ge=1, le=2**31)] = None,
    user_email: Annotated[ShortText | None, Query()] = None,
    action: Annotated[ShortText | None, Query()] = None,
    entity_type: Annotated[ShortText | None, Query()] = None,
    entity_id: Annotated[ShortText | None, Query()] = None,
    since: Annotated[datetime | None, Query(alias="from")] = None,
    until: Annotated[datetime | None, Query(alias="to")] = None,
    page: Annotated[PageNumber, Query()] = 1,
    page_size: Annotated[PageSize, Query()] = 50,
) -> Page[AuditEntryOut]:
    """A page of audit entries, newest first; `action` ending in "." matches a family and
    ending in "*" any action starting so; `user_email` is the actor's email (any case)."""
    where = repository.AuditFilter(
        user_id, action, entity_type, entity_id, _utc(since), _utc(until), user_email
    )
    rows, total = repository.search(session, where, offset=(page - 1) * page_size, limit=page_size)
    items = [AuditEntryOut.model_validate(row) for row in rows]
    return Page[AuditEntryOut](items=items, total=total, page=page, page_size=page_size)


@router.get("/verify", dependencies=[AuditReader])
def verify(session: SessionDep) -> ChainReportOut:
    """Walk the hash chain; name every edited, deleted or inserted entry."""
    return ChainReportOut.model_validate(verify_chain(session))


@router.get(
    "/report",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}, "application/pdf": {}}, "description": "The report file"}
    },
)
def report(
    session: SessionDep,
    actor: ActorDep,
    _: Annotated[object, AuditReader],
    since: Annotated[date, Query(alias="from")],
    until: Annotated[date, Query(alias="to")],
    fmt: Annotated[Literal["csv", "pdf"], Query(alias="format")] = "csv",
) -> Response:
    """Compliance report for a period (inclusive dates) as CSV or PDF; the export is audited."""
    content = service.export_report(session, since=since, until=until, fmt=fmt, actor=actor)
    filename = f"elara-audit-{since.isoformat()}-{until.isoformat()}.{fmt}"
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }
    return Response(content, media_type=_MEDIA[fmt], headers=headers)


@router.get("/{entry_id}", dependencies=[AuditReader])
def get_entry(entry_id: EntityId, session: SessionDep) -> AuditEntryDetail:
    """One entry with its before/after changes and its hashes."""
    return AuditEntryDetail.model_validate(service.get_entry(session, entry_id))
