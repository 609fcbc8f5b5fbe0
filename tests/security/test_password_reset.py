"""Password reset by email through a real STARTTLS+AUTH SMTP server, and the outbox."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from datetime import timedelta

import httpx
from sqlalchemy import select, update

from elara.core.security import token_digest
from elara.email.mailer import wait_for_pending
from elara.email.messages import send_upload_result
from elara.gateway import create_app
from elara.models import PasswordResetToken, RefreshSession, utcnow
from tests.factories import create_user, login
from tests.live import LiveServer
from tests.security.conftest import (
    SMTP_USER,
    audit_actions,
    outbox,
    override,
    smtp_overrides,
    with_settings,
)

NEW_PASSWORD = "a-brand-new-Secret-42"
_LINK = re.compile(r"https?://\S+/#/reset\?token=([A-Za-z0-9_-]+)")


def _request(client, email):
    return client.post("/api/auth/password-reset/request", json={"email": email})


def _token(message) -> str:
    match = _LINK.search(message.get_body(preferencelist=("plain",)).get_content())
    assert match, "no reset link in the message"
    return match.group(1)


def test_reset_by_smtp_end_to_end(make_client, state, smtp_server, cert):
    inbox, port = smtp_server
    user = create_user(state)
    client = make_client(public_url="https://elara.example.com", **smtp_overrides(port, cert))
    login(client, user)
    response = _request(client, user.email)
    assert response.status_code == 202
    [message] = inbox.wait(1)
    assert message["To"] == user.email
    assert message["From"] == "Elara <elara@example.com>"
    _sender, rcpts, over_tls, authenticated = inbox.envelopes[0]
    assert rcpts == [user.email] and over_tls and authenticated
    assert "https://elara.example.com/#/reset?token=" in message.get_content()
    token = _token(message)
    assert len(token) >= 22  # >= 128 bits, URL-safe base64
    with state.db.transaction() as session:
        stored = session.scalars(select(PasswordResetToken)).one()
        assert stored.token_hash == token_digest(token) and token not in stored.token_hash
        assert timedelta(minutes=29) < stored.expires_at - utcnow() <= timedelta(minutes=30)

    confirm = client.post(
        "/api/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert confirm.status_code == 200, confirm.text
    assert client.post("/api/auth/refresh", headers={"X-Elara-CSRF": "1"}).status_code == 401
    with state.db.transaction() as session:
        live = session.scalars(select(RefreshSession).where(RefreshSession.revoked_at.is_(None)))
        assert list(live) == []
    assert (
        client.post(
            "/api/auth/login", json={"email": user.email, "password": user.password}
        ).status_code
        == 401
    )
    assert (
        client.post(
            "/api/auth/login", json={"email": user.email, "password": NEW_PASSWORD}
        ).status_code
        == 200
    )
    again = client.post(
        "/api/auth/password-reset/confirm",
        json={"token": token, "new_password": "another-New-secret-7"},
    )
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "invalid_reset_token"
    actions = audit_actions(state)
    assert "auth.password_reset_request" in actions and "auth.password_reset" in actions


def test_unknown_email_gets_the_same_answer(make_client, state, smtp_server, cert):
    inbox, port = smtp_server
    user = create_user(state)
    client = make_client(**smtp_overrides(port, cert))
    answers = {}
    for email in (user.email, "nobody@example.com"):
        response = _request(client, email)
        answers[email] = (response.status_code, response.json())
    assert answers[user.email] == answers["nobody@example.com"]
    assert answers[user.email][0] == 202
    assert len(inbox.wait(1)) == 1
    time.sleep(0.3)
    assert len(inbox.messages) == 1  # nothing was sent for the unknown address


def test_expired_token_and_weak_password_are_refused(make_client, state):
    user = create_user(state)
    client = make_client()
    assert _request(client, user.email).status_code == 202
    token = _token(outbox(state)[-1])
    weak = client.post(
        "/api/auth/password-reset/confirm", json={"token": token, "new_password": "password"}
    )
    assert weak.status_code == 422
    with state.db.transaction() as session:
        session.execute(
            update(PasswordResetToken).values(expires_at=utcnow() - timedelta(seconds=1))
        )
    expired = client.post(
        "/api/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert expired.status_code == 400
    assert expired.json()["error"]["code"] == "invalid_reset_token"


def test_per_account_limit_is_silent(make_client, state):
    user = create_user(state)
    client = make_client(rate_limit_reset_account="2/hour")
    for _ in range(4):
        assert _request(client, user.email).status_code == 202
    assert len(outbox(state)) == 2


def test_outbox_without_smtp_and_admin_can_read_it(make_client, state):
    admin, viewer = create_user(state, role="admin"), create_user(state, role="viewer")
    client = make_client()
    assert _request(client, viewer.email).status_code == 202
    wait_for_pending()
    files = list(state.settings.outbox_dir.glob("*.eml"))
    assert len(files) == 1 and oct(files[0].stat().st_mode)[-3:] == "600"
    listed = client.get("/api/admin/outbox", headers=login(client, admin))
    assert listed.status_code == 200
    [item] = listed.json()
    assert item["to"] == viewer.email and "reset" in item["subject"].lower()
    assert "http://127.0.0.1:3000/#/reset?token=" in item["body"]
    assert client.get("/api/admin/outbox", headers=login(client, viewer)).status_code == 403
    assert audit_actions(state).count("admin.outbox_read") == 1


def test_account_created_email(make_client, state, smtp_server, cert):
    inbox, port = smtp_server
    admin = create_user(state, role="admin")
    client = make_client(**smtp_overrides(port, cert))
    response = client.post(
        "/api/users",
        headers=login(client, admin),
        json={"email": "new.person@example.com", "full_name": "New Person", "role": "viewer"},
    )
    assert response.status_code == 201
    [message] = inbox.wait(1)
    assert message["To"] == "new.person@example.com"
    text = message.get_content()
    assert "viewer" in text and response.json()["temporary_password"] not in text


def test_no_email_when_user_creation_fails(make_client, state):
    admin = create_user(state, role="admin")
    client = make_client()
    response = client.post(
        "/api/users",
        headers=login(client, admin),
        json={"email": "weak@example.com", "password": "password"},
    )
    assert response.status_code == 422
    assert outbox(state) == []


def test_upload_result_messages(settings, smtp_server, cert):
    inbox, port = smtp_server
    smtp_settings = override(settings, **smtp_overrides(port, cert))
    assert send_upload_result(
        smtp_settings,
        to="u@example.com",
        filename="q3.xlsx",
        succeeded=True,
        dataset_id=7,
        rows=1200,
    )
    assert send_upload_result(
        smtp_settings,
        to="u@example.com",
        filename="bad.csv",
        succeeded=False,
        error_count=3,
        detail="Row 4: amount missing.",
    )
    ok, failed = inbox.wait(2)
    assert ok["Subject"] == "Upload finished: q3.xlsx" and "1200" in ok.get_content()
    assert "/#/datasets/7" in ok.get_content()
    assert failed["Subject"] == "Upload failed: bad.csv"
    assert "Row 4: amount missing." in failed.get_content()


def test_smtp_wrong_password_is_reported_not_raised(settings, smtp_server, cert):
    inbox, port = smtp_server
    bad = override(
        settings,
        **{**smtp_overrides(port, cert), "smtp_password": "nope", "smtp_timeout_seconds": 1.0},
    )
    assert not send_upload_result(bad, to="u@example.com", filename="x.csv", succeeded=True)
    assert inbox.messages == []
    assert SMTP_USER


class _SilentSmtp:
    """A TCP server that accepts and never answers: a very slow mail server."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self.held.append(self.sock.accept()[0])

    def close(self) -> None:
        for conn in self.held:
            conn.close()
        self.sock.close()


def test_timing_does_not_reveal_the_account(state):
    """Over real HTTP the email goes out after the answer: a slow mail server changes nothing."""
    user = create_user(state)
    smtp = _SilentSmtp()
    app = create_app(
        state=with_settings(
            state, smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_timeout_seconds=3
        )
    )
    try:
        with LiveServer(app) as server, httpx.Client(base_url=server.url, timeout=10) as http:

            def timed(email: str) -> float:
                started = time.perf_counter()
                response = http.post("/api/auth/password-reset/request", json={"email": email})
                assert response.status_code == 202
                return time.perf_counter() - started

            known, unknown = timed(user.email), timed("nobody@example.com")
            assert known < 1.5 and abs(known - unknown) < 1.0, (known, unknown)
    finally:
        smtp.close()
