"""Per-company bucket rollups (`rollup_company_kind`) and the plan they were built under
(`rollup_kind_plans`); a covering index for dimension values of the company-less rollups.

The new table starts empty: a dataset without a stored plan is answered from `rollup_monthly`
as before, until `elara.dashboard.rollups.refresh_kinds` (an upload to it, a classification
change, the periodic refresh) builds its rows. No app code here: a migration must not change
later.

Revision ID: 2026_11_30_kinds
Revises: 2026_11_30_queue
Create Date: 2026-11-30 02:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

TABLE_OPTIONS: dict[str, Any] = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_bin",
}
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision = "2026_11_30_kinds"
down_revision = "2026_11_30_queue"
branch_labels = None
depends_on = None

COVERED = ["bucket", "currency", "batch_id", "amount_minor", "record_count"]


def upgrade() -> None:
    op.create_table(
        "rollup_company_kind",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("company_code", sa.String(length=64), nullable=False),
        sa.Column("bucket", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["upload_batches.id"],
            name=op.f("fk_rollup_company_kind_batch_id_upload_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_rollup_company_kind_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollup_company_kind")),
        **TABLE_OPTIONS,
    )
    with op.batch_alter_table("rollup_company_kind", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rollup_company_kind_month",
            ["dataset_id", "month", "company_code", *COVERED],
            unique=False,
        )
        batch_op.create_index(
            "ix_rollup_company_kind_company",
            ["dataset_id", "company_code", "month", *COVERED],
            unique=False,
        )
        batch_op.create_index("ix_rollup_company_kind_batch_id", ["batch_id"], unique=False)
    op.create_table(
        "rollup_kind_plans",
        sa.Column("dataset_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_rollup_kind_plans_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("dataset_id", name=op.f("pk_rollup_kind_plans")),
        **TABLE_OPTIONS,
    )
    with op.batch_alter_table("rollup_account_monthly", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rollup_account_monthly_dataset_dim_value",
            ["dataset_id", "dimension", "value", "month"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("rollup_account_monthly", schema=None) as batch_op:
        batch_op.drop_index("ix_rollup_account_monthly_dataset_dim_value")
    op.drop_table("rollup_kind_plans")
    op.drop_table("rollup_company_kind")
