"""Migrations run up, down and up again on SQLite and MariaDB, and match the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from elara.core import migrate
from elara.models import Base
from tests.conftest import BACKENDS, MARIADB_URL


@pytest.fixture(params=BACKENDS)
def scratch_url(request, tmp_path):
    """An empty database of its own, so this test can drop everything."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    base = make_url(MARIADB_URL)
    name = f"{base.database}_mig"
    server = create_engine(base.set(database=""))
    with server.begin() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    yield base.set(database=name).render_as_string(hide_password=False)
    with server.begin() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    server.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_up_down_up(scratch_url):
    migrate.upgrade(scratch_url)
    assert {t.name for t in Base.metadata.sorted_tables} <= _tables(scratch_url)
    migrate.downgrade(scratch_url, "base")
    assert _tables(scratch_url) <= {"alembic_version"}
    migrate.upgrade(scratch_url)
    assert migrate.current_revision(scratch_url) is not None


def test_models_match_migrations(scratch_url):
    migrate.upgrade(scratch_url)
    engine = create_engine(scratch_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


ROLLUPS = [t for t in Base.metadata.sorted_tables if t.name.startswith("rollup_")]


def _only_rollups(_object, name, type_, _reflected, _compare_to) -> bool:
    return type_ != "table" or name.startswith("rollup_")


def test_rollup_tables_match_migrations_column_by_column(scratch_url):
    """The rollups take their shared columns from one mixin, yet are the tables the migrations
    made: the same types, keys and indexes, and the same columns in the same order."""
    migrate.upgrade(scratch_url)
    engine = create_engine(scratch_url)
    try:
        with engine.connect() as connection:
            opts = {"compare_type": True, "include_object": _only_rollups}
            context = MigrationContext.configure(connection, opts=opts)
            differences = compare_metadata(context, Base.metadata)
            inspector = inspect(connection)
            reflected = {
                t.name: [(c["name"], c["nullable"]) for c in inspector.get_columns(t.name)]
                for t in ROLLUPS
            }
    finally:
        engine.dispose()
    assert differences == []
    assert reflected == {t.name: [(c.name, c.nullable) for c in t.columns] for t in ROLLUPS}


def _amounts(url: str) -> list[tuple[str, int]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT 'record', amount_minor FROM dataset_records UNION ALL "
                    "SELECT 'rollup', amount_minor FROM rollup_monthly ORDER BY 1, 2"
                )
            )
            return [(kind, int(amount)) for kind, amount in rows]
    finally:
        engine.dispose()


def _seed_cents(url: str, amounts: list[int]) -> None:
    """Records and one rollup as the hundredths scale stored them."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO datasets (id, name, description, status, row_count, error_count, "
                "created_at, updated_at) VALUES (1, 'd', '', 'ready', 0, 0, :t, :t)"
            ),
            {"t": "2026-01-01 00:00:00"},
        )
        for amount in amounts:
            connection.execute(
                text(
                    "INSERT INTO dataset_records (dataset_id, company_code, date, account, "
                    "amount_minor) VALUES (1, 'ACME', '2025-01-31', 'Sales', :a)"
                ),
                {"a": amount},
            )
        connection.execute(
            text(
                "INSERT INTO rollup_monthly (dataset_id, month, company_code, account, "
                "amount_minor, record_count) VALUES (1, '2025-01-01', 'ACME', 'Sales', :a, :n)"
            ),
            {"a": sum(amounts), "n": len(amounts)},
        )
    engine.dispose()


def test_exact_amounts_migration_keeps_every_value(scratch_url):
    """Hundredths become ten-thousandths without loss, and come back on downgrade."""
    cents = [-123456789012, -1, 0, 7, 26196, 10**15]
    migrate.upgrade(scratch_url, "0001")
    _seed_cents(scratch_url, cents)
    before = _amounts(scratch_url)
    migrate.upgrade(scratch_url, "2026_11_29_store")
    assert _amounts(scratch_url) == [(kind, amount * 100) for kind, amount in before]
    migrate.downgrade(scratch_url, "0001")
    assert _amounts(scratch_url) == before


def test_exact_amounts_migration_refuses_what_would_overflow(scratch_url):
    migrate.upgrade(scratch_url, "0001")
    _seed_cents(scratch_url, [2**62])
    with pytest.raises(RuntimeError, match="too large"):
        migrate.upgrade(scratch_url, "2026_11_29_store")
    assert _amounts(scratch_url)[0] == ("record", 2**62)


def test_scenario_migration_marks_stored_datasets_actual(scratch_url):
    """Datasets stored before scenarios existed hold actuals; the column goes on downgrade."""
    migrate.upgrade(scratch_url, "2026_11_30_kinds")
    engine = create_engine(scratch_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO datasets (id, name, description, status, row_count, error_count, "
                "dimensions, created_at, updated_at) "
                "VALUES (1, 'd', '', 'ready', 0, 0, '[]', :t, :t)"
            ),
            {"t": "2026-01-01 00:00:00"},
        )
    migrate.upgrade(scratch_url, "2026_11_30_scenario")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT scenario FROM datasets")).scalar_one() == "actual"
    migrate.downgrade(scratch_url, "2026_11_30_kinds")
    columns = {c["name"] for c in inspect(engine).get_columns("datasets")}
    engine.dispose()
    assert "scenario" not in columns
