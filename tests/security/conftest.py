"""Security fixtures: apps with overridden settings, a real STARTTLS+AUTH SMTP server,
self-signed certificates and helpers to read the outbox and the audit trail."""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import ssl
import time
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from elara.core.config import Settings
from elara.core.state import AppState
from elara.email.mailer import wait_for_pending
from elara.gateway import create_app
from elara.models import AuditEntry
from elara.security.events import configure_alerts
from tests.datasets.conftest import gateway  # noqa: F401 (the fixture, for scope tests)
from tests.live import free_port

SMTP_USER = "mailer"
SMTP_PASSWORD = "smtp-secret-password-1"


@dataclasses.dataclass(frozen=True)
class CertPair:
    certfile: Path
    keyfile: Path


def make_cert(folder: Path) -> CertPair:
    """A self-signed certificate for localhost and 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    san = x509.SubjectAlternativeName(
        [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(san, critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    certfile, keyfile = folder / "cert.pem", folder / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return CertPair(certfile, keyfile)


@pytest.fixture(scope="session")
def cert(tmp_path_factory: pytest.TempPathFactory) -> CertPair:
    return make_cert(tmp_path_factory.mktemp("tls"))


class Inbox:
    """What the SMTP server received, and how."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str], bool, bool]] = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        tls = session.ssl is not None
        self.envelopes.append(
            (envelope.mail_from, list(envelope.rcpt_tos), tls, bool(session.authenticated))
        )
        return "250 OK"

    def wait(self, count: int = 1, timeout: float = 5.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == SMTP_USER.encode()
        and auth_data.password == SMTP_PASSWORD.encode()
    )
    return AuthResult(success=ok)


@pytest.fixture
def smtp_server(cert: CertPair) -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on loopback requiring STARTTLS and AUTH."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert.certfile, cert.keyfile)
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=_authenticator,
    )
    controller.start()
    yield inbox, port
    controller.stop()


def smtp_overrides(port: int, cert: CertPair) -> dict[str, object]:
    return {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_username": SMTP_USER,
        "smtp_password": SMTP_PASSWORD,
        "smtp_ca_file": cert.certfile,
        "mail_from": "Elara <elara@example.com>",
    }


def override(settings: Settings, **overrides: object) -> Settings:
    """A validated copy of settings with some values changed."""
    return Settings(**{**settings.model_dump(), **overrides})  # type: ignore[arg-type]


def with_settings(state: AppState, **overrides: object) -> AppState:
    """The same database with different settings."""
    return dataclasses.replace(state, settings=override(state.settings, **overrides))


@pytest.fixture
def make_client(state: AppState) -> Iterator[Callable[..., TestClient]]:
    """Build a client on an app with overridden settings (closed at the end)."""
    clients: list[TestClient] = []

    def build(
        *,
        client_addr: tuple[str, int] = ("testclient", 50000),
        base_url: str = "http://testserver",
        app_hook: Callable[[FastAPI], None] | None = None,
        **overrides: object,
    ) -> TestClient:
        app = create_app(state=with_settings(state, **overrides))
        if app_hook:
            app_hook(app)
        client = TestClient(app, base_url=base_url, client=client_addr)
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)
    configure_alerts(threshold=10**9, window=60, sender=None)


def audit_actions(state: AppState) -> list[str]:
    with state.db.transaction() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def audit_entries(state: AppState, action: str) -> list[AuditEntry]:
    with state.db.transaction() as session:
        rows = list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        )
        session.expunge_all()
        return rows


def outbox(state_or_dir: AppState | Path) -> list[EmailMessage]:
    """The stored messages, once every queued send has finished."""
    wait_for_pending()
    folder = (
        state_or_dir.settings.outbox_dir if isinstance(state_or_dir, AppState) else state_or_dir
    )
    if not folder.is_dir():
        return []
    return [
        message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for p in sorted(folder.glob("*.eml"))
    ]
