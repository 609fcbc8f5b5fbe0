"""Every rate limit: credential endpoints per client, uploads per user, the per-role general
tier, the headers, 429 with Retry-After, and counts shared through Redis."""

from __future__ import annotations

import os
import uuid

import pytest
from fastapi import Depends, FastAPI

from elara.core.ratelimit import rate_limit
from elara.security import events
from tests.factories import create_user, login
from tests.security.conftest import override

REDIS_URL = os.environ.get("ELARA_TEST_REDIS_URL", "")
REQUIRE_REDIS = os.environ.get("ELARA_REQUIRE_REDIS") == "1"


def _bad_login(client, email="nobody@example.com"):
    return client.post("/api/auth/login", json={"email": email, "password": "wrong-password-1"})


def assert_limited(response, limit: int) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response.headers["retry-after"]) >= 1
    assert response.headers["x-ratelimit-limit"] == str(limit)
    assert response.headers["x-ratelimit-remaining"] == "0"
    assert int(response.headers["x-ratelimit-reset"]) >= 1
    assert response.headers["x-content-type-options"] == "nosniff"


def test_credential_tier_is_shared_by_login_and_reset(make_client):
    client = make_client(rate_limit_auth="4/15 minutes")
    first = _bad_login(client)
    assert first.status_code == 401
    assert first.headers["x-ratelimit-limit"] == "4"
    assert first.headers["x-ratelimit-remaining"] == "3"
    assert (
        client.post("/api/auth/password-reset/request", json={"email": "a@example.com"}).status_code
        == 202
    )
    assert (
        client.post(
            "/api/auth/password-reset/confirm",
            json={"token": "x" * 43, "new_password": "whatever-it-is-9"},
        ).status_code
        == 400
    )
    assert _bad_login(client).status_code == 401
    before = events.snapshot().get("rate_limited", 0)
    assert_limited(_bad_login(client), 4)
    assert_limited(
        client.post("/api/auth/password-reset/request", json={"email": "a@example.com"}), 4
    )
    assert events.snapshot()["rate_limited"] == before + 2


def test_credential_tier_is_per_client(make_client):
    first = make_client(rate_limit_auth="2/15 minutes", client_addr=("192.0.2.1", 1))
    for _ in range(2):
        _bad_login(first)
    assert_limited(_bad_login(first), 2)
    other = make_client(rate_limit_auth="2/15 minutes", client_addr=("192.0.2.2", 1))
    assert _bad_login(other).status_code == 401


def test_refresh_and_logout_are_not_in_the_credential_tier(make_client, state):
    user = create_user(state)
    client = make_client(rate_limit_auth="1/15 minutes")
    login(client, user)
    csrf = {"X-Elara-CSRF": "1"}
    for _ in range(3):
        assert client.post("/api/auth/refresh", headers=csrf).status_code == 200
    assert client.post("/api/auth/logout", headers=csrf).status_code == 200


def test_general_tier_per_role(make_client, state):
    viewer, admin = create_user(state, role="viewer"), create_user(state, role="admin")
    client = make_client(rate_limit_viewer="3/minute", rate_limit_admin="6/minute")
    viewer_headers, admin_headers = login(client, viewer), login(client, admin)
    for _ in range(3):
        ok = client.get("/api/profile", headers=viewer_headers)
        assert ok.status_code == 200
        assert ok.headers["x-ratelimit-limit"] == "3"
    assert_limited(client.get("/api/profile", headers=viewer_headers), 3)
    for _ in range(6):
        assert client.get("/api/profile", headers=admin_headers).status_code == 200
    assert_limited(client.get("/api/profile", headers=admin_headers), 6)


def test_anonymous_tier_and_static_files_exempt(make_client):
    client = make_client(rate_limit_anonymous="2/minute")
    for _ in range(2):
        assert client.get("/api/profile").status_code == 401
    assert_limited(client.get("/api/profile"), 2)
    assert client.get("/").status_code == 200
    assert client.get("/health").status_code == 200


def _upload_route(app: FastAPI) -> None:
    @app.post("/api/test-upload", dependencies=[Depends(rate_limit("upload"))])
    def upload() -> dict[str, bool]:
        return {"ok": True}

    app.router.routes.insert(0, app.router.routes.pop())


def test_upload_tier_is_per_user(make_client, state):
    one, two = create_user(state), create_user(state)
    client = make_client(rate_limit_upload="2/minute", app_hook=_upload_route)
    one_headers, two_headers = login(client, one), login(client, two)
    for _ in range(2):
        assert client.post("/api/test-upload", headers=one_headers).status_code == 200
    assert_limited(client.post("/api/test-upload", headers=one_headers), 2)
    assert client.post("/api/test-upload", headers=two_headers).status_code == 200


def test_limits_can_be_switched_off(make_client):
    client = make_client(rate_limit_enabled=False, rate_limit_auth="1/hour")
    for _ in range(3):
        response = _bad_login(client)
        assert response.status_code == 401
        assert "x-ratelimit-limit" not in response.headers


def test_invalid_limit_setting_is_refused(settings):
    with pytest.raises(ValueError, match="rate limit"):
        override(settings, rate_limit_auth="lots")


@pytest.fixture
def redis_url() -> str:
    if not REDIS_URL:
        if REQUIRE_REDIS:
            pytest.fail("ELARA_REQUIRE_REDIS=1 but ELARA_TEST_REDIS_URL is not set")
        pytest.skip("Redis tests skipped: set ELARA_TEST_REDIS_URL")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as exc:
        if REQUIRE_REDIS:
            pytest.fail(f"Redis at ELARA_TEST_REDIS_URL is unreachable: {exc}")
        pytest.skip(f"Redis unreachable: {exc}")
    return REDIS_URL


def test_redis_shares_counts_between_instances(make_client, redis_url):
    prefix = f"elara-test-{uuid.uuid4().hex}"
    options = {
        "redis_url": redis_url,
        "rate_limit_auth": "3/15 minutes",
        "rate_limit_key_prefix": prefix,
    }
    first, second = make_client(**options), make_client(**options)
    assert _bad_login(first).status_code == 401
    assert _bad_login(second).status_code == 401
    assert _bad_login(first).status_code == 401
    assert_limited(_bad_login(second), 3)
