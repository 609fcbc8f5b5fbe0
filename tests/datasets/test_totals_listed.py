"""The stored report lists the first `TOTALS_LISTED` totals rows and counts them all, so a
cut list says it was cut; the preview lists every one."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.ingest.model import TOTALS_LISTED
from tests.factories import create_user, login

from .conftest import upload


def _ledger_with_totals(path: Path, sections: int) -> Path:
    """One revenue line per section, each followed by its "Total" line."""
    lines = ["Company,Date,Account,Amount,Currency"]
    for i in range(1, sections + 1):
        lines += [f"C1,2024-01-15,Revenue,{i}.00,USD", f",,Total,{i}.00,"]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_long_list_of_totals_is_cut_and_counted(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(client, create_user(state))
    sections = TOTALS_LISTED + 5
    path = _ledger_with_totals(tmp_path / "sections.csv", sections)
    response = upload(client, headers, path)
    assert response.status_code == 200, response.text
    report = response.json()["upload"]["report"]
    assert report["records"] == sections
    assert report["totals_count"] == sections
    assert len(report["totals_rows"]) == TOTALS_LISTED
    assert report["totals_rows"][0] == {"row": 3, "values": {"Amount": "1"}, "ties": True}
    with path.open("rb") as handle:
        inspected = client.post(
            "/api/datasets/inspect",
            headers=headers,
            files={"file": (path.name, handle, "text/csv")},
        )
    assert inspected.status_code == 200, inspected.text
    assert len(inspected.json()["preview"]["totals_rows"]) == sections


def test_a_short_list_is_whole(client: TestClient, state: AppState, tmp_path: Path) -> None:
    headers = login(client, create_user(state))
    response = upload(client, headers, _ledger_with_totals(tmp_path / "two.csv", 2))
    assert response.status_code == 200, response.text
    report = response.json()["upload"]["report"]
    assert report["totals_count"] == len(report["totals_rows"]) == 2
