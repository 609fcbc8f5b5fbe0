"""Subscription fixtures: the real STARTTLS+AUTH SMTP server of tests/security, an app whose
mail goes there, demo data, a shared view and helpers to read the attachments back."""

from __future__ import annotations

import io
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader

from elara.core.state import AppState
from elara.demo import load_demo_data
from tests.factories import MadeUser, create_user, login
from tests.security import conftest as security
from tests.security.conftest import Inbox, smtp_overrides, with_settings

# The real STARTTLS+AUTH SMTP server and the settings-overriding app of tests/security.
cert = security.cert
smtp_server = security.smtp_server
make_client = security.make_client

VIEW_FILTERS = {"companies": ["ACME", "GLOBEX"], "from": "2024-01-01", "to": "2024-12-31"}


@pytest.fixture
def mail_client(
    make_client: Callable[..., TestClient], smtp_server: tuple[Inbox, int], cert: Any
) -> TestClient:
    """An app sending mail through the real SMTP server."""
    _, port = smtp_server
    return make_client(**smtp_overrides(port, cert))


@pytest.fixture
def mail_state(state: AppState, smtp_server: tuple[Inbox, int], cert: Any) -> AppState:
    """The same database with settings that send through the real SMTP server."""
    _, port = smtp_server
    return with_settings(state, **smtp_overrides(port, cert))


@pytest.fixture
def demo(state: AppState) -> AppState:
    load_demo_data(state)
    return state


def shared_view(client: TestClient, owner: MadeUser, filters: dict[str, Any] | None = None) -> int:
    body = {"name": "ACME and Globex 2024", "filters": filters or VIEW_FILTERS, "shared": True}
    made = client.post("/api/views", json=body, headers=login(client, owner))
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def attachments(message: EmailMessage) -> dict[str, bytes]:
    """Attachment bytes by content type."""
    return {
        part.get_content_type(): part.get_content()  # type: ignore[misc]
        for part in message.iter_attachments()
    }


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = []
    for sheet in book.worksheets:
        rows.extend(list(sheet.iter_rows(values_only=True))[1:])
    return rows


def by_recipient(messages: list[EmailMessage]) -> dict[str, EmailMessage]:
    return {str(m["To"]): m for m in messages}


__all__ = ["create_user", "login"]
