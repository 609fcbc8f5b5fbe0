"""Sessions and sign-in: absolute and idle lifetimes, throttling without lock-out, forced
change of admin-set passwords, a large breached-password list, reset requests that cost the
same for known and unknown emails."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from structlog.testing import capture_logs

from elara.auth.password_policy import breached_list_size, password_problems
from elara.core.state import AppState
from elara.models import RefreshSession, User, utcnow
from tests.factories import DEFAULT_PASSWORD, create_user, get_user, login

CSRF = {"X-Elara-CSRF": "1"}


def _sign_in(client: TestClient, email: str, password: str):
    return client.post("/api/auth/login", json={"email": email, "password": password})


def _max_age(response) -> int:
    cookie = next(c for c in response.headers.get_list("set-cookie") if "elara_refresh=" in c)
    return int(re.search(r"Max-Age=(\d+)", cookie).group(1))  # type: ignore[union-attr]


def _signed_in_ago(state: AppState, hours: float) -> None:
    """Pretend the device signed in ``hours`` ago (its first session; the clock is the edge)."""
    with state.db.transaction() as session:
        first = session.query(RefreshSession).order_by(RefreshSession.id).first()
        assert first is not None
        first.created_at = utcnow() - timedelta(hours=hours)


class TestLifetimes:
    def test_refresh_cookie_lasts_the_idle_limit(self, make_client, state: AppState) -> None:
        client = make_client(session_idle_hours=2)
        user = create_user(state)
        assert _max_age(_sign_in(client, user.email, user.password)) == 2 * 3600

    def test_refresh_never_extends_past_the_absolute_limit(
        self, client: TestClient, state: AppState
    ) -> None:
        user = create_user(state)
        assert _sign_in(client, user.email, user.password).status_code == 200
        _signed_in_ago(state, 7 * 24 - 1)  # six days and 23 hours ago, refreshed since
        refreshed = client.post("/api/auth/refresh", headers=CSRF)
        assert refreshed.status_code == 200, refreshed.text
        assert 3500 <= _max_age(refreshed) <= 3600  # one hour left, not another 24

    def test_a_week_old_sign_in_cannot_refresh(self, client: TestClient, state: AppState):
        user = create_user(state)
        _sign_in(client, user.email, user.password)
        assert client.post("/api/auth/refresh", headers=CSRF).status_code == 200
        _signed_in_ago(state, 7 * 24 + 1)
        assert client.post("/api/auth/refresh", headers=CSRF).status_code == 401


class TestThrottling:
    def test_a_stranger_cannot_lock_the_owner_out(self, make_client, state: AppState) -> None:
        user = create_user(state)
        owner = make_client(client_addr=("10.0.0.1", 1))
        assert _sign_in(owner, user.email, user.password).status_code == 200  # known device
        stranger = make_client(client_addr=("10.0.0.2", 1))
        for _ in range(6):
            assert _sign_in(stranger, user.email, "not-the-password-1").status_code == 401
        assert get_user(state, user.id).locked_until > utcnow()
        assert _sign_in(stranger, user.email, user.password).status_code == 401  # waits
        assert _sign_in(owner, user.email, user.password).status_code == 200
        assert get_user(state, user.id).failed_login_count == 0

    def test_the_wait_doubles(self, client: TestClient, state: AppState) -> None:
        user = create_user(state)
        waits = []
        for _ in range(3):
            for _ in range(5 if not waits else 1):
                _sign_in(client, user.email, "not-the-password-1")
            stored = get_user(state, user.id)
            waits.append(round((stored.locked_until - utcnow()).total_seconds()))
            with state.db.transaction() as session:  # the wait has passed
                session.execute(update(User).values(locked_until=utcnow()))
        assert all(abs(w - e) <= 2 for w, e in zip(waits, (30, 60, 120), strict=True)), waits


class TestForcedPasswordChange:
    @pytest.mark.parametrize("how", ["created", "reset"])
    def test_admin_set_password_must_be_changed(
        self, client: TestClient, state: AppState, how: str
    ) -> None:
        admin = login(client, create_user(state, role="admin"))
        chosen = "Temporary-pass-4-new"
        if how == "created":
            made = client.post(
                "/api/users",
                headers=admin,
                json={"email": "casey@example.com", "password": chosen, "role": "analyst"},
            )
            assert made.status_code in (200, 201), made.text
            user_id, email = made.json()["user"]["id"], "casey@example.com"
        else:
            target = create_user(state)
            reset = client.post(
                f"/api/users/{target.id}/reset-password", headers=admin, json={"password": chosen}
            )
            assert reset.status_code == 200, reset.text
            user_id, email = target.id, target.email
        signed = _sign_in(client, email, chosen)
        assert signed.json()["user"]["must_change_password"] is True
        headers = {"Authorization": f"Bearer {signed.json()['access_token']}"}
        refused = client.get("/api/datasets", headers=headers)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "password_change_required"
        assert client.get("/api/profile", headers=headers).status_code == 200
        changed = client.post(
            "/api/profile/password",
            headers=headers,
            json={"current_password": chosen, "new_password": "My-own-choice-77"},
        )
        assert changed.status_code == 200, changed.text
        again = _sign_in(client, email, "My-own-choice-77").json()
        assert again["user"]["must_change_password"] is False
        headers = {"Authorization": f"Bearer {again['access_token']}"}
        assert client.get("/api/datasets", headers=headers).status_code == 200
        assert get_user(state, user_id).must_change_password is False


class TestBreachedPasswords:
    def test_the_list_is_large(self) -> None:
        assert breached_list_size() >= 10_000

    @pytest.mark.parametrize(
        "password", ["liverpool123", "sunshine2024!", "Superman1234", "iloveyou1234"]
    )
    def test_breached_passwords_are_refused(self, password: str) -> None:
        assert any("common" in p for p in password_problems(password))

    def test_refused_on_every_password_set(self, client: TestClient, state: AppState) -> None:
        user = create_user(state)
        headers = login(client, user)
        response = client.post(
            "/api/profile/password",
            headers=headers,
            json={"current_password": DEFAULT_PASSWORD, "new_password": "liverpool123"},
        )
        assert response.status_code == 422


def test_reset_request_does_the_same_work_for_known_and_unknown(
    client: TestClient, state: AppState
) -> None:
    """The request path must not depend on the account: same queries, same answer."""
    known = create_user(state)
    counts = {}
    for email in (known.email, "nobody-here@example.com"):
        with capture_logs() as logs:
            response = client.post("/api/auth/password-reset/request", json={"email": email})
        assert response.status_code == 202
        (access,) = [e for e in logs if e.get("route") == "/api/auth/password-reset/request"]
        counts[email] = (access["db_queries"], response.text)
    assert counts[known.email] == counts["nobody-here@example.com"]
