"""Several currencies: the PDF has one KPI block per currency with the API's figures, the XLSX
one sheet per currency, and an alert one reading per currency; deleting the view ends both."""

from __future__ import annotations

import io
from datetime import date

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from elara.core.state import AppState
from elara.models import AlertRule, Subscription
from elara.subscriptions.delivery import send_subscription
from elara.subscriptions.evaluate import check_all
from elara.subscriptions.pdf import display_kpi
from tests.dashboard.factories import Row, create_dataset
from tests.factories import create_user, login
from tests.security.conftest import Inbox
from tests.subscriptions.conftest import attachments, pdf_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _mixed(state: AppState) -> None:
    create_dataset(
        state,
        [
            Row("ACME", date(2024, 1, 10), "Revenue", "100.00", "Revenue", "USD"),
            Row("ACME", date(2024, 1, 20), "Rent", "-30.00", None, "USD"),
        ],
    )
    create_dataset(
        state,
        [
            Row("EURO", date(2024, 1, 10), "Revenue", "50.00", "Revenue", "EUR"),
            Row("EURO", date(2024, 1, 15), "Revenue", "10.25", "Revenue", "EUR"),
        ],
        currency="EUR",
    )


def test_one_block_per_currency(
    mail_client: TestClient, state: AppState, mail_state: AppState, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_server
    _mixed(state)
    owner = create_user(state, role="analyst")
    headers = login(mail_client, owner)
    filters = {"from": "2024-01-01", "to": "2024-01-31"}
    view = mail_client.post(
        "/api/views", json={"name": "Mixed", "filters": filters}, headers=headers
    ).json()
    sub = mail_client.post("/api/subscriptions", json={"view_id": view["id"]}, headers=headers)
    assert sub.status_code == 201, sub.text
    assert send_subscription(mail_state, sub.json()["id"]).sent == [owner.email]
    [message] = inbox.wait(1, timeout=30)
    files = attachments(message)
    text = pdf_text(files["application/pdf"])
    api = mail_client.get("/api/dashboard/summary", params=filters, headers=headers).json()
    assert {b["currency"] for b in api["by_currency"]} == {"EUR", "USD"}
    for block in api["by_currency"]:
        assert f"Currency: {block['currency']}" in text
        assert display_kpi("revenue", block["current"]["revenue"]) in text
    book = load_workbook(io.BytesIO(files[XLSX]), read_only=True)
    assert sorted(book.sheetnames) == ["EUR", "USD"]

    rule = mail_client.post(
        "/api/alerts",
        json={
            "name": "Revenue floor",
            "view_id": view["id"],
            "metric": "revenue",
            "comparison": "below",
            "threshold": "80",
            "period": "view",
        },
        headers=headers,
    ).json()
    tried = mail_client.post(f"/api/alerts/{rule['id']}/test", headers=headers).json()
    readings = {r["currency"]: (r["value"], r["breached"]) for r in tried["readings"]}
    assert readings == {"EUR": ("60.25", True), "USD": ("100.00", False)}
    assert check_all(mail_state) == {rule["id"]: [owner.email]}

    assert mail_client.delete(f"/api/views/{view['id']}", headers=headers).status_code == 204
    with state.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Subscription)) == 0
        assert session.scalar(select(func.count()).select_from(AlertRule)) == 0
