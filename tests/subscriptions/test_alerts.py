"""/api/alerts on SQLite and MariaDB through a real SMTP server: readings in each recipient's
scope equal the dashboard API's, one email per breach (again only after it cleared), checks
after a data change and on schedule, and the scheduler thread woken by a data-change event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from elara.core import data_version
from elara.core.state import AppState
from elara.subscriptions.evaluate import check_all
from elara.subscriptions.scheduler import SubscriptionScheduler, alerts_due, run_due
from tests.factories import create_user, login
from tests.security.conftest import Inbox, audit_entries
from tests.subscriptions.conftest import shared_view

ACME_2024 = {"companies": ["ACME"], "from": "2024-01-01", "to": "2024-12-31"}


def _margin(client: TestClient, headers: dict[str, str], companies: list[str]) -> Decimal:
    """The dashboard's net margin of December 2024 (the latest month of the filters)."""
    params = {"company": companies, "from": "2024-12-01", "to": "2024-12-31"}
    answer = client.get("/api/dashboard/summary", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return Decimal(answer.json()["current"]["margin"])


def _rule(client: TestClient, headers: dict[str, str], **fields: object) -> dict:
    body = {
        "name": "ACME margin",
        "filters": ACME_2024,
        "metric": "margin",
        "comparison": "below",
        "threshold": "50",
        "period": "month",
        **fields,
    }
    made = client.post("/api/alerts", json=body, headers=headers)
    assert made.status_code == 201, made.text
    return made.json()


class TestRoutes:
    def test_anonymous(self, client: TestClient) -> None:
        for method, path in (("GET", "/api/alerts"), ("POST", "/api/alerts/1/test")):
            answer = client.request(method, path)
            assert answer.status_code == 401
            assert set(answer.json()["error"]) >= {"code", "message", "details", "correlation_id"}

    def test_forbidden_company(self, client: TestClient, state: AppState) -> None:
        restricted = create_user(state, role="analyst", allowed_companies=["GLOBEX"])
        answer = client.post(
            "/api/alerts",
            json={
                "name": "Not mine",
                "filters": ACME_2024,
                "metric": "revenue",
                "comparison": "below",
                "threshold": "1",
            },
            headers=login(client, restricted),
        )
        assert answer.status_code == 403
        assert answer.json()["error"]["code"] == "company_not_allowed"

    @pytest.mark.parametrize(
        "change",
        [
            {"metric": "profit"},
            {"comparison": "equals"},
            {"threshold": "five"},
            {"threshold": "NaN"},
            {"period": "decade"},
            {"view_id": 1},  # a view and filters at once
            {"recipients": ["nobody@example.com"]},
        ],
    )
    def test_invalid(self, client: TestClient, state: AppState, change: dict) -> None:
        headers = login(client, create_user(state, role="analyst"))
        body = {
            "name": "x",
            "filters": {},
            "metric": "revenue",
            "comparison": "below",
            "threshold": "1",
            **change,
        }
        answer = client.post("/api/alerts", json=body, headers=headers)
        assert answer.status_code == 422, answer.text
        assert set(answer.json()["error"]) >= {"code", "message", "details", "correlation_id"}

    def test_valid_crud_is_audited(self, client: TestClient, state: AppState) -> None:
        owner = create_user(state, role="analyst")
        view_id = shared_view(client, owner)
        headers = login(client, owner)
        rule = _rule(
            client,
            headers,
            filters=None,
            view_id=view_id,
            metric="revenue",
            comparison="drop_pct",
            threshold="10",
        )
        assert rule["view_name"] == "ACME and Globex 2024" and rule["recipients"] == [owner.email]
        assert [r["id"] for r in client.get("/api/alerts", headers=headers).json()] == [rule["id"]]
        changed = client.patch(
            f"/api/alerts/{rule['id']}", json={"threshold": "12.50"}, headers=headers
        )
        assert changed.status_code == 200 and changed.json()["threshold"] == "12.5"
        other = login(client, create_user(state, role="viewer"))
        assert client.patch(f"/api/alerts/{rule['id']}", json={}, headers=other).status_code == 404
        assert client.delete(f"/api/alerts/{rule['id']}", headers=headers).status_code == 204
        [update] = audit_entries(state, "alert.update")
        assert update.changes["threshold"] == {"before": "10", "after": "12.5"}
        assert audit_entries(state, "alert.create") and audit_entries(state, "alert.delete")


def test_once_per_breach_in_each_recipients_scope(
    mail_client: TestClient,
    demo: AppState,
    mail_state: AppState,
    smtp_server: tuple[Inbox, int],
) -> None:
    inbox, _ = smtp_server
    client = mail_client
    owner = create_user(demo, role="analyst")
    acme = create_user(demo, role="viewer", allowed_companies=["ACME"])
    globex = create_user(demo, role="viewer", allowed_companies=["GLOBEX"])
    headers = login(client, owner)
    margin = _margin(client, login(client, acme), ["ACME"])
    above = str(margin + 1)
    rule = _rule(
        client,
        headers,
        threshold=above,
        recipients=[owner.email, acme.email, globex.email],
    )
    assert check_all(mail_state) == {rule["id"]: [owner.email, acme.email]}  # GLOBEX sees none
    messages = inbox.wait(2, timeout=30)
    assert sorted(str(m["To"]) for m in messages) == sorted([owner.email, acme.email])
    body = messages[0].get_content()
    assert f"{margin} %" in body and "2024-12-01 to 2024-12-31" in body
    assert "/#/dashboard?companies=ACME&from=2024-12-01&to=2024-12-31" in body
    assert check_all(mail_state) == {}  # the same breach: no second email
    client.patch(f"/api/alerts/{rule['id']}", json={"threshold": "-100"}, headers=headers)
    assert check_all(mail_state) == {}  # cleared
    client.patch(f"/api/alerts/{rule['id']}", json={"threshold": above}, headers=headers)
    assert check_all(mail_state) == {rule["id"]: [owner.email, acme.email]}  # breached again
    assert len(inbox.wait(4, timeout=30)) == 4
    assert len(audit_entries(demo, "alert.breach")) == 4


def test_test_checks_in_the_callers_scope_and_emails_them(
    mail_client: TestClient, demo: AppState, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_server
    acme = create_user(demo, role="analyst", allowed_companies=["ACME"])
    headers = login(mail_client, acme)
    rule = _rule(mail_client, headers, filters={"from": "2024-01-01", "to": "2024-12-31"})
    tried = mail_client.post(f"/api/alerts/{rule['id']}/test", headers=headers)
    assert tried.status_code == 200, tried.text
    answer = tried.json()
    expected = _margin(mail_client, headers, [])  # the caller's own scope: ACME only
    assert [r["value"] for r in answer["readings"]] == [str(expected)]
    assert answer["breached"] and answer["emailed"]
    [message] = inbox.wait(1, timeout=30)
    assert "(test)" in str(message["Subject"]) and str(message["To"]) == acme.email


def test_checked_after_a_data_change_and_on_schedule(demo: AppState) -> None:
    now = datetime(2026, 1, 5, 9, tzinfo=UTC)
    run_due(demo, now=now)
    assert alerts_due(demo, now + timedelta(minutes=1)) is None
    with demo.db.transaction() as session:
        version = data_version.bump(session)
    assert alerts_due(demo, now + timedelta(minutes=1)) == version
    run_due(demo, now=now + timedelta(minutes=1))
    assert alerts_due(demo, now + timedelta(minutes=2)) is None
    later = now + timedelta(minutes=demo.settings.alerts_check_minutes + 1)
    assert alerts_due(demo, later) is not None


def test_a_data_change_event_wakes_the_scheduler(
    mail_client: TestClient,
    demo: AppState,
    mail_state: AppState,
    smtp_server: tuple[Inbox, int],
) -> None:
    inbox, _ = smtp_server
    owner = create_user(demo, role="analyst")
    headers = login(mail_client, owner)
    scheduler = SubscriptionScheduler(mail_state)
    scheduler.interval = 3600  # only a wake-up can make it tick again
    scheduler.start()
    try:
        with demo.db.transaction() as session:
            data_version.bump(session)
        _rule(mail_client, headers)  # created after the first tick...
        mail_state.events.publish({"type": "data.changed", "dataset_id": 1})  # ...woken here
        [message] = inbox.wait(1, timeout=60)
        assert str(message["To"]) == owner.email and "ACME margin" in str(message["Subject"])
    finally:
        scheduler.stop()


def test_an_alert_on_a_view_keeps_the_views_filters(client: TestClient, state: AppState) -> None:
    owner = create_user(state, role="analyst")
    view_id = shared_view(client, owner)
    headers = login(client, owner)
    rule = _rule(client, headers, filters=None, view_id=view_id)
    answer = client.patch(f"/api/alerts/{rule['id']}", json={"filters": {}}, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["error"]["details"][0]["field"] == "filters"
