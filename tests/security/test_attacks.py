"""What an attacker tries: forged JWTs, other users' ids (IDOR), mass assignment, CSRF."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from sqlalchemy import select

from elara.core.security import TOKEN_AUDIENCE, TOKEN_ISSUER
from elara.models import RefreshSession
from tests.factories import create_user, login

KEY = "test-secret-key-that-is-long-enough-0123456789"


def _claims(user_id: int, role: str = "admin", **changes: object) -> dict[str, object]:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "sub": str(user_id),
        "role": role,
        "jti": "x" * 32,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=5),
        "aud": TOKEN_AUDIENCE,
        "iss": TOKEN_ISSUER,
        "typ": "access",
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _b64(data: dict[str, object]) -> str:
    raw = json.dumps(data, default=lambda v: int(v.timestamp())).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _forgeries(user_id: int, real_token: str) -> dict[str, str]:
    header, payload, signature = real_token.split(".")
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    decoded["role"] = "admin"
    past = datetime.now(UTC) - timedelta(hours=1)
    return {
        "alg_none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(user_id))}.",
        "wrong_key": jwt.encode(_claims(user_id), "another-key-" * 4, algorithm="HS256"),
        "expired": jwt.encode(
            _claims(
                user_id,
                iat=past - timedelta(minutes=20),
                nbf=past - timedelta(minutes=20),
                exp=past,
            ),
            KEY,
            algorithm="HS256",
        ),
        "wrong_audience": jwt.encode(_claims(user_id, aud="someone-else"), KEY, algorithm="HS256"),
        "wrong_issuer": jwt.encode(_claims(user_id, iss="evil"), KEY, algorithm="HS256"),
        "not_access": jwt.encode(_claims(user_id, typ="refresh"), KEY, algorithm="HS256"),
        "no_expiry": jwt.encode(_claims(user_id, exp=None), KEY, algorithm="HS256"),
        "tampered_payload": f"{header}.{_b64(decoded)}.{signature}",
        "hs512": jwt.encode(_claims(user_id), KEY, algorithm="HS512"),
        "garbage": "not.a.token",
    }


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_forged_tokens_are_refused(client, state):
    viewer = create_user(state, role="viewer")
    real = login(client, viewer)["Authorization"].split()[1]
    assert client.get("/api/users", headers={"Authorization": f"Bearer {real}"}).status_code == 403
    for name, token in _forgeries(viewer.id, real).items():
        response = client.get("/api/users", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, name
        assert response.json()["error"]["code"] == "unauthenticated", name


def test_valid_signature_but_role_claim_is_not_trusted(client, state):
    """The role comes from the database, not from the token."""
    viewer = create_user(state, role="viewer")
    token = jwt.encode(_claims(viewer.id, role="admin"), KEY, algorithm="HS256")
    assert client.get("/api/users", headers={"Authorization": f"Bearer {token}"}).status_code == 403


def test_token_of_deactivated_user_is_refused(client, state):
    admin, victim = create_user(state, role="admin"), create_user(state, role="viewer")
    victim_headers = login(client, victim)
    client.delete(f"/api/users/{victim.id}", headers=login(client, admin))
    assert client.get("/api/profile", headers=victim_headers).status_code == 401


def test_idor_on_sessions_and_users(client, state):
    alice, bob = create_user(state, role="analyst"), create_user(state, role="analyst")
    alice_headers = login(client, alice)
    login(client, bob)
    with state.db.transaction() as session:
        bob_session = session.scalars(
            select(RefreshSession.id).where(RefreshSession.user_id == bob.id)
        ).first()
    response = client.delete(f"/api/profile/sessions/{bob_session}", headers=alice_headers)
    assert response.status_code == 404
    with state.db.transaction() as session:
        assert session.get(RefreshSession, bob_session).revoked_at is None
    assert client.get(f"/api/users/{bob.id}", headers=alice_headers).status_code == 403
    assert (
        client.patch(
            f"/api/users/{bob.id}", headers=alice_headers, json={"role": "admin"}
        ).status_code
        == 403
    )
    listed = client.get("/api/profile/sessions", headers=alice_headers).json()
    assert bob_session not in {item["id"] for item in listed}


@pytest.mark.parametrize(
    "field",
    [
        {"role": "admin"},
        {"is_active": True},
        {"allowed_companies": []},
        {"password_hash": "x"},
        {"id": 1},
        {"failed_login_count": 0},
    ],
)
def test_mass_assignment_in_profile_update(client, state, field):
    viewer = create_user(state, role="viewer", allowed_companies=["ACME"])
    headers = login(client, viewer)
    response = client.patch("/api/profile", headers=headers, json={"full_name": "X", **field})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    profile = client.get("/api/profile", headers=headers).json()
    assert profile["role"] == "viewer" and profile["full_name"] == "Test User"
    assert profile["allowed_companies"] == ["ACME"]


def test_mass_assignment_at_login_and_reset(client, state):
    response = client.post(
        "/api/auth/login", json={"email": "a@example.com", "password": "x", "role": "admin"}
    )
    assert response.status_code == 422
    response = client.post(
        "/api/auth/password-reset/request", json={"email": "a@example.com", "user_id": 1}
    )
    assert response.status_code == 422


class TestCsrf:
    def test_refresh_and_logout_need_the_header(self, client, state):
        user = create_user(state)
        login(client, user)
        for path in ("/api/auth/refresh", "/api/auth/logout"):
            response = client.post(path)
            assert response.status_code == 403
            assert response.json()["error"]["code"] == "csrf_failed"
            assert client.post(path, headers={"X-Elara-CSRF": "0"}).status_code == 403
        assert client.post("/api/auth/refresh", headers={"X-Elara-CSRF": "1"}).status_code == 200

    def test_cross_site_origin_is_refused(self, make_client, state):
        user = create_user(state)
        client = make_client(cors_origins=["https://dash.example.com"])
        login(client, user)
        headers = {"X-Elara-CSRF": "1"}
        evil = client.post(
            "/api/auth/refresh", headers={**headers, "Origin": "https://evil.example"}
        )
        assert evil.status_code == 403 and evil.json()["error"]["code"] == "csrf_failed"
        for origin in ("http://testserver", "https://dash.example.com"):
            ok = client.post("/api/auth/refresh", headers={**headers, "Origin": origin})
            assert ok.status_code == 200, origin

    def test_refresh_cookie_is_strict_and_scoped(self, client, state):
        user = create_user(state)
        response = client.post(
            "/api/auth/login", json={"email": user.email, "password": user.password}
        )
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert "path=/api/auth" in cookie
        assert response.headers["cache-control"] == "no-store"
