"""Helpers for upload tests: files written on the fly, uploads through the API."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from elara.core.events import EventHub
from elara.core.queue import JobQueue
from elara.core.state import AppState
from elara.gateway import create_app
from elara.models import DatasetRecord, RollupMonthly
from elara.uploads.worker import working
from tests.amounts import units

REDIS_URL = os.environ.get("ELARA_TEST_REDIS_URL", "")

CSV_HEADER = "Company,Date,Account,Amount,Currency,Description\n"


def ledger_csv(path: Path, rows: int, *, bad_rows: tuple[int, ...] = ()) -> Path:
    """A simple ledger; each data row i has amount i.01; `bad_rows` (1-based) get a bad amount."""
    lines = [CSV_HEADER]
    for i in range(1, rows + 1):
        amount = "twelve" if i in bad_rows else f"{i}.01"
        lines.append(f"C{i % 3},2024-{(i % 12) + 1:02d}-15,Revenue,{amount},USD,row {i}\n")
    path.write_text("".join(lines))
    return path


def upload(client: TestClient, headers: dict[str, str], path: Path, **form: Any) -> Any:
    """POST /api/datasets with the file and form fields (wait=true unless given)."""
    data = {"wait": "true", **{k: str(v) for k, v in form.items()}}
    with path.open("rb") as handle:
        return client.post(
            "/api/datasets",
            headers=headers,
            data=data,
            files={"file": (path.name, handle, "text/csv")},
        )


def inspected(
    client: TestClient, headers: dict[str, str], path: Path, settings: Any = None, **form: str
) -> dict[str, Any]:
    """POST /api/datasets/inspect with the file, the settings sent back (as JSON) and form
    fields: the answer, which must be a 200."""
    data = form if settings is None else {**form, "settings": json.dumps(settings)}
    with path.open("rb") as handle:
        response = client.post(
            "/api/datasets/inspect",
            headers=headers,
            data=data,
            files={"file": (path.name, handle, "text/csv")},
        )
    assert response.status_code == 200, response.text
    return response.json()


def records_of(state: AppState, dataset_id: int) -> list[tuple[Any, ...]]:
    """Stored records of a dataset as (company, date, account, stored units, batch_id) rows."""
    with state.db.engine.connect() as connection:
        return [
            tuple(r)
            for r in connection.execute(
                select(
                    DatasetRecord.company_code,
                    DatasetRecord.date,
                    DatasetRecord.account,
                    DatasetRecord.amount_minor,
                    DatasetRecord.batch_id,
                )
                .where(DatasetRecord.dataset_id == dataset_id)
                .order_by(DatasetRecord.id)
            )
        ]


def rollup_total(state: AppState, dataset_id: int) -> tuple[int, int]:
    """(sum of amount_minor, sum of record_count) over the dataset's monthly rollups."""
    with state.db.engine.connect() as connection:
        row = connection.execute(
            select(
                func.coalesce(func.sum(RollupMonthly.amount_minor), 0),
                func.coalesce(func.sum(RollupMonthly.record_count), 0),
            ).where(RollupMonthly.dataset_id == dataset_id)
        ).one()
    return int(row[0]), int(row[1])


def ledger_total(rows: int, bad_rows: tuple[int, ...] = ()) -> int:
    """Stored units of `ledger_csv` rows that are good."""
    return sum(units(f"{i}.01") for i in range(1, rows + 1) if i not in bad_rows)


def use_redis_queue(state: AppState) -> None:
    """Point a test's state at the test Redis: a private queue name, events via pub/sub."""
    if not REDIS_URL:
        if os.environ.get("ELARA_REQUIRE_REDIS") == "1":
            pytest.fail("ELARA_REQUIRE_REDIS=1 but ELARA_TEST_REDIS_URL is not set")
        pytest.skip("Redis tests skipped: set ELARA_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/3)")
    tag = f"test-{uuid.uuid4().hex[:12]}"
    state.settings.redis_url = REDIS_URL
    # Private keys: user ids repeat from test to test, and rate limits now count in Redis.
    state.settings.queue_name = state.settings.rate_limit_key_prefix = tag
    state.events = EventHub(REDIS_URL, namespace=tag)
    state.queue = JobQueue(state.settings)


@pytest.fixture(params=["one-process", "workers"])
def gateway(request: pytest.FixtureRequest, app: FastAPI, state: AppState) -> Iterator[TestClient]:
    """One process doing everything, or a gateway that only enqueues plus an upload and a
    db worker, each with its own state, meeting through the Redis queue."""
    if request.param == "one-process":
        with TestClient(app) as test_client:
            yield test_client
        return
    use_redis_queue(state)
    with ExitStack() as stack:
        stack.callback(state.events.close)
        for role in ("upload", "db"):
            worker = AppState.build(state.settings.model_copy(), pool_size=3)
            stack.callback(worker.db.dispose)
            stack.callback(worker.events.close)
            stack.enter_context(working(worker, (role,)))
        gateway_app = create_app(state=state, worker_roles=())
        yield stack.enter_context(TestClient(gateway_app))
