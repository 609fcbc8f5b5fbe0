"""Benchmark record exports end to end (HTTP API, streamed) against bare writers of the same rows.

Usage: python bench/export.py [--rows N] [--database-url URL]

- CSV: `GET /api/records/export` over real HTTP from a live server (on a new SQLite database, or
  on the database at URL, whose tables are dropped and created again), read to the end,
  against a bare `csv.writer` writing the same rows (already in memory) to a file;
- XLSX: `GET /api/records/export?format=xlsx` the same way, against a bare `xlsxwriter`
  (constant memory) writing the same rows.
Prints records/s for each and Elara's time as a ratio of the bare writer's.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
import xlsxwriter
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from elara.core.state import AppState
from elara.gateway import create_app
from elara.models import Dataset, DatasetRecord
from tests.conftest import make_settings, reset_schema
from tests.factories import create_user
from tests.live import LiveServer

COMPANIES = ["ACME", "GLOBEX", "INITECH", "UMBRELLA", "HOOLI"]
ACCOUNTS = ["Revenue", "COGS", "Salaries", "Rent", "Marketing"]


def make_rows(count: int, dataset_id: int) -> list[dict[str, object]]:
    rng = random.Random(7)
    start = date(2022, 1, 1)
    return [
        {
            "dataset_id": dataset_id,
            "company_code": rng.choice(COMPANIES),
            "date": start + timedelta(days=i % 1000),
            "account": rng.choice(ACCOUNTS),
            "category": "Operating",
            "amount_minor": rng.randint(-(10**7), 10**7),
            "currency": "USD",
            "description": f"entry {i}",
        }
        for i in range(count)
    ]


def fill(state: AppState, count: int) -> list[dict[str, object]]:
    with state.db.transaction() as session:
        dataset = Dataset(name="bench", status="ready", currency="USD", row_count=count)
        session.add(dataset)
        session.flush()
        dataset_id = dataset.id
    rows = make_rows(count, dataset_id)
    with state.db.engine.begin() as connection:
        for start in range(0, count, 20_000):
            connection.execute(insert(DatasetRecord), rows[start : start + 20_000])
    return rows


def timed_download(url: str, token: str, fmt: str) -> float:
    with httpx.Client(base_url=url, timeout=600) as client:
        started = time.perf_counter()
        with client.stream(
            "GET",
            "/api/records/export",
            params={"format": fmt},
            headers={"Authorization": f"Bearer {token}"},
        ) as response:
            response.raise_for_status()
            for _ in response.iter_bytes():
                pass
        return time.perf_counter() - started


def bare_csv(rows: list[dict[str, object]], folder: Path) -> float:
    started = time.perf_counter()
    with (folder / "bare.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["company", "date", "account", "category", "amount", "currency", "description"]
        )
        for r in rows:
            units = int(r["amount_minor"])  # type: ignore[call-overload]
            writer.writerow(
                [
                    r["company_code"],
                    r["date"].isoformat(),
                    r["account"],
                    r["category"],  # type: ignore[attr-defined]
                    f"{units / 100:.2f}",
                    r["currency"],
                    r["description"],
                ]
            )
    return time.perf_counter() - started


def bare_xlsx(rows: list[dict[str, object]], folder: Path) -> float:
    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(folder / "bare.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet()
    money = book.add_format({"num_format": "#,##0.00"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for i, r in enumerate(rows, start=1):
        sheet.write_string(i, 0, str(r["company_code"]))
        sheet.write_datetime(i, 1, r["date"], day)  # type: ignore[arg-type]
        sheet.write_string(i, 2, str(r["account"]))
        sheet.write_string(i, 3, str(r["category"]))
        sheet.write_number(i, 4, int(r["amount_minor"]) / 100, money)  # type: ignore[call-overload]
        sheet.write_string(i, 5, str(r["currency"]))
        sheet.write_string(i, 6, str(r["description"]))
    book.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--database-url", help="a database to empty and use (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        folder = Path(data_dir)
        url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
        reset_schema(url)
        state = AppState.build(make_settings(url, folder / "data"))
        rows = fill(state, args.rows)
        user = create_user(state, role="admin")
        with LiveServer(create_app(state=state)) as server:
            token = httpx.post(
                f"{server.url}/api/auth/login",
                json={"email": user.email, "password": user.password},
            ).json()["access_token"]
            results = []
            for fmt, bare in (("csv", bare_csv), ("xlsx", bare_xlsx)):
                elara = timed_download(server.url, token, fmt)
                baseline = bare(rows, folder)
                results.append((fmt, elara, baseline))
        print(f"{url.split(':', 1)[0]}, {args.rows:,} records")
        for fmt, elara, baseline in results:
            print(
                f"{fmt}: Elara {args.rows / elara:,.0f} records/s ({elara:.2f} s) end to end; "
                f"bare writer {args.rows / baseline:,.0f} records/s ({baseline:.2f} s); "
                f"ratio {elara / baseline:.2f}x"
            )


if __name__ == "__main__":
    main()
