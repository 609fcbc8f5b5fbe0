"""Remembered import recipes: confirmed ImportSettings under a fingerprint of the layout."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from elara.models.base import Base, TimestampMixin


class ImportRecipe(TimestampMixin, Base):
    """How files of one layout (sheet name and headers) are read, as a user confirmed it."""

    __tablename__ = "import_recipes"
    __table_args__ = (
        UniqueConstraint("owner_id", "name", name="uq_import_recipes_owner_id_name"),
        Index("ix_import_recipes_fingerprint", "fingerprint"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
