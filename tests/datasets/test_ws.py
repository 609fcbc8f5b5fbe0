"""/ws: authentication by first message, then upload progress and data-change events."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from elara.core.state import AppState
from tests.factories import create_user, login

from .conftest import ledger_csv, upload


class TestWebSocket:
    def test_anonymous(self, client: TestClient) -> None:
        with client.websocket_connect("/ws") as socket:
            socket.send_json({"type": "auth", "token": "not-a-token"})
            assert socket.receive_json()["type"] == "error"
            with pytest.raises(WebSocketDisconnect) as closed:
                socket.receive_json()
        assert closed.value.code == 4401

    def test_valid(self, gateway: TestClient, state: AppState, tmp_path: Path) -> None:
        """Progress reaches the socket in one process, and from separate workers via Redis."""
        headers = login(gateway, create_user(state))
        token = headers["Authorization"].split()[1]
        with gateway.websocket_connect("/ws") as socket:
            socket.send_json({"type": "auth", "token": token})
            assert socket.receive_json()["type"] == "auth.ok"
            body = upload(gateway, headers, ledger_csv(tmp_path / "a.csv", 12)).json()
            events = []
            while not events or events[-1]["type"] != "data.changed":
                events.append(socket.receive_json())
        progress = [e for e in events if e["type"] == "upload.progress"]
        assert {e["dataset_id"] for e in events} == {body["id"]}
        assert progress[-1]["status"] == "ready" and progress[-1]["rows_stored"] == 12
        assert progress[-1]["bytes_received"] == (tmp_path / "a.csv").stat().st_size
        assert max(e["rows_parsed"] for e in progress) >= 12
