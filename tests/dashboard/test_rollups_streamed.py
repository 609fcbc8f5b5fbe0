"""Rollups kept while the parsed batches stream (daily, per dimension value) are the rollups
that summing the stored records again gives (the INSERT … SELECT builders): a multi-batch
upload with two imported dimensions and several currencies, appended to a dataset, whose
parse job is taken over half-way; then a plain append through the API. SQLite and MariaDB."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from elara.audit.events import Actor
from elara.core.state import AppState
from elara.dashboard.rollups import build_rollups
from elara.ingest import parse_file
from elara.ingest.settings import ImportSettings
from elara.models import (
    RollupAccountDaily,
    RollupAccountMonthly,
    RollupCompanyKind,
    RollupDimensionMonthly,
    RollupMonthly,
    UploadBatch,
    UploadJob,
)
from elara.storage import spool as spool_module
from elara.storage.spool import Spool
from elara.uploads import leases, tasks
from elara.uploads.files import attempt_dir
from elara.uploads.service import wait_for_upload
from tests.factories import create_user, login

HEADER = "Company,Date,Account,Category,Amount,Currency,Region,Segment\n"
REGIONS = ["East", "east", "West", "", "  padded  ", "Île-de-France 漢字", "R" * 300]
SEGMENTS = ["Retail", "Wholesale", ""]
BATCH = 97  # the reader's batch size in the taken-over job: many batches


def _ledger(path: Path, rows: int, seed: int) -> Path:
    rng = random.Random(seed)
    lines = [HEADER]
    for _ in range(rows):
        day = date(2023, 11, 1) + timedelta(days=rng.randrange(120))
        cents = rng.randint(-(10**9), 10**9)
        sign = "-" if cents < 0 else ""
        lines.append(
            f"{rng.choice(['ACME', 'GLOBEX', 'INITECH'])},{day.isoformat()},"
            f"{rng.choice(['Sales', 'Rent', 'Wages', 'Interest'])},"
            f"{rng.choice(['Revenue', 'Operating Expenses', ''])},"
            f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d},"
            f"{rng.choice(['USD', 'EUR', 'GBP'])},{rng.choice(REGIONS)},{rng.choice(SEGMENTS)}\n"
        )
    path.write_text("".join(lines))
    return path


def _upload(client: TestClient, headers: dict[str, str], path: Path, **form: Any) -> Any:
    data = {"wait": "true", **{k: str(v) for k, v in form.items()}}
    with path.open("rb") as handle:
        answer = client.post(
            "/api/datasets", headers=headers, data=data, files={"file": (path.name, handle)}
        )
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def _settings(client: TestClient, headers: dict[str, str], path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        answer = client.post(
            "/api/datasets/inspect", headers=headers, files={"file": (path.name, handle)}
        )
    assert answer.status_code == 200, answer.text
    settings: dict[str, Any] = answer.json()["settings"]
    for column in settings["columns"]:
        if column["header"] in ("Region", "Segment"):
            column["role"] = "dimension"
    return settings


def _taken_over_append(
    state: AppState, dataset_id: int, path: Path, settings: Any, *, kept: bool
) -> int:
    """An append whose parse job stages two batches, loses its lease, and is taken over by a
    second attempt that removes them, stages the file again in many small batches and hands
    it to the store job (the queue's db worker publishes it). ``kept``: whether the reader
    kept its daily and dimension rollups (else they exceeded the cap: summed at publish)."""
    actor = Actor(user_id=None, email="test")
    with state.db.transaction() as session:
        batch = UploadBatch(
            dataset_id=dataset_id,
            filename=path.name,
            sha256="3" * 64,
            status="processing",
            mode="append",
            options={"settings": settings},
            report={},
        )
        session.add(batch)
        session.flush()
        batch_id = batch.id
        leases.create(session, batch_id=batch_id, actor=actor, lease_seconds=60)
    chosen = ImportSettings.model_validate(settings)
    first = tasks._claim(state, batch_id, leases.PARSE)
    assert first is not None and first.dimensions == ("Region", "Segment")
    dead = Spool(attempt_dir(state.settings, batch_id, 1), first.dimensions)
    with tasks._Overlap(state, first, dead, tasks.Progress(dataset_id, batch_id)) as overlap:
        for parsed in islice(parse_file(path, settings=chosen, batch_size=BATCH), 2):
            overlap.on_batch(dead.add(parsed))
    with state.db.transaction() as session:  # the first attempt's lease runs out
        session.execute(
            update(UploadJob)
            .where(UploadJob.batch_id == batch_id)
            .values(lease_until=datetime(2000, 1, 1, tzinfo=UTC))
        )
    second = tasks._claim(state, batch_id, leases.PARSE)
    assert second is not None and second.attempts == 2
    tasks._remove_staged(state, batch_id)
    spool = Spool(attempt_dir(state.settings, batch_id, 2), second.dimensions)
    progress = tasks.Progress(dataset_id, batch_id)
    parser = parse_file(path, settings=chosen, batch_size=BATCH)
    with tasks._Overlap(state, second, spool, progress) as overlap:
        for parsed in parser:
            overlap.on_batch(spool.add(parsed))
    assert len(spool.files) > 5
    names, _ = spool.dimension_rollup()
    if kept:
        assert names == {"Region", "Segment"} and spool.daily_rollup() is not None
    else:  # over the cap: the daily groups (1,264) and Region (1,203) went, Segment (893) stayed
        assert names == {"Segment"} and spool.daily_rollup() is None
    parsed_upload = tasks.Parsed(
        progress, spool, parser.report, list(spool.files), staged=overlap.staged(spool)
    )
    tasks._pass_to_store(state, second, parsed_upload)
    assert wait_for_upload(state, batch_id, timeout=120) == "ready"
    dead.close()
    return batch_id


TABLES = (
    RollupMonthly,
    RollupAccountDaily,
    RollupAccountMonthly,
    RollupDimensionMonthly,
    RollupCompanyKind,
)


def _rollups(state: AppState, dataset_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every rollup row of the dataset (all columns but the id), in a stable order."""
    found = {}
    with state.db.engine.connect() as connection:
        for table in TABLES:
            columns = [c for c in table.__table__.columns if c.name != "id"]
            rows = connection.execute(select(*columns).where(table.dataset_id == dataset_id))
            found[table.__tablename__] = sorted((tuple(r) for r in rows), key=repr)
    return found


@pytest.mark.parametrize("cap", [None, 1000], ids=["kept", "over-the-cap"])
def test_streamed_rollups_equal_a_rebuild_from_the_records(
    client: TestClient,
    state: AppState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cap: int | None,
) -> None:
    headers = login(client, create_user(state, role="admin"))
    first = _ledger(tmp_path / "first.csv", 400, seed=1)
    settings = _settings(client, headers, first)
    created = _upload(client, headers, first, settings=json.dumps(settings))
    assert created["status"] == "ready" and created["dimensions"] == ["Region", "Segment"]
    dataset_id = int(created["id"])
    if cap is not None:  # the taken-over append is read in this process
        monkeypatch.setattr(spool_module, "STREAMED_GROUPS", cap)
    second = _ledger(tmp_path / "second.csv", 1500, seed=2)
    taken_over = _taken_over_append(state, dataset_id, second, settings, kept=cap is None)
    _upload(
        client,
        headers,
        _ledger(tmp_path / "third.csv", 300, seed=3),
        mode="append",
        dataset_id=dataset_id,
        settings=json.dumps(settings),
    )
    streamed = _rollups(state, dataset_id)
    daily = streamed["rollup_account_daily"]
    assert sum(row[-1] for row in daily) == 400 + 1500 + 300  # each record counted once
    regions = {row[3] for row in streamed["rollup_dimension_monthly"] if row[2] == "Region"}
    assert {"East", "east", "padded", None, "R" * 255} <= regions
    assert {row[-3] for row in daily} == {"USD", "EUR", "GBP"}
    with state.db.transaction() as session:
        batches = session.scalars(
            select(UploadBatch.id).where(
                UploadBatch.dataset_id == dataset_id, UploadBatch.status == "ready"
            )
        ).all()
        assert taken_over in batches and len(batches) == 3
        for batch_id in batches:  # summed from the stored records, inside the database
            build_rollups(session, dataset_id=dataset_id, batch_id=batch_id)
    rebuilt = _rollups(state, dataset_id)
    for table, rows in streamed.items():
        assert rows == rebuilt[table], table
