"""No 500 from input: each case the review found answers a 4xx in the one error shape,
and legitimate values that look like markup (`Sales <EU>`) pass untouched and unflagged."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.security import events
from tests.datasets.conftest import upload
from tests.factories import create_user, login


def _error(response, status: int = 422) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details", "correlation_id"}
    return error


@pytest.mark.parametrize("depth", [100, 5_000, 200_000])
def test_deeply_nested_json_is_a_422(client: TestClient, depth: int) -> None:
    body = b'{"email": ' + b"[" * depth + b"]" * depth + b', "password": "x"}'
    response = client.post(
        "/api/auth/login", content=body, headers={"Content-Type": "application/json"}
    )
    assert _error(response)["code"] == "json_too_deep"


@pytest.mark.parametrize(
    ("url", "field"),
    [("/api/auth/login", "email"), ("/api/profile", "full_name"), ("/api/users", "full_name")],
)
def test_lone_surrogate_is_a_422(client: TestClient, state: AppState, url: str, field: str):
    headers = login(client, create_user(state, role="admin"))
    body = {"email": "x\ud800@example.com", "password": "correct-Horse-battery-9"}
    body[field] = "Ann \udc00 Lee" if field == "full_name" else body[field]
    raw = io.StringIO()
    import json

    json.dump(body, raw)  # ensure_ascii: the surrogate travels as \\ud800, valid JSON
    method = client.patch if url == "/api/profile" else client.post
    response = method(
        url,
        content=raw.getvalue().encode(),
        headers={**headers, "Content-Type": "application/json"},
    )
    assert _error(response)["code"] == "invalid_text"


def test_control_characters_in_a_name_are_a_422(client: TestClient, state: AppState) -> None:
    headers = login(client, create_user(state))
    response = client.patch("/api/profile", headers=headers, json={"full_name": "Ann\u202eLee"})
    assert _error(response)["code"] == "validation_error"


@pytest.mark.parametrize(
    "query",
    [
        "/api/dashboard/timeseries?to=0001-01-15",
        "/api/dashboard/summary?from=0001-01-01",
        "/api/dashboard/breakdown?from=9999-12-31",
        "/api/dashboard/summary?from=1899-12-31",
        "/api/records?to=2201-01-01",
    ],
)
def test_dates_outside_1900_2200_are_a_422(client: TestClient, state: AppState, query: str):
    headers = login(client, create_user(state, role="admin"))
    assert _error(client.get(query, headers=headers))["code"] == "validation_error"


def test_dates_at_the_bounds_are_fine(client: TestClient, state: AppState) -> None:
    headers = login(client, create_user(state, role="admin"))
    response = client.get("/api/dashboard/summary?from=1900-01-01&to=2200-12-31", headers=headers)
    assert response.status_code == 200, response.text


def test_sales_eu_round_trips_without_a_security_event(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    """Upload, classification, filters and exports keep `Sales <EU>` exactly, unflagged."""
    headers = login(client, create_user(state, role="admin"))
    path = tmp_path / "eu.csv"
    path.write_text("Company,Date,Account,Amount\nACME,2024-01-31,Sales <EU>,100.50\n")
    before = dict(events.snapshot())
    body = upload(client, headers, path).json()
    assert body["status"] == "ready", body
    put = client.put(
        "/api/finance/accounts",
        headers=headers,
        json={"account": "Sales <EU>", "kind": "revenue"},
    )
    assert put.status_code == 200, put.text
    accounts = client.get("/api/finance/accounts", headers=headers)
    assert "Sales <EU>" in accounts.text
    filters = client.get("/api/dashboard/filters", headers=headers).json()
    assert "Sales <EU>" in str(filters)
    summary = client.get(
        "/api/dashboard/summary", params={"account": "Sales <EU>"}, headers=headers
    )
    assert summary.status_code == 200, summary.text
    export = client.get(
        "/api/records/export", params={"account": "Sales <EU>", "format": "csv"}, headers=headers
    )
    assert export.status_code == 200, export.text
    rows = list(csv.reader(io.StringIO(export.text)))
    assert any("Sales <EU>" in row for row in rows)
    after = events.snapshot()
    assert after.get("xss_attempt", 0) == before.get("xss_attempt", 0)
