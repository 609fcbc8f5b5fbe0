"""Writing entries onto the hash chain and checking that nobody edited it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from elara.audit.events import Actor, AuditEvent
from elara.core.context import correlation_id_var
from elara.models import AuditChainHead, AuditEntry, utcnow

GENESIS_HASH = "0" * 64
_HASHED_FIELDS = (
    "created_at",
    "user_id",
    "actor_email",
    "ip",
    "user_agent",
    "action",
    "entity_type",
    "entity_id",
    "outcome",
    "changes",
    "correlation_id",
    "prev_hash",
)


def entry_digest(entry: AuditEntry) -> str:
    """SHA-256 over the entry's content and the previous entry's hash."""
    content: dict[str, Any] = {name: getattr(entry, name) for name in _HASHED_FIELDS}
    content["created_at"] = entry.created_at.isoformat(timespec="microseconds")
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_head(session: Session) -> AuditChainHead:
    # An UPDATE first takes the write lock on SQLite and the row lock on InnoDB alike.
    session.execute(update(AuditChainHead).where(AuditChainHead.id == 1).values(id=1))
    head = session.execute(select(AuditChainHead).where(AuditChainHead.id == 1)).scalar_one()
    return head


def record(session: Session, event: AuditEvent, actor: Actor) -> AuditEntry:
    """Append one event to the chain inside the caller's transaction."""
    head = _lock_head(session)
    changes = dict(event.changes or {})
    changes.update(event.extra)
    entry = AuditEntry(
        created_at=utcnow(),
        user_id=actor.user_id,
        actor_email=actor.email,
        ip=actor.ip,
        user_agent=(actor.user_agent or "")[:255] or None,
        action=str(event.action),
        entity_type=event.entity_type,
        entity_id=None if event.entity_id is None else str(event.entity_id),
        outcome=event.outcome,
        changes=changes or None,
        correlation_id=correlation_id_var.get(),
        prev_hash=head.last_hash,
    )
    entry.entry_hash = entry_digest(entry)
    session.add(entry)
    session.flush()
    head.last_id = entry.id
    head.last_hash = entry.entry_hash
    return entry


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int | None
    problem: str


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    problems: list[ChainProblem]


def _entries(session: Session, batch: int = 5000) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.id > last).order_by(AuditEntry.id).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id
        session.expunge_all()


def verify_chain(session: Session, *, max_problems: int = 100) -> ChainReport:
    """Walk the trail in order; report edited, deleted or inserted entries by id."""
    problems: list[ChainProblem] = []
    expected_prev = GENESIS_HASH
    count = 0
    last_id = 0
    for entry in _entries(session):
        count += 1
        last_id = entry.id
        if entry.prev_hash != expected_prev:
            problems.append(
                ChainProblem(
                    entry.id,
                    "previous-hash link broken: an entry before "
                    "this one was deleted, inserted or edited",
                )
            )
        if entry_digest(entry) != entry.entry_hash:
            problems.append(ChainProblem(entry.id, "content does not match its hash: edited"))
        expected_prev = entry.entry_hash
        if len(problems) >= max_problems:
            break
    head = session.get(AuditChainHead, 1)
    if (
        head is not None
        and len(problems) < max_problems
        and (head.last_hash != expected_prev or head.last_id != last_id)
    ):
        problems.append(ChainProblem(head.last_id or None, "the newest entries were removed"))
    return ChainReport(ok=not problems, entries=count, problems=problems)
