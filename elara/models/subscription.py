"""Report subscriptions (a saved view emailed on a schedule) and threshold alerts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from elara.models.base import Base, TimestampMixin, UTCDateTime


class Subscription(TimestampMixin, Base):
    """A saved view sent as a PDF summary and an XLSX of its records to users on a schedule.

    Recipients are user ids; each recipient's own row-level access decides what they receive.
    """

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    view_id: Mapped[int] = mapped_column(
        ForeignKey("saved_views.id", ondelete="CASCADE"), nullable=False, index=True
    )
    recipients: Mapped[list[int]] = mapped_column(JSON, nullable=False, default=list)
    frequency: Mapped[str] = mapped_column(String(16), nullable=False)  # daily, weekly, monthly
    time_of_day: Mapped[str] = mapped_column(String(5), nullable=False)  # HH:MM, local
    weekday: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 0 = Monday
    month_day: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1-31, clamped
    timezone: Mapped[str] = mapped_column(String(64), nullable=False)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_status: Mapped[str | None] = mapped_column(String(500), nullable=True)


class AlertRule(TimestampMixin, Base):
    """A threshold on a dashboard KPI, on a saved view or on filters of its own."""

    __tablename__ = "alert_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    view_id: Mapped[int | None] = mapped_column(
        ForeignKey("saved_views.id", ondelete="CASCADE"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    metric: Mapped[str] = mapped_column(String(32), nullable=False)
    comparison: Mapped[str] = mapped_column(String(16), nullable=False)
    threshold: Mapped[str] = mapped_column(String(32), nullable=False)  # exact decimal text
    period: Mapped[str] = mapped_column(String(16), nullable=False)
    recipients: Mapped[list[int]] = mapped_column(JSON, nullable=False, default=list)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AlertState(Base):
    """Whether a rule is breached for one recipient: one email per breach, not per check."""

    __tablename__ = "alert_states"

    alert_id: Mapped[int] = mapped_column(
        ForeignKey("alert_rules.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    breached: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    since: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_value: Mapped[str | None] = mapped_column(String(64), nullable=True)
