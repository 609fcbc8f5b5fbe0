"""A subscription to a view filtered by an imported dimension (Region=West) mails that
region's figures: the PDF and the XLSX hold West's records only, the PDF names the filter and
the link opens the dashboard on it. Dimensions only narrow: a recipient limited to one company
gets West's figures of that company, never more."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.email.mailer import wait_for_pending
from elara.subscriptions.pdf import display_kpi
from tests.dashboard.factories import Row
from tests.factories import create_user, login
from tests.finance.factories import store
from tests.security.conftest import Inbox
from tests.subscriptions.conftest import attachments, by_recipient, pdf_text, shared_view, xlsx_rows

DAY = date(2025, 3, 31)
WEST = {"from": "2025-01-01", "to": "2025-12-31", "dims": {"Region": ["West"]}}


def _regions(state: AppState) -> None:
    rows = [
        Row("ACME", DAY, "Sales", "1000.00", "Revenue"),
        Row("ACME", DAY, "Sales", "250.50", "Revenue"),
        Row("GLOBEX", DAY, "Sales", "40.25", "Revenue"),
        Row("GLOBEX", DAY, "Sales", "7.00", "Revenue"),
    ]
    attributes = [{"Region": "East"}, {"Region": "West"}, {"Region": "East"}, {"Region": "West"}]
    settings = {
        "columns": [
            {"header": "Company", "role": "company"},
            {"header": "Region", "role": "dimension"},
        ]
    }
    store(state, rows, settings=settings, attributes=attributes)


def _revenue(rows: list[tuple[object, ...]]) -> Decimal:
    return sum((Decimal(str(row[4])) for row in rows if row[3] == "Revenue"), Decimal(0))


def test_a_subscription_to_a_region_view_mails_that_region(
    mail_client: TestClient, state: AppState, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_server
    client = mail_client
    _regions(state)
    owner = create_user(state, role="analyst")
    globex = create_user(state, role="viewer", allowed_companies=["GLOBEX"])
    headers = login(client, owner)
    view_id = shared_view(client, owner, WEST)
    made = client.post(
        "/api/subscriptions",
        json={"view_id": view_id, "recipients": [owner.email, globex.email]},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    sent = client.post(f"/api/subscriptions/{made.json()['id']}/send", headers=headers)
    assert sent.status_code == 202, sent.text
    wait_for_pending(timeout=60)
    mails = by_recipient(inbox.wait(2, timeout=30))

    files = attachments(mails[owner.email])
    text = pdf_text(files["application/pdf"])
    assert display_kpi("revenue", "257.50") in text  # West: 250.50 + 7.00
    assert display_kpi("revenue", "1297.75") not in text  # every region
    assert "Region: West" in text
    rows = xlsx_rows(files["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])
    assert _revenue(rows) == Decimal("257.50") and len(rows) == 2
    body = mails[owner.email].get_body().get_content()  # type: ignore[union-attr]
    assert "Only the records with Region = West." in body
    [link] = [line for line in body.splitlines() if "/#/dashboard" in line]
    query = parse_qs(urlsplit(link.split("/#/dashboard", 1)[1]).query)
    assert json.loads(query["dims"][0]) == {"Region": ["West"]}

    # Limited to GLOBEX: West within GLOBEX only (7.00), never ACME's West.
    files = attachments(mails[globex.email])
    text = pdf_text(files["application/pdf"])
    assert display_kpi("revenue", "7.00") in text
    assert display_kpi("revenue", "257.50") not in text
    rows = xlsx_rows(files["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])
    assert _revenue(rows) == Decimal("7.00") and {row[0] for row in rows} == {"GLOBEX"}


def test_an_alert_on_a_region_reads_that_region(
    mail_client: TestClient, state: AppState, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_server
    _regions(state)
    globex = create_user(state, role="analyst", allowed_companies=["GLOBEX"])
    for user, expected in ((create_user(state, role="analyst"), "257.50"), (globex, "7.00")):
        headers = login(mail_client, user)
        body = {
            "name": "West revenue",
            "filters": WEST,
            "metric": "revenue",
            "comparison": "below",
            "threshold": "1000",
            "period": "view",
        }
        made = mail_client.post("/api/alerts", json=body, headers=headers)
        assert made.status_code == 201, made.text
        assert made.json()["filters"]["dims"] == {"Region": ["West"]}
        tried = mail_client.post(f"/api/alerts/{made.json()['id']}/test", headers=headers)
        assert tried.status_code == 200, tried.text
        assert [r["value"] for r in tried.json()["readings"]] == [expected], user.email
    wait_for_pending(timeout=60)
    mails = inbox.wait(2, timeout=30)
    assert all("dims=" in m.get_body().get_content() for m in mails)  # type: ignore[union-attr]
