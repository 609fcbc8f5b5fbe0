"""Security events are counted, logged and alerted on; no password or token reaches a log."""

from __future__ import annotations

import logging
import re
import time

import structlog
from structlog.testing import capture_logs

from elara.security import events
from tests.factories import create_user, login
from tests.security.conftest import outbox


def _xss(client):
    return client.post(
        "/api/auth/login", json={"email": "<script>alert(1)</script>", "password": "x"}
    )


def test_threshold_alerts_admins_by_email_and_error_log(make_client, state):
    admin = create_user(state, role="admin", email="sec-admin@example.com")
    create_user(state, role="viewer", email="not-told@example.com")
    client = make_client(security_alert_threshold=3, security_alert_window_seconds=60)
    before = events.snapshot().get("xss_attempt", 0)
    with capture_logs() as logs:
        for _ in range(2):
            assert _xss(client).json()["error"]["code"] != "unsafe_input"  # counted, not refused
        assert not [e for e in logs if e["log_level"] == "error"]
        _xss(client)
        _xss(client)  # past the threshold again within the window: no second alert
    assert events.snapshot()["xss_attempt"] == before + 4
    warnings = [e for e in logs if e["event"] == "security_event"]
    assert len(warnings) == 4 and warnings[0]["kind"] == "xss_attempt"
    alerts = [e for e in logs if e["log_level"] == "error" and e["event"] == "security_alert"]
    assert len(alerts) == 1 and alerts[0]["kind"] == "xss_attempt" and alerts[0]["count"] == 3
    deadline = time.monotonic() + 5
    while not outbox(state) and time.monotonic() < deadline:
        time.sleep(0.05)
    [message] = outbox(state)
    assert message["To"] == admin.email
    assert "xss_attempt" in message["Subject"]


def test_lockout_and_refused_access_are_events(make_client, state):
    victim, viewer = create_user(state), create_user(state, role="viewer")
    client = make_client()
    before = events.snapshot()
    for _ in range(state.settings.lockout_threshold):
        client.post("/api/auth/login", json={"email": victim.email, "password": "wrong-pw-1"})
    assert client.get("/api/users", headers=login(client, viewer)).status_code == 403
    after = events.snapshot()
    assert after["lockout"] == before.get("lockout", 0) + 1
    assert after["access_denied"] == before.get("access_denied", 0) + 1
    from tests.security.conftest import audit_entries

    [denied] = audit_entries(state, "security.access_denied")
    assert denied.user_id == viewer.id and denied.changes["path"] == "/api/users"


def test_no_password_or_token_in_any_log_line(make_client, state, caplog, capsys):
    user = create_user(state, email="logged@example.com")
    client = make_client()
    new_password = "fresh-Unlogged-secret-5"
    caplog.set_level(logging.DEBUG)
    with capture_logs() as logs:
        token_response = client.post(
            "/api/auth/login", json={"email": user.email, "password": user.password}
        )
        access = token_response.json()["access_token"]
        refresh_cookie = client.cookies.get("elara_refresh")
        client.post("/api/auth/login", json={"email": user.email, "password": "Wrong-pass-77"})
        client.post("/api/auth/password-reset/request", json={"email": user.email})
        body = outbox(state)[-1].get_content()
        reset_token = re.search(r"token=([A-Za-z0-9_-]+)", body).group(1)
        client.post(
            "/api/auth/password-reset/confirm",
            json={"token": reset_token, "new_password": new_password},
        )
        client.post(
            "/api/auth/password-reset/confirm",
            json={"token": reset_token, "new_password": new_password},
        )
        structlog.get_logger("test").info("flow_done")
    lines = [repr(event) for event in logs]
    lines += [record.getMessage() + repr(record.__dict__) for record in caplog.records]
    captured = capsys.readouterr()
    lines += [captured.out, captured.err]
    assert any("flow_done" in line for line in lines)
    secrets = [user.password, "Wrong-pass-77", new_password, access, refresh_cookie, reset_token]
    for line in lines:
        for secret in secrets:
            assert secret not in line, f"secret leaked into a log line: {line[:200]}"
