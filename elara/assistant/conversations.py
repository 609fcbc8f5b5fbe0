"""Conversations with the built-in assistant, kept server-side per user: the state a follow-up
reuses and the last turns, so a reloaded page can show them again. Bounded (turns per
conversation, conversations per user) and expiring (idle time)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from elara.models import AssistantConversation

MAX_TURNS = 20
MAX_CONVERSATIONS = 20
IDLE = timedelta(hours=24)


def load(
    session: Session, *, user_id: int, conversation_id: str | None, now: datetime
) -> AssistantConversation | None:
    """The user's own, unexpired conversation, or None (another user's id is never found)."""
    if not conversation_id:
        return None
    row = session.get(AssistantConversation, conversation_id)
    if row is None or row.user_id != user_id or row.updated_at < now - IDLE:
        return None
    return row


def save(
    session: Session,
    *,
    user_id: int,
    row: AssistantConversation | None,
    state: dict[str, Any],
    turn: dict[str, Any],
    now: datetime,
) -> AssistantConversation:
    """Store the new state and turn; trims the turns, prunes old and expired conversations."""
    if row is None:
        row = AssistantConversation(
            id=str(uuid.uuid4()), user_id=user_id, state=state, turns=[], created_at=now
        )
        session.add(row)
    row.state = state
    row.turns = [*row.turns, turn][-MAX_TURNS:]
    row.updated_at = now
    session.flush()
    _prune(session, user_id=user_id, now=now, keep=row.id)
    return row


def _prune(session: Session, *, user_id: int, now: datetime, keep: str) -> None:
    session.execute(
        delete(AssistantConversation).where(
            AssistantConversation.user_id == user_id,
            AssistantConversation.updated_at < now - IDLE,
        )
    )
    ids = session.scalars(
        select(AssistantConversation.id)
        .where(AssistantConversation.user_id == user_id, AssistantConversation.id != keep)
        .order_by(AssistantConversation.updated_at.desc())
        .offset(MAX_CONVERSATIONS - 1)
    ).all()
    if ids:
        session.execute(delete(AssistantConversation).where(AssistantConversation.id.in_(ids)))


def forget(session: Session, *, user_id: int, conversation_id: str) -> bool:
    """Delete one of the user's conversations; False when there is none."""
    row = session.get(AssistantConversation, conversation_id)
    if row is None or row.user_id != user_id:
        return False
    session.delete(row)
    return True
