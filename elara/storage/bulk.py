"""Insert spooled records: executemany on SQLite, LOAD DATA LOCAL INFILE on MySQL.

Two ways: ``insert_records`` in the caller's transaction (a rollback leaves nothing), or
``stage_records`` in committed chunks of their own, each under the upload batch while it is
still ``processing`` — rows no read sees (see ``elara.dashboard.query.staged_hidden``)
until the batch is made ready in one short transaction, and that a failure removes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl
import structlog
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from elara.storage.spool import SPOOL_COLUMNS, Spool

log = structlog.get_logger(__name__)

RECORD_COLUMNS = ("dataset_id", "batch_id", *SPOOL_COLUMNS)
ROLLUP_COLUMNS = (
    "dataset_id",
    "batch_id",
    "month",
    "company_code",
    "account",
    "category",
    "currency",
    "amount_minor",
    "record_count",
)
# Rows per executemany call: big enough to amortise, small enough to report progress.
SQLITE_CHUNK = 50_000
# Rows per committed transaction when staging: one chunk is the longest a SQLite writer waits.
STAGE_CHUNK = 50_000
MYSQL_INSERT_CHUNK = 5_000

Progress = Callable[[int], None]
# Called after each committed chunk with (batch_id, rows staged so far): tests pause a store
# mid-way with it (and simulate a crash by raising).
stage_hooks: list[Callable[[int, int], None]] = []


class StagingStopped(Exception):
    """The upload stopped being ``processing`` while its rows were being staged."""


def _with_ids(frame: pl.DataFrame, dataset_id: int, batch_id: int) -> pl.DataFrame:
    return frame.select(
        pl.lit(dataset_id, dtype=pl.Int64).alias("dataset_id"),
        pl.lit(batch_id, dtype=pl.Int64).alias("batch_id"),
        *[pl.col(name) for name in SPOOL_COLUMNS],
    ).with_columns(pl.col("date").cast(pl.Utf8))


def _dbapi(conn: Connection) -> Any:
    return conn.connection.driver_connection


def _placeholders(count: int, style: str) -> str:
    return ", ".join([style] * count)


def _executemany(
    conn: Connection,
    table: str,
    columns: tuple[str, ...],
    frame: pl.DataFrame,
    *,
    chunk: int,
    on_rows: Progress | None = None,
) -> None:
    style = "?" if conn.dialect.name == "sqlite" else "%s"
    # Table and column names are constants of this module; values go as parameters.
    names, marks = ", ".join(columns), _placeholders(len(columns), style)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608
    cursor = _dbapi(conn).cursor()
    try:
        for start in range(0, frame.height, chunk):
            part = frame.slice(start, chunk)
            # Rows as the driver asks for them, not a list of every row first: 40% less
            # conversion time per 50,000 rows (no list to build and to garbage-collect).
            cursor.executemany(sql, part.iter_rows())
            if on_rows is not None:
                on_rows(part.height)
    finally:
        cursor.close()


def local_infile_allowed(conn: Connection) -> bool:
    """True when the MySQL server accepts LOAD DATA LOCAL INFILE from this client."""
    try:
        value = conn.exec_driver_sql("SELECT @@local_infile").scalar()
    except Exception:
        return False
    return str(value) in ("1", "ON")


LOAD_SQL = (
    "LOAD DATA LOCAL INFILE %s INTO TABLE dataset_records CHARACTER SET utf8mb4 "
    "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' "
    "LINES TERMINATED BY '\\n' ({columns})"
)


def _load_file(frame: pl.DataFrame, folder: Path) -> Path:
    """The frame as the CSV file ``LOAD_SQL`` reads (the caller removes it)."""
    # Strings are always quoted, so the bare word NULL can only mean a missing value.
    fd, name = tempfile.mkstemp(suffix=".csv", dir=folder)
    os.close(fd)
    try:
        frame.write_csv(
            name,
            include_header=False,
            quote_style="non_numeric",
            null_value="NULL",
            line_terminator="\n",
        )
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _load_path(conn: Connection, path: Path) -> None:
    """LOAD DATA of a file ``_load_file`` wrote, then remove it (whatever the outcome)."""
    try:
        cursor = _dbapi(conn).cursor()
        try:
            cursor.execute(LOAD_SQL.format(columns=", ".join(RECORD_COLUMNS)), (str(path),))
        finally:
            cursor.close()
    finally:
        path.unlink(missing_ok=True)


def _load_data(conn: Connection, frame: pl.DataFrame, folder: Path) -> None:
    _load_path(conn, _load_file(frame, folder))


def _write(conn: Connection, *, rows: pl.DataFrame, folder: Path, use_load: bool = False) -> None:
    if use_load:
        _load_data(conn, rows, folder)
    else:
        chunk = SQLITE_CHUNK if conn.dialect.name == "sqlite" else MYSQL_INSERT_CHUNK
        _executemany(conn, "dataset_records", RECORD_COLUMNS, rows, chunk=chunk)


def _uses_load(conn: Connection) -> bool:
    return conn.dialect.name != "sqlite" and local_infile_allowed(conn)


def insert_records(
    session: Session,
    *,
    dataset_id: int,
    batch_id: int,
    spool: Spool,
    on_rows: Progress | None = None,
) -> str:
    """Store every spooled record under the batch in the session's transaction; the path used."""
    conn = session.connection()
    use_load = _uses_load(conn)
    for frame in spool.frames():
        rows = _with_ids(frame, dataset_id, batch_id)
        _write(conn, rows=rows, folder=spool.path, use_load=use_load)
        if on_rows is not None:
            on_rows(rows.height)
    return "load_data" if use_load else "executemany"


def _lock_processing(conn: Connection, batch_id: int) -> None:
    """Lock the batch row; stop when it is no longer processing (failed, interrupted)."""
    sql = "SELECT status FROM upload_batches WHERE id = :id"
    if conn.dialect.name != "sqlite":
        sql += " FOR UPDATE"  # a concurrent cleanup waits, then finds every staged row
    status = conn.execute(text(sql), {"id": batch_id}).scalar()
    if status != "processing":
        raise StagingStopped(f"upload {batch_id} is {status or 'gone'}")


# Runs last in each staged chunk's transaction, just before its commit (e.g. a check that the
# job is still ours); raising there rolls the chunk back.
Guard = Callable[[Connection], None]


class Stager:
    """Stages frames under a still-processing batch, one committed chunk at a time.

    Each chunk is its own short transaction, so on SQLite other writers (a sign-in) wait for
    one chunk at most, not for the whole upload. ``guard`` runs last in every chunk's
    transaction, just before the commit (so whatever it locks is held only for the commit):
    raising there rolls that chunk back and stops the staging.

    With ``LOAD DATA`` the chunks' transactions run in order on one thread of their own, while
    the caller reads and writes the next chunk's file (the server would otherwise wait for it
    between two loads); a chunk's failure is raised by the next ``stage`` or by ``close``.
    Use it as a context manager: ``close`` waits for the chunk in flight, so no chunk commits
    after the staging ends, whatever ended it (an error ending it is the one raised: ``end``).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        dataset_id: int,
        batch_id: int,
        folder: Path,
        on_rows: Progress | None = None,
        guard: Guard | None = None,
    ) -> None:
        self.engine, self.dataset_id, self.batch_id = engine, dataset_id, batch_id
        self.folder, self.on_rows, self.guard = folder, on_rows, guard
        with engine.connect() as probe:
            self.use_load = _uses_load(probe)
        self.staged = 0
        self._loader = ThreadPoolExecutor(1, "stager") if self.use_load else None
        self._pending: Future[None] | None = None

    @property
    def path(self) -> str:
        """How the rows are written: ``load_data`` or ``executemany``."""
        return "load_data" if self.use_load else "executemany"

    def stage(self, frame: pl.DataFrame) -> None:
        """Stage one spooled frame (in committed chunks of ``STAGE_CHUNK`` rows)."""
        rows = _with_ids(frame, self.dataset_id, self.batch_id)
        for part in rows.iter_slices(STAGE_CHUNK):
            if self._loader is None:
                self._commit(part.height, partial(_write, rows=part, folder=self.folder))
                continue
            path = _load_file(part, self.folder)  # while the previous chunk loads
            try:
                self.wait()
                self._pending = self._loader.submit(self._commit_file, path, part.height)
            except BaseException:
                path.unlink(missing_ok=True)
                raise

    def _commit_file(self, path: Path, height: int) -> None:
        try:
            self._commit(height, partial(_load_path, path=path))
        finally:
            path.unlink(missing_ok=True)  # not loaded: the batch stopped being processing

    def _commit(self, height: int, write: Callable[[Connection], None]) -> None:
        with self.engine.begin() as conn:
            _lock_processing(conn, self.batch_id)
            write(conn)
            if self.guard is not None:
                self.guard(conn)
        self.staged += height
        if self.on_rows is not None:
            self.on_rows(height)
        for hook in list(stage_hooks):
            hook(self.batch_id, self.staged)

    def wait(self) -> None:
        """Wait for the chunk in flight to be committed (its failure is raised here)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Wait for the chunk in flight (its failure is raised here) and end the thread."""
        try:
            self.wait()
        finally:
            if self._loader is not None:
                self._loader.shutdown()

    def end(self, failing: BaseException | None) -> None:
        """``close`` as a staging ends; when another error (``failing``) is already ending it,
        the chunk in flight's failure is logged, not raised, so it cannot mask that error."""
        if failing is None:
            self.close()
            return
        try:
            self.close()
        except Exception as in_flight:  # only its kind: a row's values stay out of the log
            log.warning(
                "stage_in_flight_failed",
                batch_id=self.batch_id,
                error=type(in_flight).__name__,
                ending=type(failing).__name__,
            )

    def __enter__(self) -> Stager:
        return self

    def __exit__(self, _kind: object, failing: BaseException | None, _trace: object) -> None:
        self.end(failing)


def stage_records(
    engine: Engine,
    *,
    dataset_id: int,
    batch_id: int,
    spool: Spool,
    on_rows: Progress | None = None,
    guard: Guard | None = None,
) -> str:
    """Store every spooled record under the still-processing batch, committing each chunk.

    Returns the path used (see ``Stager``).
    """
    with Stager(
        engine,
        dataset_id=dataset_id,
        batch_id=batch_id,
        folder=spool.path,
        on_rows=on_rows,
        guard=guard,
    ) as stager:
        for frame in spool.frames():
            stager.stage(frame)
    return stager.path


def insert_rollups(session: Session, *, dataset_id: int, batch_id: int, spool: Spool) -> int:
    """Store the batch's monthly totals; returns the number of rollup rows."""
    rollup = spool.rollup()
    if rollup.height == 0:
        return 0
    frame = rollup.select(
        pl.lit(dataset_id, dtype=pl.Int64).alias("dataset_id"),
        pl.lit(batch_id, dtype=pl.Int64).alias("batch_id"),
        pl.col("month").cast(pl.Utf8),
        *[pl.col(n) for n in ROLLUP_COLUMNS[3:]],
    )
    _executemany(session.connection(), "rollup_monthly", ROLLUP_COLUMNS, frame, chunk=SQLITE_CHUNK)
    return frame.height


def insert_frame(
    session: Session, table: str, columns: tuple[str, ...], frame: pl.DataFrame
) -> int:
    """Insert a frame's rows (dates as ISO text) into one of the rollup tables in the session's
    transaction; returns the number of rows. ``table`` and ``columns`` are the caller's
    constants, never input."""
    if frame.height == 0:
        return 0
    rows = frame.select(columns).with_columns(pl.col(pl.Date).cast(pl.Utf8))
    _executemany(session.connection(), table, columns, rows, chunk=SQLITE_CHUNK)
    return rows.height
