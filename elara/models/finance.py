"""Finance settings: the kind an admin gives an account, everywhere or in one dataset.

`account_key` is the account's normalised name (`elara.finance.kinds.normalise_name`), so
"Interest", "interest" and "INTEREST." are one account; `account` keeps the spelling first used.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from elara.models.base import Base, UTCDateTime, utcnow


class AccountKindEntry(Base):
    """An admin's kind for an account in every dataset (over the built-in vocabulary)."""

    __tablename__ = "account_kinds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account: Mapped[str] = mapped_column(String(128), nullable=False)
    account_key: Mapped[str] = mapped_column(String(128), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_by: Mapped[int | None] = mapped_column(Integer)


class DatasetAccountKind(Base):
    """An admin's kind for an account in one dataset (over every other source)."""

    __tablename__ = "dataset_account_kinds"
    __table_args__ = (
        Index("uq_dataset_account_kinds_dataset_key", "dataset_id", "account_key", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), nullable=False
    )
    account: Mapped[str] = mapped_column(String(128), nullable=False)
    account_key: Mapped[str] = mapped_column(String(128), nullable=False)
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_by: Mapped[int | None] = mapped_column(Integer)
