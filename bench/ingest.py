"""Benchmark the upload pipeline end to end (HTTP API -> database) against bare loaders.

Usage: python bench/ingest.py [--rows N] [--mariadb URL] [--memory SMALL_MB,BIG_MB] [--cache DIR]
                              [--repeat N] [--no-pandas]

- Elara: the generated 7-column CSV uploaded through the HTTP API (chunked when > 50 MB) into
  MariaDB, until the dataset is `ready` (parse, validation, records, rollups, one transaction);
- (a) a bare `LOAD DATA LOCAL INFILE` of the same file into a table of the same shape;
- (b) `pandas.read_csv` + `DataFrame.to_sql(method="multi", chunksize=10000)` through PyMySQL;
- SQLite: Elara through the HTTP API vs a bare `sqlite3` `executemany` of the same rows;
- memory: peak RSS of `elara import` for a SMALL_MB and a BIG_MB CSV, and their ratio.
With --repeat N, Elara and its baseline run alternately N times and the ratio uses medians.
With --phases, each Elara run also prints the wall time of its phases (inspection, SHA-256
and encryption, parse with the overlapped staging, staging alone, the publishing store job),
the time inside the staging's LOAD DATA statements and the time the server waited between them.
The MariaDB URL defaults to ELARA_TEST_DATABASE_URL; the database is emptied and migrated.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.parse import cached, write_csv, write_csv_of_size
from elara.core.money import AMOUNT_SCALE
from elara.core.state import AppState
from elara.gateway import create_app
from tests.conftest import make_settings, reset_schema
from tests.factories import create_user
from tests.live import LiveServer

CHUNK = 8 << 20
# (module, class or "", attribute) of each timed phase; a missing one (older code) is skipped.
PHASES = (
    ("elara.uploads.chunks", "", "assemble", "chunks joined"),
    ("elara.uploads.service", "", "inspect_file", "inspection (strict)"),
    ("elara.uploads.service", "", "inspect_for_upload", "inspection (strict)"),
    ("elara.uploads.service", "", "check_settings", "settings check"),
    ("elara.uploads.service", "", "sha256_of", "SHA-256"),
    ("elara.uploads.service", "", "encrypt_file", "encryption"),
    ("elara.uploads.service", "", "encrypt_and_hash", "SHA-256 + encryption"),
    ("elara.uploads.tasks", "", "_parse", "parse job (reader child + staging)"),
    ("elara.storage.bulk", "Stager", "stage", "  of which staging (parent)"),
    ("elara.uploads.tasks", "", "_store", "store job (publish)"),
    ("elara.storage.bulk", "", "stage_records", "  of which staging"),
    ("elara.datasets.service", "", "build_rollups", "  of which build_rollups"),
)
phase_seconds: dict[str, float] = {}
# (first start, last end) of each timed phase (perf_counter), and when the upload was sent.
phase_spans: dict[str, tuple[float, float]] = {}
upload_sent: list[float] = []
PARSE_LABEL = "parse job (reader child + staging)"
# (start, end) of each LOAD DATA statement Elara's staging sends (perf_counter, any thread).
load_spans: list[tuple[float, float]] = []


def time_loads() -> None:
    """Record every LOAD DATA statement's span: the server's time between them is the staging's
    own cost (the chunks' preparation and commits while the server waits)."""
    import pymysql.cursors

    original = pymysql.cursors.Cursor.execute

    def execute(self: object, query: str, args: object = None) -> int:
        if not (isinstance(query, str) and query.startswith("LOAD DATA")):
            return original(self, query, args)  # type: ignore[arg-type]
        start = time.perf_counter()
        try:
            return original(self, query, args)  # type: ignore[arg-type]
        finally:
            load_spans.append((start, time.perf_counter()))

    pymysql.cursors.Cursor.execute = execute  # type: ignore[method-assign,assignment]


def time_phases() -> None:
    """Wrap each phase's function so its wall time adds up in ``phase_seconds``."""
    import functools
    import importlib

    for module_name, class_name, attribute, label in PHASES:
        owner: object = importlib.import_module(module_name)
        if class_name:
            owner = getattr(owner, class_name, None)
        original = getattr(owner, attribute, None) if owner is not None else None
        if original is None:
            continue

        def timed(*args: object, _f=original, _label=label, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return _f(*args, **kwargs)
            finally:
                end = time.perf_counter()
                phase_seconds[_label] = phase_seconds.get(_label, 0.0) + end - start
                phase_spans[_label] = (phase_spans.get(_label, (start, end))[0], end)

        setattr(owner, attribute, functools.wraps(original)(timed))


def print_phases(total: float) -> None:
    for label in dict.fromkeys(label for *_, label in PHASES):  # a label may have two homes
        if label in phase_seconds:
            print(f"    {label:<42} {phase_seconds[label]:8.2f} s", flush=True)
    if load_spans:
        inside = sum(end - start for start, end in load_spans)
        span = load_spans[-1][1] - load_spans[0][0]
        print(f"    {'  LOAD DATA statements (count, s)':<42} {inside:8.2f} s ({len(load_spans)})")
        print(f"    {'  server waiting between them':<42} {span - inside:8.2f} s", flush=True)
        if PARSE_LABEL in phase_spans and upload_sent:
            # What is serial around the statements: from the upload sent to the parse job's
            # start (transfer, inspection, queue), the parse job's start to the first
            # statement (the reader's head start), the last statement's end to the job's end
            # (the reader's tail), and the job's end to ready (the publish, the wait's poll).
            parse_start, parse_end = phase_spans[PARSE_LABEL]
            serial = (
                ("upload sent .. parse job started", parse_start - upload_sent[0]),
                ("parse job started .. first LOAD DATA", load_spans[0][0] - parse_start),
                ("last LOAD DATA done .. parse job done", parse_end - load_spans[-1][1]),
                ("parse job done .. ready", upload_sent[0] + total - parse_end),
            )
            for label, seconds in serial:
                print(f"    {'  ' + label:<42} {seconds:8.2f} s", flush=True)
    print(f"    {'total (upload sent .. ready)':<42} {total:8.2f} s", flush=True)
    phase_seconds.clear()
    phase_spans.clear()
    load_spans.clear()
    upload_sent.clear()


COLUMNS = "dataset_id, company_code, date, account, category, amount_minor, currency, description"


def upload_via_api(url: str, email: str, password: str, path: Path) -> tuple[float, dict]:
    """Upload through the HTTP API (chunked above 50 MB) and wait until stored."""
    with httpx.Client(base_url=url, timeout=3600) as client:
        token = client.post("/api/auth/login", json={"email": email, "password": password})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        start = time.perf_counter()
        upload_sent[:] = [start]
        if path.stat().st_size <= 50 << 20:
            with path.open("rb") as handle:
                body = client.post(
                    "/api/datasets",
                    headers=headers,
                    data={"wait": "true"},
                    files={"file": (path.name, handle, "text/csv")},
                ).json()
        else:
            session = client.post(
                "/api/uploads",
                headers=headers,
                json={
                    "filename": path.name,
                    "total_size": path.stat().st_size,
                    "chunk_size": CHUNK,
                },
            ).json()
            with path.open("rb") as handle:
                for index in range(session["chunk_count"]):
                    client.put(
                        f"/api/uploads/{session['id']}/chunks/{index}",
                        headers=headers,
                        content=handle.read(CHUNK),
                    ).raise_for_status()
            body = client.post(
                f"/api/uploads/{session['id']}/complete", headers=headers, json={"wait": True}
            ).json()
        return time.perf_counter() - start, body


def elara_run(database_url: str, path: Path) -> float:
    """Seconds for Elara to take the file through the HTTP API into the database."""
    reset_schema(database_url)
    load_spans.clear()  # the bare load's own statement is not Elara's
    with tempfile.TemporaryDirectory() as data_dir:
        settings = make_settings(database_url, Path(data_dir))
        state = AppState.build(settings)
        user = create_user(state, role="admin")
        with LiveServer(create_app(state=state)) as server:
            seconds, body = upload_via_api(server.url, user.email, user.password, path)
        state.db.dispose()
    assert body.get("status") == "ready", body
    if phase_seconds:
        print_phases(seconds)
    return seconds


def _mysql(url: str) -> object:
    import pymysql
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return pymysql.connect(
        host=parsed.host,
        port=parsed.port or 3306,
        user=parsed.username,
        password=parsed.password,
        database=parsed.database,
        local_infile=True,
        charset="utf8mb4",
    )


def _fresh_table(cursor: object, name: str) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {name}")  # type: ignore[attr-defined]
    cursor.execute(f"CREATE TABLE {name} LIKE dataset_records")  # type: ignore[attr-defined]


def load_data_run(url: str, path: Path) -> float:
    """(a) bare LOAD DATA LOCAL INFILE, converting dates and amounts in SQL."""
    connection = _mysql(url)
    cursor = connection.cursor()  # type: ignore[attr-defined]
    _fresh_table(cursor, "bench_load")
    sql = (
        "LOAD DATA LOCAL INFILE %s INTO TABLE bench_load CHARACTER SET utf8mb4 "
        "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' IGNORE 1 LINES "
        "(company_code, @d, account, category, @a, currency, description) "
        "SET dataset_id = 1, date = STR_TO_DATE(@d, '%%d/%%m/%%Y'), amount_minor = "
        "ROUND(IF(@a LIKE '(%%', -REPLACE(REPLACE(REPLACE(@a, '(', ''), ')', ''), ',', ''), "
        f"REPLACE(@a, ',', '')) * {AMOUNT_SCALE})"
    )
    start = time.perf_counter()
    cursor.execute(sql, (str(path),))
    connection.commit()  # type: ignore[attr-defined]
    seconds = time.perf_counter() - start
    cursor.execute("DROP TABLE bench_load")
    connection.close()  # type: ignore[attr-defined]
    return seconds


def _pandas_frame(path: Path) -> object:
    import pandas as pd

    frame = pd.read_csv(path, dtype=str)
    amount = frame["Amount"].str.replace(",", "")
    negative = amount.str.startswith("(")
    amount = amount.str.strip("()").astype(float) * AMOUNT_SCALE
    amount[negative] = -amount[negative]
    return pd.DataFrame(
        {
            "dataset_id": 1,
            "company_code": frame["Company"],
            "date": pd.to_datetime(frame["Date"], format="%d/%m/%Y").dt.date,
            "account": frame["Account"],
            "category": frame["Category"],
            "amount_minor": amount.round().astype("int64"),
            "currency": frame["Currency"],
            "description": frame["Description"],
        }
    )


def pandas_run(url: str, path: Path) -> float:
    """(b) pandas.read_csv + to_sql(method="multi", chunksize=10000) through PyMySQL."""
    from sqlalchemy import create_engine

    connection = _mysql(url)
    _fresh_table(connection.cursor(), "bench_pandas")  # type: ignore[attr-defined]
    connection.close()  # type: ignore[attr-defined]
    engine = create_engine(url)
    start = time.perf_counter()
    frame = _pandas_frame(path)
    frame.to_sql(
        "bench_pandas",
        engine,
        if_exists="append",
        index=False,  # type: ignore[attr-defined]
        method="multi",
        chunksize=10_000,
    )
    seconds = time.perf_counter() - start
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE bench_pandas")
    engine.dispose()
    return seconds


def sqlite_bare_run(path: Path) -> float:
    """A bare sqlite3 executemany of the same (already converted) rows into the same shape."""
    rows = [
        tuple(r)
        for r in _pandas_frame(path)
        .astype(  # type: ignore[attr-defined]
            {"date": str}
        )
        .itertuples(index=False)
    ]
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bare.db"
        url = f"sqlite:///{database}"
        reset_schema(url)
        connection = sqlite3.connect(database)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        start = time.perf_counter()
        connection.executemany(
            f"INSERT INTO dataset_records ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?)", rows
        )
        connection.commit()
        seconds = time.perf_counter() - start
        connection.close()
    return seconds


def peak_rss_mb(path: Path, data_dir: Path) -> float:
    """Peak RSS of `elara import FILE` in a fresh process (SQLite): the server side.

    The reader child is forked by the fork server, so it is not counted here (its memory is
    capped by ``ELARA_INGEST_MEMORY_MB`` and bounded by the batch size).
    """
    url = f"sqlite:///{data_dir / 'rss.db'}"
    reset_schema(url)
    env = {
        **os.environ,
        "ELARA_DATABASE_URL": url,
        "ELARA_DATA_DIR": str(data_dir),
        "ELARA_ENV": "test",
        "ELARA_SECRET_KEY": "bench-secret-key-long-enough-0123456789",
    }
    code = (
        "import resource, sys; from elara.cli import main; "
        "main(['users', 'create', '--email', 'rss-bench@example.com', '--role', 'admin', "
        "'--password', 'correct-Horse-battery-9']); main(['import', sys.argv[1]]); "
        "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], env=env, check=True, capture_output=True, text=True
    ).stdout
    stored = [line for line in out.splitlines() if line.startswith("dataset ")]
    if not stored or ": ready," not in stored[-1]:  # a failed import would flatter the peak
        raise RuntimeError(f"elara import did not store {path.name}: {out[-500:]}")
    print(f"  {path.name}: {stored[-1]}", flush=True)
    return int(out.rsplit("RSS", 1)[1].strip()) / 1024


def _timed(label: str, work: Callable[[], float], rows: int) -> float:
    seconds = work()
    print(f"{label:<46} {seconds:8.2f} s {rows / seconds:12,.0f} rows/s", flush=True)
    return seconds


def _pair(
    first: tuple[str, Callable[[], float]],
    second: tuple[str, Callable[[], float]],
    rows: int,
    repeat: int,
) -> tuple[float, float]:
    """Run the two alternately ``repeat`` times; their median seconds (noise hits both)."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for (label, work), seconds in zip((first, second), times, strict=True):
            seconds.append(_timed(label, work, rows))
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--mariadb", default=os.environ.get("ELARA_TEST_DATABASE_URL", ""))
    parser.add_argument("--memory", default="5,50", help="SMALL_MB,BIG_MB ('' to skip)")
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="interleaved runs (medians)")
    parser.add_argument("--no-pandas", dest="pandas", action="store_false")
    parser.add_argument("--phases", action="store_true", help="time each Elara run's phases")
    parser.add_argument("--no-sqlite", dest="sqlite", action="store_false")
    args = parser.parse_args()
    if args.phases:
        time_phases()
        time_loads()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.cache or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        path = cached(write_csv, root / f"{args.rows}.csv", args.rows)
        size = path.stat().st_size / (1 << 20)
        print(f"{args.rows:,} rows, 7 columns, {size:.1f} MB\n", flush=True)
        if args.mariadb:
            elara, bare = _pair(
                ("MariaDB: Elara via HTTP API", lambda: elara_run(args.mariadb, path)),
                (
                    "MariaDB: (a) bare LOAD DATA LOCAL INFILE",
                    lambda: load_data_run(args.mariadb, path),
                ),
                args.rows,
                args.repeat,
            )
            print(f"  Elara / LOAD DATA speed: {bare / elara:.2f}x (target >= 0.85x)")
            if args.pandas:
                pandas = _timed(
                    "MariaDB: (b) pandas to_sql(multi, 10000)",
                    lambda: pandas_run(args.mariadb, path),
                    args.rows,
                )
                print(f"  Elara / pandas speed:    {pandas / elara:.2f}x (target >= 8x)")
            print()
        if args.sqlite:
            sqlite_url = f"sqlite:///{Path(tmp) / 'elara.db'}"
            elara, bare = _pair(
                ("SQLite: Elara via HTTP API", lambda: elara_run(sqlite_url, path)),
                ("SQLite: bare sqlite3 executemany", lambda: sqlite_bare_run(path)),
                args.rows,
                args.repeat,
            )
            print(f"  Elara / executemany speed: {bare / elara:.2f}x (target >= 0.9x)\n")
        if args.memory:
            small, big = (int(x) for x in args.memory.split(","))
            peaks = {
                mb: peak_rss_mb(
                    cached(write_csv_of_size, root / f"{mb}mb.csv", mb),
                    Path(tempfile.mkdtemp(dir=tmp)),
                )
                for mb in (small, big)
            }
            for mb, peak in peaks.items():
                print(f"peak RSS, elara import of a {mb} MB CSV: {peak:8.0f} MB")
            print(
                f"  RSS ratio {peaks[big] / peaks[small]:.2f} for {big / small:.0f}x the file "
                "(target <= 1.5)"
            )


if __name__ == "__main__":
    main()
