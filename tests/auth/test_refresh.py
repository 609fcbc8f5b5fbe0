"""Refresh sessions: rotation, reuse detection, logout, CSRF header."""

from __future__ import annotations

from elara.models import AuditEntry
from tests.factories import create_user

CSRF = {"X-Elara-CSRF": "1"}


def _sign_in(client, state):
    user = create_user(state)
    response = client.post("/api/auth/login", json={"email": user.email, "password": user.password})
    assert response.status_code == 200
    return user, client.cookies.get("elara_refresh")


def _refresh(client, token):
    client.cookies.set("elara_refresh", token, path="/api/auth")
    return client.post("/api/auth/refresh", headers=CSRF)


class TestRefresh:
    def test_rotation(self, client, state):
        _, first = _sign_in(client, state)
        response = _refresh(client, first)
        assert response.status_code == 200
        second = response.cookies.get("elara_refresh")
        assert second and second != first
        token = response.json()["access_token"]
        assert client.get("/api/profile", headers={"Authorization": f"Bearer {token}"}).is_success

    def test_reuse_revokes_the_family(self, client, state):
        _, first = _sign_in(client, state)
        second = _refresh(client, first).cookies.get("elara_refresh")
        stolen = _refresh(client, first)
        assert stolen.status_code == 401
        assert stolen.json()["error"]["code"] == "invalid_refresh_token"
        # The legitimate holder is signed out too: the family is revoked.
        assert _refresh(client, second).status_code == 401
        with state.db.transaction() as session:
            assert session.query(AuditEntry).filter_by(action="auth.refresh_reuse").count() == 1

    def test_requires_csrf_header(self, client, state):
        _, token = _sign_in(client, state)
        client.cookies.set("elara_refresh", token, path="/api/auth")
        response = client.post("/api/auth/refresh")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "csrf_failed"

    def test_without_cookie(self, client):
        client.cookies.clear()
        response = client.post("/api/auth/refresh", headers=CSRF)
        assert response.status_code == 401

    def test_logout_revokes(self, client, state):
        _, token = _sign_in(client, state)
        client.cookies.set("elara_refresh", token, path="/api/auth")
        assert client.post("/api/auth/logout", headers=CSRF).status_code == 200
        assert _refresh(client, token).status_code == 401

    def test_inactive_user_cannot_refresh(self, client, state):
        user, token = _sign_in(client, state)
        with state.db.transaction() as session:
            from elara.models import User

            session.get(User, user.id).is_active = False
        assert _refresh(client, token).status_code == 401
