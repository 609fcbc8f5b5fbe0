"""Engines and sessions for SQLite and MySQL/MariaDB; the request owns the transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


DEFAULT_BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def apply(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return apply


def create_db_engine(
    url: str,
    *,
    pool_size: int = 5,
    echo: bool = False,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> Engine:
    """An engine tuned per backend: WAL and foreign keys on SQLite, utf8mb4 pooling on MySQL."""
    if is_sqlite(url):
        path = make_url(url).database
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
            # The database holds every figure: owner-only (SQLite's -wal/-shm files follow).
            Path(path).touch(mode=0o600, exist_ok=True)
            Path(path).chmod(0o600)
        engine = create_engine(
            url, echo=echo, poolclass=NullPool, connect_args={"check_same_thread": False}
        )
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        return engine
    parsed = make_url(url)
    if parsed.get_backend_name() in ("mysql", "mariadb") and "charset" not in parsed.query:
        parsed = parsed.update_query_dict({"charset": "utf8mb4"})
    # LOAD DATA LOCAL INFILE is the fast bulk path for uploads (the server must allow it too).
    connect_args = (
        {"local_infile": True} if parsed.get_backend_name() in ("mysql", "mariadb") else {}
    )
    return create_engine(
        parsed,
        echo=echo,
        connect_args=connect_args,
        pool_size=pool_size,
        max_overflow=pool_size // 2,
        pool_pre_ping=True,
        pool_recycle=1800,
    )


class Database:
    """One engine and its session factory."""

    def __init__(
        self, url: str, *, pool_size: int = 5, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
    ) -> None:
        self.url = url
        self.engine = create_db_engine(url, pool_size=pool_size, busy_timeout_ms=busy_timeout_ms)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits when the block succeeds and rolls back when it raises."""
        with self.session_factory() as session:
            try:
                yield session
            except BaseException as exc:
                if getattr(exc, "keep_changes", False):
                    session.commit()
                else:
                    session.rollback()
                raise
            session.commit()

    def dispose(self) -> None:
        self.engine.dispose()
