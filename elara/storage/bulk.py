"""Insert spooled records in the caller's transaction: executemany on SQLite, LOAD DATA on MySQL.

Everything here runs on the session's own connection, so a rollback (or a killed process)
leaves nothing behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import structlog
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
MYSQL_INSERT_CHUNK = 5_000

Progress = Callable[[int], None]


def _with_ids(frame: pl.DataFrame, dataset_id: int, batch_id: int) -> pl.DataFrame:
    return frame.select(
        pl.lit(dataset_id, dtype=pl.Int64).alias("dataset_id"),
        pl.lit(batch_id, dtype=pl.Int64).alias("batch_id"),
        *[pl.col(name) for name in SPOOL_COLUMNS],
    ).with_columns(pl.col("date").cast(pl.Utf8))


def _dbapi(session: Session) -> Any:
    return session.connection().connection.driver_connection


def _placeholders(count: int, style: str) -> str:
    return ", ".join([style] * count)


def _executemany(
    session: Session,
    table: str,
    columns: tuple[str, ...],
    frame: pl.DataFrame,
    *,
    chunk: int,
    on_rows: Progress | None = None,
) -> None:
    style = "?" if session.get_bind().dialect.name == "sqlite" else "%s"
    # Table and column names are constants of this module; values go as parameters.
    names, marks = ", ".join(columns), _placeholders(len(columns), style)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608
    cursor = _dbapi(session).cursor()
    try:
        for start in range(0, frame.height, chunk):
            part = frame.slice(start, chunk)
            cursor.executemany(sql, part.rows())
            if on_rows is not None:
                on_rows(part.height)
    finally:
        cursor.close()


def local_infile_allowed(session: Session) -> bool:
    """True when the MySQL server accepts LOAD DATA LOCAL INFILE from this client."""
    try:
        value = session.connection().exec_driver_sql("SELECT @@local_infile").scalar()
    except Exception:
        return False
    return str(value) in ("1", "ON")


LOAD_SQL = (
    "LOAD DATA LOCAL INFILE %s INTO TABLE dataset_records CHARACTER SET utf8mb4 "
    "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' "
    "LINES TERMINATED BY '\\n' ({columns})"
)


def _load_data(session: Session, frame: pl.DataFrame, folder: Path) -> None:
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
        cursor = _dbapi(session).cursor()
        try:
            cursor.execute(LOAD_SQL.format(columns=", ".join(RECORD_COLUMNS)), (name,))
        finally:
            cursor.close()
    finally:
        os.unlink(name)


def insert_records(
    session: Session,
    *,
    dataset_id: int,
    batch_id: int,
    spool: Spool,
    on_rows: Progress | None = None,
) -> str:
    """Store every spooled record under the batch; returns the path used."""
    dialect = session.get_bind().dialect.name
    use_load = dialect != "sqlite" and local_infile_allowed(session)
    for frame in spool.frames():
        rows = _with_ids(frame, dataset_id, batch_id)
        if use_load:
            _load_data(session, rows, spool.path)
            if on_rows is not None:
                on_rows(rows.height)
        else:
            chunk = SQLITE_CHUNK if dialect == "sqlite" else MYSQL_INSERT_CHUNK
            _executemany(
                session, "dataset_records", RECORD_COLUMNS, rows, chunk=chunk, on_rows=on_rows
            )
    return "load_data" if use_load else "executemany"


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
    _executemany(session, "rollup_monthly", ROLLUP_COLUMNS, frame, chunk=SQLITE_CHUNK)
    return frame.height
