"""/api/views on SQLite and MariaDB: saving, sharing, renaming, deleting, the default view, and
that a shared view never widens what a restricted viewer sees."""

from __future__ import annotations

from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.demo import load_demo_data
from tests.factories import create_user, login

FILTERS = {"companies": ["ACME", "GLOBEX"], "from": "2024-01-01", "to": "2024-12-31"}


def test_save_list_rename_share_and_delete(client: TestClient, state: AppState) -> None:
    owner = create_user(state, role="analyst")
    other = create_user(state, role="viewer")
    mine = login(client, owner)
    theirs = login(client, other)
    made = client.post("/api/views", json={"name": "FY24 core", "filters": FILTERS}, headers=mine)
    assert made.status_code == 201, made.text
    view = made.json()
    assert view["filters"] == FILTERS and view["mine"] and not view["shared"]
    assert client.get("/api/views", headers=theirs).json() == []
    assert client.get(f"/api/views/{view['id']}", headers=theirs).status_code == 404
    taken = client.post("/api/views", json={"name": "FY24 core", "filters": {}}, headers=mine)
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "view_name_taken"

    shared = client.patch(
        f"/api/views/{view['id']}", json={"shared": True, "name": "FY24 top two"}, headers=mine
    )
    assert shared.status_code == 200 and shared.json()["name"] == "FY24 top two"
    listed = client.get("/api/views", headers=theirs).json()
    assert [(v["name"], v["mine"], v["owner"]) for v in listed] == [
        ("FY24 top two", False, owner.email)
    ]
    refused = client.patch(f"/api/views/{view['id']}", json={"name": "x"}, headers=theirs)
    assert refused.status_code == 403
    assert client.delete(f"/api/views/{view['id']}", headers=theirs).status_code == 403
    assert client.delete(f"/api/views/{view['id']}", headers=mine).status_code == 204
    assert client.get("/api/views", headers=theirs).json() == []
    actions = [
        e["action"]
        for e in client.get(
            "/api/audit", headers=login(client, create_user(state, role="admin"))
        ).json()["items"]
    ]
    assert {"view.create", "view.update", "view.delete"} <= set(actions)


def test_bad_filters_are_a_422_in_the_one_error_shape(client: TestClient, state: AppState) -> None:
    headers = login(client, create_user(state))
    for body in (
        {"name": "", "filters": {}},
        {"name": "Reversed", "filters": {"from": "2025-02-01", "to": "2025-01-01"}},
        {"name": "Odd", "filters": {"granularity": "hourly"}},
        {"name": "Extra", "filters": {}, "owner_id": 1},
    ):
        answer = client.post("/api/views", json=body, headers=headers)
        assert answer.status_code == 422, body
        assert set(answer.json()["error"]) >= {"code", "message", "details", "correlation_id"}
    assert client.patch("/api/views/99999", json={}, headers=headers).status_code == 404


def test_default_view_per_user(client: TestClient, state: AppState) -> None:
    owner = create_user(state, role="analyst")
    other = create_user(state, role="viewer")
    mine, theirs = login(client, owner), login(client, other)
    view = client.post(
        "/api/views", json={"name": "Shared", "filters": FILTERS, "shared": True}, headers=mine
    ).json()
    assert (
        client.put("/api/views/default", json={"view_id": view["id"]}, headers=theirs).status_code
        == 204
    )
    assert [v["is_default"] for v in client.get("/api/views", headers=theirs).json()] == [True]
    assert [v["is_default"] for v in client.get("/api/views", headers=mine).json()] == [False]
    assert (
        client.put("/api/views/default", json={"view_id": None}, headers=theirs).status_code == 204
    )
    assert [v["is_default"] for v in client.get("/api/views", headers=theirs).json()] == [False]
    private = client.post(
        "/api/views", json={"name": "Private", "filters": {}}, headers=mine
    ).json()
    refused = client.put("/api/views/default", json={"view_id": private["id"]}, headers=theirs)
    assert refused.status_code == 404


def test_a_shared_view_shows_each_viewer_only_their_companies(
    client: TestClient, state: AppState
) -> None:
    load_demo_data(state)
    analyst = create_user(state, role="analyst")
    restricted = create_user(state, role="viewer", allowed_companies=["ACME"])
    client.post(
        "/api/views",
        json={"name": "Two", "filters": FILTERS, "shared": True},
        headers=login(client, analyst),
    )
    headers = login(client, restricted)
    view = client.get("/api/views", headers=headers).json()[0]
    assert view["filters"]["companies"] == ["ACME"] and view["narrowed"] is True
    query = {"from": view["filters"]["from"], "to": view["filters"]["to"]}
    seen = client.get(
        "/api/dashboard/breakdown",
        params={**query, "company": view["filters"]["companies"], "by": "company"},
        headers=headers,
    )
    assert seen.status_code == 200, seen.text
    body = seen.json()
    block = body if "items" in body else body["by_currency"][0]
    assert {item["key"] for item in block["items"]} == {"ACME"}
    # The view as saved names GLOBEX too; the dashboard refuses it to this viewer.
    wider = client.get(
        "/api/dashboard/breakdown",
        params={**query, "company": FILTERS["companies"], "by": "company"},
        headers=headers,
    )
    assert wider.status_code == 403
    owner_view = client.get("/api/views", headers=login(client, analyst)).json()[0]
    assert owner_view["filters"]["companies"] == ["ACME", "GLOBEX"] and not owner_view["narrowed"]
