"""Over real HTTP a client's next request comes at once: it must see what the last one wrote."""

from __future__ import annotations

import httpx

from elara.core.state import AppState
from tests.factories import create_user
from tests.live import LiveServer


def test_login_then_immediately_use_the_token(live_server: LiveServer, state: AppState) -> None:
    user = create_user(state, role="admin")
    with httpx.Client(base_url=live_server.url) as http:
        for _ in range(15):
            login = http.post(
                "/api/auth/login", json={"email": user.email, "password": user.password}
            )
            assert login.status_code == 200
            token = login.json()["access_token"]
            profile = http.get("/api/profile", headers={"Authorization": f"Bearer {token}"})
            assert profile.status_code == 200, profile.text
