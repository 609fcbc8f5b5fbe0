"""Who is calling, remembered per auth version: the user's columns and live session families.

Every write that may end or change someone's access (a user added, changed, deactivated or
deleted; a session revoked, as logout and a password change do) bumps the auth version in
its own transaction (`elara.core.data_version.watch_auth`), and each request reads that
version first, so an entry kept under an older version is never used again. Keys hold the
whole token (`<counter>.<random>`): two databases, or a database restored to an older state,
never share an entry they should not.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from elara.auth import repository
from elara.core import data_version
from elara.models import User

_SIZE = 4096
_LOCK = threading.Lock()
_USERS: OrderedDict[tuple[str, int], dict[str, Any]] = OrderedDict()
_LIVE: OrderedDict[tuple[str, str], bool] = OrderedDict()
_COLUMNS = [attr.key for attr in User.__mapper__.column_attrs]


def _get(store: OrderedDict[Any, Any], key: Any) -> Any:
    with _LOCK:
        value = store.get(key)
        if value is not None:
            store.move_to_end(key)
        return value


def _put(store: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    with _LOCK:
        store[key] = value
        while len(store) > _SIZE:
            store.popitem(last=False)


def _version(session: Session) -> str | None:
    """The auth version, or None before any user was written (too common to share)."""
    version = data_version.versions(session)[data_version.AUTH_KEY]
    return None if version == "0" else version


def user(session: Session, user_id: int) -> User | None:
    """The user as of this request's auth version; from memory when seen under it."""
    version = _version(session)
    if version is None:
        return session.get(User, user_id)
    known = _get(_USERS, (version, user_id))
    if known is None:
        found = session.get(User, user_id)
        if found is not None:
            _put(_USERS, (version, user_id), {c: getattr(found, c) for c in _COLUMNS})
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


def family_is_live(session: Session, family_id: str) -> bool:
    """Whether the device's session family is unrevoked; only a live answer is kept."""
    version = _version(session)
    if version is not None and _get(_LIVE, (version, family_id)):
        return True
    live = repository.family_is_live(session, family_id)
    if live and version is not None:
        _put(_LIVE, (version, family_id), True)
    return live
