"""Security headers on every response (API, errors, 500s, static files), HSTS, CSP, CORS."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import create_user, login

EXPECTED = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}


def assert_secure_headers(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (response.url, name)
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self' ws: wss:",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "camera=()" in response.headers["permissions-policy"]
    assert response.headers.get("x-request-id")


def _boom_route(app: FastAPI) -> None:
    @app.get("/api/test-boom")
    def boom() -> None:
        raise RuntimeError("boom")

    app.router.routes.insert(0, app.router.routes.pop())  # before the static mount


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/index.html", 200),
        ("GET", "/no-such-file.js", 404),
        ("GET", "/health", 200),
        ("GET", "/api/profile", 401),
        ("POST", "/api/auth/login", 422),
        ("POST", "/api/auth/logout", 403),
        ("DELETE", "/api/auth/login", 405),
        ("GET", "/api/openapi.json", 200),
    ],
)
def test_headers_on_every_kind_of_response(client, method, path, status):
    response = client.request(method, path, json={} if method == "POST" else None)
    assert response.status_code == status
    assert_secure_headers(response)
    assert "strict-transport-security" not in response.headers


def test_headers_on_unexpected_error(make_client):
    quiet = TestClient(make_client(app_hook=_boom_route).app, raise_server_exceptions=False)
    response = quiet.get("/api/test-boom")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert_secure_headers(response)


def test_headers_on_authenticated_and_forbidden(client, state):
    viewer = create_user(state, role="viewer")
    headers = login(client, viewer)
    for path, status in (("/api/profile", 200), ("/api/users", 403)):
        response = client.get(path, headers=headers)
        assert response.status_code == status
        assert_secure_headers(response)


def test_hsts_only_under_https(make_client):
    https = make_client(base_url="https://testserver")
    assert "max-age=" in https.get("/health").headers["strict-transport-security"]
    plain = make_client()
    forged = plain.get("/health", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in forged.headers


def test_hsts_from_trusted_proxy(make_client):
    client = make_client(trusted_proxies=["10.0.0.0/8"], client_addr=("10.1.2.3", 4000))
    response = client.get("/health", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" in response.headers
    assert "strict-transport-security" not in client.get("/health").headers


def test_frame_src_for_qbusiness(make_client):
    client = make_client(qbusiness_web_experience_url="https://abc.chat.qbusiness.aws/path")
    csp = client.get("/").headers["content-security-policy"]
    assert "frame-src https://abc.chat.qbusiness.aws" in csp
    assert "frame-ancestors 'none'" in csp


def test_cors_allow_list(make_client):
    client = make_client(cors_origins=["https://dash.example.com"])
    ok = client.options(
        "/api/auth/login",
        headers={"Origin": "https://dash.example.com", "Access-Control-Request-Method": "POST"},
    )
    assert ok.headers["access-control-allow-origin"] == "https://dash.example.com"
    assert_secure_headers(ok)
    evil = client.get("/health", headers={"Origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in evil.headers
    good = client.get("/health", headers={"Origin": "https://dash.example.com"})
    assert good.headers["access-control-allow-origin"] == "https://dash.example.com"


def test_no_cors_without_allow_list(client):
    response = client.get("/health", headers={"Origin": "https://dash.example.com"})
    assert "access-control-allow-origin" not in response.headers


def test_docs_page_allows_only_its_own_inline_script(client):
    from elara.security.docs_csp import script_hashes

    response = client.get("/api/docs")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    hashes = script_hashes(response.text)
    assert hashes and all(h in csp for h in hashes)
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "sha256-" not in client.get("/").headers["content-security-policy"]
