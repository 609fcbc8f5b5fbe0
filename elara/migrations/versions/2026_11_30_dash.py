"""Company-less account rollups (daily and monthly, per dimension value too); the rollups that
datasets stored before lack are built from their records.

Revision ID: 2026_11_30_dash
Revises: 2026_11_29_web
Create Date: 2026-11-29 23:10:00
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

revision = "2026_11_30_dash"
down_revision = "2026_11_30_subs"
branch_labels = None
depends_on = None


def _owned(name: str) -> list[Any]:
    return [
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["upload_batches.id"],
            name=op.f(f"fk_{name}_batch_id_upload_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f(f"fk_{name}_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    ]


def _money() -> list[sa.Column[Any]]:
    return [
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "rollup_account_monthly",
        *_owned("rollup_account_monthly"),
        sa.Column("dimension", sa.String(length=128), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=True),
        sa.Column("month", sa.Date(), nullable=False),
        *_money(),
        **TABLE_OPTIONS,
    )
    with op.batch_alter_table("rollup_account_monthly", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rollup_account_monthly_dataset_dim_month",
            ["dataset_id", "dimension", "month"],
            unique=False,
        )
        batch_op.create_index("ix_rollup_account_monthly_batch_id", ["batch_id"], unique=False)
    op.create_table(
        "rollup_account_daily",
        *_owned("rollup_account_daily"),
        sa.Column("day", sa.Date(), nullable=False),
        *_money(),
        **TABLE_OPTIONS,
    )
    with op.batch_alter_table("rollup_account_daily", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rollup_account_daily_dataset_day", ["dataset_id", "day"], unique=False
        )
        batch_op.create_index("ix_rollup_account_daily_batch_id", ["batch_id"], unique=False)
    _backfill()


def downgrade() -> None:
    op.drop_table("rollup_account_daily")
    op.drop_table("rollup_account_monthly")


# A frozen copy of the builders (elara.dashboard.rollups): a migration must not change later.

MONEY = ("account", "category", "currency", "amount_minor", "record_count")
records = sa.table(
    "dataset_records",
    *[sa.column(n) for n in ("dataset_id", "batch_id", "company_code", "date", *MONEY[:4])],
    sa.column("attributes", sa.JSON),
)
monthly = sa.table(
    "rollup_monthly", *[sa.column(n) for n in ("id", "dataset_id", "batch_id", "month")]
)
dimension_monthly = sa.table(
    "rollup_dimension_monthly",
    *[
        sa.column(n)
        for n in ("id", "dataset_id", "batch_id", "dimension", "value", "month", "company_code")
    ],
    *[sa.column(n) for n in MONEY],
)
daily = sa.table(
    "rollup_account_daily", *[sa.column(n) for n in ("dataset_id", "batch_id", "day", *MONEY)]
)
account_monthly = sa.table(
    "rollup_account_monthly",
    *[sa.column(n) for n in ("dataset_id", "batch_id", "dimension", "value", "month", *MONEY)],
)
batches = sa.table("upload_batches", sa.column("id"), sa.column("options", sa.JSON))


def _month(column: Any, sqlite: bool) -> Any:
    if sqlite:
        return sa.func.date(column, "start of month")
    return sa.func.str_to_date(sa.func.date_format(column, "%Y-%m-01"), "%Y-%m-%d")


def _batch(column: Any, batch_id: int | None) -> Any:
    return column.is_(None) if batch_id is None else column == batch_id


def _dimensions(options: Any) -> list[str]:
    settings = options.get("settings") if isinstance(options, dict) else None
    columns = settings.get("columns") if isinstance(settings, dict) else None
    names = {
        str(c["header"])[:128]
        for c in (columns if isinstance(columns, list) else [])
        if isinstance(c, dict) and c.get("role") == "dimension" and c.get("header")
    }
    return sorted(names)


def _backfill() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    stored = bind.execute(sa.select(monthly.c.dataset_id, monthly.c.batch_id).distinct()).all()
    for dataset_id, batch_id in stored:
        has_dims = bind.execute(
            sa.select(dimension_monthly.c.id)
            .where(
                dimension_monthly.c.dataset_id == dataset_id,
                _batch(dimension_monthly.c.batch_id, batch_id),
            )
            .limit(1)
        ).first()
        if has_dims is None and batch_id is not None:
            options = bind.execute(
                sa.select(batches.c.options).where(batches.c.id == batch_id)
            ).scalar()
            for name in _dimensions(options):
                _dimension_rollup(bind, sqlite, dataset_id, batch_id, name)
        _account_rollups(bind, sqlite, dataset_id, batch_id)


def _dimension_rollup(bind: Any, sqlite: bool, dataset_id: int, batch_id: int, name: str) -> None:
    r = records.c
    value = sa.func.substr(r.attributes[name].as_string(), 1, 255)
    month = _month(r.date, sqlite)
    keys = [value, month, r.company_code, r.account, r.category, r.currency]
    query = (
        sa.select(
            sa.literal(dataset_id),
            sa.literal(batch_id),
            sa.literal(name),
            *keys,
            sa.func.sum(r.amount_minor),
            sa.func.count(),
        )
        .where(r.dataset_id == dataset_id, r.batch_id == batch_id)
        .group_by(*keys)
    )
    columns = ["dataset_id", "batch_id", "dimension", "value", "month", "company_code", *MONEY]
    bind.execute(sa.insert(dimension_monthly).from_select(columns, query))


def _account_rollups(bind: Any, sqlite: bool, dataset_id: int, batch_id: int | None) -> None:
    r, d, m = records.c, daily.c, dimension_monthly.c
    keys = [r.date, r.account, r.category, r.currency]
    query = (
        sa.select(
            sa.literal(dataset_id),
            sa.literal(batch_id),
            *keys,
            sa.func.sum(r.amount_minor),
            sa.func.count(),
        )
        .where(r.dataset_id == dataset_id, _batch(r.batch_id, batch_id))
        .group_by(*keys)
    )
    bind.execute(sa.insert(daily).from_select(["dataset_id", "batch_id", "day", *MONEY], query))
    month = _month(d.day, sqlite)
    keys = [month, d.account, d.category, d.currency]
    query = (
        sa.select(
            sa.literal(dataset_id),
            sa.literal(batch_id),
            sa.literal(""),
            *keys,
            sa.func.sum(d.amount_minor),
            sa.func.sum(d.record_count),
        )
        .where(d.dataset_id == dataset_id, _batch(d.batch_id, batch_id))
        .group_by(*keys)
    )
    columns = ["dataset_id", "batch_id", "dimension", "month", *MONEY]
    bind.execute(sa.insert(account_monthly).from_select(columns, query))
    keys = [m.dimension, m.value, m.month, m.account, m.category, m.currency]
    query = (
        sa.select(
            sa.literal(dataset_id),
            sa.literal(batch_id),
            *keys,
            sa.func.sum(m.amount_minor),
            sa.func.sum(m.record_count),
        )
        .where(m.dataset_id == dataset_id, _batch(m.batch_id, batch_id))
        .group_by(*keys)
    )
    columns = ["dataset_id", "batch_id", "dimension", "value", "month", *MONEY]
    bind.execute(sa.insert(account_monthly).from_select(columns, query))
