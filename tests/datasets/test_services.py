"""Worker roles: /health, `elara import` and demo data via storage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from elara import db_service, upload_service
from elara.cli import main
from elara.core.state import AppState
from elara.demo import load_demo_data
from elara.ingest.pipeline import unstated_warning
from elara.models import Dataset, DatasetRecord, RollupMonthly, UploadBatch
from tests.corpus.write import write_csv
from tests.factories import create_user, login

from .conftest import ledger_csv, ledger_total, rollup_total


@pytest.mark.parametrize("factory", [upload_service.create_app, db_service.create_app])
def test_worker_health(factory: Any, state: AppState) -> None:
    with TestClient(factory(state=state)) as worker:
        health = worker.get("/health")
        assert health.status_code == 200
        body = health.json()
        assert body["status"] == "ok" and body["role"] in ("upload", "db")
        assert body["queue"] == "sqlite" and body["worker"] == state.worker_id
        # The work arrives through the queue: no internal HTTP calls are served.
        assert worker.post("/internal/datasets/page", json={}).status_code == 404


def test_cli_import(
    state: AppState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    admin = create_user(state, role="admin")
    settings = state.settings
    monkeypatch.setenv("ELARA_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("ELARA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ELARA_SECRET_KEY", settings.signing_key)
    path = ledger_csv(tmp_path / "cli.csv", 30)
    assert main(["import", str(path), "--name", "From CLI"]) == 0
    captured = capsys.readouterr()
    assert "stored" in captured.err and "ready, 30 rows" in captured.out
    with state.db.transaction() as session:
        dataset = session.scalars(select(Dataset).where(Dataset.name == "From CLI")).one()
        assert dataset.owner_id == admin.id
    assert rollup_total(state, dataset.id) == (ledger_total(30), 30)
    bad = ledger_csv(tmp_path / "bad.csv", 5, bad_rows=(2,))
    assert main(["import", str(bad)]) == 1
    assert "nothing was stored" in capsys.readouterr().out


def test_demo_data_goes_through_storage(state: AppState) -> None:
    create_user(state, role="admin")
    count = load_demo_data(state)
    with state.db.transaction() as session:
        records = session.scalar(select(func.count()).select_from(DatasetRecord))
        batch = session.scalars(select(UploadBatch)).one()
        rollup_sum = session.scalar(select(func.sum(RollupMonthly.amount_minor)))
        record_sum = session.scalar(select(func.sum(DatasetRecord.amount_minor)))
        rollup_rows = session.scalar(select(func.sum(RollupMonthly.record_count)))
    assert records == count == batch.row_count and batch.status == "ready"
    assert rollup_sum == record_sum and rollup_rows == count


def test_cli_import_stores_an_unstated_currency_in_the_reporting_currency(
    client: TestClient,
    state: AppState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As through the API: a file that states no currency is stored in the admin's reporting
    currency and the CLI says so (it printed none of the report's warnings), unless a currency
    is typed for it (`--currency`, the API's `default_currency`)."""
    admin = create_user(state, role="admin")
    headers = login(client, admin)
    answer = client.put(
        "/api/dashboard/settings", json={"reporting_currency": "EUR"}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    settings = state.settings
    monkeypatch.setenv("ELARA_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("ELARA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ELARA_SECRET_KEY", settings.signing_key)
    path = tmp_path / "no-currency.csv"
    write_csv(
        path,
        [
            ["Company", "Date", "Account", "Amount"],
            ["ACME", "2025-01-31", "Sales", "1200.50"],
            ["ACME", "2025-01-31", "Rent", "-400.25"],
        ],
    )
    assert main(["import", str(path), "--name", "Unstated"]) == 0
    out = capsys.readouterr().out
    with state.db.transaction() as session:
        dataset = session.scalars(select(Dataset).where(Dataset.name == "Unstated")).one()
        currencies = session.scalars(
            select(DatasetRecord.currency).where(DatasetRecord.dataset_id == dataset.id)
        ).all()
    assert sorted(currencies) == ["EUR", "EUR"]
    assert f"warning: {unstated_warning('EUR')}" in out.splitlines()
    # A currency typed for the file wins, as the API's default_currency does.
    assert main(["import", str(path), "--name", "Typed", "--currency", "usd"]) == 0
    assert "warning: The file states no currency" not in capsys.readouterr().out
    with state.db.transaction() as session:
        typed = session.scalars(select(Dataset).where(Dataset.name == "Typed")).one()
        currencies = session.scalars(
            select(DatasetRecord.currency).where(DatasetRecord.dataset_id == typed.id)
        ).all()
    assert sorted(currencies) == ["USD", "USD"]
