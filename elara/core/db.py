"""Engines and sessions for SQLite and MySQL/MariaDB; the request owns the transaction.

Writes go to the primary. Reads that may lag (dashboard, records, exports, assistant) go to a
read replica when ELARA_DATABASE_REPLICA_URLS names some, but only to one that has caught up
with the newest data version this process committed, the cluster noted (Redis) or the reader
says it saw; a replica behind or unreachable is skipped and reported."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from elara.core import data_version

log = structlog.get_logger(__name__)
# Which database a read session reads from ("primary" or a replica's URL without password).
SOURCE_KEY = "elara_read_source"


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
    connect_timeout: int | None = None,
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
        if not path or path == ":memory:":  # each connection its own database: never pooled
            engine = create_engine(
                url, echo=echo, poolclass=NullPool, connect_args={"check_same_thread": False}
            )
        else:
            # Connections are kept (pragmas run once per connection, not per request); WAL lets
            # every pooled reader go on while one connection writes. Overflow connections are
            # opened when the pool is busy and closed on return, as they were all before.
            engine = create_engine(
                url,
                echo=echo,
                pool_size=pool_size,
                max_overflow=-1,
                connect_args={"check_same_thread": False},
            )
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        return engine
    parsed = make_url(url)
    if parsed.get_backend_name() in ("mysql", "mariadb") and "charset" not in parsed.query:
        parsed = parsed.update_query_dict({"charset": "utf8mb4"})
    # LOAD DATA LOCAL INFILE is the fast bulk path for uploads (the server must allow it too).
    connect_args: dict[str, Any] = (
        {"local_infile": True} if parsed.get_backend_name() in ("mysql", "mariadb") else {}
    )
    if connect_timeout is not None and connect_args:
        connect_args["connect_timeout"] = connect_timeout
    return create_engine(
        parsed,
        echo=echo,
        connect_args=connect_args,
        pool_size=pool_size,
        max_overflow=pool_size // 2,
        pool_pre_ping=True,
        pool_recycle=1800,
    )


class VersionFloor:
    """The newest data version known to be committed: this process's own writes, and every
    process's when a Redis URL is given (a sorted-set score only ever raised). The key is
    namespaced by the deployment's queue name, so deployments sharing one Redis (or a test
    run's clusters) never hold each other's reads on the primary."""

    REDIS_KEY = "elara:data_version_floor"  # the default deployment's (queue name "elara")
    # Replicas lag seconds, not hours: an old floor (one from before a restore put the data
    # version back) lapses instead of keeping reads on the primary for good.
    TTL_SECONDS = 3600

    def __init__(self, redis_url: str | None = None, namespace: str = "elara") -> None:
        self.key = self.key_for(namespace)
        self._local = 0
        self._lock = threading.Lock()
        self._redis: Any = None
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(
                redis_url, socket_timeout=1, socket_connect_timeout=1
            )

    @classmethod
    def key_for(cls, namespace: str) -> str:
        return cls.REDIS_KEY if namespace == "elara" else f"elara:{namespace}:data_version_floor"

    @property
    def committed(self) -> int:
        """The newest version this process itself committed (0 before any)."""
        return self._local

    def note(self, version: int) -> None:
        with self._lock:
            self._local = max(self._local, version)
        if self._redis is not None:
            try:
                pipe = self._redis.pipeline()
                pipe.zadd(self.key, {"floor": version}, gt=True)
                pipe.expire(self.key, self.TTL_SECONDS)
                pipe.execute()
            except Exception as exc:  # Redis down: this process still knows its own writes
                log.warning("data_version_floor_unavailable", error_type=type(exc).__name__)

    def get(self) -> int:
        shared = 0
        if self._redis is not None:
            try:
                shared = int(self._redis.zscore(self.key, "floor") or 0)
            except Exception as exc:
                log.warning("data_version_floor_unavailable", error_type=type(exc).__name__)
        return max(self._local, shared)


def _public_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@dataclass
class ReplicaStatus:
    """What the last read through one replica found, and how often it was skipped."""

    url: str
    state: str = "unknown"  # up | behind | down | unknown
    version: int | None = None
    skipped: dict[str, int] = field(default_factory=lambda: {"behind": 0, "down": 0})
    retry_at: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "status": self.state, "version": self.version}


class Replica:
    """One read replica: its engine and what reading from it last found."""

    def __init__(self, url: str, *, pool_size: int, connect_timeout: int) -> None:
        self.engine = create_db_engine(url, pool_size=pool_size, connect_timeout=connect_timeout)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        self.status = ReplicaStatus(_public_url(url))

    def skip(self, reason: str, *, retry_after: float = 0.0, version: int | None = None) -> None:
        self.status.state = reason
        self.status.skipped[reason] += 1
        self.status.version = version
        self.status.retry_at = time.monotonic() + retry_after


class Database:
    """The primary's engine and session factory, and the read replicas if any."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 5,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        replica_urls: Sequence[str] = (),
        redis_url: str | None = None,
        redis_namespace: str = "elara",
        replica_retry_seconds: float = 5.0,
        replica_connect_timeout: int = 2,
    ) -> None:
        self.url = url
        self.engine = create_db_engine(url, pool_size=pool_size, busy_timeout_ms=busy_timeout_ms)
        self.busy_timeout_ms = busy_timeout_ms
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        data_version.watch_auth(self.session_factory)
        # Every process notes its commits (a worker's stores too); only readers with replicas
        # consult the floor.
        self.floor = VersionFloor(redis_url, redis_namespace)
        event.listen(self.session_factory, "after_commit", self._note_commit)
        self.replicas = [
            Replica(item, pool_size=pool_size, connect_timeout=replica_connect_timeout)
            for item in replica_urls
        ]
        self.replica_retry_seconds = replica_retry_seconds
        self._turn = itertools.count()

    def _note_commit(self, session: Session) -> None:
        version = session.info.pop(data_version.SESSION_KEY, 0)
        if version:
            self.floor.note(version)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def refresh_statistics(self, *, wait_ms: int = 1000) -> bool:
        """Refresh SQLite's planner statistics (MariaDB keeps its own): without them SQLite
        does not take the covering rollup indexes of company questions (docs/benchmarks.md,
        "Company questions"). Bounded: each index samples at most 1,000 rows. Skipped, and
        False, when a writer holds the database longer than `wait_ms`."""
        if not self.is_sqlite:
            return False
        with self.engine.connect() as connection:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={int(wait_ms)}")
            try:
                connection.exec_driver_sql("PRAGMA analysis_limit=1000")
                connection.exec_driver_sql("ANALYZE")
                connection.commit()
            except OperationalError:
                connection.rollback()
                return False
            finally:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={self.busy_timeout_ms}")
        return True

    @contextmanager
    def transaction(self, *, read_committed: bool = False) -> Iterator[Session]:
        """A session that commits when the block succeeds and rolls back when it raises.

        `read_committed`: on MariaDB, READ COMMITTED instead of REPEATABLE READ, for writers
        that run `INSERT … SELECT` beside each other (under REPEATABLE READ those take shared
        next-key locks on their source and deadlock); SQLite has one writer and ignores it."""
        with self.session_factory() as session:
            if read_committed and not self.is_sqlite:
                session.connection(execution_options={"isolation_level": "READ COMMITTED"})
            try:
                yield session
            except BaseException as exc:
                if getattr(exc, "keep_changes", False):
                    session.commit()
                else:
                    session.rollback()
                raise
            session.commit()

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read-only session on the primary whose reads all see one moment; always rolled
        back. MariaDB's transactions do already; SQLite's driver begins one only before a
        write, so each read statement saw the newest commit: a dataset read before a store's
        commit and its upload read after it told a finished upload with the old row count."""
        with self.session_factory() as session:
            self._one_moment(session)
            try:
                yield session
            finally:
                session.rollback()

    def _one_moment(self, session: Session) -> None:
        """Make the session's reads one snapshot. MariaDB's transactions already are; SQLite's
        driver begins a transaction only before a write, so begin one (deferred: the snapshot
        is taken by the first read; in WAL mode it holds no writer up)."""
        if self.is_sqlite:
            session.connection().exec_driver_sql("BEGIN")

    @contextmanager
    def reading(self, *, seen: int = 0) -> Iterator[Session]:
        """A read-only session on a replica that has every version up to `seen` and the
        floor, else on the primary; always rolled back (nothing read here is written)."""
        session = self._fresh_replica_session(seen) if self.replicas else None
        if session is None:
            session = self.session_factory()
            session.info[SOURCE_KEY] = "primary"
            # One dashboard answer reads several rollups: all of one moment, never some from
            # before a store's commit and some from after it.
            self._one_moment(session)
        with session:
            try:
                yield session
            finally:
                session.rollback()

    def _fresh_replica_session(self, seen: int) -> Session | None:
        floor = max(seen, self.floor.get())
        start = next(self._turn) % len(self.replicas)
        for replica in self.replicas[start:] + self.replicas[:start]:
            if replica.status.state == "down" and time.monotonic() < replica.status.retry_at:
                replica.status.skipped["down"] += 1
                continue
            session = replica.session_factory()
            try:
                version = data_version.counter(data_version.seen(session))
            except SQLAlchemyError as exc:  # refused, timed out, pool exhausted: not usable now
                session.close()
                replica.skip("down", retry_after=self.replica_retry_seconds)
                log.warning("replica_down", replica=replica.status.url, error=type(exc).__name__)
                continue
            if version < floor:
                session.close()
                replica.skip("behind", version=version)
                continue
            replica.status.state, replica.status.version = "up", version
            session.info[SOURCE_KEY] = replica.status.url
            return session
        return None

    def replica_report(self) -> list[dict[str, Any]]:
        """Each replica's last state, for /health."""
        return [replica.status.as_dict() for replica in self.replicas]

    def dispose(self) -> None:
        self.engine.dispose()
        for replica in self.replicas:
            replica.engine.dispose()
