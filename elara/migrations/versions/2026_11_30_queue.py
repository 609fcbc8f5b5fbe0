"""Upload jobs: which worker owns an upload in progress, under a lease it renews.

Revision ID: 2026_11_30_queue
Revises: 2026_11_29_web
Create Date: 2026-11-30 00:00:00
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

revision = "2026_11_30_queue"
down_revision = "2026_11_30_dash"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "upload_jobs",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=True),
        sa.Column("lease_until", UTC_DATETIME, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("actor", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["upload_batches.id"],
            name=op.f("fk_upload_jobs_batch_id_upload_batches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_upload_jobs")),
        **TABLE_OPTIONS,
    )
    with op.batch_alter_table("upload_jobs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_upload_jobs_lease_until"), ["lease_until"], unique=False
        )


def downgrade() -> None:
    op.drop_table("upload_jobs")
