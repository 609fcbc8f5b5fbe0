"""Structured logs: request lines, slow requests with database time, errors, redaction, rotation."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import httpx
import pytest
import structlog
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from elara.auth.deps import CurrentUser
from elara.core.config import Settings
from elara.core.deps import SessionDep
from elara.core.logging import REDACTED, configure_logging, redact_value
from elara.core.state import AppState
from elara.gateway import create_app
from tests.conftest import backend_name, make_settings
from tests.factories import create_user, login
from tests.live import LiveServer
from tests.ops.conftest import read_log

SECRET_WORDS = ("hunter2-Very-secret", "tok-abc-123-secret", "cookie-value-xyz")


def _slow_app(state: AppState, *, slow_ms: int) -> FastAPI:
    """The gateway plus two test-only routes: one slow (with database time), one failing."""
    state.settings.slow_request_ms = slow_ms
    app = create_app(state=state)

    @app.get("/test-only/slow/{label}")
    def slow(label: str, session: SessionDep) -> dict[str, str]:
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text("SELECT 1"))
            time.sleep(0.3)
        else:
            session.execute(text("SELECT SLEEP(0.3)"))
        return {"label": label}

    @app.get("/test-only/whoami")
    def whoami(user: CurrentUser) -> dict[str, int]:
        structlog.get_logger("test").info("inside_route")
        return {"id": user.id}

    @app.get("/test-only/boom")
    def boom() -> None:
        raise RuntimeError("deliberate failure")

    # Test routes are added after the static mount at "/", so move them in front of it.
    for _ in range(3):
        app.router.routes.insert(0, app.router.routes.pop())
    return app


def test_request_lines_carry_the_context(state: AppState, settings: Settings) -> None:
    app = _slow_app(state, slow_ms=10_000)
    user = create_user(state, role="analyst")
    with TestClient(app) as client:
        headers = login(client, user)
        response = client.get("/api/profile", headers=headers)
        inside = client.get("/test-only/whoami", headers=headers)
    assert response.status_code == 200 and inside.json() == {"id": user.id}
    route_lines = [line for line in read_log(settings.log_file) if line["event"] == "inside_route"]
    assert [(line["user_id"], line["correlation_id"]) for line in route_lines] == [
        (user.id, inside.headers["X-Request-ID"])
    ]
    lines = [line for line in read_log(settings.log_file) if line["event"] == "request"]
    profile = [line for line in lines if line["route"] == "/api/profile"]
    assert len(profile) == 1
    line = profile[0]
    assert line["correlation_id"] == response.headers["X-Request-ID"]
    assert line["user_id"] == user.id
    assert line["service"] == "gateway" and line["level"] == "info"
    assert line["method"] == "GET" and line["status"] == 200
    assert line["duration_ms"] >= 0 and line["db_queries"] >= 1
    assert "timestamp" in line


def test_slow_request_is_a_warning_with_database_time(state: AppState, settings: Settings) -> None:
    app = _slow_app(state, slow_ms=250)
    with TestClient(app) as client:
        response = client.get("/test-only/slow/x1")
        fast = client.get("/health/live")
    assert response.status_code == 200 and fast.status_code == 200
    lines = read_log(settings.log_file)
    slow = [
        line
        for line in lines
        if line["event"] == "slow_request" and line["route"].startswith("/test-only/")
    ]
    assert len(slow) == 1
    line = slow[0]
    assert line["level"] == "warning"
    assert line["route"] == "/test-only/slow/{label}"
    assert line["duration_ms"] >= 250 and line["threshold_ms"] == 250
    assert line["correlation_id"] == response.headers["X-Request-ID"]
    assert line["db_queries"] >= 1
    if backend_name(settings.resolved_database_url) != "sqlite":
        assert line["db_ms"] >= 250  # SELECT SLEEP ran in the database
    live = [line for line in lines if line.get("route") == "/health/live"]
    # Under a loaded machine the fast request may itself pass the threshold: judge it by its time.
    assert [line["level"] for line in live] == [
        "warning" if line["duration_ms"] >= 250 else "info" for line in live
    ]
    assert len(live) == 1


def test_unhandled_error_is_logged_with_exception_and_correlation_id(
    state: AppState, settings: Settings
) -> None:
    app = _slow_app(state, slow_ms=10_000)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/test-only/boom")
    assert response.status_code == 500
    cid = response.json()["error"]["correlation_id"]
    lines = read_log(settings.log_file)
    errors = [line for line in lines if line["event"] == "unhandled_error"]
    assert len(errors) == 1
    assert errors[0]["level"] == "error" and errors[0]["correlation_id"] == cid
    assert "RuntimeError: deliberate failure" in errors[0]["exception"]
    request = [line for line in lines if line.get("route") == "/test-only/boom"]
    assert request and request[0]["status"] == 500 and request[0]["level"] == "error"


def test_no_secret_reaches_the_log_after_a_login(state: AppState, settings: Settings) -> None:
    app = create_app(state=state)
    user = create_user(state, role="admin", password=SECRET_WORDS[0] + "9")
    with TestClient(app) as client:
        headers = login(client, user)
        client.get("/api/profile", headers=headers, cookies={"session": SECRET_WORDS[2]})
        client.post("/api/auth/login", json={"email": user.email, "password": "wrong-Pass-99"})
    token = headers["Authorization"].removeprefix("Bearer ")
    structlog.get_logger("test").info(
        "careless_call",
        password=SECRET_WORDS[0],
        nested={"refresh_token": SECRET_WORDS[1]},
        items=[{"Cookie": SECRET_WORDS[2]}],
        note=f"header was Bearer {token}",
    )
    logging.getLogger("stdlib").warning("stdlib says Authorization: Bearer %s", token)
    raw = settings.log_file.read_text()
    for secret in (*SECRET_WORDS, token, user.password, "wrong-Pass-99"):
        assert secret not in raw
    careless = [line for line in read_log(settings.log_file) if line["event"] == "careless_call"]
    assert careless[0]["password"] == REDACTED
    assert careless[0]["nested"] == {"refresh_token": REDACTED}
    assert careless[0]["items"] == [{"Cookie": REDACTED}]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"Authorization": "Bearer x"}, {"Authorization": REDACTED}),
        (
            {"access_token": "a", "user": {"secret_key": "s"}},
            {"access_token": REDACTED, "user": {"secret_key": REDACTED}},
        ),
        ("mysql://elara:pw@db/x", f"mysql://elara:{REDACTED}@db/x"),
        ({"email": "a@b.c", "count": 3}, {"email": "a@b.c", "count": 3}),
    ],
)
def test_redaction_table(value: object, expected: object) -> None:
    assert redact_value(value) == expected


def test_log_file_rotates_by_size(tmp_path: Path) -> None:
    log_file = tmp_path / "rot" / "elara.log"
    settings = make_settings(
        "sqlite://", tmp_path / "data", log_file=log_file, log_max_bytes=2048, log_backup_count=2
    )
    configure_logging(settings, service="gateway")
    logger = structlog.get_logger("rotation")
    for index in range(200):
        logger.info("filler", index=index, padding="x" * 40)
    names = sorted(p.name for p in log_file.parent.iterdir())
    assert names == ["elara.log", "elara.log.1", "elara.log.2"]
    assert all(p.stat().st_size <= 2048 for p in log_file.parent.iterdir())
    assert read_log(log_file)[-1]["index"] == 199


def test_live_server_writes_one_line_per_request(state: AppState, settings: Settings) -> None:
    app = create_app(state=state)
    with LiveServer(app) as server:
        response = httpx.get(f"{server.url}/health/live", headers={"X-Request-ID": "probe-12345"})
    assert response.status_code == 200
    lines = [
        line for line in read_log(settings.log_file) if line.get("correlation_id") == "probe-12345"
    ]
    assert [line["event"] for line in lines] == ["request"]
    assert not [
        line for line in read_log(settings.log_file) if line.get("logger") == "uvicorn.access"
    ]
