"""Users: a password set by an admin must be changed at the next sign-in.

Revision ID: 2026_11_29_security
Revises: 2026_11_29_store
Create Date: 2026-11-29 20:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "2026_11_29_security"
down_revision = "2026_11_29_store"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
