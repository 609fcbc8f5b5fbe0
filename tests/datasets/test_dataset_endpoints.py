"""Reading, deleting, appending, replacing and rolling back datasets; errors and provenance."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from elara.core.state import AppState
from elara.models import AuditEntry
from tests.factories import create_user, login

from .conftest import ledger_csv, ledger_total, records_of, rollup_total, upload


def _dataset(
    client: TestClient, headers: dict[str, str], tmp_path: Path, rows: int = 5, **form: str
) -> dict:
    body = upload(client, headers, ledger_csv(tmp_path / f"f{rows}.csv", rows), **form).json()
    assert body["status"] == "ready", body
    return body


def _actions(state: AppState) -> list[str]:
    with state.db.engine.connect() as connection:
        return list(connection.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


class TestListAndGet:
    def test_anonymous(self, client: TestClient) -> None:
        assert client.get("/api/datasets").status_code == 401
        assert client.get("/api/datasets/1").status_code == 401

    def test_valid(self, gateway: TestClient, state: AppState, tmp_path: Path) -> None:
        owner = login(gateway, create_user(state))
        first = _dataset(gateway, owner, tmp_path, 3)
        second = _dataset(gateway, owner, tmp_path, 4)
        viewer = login(gateway, create_user(state, role="viewer"))
        page = gateway.get("/api/datasets?page_size=1", headers=viewer).json()
        assert page["total"] == 2 and [d["id"] for d in page["items"]] == [second["id"]]
        one = gateway.get(f"/api/datasets/{first['id']}", headers=viewer).json()
        assert one["row_count"] == 3 and one["status"] == "ready"
        assert gateway.get("/api/datasets/999999", headers=viewer).status_code == 404
        mine = gateway.get("/api/datasets?mine=true", headers=viewer).json()
        assert mine["total"] == 0


class TestErrors:
    def test_anonymous(self, client: TestClient) -> None:
        assert client.get("/api/datasets/1/errors").status_code == 401

    def test_forbidden_role(self, client: TestClient, state: AppState, tmp_path: Path) -> None:
        owner = login(client, create_user(state))
        body = upload(client, owner, ledger_csv(tmp_path / "a.csv", 5, bad_rows=(2,))).json()
        other = login(client, create_user(state))
        response = client.get(f"/api/datasets/{body['id']}/errors", headers=other)
        assert response.status_code == 403

    def test_valid(self, gateway: TestClient, state: AppState, tmp_path: Path) -> None:
        owner = login(gateway, create_user(state))
        path = tmp_path / "e.csv"
        path.write_text(
            "Company,Date,Account,Amount\nA,2024-01-01,R,1\nB,2024-13-45,R,2\nC,2024-01-02,R,=1+2\n"
        )
        body = upload(gateway, owner, path).json()
        errors = gateway.get(f"/api/datasets/{body['id']}/errors", headers=owner).json()
        assert errors["total"] == 2 and errors["upload_id"] == body["upload"]["id"]
        assert [(e["row"], e["column"]) for e in errors["items"]] == [(3, "Date"), (4, "Amount")]
        assert errors["items"][1]["value"] == "=1+2"
        report = gateway.get(f"/api/datasets/{body['id']}/errors?format=csv", headers=owner)
        assert report.status_code == 200 and report.headers["content-type"].startswith("text/csv")
        lines = report.text.splitlines()
        assert lines[0] == "sheet,row,column,value,message"
        assert lines[2].startswith(",4,Amount,'=1+2,")


class TestDelete:
    def test_anonymous(self, client: TestClient) -> None:
        assert client.delete("/api/datasets/1").status_code == 401

    def test_forbidden_role(self, client: TestClient, state: AppState, tmp_path: Path) -> None:
        owner = login(client, create_user(state))
        body = _dataset(client, owner, tmp_path)
        for role in ("viewer", "analyst"):
            other = login(client, create_user(state, role=role))
            assert client.delete(f"/api/datasets/{body['id']}", headers=other).status_code == 403
        assert len(records_of(state, body["id"])) == 5

    def test_valid(self, gateway: TestClient, state: AppState, tmp_path: Path) -> None:
        owner = login(gateway, create_user(state))
        body = _dataset(gateway, owner, tmp_path)
        admin = login(gateway, create_user(state, role="admin"))
        assert gateway.delete(f"/api/datasets/{body['id']}", headers=admin).status_code == 204
        assert records_of(state, body["id"]) == [] and rollup_total(state, body["id"]) == (0, 0)
        assert gateway.get(f"/api/datasets/{body['id']}", headers=owner).status_code == 404
        assert not list((state.settings.data_dir / "originals").iterdir())
        assert "dataset.delete" in _actions(state)


class TestAppendReplaceRollback:
    def test_forbidden_role(self, client: TestClient, state: AppState, tmp_path: Path) -> None:
        owner = login(client, create_user(state))
        body = _dataset(client, owner, tmp_path)
        other = login(client, create_user(state))
        response = upload(
            client, other, ledger_csv(tmp_path / "b.csv", 2), mode="append", dataset_id=body["id"]
        )
        assert response.status_code == 403
        rollback = client.delete(
            f"/api/datasets/{body['id']}/uploads/{body['upload']['id']}", headers=other
        )
        assert rollback.status_code == 403

    def test_valid(self, gateway: TestClient, state: AppState, tmp_path: Path) -> None:
        owner = login(gateway, create_user(state))
        base = _dataset(gateway, owner, tmp_path, 5)
        appended = _dataset(gateway, owner, tmp_path, 3, mode="append", dataset_id=base["id"])
        assert appended["id"] == base["id"] and appended["row_count"] == 8
        assert rollup_total(state, base["id"]) == (ledger_total(5) + ledger_total(3), 8)
        uploads = gateway.get(f"/api/datasets/{base['id']}/uploads", headers=owner).json()
        assert [u["mode"] for u in uploads] == ["create", "append"]
        append_id = appended["upload"]["id"]
        rolled = gateway.delete(f"/api/datasets/{base['id']}/uploads/{append_id}", headers=owner)
        assert rolled.status_code == 200 and rolled.json()["status"] == "rolled_back"
        assert rollup_total(state, base["id"]) == (ledger_total(5), 5)
        again = gateway.delete(f"/api/datasets/{base['id']}/uploads/{append_id}", headers=owner)
        assert again.status_code == 409
        replaced = _dataset(gateway, owner, tmp_path, 7, mode="replace", dataset_id=base["id"])
        assert replaced["row_count"] == 7
        assert {r[4] for r in records_of(state, base["id"])} == {replaced["upload"]["id"]}
        assert rollup_total(state, base["id"]) == (ledger_total(7), 7)
        assert {
            "dataset.upload",
            "dataset.append",
            "dataset.upload_rollback",
            "dataset.replace",
        } <= set(_actions(state))

    def test_failed_append_keeps_dataset(
        self, client: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        owner = login(client, create_user(state))
        base = _dataset(client, owner, tmp_path, 5)
        bad = ledger_csv(tmp_path / "bad.csv", 4, bad_rows=(1,))
        body = upload(client, owner, bad, mode="append", dataset_id=base["id"]).json()
        assert body["status"] == "ready" and body["upload"]["status"] == "failed"
        assert body["row_count"] == 5 and rollup_total(state, base["id"]) == (ledger_total(5), 5)
