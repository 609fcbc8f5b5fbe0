"""Tokens that change whenever stored financial data, or who may see what, changes; caches
key on them.

A token is `<counter>.<random>`: the counter only grows, so a read replica can tell whether
it has caught up with a version a reader has already seen (elara/core/db.py). The auth
version changes in the transaction of every write to a user and of every revoked or deleted
session (`watch_auth`), so a cached user or session check is never used after a logout, a
deactivation or a role change. A request reads both tokens once, in one query (`versions`).
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import Table, event, insert, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from elara.models import AppSetting, RefreshSession, User, utcnow

KEY = "data_version"
AUTH_KEY = "auth_version"
# Where a committed bump is noted for the session's Database (read-your-own-writes).
SESSION_KEY = "elara_data_version"
# Both tokens as this session first read them (one query per request, see `versions`).
SEEN_KEY = "elara_versions"


def counter(version: str | None) -> int:
    """The growing part of a version ("0" and versions from before counters count as 0)."""
    head = (version or "0").split(".", 1)[0]
    return int(head) if head.isdigit() else 0


def bump(session: Session) -> str:
    """Mark the data as changed (in the caller's transaction); returns the new version."""
    version = _bump(session, KEY)
    session.info[SESSION_KEY] = max(session.info.get(SESSION_KEY, 0), counter(version))
    return version


def _bump(session: Session, key: str) -> str:
    # Core statements on the session's connection: safe inside flush and execute hooks.
    connection = session.connection()
    table = cast(Table, AppSetting.__table__)
    # Touch the row first: it locks it, so the counter read next is the latest committed one.
    result = connection.execute(update(table).where(table.c.key == key).values(updated_at=utcnow()))
    value = connection.scalar(select(table.c.value).where(table.c.key == key))
    version = f"{counter(value) + 1}.{uuid.uuid4().hex[:16]}"
    if getattr(result, "rowcount", 0):
        connection.execute(update(table).where(table.c.key == key).values(value=version))
    else:
        connection.execute(insert(table).values(key=key, value=version, updated_at=utcnow()))
    seen = session.info.get(SEEN_KEY)
    if seen is not None:
        seen[key] = version
    return version


def current(session: Session) -> str:
    """The current data version ("0" before any data was stored), read now."""
    value = session.scalar(select(AppSetting.value).where(AppSetting.key == KEY))
    return str(value) if value is not None else "0"


def versions(session: Session) -> dict[str, str]:
    """The data and auth versions, read once per session (one query) and then remembered."""
    seen: dict[str, str] | None = session.info.get(SEEN_KEY)
    if seen is None:
        rows = session.execute(
            select(AppSetting.key, AppSetting.value).where(AppSetting.key.in_((KEY, AUTH_KEY)))
        )
        seen = {KEY: "0", AUTH_KEY: "0"} | {k: str(v) for k, v in rows if v is not None}
        session.info[SEEN_KEY] = seen
    return seen


def seen(session: Session) -> str:
    """The data version this session read first (see `versions`)."""
    return versions(session)[KEY]


def _changes_access(session: Session) -> bool:
    if any(isinstance(obj, User) for obj in session.new):
        return True
    if any(isinstance(obj, User | RefreshSession) for obj in session.deleted):
        return True
    for obj in session.dirty:
        if isinstance(obj, User) and session.is_modified(obj):
            return True
        if isinstance(obj, RefreshSession) and inspect(obj).attrs.revoked_at.history.added:
            return True
    return False


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if _changes_access(session):
        _bump(session, AUTH_KEY)


_WATCHED = {User.__tablename__, RefreshSession.__tablename__}


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in _WATCHED:
        _bump(state.session, AUTH_KEY)


def watch_auth(factory: sessionmaker[Session]) -> None:
    """Bump the auth version in the transaction of every write that may end or change access:
    a user added, changed or deleted, a session revoked or deleted (ORM objects or bulk)."""
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "do_orm_execute", _on_execute)
