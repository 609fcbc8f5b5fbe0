"""A token that changes whenever stored financial data changes; caches key on it.

The token is `<counter>.<random>`: the counter only grows, so a read replica can tell whether
it has caught up with a version a reader has already seen (elara/core/db.py)."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from elara.models import AppSetting, utcnow

KEY = "data_version"
# Where a committed bump is noted for the session's Database (read-your-own-writes).
SESSION_KEY = "elara_data_version"


def counter(version: str | None) -> int:
    """The growing part of a version ("0" and versions from before counters count as 0)."""
    head = (version or "0").split(".", 1)[0]
    return int(head) if head.isdigit() else 0


def bump(session: Session) -> str:
    """Mark the data as changed (in the caller's transaction); returns the new version."""
    # Touch the row first: it locks it, so the counter read next is the latest committed one.
    result = session.execute(
        update(AppSetting).where(AppSetting.key == KEY).values(updated_at=utcnow())
    )
    version = f"{counter(current(session)) + 1}.{uuid.uuid4().hex[:16]}"
    if getattr(result, "rowcount", 0):
        session.execute(update(AppSetting).where(AppSetting.key == KEY).values(value=version))
    else:
        session.add(AppSetting(key=KEY, value=version, updated_at=utcnow()))
        session.flush()
    session.info[SESSION_KEY] = max(session.info.get(SESSION_KEY, 0), counter(version))
    return version


def current(session: Session) -> str:
    """The current data version ("0" before any data was stored)."""
    value = session.scalar(select(AppSetting.value).where(AppSetting.key == KEY))
    return str(value) if value is not None else "0"
