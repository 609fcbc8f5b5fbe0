"""A token that changes whenever stored financial data changes; caches key on it."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from elara.models import AppSetting, utcnow

KEY = "data_version"


def bump(session: Session) -> str:
    """Mark the data as changed (in the caller's transaction); returns the new version."""
    version = uuid.uuid4().hex
    result = session.execute(
        update(AppSetting).where(AppSetting.key == KEY).values(value=version, updated_at=utcnow())
    )
    if not getattr(result, "rowcount", 0):
        session.add(AppSetting(key=KEY, value=version, updated_at=utcnow()))
        session.flush()
    return version


def current(session: Session) -> str:
    """The current data version ("0" before any data was stored)."""
    value = session.scalar(select(AppSetting.value).where(AppSetting.key == KEY))
    return str(value) if value is not None else "0"
