"""Access tokens: only well-signed, unexpired HS256 tokens for our audience get through."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tests.factories import create_user, login

KEY = "test-secret-key-that-is-long-enough-0123456789"


def _claims(user_id: int, **overrides):
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "role": "admin",
        "jti": "x" * 32,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=5),
        "aud": "elara",
        "iss": "elara",
        "typ": "access",
    }
    claims.update(overrides)
    return claims


def _b64(data: dict) -> str:
    raw = json.dumps(data, default=lambda d: int(d.timestamp())).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _profile(client, token):
    return client.get("/api/profile", headers={"Authorization": f"Bearer {token}"})


class TestAccessTokens:
    def test_valid(self, client, state):
        user = create_user(state)
        token = jwt.encode(_claims(user.id), KEY, algorithm="HS256")
        assert _profile(client, token).status_code == 200

    @pytest.mark.parametrize(
        "make",
        [
            pytest.param(
                lambda uid: jwt.encode(_claims(uid), "another-key-" * 4, "HS256"), id="wrong-key"
            ),
            pytest.param(
                lambda uid: jwt.encode(_claims(uid, aud="other"), KEY, "HS256"), id="wrong-audience"
            ),
            pytest.param(
                lambda uid: jwt.encode(_claims(uid, iss="other"), KEY, "HS256"), id="wrong-issuer"
            ),
            pytest.param(
                lambda uid: jwt.encode(
                    _claims(uid, exp=datetime.now(UTC) - timedelta(seconds=5)), KEY, "HS256"
                ),
                id="expired",
            ),
            pytest.param(
                lambda uid: jwt.encode(_claims(uid, typ="refresh"), KEY, "HS256"), id="not-access"
            ),
            pytest.param(
                lambda uid: _b64({"alg": "none", "typ": "JWT"}) + "." + _b64(_claims(uid)) + ".",
                id="alg-none",
            ),
            pytest.param(lambda uid: jwt.encode(_claims(uid), KEY, "HS512"), id="hs512"),
            pytest.param(lambda uid: "garbage", id="garbage"),
        ],
    )
    def test_rejected(self, client, state, make):
        user = create_user(state)
        response = _profile(client, make(user.id))
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"

    def test_tampered_payload(self, client, state):
        viewer = create_user(state, role="viewer")
        header, payload, signature = login(client, viewer)["Authorization"][7:].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
        claims["role"] = "admin"
        forged = ".".join([header, _b64(claims), signature])
        assert _profile(client, forged).status_code == 401

    def test_missing_claims(self, client, state):
        user = create_user(state)
        claims = _claims(user.id)
        del claims["jti"]
        assert _profile(client, jwt.encode(claims, KEY, "HS256")).status_code == 401

    def test_role_comes_from_the_database(self, client, state):
        viewer = create_user(state, role="viewer")
        token = jwt.encode(_claims(viewer.id, role="admin"), KEY, algorithm="HS256")
        assert (
            client.get("/api/users", headers={"Authorization": f"Bearer {token}"}).status_code
            == 403
        )

    def test_deactivated_user_token_stops_working(self, client, state):
        admin = create_user(state, role="admin")
        user = create_user(state)
        user_headers = login(client, user)
        client.delete(f"/api/users/{user.id}", headers=login(client, admin))
        assert client.get("/api/profile", headers=user_headers).status_code == 401
