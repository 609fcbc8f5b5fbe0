"""Account kinds replace the income/expense account map; monthly rollups per dimension.

Revision ID: 2026_11_29_finance
Revises: 2026_11_29_security
Create Date: 2026-11-29 19:45:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

UTC_DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
TABLE_OPTIONS: dict[str, Any] = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_bin",
}
OLD_KINDS = {"income": "revenue", "expense": "operating_expense"}

revision = "2026_11_29_finance"
down_revision = "2026_11_29_security"
branch_labels = None
depends_on = None


def _key(name: str) -> str:
    # A frozen copy of elara.finance.kinds.normalise_name: a migration must not change later.
    import re

    text = name.casefold().replace("&", " and ").replace(".", "")
    text = re.sub(r"[\W_]+", " ", text).strip()
    return re.sub(r"^\d[\d ]*(?=[a-z])", "", text).strip()


def upgrade() -> None:
    kinds = op.create_table(
        "account_kinds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("account_key", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_kinds")),
        sa.UniqueConstraint("account_key", name=op.f("uq_account_kinds_account_key")),
        **TABLE_OPTIONS,
    )
    op.create_table(
        "dataset_account_kinds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("account_key", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_dataset_account_kinds_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dataset_account_kinds")),
        **TABLE_OPTIONS,
    )
    with op.batch_alter_table("dataset_account_kinds", schema=None) as batch_op:
        batch_op.create_index(
            "uq_dataset_account_kinds_dataset_key", ["dataset_id", "account_key"], unique=True
        )
    _copy_old_map(kinds)
    op.drop_table("account_categories")
    _create_dimension_rollups()


def _create_dimension_rollups() -> None:
    op.create_table(
        "rollup_dimension_monthly",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("dimension", sa.String(length=128), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("company_code", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["upload_batches.id"],
            name=op.f("fk_rollup_dimension_monthly_batch_id_upload_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_rollup_dimension_monthly_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollup_dimension_monthly")),
        **TABLE_OPTIONS,
    )
    with op.batch_alter_table("rollup_dimension_monthly", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rollup_dimension_monthly_dataset_dim_value",
            ["dataset_id", "dimension", "value", "month"],
            unique=False,
        )
        batch_op.create_index("ix_rollup_dimension_monthly_batch_id", ["batch_id"], unique=False)


def _copy_old_map(kinds: sa.Table) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT account, kind FROM account_categories")).all()
    seen: dict[str, dict[str, Any]] = {}
    from datetime import UTC, datetime

    now = datetime.now(UTC).replace(tzinfo=None)
    for account, kind in rows:
        key = _key(account)
        if key and kind in OLD_KINDS:
            seen[key] = {
                "account": account,
                "account_key": key,
                "kind": OLD_KINDS[kind],
                "updated_at": now,
            }
    if seen:
        op.bulk_insert(kinds, list(seen.values()))


def downgrade() -> None:
    op.drop_table("rollup_dimension_monthly")
    op.create_table(
        "account_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_categories")),
        sa.UniqueConstraint("account", name=op.f("uq_account_categories_account")),
        **TABLE_OPTIONS,
    )
    op.drop_table("dataset_account_kinds")  # its indexes go with it
    op.drop_table("account_kinds")
