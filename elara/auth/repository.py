"""Queries for users and refresh sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from elara.models import RefreshSession, User


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email.lower())).first()


def refresh_session_by_hash(session: Session, token_hash: str) -> RefreshSession | None:
    return session.scalars(
        select(RefreshSession).where(RefreshSession.token_hash == token_hash)
    ).first()


def family_is_live(session: Session, family_id: str) -> bool:
    """Whether a device's session family still has an unrevoked session."""
    query = select(RefreshSession.id).where(
        RefreshSession.family_id == family_id, RefreshSession.revoked_at.is_(None)
    )
    return session.scalar(query.limit(1)) is not None


def family_started(session: Session, family_id: str) -> datetime | None:
    """When the device signed in: its session family's first session."""
    return session.scalar(
        select(func.min(RefreshSession.created_at)).where(RefreshSession.family_id == family_id)
    )


def revoke_family(session: Session, family_id: str, *, at: datetime) -> None:
    session.execute(
        update(RefreshSession)
        .where(RefreshSession.family_id == family_id, RefreshSession.revoked_at.is_(None))
        .values(revoked_at=at)
    )


def revoke_user_sessions(
    session: Session, user_id: int, *, at: datetime, keep_family: str | None = None
) -> None:
    """Revoke every live session of a user, optionally sparing the current device."""
    query = update(RefreshSession).where(
        RefreshSession.user_id == user_id, RefreshSession.revoked_at.is_(None)
    )
    if keep_family is not None:
        query = query.where(RefreshSession.family_id != keep_family)
    session.execute(query.values(revoked_at=at))


def active_sessions(session: Session, user_id: int, *, now: datetime) -> list[RefreshSession]:
    return list(
        session.scalars(
            select(RefreshSession)
            .where(
                RefreshSession.user_id == user_id,
                RefreshSession.revoked_at.is_(None),
                RefreshSession.rotated_at.is_(None),
                RefreshSession.expires_at > now,
            )
            .order_by(RefreshSession.last_used_at.desc())
        )
    )
