"""Every error path answers in the one JSON shape with the right status; never a stack trace."""

from __future__ import annotations

import pytest
from fastapi import APIRouter

from elara.gateway import create_app
from tests.factories import create_user, login

SHAPE_KEYS = {"code", "message", "details", "correlation_id"}


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == SHAPE_KEYS
    assert isinstance(error["details"], list)
    assert error["correlation_id"] == response.headers["X-Request-ID"]
    assert "Traceback" not in response.text
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        ("GET", "/api/nope", {}, 404, "not_found"),
        ("DELETE", "/health", {}, 405, "method_not_allowed"),
        ("GET", "/api/users", {}, 401, "unauthenticated"),
        (
            "POST",
            "/api/auth/login",
            {"content": b"{bad json", "headers": {"content-type": "application/json"}},
            400,
            "malformed_json",
        ),
        ("POST", "/api/auth/login", {"json": {"email": 1, "password": 2}}, 422, "validation_error"),
        (
            "POST",
            "/api/auth/login",
            {"json": {"email": "a@b.co", "password": "x", "extra": 1}},
            422,
            "validation_error",
        ),
        ("POST", "/api/auth/login", {"json": []}, 422, "validation_error"),
        (
            "POST",
            "/api/auth/login",
            {
                "content": b"email=a",
                "headers": {"content-type": "application/x-www-form-urlencoded"},
            },
            422,
            "validation_error",
        ),
        ("POST", "/api/auth/refresh", {}, 403, "csrf_failed"),
        (
            "POST",
            "/api/auth/login",
            {"json": {"email": "a@b.co", "password": "wrong-password-1"}},
            401,
            "invalid_credentials",
        ),
    ],
)
def test_anonymous_error_paths(client, method, path, kwargs, status, code):
    assert_error_shape(client.request(method, path, **kwargs), status, code)


def test_authenticated_error_paths(client, state):
    viewer = login(client, create_user(state, role="viewer"))
    admin = login(client, create_user(state, role="admin"))
    assert_error_shape(client.get("/api/users", headers=viewer), 403, "forbidden")
    assert_error_shape(client.get("/api/users/987654", headers=admin), 404, "not_found")
    assert_error_shape(client.get("/api/users/abc", headers=admin), 422, "validation_error")
    assert_error_shape(client.get("/api/users?page_size=100000", headers=admin), 422)
    assert_error_shape(client.get("/api/users?page=-1", headers=admin), 422)
    assert_error_shape(client.get("/api/users/99999999999999999999999", headers=admin), 422)
    long_name = {"full_name": "x" * 201}
    assert_error_shape(client.patch("/api/profile", headers=viewer, json=long_name), 422)


def test_incoming_request_id_is_kept_when_safe(client):
    response = client.get("/api/nope", headers={"X-Request-ID": "abc-123-def-456"})
    assert response.headers["X-Request-ID"] == "abc-123-def-456"
    assert response.json()["error"]["correlation_id"] == "abc-123-def-456"
    unsafe = client.get("/api/nope", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert unsafe.headers["X-Request-ID"] != "<script>alert(1)</script>"


def test_unexpected_exception_is_a_clean_500(state):
    from fastapi.testclient import TestClient

    app = create_app(state=state)
    boom = APIRouter()

    @boom.get("/api/test-boom")
    def explode() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    app.include_router(boom)
    app.router.routes.insert(0, app.router.routes.pop())  # before the static mount
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/test-boom")
    error = assert_error_shape(response, 500, "internal_error")
    assert "secret internals" not in response.text
    assert error["message"] == "Something went wrong on our side."


def test_sqlite_busy_is_a_503_not_a_500(database_url, tmp_path):
    """A writer holding SQLite's lock (as a large upload does) makes a login wait, then 503."""
    if not database_url.startswith("sqlite"):
        pytest.skip("only SQLite has a single writer lock")
    import sqlite3

    from fastapi.testclient import TestClient

    from elara.core.state import AppState
    from tests.conftest import clean_tables, make_settings

    settings = make_settings(database_url, tmp_path / "data", sqlite_busy_timeout_ms=200)
    state = AppState.build(settings)
    clean_tables(state)
    user = create_user(state)
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with TestClient(create_app(state=state)) as client:
            response = client.post(
                "/api/auth/login", json={"email": user.email, "password": user.password}
            )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        state.db.dispose()
    error = assert_error_shape(response, 503, "database_busy")
    assert response.headers["Retry-After"] == "5"
    assert "busy" in error["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/datasets/99999999999999999999999",
        "/api/datasets/99999999999999999999999/records",
        "/api/datasets/99999999999999999999999/errors",
        "/api/datasets/0/uploads",
    ],
)
def test_absurd_ids_are_422(client, state, path):
    headers = login(client, create_user(state, role="admin"))
    assert_error_shape(client.get(path, headers=headers), 422, "validation_error")


def test_absurd_dataset_id_in_an_upload_form_is_422(client, state):
    headers = login(client, create_user(state, role="analyst"))
    csv = b"Company,Date,Account,Amount\nACME,2024-01-31,Revenue,10.00\n"
    response = client.post(
        "/api/datasets",
        headers=headers,
        files={"file": ("a.csv", csv, "text/csv")},
        data={"mode": "append", "dataset_id": "99999999999999999999999"},
    )
    assert_error_shape(response, 422, "validation_error")
