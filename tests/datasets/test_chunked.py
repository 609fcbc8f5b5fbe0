"""Resumable chunked uploads: sessions, chunks in any order, resume after an interruption."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from elara.core.state import AppState
from tests.amounts import units
from tests.conftest import backend_name
from tests.factories import create_user, login

from .conftest import rollup_total


def _open(
    client: TestClient, headers: dict[str, str], path: Path, chunk: int, **options: object
) -> dict:
    body = {
        "filename": path.name,
        "total_size": path.stat().st_size,
        "chunk_size": chunk,
        **options,
    }
    response = client.post("/api/uploads", headers=headers, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def _send(
    client: TestClient,
    headers: dict[str, str],
    upload_id: str,
    path: Path,
    chunk: int,
    indexes: list[int],
) -> None:
    with path.open("rb") as handle:
        for index in indexes:
            handle.seek(index * chunk)
            response = client.put(
                f"/api/uploads/{upload_id}/chunks/{index}",
                headers=headers,
                content=handle.read(chunk),
            )
            assert response.status_code == 200, response.text


def big_ledger(path: Path, target_bytes: int) -> tuple[int, int]:
    """A ledger CSV of about `target_bytes`; returns (rows, total in stored units)."""
    line = "ACME,2024-{m:02d}-15,Revenue,{i}.25,USD,invoice number {i:012d} for services\n"
    rows = total = 0
    with path.open("w") as out:
        out.write("Company,Date,Account,Amount,Currency,Description\n")
        block: list[str] = []
        size = 0
        while size < target_bytes:
            rows += 1
            text = line.format(m=rows % 12 + 1, i=rows)
            total += units(f"{rows}.25")
            block.append(text)
            size += len(text)
            if len(block) == 50_000:
                out.write("".join(block))
                block = []
        out.write("".join(block))
    return rows, total


class TestChunkedUpload:
    def test_anonymous(self, client: TestClient) -> None:
        response = client.post("/api/uploads", json={"filename": "a.csv", "total_size": 10})
        assert response.status_code == 401
        assert client.put("/api/uploads/x/chunks/0", content=b"x").status_code == 401

    def test_forbidden_role(self, client: TestClient, state: AppState) -> None:
        viewer = login(client, create_user(state, role="viewer"))
        response = client.post(
            "/api/uploads", headers=viewer, json={"filename": "a.csv", "total_size": 10}
        )
        assert response.status_code == 403

    def test_other_users_session_is_hidden(
        self, client: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        path = tmp_path / "a.csv"
        big_ledger(path, 5000)
        opened = _open(client, login(client, create_user(state)), path, 1024)
        other = login(client, create_user(state))
        assert client.get(f"/api/uploads/{opened['id']}", headers=other).status_code == 404
        put = client.put(f"/api/uploads/{opened['id']}/chunks/0", headers=other, content=b"x")
        assert put.status_code == 404

    def test_valid_resumes(self, gateway: TestClient, state: AppState, tmp_path: Path) -> None:
        headers = login(gateway, create_user(state))
        path = tmp_path / "ledger.csv"
        rows, total = big_ledger(path, 300_000)
        chunk = 64 * 1024
        opened = _open(gateway, headers, path, chunk, name="Chunked")
        count = opened["chunk_count"]
        _send(gateway, headers, opened["id"], path, chunk, [0, 2, count - 1])  # then "crash"
        status = gateway.get(f"/api/uploads/{opened['id']}", headers=headers).json()
        assert status["received_chunks"] == [0, 2, count - 1]
        early = gateway.post(f"/api/uploads/{opened['id']}/complete", headers=headers, json={})
        assert early.status_code == 409 and early.json()["error"]["details"][0]["missing_chunks"]
        missing = [i for i in range(count) if i not in status["received_chunks"]]
        _send(gateway, headers, opened["id"], path, chunk, missing)
        done = gateway.post(
            f"/api/uploads/{opened['id']}/complete", headers=headers, json={"wait": True}
        )
        assert done.status_code == 200, done.text
        body = done.json()
        assert (body["status"], body["row_count"], body["name"]) == ("ready", rows, "Chunked")
        assert rollup_total(state, body["id"]) == (total, rows)
        assert not (state.settings.data_dir / "chunks" / opened["id"]).exists()

    @pytest.mark.parametrize(
        ("index", "size", "code"),
        [
            (0, 10, "bad_chunk_size"),
            (99, 1024, "validation_error"),
            (-1, 1024, "validation_error"),
        ],
    )
    def test_bad_chunks(
        self, client: TestClient, state: AppState, tmp_path: Path, index: int, size: int, code: str
    ) -> None:
        headers = login(client, create_user(state))
        path = tmp_path / "a.csv"
        big_ledger(path, 5000)
        opened = _open(client, headers, path, 1024)
        response = client.put(
            f"/api/uploads/{opened['id']}/chunks/{index}", headers=headers, content=os.urandom(size)
        )
        assert response.status_code == 422 and response.json()["error"]["code"] == code


@pytest.mark.slow
def test_200mb_chunked_upload_resumes(
    client: TestClient, state: AppState, tmp_path: Path, database_url: str
) -> None:
    # ELARA_RUN_SLOW=1 runs it on every backend; CI sets it to the one backend it runs on.
    run_slow = os.environ.get("ELARA_RUN_SLOW", "")
    if run_slow != "1" and run_slow != backend_name(database_url):
        pytest.skip("200 MB upload (minutes): set ELARA_RUN_SLOW=1 (or mysql/sqlite)")
    headers = login(client, create_user(state))
    path = tmp_path / "big.csv"
    rows, total = big_ledger(path, 200 * 1024 * 1024)
    chunk = 8 * 1024 * 1024
    opened = _open(client, headers, path, chunk)
    half = list(range(0, opened["chunk_count"], 2))
    _send(client, headers, opened["id"], path, chunk, half)
    received = client.get(f"/api/uploads/{opened['id']}", headers=headers).json()
    rest = [i for i in range(opened["chunk_count"]) if i not in received["received_chunks"]]
    _send(client, headers, opened["id"], path, chunk, rest)
    path.unlink()
    body = client.post(
        f"/api/uploads/{opened['id']}/complete", headers=headers, json={"wait": True}
    ).json()
    assert body["status"] == "ready" and body["row_count"] == rows
    assert rollup_total(state, body["id"]) == (total, rows)
