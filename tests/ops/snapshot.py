"""What a restore must give back: row counts and content checksums of every table, the audit
chain, the stored files, and the numbers the dashboard would answer."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from elara.audit.chain import verify_chain
from elara.backup.database import export_tables
from elara.core.db import create_db_engine
from elara.models import DatasetRecord, RollupMonthly


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def table_fingerprints(engine: Engine) -> dict[str, tuple[int, str]]:
    """Per table: (row count, SHA-256 over every row in primary-key order)."""
    found = {}
    with engine.connect() as connection:
        for table in export_tables():
            order = list(table.primary_key.columns) or list(table.columns)
            digest, count = hashlib.sha256(), 0
            for row in connection.execute(select(table).order_by(*order)).mappings():
                line = json.dumps({k: _plain(v) for k, v in row.items()}, sort_keys=True)
                digest.update(line.encode())
                count += 1
            found[table.name] = (count, digest.hexdigest())
    return found


def dashboard_numbers(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Totals per company from rollups and from raw records (what the dashboard sums)."""
    with engine.connect() as connection:
        rollups = connection.execute(
            select(
                RollupMonthly.company_code,
                RollupMonthly.account,
                func.sum(RollupMonthly.amount_minor),
                func.sum(RollupMonthly.record_count),
            )
            .group_by(RollupMonthly.company_code, RollupMonthly.account)
            .order_by(RollupMonthly.company_code, RollupMonthly.account)
        ).all()
        records = connection.execute(
            select(DatasetRecord.company_code, func.sum(DatasetRecord.amount_minor), func.count())
            .group_by(DatasetRecord.company_code)
            .order_by(DatasetRecord.company_code)
        ).all()
    return {
        "rollups": [tuple(int(v) if not isinstance(v, str) else v for v in r) for r in rollups],
        "records": [tuple(int(v) if not isinstance(v, str) else v for v in r) for r in records],
    }


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass(frozen=True)
class Snapshot:
    tables: dict[str, tuple[int, str]]
    dashboard: dict[str, list[tuple[Any, ...]]]
    files: dict[str, str]
    chain_ok: bool
    chain_entries: int


def take_snapshot(url: str, uploads: Path) -> Snapshot:
    engine = create_db_engine(url, pool_size=1)
    try:
        from sqlalchemy.orm import Session

        with Session(engine) as session:
            report = verify_chain(session)
        return Snapshot(
            table_fingerprints(engine),
            dashboard_numbers(engine),
            file_hashes(uploads),
            report.ok,
            report.entries,
        )
    finally:
        engine.dispose()
