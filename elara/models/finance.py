"""Finance settings: the kind an admin gives an account, everywhere or in one dataset.

`account_key` is the account's normalised name (`elara.finance.kinds.normalise_name`), so
"Interest", "interest" and "INTEREST." are one account; `account` keeps the spelling first used.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from elara.models.base import Base, UTCDateTime, utcnow
from elara.models.dataset import RollupColumns


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


class RollupDimensionMonthly(RollupColumns, Base):
    """Monthly totals per imported dimension value (and company, account, category, currency),
    built when an upload is stored, so dimension filters and breakdowns need not scan records."""

    __tablename__ = "rollup_dimension_monthly"
    __table_args__ = (
        Index(
            "ix_rollup_dimension_monthly_dataset_dim_value",
            "dataset_id",
            "dimension",
            "value",
            "month",
        ),
        Index("ix_rollup_dimension_monthly_batch_id", "batch_id"),
    )

    dimension: Mapped[str] = mapped_column(String(128), nullable=False)
    value: Mapped[str | None] = mapped_column(String(255))
    month: Mapped[date] = mapped_column(Date, nullable=False)
    company_code: Mapped[str] = mapped_column(String(64), nullable=False)
    account: Mapped[str] = mapped_column(String(128), nullable=False)
    category: Mapped[str | None] = mapped_column(String(64))
