"""Import settings: a dataset's dimension names, and remembered import recipes.

Revision ID: 2026_11_29_store_2
Revises: 2026_11_29_store
Create Date: 2026-11-29 20:40:00
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

revision = "2026_11_29_store_2"
down_revision = "2026_11_29_store"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added nullable, filled, then made NOT NULL: existing datasets have no dimensions yet.
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dimensions", sa.JSON(), nullable=True))
    op.execute(sa.text("UPDATE datasets SET dimensions = '[]'"))
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.alter_column("dimensions", existing_type=sa.JSON(), nullable=False)
    op.create_table(
        "import_recipes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_import_recipes_owner_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_recipes")),
        sa.UniqueConstraint("owner_id", "name", name="uq_import_recipes_owner_id_name"),
        **TABLE_OPTIONS,
    )
    with op.batch_alter_table("import_recipes", schema=None) as batch_op:
        batch_op.create_index("ix_import_recipes_fingerprint", ["fingerprint"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("import_recipes", schema=None) as batch_op:
        batch_op.drop_index("ix_import_recipes_fingerprint")
    op.drop_table("import_recipes")
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.drop_column("dimensions")
