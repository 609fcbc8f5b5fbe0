"""Upload jobs under a lease: one owner at a time, taken over only once the lease expired.

Every change is one conditional UPDATE or DELETE (the database's compare-and-set), so two
workers never both believe they own a job; the final write of a job checks ownership in
its own transaction, which makes the stored result exactly-once.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, or_, select, update
from sqlalchemy.orm import Session

from elara.audit.events import Actor
from elara.models import UploadJob, utcnow

PARSE = "parse"
STORE = "store"


def _changed(session: Session, statement: Any) -> int:
    """Rows matched by an UPDATE or DELETE."""
    return int(getattr(session.execute(statement), "rowcount", 0) or 0)


def _until(seconds: float) -> datetime:
    return utcnow() + timedelta(seconds=seconds)


def create(session: Session, *, batch_id: int, actor: Actor, lease_seconds: float) -> None:
    """A queued job: free to claim, and requeued by a reaper if nobody does in time."""
    session.add(
        UploadJob(
            batch_id=batch_id,
            stage=PARSE,
            owner=None,
            lease_until=_until(lease_seconds),
            attempts=0,
            actor=asdict(actor),
        )
    )


def claim(
    session: Session, *, batch_id: int, stage: str, owner: str, lease_seconds: float
) -> UploadJob | None:
    """Take the job for `owner` if it is free or its lease expired; None otherwise."""
    now = utcnow()
    taken = _changed(
        session,
        update(UploadJob)
        .where(
            UploadJob.batch_id == batch_id,
            UploadJob.stage == stage,
            or_(UploadJob.owner.is_(None), UploadJob.lease_until < now),
        )
        .values(
            owner=owner,
            lease_until=now + timedelta(seconds=lease_seconds),
            attempts=UploadJob.attempts + 1,
        )
        .execution_options(synchronize_session=False),
    )
    if taken != 1:
        return None
    return session.get(UploadJob, batch_id, populate_existing=True)


def _owned(batch_id: int, owner: str) -> tuple[ColumnElement[bool], ...]:
    return (UploadJob.batch_id == batch_id, UploadJob.owner == owner)


def renew(session: Session, *, batch_id: int, owner: str, lease_seconds: float) -> bool:
    """Extend the lease; False when the job is no longer this owner's."""
    result = _changed(
        session,
        update(UploadJob)
        .where(*_owned(batch_id, owner))
        .values(lease_until=_until(lease_seconds))
        .execution_options(synchronize_session=False),
    )
    return result == 1


def hold(conn: Connection, *, batch_id: int, owner: str, lease_seconds: float) -> bool:
    """Renew the lease in the caller's own transaction (a connection's); False when the job
    is no longer this owner's. Run it just before the commit: on MariaDB the job row stays
    locked until that transaction ends, so a takeover's claim waits for the commit and then
    sees everything it wrote (and the heartbeat's renewal is not held up for long)."""
    result = conn.execute(
        update(UploadJob).where(*_owned(batch_id, owner)).values(lease_until=_until(lease_seconds))
    )
    return int(result.rowcount or 0) == 1


def hand_over(
    session: Session, *, batch_id: int, owner: str, stage: str, lease_seconds: float
) -> bool:
    """Give the job up to whoever claims `stage` next (a retry, or the next stage)."""
    result = _changed(
        session,
        update(UploadJob)
        .where(*_owned(batch_id, owner))
        .values(stage=stage, owner=None, lease_until=_until(lease_seconds))
        .execution_options(synchronize_session=False),
    )
    return result == 1


def finish(session: Session, *, batch_id: int, owner: str) -> bool:
    """End the job; True only for its owner (the caller's transaction commits it)."""
    result = _changed(
        session,
        delete(UploadJob)
        .where(*_owned(batch_id, owner))
        .execution_options(synchronize_session=False),
    )
    return result == 1


def expired(session: Session, *, limit: int = 100) -> list[tuple[int, int]]:
    """(batch id, attempts) of jobs whose lease ran out, oldest first."""
    rows = session.execute(
        select(UploadJob.batch_id, UploadJob.attempts)
        .where(UploadJob.lease_until < utcnow())
        .order_by(UploadJob.lease_until)
        .limit(limit)
    )
    return [(int(batch_id), int(attempts)) for batch_id, attempts in rows]


def requeue(session: Session, *, batch_id: int, lease_seconds: float) -> bool:
    """Restart an expired job from parsing; True for the one reaper whose update won."""
    now = utcnow()
    result = _changed(
        session,
        update(UploadJob)
        .where(UploadJob.batch_id == batch_id, UploadJob.lease_until < now)
        .values(stage=PARSE, owner=None, lease_until=now + timedelta(seconds=lease_seconds))
        .execution_options(synchronize_session=False),
    )
    return result == 1


def drop_expired(session: Session, *, batch_id: int) -> bool:
    """Remove an expired job (it is failed by the caller); True for the one that did."""
    result = _changed(
        session,
        delete(UploadJob)
        .where(UploadJob.batch_id == batch_id, UploadJob.lease_until < utcnow())
        .execution_options(synchronize_session=False),
    )
    return result == 1


def actor_of(job: UploadJob) -> Actor:
    return Actor(**job.actor)
