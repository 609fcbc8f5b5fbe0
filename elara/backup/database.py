"""Consistent database snapshots and their restore, per backend.

SQLite: the online backup API. MySQL/MariaDB: `mysqldump --single-transaction` when installed,
else a built-in export (one REPEATABLE READ transaction, every table as JSON lines).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess  # nosec B404 - fixed arguments, never a shell
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Engine,
    MetaData,
    String,
    Table,
    delete,
    insert,
    select,
    text,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import URL, make_url

from elara.core.errors import ElaraError
from elara.models import Base
from elara.models.base import UTCDateTime

SQLITE_FILE = "database/elara.sqlite3"
MYSQLDUMP_FILE = "database/dump.sql"
JSONL_DIR = "database/tables"
SEED_TABLES = frozenset({"audit_chain_head", "app_settings", "alembic_version"})
_alembic_table = Table("alembic_version", MetaData(), Column("version_num", String(32)))


class BackupFailed(ElaraError):
    status_code = 500
    code = "backup_failed"
    message = "The backup or restore failed."


def export_tables() -> list[Table]:
    """Every table of the schema in dependency order, plus Alembic's version table."""
    return [*Base.metadata.sorted_tables, _alembic_table]


# ---- SQLite ---------------------------------------------------------------------------------


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupFailed("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def dump_sqlite(url: str, staging: Path) -> str:
    """Copy the live database page by page with SQLite's online backup API."""
    target = staging / SQLITE_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(sqlite_path(url)) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    sqlite3.connect(target).close()
    return "sqlite-backup"


def restore_sqlite(url: str, extracted: Path) -> None:
    """Overwrite the target database with the archived one, through the backup API."""
    source_file = extracted / SQLITE_FILE
    with sqlite3.connect(source_file) as source:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupFailed("The archived SQLite database fails its integrity check.")
        path = sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(path) as target:
            source.backup(target)


# ---- MySQL / MariaDB: mysqldump ---------------------------------------------------------


def mysqldump_available() -> bool:
    return shutil.which("mysqldump") is not None and shutil.which("mysql") is not None


def _option_value(value: object) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@contextmanager
def _client_options(url: URL) -> Iterator[Path]:
    """A private option file, so the password never shows in the process list."""
    with tempfile.TemporaryDirectory(prefix="elara-mysql-") as folder:
        path = Path(folder) / "client.cnf"
        lines = [
            "[client]",
            f"host={_option_value(url.host or '127.0.0.1')}",
            f"port={url.port or 3306}",
            f"user={_option_value(url.username or '')}",
        ]
        if url.password:
            lines.append(f"password={_option_value(url.password)}")
        path.touch(mode=0o600)
        path.write_text("\n".join(lines) + "\n")
        yield path


def _run(command: list[str], **kwargs: Any) -> None:
    result = subprocess.run(command, capture_output=True, check=False, **kwargs)  # noqa: S603  # nosec B603 - fixed argv
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()[-500:]
        raise BackupFailed(f"{Path(command[0]).name} failed: {message}")


def dump_mysqldump(url: str, staging: Path) -> str:
    """`mysqldump --single-transaction`: a consistent snapshot without locking writers."""
    parsed = make_url(url)
    target = staging / MYSQLDUMP_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    with _client_options(parsed) as options:
        _run(
            [
                shutil.which("mysqldump") or "mysqldump",
                f"--defaults-extra-file={options}",
                "--single-transaction",
                "--skip-lock-tables",
                "--no-tablespaces",
                "--hex-blob",
                "--default-character-set=utf8mb4",
                f"--result-file={target}",
                str(parsed.database),
            ]
        )
    return "mysqldump"


def restore_mysqldump(url: str, engine: Engine, extracted: Path) -> None:
    """Drop every table of the target, then replay the dump with the mysql client."""
    drop_all_tables(engine)
    parsed = make_url(url)
    with _client_options(parsed) as options, (extracted / MYSQLDUMP_FILE).open("rb") as dump:
        _run(
            [
                shutil.which("mysql") or "mysql",
                f"--defaults-extra-file={options}",
                "--default-character-set=utf8mb4",
                str(parsed.database),
            ],
            stdin=dump,
        )


# ---- built-in export (any backend) -------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def _write_table(connection: Connection, table: Table, target: Path) -> None:
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execution_options(stream_results=True, yield_per=2000).execute(
        select(table).order_by(*order)
    )
    with target.open("w", encoding="utf-8") as out:
        for row in result.mappings():
            out.write(json.dumps(dict(row), default=_encode, separators=(",", ":")) + "\n")


def dump_builtin(engine: Engine, staging: Path) -> str:
    """Every table as JSON lines, read inside one REPEATABLE READ transaction (one snapshot)."""
    folder = staging / JSONL_DIR
    folder.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {}
    if engine.dialect.name != "sqlite":
        options["isolation_level"] = "REPEATABLE READ"
    with engine.connect().execution_options(**options) as connection, connection.begin():
        if engine.dialect.name != "sqlite":
            connection.execute(text("START TRANSACTION WITH CONSISTENT SNAPSHOT"))
        else:  # pysqlite defers BEGIN to the first write; reads need it now for one snapshot
            connection.exec_driver_sql("BEGIN")
        for table in export_tables():
            _write_table(connection, table, folder / f"{table.name}.jsonl")
    return "jsonl"


def _decoder(table: Table) -> dict[str, Any]:
    decoders: dict[str, Any] = {}
    for column in table.columns:
        if isinstance(column.type, UTCDateTime):
            decoders[column.name] = datetime.fromisoformat
        elif isinstance(column.type, Date):
            decoders[column.name] = date.fromisoformat
    return decoders


def _read_rows(path: Path, table: Table, batch: int = 1000) -> Iterator[list[dict[str, Any]]]:
    decoders = _decoder(table)
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as source:
        for line in source:
            row = json.loads(line)
            for name, decode in decoders.items():
                if row.get(name) is not None:
                    row[name] = decode(row[name])
            rows.append(row)
            if len(rows) >= batch:
                yield rows
                rows = []
    if rows:
        yield rows


def restore_builtin(url: str, engine: Engine, extracted: Path, revision: str | None) -> None:
    """Rebuild the schema at the archived revision, then load every table's rows."""
    from elara.core import migrate

    drop_all_tables(engine)
    migrate.upgrade(url, revision or "head")
    folder = extracted / JSONL_DIR
    with engine.begin() as connection:
        mysql = connection.dialect.name != "sqlite"
        if mysql:
            connection.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        for table in reversed(export_tables()):
            connection.execute(delete(table))
        for table in export_tables():
            path = folder / f"{table.name}.jsonl"
            for rows in _read_rows(path, table) if path.exists() else ():
                connection.execute(insert(table), rows)
        if mysql:
            connection.execute(text("SET FOREIGN_KEY_CHECKS=1"))


# ---- the target --------------------------------------------------------------------------


def drop_all_tables(engine: Engine) -> None:
    """Drop every table (foreign keys off on MySQL) so a restore starts from nothing."""
    with engine.begin() as connection:
        mysql = connection.dialect.name != "sqlite"
        if mysql:
            connection.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        else:
            connection.execute(text("PRAGMA foreign_keys=OFF"))
        quote = connection.dialect.identifier_preparer.quote
        for name in sa_inspect(connection).get_table_names():
            connection.execute(text(f"DROP TABLE {quote(name)}"))
        if mysql:
            connection.execute(text("SET FOREIGN_KEY_CHECKS=1"))


def database_has_data(engine: Engine) -> bool:
    """Whether any table other than the seeded bookkeeping ones holds a row."""
    with engine.connect() as connection:
        present = set(sa_inspect(connection).get_table_names())
        tables = [
            t
            for t in Base.metadata.sorted_tables
            if t.name in present and t.name not in SEED_TABLES
        ]
        for table in tables:
            if connection.execute(select(1).select_from(table).limit(1)).first():
                return True
    return False
