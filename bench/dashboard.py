"""Dashboard benchmark: uncached answers through HTTP against the plain GROUP BY an analyst
would write for the same question, interleaved in the same run, on SQLite or MariaDB.

    .venv/bin/python bench/dashboard.py --backend mariadb --records 1000000
    .venv/bin/python bench/dashboard.py --backend sqlite --records 1000000
    .venv/bin/python bench/dashboard.py --backend mariadb --records 10000000 --repeat 5 \
        --compare bench/out/dashboard-mariadb-realistic-1000000.json

Shapes of generated data (`--shape`):

- `realistic` (default): 300 companies, 30 accounts (revenue, cost of sales, operating
  expenses, depreciation, interest, tax, one unclassified, one statistic), three dimensions
  (Region 6 values, Segment 4, Product 40), uniformly random days over 2017-01-01 … 2024-12-31.
- `small`: the earlier generator (50 companies, the 7 demo accounts, 2022-2024, Region of 4).

Records are bulk-loaded (LOAD DATA LOCAL INFILE on MariaDB, executemany on SQLite) into a scratch
database that is dropped and migrated first; then the store's own rollup builders run over them
(`elara.dashboard.rollups.build_rollups`, as an upload calls it). The dashboard is served by the
real app over HTTP (uvicorn, in this process) with the answer cache replaced by one that never
hits; an admin and a restricted analyst (10 companies) sign in. Each case alternates: one HTTP
call, one plain query, `--repeat` times; medians and p95 are printed and saved to
`bench/out/dashboard-<backend>-<shape>-<records>.json`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import polars as pl
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RESULTS = Path(__file__).resolve().parent / "out"
DEFAULT_MARIADB = "mysql+pymysql://elara:elara@127.0.0.1:3306/elara_test_dash_bench"
CHUNK = 500_000

REALISTIC_ACCOUNTS = [
    ("Sales", "Revenue"),
    ("Service Revenue", "Revenue"),
    ("Subscription Revenue", "Revenue"),
    ("COGS", "Cost of Sales"),
    ("Freight In", "Cost of Sales"),
    ("Salaries", "Payroll"),
    ("Payroll Taxes", "Payroll"),
    ("Benefits", "Payroll"),
    ("Commissions", "Payroll"),
    ("Rent", "Facilities"),
    ("Utilities", "Facilities"),
    ("Insurance", "Facilities"),
    ("Marketing", "Sales & Marketing"),
    ("Advertising", "Sales & Marketing"),
    ("Travel", "Sales & Marketing"),
    ("Software", "IT"),
    ("Hosting", "IT"),
    ("Telephone", "IT"),
    ("Consulting Fees", "Professional Services"),
    ("Legal Fees", "Professional Services"),
    ("Recruiting", "Admin"),
    ("Training", "Admin"),
    ("Office Supplies", "Admin"),
    ("Postage", "Admin"),
    ("Bank Charges", "Admin"),
    ("Depreciation", "D&A"),
    ("Interest Expense", "Finance"),
    ("Income Tax", "Tax"),
    ("Repairs", None),  # unclassified: shown apart
    ("Headcount", "Statistics"),  # non-financial
]
REVENUE_ACCOUNTS = 3


class Shape:
    def __init__(self, name: str) -> None:
        self.name = name
        if name == "realistic":
            self.companies = [f"C{i:03d}" for i in range(300)]
            self.accounts = REALISTIC_ACCOUNTS
            self.start, self.days = date(2017, 1, 1), (date(2025, 1, 1) - date(2017, 1, 1)).days
            self.dimensions = {
                "Region": ["East", "West", "North", "South", "Central", "Export"],
                "Segment": ["Retail", "Wholesale", "Online", "Government"],
                "Product": [f"P{i:02d}" for i in range(40)],
            }
        else:
            from elara.demo import ACCOUNTS, COMPANIES

            self.companies = [c for c, _, _ in COMPANIES] + [f"CO{i:02d}" for i in range(30)]
            self.accounts = [(a, c) for a, c, _ in ACCOUNTS]
            self.start, self.days = date(2022, 1, 1), 1096
            self.dimensions = {"Region": ["East", "West", "North", "South"]}


def frames(shape: Shape, n: int, dataset_id: int, batch_id: int, seed: int = 7):
    """Generated records in chunks of CHUNK rows (polars frames in the table's columns)."""
    rng = np.random.default_rng(seed)
    companies = np.array(shape.companies)
    accounts = np.array([a for a, _ in shape.accounts])
    categories = np.array([c or "" for _, c in shape.accounts])
    days = np.array(
        [shape.start + timedelta(days=i) for i in range(shape.days)], dtype="datetime64[D]"
    )
    revenue = REVENUE_ACCOUNTS if shape.name == "realistic" else 1
    for start in range(0, n, CHUNK):
        size = min(CHUNK, n - start)
        account = rng.integers(0, len(accounts), size)
        base = rng.integers(1_000, 5_000_000, size) * 100  # 4 decimals stored
        attrs = pl.lit("{")
        for index, (name, values) in enumerate(shape.dimensions.items()):
            picked = np.array(values)[rng.integers(0, len(values), size)]
            sep = "" if index == 0 else ", "
            attrs = pl.concat_str(
                [attrs, pl.lit(f'{sep}"{name}": "'), pl.Series(picked), pl.lit('"')]
            )
        frame = pl.DataFrame(
            {
                "dataset_id": np.full(size, dataset_id),
                "batch_id": np.full(size, batch_id),
                "company_code": companies[rng.integers(0, len(companies), size)],
                "date": days[rng.integers(0, len(days), size)],
                "account": accounts[account],
                "category": categories[account],
                # Revenue accounts positive, every other account a cost stated negative.
                "amount_minor": np.where(account < revenue, base, -base),
                "currency": np.full(size, "USD"),
            }
        ).with_columns(
            attributes=pl.concat_str([attrs, pl.lit("}")]),
            category=pl.when(pl.col("category") == "").then(None).otherwise(pl.col("category")),
        )
        yield frame


COLUMNS = (
    "dataset_id, batch_id, company_code, date, account, category, amount_minor, currency, "
    "attributes"
)


def load(url: str, shape: Shape, n: int) -> None:
    """Reset the database, bulk-load n records, then run the store's rollup builders."""
    from tests.conftest import reset_schema

    if make_url(url).get_backend_name() != "sqlite":
        parsed = make_url(url)
        server = create_engine(parsed.set(database=""))
        with server.begin() as connection:
            connection.execute(text(f"CREATE DATABASE IF NOT EXISTS `{parsed.database}`"))
        server.dispose()
    reset_schema(url)
    dataset_id, batch_id = _new_dataset(url, shape, n)
    started = time.perf_counter()
    if make_url(url).get_backend_name() == "sqlite":
        _load_sqlite(url, shape, n, dataset_id, batch_id)
    else:
        _load_mariadb(url, shape, n, dataset_id, batch_id)
    print(f"loaded {n} records in {time.perf_counter() - started:.1f}s", flush=True)
    started = time.perf_counter()
    _build_rollups(url, dataset_id, batch_id)
    print(f"rollups built in {time.perf_counter() - started:.1f}s", flush=True)


def _new_dataset(url: str, shape: Shape, n: int) -> tuple[int, int]:
    from elara.core.db import Database
    from elara.models import Dataset, UploadBatch

    db = Database(url)
    options = {
        "settings": {"columns": [{"header": d, "role": "dimension"} for d in shape.dimensions]}
    }
    with db.transaction() as session:
        dataset = Dataset(
            name="bench",
            status="ready",
            row_count=n,
            currency="USD",
            dimensions=list(shape.dimensions),
        )
        session.add(dataset)
        session.flush()
        batch = UploadBatch(
            dataset_id=dataset.id,
            filename="bench.csv",
            sha256="0" * 64,
            status="ready",
            row_count=n,
            options=options,
        )
        session.add(batch)
        session.flush()
        ids = dataset.id, batch.id
    db.dispose()
    return ids


def _load_mariadb(url: str, shape: Shape, n: int, dataset_id: int, batch_id: int) -> None:
    engine = create_engine(
        make_url(url).update_query_dict({"local_infile": "1", "charset": "utf8mb4"})
    )
    with tempfile.TemporaryDirectory(prefix="elara-bench-") as folder:
        for index, frame in enumerate(frames(shape, n, dataset_id, batch_id)):
            path = os.path.join(folder, "records.tsv")
            frame.with_columns(pl.col("category").fill_null("\\N")).write_csv(
                path, separator="\t", include_header=False, quote_style="never"
            )
            with engine.begin() as connection:
                connection.execute(text("SET SESSION net_read_timeout = 600"))
                connection.execute(
                    text(f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE dataset_records ({COLUMNS})")
                )
            print(f"  chunk {index + 1}", flush=True)
    engine.dispose()


def _load_sqlite(url: str, shape: Shape, n: int, dataset_id: int, batch_id: int) -> None:
    connection = sqlite3.connect(make_url(url).database or "")
    connection.execute("PRAGMA journal_mode=WAL")
    marks = ", ".join("?" * len(COLUMNS.split(",")))
    for frame in frames(shape, n, dataset_id, batch_id):
        rows = frame.with_columns(pl.col("date").cast(pl.Utf8)).iter_rows()
        connection.executemany(f"INSERT INTO dataset_records ({COLUMNS}) VALUES ({marks})", rows)
        connection.commit()
    connection.close()


def _build_rollups(url: str, dataset_id: int, batch_id: int) -> None:
    """The monthly rollups as the store writes them, then the builders it calls."""
    from elara.core import data_version
    from elara.core.db import Database
    from elara.dashboard import rollups

    db = Database(url)
    with db.transaction() as session:
        if not db.is_sqlite:  # see _big_temp_tables; the builders' GROUP BYs are larger
            session.execute(text("SET SESSION max_heap_table_size = 2147483648"))
            session.execute(text("SET SESSION tmp_table_size = 2147483648"))
        month = (
            "strftime('%Y-%m-01', date)"
            if db.is_sqlite
            else "DATE_SUB(date, INTERVAL DAYOFMONTH(date) - 1 DAY)"
        )
        session.execute(
            text(
                "INSERT INTO rollup_monthly (dataset_id, batch_id, month, company_code, account, "
                f"category, currency, amount_minor, record_count) SELECT dataset_id, batch_id, "
                f"{month}, company_code, account, category, currency, SUM(amount_minor), COUNT(*) "
                "FROM dataset_records WHERE dataset_id = :d "
                f"GROUP BY dataset_id, batch_id, {month}, company_code, account, category, currency"
            ),
            {"d": dataset_id},
        )
        rollups.build_rollups(session, dataset_id=dataset_id, batch_id=batch_id)
        data_version.bump(session)
    with db.engine.begin() as connection:
        connection.execute(text("ANALYZE" if db.is_sqlite else "ANALYZE TABLE dataset_records"))
    db.dispose()


def set_kinds(url: str, on: bool) -> None:
    """`on`: build `rollup_company_kind` where it is stale (as after an upload or a
    reclassification); off: forget its plans, so company questions read `rollup_monthly` (the
    path before this table existed) — the same data, for a same-run before/after."""
    from elara.core import data_version
    from elara.core.db import Database
    from elara.dashboard import rollups
    from elara.models import RollupKindPlan

    db = Database(url)
    started = time.perf_counter()
    with db.transaction() as session:
        if not db.is_sqlite:
            session.execute(text("SET SESSION max_heap_table_size = 2147483648"))
            session.execute(text("SET SESSION tmp_table_size = 2147483648"))
        if on:
            built = rollups.refresh_kinds(session)
        else:
            session.query(RollupKindPlan).delete()
            built = 0
        data_version.bump(session)
    with db.engine.begin() as connection:  # as _build_rollups does for the other tables
        analyze = "ANALYZE" if db.is_sqlite else "ANALYZE TABLE"
        connection.execute(text(f"{analyze} rollup_company_kind"))
    print(f"kinds {'on' if on else 'off'}: {built} rebuilt in {time.perf_counter() - started:.1f}s")
    db.dispose()


def migrate_only(url: str) -> None:
    """A database loaded by an older bench gets the newer tables (the migration backfills)."""
    from elara.core import migrate

    started = time.perf_counter()
    migrate.upgrade(url)
    print(f"migrated in {time.perf_counter() - started:.1f}s", flush=True)


def rebuild_rollups(url: str) -> None:
    """Keep the loaded records; empty every rollup table and build them again."""
    from elara.models import Base

    engine = create_engine(url)
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name.startswith("rollup_"):
                connection.execute(table.delete())
        ids = connection.execute(text("SELECT dataset_id, id FROM upload_batches")).one()
    engine.dispose()
    started = time.perf_counter()
    _build_rollups(url, int(ids[0]), int(ids[1]))
    print(f"rollups rebuilt in {time.perf_counter() - started:.1f}s", flush=True)


# --- the questions -------------------------------------------------------------------------


def month_of(dialect: str) -> str:
    """A month bucket by date arithmetic (what an analyst writes), not string formatting."""
    if dialect == "sqlite":
        return "substr(date, 1, 7)"
    return "EXTRACT(YEAR_MONTH FROM date)"


def quarter_of(dialect: str) -> str:
    if dialect == "sqlite":
        return "(CAST(substr(date, 6, 2) AS INTEGER) + 2) / 3"
    return "QUARTER(date)"


def dim_of(dialect: str, name: str) -> str:
    if dialect == "sqlite":
        return f"json_extract(attributes, '$.{name}')"
    return f"JSON_VALUE(attributes, '$.{name}')"


def cases(dialect: str, shape: Shape) -> list[tuple[str, str, dict[str, Any], str | None, bool]]:
    """(name, path, params, plain query, as the restricted user)."""
    m, q = month_of(dialect), quarter_of(dialect)
    region, product = dim_of(dialect, "Region"), dim_of(dialect, "Product")
    last = shape.start.year + (shape.days // 366)
    y, p = f"{last}-01-01", f"{last - 1}-01-01"
    ye = f"{last}-12-31"
    year = {"from": y, "to": ye}
    summary_sql = (
        "SELECT date >= '{cur}', account, category, currency, SUM(amount_minor), COUNT(*) "
        "FROM dataset_records WHERE date BETWEEN '{prev}' AND '{end}'{extra} GROUP BY 1, 2, 3, 4"
    )
    company = shape.companies[1]
    allowed = "', '".join(shape.companies[:10])
    cut_from, cut_to = f"{last}-01-15", f"{last}-03-20"
    cut_prev = (
        date(last, 1, 15) - (date(last, 3, 20) - date(last, 1, 15)) - timedelta(1)
    ).isoformat()
    out = [
        (
            f"summary {last} vs {last - 1}",
            "/api/dashboard/summary",
            year,
            summary_sql.format(cur=y, prev=p, end=ye, extra=""),
            False,
        ),
        (
            "timeseries month (all)",
            "/api/dashboard/timeseries",
            {"granularity": "month"},
            f"SELECT {m}, account, category, currency, SUM(amount_minor), COUNT(*) "
            "FROM dataset_records GROUP BY 1, 2, 3, 4",
            False,
        ),
        (
            "timeseries month x company (all)",
            "/api/dashboard/timeseries",
            {"granularity": "month", "group_by": "company"},
            f"SELECT {m}, company_code, account, category, currency, SUM(amount_minor), "
            "COUNT(*) FROM dataset_records GROUP BY 1, 2, 3, 4, 5",
            False,
        ),
        (
            f"timeseries quarter ({last})",
            "/api/dashboard/timeseries",
            {**year, "granularity": "quarter"},
            f"SELECT {q}, account, category, currency, SUM(amount_minor), COUNT(*) FROM "
            f"dataset_records WHERE date BETWEEN '{y}' AND '{ye}' GROUP BY 1, 2, 3, 4",
            False,
        ),
        (
            f"breakdown company top 10 ({last})",
            "/api/dashboard/breakdown",
            {**year, "by": "company"},
            "SELECT company_code, account, category, currency, SUM(amount_minor), COUNT(*) FROM "
            f"dataset_records WHERE date BETWEEN '{y}' AND '{ye}' GROUP BY 1, 2, 3, 4",
            False,
        ),
        (
            f"breakdown account, company={company}",
            "/api/dashboard/breakdown",
            {"company": company, "by": "account"},
            "SELECT account, category, currency, SUM(amount_minor), COUNT(*) FROM "
            f"dataset_records WHERE company_code = '{company}' GROUP BY 1, 2, 3",
            False,
        ),
        (
            "filters",
            "/api/dashboard/filters",
            {},
            "SELECT company_code, account, category, currency, MIN(date), MAX(date) "
            "FROM dataset_records GROUP BY 1, 2, 3, 4",
            False,
        ),
        (
            f"summary {cut_from} .. {cut_to} (cuts months)",
            "/api/dashboard/summary",
            {"from": cut_from, "to": cut_to},
            summary_sql.format(cur=cut_from, prev=cut_prev, end=cut_to, extra=""),
            False,
        ),
        (
            f"timeseries month {last - 1}-02-10 .. {last}-11-20 (cuts months)",
            "/api/dashboard/timeseries",
            {"from": f"{last - 1}-02-10", "to": f"{last}-11-20", "granularity": "month"},
            f"SELECT {m}, account, category, currency, SUM(amount_minor), COUNT(*) FROM "
            f"dataset_records WHERE date BETWEEN '{last - 1}-02-10' AND '{last}-11-20' "
            "GROUP BY 1, 2, 3, 4",
            False,
        ),
        (
            f"breakdown by Region ({last})",
            "/api/dashboard/breakdown",
            {**year, "by": "dim:Region", "metric": "revenue"},
            f"SELECT {region}, account, category, currency, SUM(amount_minor), COUNT(*) FROM "
            f"dataset_records WHERE date BETWEEN '{y}' AND '{ye}' GROUP BY 1, 2, 3, 4",
            False,
        ),
        (
            f"summary Region=West {last} vs {last - 1}",
            "/api/dashboard/summary",
            {**year, "dim": "Region=West"},
            summary_sql.format(cur=y, prev=p, end=ye, extra=f" AND {region} = 'West'"),
            False,
        ),
        (
            f"summary restricted user (10 companies) {last} vs {last - 1}",
            "/api/dashboard/summary",
            year,
            summary_sql.format(cur=y, prev=p, end=ye, extra=f" AND company_code IN ('{allowed}')"),
            True,
        ),
        (
            "records page (sort date desc, 100)",
            "/api/records",
            {"sort": "date", "order": "desc"},
            None,
            False,
        ),
    ]
    if "Product" in shape.dimensions:
        # Two dimensions at once: the pair rollup Product x Region once built (see --pairs).
        two = f"WHERE date BETWEEN '{y}' AND '{ye}' AND"
        out[11:11] = [
            (
                f"breakdown by Product, Region=West ({last})",
                "/api/dashboard/breakdown",
                {**year, "by": "dim:Product", "dim": "Region=West"},
                f"SELECT {product}, account, category, currency, SUM(amount_minor), COUNT(*) "
                f"FROM dataset_records {two} {region} = 'West' GROUP BY 1, 2, 3, 4",
                False,
            ),
            (
                f"breakdown by Region, Product=P07 ({last})",
                "/api/dashboard/breakdown",
                {**year, "by": "dim:Region", "dim": "Product=P07"},
                f"SELECT {region}, account, category, currency, SUM(amount_minor), COUNT(*) "
                f"FROM dataset_records {two} {product} = 'P07' GROUP BY 1, 2, 3, 4",
                False,
            ),
            (
                f"breakdown by Product, Region=West, restricted user ({last})",
                "/api/dashboard/breakdown",
                {**year, "by": "dim:Product", "dim": "Region=West"},
                f"SELECT {product}, account, category, currency, SUM(amount_minor), COUNT(*) "
                f"FROM dataset_records {two} {region} = 'West' "
                f"AND company_code IN ('{allowed}') GROUP BY 1, 2, 3, 4",
                True,
            ),
            (
                f"breakdown by Product, Region=West {cut_from} .. {cut_to} (cuts months)",
                "/api/dashboard/breakdown",
                {"from": cut_from, "to": cut_to, "by": "dim:Product", "dim": "Region=West"},
                f"SELECT {product}, account, category, currency, SUM(amount_minor), COUNT(*) "
                f"FROM dataset_records WHERE date BETWEEN '{cut_from}' AND '{cut_to}' "
                f"AND {region} = 'West' GROUP BY 1, 2, 3, 4",
                False,
            ),
        ]
    return out


PAIRS = (("Product", "Region"),)  # the pairs the two-dimension cases ask


def set_pairs(url: str, on: bool) -> None:
    """`on`: build the pair rollups the cases ask (what the queued job does after the first
    question), timed, with their row counts; off: forget them, so those questions read the
    records (the path before pair rollups), and the bench's app queues no build."""
    from elara.core.db import Database
    from elara.dashboard import pairs
    from elara.models import RollupPairBuild, RollupPairTotals

    db = Database(url)
    with db.engine.connect() as connection:
        ids = [int(d) for d in connection.execute(text("SELECT id FROM datasets")).scalars()]
    for pair in PAIRS:
        for dataset_id in ids:
            started = time.perf_counter()
            with db.transaction(read_committed=True) as session:
                if not db.is_sqlite:
                    session.execute(text("SET SESSION max_heap_table_size = 2147483648"))
                    session.execute(text("SET SESSION tmp_table_size = 2147483648"))
                if not on:
                    pairs.forget(session, dataset_id)
                    continue
                mark = pairs.build_pair(session, dataset_id=dataset_id, pair=pair, max_rows=10**9)
                rows = session.scalar(
                    select(RollupPairBuild.row_count).where(
                        RollupPairBuild.dataset_id == dataset_id,
                        RollupPairBuild.dim_a == pair[0],
                        RollupPairBuild.dim_b == pair[1],
                    )
                )
                totals = session.scalar(
                    select(func.count())
                    .select_from(RollupPairTotals)
                    .where(RollupPairTotals.dataset_id == dataset_id)
                )
            if on:
                took = time.perf_counter() - started
                print(
                    f"pair {pair} of dataset {dataset_id}: {mark}, {rows} rows, "
                    f"{totals} company-less rows (both sides), {took:.1f}s"
                )
    if on:
        with db.engine.begin() as connection:
            analyze = "ANALYZE" if db.is_sqlite else "ANALYZE TABLE"
            for table in ("rollup_dimension_pair", "rollup_pair_totals"):
                connection.execute(text(f"{analyze} {table}"))
    db.dispose()


def _big_temp_tables(engine: Any) -> None:
    """MariaDB: GROUP BY temp tables up to 2 GB stay in memory, for Elara and the baseline
    alike (on this shared VM on-disk temp tables in /tmp failed at random: errno 6)."""
    if engine.dialect.name == "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _set(connection: Any, _: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION max_heap_table_size = 2147483648")
            cursor.execute("SET SESSION tmp_table_size = 2147483648")

    engine.dispose()  # connections made before the listener reconnect with it


class NeverCache:
    """An answer cache that never hits: every request is computed."""

    def get(self, key: str) -> str | None:
        return None

    def set(self, key: str, value: str) -> None:
        return None

    def clear(self) -> None:
        return None


def run(
    url: str, shape: Shape, repeat: int, only: str | None = None, *, pairs: bool = True
) -> list[dict[str, Any]]:
    from elara.core.state import AppState
    from elara.dashboard import cache
    from elara.gateway import create_app
    from tests.conftest import make_settings
    from tests.factories import create_user
    from tests.live import LiveServer

    cache.for_settings = lambda settings: NeverCache()  # type: ignore[assignment]
    folder = tempfile.mkdtemp(prefix="elara-bench-")
    settings = make_settings(
        url,
        Path(folder),
        rate_limit_enabled=False,
        log_level="WARNING",
        # --pairs off: the two-dimension questions read the records and queue no build
        pair_rollup_max_rows=10**9 if pairs else 0,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    state = AppState.build(settings)
    plain = create_engine(url)
    for engine in (state.db.engine, plain):
        _big_temp_tables(engine)
    run_id = uuid.uuid4().hex[:8]
    admin = create_user(state, role="admin", email=f"admin-{run_id}@example.com")
    analyst = create_user(
        state,
        role="analyst",
        email=f"analyst-{run_id}@example.com",
        allowed_companies=shape.companies[:10],
    )
    dialect = plain.dialect.name
    results = []
    with (
        LiveServer(create_app(state=state)) as server,
        httpx.Client(base_url=server.url, timeout=600) as client,
    ):
        headers = {}
        for who in (admin, analyst):
            token = client.post(
                "/api/auth/login", json={"email": who.email, "password": who.password}
            ).json()["access_token"]
            headers[who.email] = {"Authorization": f"Bearer {token}"}
        with plain.connect() as connection:
            for name, path, params, sql, restricted in cases(dialect, shape):
                if only and not any(part in name for part in only.split(",")):
                    continue
                auth = headers[analyst.email if restricted else admin.email]

                seen: set[str] = set()

                def ours(
                    path: str = path, params: dict = params, auth: dict = auth, seen: set = seen
                ) -> float:
                    started = time.perf_counter()
                    response = client.get(path, params=params, headers=auth)
                    response.raise_for_status()
                    body = response.json()
                    took = time.perf_counter() - started
                    if isinstance(body, dict) and body.get("source"):
                        seen.add(str(body["source"]))
                    return took

                def theirs(sql: str | None = sql) -> float:
                    started = time.perf_counter()
                    connection.execute(text(sql or "SELECT 1")).all()
                    return time.perf_counter() - started

                ours()  # warm the code paths and the per-data-version plans
                mine, base = [], []
                for _ in range(repeat):
                    mine.append(ours())
                    if sql:
                        base.append(theirs())
                row: dict[str, Any] = {
                    "endpoint": name,
                    "median_s": round(statistics.median(mine), 4),
                    "p95_s": round(p95(mine), 4),
                }
                if seen:
                    row["source"] = ",".join(sorted(seen))
                if base:
                    row["baseline_median_s"] = round(statistics.median(base), 4)
                    row["ratio"] = round(row["median_s"] / row["baseline_median_s"], 4)
                results.append(row)
                print(json.dumps(row), flush=True)
    plain.dispose()
    state.db.dispose()
    return results


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(results: list[dict[str, Any]], compare: Path | None) -> str:
    before = {}
    if compare and compare.exists():
        before = {r["endpoint"]: r for r in json.loads(compare.read_text())}
    lines = [
        "| endpoint (HTTP, uncached) | median (s) | p95 (s) | plain GROUP BY median (s) | ratio "
        "| vs --compare | read from |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        old = before.get(r["endpoint"])
        growth = f"{r['median_s'] / old['median_s']:.2f}x" if old and old["median_s"] else "-"
        lines.append(
            f"| {r['endpoint']} | {r['median_s']:.4f} | {r['p95_s']:.4f} | "
            f"{r.get('baseline_median_s', '-')} | {r.get('ratio', '-')} | {growth} | "
            f"{r.get('source', '-')} |"
        )
    return "\n".join(lines)


def _count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(text("SELECT COUNT(*) FROM dataset_records")).scalar_one()
            )
    except Exception:  # no such table yet
        return -1
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("mariadb", "sqlite"), default="mariadb")
    parser.add_argument("--shape", choices=("realistic", "small"), default="realistic")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="default: a scratch database per backend")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep data already loaded")
    parser.add_argument("--rebuild", action="store_true", help="with --reuse: rebuild rollups")
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--load-only", action="store_true", help="load (or migrate), no timing")
    parser.add_argument(
        "--kinds",
        choices=("on", "off"),
        default="on",
        help="off: company questions read rollup_monthly (the path before rollup_company_kind)",
    )
    parser.add_argument(
        "--pairs",
        choices=("on", "off"),
        default="on",
        help="on: build the pair rollups the two-dimension questions ask before timing (warm, "
        "as after the first such question); off: those questions read the records",
    )
    parser.add_argument(
        "--only", help="time only the cases whose name contains one of these (comma-separated)"
    )
    args = parser.parse_args()
    shape = Shape(args.shape)
    url = args.database_url
    if url is None and args.backend == "sqlite":
        url = f"sqlite:///{RESULTS / f'dashboard-{args.shape}-{args.records}.db'}"
    url = url or os.environ.get("ELARA_BENCH_DATABASE_URL", DEFAULT_MARIADB)
    RESULTS.mkdir(exist_ok=True)
    if args.reuse and _count(url) == args.records:
        migrate_only(url)
        if args.rebuild:
            rebuild_rollups(url)
    else:
        load(url, shape, args.records)
    set_kinds(url, args.kinds == "on")
    set_pairs(url, args.pairs == "on")
    if args.load_only:
        return
    results = run(url, shape, args.repeat, args.only, pairs=args.pairs == "on")
    part = ("-part" if args.only else "") + ("-kinds-off" if args.kinds == "off" else "")
    part += "-pairs-off" if args.pairs == "off" else ""
    name = f"dashboard-{args.backend}-{args.shape}-{args.records}{part}.json"
    (RESULTS / name).write_text(json.dumps(results, indent=1))
    print(report(results, args.compare))


if __name__ == "__main__":
    main()
