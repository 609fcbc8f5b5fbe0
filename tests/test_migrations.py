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
