"""Queries over the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from elara.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None
    action: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    user_email: str | None = None


def _filtered(query: Select[Any], where: AuditFilter) -> Select[Any]:
    if where.user_id is not None:
        query = query.where(AuditEntry.user_id == where.user_id)
    if where.user_email:
        query = query.where(func.lower(AuditEntry.actor_email) == where.user_email.strip().lower())
    if where.action:
        # "auth." matches every auth action, "user.up*" every action starting "user.up";
        # anything else is an exact action.
        if where.action.endswith("*"):
            prefix = where.action[:-1]
            query = query.where(AuditEntry.action.startswith(prefix, autoescape=True))
        elif where.action.endswith("."):
            query = query.where(AuditEntry.action.startswith(where.action, autoescape=True))
        else:
            query = query.where(AuditEntry.action == where.action)
    if where.entity_type:
        query = query.where(AuditEntry.entity_type == where.entity_type)
    if where.entity_id:
        query = query.where(AuditEntry.entity_id == where.entity_id)
    if where.since is not None:
        query = query.where(AuditEntry.created_at >= where.since)
    if where.until is not None:
        query = query.where(AuditEntry.created_at < where.until)
    return query


def search(
    session: Session, where: AuditFilter, *, offset: int, limit: int
) -> tuple[list[AuditEntry], int]:
    """A page of entries, newest first, and how many match."""
    query = _filtered(select(AuditEntry), where)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(AuditEntry.id.desc()).offset(offset).limit(limit))
    return list(rows), total


def in_period(session: Session, *, since: datetime, until: datetime) -> list[AuditEntry]:
    """Every entry of a period, oldest first (reports are bounded by their period)."""
    query = _filtered(select(AuditEntry), AuditFilter(since=since, until=until))
    return list(session.scalars(query.order_by(AuditEntry.id)))
