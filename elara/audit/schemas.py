"""Response bodies of /api/audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from elara.core.schemas import OutputModel


class AuditEntryOut(OutputModel):
    id: int
    created_at: datetime
    user_id: int | None
    actor_email: str | None
    ip: str | None
    user_agent: str | None
    action: str
    entity_type: str | None
    entity_id: str | None
    outcome: str
    correlation_id: str | None


class AuditEntryDetail(AuditEntryOut):
    changes: dict[str, Any] | None
    prev_hash: str
    entry_hash: str


class ChainProblemOut(OutputModel):
    entry_id: int | None
    problem: str


class ChainReportOut(OutputModel):
    ok: bool
    entries: int
    problems: list[ChainProblemOut]
