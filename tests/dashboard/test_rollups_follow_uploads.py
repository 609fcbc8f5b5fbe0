"""The dashboard's rollups follow the uploads: append, roll back and replace, through the API."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from elara.core.state import AppState
from tests.datasets.conftest import ledger_csv, upload
from tests.factories import create_user, login


def _revenue(
    client: TestClient, headers: dict[str, str], query: str = "", to: str = "2024-12-31"
) -> tuple[str, int, str]:
    body = client.get(
        f"/api/dashboard/summary?from=2024-01-01&to={to}{query}", headers=headers
    ).json()
    return body["current"]["revenue"], body["current"]["record_count"], body["source"]


def test_rollups_follow_append_rollback_and_replace(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    owner = login(client, create_user(state, role="admin"))
    base = upload(client, owner, ledger_csv(tmp_path / "a.csv", 4)).json()
    assert base["status"] == "ready", base
    # rows i = 1..4 with amount i.01: 10.04
    assert _revenue(client, owner) == ("10.04", 4, "rollup_account_monthly")
    companies = "&company=C1&company=C2&company=C0"
    assert _revenue(client, owner, companies) == ("10.04", 4, "rollup_company_kind")
    appended = upload(
        client, owner, ledger_csv(tmp_path / "b.csv", 2), mode="append", dataset_id=base["id"]
    ).json()
    assert _revenue(client, owner) == ("13.06", 6, "rollup_account_monthly")
    cut = _revenue(client, owner, to="2024-12-20")  # a cut December: the daily rollups too
    assert cut == ("13.06", 6, "rollup_account_daily+rollup_account_monthly")
    rolled = client.delete(
        f"/api/datasets/{base['id']}/uploads/{appended['upload']['id']}", headers=owner
    )
    assert rolled.status_code == 200
    assert _revenue(client, owner) == ("10.04", 4, "rollup_account_monthly")
    assert _revenue(client, owner, to="2024-12-20")[:2] == ("10.04", 4)
    assert _revenue(client, owner, companies) == ("10.04", 4, "rollup_company_kind")
    upload(client, owner, ledger_csv(tmp_path / "c.csv", 1), mode="replace", dataset_id=base["id"])
    assert _revenue(client, owner) == ("1.01", 1, "rollup_account_monthly")
    assert _revenue(client, owner, to="2024-12-20")[:2] == ("1.01", 1)
    assert _revenue(client, owner, companies) == ("1.01", 1, "rollup_company_kind")
