"""An upload's reader guesses the CSV's date order and number formats from its first rows,
so that its first batch is staged without a pass over the whole file. When the whole file
decides otherwise, what was staged under the guess is removed and the file read again: the
dataset holds each row once, read as the whole file says."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.ingest.pipeline import SPECULATE_ROWS
from elara.storage import bulk
from tests.factories import create_user, login

from .conftest import CSV_HEADER, records_of, rollup_total, upload
from .test_staged_store import hooked


def _late_month_first(path: Path, rows: int) -> Path:
    """Every date ambiguous (01/02/2024) up to the guess's rows, then 12/31/2024: the
    whole file is month-first; its first rows alone read day-first."""
    lines = [CSV_HEADER]
    for i in range(1, rows + 1):
        day = "01/02/2024" if i <= SPECULATE_ROWS else "12/31/2024"
        lines.append(f"C1,{day},Revenue,1.00,USD,row {i}\n")
    path.write_text("".join(lines))
    return path


def test_a_refuted_guess_is_read_again_and_stored_once(
    client: TestClient, state: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "STAGE_CHUNK", 10_000)
    headers = login(client, create_user(state, role="admin"))
    rows = SPECULATE_ROWS + 10
    staged: list[int] = []
    with hooked(lambda batch_id, count: staged.append(count)):
        body = upload(client, headers, _late_month_first(tmp_path / "late.csv", rows)).json()
    assert body["status"] == "ready", body
    # Staged under the guess, then again from the start after the refutation.
    assert any(later < earlier for earlier, later in pairwise(staged))
    records = records_of(state, int(body["id"]))
    assert len(records) == rows
    assert {r[1] for r in records} == {date(2024, 1, 2), date(2024, 12, 31)}
    assert rollup_total(state, int(body["id"]))[1] == rows
    uploads = client.get(f"/api/datasets/{body['id']}/uploads", headers=headers).json()
    assert uploads[0]["error_count"] == 0, uploads
