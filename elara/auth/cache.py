"""Who is calling, remembered per auth version: the user's columns and live session families.

Every write that may end or change someone's access (a user added, changed, deactivated or
deleted; a session revoked, as logout and a password change do) bumps the auth version in
its own transaction (`elara.core.data_version.watch_auth`), and each request reads that
version first, so an entry kept under an older version is never used again. Keys hold the
whole token (`<counter>.<random>`): two databases, or a database restored to an older state,
never share an entry they should not. The entries belong to one app (`AppState.per_app`), so
two apps in one process never share them.
"""

from __future__ import annotations

import threading
from typing import Any

from cachetools import LRUCache
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from elara.auth import repository
from elara.core import data_version
from elara.core.state import AppState
from elara.models import User

SIZE = 4096
_COLUMNS = [attr.key for attr in User.__mapper__.column_attrs]


class AuthCache:
    """One app's kept users (columns by (version, id)) and live families (by (version, id))."""

    def __init__(self, *, size: int = SIZE) -> None:
        self.users: LRUCache[tuple[str, int], dict[str, Any]] = LRUCache(maxsize=size)
        self.live: LRUCache[tuple[str, str], bool] = LRUCache(maxsize=size)
        # cachetools' caches are not thread-safe; requests run in a thread pool.
        self.lock = threading.Lock()

    def get(self, store: LRUCache[Any, Any], key: Any) -> Any:
        with self.lock:
            return store.get(key)

    def put(self, store: LRUCache[Any, Any], key: Any, value: Any) -> None:
        with self.lock:
            store[key] = value


def for_state(state: AppState) -> AuthCache:
    """This app's auth cache, built on first use."""
    return state.per_app("auth_cache", AuthCache)


def _version(session: Session) -> str | None:
    """The auth version, or None before any user was written (too common to share)."""
    version = data_version.versions(session)[data_version.AUTH_KEY]
    return None if version == "0" else version


def user(state: AppState, session: Session, user_id: int) -> User | None:
    """The user as of this request's auth version; from memory when seen under it."""
    version = _version(session)
    if version is None:
        return session.get(User, user_id)
    kept = for_state(state)
    known = kept.get(kept.users, (version, user_id))
    if known is None:
        found = session.get(User, user_id)
        if found is not None:
            kept.put(kept.users, (version, user_id), {c: getattr(found, c) for c in _COLUMNS})
        return found
    existing = session.identity_map.get(identity_key(User, user_id))
    if existing is not None:
        return existing
    # A persistent instance of this session built from the kept columns, without a query;
    # lists are copied so no request changes another's.
    copy = User(**{c: list(v) if isinstance(v, list) else v for c, v in known.items()})
    make_transient_to_detached(copy)
    session.add(copy)
    return copy


def family_is_live(state: AppState, session: Session, family_id: str) -> bool:
    """Whether the device's session family is unrevoked; only a live answer is kept."""
    version = _version(session)
    kept = for_state(state)
    if version is not None and kept.get(kept.live, (version, family_id)):
        return True
    live = repository.family_is_live(session, family_id)
    if live and version is not None:
        kept.put(kept.live, (version, family_id), True)
    return live
