"""A saved view keeps its scenario: `/api/views` stores and answers `scenario`, and a
subscription to a budget view mails the budget's figures (the PDF, the XLSX and the email say
they are budget figures; the link opens the dashboard on the budget), never the actuals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.email.mailer import wait_for_pending
from elara.subscriptions.pdf import display_kpi
from tests.dashboard.factories import create_dataset, pnl
from tests.factories import create_user, login
from tests.security.conftest import Inbox
from tests.subscriptions.conftest import attachments, pdf_text, shared_view, xlsx_rows

DAY = date(2024, 3, 15)
BUDGET = {"from": "2024-01-01", "to": "2024-12-31", "scenario": "budget"}


def _budget_beside_actuals(state: AppState) -> int:
    create_dataset(state, pnl("ACME", DAY, revenue="9000.00", cogs="4000.00"), name="Ledger")
    rows = pnl("ACME", DAY, revenue="12345.67", cogs="5000.00")
    return create_dataset(state, rows, name="Budget 2024", scenario="budget")


def test_a_view_stores_its_scenario(client: TestClient, state: AppState) -> None:
    headers = login(client, create_user(state, role="analyst"))
    made = client.post("/api/views", json={"name": "Budget", "filters": BUDGET}, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json()["filters"] == BUDGET
    [listed] = client.get("/api/views", headers=headers).json()
    assert listed["filters"]["scenario"] == "budget"
    back = client.patch(
        f"/api/views/{listed['id']}", json={"filters": {"from": "2024-01-01"}}, headers=headers
    )
    assert back.status_code == 200 and "scenario" not in back.json()["filters"]  # actual
    wrong = client.post(
        "/api/views", json={"name": "Odd", "filters": {"scenario": "stretch"}}, headers=headers
    )
    assert wrong.status_code == 422, wrong.text
    assert set(wrong.json()["error"]) >= {"code", "message", "details", "correlation_id"}


def test_a_subscription_to_a_budget_view_mails_the_budget(
    mail_client: TestClient, state: AppState, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_server
    client = mail_client
    _budget_beside_actuals(state)
    owner = create_user(state, role="analyst")
    headers = login(client, owner)
    view_id = shared_view(client, owner, BUDGET)
    made = client.post(
        "/api/subscriptions",
        json={"view_id": view_id, "recipients": [owner.email]},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    sent = client.post(f"/api/subscriptions/{made.json()['id']}/send", headers=headers)
    assert sent.status_code == 202, sent.text
    wait_for_pending(timeout=60)
    [mail] = inbox.wait(1, timeout=30)
    files = attachments(mail)
    text = pdf_text(files["application/pdf"])
    assert display_kpi("revenue", "12345.67") in text
    assert display_kpi("revenue", "9000.00") not in text
    assert "Figures: Budget" in text
    rows = xlsx_rows(files["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])
    revenue = sum(Decimal(str(row[4])) for row in rows if row[2] == "Revenue")
    assert revenue == Decimal("12345.67")
    body = mail.get_body().get_content()  # type: ignore[union-attr]
    assert "These are Budget figures, not actuals." in body
    assert "/#/dashboard?from=2024-01-01&to=2024-12-31&scenario=budget" in body
