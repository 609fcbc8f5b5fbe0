"""/api/users (admin only) and /api/profile (everyone), against every role."""

from __future__ import annotations

import pytest

from elara.models import AuditEntry
from tests.factories import create_user, get_user, login

ROLES = ["viewer", "analyst", "admin"]

USER_ROUTES = [
    ("GET", "/api/users", None),
    ("POST", "/api/users", {"email": "new@example.com", "role": "viewer"}),
    ("GET", "/api/users/{id}", None),
    ("PATCH", "/api/users/{id}", {"full_name": "Renamed"}),
    ("DELETE", "/api/users/{id}", None),
    ("POST", "/api/users/{id}/reset-password", {}),
]
PROFILE_ROUTES = [
    ("GET", "/api/profile", None),
    ("PATCH", "/api/profile", {"full_name": "Me"}),
    ("GET", "/api/profile/sessions", None),
]


def _call(client, method, path, body, headers=None):
    return client.request(method, path, json=body, headers=headers or {})


@pytest.mark.parametrize(("method", "path", "body"), USER_ROUTES)
class TestUsersRoutes:
    def test_anonymous(self, client, state, method, path, body):
        target = create_user(state)
        response = _call(client, method, path.format(id=target.id), body)
        assert response.status_code == 401

    @pytest.mark.parametrize("role", ["viewer", "analyst"])
    def test_forbidden_role(self, client, state, method, path, body, role):
        target = create_user(state)
        headers = login(client, create_user(state, role=role))
        response = _call(client, method, path.format(id=target.id), body, headers)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"

    def test_admin(self, client, state, method, path, body):
        target = create_user(state)
        headers = login(client, create_user(state, role="admin"))
        response = _call(client, method, path.format(id=target.id), body, headers)
        assert response.status_code in (200, 201), response.text


@pytest.mark.parametrize(("method", "path", "body"), PROFILE_ROUTES)
@pytest.mark.parametrize("role", ROLES)
def test_profile_routes_for_every_role(client, state, method, path, body, role):
    headers = login(client, create_user(state, role=role))
    assert _call(client, method, path, body, headers).status_code == 200
    assert _call(client, method, path, body).status_code == 401


class TestUserManagement:
    def test_create_generates_a_password_once(self, client, state):
        headers = login(client, create_user(state, role="admin"))
        response = client.post(
            "/api/users",
            headers=headers,
            json={
                "email": "Fin@Example.com",
                "role": "analyst",
                "allowed_companies": ["ACME", "ACME", "GLOBEX"],
            },
        )
        assert response.status_code == 201
        body = response.json()
        assert body["user"]["email"] == "fin@example.com"
        assert body["user"]["allowed_companies"] == ["ACME", "GLOBEX"]
        password = body["temporary_password"]
        sign_in = client.post(
            "/api/auth/login", json={"email": "fin@example.com", "password": password}
        )
        assert sign_in.status_code == 200

    def test_duplicate_email(self, client, state):
        existing = create_user(state)
        headers = login(client, create_user(state, role="admin"))
        response = client.post(
            "/api/users", headers=headers, json={"email": existing.email, "role": "viewer"}
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "email_taken"

    def test_weak_password_refused(self, client, state):
        headers = login(client, create_user(state, role="admin"))
        response = client.post(
            "/api/users",
            headers=headers,
            json={"email": "x@example.com", "role": "viewer", "password": "password1234"},
        )
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["field"] == "password"

    def test_search_and_paging(self, client, state):
        admin = create_user(state, role="admin", full_name="Root")
        for i in range(3):
            create_user(state, email=f"alice{i}@example.com", full_name="Alice")
        create_user(state, email="bob@example.com", full_name="Bob")
        headers = login(client, admin)
        page = client.get("/api/users", params={"q": "alice", "page_size": 2}, headers=headers)
        assert page.status_code == 200
        assert page.json()["total"] == 3
        assert len(page.json()["items"]) == 2
        viewers = client.get("/api/users", params={"role": "admin"}, headers=headers).json()
        assert [u["email"] for u in viewers["items"]] == [admin.email]

    def test_update_is_audited_with_before_and_after(self, client, state):
        target = create_user(state, role="viewer")
        headers = login(client, create_user(state, role="admin"))
        response = client.patch(
            f"/api/users/{target.id}",
            headers=headers,
            json={"role": "analyst", "allowed_companies": ["ACME"]},
        )
        assert response.status_code == 200
        with state.db.transaction() as session:
            entry = session.query(AuditEntry).filter_by(action="user.update").one()
            assert entry.changes["role"] == {"before": "viewer", "after": "analyst"}
            assert entry.changes["allowed_companies"] == {"before": [], "after": ["ACME"]}

    def test_last_admin_cannot_be_demoted(self, client, state):
        admin = create_user(state, role="admin")
        headers = login(client, admin)
        response = client.patch(f"/api/users/{admin.id}", headers=headers, json={"role": "viewer"})
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "last_admin"

    def test_cannot_deactivate_self(self, client, state):
        admin = create_user(state, role="admin")
        create_user(state, role="admin")
        response = client.delete(f"/api/users/{admin.id}", headers=login(client, admin))
        assert response.status_code == 409

    def test_unknown_user(self, client, state):
        headers = login(client, create_user(state, role="admin"))
        response = client.get("/api/users/999999", headers=headers)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"

    def test_reset_password_ends_sessions(self, client, state):
        target = create_user(state)
        target_headers = login(client, target)
        headers = login(client, create_user(state, role="admin"))
        response = client.post(
            f"/api/users/{target.id}/reset-password",
            headers=headers,
            json={"password": "a-Brand-new-secret-77"},
        )
        assert response.status_code == 200
        assert client.get("/api/profile", headers=target_headers).status_code == 401
        assert get_user(state, target.id).password_hash.startswith("$argon2id$")


class TestProfile:
    def test_mass_assignment_refused(self, client, state):
        headers = login(client, create_user(state, role="viewer"))
        for field, value in [("role", "admin"), ("is_active", True), ("allowed_companies", [])]:
            response = client.patch("/api/profile", headers=headers, json={field: value})
            assert response.status_code == 422, field
        assert client.get("/api/profile", headers=headers).json()["role"] == "viewer"

    def test_email_change_needs_current_password(self, client, state):
        user = create_user(state)
        headers = login(client, user)
        refused = client.patch("/api/profile", headers=headers, json={"email": "n@example.com"})
        assert refused.status_code == 422
        accepted = client.patch(
            "/api/profile",
            headers=headers,
            json={"email": "n@example.com", "current_password": user.password},
        )
        assert accepted.status_code == 200
        assert accepted.json()["email"] == "n@example.com"

    def test_password_change_signs_other_devices_out(self, client, state):
        user = create_user(state)
        other_device = login(client, user)
        this_device = login(client, user)
        response = client.post(
            "/api/profile/password",
            headers=this_device,
            json={"current_password": user.password, "new_password": "another-Strong-pass-42"},
        )
        assert response.status_code == 200
        fresh = {"Authorization": f"Bearer {response.json()['access_token']}"}
        assert client.get("/api/profile", headers=fresh).status_code == 200
        assert client.get("/api/profile", headers=other_device).status_code == 401
        sessions = client.get("/api/profile/sessions", headers=fresh).json()
        assert [s["current"] for s in sessions] == [True]

    def test_password_change_wrong_current(self, client, state):
        headers = login(client, create_user(state))
        response = client.post(
            "/api/profile/password",
            headers=headers,
            json={
                "current_password": "wrong-password-000",
                "new_password": "another-Strong-pass-42",
            },
        )
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["field"] == "current_password"

    def test_cannot_revoke_someone_elses_session(self, client, state):
        owner = create_user(state)
        login(client, owner)
        owner_headers = login(client, owner)
        session_id = client.get("/api/profile/sessions", headers=owner_headers).json()[0]["id"]
        intruder = login(client, create_user(state))
        response = client.delete(f"/api/profile/sessions/{session_id}", headers=intruder)
        assert response.status_code == 404
        assert (
            client.delete(f"/api/profile/sessions/{session_id}", headers=owner_headers).status_code
            == 200
        )
