"""Datasets, the uploads that fed them, their records, row errors and monthly rollups.

Amounts are integers of 1/AMOUNT_SCALE (elara.core.money) of a currency unit, exact on
SQLite and MySQL alike.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from elara.models.base import Base, BigId, TimestampMixin, UTCDateTime, utcnow


class DatasetStatus(StrEnum):
    uploading = "uploading"
    processing = "processing"
    ready = "ready"
    failed = "failed"


class Dataset(TimestampMixin, Base):
    __tablename__ = "datasets"
    __table_args__ = (Index("ix_datasets_owner_id_status", "owner_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    original_filename: Mapped[str | None] = mapped_column(String(255))
    file_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(
        String(16), nullable=False, default=DatasetStatus.uploading.value
    )
    status_reason: Mapped[str | None] = mapped_column(Text)
    row_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    error_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    currency: Mapped[str | None] = mapped_column(String(3))
    # Attribute keys of its records that are dimensions (kept and filterable), in file order.
    dimensions: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    # actual | budget | forecast | prior_year (elara.core.scenarios): the dashboard reads one
    # scenario at a time, actual unless asked, so a budget is never added to actuals.
    scenario: Mapped[str] = mapped_column(
        String(16), nullable=False, default="actual", server_default="actual"
    )


class UploadBatch(Base):
    """One file that went into a dataset (create, append or replace): the provenance of rows."""

    __tablename__ = "upload_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), nullable=False, index=True
    )
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    stored_path: Mapped[str | None] = mapped_column(String(255))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    mode: Mapped[str] = mapped_column(String(16), nullable=False, default="create")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="processing")
    status_reason: Mapped[str | None] = mapped_column(Text)
    row_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    error_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DatasetRecord(Base):
    """One financial fact."""

    __tablename__ = "dataset_records"
    __table_args__ = (
        Index("idx_dataset_records_company", "company_code"),
        Index("idx_dataset_records_date", "date"),
        Index("ix_dataset_records_dataset_date", "dataset_id", "date"),
        Index("ix_dataset_records_dataset_company_date", "dataset_id", "company_code", "date"),
        Index("ix_dataset_records_dataset_account", "dataset_id", "account"),
        Index("ix_dataset_records_batch_id", "batch_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), nullable=False
    )
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("upload_batches.id", ondelete="CASCADE")
    )
    company_code: Mapped[str] = mapped_column(String(64), nullable=False)
    date: Mapped[date] = mapped_column(Date, nullable=False)
    account: Mapped[str] = mapped_column(String(128), nullable=False)
    category: Mapped[str | None] = mapped_column(String(64))
    amount_minor: Mapped[int] = mapped_column(BigInteger, nullable=False)
    currency: Mapped[str | None] = mapped_column(String(3))
    description: Mapped[str | None] = mapped_column(Text)
    attributes: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class DatasetError(Base):
    """A bad row of an upload, as the user sees it in the file."""

    __tablename__ = "dataset_errors"
    __table_args__ = (Index("ix_dataset_errors_batch_id_row", "batch_id", "row"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), nullable=False, index=True
    )
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("upload_batches.id", ondelete="CASCADE")
    )
    sheet: Mapped[str | None] = mapped_column(String(128))
    row: Mapped[int] = mapped_column(Integer, nullable=False)
    column: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    value: Mapped[str] = mapped_column(Text, nullable=False, default="")
    message: Mapped[str] = mapped_column(Text, nullable=False)


class RollupColumns:
    """What every rollup row holds: its dataset and upload, a currency, the summed amount in
    stored units and how many records it sums. The columns come first (`id`, `dataset_id`,
    `batch_id`) and last (`currency`, `amount_minor`, `record_count`) around each rollup's
    own, as the migrations created them."""

    id: Mapped[int] = mapped_column(BigId, primary_key=True, sort_order=-1)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), nullable=False, sort_order=-1
    )
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("upload_batches.id", ondelete="CASCADE"), sort_order=-1
    )
    currency: Mapped[str | None] = mapped_column(String(3), sort_order=1)
    amount_minor: Mapped[int] = mapped_column(BigInteger, nullable=False, sort_order=1)
    record_count: Mapped[int] = mapped_column(Integer, nullable=False, sort_order=1)


class RollupMonthly(RollupColumns, Base):
    """Monthly totals per dataset, upload, company, account, category and currency."""

    __tablename__ = "rollup_monthly"
    __table_args__ = (
        Index("ix_rollup_monthly_dataset_month", "dataset_id", "month"),
        Index("ix_rollup_monthly_company_month", "company_code", "month"),
        Index("ix_rollup_monthly_batch_id", "batch_id"),
    )

    month: Mapped[date] = mapped_column(Date, nullable=False)
    company_code: Mapped[str] = mapped_column(String(64), nullable=False)
    account: Mapped[str] = mapped_column(String(128), nullable=False)
    category: Mapped[str | None] = mapped_column(String(64))


class UploadSession(Base):
    """A resumable, chunked upload in progress."""

    __tablename__ = "upload_sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    total_size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    chunk_size: Mapped[int] = mapped_column(Integer, nullable=False)
    received_chunks: Mapped[list[int]] = mapped_column(JSON, nullable=False, default=list)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="open")
    dataset_id: Mapped[int | None] = mapped_column(ForeignKey("datasets.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)


class FxRate(Base):
    """Units of `currency` per one unit of the reporting currency on a date, as a decimal string."""

    __tablename__ = "fx_rates"
    __table_args__ = (Index("uq_fx_rates_date_currency", "date", "currency", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    rate: Mapped[str] = mapped_column(String(32), nullable=False)


class RollupAccountMonthly(RollupColumns, Base):
    """Monthly totals over every company, per account, category and currency — and the same
    per value of each imported dimension (`dimension` "" for the plain totals).

    Answers the questions that need no company (an unrestricted user, no company filter or
    breakdown) from a table whose size is months by accounts (by dimension values), not records.
    """

    __tablename__ = "rollup_account_monthly"
    __table_args__ = (
        Index("ix_rollup_account_monthly_dataset_dim_month", "dataset_id", "dimension", "month"),
        Index(
            "ix_rollup_account_monthly_dataset_dim_value",
            "dataset_id",
            "dimension",
            "value",
            "month",
        ),
        Index("ix_rollup_account_monthly_batch_id", "batch_id"),
    )

    dimension: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    value: Mapped[str | None] = mapped_column(String(255))
    month: Mapped[date] = mapped_column(Date, nullable=False)
    account: Mapped[str] = mapped_column(String(128), nullable=False)
    category: Mapped[str | None] = mapped_column(String(64))


class RollupAccountDaily(RollupColumns, Base):
    """Daily totals over every company, per account, category and currency: the days of a
    range that cuts months (and day or week charts) without reading records."""

    __tablename__ = "rollup_account_daily"
    __table_args__ = (
        Index("ix_rollup_account_daily_dataset_day", "dataset_id", "day"),
        Index("ix_rollup_account_daily_batch_id", "batch_id"),
    )

    day: Mapped[date] = mapped_column(Date, nullable=False)
    account: Mapped[str] = mapped_column(String(128), nullable=False)
    category: Mapped[str | None] = mapped_column(String(64))


class RollupCompanyKind(RollupColumns, Base):
    """Monthly totals per company and statement bucket (the account's kind, as the dataset's
    classification plan gives it), currency and upload: the company questions (a company
    breakdown, series or filter, a user restricted to companies) without one row per account
    or a classification CASE per row.

    Rows are valid only for the plan whose fingerprint `rollup_kind_plans` holds for the
    dataset; a question under any other plan (an account reclassified since) reads
    `rollup_monthly` instead, so a stale row is never used.
    """

    __tablename__ = "rollup_company_kind"
    __table_args__ = (
        Index(
            "ix_rollup_company_kind_month",
            "dataset_id",
            "month",
            "company_code",
            "bucket",
            "currency",
            "batch_id",
            "amount_minor",
            "record_count",
        ),
        Index(
            "ix_rollup_company_kind_company",
            "dataset_id",
            "company_code",
            "month",
            "bucket",
            "currency",
            "batch_id",
            "amount_minor",
            "record_count",
        ),
        Index("ix_rollup_company_kind_batch_id", "batch_id"),
    )

    month: Mapped[date] = mapped_column(Date, nullable=False)
    company_code: Mapped[str] = mapped_column(String(64), nullable=False)
    bucket: Mapped[str] = mapped_column(String(64), nullable=False)


class RollupKindPlan(Base):
    """The classification plan `rollup_company_kind` was built under, per dataset."""

    __tablename__ = "rollup_kind_plans"

    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)


class RollupDimensionPair(RollupColumns, Base):
    """Monthly totals per value of two imported dimensions at once (and company, account,
    category, currency), built on demand: the first question about a pair of dimensions
    queues its build (`elara.dashboard.pairs`), never an upload. Valid only while
    `rollup_pair_builds` says the pair is built for the dataset; any change to the dataset's
    uploads removes both."""

    __tablename__ = "rollup_dimension_pair"
    __table_args__ = (
        Index(
            "ix_rollup_dimension_pair_value_a", "dataset_id", "dim_a", "dim_b", "value_a", "month"
        ),
        Index(
            "ix_rollup_dimension_pair_value_b", "dataset_id", "dim_a", "dim_b", "value_b", "month"
        ),
        Index("ix_rollup_dimension_pair_batch_id", "batch_id"),
    )

    dim_a: Mapped[str] = mapped_column(String(128), nullable=False)  # dim_a < dim_b
    value_a: Mapped[str | None] = mapped_column(String(255))
    dim_b: Mapped[str] = mapped_column(String(128), nullable=False)
    value_b: Mapped[str | None] = mapped_column(String(255))
    month: Mapped[date] = mapped_column(Date, nullable=False)
    company_code: Mapped[str] = mapped_column(String(64), nullable=False)
    account: Mapped[str] = mapped_column(String(128), nullable=False)
    category: Mapped[str | None] = mapped_column(String(64))


class RollupPairBuild(Base):
    """Which pairs of dimensions have their rollup built for a dataset (`built`), or were
    refused because the build would exceed ``ELARA_PAIR_ROLLUP_MAX_ROWS`` (`too_large`)."""

    __tablename__ = "rollup_pair_builds"

    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    dim_a: Mapped[str] = mapped_column(String(128), primary_key=True)
    dim_b: Mapped[str] = mapped_column(String(128), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    row_count: Mapped[int] = mapped_column(Integer, nullable=False)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    # The classification plan (fingerprint) `rollup_pair_totals` was built under, if built.
    plan: Mapped[str | None] = mapped_column(String(64))


class RollupPairTotals(Base):
    """The pair rollups over every company, once per side (`dim_key`, the dimension a question
    filters on, and `dim_other`), clustered on the filtered value: a question about one value
    of one dimension reads one contiguous range of the table (primary key, InnoDB's clustered
    index and a SQLite table without rowid), not a lookup per row. Built with the pair's
    `rollup_dimension_pair` rows (`elara.dashboard.pairs`), valid under the same mark, and read
    only for questions that need no company (an unrestricted user, no company filter or
    breakdown). A record with no value for `dim_key` is not kept: a filter never matches it.
    Accounts are folded into their statement bucket under the dataset's classification plan
    when built (`rollup_pair_builds.plan`), as in `rollup_company_kind`: read only under that
    plan, never for an account or category question."""

    __tablename__ = "rollup_pair_totals"
    __table_args__ = (
        Index("ix_rollup_pair_totals_batch_id", "batch_id"),
        {"sqlite_with_rowid": False},
    )

    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    dim_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    dim_other: Mapped[str] = mapped_column(String(128), primary_key=True)
    key_value: Mapped[str] = mapped_column(String(255), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    other_value: Mapped[str | None] = mapped_column(String(255))
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("upload_batches.id", ondelete="CASCADE")
    )
    bucket: Mapped[str] = mapped_column(String(64), nullable=False)
    currency: Mapped[str | None] = mapped_column(String(3))
    amount_minor: Mapped[int] = mapped_column(BigInteger, nullable=False)
    record_count: Mapped[int] = mapped_column(Integer, nullable=False)
