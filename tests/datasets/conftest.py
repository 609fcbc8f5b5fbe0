"""Helpers for upload tests: files written on the fly, uploads through the API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from elara import db_service, upload_service
from elara.core.state import AppState
from elara.models import DatasetRecord, RollupMonthly
from elara.services.clients import Clients
from elara.services.remote import RemoteDatasets, RemoteUploads, service_token
from tests.amounts import units
from tests.live import LiveServer

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


@pytest.fixture(params=["local", "http"])
def gateway(request: pytest.FixtureRequest, app: FastAPI, state: AppState) -> Iterator[TestClient]:
    """The gateway reaching the services in-process, or over HTTP to live service processes."""
    if request.param == "local":
        with TestClient(app) as test_client:
            yield test_client
        return
    with ExitStack() as stack:
        upload = stack.enter_context(LiveServer(upload_service.create_app(state=state)))
        db = stack.enter_context(LiveServer(db_service.create_app(state=state)))
        token = service_token(state.settings)
        app.state.clients = Clients(RemoteDatasets(db.url, token), RemoteUploads(upload.url, token))
        yield stack.enter_context(TestClient(app))
