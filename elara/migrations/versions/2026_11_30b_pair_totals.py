"""Company-less pair rollups, clustered on the filtered value (`rollup_pair_totals`), and the
classification plan they were built under (`rollup_pair_builds.plan`).

Starts empty: the pairs built before are dropped (their marks with them), so the next
question about a pair queues its build again and the build writes both tables. No app code
here: a migration must not change later.

Revision ID: 2026_11_30b_pair_totals
Revises: 2026_11_30_pairs
Create Date: 2026-11-30 12:30:00
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

revision = "2026_11_30b_pair_totals"
down_revision = "2026_11_30_pairs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rollup_pair_totals",
        sa.Column("dataset_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("dim_key", sa.String(length=128), nullable=False),
        sa.Column("dim_other", sa.String(length=128), nullable=False),
        sa.Column("key_value", sa.String(length=255), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("other_value", sa.String(length=255), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("bucket", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["upload_batches.id"],
            name=op.f("fk_rollup_pair_totals_batch_id_upload_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_rollup_pair_totals_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "dataset_id",
            "dim_key",
            "dim_other",
            "key_value",
            "month",
            "seq",
            name=op.f("pk_rollup_pair_totals"),
        ),
        sqlite_with_rowid=False,
        **TABLE_OPTIONS,
    )
    op.create_index("ix_rollup_pair_totals_batch_id", "rollup_pair_totals", ["batch_id"])
    op.add_column("rollup_pair_builds", sa.Column("plan", sa.String(length=64), nullable=True))
    # Pairs built before have no company-less rows: build them again when next asked.
    op.execute("DELETE FROM rollup_dimension_pair")
    op.execute("DELETE FROM rollup_pair_builds")


def downgrade() -> None:
    with op.batch_alter_table("rollup_pair_builds", schema=None) as batch_op:
        batch_op.drop_column("plan")
    op.drop_table("rollup_pair_totals")
