"""Dashboard benchmark on MariaDB/MySQL: uncached p95 per endpoint against the plain GROUP BY
over dataset_records that answers the same question, measured in the same run.

    .venv/bin/python bench/dashboard.py --records 1000000
    .venv/bin/python bench/dashboard.py --records 10000000 \
        --compare bench/out/dashboard-1000000.json

Records are generated (50 companies, 7 P&L accounts, three years of daily dates, a Region
dimension of 4 values) and bulk-loaded with LOAD DATA LOCAL INFILE together with their monthly
rollups (and the Region dimension's), into a scratch database that is dropped and migrated first
(default `elara_test_dash_bench`). `--reuse` skips the load when the database already holds that
many records.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from elara.dashboard import records, service
from elara.dashboard.filters import make_filters
from elara.demo import ACCOUNTS, COMPANIES
from elara.models import Dataset, DatasetRecord, User

DEFAULT_URL = "mysql+pymysql://elara:elara@127.0.0.1:3306/elara_test_dash_bench"
START, DAYS = date(2022, 1, 1), 1096
REGIONS = np.array(["East", "West", "North", "South"])
EXTRA_COMPANIES = [f"CO{i:02d}" for i in range(30)]
RESULTS = Path(__file__).resolve().parent / "out"


def _engine(url: str):
    return create_engine(
        make_url(url).update_query_dict({"local_infile": "1", "charset": "utf8mb4"})
    )


def prepare_database(url: str) -> None:
    """Create the scratch database if needed, then drop every table and migrate."""
    parsed = make_url(url)
    server = _engine(parsed.set(database="").render_as_string(hide_password=False))
    with server.begin() as connection:
        connection.execute(text(f"CREATE DATABASE IF NOT EXISTS `{parsed.database}`"))
    server.dispose()
    from tests.conftest import reset_schema

    reset_schema(url)


CHUNK = 500_000  # records per LOAD DATA statement (and transaction): no huge undo log


def generate(
    folder: str, n: int, dataset_id: int, seed: int = 7
) -> tuple[list[str], list[tuple], list[tuple]]:
    """Write n records as LOAD DATA files of CHUNK rows; return the files, the rollup rows and
    the Region dimension's rollup rows."""
    rng = np.random.default_rng(seed)
    companies = np.array([code for code, _, _ in COMPANIES] + EXTRA_COMPANIES)
    accounts = np.array([a for a, _, _ in ACCOUNTS])
    categories = np.array([c for _, c, _ in ACCOUNTS])
    days = np.array([START + timedelta(days=i) for i in range(DAYS)], dtype="datetime64[D]")
    paths, rollups, regional = [], [], []
    for start in range(0, n, CHUNK):
        size = min(CHUNK, n - start)
        account = rng.integers(0, len(accounts), size)
        base = rng.integers(1_000, 5_000_000, size)
        frame = pl.DataFrame(
            {
                "dataset_id": np.full(size, dataset_id),
                "company_code": companies[rng.integers(0, len(companies), size)],
                "date": days[rng.integers(0, DAYS, size)],
                "account": accounts[account],
                "category": categories[account],
                # Revenue (the only positive share) is income; every other demo account an expense.
                "amount_minor": np.where(account == 0, base, -base),
                "currency": np.full(size, "USD"),
                "region": REGIONS[rng.integers(0, len(REGIONS), size)],
            }
        )
        path = os.path.join(folder, f"records-{start // CHUNK:04d}.tsv")
        region_json = pl.concat_str([pl.lit('{"Region": "'), pl.col("region"), pl.lit('"}')])
        frame.with_columns(attributes=region_json).drop("region").write_csv(
            path, separator="\t", include_header=False, quote_style="never"
        )
        paths.append(path)
        rollups.append(
            frame.with_columns(month=pl.col("date").dt.truncate("1mo"))
            .group_by("month", "company_code", "account", "category")
            .agg(pl.col("amount_minor").sum(), pl.len().alias("record_count"))
        )
        regional.append(
            frame.with_columns(month=pl.col("date").dt.truncate("1mo"))
            .group_by("month", "region", "company_code", "account", "category")
            .agg(pl.col("amount_minor").sum(), pl.len().alias("record_count"))
        )
    by_region = (
        pl.concat(regional)
        .group_by("month", "region", "company_code", "account", "category")
        .agg(pl.col("amount_minor").sum(), pl.col("record_count").sum())
    )
    region_rows = [
        (dataset_id, "Region", r, m, c, a, k, "USD", s_, n_)
        for m, r, c, a, k, s_, n_ in by_region.iter_rows()
    ]
    total = (
        pl.concat(rollups)
        .group_by("month", "company_code", "account", "category")
        .agg(pl.col("amount_minor").sum(), pl.col("record_count").sum())
    )
    rows = [(dataset_id, m, c, a, k, "USD", s_, n_) for m, c, a, k, s_, n_ in total.iter_rows()]
    return paths, rows, region_rows


def _new_dataset(engine: Any, n: int) -> int:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO datasets (name, description, status, row_count, error_count, "
                "currency, created_at, updated_at) "
                "VALUES ('bench', '', 'ready', :n, 0, 'USD', NOW(6), NOW(6))"
            ),
            {"n": n},
        )
        connection.execute(
            text(
                "INSERT INTO users (email, full_name, password_hash, role, is_active, "
                "failed_login_count, allowed_companies, created_at, updated_at) VALUES "
                "('bench@example.com', 'Bench', 'x', 'admin', 1, 0, '[]', NOW(6), NOW(6))"
            )
        )
        dataset_id = int(connection.execute(text("SELECT MAX(id) FROM datasets")).scalar_one())
        # The upload's settings say which columns are dimensions (as the import stores them).
        connection.execute(
            text(
                "INSERT INTO upload_batches (dataset_id, filename, sha256, mode, status, "
                "row_count, error_count, options, report, created_at) VALUES (:d, 'bench', "
                ":sha, 'create', 'ready', :n, 0, :options, '{}', NOW(6))"
            ),
            {
                "d": dataset_id,
                "sha": "0" * 64,
                "n": n,
                "options": json.dumps(
                    {"settings": {"columns": [{"header": "Region", "role": "dimension"}]}}
                ),
            },
        )
        return dataset_id


def load(url: str, n: int) -> None:
    """Bulk-load n generated records in chunks, then their rollups, and bump the version."""
    engine = _engine(url)
    dataset_id = _new_dataset(engine, n)
    with tempfile.TemporaryDirectory(prefix="elara-bench-") as folder:
        started = time.perf_counter()
        paths, rollups, region_rows = generate(folder, n, dataset_id)
        print(f"generated {n} records in {time.perf_counter() - started:.1f}s", flush=True)
        started = time.perf_counter()
        for index, path in enumerate(paths, start=1):
            with engine.begin() as connection:
                connection.execute(text("SET SESSION net_read_timeout = 600"))
                connection.execute(
                    text(
                        f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE dataset_records "
                        "(dataset_id, company_code, date, account, category, amount_minor, "
                        "currency, attributes)"
                    )
                )
            print(f"  {index}/{len(paths)} files, {time.perf_counter() - started:.0f}s", flush=True)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO rollup_monthly (dataset_id, month, company_code, account, category, "
                "currency, amount_minor, record_count) VALUES (:d, :m, :c, :a, :k, :cur, :s, :n)"
            ),
            [
                dict(zip(("d", "m", "c", "a", "k", "cur", "s", "n"), row, strict=True))
                for row in rollups
            ],
        )
        connection.execute(
            text(
                "INSERT INTO rollup_dimension_monthly (dataset_id, dimension, value, month, "
                "company_code, account, category, currency, amount_minor, record_count) "
                "VALUES (:d, :dim, :v, :m, :c, :a, :k, :cur, :s, :n)"
            ),
            [
                dict(zip(("d", "dim", "v", "m", "c", "a", "k", "cur", "s", "n"), row, strict=True))
                for row in region_rows
            ],
        )
        connection.execute(
            text("UPDATE app_settings SET value = :v WHERE `key` = 'data_version'"),
            {"v": json.dumps(f"bench-{n}-{time.time()}")},
        )
        connection.execute(
            text("ANALYZE TABLE dataset_records, rollup_monthly, rollup_dimension_monthly")
        )
    print(
        f"loaded {n} records + {len(rollups)} rollup rows in {time.perf_counter() - started:.1f}s",
        flush=True,
    )
    engine.dispose()


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


YEAR = {"date_from": date(2024, 1, 1), "date_to": date(2024, 12, 31)}
RAW_RANGE = "date BETWEEN '2023-01-01' AND '2024-12-31'"
CASES = [
    # name, service call, equivalent plain GROUP BY over dataset_records (None: no ratio)
    (
        "summary (2024 vs 2023)",
        lambda s, u: service.summary(s, user=u, filters=make_filters(**YEAR)),
        f"SELECT category, account, currency, SUM(amount_minor), COUNT(*) FROM dataset_records "
        f"WHERE {RAW_RANGE} GROUP BY category, account, currency",
    ),
    (
        "timeseries month x company (all)",
        lambda s, u: service.timeseries(
            s, user=u, filters=make_filters(), granularity="month", group_by="company"
        ),
        "SELECT DATE_FORMAT(date, '%Y-%m-01'), company_code, category, account, currency, "
        "SUM(amount_minor), COUNT(*) FROM dataset_records GROUP BY 1, 2, 3, 4, 5",
    ),
    (
        "timeseries quarter (2024)",
        lambda s, u: service.timeseries(
            s, user=u, filters=make_filters(**YEAR), granularity="quarter"
        ),
        "SELECT QUARTER(date), category, account, currency, SUM(amount_minor), COUNT(*) "
        "FROM dataset_records WHERE date BETWEEN '2024-01-01' AND '2024-12-31' GROUP BY 1, 2, 3, 4",
    ),
    (
        "breakdown company top 10 (2024)",
        lambda s, u: service.breakdown(s, user=u, filters=make_filters(**YEAR), by="company"),
        "SELECT company_code, category, account, currency, SUM(amount_minor), COUNT(*) FROM "
        "dataset_records WHERE date BETWEEN '2024-01-01' AND '2024-12-31' GROUP BY 1, 2, 3, 4",
    ),
    (
        "breakdown account, company=ACME",
        lambda s, u: service.breakdown(
            s, user=u, filters=make_filters(companies=["ACME"]), by="account"
        ),
        "SELECT account, category, currency, SUM(amount_minor), COUNT(*) FROM dataset_records "
        "WHERE company_code = 'ACME' GROUP BY 1, 2, 3",
    ),
    (
        "filters",
        lambda s, u: service.filter_options(s, user=u, filters=make_filters()),
        "SELECT company_code, account, category, currency, MIN(date), MAX(date) "
        "FROM dataset_records GROUP BY 1, 2, 3, 4",
    ),
    (
        "summary, day-level range (cut months from records)",
        lambda s, u: service.summary(
            s, user=u, filters=make_filters(date_from=date(2024, 1, 15), date_to=date(2024, 3, 20))
        ),
        "SELECT category, account, currency, SUM(amount_minor), COUNT(*) FROM dataset_records "
        "WHERE date BETWEEN '2023-11-09' AND '2024-03-20' GROUP BY 1, 2, 3",
    ),
    (
        "breakdown by dimension Region (2024)",
        lambda s, u: service.breakdown(
            s, user=u, filters=make_filters(**YEAR), by="dim:Region", metric="revenue"
        ),
        "SELECT JSON_VALUE(attributes, '$.Region'), category, account, currency, "
        "SUM(amount_minor), COUNT(*) FROM dataset_records "
        "WHERE date BETWEEN '2024-01-01' AND '2024-12-31' GROUP BY 1, 2, 3, 4",
    ),
    (
        "summary Region=West (2024 vs 2023)",
        lambda s, u: service.summary(
            s, user=u, filters=make_filters(**YEAR, dimensions=["Region=West"])
        ),
        f"SELECT category, account, currency, SUM(amount_minor), COUNT(*) FROM dataset_records "
        f"WHERE {RAW_RANGE} AND JSON_VALUE(attributes, '$.Region') = 'West' "
        "GROUP BY category, account, currency",
    ),
    (
        "records page (sort date desc, 100)",
        lambda s, u: records.records(s, user=u, filters=make_filters(), sort="date", order="desc"),
        None,
    ),
]


def run(url: str, repeat: int, baseline_repeat: int) -> list[dict]:
    from elara.core.db import Database

    db = Database(url)
    results = []
    with db.transaction() as session:
        user = session.scalars(select(User)).first()
        total = session.scalar(select(func.count()).select_from(DatasetRecord))
        assert user is not None and session.scalar(select(func.count(Dataset.id))) == 1
        for name, call, baseline in CASES:
            call(session, user)  # warm the buffer pool and the code paths
            ours = p95(timed(lambda c=call: c(session, user), repeat))
            row = {"endpoint": name, "p95_s": round(ours, 4), "records": total}
            if baseline:
                plain = p95(
                    timed(lambda b=baseline: session.execute(text(b)).all(), baseline_repeat)
                )
                row.update(baseline_p95_s=round(plain, 4), ratio=round(ours / plain, 4))
            results.append(row)
            print(json.dumps(row), flush=True)
    db.dispose()
    return results


def report(results: list[dict], compare: Path | None) -> str:
    before = {}
    if compare and compare.exists():
        before = {r["endpoint"]: r for r in json.loads(compare.read_text())}
    lines = [
        "| endpoint | p95 (s) | plain GROUP BY p95 (s) | ratio | vs smaller run |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        old = before.get(r["endpoint"])
        growth = f"{r['p95_s'] / old['p95_s']:.2f}x" if old and old["p95_s"] else "-"
        lines.append(
            f"| {r['endpoint']} | {r['p95_s']:.4f} | {r.get('baseline_p95_s', '-')} | "
            f"{r.get('ratio', '-')} | {growth} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url", default=os.environ.get("ELARA_BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--baseline-repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    if make_url(args.database_url).get_backend_name() not in ("mysql", "mariadb"):
        parser.error("the dashboard benchmark runs on MariaDB/MySQL")
    loaded = 0
    if args.reuse:
        engine = _engine(args.database_url)
        with engine.connect() as connection:
            loaded = connection.execute(text("SELECT COUNT(*) FROM dataset_records")).scalar_one()
        engine.dispose()
    if loaded != args.records:
        prepare_database(args.database_url)
        load(args.database_url, args.records)
    results = run(args.database_url, args.repeat, args.baseline_repeat)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"dashboard-{args.records}.json").write_text(json.dumps(results, indent=1))
    print(report(results, args.compare))


if __name__ == "__main__":
    main()
