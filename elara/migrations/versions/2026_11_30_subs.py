"""Report subscriptions, threshold alerts and each recipient's alert state.

Revision ID: 2026_11_30_subs
Revises: 2026_11_29_web
Create Date: 2026-11-29 23:00:00
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

revision = "2026_11_30_subs"
down_revision = "2026_11_29_web"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete="CASCADE",
    )


def _timestamps() -> list[sa.Column[Any]]:
    return [
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
    ]


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("view_id", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("frequency", sa.String(length=16), nullable=False),
        sa.Column("time_of_day", sa.String(length=5), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("month_day", sa.Integer(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", UTC_DATETIME, nullable=True),
        sa.Column("last_run_at", UTC_DATETIME, nullable=True),
        sa.Column("last_status", sa.String(length=500), nullable=True),
        *_timestamps(),
        _fk("subscriptions", "owner_id", "users"),
        _fk("subscriptions", "view_id", "saved_views"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        **TABLE_OPTIONS,
    )
    _index("subscriptions", "owner_id", "view_id", "next_run_at")
    op.create_table(
        "alert_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("view_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("comparison", sa.String(length=16), nullable=False),
        sa.Column("threshold", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("last_checked_at", UTC_DATETIME, nullable=True),
        *_timestamps(),
        _fk("alert_rules", "owner_id", "users"),
        _fk("alert_rules", "view_id", "saved_views"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_rules")),
        **TABLE_OPTIONS,
    )
    _index("alert_rules", "owner_id", "view_id")
    op.create_table(
        "alert_states",
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("breached", sa.Boolean(), nullable=False),
        sa.Column("since", UTC_DATETIME, nullable=True),
        sa.Column("notified_at", UTC_DATETIME, nullable=True),
        sa.Column("last_value", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alert_rules.id"],
            name=op.f("fk_alert_states_alert_id_alert_rules"),
            ondelete="CASCADE",
        ),
        _fk("alert_states", "user_id", "users"),
        sa.PrimaryKeyConstraint("alert_id", "user_id", name=op.f("pk_alert_states")),
        **TABLE_OPTIONS,
    )


def downgrade() -> None:
    op.drop_table("alert_states")
    op.drop_table("alert_rules")
    op.drop_table("subscriptions")
