"""Company scope on writes: a user restricted to some companies writes only those.

Found by the review: an ACME-only analyst uploaded GLOBEX revenue of 1,000,000,000
and the admin's GLOBEX figures moved; `acme` counted as another company; a code
with a zero-width space looked like ACME.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from elara.core.state import AppState
from elara.finance.companies import code_problem, match_key, normal_form
from elara.models import User
from tests.amounts import units
from tests.datasets.conftest import records_of, upload
from tests.factories import create_user, login

HEADER = "Company,Date,Account,Amount\n"


def ledger(path: Path, *rows: tuple[str, str]) -> Path:
    """A CSV with one row per (company, amount)."""
    lines = [f"{company},2024-01-31,Revenue,{amount}\n" for company, amount in rows]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def errors_of(client: TestClient, headers: dict[str, str], dataset_id: int) -> list[Any]:
    body = client.get(f"/api/datasets/{dataset_id}/errors", headers=headers).json()
    return list(body.get("items", body))


def restrict(state: AppState, user_id: int, companies: list[str]) -> None:
    with state.db.transaction() as session:
        session.execute(update(User).where(User.id == user_id).values(allowed_companies=companies))


@pytest.mark.parametrize(
    ("code", "normal", "key"),
    [
        (" ACME ", "ACME", "acme"),
        ("\uff21\uff23\uff2d\uff25", "ACME", "acme"),
        ("acme", "acme", "acme"),
    ],
)
def test_normal_form(code: str, normal: str, key: str) -> None:
    assert (normal_form(code), match_key(code), code_problem(code)) == (normal, key, None)


@pytest.mark.parametrize("code", ["AC\u200bME", "AC\u202eME", "AC\x00ME", "AC\u2028ME", "AC\tME"])
def test_invisible_characters_are_refused(code: str) -> None:
    assert code_problem(code) is not None


class TestUploadScope:
    def test_other_company_rows_are_row_errors(
        self, gateway: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        analyst = create_user(state, allowed_companies=["ACME"])
        headers = login(gateway, analyst)
        path = ledger(tmp_path / "a.csv", ("ACME", "10"), ("GLOBEX", "1000000000"), ("acme", "5"))
        response = upload(gateway, headers, path, on_error="skip")
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["row_count"], body["error_count"]) == (2, 1)
        stored = records_of(state, body["id"])
        assert [r[0] for r in stored] == ["ACME", "ACME"]  # `acme` is ACME, first spelling kept
        assert sum(r[3] for r in stored) > 0
        (error,) = errors_of(gateway, headers, body["id"])
        assert error["row"] == 3 and error["column"] == "Company"
        assert error["message"] == "company GLOBEX is outside your access"

    def test_reject_stores_nothing(
        self, gateway: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(gateway, create_user(state, allowed_companies=["ACME"]))
        path = ledger(tmp_path / "a.csv", ("ACME", "10"), ("GLOBEX", "1000000000"))
        body = upload(gateway, headers, path).json()
        assert body["status"] == "failed" and records_of(state, body["id"]) == []

    def test_append_is_gated_too(
        self, gateway: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(gateway, create_user(state, allowed_companies=["acme"]))
        first = upload(gateway, headers, ledger(tmp_path / "a.csv", ("ACME", "1"))).json()
        more = ledger(tmp_path / "b.csv", ("GLOBEX", "7"), ("Acme", "2"))
        body = upload(
            gateway, headers, more, mode="append", dataset_id=first["id"], on_error="skip"
        ).json()
        assert [r[0] for r in records_of(state, first["id"])] == ["ACME", "ACME"]
        assert body["error_count"] == 1

    def test_chunked_upload_is_gated(self, client: TestClient, state: AppState, tmp_path: Path):
        headers = login(client, create_user(state, allowed_companies=["ACME"]))
        path = ledger(tmp_path / "c.csv", ("GLOBEX", "9"), ("ACME", "1"))
        size = path.stat().st_size
        opened = client.post(
            "/api/uploads",
            headers=headers,
            json={"filename": "c.csv", "total_size": size, "chunk_size": 1024, "on_error": "skip"},
        )
        assert opened.status_code == 201, opened.text
        put = client.put(
            f"/api/uploads/{opened.json()['id']}/chunks/0",
            headers=headers,
            content=path.read_bytes(),
        )
        assert put.status_code == 200, put.text
        done = client.post(
            f"/api/uploads/{opened.json()['id']}/complete", headers=headers, json={"wait": True}
        )
        assert done.status_code == 200, done.text
        assert [r[0] for r in records_of(state, done.json()["id"])] == ["ACME"]

    def test_invisible_characters_are_row_errors_for_everyone(
        self, gateway: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(gateway, create_user(state, role="admin"))
        path = ledger(tmp_path / "a.csv", ("ACME", "1"), ("AC\u200bME", "2"))
        body = upload(gateway, headers, path, on_error="skip").json()
        assert [r[0] for r in records_of(state, body["id"])] == ["ACME"]
        (error,) = errors_of(gateway, headers, body["id"])
        assert "ZERO WIDTH SPACE" in error["message"]

    def test_codes_match_the_first_stored_spelling(
        self, gateway: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(gateway, create_user(state, role="admin"))
        upload(gateway, headers, ledger(tmp_path / "a.csv", ("Globex", "1")))
        body = upload(gateway, headers, ledger(tmp_path / "b.csv", (" GLOBEX ", "2"))).json()
        assert [r[0] for r in records_of(state, body["id"])] == ["Globex"]


CONSOLIDATION = (
    "Account,ACME,GLOBEX,Eliminations,Consolidated\n"
    "Revenue,10.00,,,10.00\n"
    "Receivable,5.00,1000000000.00,-5.00,1000000000.00\n"
)
ENTITY_SETTINGS = {
    "columns": [
        {"header": "Account", "role": "account"},
        {"header": "ACME", "role": "entity"},
        {"header": "GLOBEX", "role": "entity"},
        {"header": "Eliminations", "role": "entity"},
        {"header": "Consolidated", "role": "ignore"},
    ],
    "constants": {"date": "2024-12-31", "currency": "USD"},
}


class TestEntityColumnsScope:
    """One column per company: each record's company (its column's header) is gated too."""

    def test_other_company_columns_are_row_errors(
        self, gateway: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(gateway, create_user(state, allowed_companies=["ACME"]))
        path = tmp_path / "consolidation.csv"
        path.write_text(CONSOLIDATION, encoding="utf-8")
        settings = json.dumps(ENTITY_SETTINGS)
        body = upload(gateway, headers, path, settings=settings, on_error="skip").json()
        assert body["status"] == "ready", body
        stored = records_of(state, body["id"])
        assert [(r[0], r[2], r[3]) for r in stored] == [("ACME", "Revenue", units("10.00"))]
        (error,) = errors_of(gateway, headers, body["id"])
        assert (error["row"], error["column"]) == (3, "GLOBEX")
        assert error["message"] == "company GLOBEX is outside your access"

    def test_reject_stores_nothing(
        self, gateway: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(gateway, create_user(state, allowed_companies=["ACME", "GLOBEX"]))
        path = tmp_path / "consolidation.csv"
        path.write_text(CONSOLIDATION, encoding="utf-8")
        body = upload(gateway, headers, path, settings=json.dumps(ENTITY_SETTINGS)).json()
        assert body["status"] == "failed" and records_of(state, body["id"]) == []  # Eliminations

    def test_a_company_constant_beside_entity_columns_is_refused(
        self, gateway: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(gateway, create_user(state, role="admin"))
        path = tmp_path / "consolidation.csv"
        path.write_text(CONSOLIDATION, encoding="utf-8")
        settings = {**ENTITY_SETTINGS, "constants": {"date": "2024-12-31", "company": "ACME"}}
        response = upload(gateway, headers, path, settings=json.dumps(settings))
        assert response.status_code == 422, response.text
        assert "named twice" in response.text


class TestRemovingOtherCompanies:
    """Replace, delete and roll back are refused when other companies' rows would go."""

    @pytest.fixture
    def mixed(self, client: TestClient, state: AppState, tmp_path: Path) -> tuple[Any, int]:
        analyst = create_user(state)
        headers = login(client, analyst)
        path = ledger(tmp_path / "a.csv", ("ACME", "1"), ("GLOBEX", "2"))
        dataset = upload(client, headers, path).json()
        restrict(state, analyst.id, ["ACME"])  # later restricted by an admin
        return headers, dataset["id"]

    def test_replace_is_refused(self, client: TestClient, mixed: Any, tmp_path: Path) -> None:
        headers, dataset_id = mixed
        path = ledger(tmp_path / "r.csv", ("ACME", "3"))
        response = upload(client, headers, path, mode="replace", dataset_id=dataset_id)
        assert response.status_code == 403, response.text
        assert "GLOBEX" not in response.text

    def test_delete_is_refused(self, client: TestClient, mixed: Any) -> None:
        headers, dataset_id = mixed
        response = client.delete(f"/api/datasets/{dataset_id}", headers=headers)
        assert response.status_code == 403, response.text

    def test_rollback_is_refused(self, client: TestClient, mixed: Any) -> None:
        headers, dataset_id = mixed
        uploads = client.get(f"/api/datasets/{dataset_id}/uploads", headers=headers).json()
        upload_id = uploads[0]["id"] if isinstance(uploads, list) else uploads["items"][0]["id"]
        response = client.delete(f"/api/datasets/{dataset_id}/uploads/{upload_id}", headers=headers)
        assert response.status_code == 403, response.text

    def test_own_companies_only_may_be_replaced(
        self, client: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(client, create_user(state, allowed_companies=["ACME"]))
        dataset = upload(client, headers, ledger(tmp_path / "a.csv", ("ACME", "1"))).json()
        path = ledger(tmp_path / "r.csv", ("acme", "3"))
        response = upload(client, headers, path, mode="replace", dataset_id=dataset["id"])
        assert response.status_code == 200, response.text
        assert client.delete(f"/api/datasets/{dataset['id']}", headers=headers).status_code == 204
