"""A saved view keeps its dimension filters (`dims`, as the dashboard's repeatable `dim`):
stored and answered as saved, and anything the dashboard's `dim` would refuse is a 422 in the
one error shape. SQLite and MariaDB."""

from __future__ import annotations

from fastapi.testclient import TestClient

from elara.core.state import AppState
from tests.factories import create_user, login

FILTERS = {"from": "2025-01-01", "to": "2025-12-31", "dims": {"Region": ["West"]}}


def test_a_view_keeps_its_dimension_filters(client: TestClient, state: AppState) -> None:
    owner = create_user(state, role="analyst")
    headers = login(client, owner)
    made = client.post("/api/views", json={"name": "West", "filters": FILTERS}, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json()["filters"] == FILTERS
    view_id = made.json()["id"]
    assert client.get(f"/api/views/{view_id}", headers=headers).json()["filters"] == FILTERS
    [listed] = client.get("/api/views", headers=headers).json()
    assert listed["filters"]["dims"] == {"Region": ["West"]}

    # Values are kept once and sorted, names sorted (one name however spaced); a name with no
    # value is no filter.
    two = {
        "dims": {"Segment": [" Retail", "Retail"], "Region": ["West"], " Region": ["East"], "E": []}
    }
    changed = client.patch(f"/api/views/{view_id}", json={"filters": two}, headers=headers)
    assert changed.status_code == 200, changed.text
    assert changed.json()["filters"] == {
        "dims": {"Region": ["East", "West"], "Segment": ["Retail"]}
    }
    cleared = client.patch(f"/api/views/{view_id}", json={"filters": {}}, headers=headers)
    assert cleared.status_code == 200 and "dims" not in cleared.json()["filters"]


def test_bad_dimension_filters_are_a_422(client: TestClient, state: AppState) -> None:
    headers = login(client, create_user(state))
    for dims in (
        {"Region": "West"},  # values are a list
        ["Region=West"],  # a mapping of names to values
        {"Region": [7]},  # values are text
        {"": ["West"]},  # a name
        {"Re=gion": ["West"]},  # "=" ends the name in the dashboard's `dim`
        {"R" * 129: ["West"]},  # the dashboard's `dim` limits: 128 characters each
        {"Region": ["W" * 129]},
        {"Region": [f"v{i}" for i in range(201)]},  # at most 200 values, as `dim`
        {f"D{i}": ["x"] for i in range(201)},
    ):
        answer = client.post(
            "/api/views", json={"name": "Bad", "filters": {"dims": dims}}, headers=headers
        )
        assert answer.status_code == 422, (dims, answer.text)
        error = answer.json()["error"]
        assert set(error) >= {"code", "message", "details", "correlation_id"}, dims
    assert client.get("/api/views", headers=headers).json() == []
