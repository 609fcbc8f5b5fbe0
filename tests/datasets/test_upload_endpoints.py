"""POST /api/datasets and POST /api/datasets/inspect: permissions, validation, outcomes."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.uploads.files import decrypt_file
from tests.factories import create_user, login

from .conftest import ledger_csv, ledger_total, records_of, rollup_total, upload


class TestUpload:
    def test_anonymous(self, client: TestClient, tmp_path: Path) -> None:
        response = upload(client, {}, ledger_csv(tmp_path / "a.csv", 3))
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"

    def test_forbidden_role(self, client: TestClient, state: AppState, tmp_path: Path) -> None:
        headers = login(client, create_user(state, role="viewer"))
        response = upload(client, headers, ledger_csv(tmp_path / "a.csv", 3))
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"

    def test_valid(self, gateway: TestClient, state: AppState, tmp_path: Path) -> None:
        headers = login(gateway, create_user(state, role="analyst"))
        response = upload(gateway, headers, ledger_csv(tmp_path / "ledger.csv", 25))
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["status"], body["row_count"], body["error_count"]) == ("ready", 25, 0)
        assert body["name"] == "ledger" and body["upload"]["status"] == "ready"
        assert len(body["upload"]["sha256"]) == 64 and body["duplicate_of"] is None
        assert rollup_total(state, body["id"]) == (ledger_total(25), 25)
        assert sum(r[3] for r in records_of(state, body["id"])) == ledger_total(25)

    def test_background_then_poll(
        self, gateway: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(gateway, create_user(state, role="analyst"))
        response = upload(gateway, headers, ledger_csv(tmp_path / "a.csv", 40), wait="false")
        assert response.status_code == 202, response.text
        dataset_id = response.json()["id"]
        deadline = time.monotonic() + 30
        while True:
            body = gateway.get(f"/api/datasets/{dataset_id}", headers=headers).json()
            if body["status"] == "ready" or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert body["status"] == "ready" and body["row_count"] == 40

    def test_reject_stores_nothing(
        self, gateway: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(gateway, create_user(state))
        response = upload(gateway, headers, ledger_csv(tmp_path / "a.csv", 10, bad_rows=(3, 7)))
        body = response.json()
        assert body["status"] == "failed" and "nothing was stored" in body["status_reason"]
        assert body["error_count"] == 2 and records_of(state, body["id"]) == []
        assert rollup_total(state, body["id"]) == (0, 0)

    def test_skip_stores_good_rows(
        self, gateway: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(gateway, create_user(state))
        path = ledger_csv(tmp_path / "a.csv", 10, bad_rows=(3, 7))
        body = upload(gateway, headers, path, on_error="skip").json()
        assert (body["status"], body["row_count"], body["error_count"]) == ("ready", 8, 2)
        assert rollup_total(state, body["id"]) == (ledger_total(10, (3, 7)), 8)

    def test_repeat_file_flagged(self, client: TestClient, state: AppState, tmp_path: Path) -> None:
        headers = login(client, create_user(state))
        path = ledger_csv(tmp_path / "a.csv", 5)
        first = upload(client, headers, path).json()
        second = upload(client, headers, path).json()
        assert second["duplicate_of"] == first["id"] and second["status"] == "ready"

    def test_original_kept_encrypted(
        self, client: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(client, create_user(state))
        path = ledger_csv(tmp_path / "secret-name.csv", 5)
        body = upload(client, headers, path).json()
        stored = list((state.settings.data_dir / "originals").iterdir())
        assert len(stored) == 1 and "secret" not in stored[0].name
        assert b"Revenue" not in stored[0].read_bytes()
        # Hashed in the same read as the encryption: the digest is the plaintext's.
        assert body["upload"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        back = decrypt_file(stored[0].name, tmp_path / "back.csv", settings=state.settings)
        assert back.read_bytes() == path.read_bytes()

    @pytest.mark.parametrize("lines", [80_000, 120_000])  # counted / refused by Content-Length
    def test_too_large(
        self, client: TestClient, state: AppState, tmp_path: Path, lines: int
    ) -> None:
        state.settings.max_upload_mb = 1
        headers = login(client, create_user(state))
        path = tmp_path / "big.csv"
        path.write_bytes(b"Company,Date,Account,Amount\n" + b"A,2024-01-01,Rev,1\n" * lines)
        response = upload(client, headers, path)
        assert response.status_code == 413
        assert "/api/uploads" in response.json()["error"]["message"]

    def test_rate_limited(self, client: TestClient, state: AppState, tmp_path: Path) -> None:
        headers = login(client, create_user(state))
        path = ledger_csv(tmp_path / "a.csv", 2)
        codes = [upload(client, headers, path).status_code for _ in range(6)]
        assert codes[:5] == [200] * 5 and codes[5] == 429
        last = upload(client, headers, path)
        assert int(last.headers["Retry-After"]) >= 1
        assert last.json()["error"]["code"] == "rate_limited"


BAD_FILES = [
    ("binary.csv", b"\x00\x01\x02PK\x00garbage" * 50, {}, 415, "unsupported_media_type"),
    ("nohead.csv", b"Foo,Bar\n1,2\n", {}, 422, "missing_columns"),
    (
        "a.csv",
        b"Company,Date,Account,Amount\nA,2024-01-01,R,1\n",
        {"mapping": "{not json"},
        422,
        "validation_error",
    ),
    (
        "a.csv",
        b"Company,Date,Account,Amount\nA,2024-01-01,R,1\n",
        {"mapping": '{"Foo": "amount"}'},
        422,
        "invalid_mapping",
    ),
    (
        "a.csv",
        b"Company,Date,Account,Amount\nA,2024-01-01,R,1\n",
        {"mode": "append"},
        422,
        "validation_error",
    ),
    (
        "a.csv",
        b"Company,Date,Account,Amount\nA,2024-01-01,R,1\n",
        {"mode": "merge"},
        422,
        "validation_error",
    ),
    (
        "a.csv",
        b"Company,Date,Account,Amount\nA,2024-01-01,R,1\n",
        {"on_error": "ignore"},
        422,
        "validation_error",
    ),
    (
        "a.csv",
        b"Company,Date,Account,Amount\nA,2024-01-01,R,1\n",
        {"mode": "replace", "dataset_id": "999999"},
        404,
        "not_found",
    ),
]


@pytest.mark.parametrize(("name", "content", "form", "status", "code"), BAD_FILES)
def test_bad_uploads(
    client: TestClient,
    state: AppState,
    tmp_path: Path,
    name: str,
    content: bytes,
    form: dict[str, str],
    status: int,
    code: str,
) -> None:
    headers = login(client, create_user(state))
    path = tmp_path / name
    path.write_bytes(content)
    response = upload(client, headers, path, **form)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


def test_missing_columns_details(client: TestClient, state: AppState, tmp_path: Path) -> None:
    headers = login(client, create_user(state))
    path = tmp_path / "x.csv"
    path.write_text("Wer,Datum,Konto,Betrag\nA,2024-01-01,R,1\n")
    detail = upload(client, headers, path).json()["error"]["details"][0]
    assert detail["found_headers"] == ["Wer", "Datum", "Konto", "Betrag"]
    assert detail["missing"] == ["company"]  # Datum holds dates; the company is a constant
    mapping = '{"Wer": "company_code", "Datum": "date", "Konto": "account", "Betrag": "amount"}'
    body = upload(client, headers, path, mapping=mapping).json()
    assert body["status"] == "ready" and body["row_count"] == 1


class TestInspect:
    def test_anonymous(self, client: TestClient, tmp_path: Path) -> None:
        path = ledger_csv(tmp_path / "a.csv", 2)
        with path.open("rb") as handle:
            response = client.post("/api/datasets/inspect", files={"file": ("a.csv", handle)})
        assert response.status_code == 401

    def test_forbidden_role(self, client: TestClient, state: AppState, tmp_path: Path) -> None:
        headers = login(client, create_user(state, role="viewer"))
        with ledger_csv(tmp_path / "a.csv", 2).open("rb") as handle:
            response = client.post(
                "/api/datasets/inspect", headers=headers, files={"file": ("a.csv", handle)}
            )
        assert response.status_code == 403

    def test_valid(self, gateway: TestClient, state: AppState, tmp_path: Path) -> None:
        headers = login(gateway, create_user(state))
        path = tmp_path / "x.csv"
        path.write_text("My report\n\nWer,Date,Account,Amount\nA,2024-01-01,R,1\n")
        with path.open("rb") as handle:
            response = gateway.post(
                "/api/datasets/inspect", headers=headers, files={"file": ("x.csv", handle)}
            )
        assert response.status_code == 200, response.text
        table = response.json()["tables"][0]
        assert table["header_row"] == 3 and table["headers"][0] == "Wer"
        assert table["missing"] == ["company"] and table["mapping"]["Amount"] == "amount"


def test_a_store_leaves_planner_statistics_on_sqlite(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    """SQLite takes the covering rollup indexes only with statistics: a store refreshes them
    (MariaDB keeps its own, and the call says it did nothing)."""
    from sqlalchemy import text

    headers = login(client, create_user(state, role="analyst"))
    assert upload(client, headers, ledger_csv(tmp_path / "ledger.csv", 25)).status_code == 200
    if not state.db.is_sqlite:
        assert state.db.refresh_statistics() is False
        return
    with state.db.engine.connect() as connection:
        tables = set(connection.execute(text("SELECT tbl FROM sqlite_stat1")).scalars())
    assert {"dataset_records", "rollup_company_kind", "rollup_monthly"} <= tables
