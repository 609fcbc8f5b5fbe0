"""The assistant's tables: conversations kept per user, and company display names."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from elara.models.base import Base, UTCDateTime, utcnow


class AssistantConversation(Base):
    """One user's conversation with the built-in assistant: the state a follow-up reuses and
    the last turns (so the web app can show them again after a reload). Bounded and expiring."""

    __tablename__ = "assistant_conversations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    state: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    turns: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False, index=True
    )


class CompanyName(Base):
    """The display name of a company code (admin-editable)."""

    __tablename__ = "company_names"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_by: Mapped[int | None] = mapped_column(Integer)
