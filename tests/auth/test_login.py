"""POST /api/auth/login: success, uniform failures, lock-out, inactive users."""

from __future__ import annotations

from datetime import timedelta

import pytest

from elara.auth.service import GENERIC_LOGIN_FAILURE
from elara.models import AuditEntry, utcnow
from tests.factories import create_user, get_user


def _login(client, email, password):
    return client.post("/api/auth/login", json={"email": email, "password": password})


class TestLogin:
    def test_valid(self, client, state):
        user = create_user(state, role="analyst")
        response = _login(client, user.email.upper(), user.password)
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 15 * 60
        assert body["user"]["email"] == user.email
        assert "password_hash" not in body["user"]
        cookie = response.headers["set-cookie"]
        assert "elara_refresh=" in cookie
        assert "HttpOnly" in cookie
        assert "samesite=strict" in cookie.lower()
        assert "Path=/api/auth" in cookie

    @pytest.mark.parametrize("case", ["wrong_password", "unknown_email", "inactive"])
    def test_failures_look_the_same(self, client, state, case):
        user = create_user(state, is_active=case != "inactive")
        email = "nobody@example.com" if case == "unknown_email" else user.email
        password = "not-the-password-1" if case == "wrong_password" else user.password
        response = _login(client, email, password)
        assert response.status_code == 401
        error = response.json()["error"]
        assert error["code"] == "invalid_credentials"
        assert error["message"] == GENERIC_LOGIN_FAILURE
        assert "set-cookie" not in response.headers

    def test_failures_are_audited(self, client, state):
        user = create_user(state)
        _login(client, user.email, "not-the-password-1")
        with state.db.transaction() as session:
            actions = [e.action for e in session.query(AuditEntry).all()]
        assert actions == ["auth.login_failed"]

    def test_lockout_after_five_failures(self, client, state):
        user = create_user(state)
        for _ in range(5):
            assert _login(client, user.email, "not-the-password-1").status_code == 401
        stored = get_user(state, user.id)
        assert stored.locked_until is not None and stored.locked_until > utcnow()
        # The right password is refused while locked, with the same answer.
        locked = _login(client, user.email, user.password)
        assert locked.status_code == 401
        assert locked.json()["error"]["code"] == "invalid_credentials"

    def test_lockout_expires(self, client, state):
        user = create_user(state)
        with state.db.transaction() as session:
            from elara.models import User

            row = session.get(User, user.id)
            row.locked_until = utcnow() - timedelta(seconds=1)
        assert _login(client, user.email, user.password).status_code == 200

    def test_success_resets_the_failure_count(self, client, state):
        user = create_user(state)
        for _ in range(4):
            _login(client, user.email, "not-the-password-1")
        assert _login(client, user.email, user.password).status_code == 200
        assert get_user(state, user.id).failed_login_count == 0

    @pytest.mark.parametrize(
        "body",
        [
            {"email": "a@example.com"},
            {"email": "not-an-email", "password": "x"},
            {"email": "a@example.com", "password": "x", "role": "admin"},
            {"email": "a@example.com", "password": "x" * 5000},
            {"email": ["a@example.com"], "password": "x"},
        ],
    )
    def test_invalid_body(self, client, body):
        response = client.post("/api/auth/login", json=body)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "validation_error"
        assert response.json()["error"]["details"]
