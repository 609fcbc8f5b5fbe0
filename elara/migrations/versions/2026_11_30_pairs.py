"""Rollups of two imported dimensions at once, built on demand (`rollup_dimension_pair`), and
which pairs are built per dataset (`rollup_pair_builds`).

Both start empty: the first question about a pair of dimensions queues the pair's build
(`elara.dashboard.pairs`); until it is built the question reads the records, as before. No app
code here: a migration must not change later.

Revision ID: 2026_11_30_pairs
Revises: 2026_11_30_scenario
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

TABLE_OPTIONS: dict[str, Any] = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_bin",
}
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC_DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")

revision = "2026_11_30_pairs"
down_revision = "2026_11_30_scenario"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rollup_dimension_pair",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("dim_a", sa.String(length=128), nullable=False),
        sa.Column("value_a", sa.String(length=255), nullable=True),
        sa.Column("dim_b", sa.String(length=128), nullable=False),
        sa.Column("value_b", sa.String(length=255), nullable=True),
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
            name=op.f("fk_rollup_dimension_pair_batch_id_upload_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_rollup_dimension_pair_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollup_dimension_pair")),
        **TABLE_OPTIONS,
    )
    with op.batch_alter_table("rollup_dimension_pair", schema=None) as batch_op:
        for side in ("a", "b"):
            batch_op.create_index(
                f"ix_rollup_dimension_pair_value_{side}",
                ["dataset_id", "dim_a", "dim_b", f"value_{side}", "month"],
                unique=False,
            )
        batch_op.create_index("ix_rollup_dimension_pair_batch_id", ["batch_id"], unique=False)
    op.create_table(
        "rollup_pair_builds",
        sa.Column("dataset_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("dim_a", sa.String(length=128), nullable=False),
        sa.Column("dim_b", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("built_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_rollup_pair_builds_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("dataset_id", "dim_a", "dim_b", name=op.f("pk_rollup_pair_builds")),
        **TABLE_OPTIONS,
    )


def downgrade() -> None:
    op.drop_table("rollup_pair_builds")
    op.drop_table("rollup_dimension_pair")
