"""Exact amounts: stored units become ten-thousandths of a currency unit (were hundredths).

Every stored amount is multiplied by 100, so a value keeps its meaning at the new scale
(elara.core.money.AMOUNT_SCALE = 10,000). The upgrade refuses, before writing anything, an
amount that would no longer fit a signed 64-bit column. The downgrade divides by 100, rounding
half away from zero: amounts stored with more than two decimals lose those decimals.

Revision ID: 2026_11_29_store
Revises: 0001
Create Date: 2026-11-29 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "2026_11_29_store"
down_revision = "0001"
branch_labels = None
depends_on = None

FACTOR = 100  # old scale (hundredths) to new scale (ten-thousandths); frozen with this file
TABLES = ("dataset_records", "rollup_monthly")
LIMIT = (2**63 - 1) // FACTOR


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        too_big = bind.execute(
            sa.text(f"SELECT COUNT(*) FROM {table} WHERE amount_minor > :hi OR amount_minor < :lo"),  # noqa: S608  # nosec B608 - fixed table names
            {"hi": LIMIT, "lo": -LIMIT},
        ).scalar_one()
        if too_big:
            raise RuntimeError(f"{too_big} amounts in {table} are too large for 4 decimals")
    for table in TABLES:
        op.execute(sa.text(f"UPDATE {table} SET amount_minor = amount_minor * {FACTOR}"))  # noqa: S608  # nosec B608


def downgrade() -> None:
    # Integer division that truncates toward zero on both dialects, after adding half.
    divide = "DIV" if op.get_bind().dialect.name in ("mysql", "mariadb") else "/"
    half = FACTOR // 2
    for table in TABLES:
        op.execute(
            sa.text(
                f"UPDATE {table} SET amount_minor = CASE "  # noqa: S608  # nosec B608
                f"WHEN amount_minor >= 0 THEN (amount_minor + {half}) {divide} {FACTOR} "
                f"ELSE -((-amount_minor + {half}) {divide} {FACTOR}) END"
            )
        )
