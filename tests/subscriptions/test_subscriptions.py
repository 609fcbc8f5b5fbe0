"""/api/subscriptions on SQLite and MariaDB, sent through a real SMTP server: each recipient's
PDF states the dashboard API's figures in their own scope, the XLSX holds their records, a
recipient who sees nothing gets nothing (and the owner is told), and the schedule sends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select

from elara.core.state import AppState
from elara.email.mailer import wait_for_pending
from elara.models import Subscription, User
from elara.subscriptions.delivery import send_subscription
from elara.subscriptions.pdf import display_kpi
from elara.subscriptions.scheduler import run_due
from tests.factories import create_user, login
from tests.security.conftest import Inbox, audit_entries, with_settings
from tests.subscriptions.conftest import (
    VIEW_FILTERS,
    attachments,
    by_recipient,
    pdf_text,
    shared_view,
    xlsx_rows,
)

SUMMARY_KPIS = ("revenue", "expenses", "net_income", "margin", "gross_profit", "record_count")


def _api_summary(client: TestClient, headers: dict[str, str], companies: list[str]) -> dict:
    params = {"company": companies, "from": VIEW_FILTERS["from"], "to": VIEW_FILTERS["to"]}
    answer = client.get("/api/dashboard/summary", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


class TestRoutes:
    def test_anonymous(self, client: TestClient) -> None:
        for method, path in (("GET", "/api/subscriptions"), ("POST", "/api/subscriptions/1/send")):
            answer = client.request(method, path)
            assert answer.status_code == 401
            assert set(answer.json()["error"]) >= {"code", "message", "details", "correlation_id"}

    def test_viewer_subscribes_only_themselves(self, client: TestClient, state: AppState) -> None:
        analyst = create_user(state, role="analyst")
        viewer = create_user(state, role="viewer")
        view_id = shared_view(client, analyst)
        headers = login(client, viewer)
        body = {"view_id": view_id, "frequency": "daily", "time": "07:00"}
        others = client.post(
            "/api/subscriptions", json={**body, "recipients": [analyst.email]}, headers=headers
        )
        assert others.status_code == 403
        assert others.json()["error"]["code"] == "recipients_not_allowed"
        mine = client.post("/api/subscriptions", json=body, headers=headers)
        assert mine.status_code == 201, mine.text
        assert mine.json()["recipients"] == [viewer.email]

    def test_valid_crud_is_audited(self, client: TestClient, state: AppState) -> None:
        analyst = create_user(state, role="analyst")
        other = create_user(state, role="viewer")
        view_id = shared_view(client, analyst)
        headers = login(client, analyst)
        made = client.post(
            "/api/subscriptions",
            json={
                "view_id": view_id,
                "recipients": [analyst.email, other.email],
                "frequency": "weekly",
                "weekday": 0,
                "time": "08:00",
                "timezone": "Europe/Berlin",
            },
            headers=headers,
        )
        assert made.status_code == 201, made.text
        sub = made.json()
        assert sub["view_name"] == "ACME and Globex 2024" and sub["mine"]
        assert sub["recipients"] == [analyst.email, other.email]
        next_run = datetime.fromisoformat(sub["next_run_at"])
        assert next_run > datetime.now(UTC) - timedelta(seconds=5)
        changed = client.patch(
            f"/api/subscriptions/{sub['id']}", json={"enabled": False}, headers=headers
        )
        assert changed.status_code == 200 and changed.json()["next_run_at"] is None
        theirs = login(client, other)
        assert client.get("/api/subscriptions", headers=theirs).json() == []
        assert client.delete(f"/api/subscriptions/{sub['id']}", headers=theirs).status_code == 404
        assert (
            client.post(f"/api/subscriptions/{sub['id']}/send", headers=theirs).status_code == 404
        )
        assert client.delete(f"/api/subscriptions/{sub['id']}", headers=headers).status_code == 204
        updates = audit_entries(state, "subscription.update")
        assert updates[0].changes["enabled"] == {"before": True, "after": False}
        assert audit_entries(state, "subscription.create") and audit_entries(
            state, "subscription.delete"
        )

    def test_invalid_input_is_one_error_shape(self, client: TestClient, state: AppState) -> None:
        analyst = create_user(state, role="analyst")
        view_id = shared_view(client, analyst)
        private = client.post(
            "/api/views", json={"name": "Mine", "filters": {}}, headers=login(client, analyst)
        ).json()["id"]
        viewer = create_user(state, role="viewer")
        headers = login(client, analyst)
        cases = [
            ({"view_id": view_id, "time": "25:00"}, 422),
            ({"view_id": view_id, "timezone": "Mars/Base"}, 422),
            ({"view_id": view_id, "frequency": "hourly"}, 422),
            ({"view_id": view_id, "recipients": ["nobody@example.com"]}, 422),
            ({"view_id": private, "recipients": [viewer.email]}, 422),
            ({"view_id": 999999}, 404),
            ({"view_id": view_id, "owner_id": 1}, 422),
        ]
        for body, code in cases:
            answer = client.post("/api/subscriptions", json=body, headers=headers)
            assert answer.status_code == code, (body, answer.text)
            assert set(answer.json()["error"]) >= {"code", "message", "details", "correlation_id"}


def test_send_now_gives_each_recipient_their_own_scope(
    mail_client: TestClient, demo: AppState, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_server
    client = mail_client
    owner = create_user(demo, role="analyst")
    acme = create_user(demo, role="viewer", allowed_companies=["ACME"])
    blind = create_user(demo, role="viewer", allowed_companies=["INITECH"])
    view_id = shared_view(client, owner)
    headers = login(client, owner)
    made = client.post(
        "/api/subscriptions",
        json={"view_id": view_id, "recipients": [owner.email, acme.email, blind.email]},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    sent = client.post(f"/api/subscriptions/{made.json()['id']}/send", headers=headers)
    assert sent.status_code == 202 and sent.json() == {"queued": True}
    wait_for_pending(timeout=60)
    received = inbox.wait(3, timeout=30)
    notice = [m for m in received if "not sent" in str(m["Subject"])]
    mail = by_recipient([m for m in received if m not in notice])
    assert set(mail) == {owner.email, acme.email}  # the blind recipient got nothing...
    assert len(received) == 3  # ...and the owner was told
    assert notice and blind.email in notice[0].get_content() and notice[0]["To"] == owner.email

    for user, companies in ((owner, ["ACME", "GLOBEX"]), (acme, ["ACME"])):
        files = attachments(mail[user.email])
        text = pdf_text(files["application/pdf"])
        api = _api_summary(client, login(client, user), companies)
        for key in SUMMARY_KPIS:
            assert display_kpi(key, api["current"][key]) in text, (user.email, key)
        rows = xlsx_rows(files["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])
        assert len(rows) == api["current"]["record_count"]
        assert {row[0] for row in rows} == set(companies)
        total = sum(Decimal(str(row[4])) for row in rows if row[2] == "Revenue")
        assert abs(total - Decimal(api["current"]["revenue"])) < Decimal("0.01")
    link = "/#/dashboard?companies={}&from=2024-01-01&to=2024-12-31"
    assert link.format("ACME") in mail[acme.email].get_body().get_content()  # type: ignore[union-attr]
    assert link.format("ACME,GLOBEX") in mail[owner.email].get_body().get_content()  # type: ignore[union-attr]
    owner_text = pdf_text(attachments(mail[owner.email])["application/pdf"])
    acme_text = pdf_text(attachments(mail[acme.email])["application/pdf"])
    assert "GLOBEX" in owner_text and "GLOBEX" not in acme_text
    [entry] = audit_entries(demo, "subscription.send")
    assert entry.changes["skipped"] == [blind.email]
    assert sorted(entry.changes["sent"]) == sorted([owner.email, acme.email])


def test_the_schedule_sends_when_due_and_moves_on(
    mail_client: TestClient, demo: AppState, mail_state: AppState, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_server
    owner = create_user(demo, role="analyst")
    view_id = shared_view(mail_client, owner)
    made = mail_client.post(
        "/api/subscriptions",
        json={"view_id": view_id, "frequency": "daily", "time": "06:00", "timezone": "UTC"},
        headers=login(mail_client, owner),
    ).json()
    first = datetime.fromisoformat(made["next_run_at"])
    assert first.hour == 6 and first.minute == 0
    assert run_due(mail_state, now=first - timedelta(minutes=1))["sent"] == []
    assert run_due(mail_state, now=first + timedelta(minutes=1))["sent"] == [made["id"]]
    assert len(inbox.wait(1, timeout=30)) == 1
    with demo.db.transaction() as session:
        sub = session.scalar(select(Subscription))
        assert sub is not None and sub.next_run_at == first + timedelta(days=1)
        assert sub.last_status == "sent to 1"
    assert run_due(mail_state, now=first + timedelta(minutes=2))["sent"] == []  # not twice


def test_a_deactivated_owner_sends_nothing_and_inactive_recipients_are_skipped(
    mail_client: TestClient, demo: AppState, mail_state: AppState, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_server
    owner = create_user(demo, role="analyst")
    leaver = create_user(demo, role="viewer")
    view_id = shared_view(mail_client, owner)
    headers = login(mail_client, owner)
    sub = mail_client.post(
        "/api/subscriptions",
        json={"view_id": view_id, "recipients": [owner.email, leaver.email]},
        headers=headers,
    ).json()
    with demo.db.transaction() as session:
        user = session.get(User, leaver.id)
        assert user is not None
        user.is_active = False
    first = send_subscription(mail_state, sub["id"])
    assert first.sent == [owner.email] and first.skipped == []
    assert [str(m["To"]) for m in inbox.wait(1, timeout=30)] == [owner.email]
    with demo.db.transaction() as session:
        owner_row = session.get(User, owner.id)
        assert owner_row is not None
        owner_row.is_active = False
    result = send_subscription(mail_state, sub["id"])
    assert result.sent == [] and result.note and "deactivated" in result.note
    assert len(inbox.messages) == 1


def test_too_many_records_send_the_pdf_alone(
    mail_client: TestClient, demo: AppState, mail_state: AppState, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_server
    owner = create_user(demo, role="analyst")
    view_id = shared_view(mail_client, owner)
    sub = mail_client.post(
        "/api/subscriptions", json={"view_id": view_id}, headers=login(mail_client, owner)
    ).json()
    small = with_settings(mail_state, subscription_xlsx_max_rows=10)
    assert send_subscription(small, sub["id"]).sent == [owner.email]
    [message] = inbox.wait(1, timeout=30)
    assert list(attachments(message)) == ["application/pdf"]
    body = message.get_body().get_content()  # type: ignore[union-attr]
    assert "are too many to attach" in body and "an XLSX" not in body
