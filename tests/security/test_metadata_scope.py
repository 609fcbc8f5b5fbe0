"""Metadata by scope: a user restricted to ACME learns nothing about GLOBEX's datasets, and
closing a session closes its WebSockets.

Found by the review: restricted users saw other companies' dataset names, row and error
counts, file names and parse reports; /ws pushed every upload to every signed-in user
and kept streaming after logout.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from elara.core.state import AppState
from tests.factories import MadeUser, create_user
from tests.live import LiveServer


@dataclass
class World:
    http: httpx.Client
    admin: dict[str, str]
    analyst: dict[str, str]
    analyst_user: MadeUser
    mixed: int  # ACME 2 rows + GLOBEX 3 rows, uploaded by the admin
    globex: int  # GLOBEX only, uploaded by the admin


def _login(http: httpx.Client, user: MadeUser) -> dict[str, str]:
    response = http.post("/api/auth/login", json={"email": user.email, "password": user.password})
    assert response.status_code == 200, response.text
    refresh = response.cookies.get("elara_refresh") or ""
    return {"Authorization": f"Bearer {response.json()['access_token']}", "X-Refresh": refresh}


def _upload(http: httpx.Client, headers: dict[str, str], path: Path, rows: list[str]) -> Any:
    path.write_text("Company,Date,Account,Amount\n" + "".join(f"{r}\n" for r in rows))
    with path.open("rb") as handle:
        response = http.post(
            "/api/datasets",
            headers=headers,
            data={"wait": "true"},
            files={"file": (path.name, handle, "text/csv")},
        )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def world(live_server: LiveServer, state: AppState, tmp_path: Path) -> Iterator[World]:
    analyst = create_user(state, allowed_companies=["ACME"])
    with httpx.Client(base_url=live_server.url, timeout=60) as http:
        admin = _login(http, create_user(state, role="admin"))
        rows = ["ACME,2024-01-31,Revenue,1", "ACME,2024-02-29,Revenue,2"]
        rows += [f"GLOBEX,2024-01-31,Revenue,{n}" for n in (100, 200, 300)]
        mixed = _upload(http, admin, tmp_path / "mixed-secret.csv", rows)["id"]
        globex = _upload(http, admin, tmp_path / "globex.csv", rows[2:])["id"]
        yield World(http, admin, _login(http, analyst), analyst, mixed, globex)


def _socket(server: LiveServer, headers: dict[str, str]) -> ClientConnection:
    socket = connect(server.url.replace("http", "ws") + "/ws", open_timeout=10)
    socket.send(json.dumps({"type": "auth", "token": headers["Authorization"].split()[1]}))
    assert json.loads(socket.recv(timeout=10))["type"] == "auth.ok"
    return socket


def test_dataset_list_shows_only_what_the_user_may_see(world: World) -> None:
    page = world.http.get("/api/datasets", headers=world.analyst).json()
    assert [d["id"] for d in page["items"]] == [world.mixed] and page["total"] == 1
    (mixed,) = page["items"]
    assert (mixed["row_count"], mixed["error_count"], mixed["original_filename"]) == (2, 0, None)
    admin_view = world.http.get(f"/api/datasets/{world.mixed}", headers=world.admin).json()
    assert admin_view["row_count"] == 5 and admin_view["original_filename"]


def test_other_datasets_and_their_uploads_are_hidden(world: World) -> None:
    http, analyst = world.http, world.analyst
    assert http.get(f"/api/datasets/{world.globex}", headers=analyst).status_code == 404
    assert http.get(f"/api/datasets/{world.globex}/uploads", headers=analyst).status_code == 404
    uploads = http.get(f"/api/datasets/{world.mixed}/uploads", headers=analyst)
    assert uploads.status_code == 403 and "mixed-secret" not in uploads.text
    one = http.get(f"/api/datasets/{world.mixed}", headers=analyst).json()
    assert one["row_count"] == 2 and one["original_filename"] is None


def test_filter_row_counts_are_the_users_own(world: World) -> None:
    options = world.http.get("/api/dashboard/filters", headers=world.analyst).json()
    assert [(d["id"], d["row_count"]) for d in options["datasets"]] == [(world.mixed, 2)]


def test_ws_sends_only_events_of_visible_datasets(
    world: World, live_server: LiveServer, tmp_path: Path
) -> None:
    socket = _socket(live_server, world.analyst)
    with socket:
        hidden = _upload(world.http, world.admin, tmp_path / "g2.csv", ["GLOBEX,2024-03-31,X,9"])
        own = _upload(world.http, world.analyst, tmp_path / "a2.csv", ["ACME,2024-03-31,X,1"])
        events: list[dict[str, Any]] = []

        def done() -> bool:  # a data.changed event also carries the committed data version
            last = events[-1] if events else {}
            return last.get("type") == "data.changed" and last.get("dataset_id") == own["id"]

        while not done():
            events.append(json.loads(socket.recv(timeout=20)))
    assert hidden["id"] not in {e.get("dataset_id") for e in events}
    assert any(e.get("rows_stored") == 1 for e in events if e["dataset_id"] == own["id"])


@pytest.mark.parametrize("ending", ["password_change", "deactivation", "logout"])
def test_closing_the_session_closes_its_websockets(
    world: World, live_server: LiveServer, ending: str
) -> None:
    http, user = world.http, world.analyst_user
    # A password change keeps the device it was made on signed in; the others end.
    device = _login(http, user) if ending == "password_change" else world.analyst
    with _socket(live_server, device) as socket:
        if ending == "password_change":
            response = http.post(
                "/api/profile/password",
                headers=world.analyst,
                json={"current_password": user.password, "new_password": "An0ther-long-pass!"},
            )
        elif ending == "deactivation":
            response = http.patch(
                f"/api/users/{user.id}", headers=world.admin, json={"is_active": False}
            )
        else:
            cookie = f"elara_refresh={world.analyst['X-Refresh']}"
            response = http.post(
                "/api/auth/logout", headers={"X-Elara-CSRF": "1", "Cookie": cookie}
            )
        assert response.status_code in (200, 204), response.text
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                socket.recv(timeout=15)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
