"""Connections: SQLite keeps its connections (pragmas once each), and a read never waits for
a write; the scaled gateway's process count."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from elara.core.db import Database
from elara.gateway import AUTO_WORKERS_MAX, gateway_workers
from elara.models import AppSetting, utcnow
from tests.conftest import make_settings, reset_schema


@pytest.fixture
def sqlite_db(tmp_path):
    # A migrated SQLite database of its own, with no wait at all for a lock.
    url = f"sqlite:///{tmp_path / 'pool.db'}"
    reset_schema(url)
    db = Database(url, busy_timeout_ms=0, pool_size=2)
    yield db
    db.dispose()


def test_sqlite_connections_are_pooled_with_their_pragmas(sqlite_db):
    assert not isinstance(sqlite_db.engine.pool, NullPool)
    with sqlite_db.reading() as session:
        first = session.connection().connection.dbapi_connection
    with sqlite_db.reading() as session:
        connection = session.connection()
        assert connection.connection.dbapi_connection is first  # the same one, kept
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_read_does_not_wait_behind_a_write(sqlite_db):
    """With no busy timeout, any wait for the write lock would raise `database is locked`."""
    with sqlite_db.transaction() as writer:
        writer.add(AppSetting(key="pending", value="x", updated_at=utcnow()))
        writer.flush()  # holds SQLite's write lock until the block ends
        with sqlite_db.reading() as reader:
            assert reader.get(AppSetting, "pending") is None  # the committed state
            assert reader.execute(text("SELECT count(*) FROM datasets")).scalar() == 0


def test_a_snapshot_reads_one_moment_and_holds_no_writer_up(sqlite_db):
    """Reads of one snapshot agree with each other though a write commits between them (the
    SQLite driver begins no transaction for reads: each statement saw the newest commit); and
    with no busy timeout, the writer shows the snapshot never makes it wait."""
    count = text("SELECT count(*) FROM app_settings")
    with sqlite_db.snapshot() as reader:
        before = reader.execute(count).scalar()
        with sqlite_db.transaction() as writer:
            writer.add(AppSetting(key="between", value="x", updated_at=utcnow()))
        assert reader.get(AppSetting, "between") is None
        assert reader.execute(count).scalar() == before
    with sqlite_db.snapshot() as later:
        assert later.get(AppSetting, "between") is not None


def test_a_reading_session_reads_one_moment_too(sqlite_db):
    """The dashboard's, records' and exports' sessions (`reading`, on the primary when there
    is no replica): a store committed between two rollup reads of one answer is not seen by
    the second, so one answer never mixes before and after."""
    count = text("SELECT count(*) FROM app_settings")
    with sqlite_db.reading() as reader:
        before = reader.execute(count).scalar()
        with sqlite_db.transaction() as writer:
            writer.add(AppSetting(key="between", value="x", updated_at=utcnow()))
        assert reader.execute(count).scalar() == before
    with sqlite_db.reading() as later:
        assert later.execute(count).scalar() == before + 1


def test_memory_databases_are_never_pooled():
    db = Database("sqlite:///:memory:")
    assert isinstance(db.engine.pool, NullPool)
    db.dispose()


def test_gateway_workers(tmp_path):
    settings = make_settings("sqlite:///x.db", tmp_path)
    cores = len(os.sched_getaffinity(0))
    assert gateway_workers(settings) == max(1, min(cores, AUTO_WORKERS_MAX))
    assert gateway_workers(make_settings("sqlite:///x.db", tmp_path, gateway_workers=3)) == 3
