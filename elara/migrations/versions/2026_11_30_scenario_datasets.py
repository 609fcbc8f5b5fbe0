"""The scenario of a dataset (actual, budget, forecast, prior_year): the dashboard reads the
actual datasets unless asked for another scenario, so a budget is never added to actuals.
Every dataset stored before holds actuals (a scenario column did not exist).

Revision ID: 2026_11_30_scenario
Revises: 2026_11_30_kinds
Create Date: 2026-11-30 05:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "2026_11_30_scenario"
down_revision = "2026_11_30_kinds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("datasets") as batch:
        batch.add_column(
            sa.Column("scenario", sa.String(16), nullable=False, server_default="actual")
        )


def downgrade() -> None:
    with op.batch_alter_table("datasets") as batch:
        batch.drop_column("scenario")
