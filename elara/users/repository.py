"""Queries over the users table."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from elara.models import Role, User


def search_users(
    session: Session,
    *,
    text: str | None,
    role: Role | None,
    active: bool | None,
    offset: int,
    limit: int,
) -> tuple[list[User], int]:
    """A page of users matching the search, newest first, and the total count."""
    query = select(User)
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(or_(User.email.like(pattern), func.lower(User.full_name).like(pattern)))
    if role is not None:
        query = query.where(User.role == role.value)
    if active is not None:
        query = query.where(User.is_active.is_(active))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(User.id.desc()).offset(offset).limit(limit)).all()
    return list(rows), total


def count_active_admins(session: Session) -> int:
    query = select(func.count()).where(User.role == Role.admin.value, User.is_active.is_(True))
    return session.scalar(query.select_from(User)) or 0


def email_taken(session: Session, email: str, *, except_id: int | None = None) -> bool:
    query = select(User.id).where(User.email == email)
    if except_id is not None:
        query = query.where(User.id != except_id)
    return session.scalar(query) is not None
