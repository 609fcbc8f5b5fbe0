"""Admin settings: the account → kind map and the reporting currency, audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from elara.models import AuditEntry
from tests.dashboard.factories import Row, create_dataset
from tests.factories import create_user, login

ADMIN_ROUTES = [
    ("get", "/api/dashboard/account-categories", None),
    (
        "put",
        "/api/dashboard/account-categories",
        {"account": "Fees", "category": "Services", "kind": "income"},
    ),
    ("delete", "/api/dashboard/account-categories?account=Fees", None),
    ("get", "/api/dashboard/settings", None),
    ("put", "/api/dashboard/settings", {"reporting_currency": "EUR"}),
]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ROUTES)
def test_forbidden_for_analysts(client, state, method, path, body):
    headers = login(client, create_user(state, role="analyst"))
    kwargs = {"json": body} if body else {}
    response = getattr(client, method)(path, headers=headers, **kwargs)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_account_map_lifecycle(client, state):
    create_dataset(
        state,
        [
            Row("ACME", date(2024, 5, 1), "Fees", "25.00"),
            Row("ACME", date(2024, 5, 1), "Sales", "100.00"),
        ],
    )
    admin = login(client, create_user(state, role="admin"))
    listed = client.get("/api/dashboard/account-categories", headers=admin).json()
    assert {"account": "cogs", "category": "Cogs", "kind": "expense", "source": "default"} in listed
    before = client.get("/api/dashboard/summary", headers=admin).json()["current"]
    assert before["unclassified"] == "25.00" and before["revenue"] == "100.00"

    body = {"account": "Fees", "category": "Services", "kind": "expense"}
    assert client.put("/api/dashboard/account-categories", json=body, headers=admin).json() == {
        **body,
        "source": "custom",
    }
    after = client.get("/api/dashboard/summary", headers=admin).json()["current"]
    assert after["expenses"] == "25.00" and after["unclassified"] == "0.00"

    override = {"account": "sales", "category": "Other", "kind": "expense"}
    client.put("/api/dashboard/account-categories", json=override, headers=admin)
    assert (
        client.get("/api/dashboard/summary", headers=admin).json()["current"]["revenue"] == "0.00"
    )

    gone = client.delete("/api/dashboard/account-categories?account=fees", headers=admin)
    assert gone.status_code == 204
    again = client.delete("/api/dashboard/account-categories?account=fees", headers=admin)
    assert again.status_code == 404
    with state.db.transaction() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_type == "account_category")
        ).all()
    assert actions == ["settings.change"] * 3


@pytest.mark.parametrize(
    "body",
    [
        {"account": "X", "category": "Y", "kind": "profit"},
        {"account": "", "category": "Y", "kind": "income"},
        {"account": "X", "category": "Y", "kind": "income", "x": 1},
    ],
)
def test_bad_account_entries(client, state, body):
    admin = login(client, create_user(state, role="admin"))
    response = client.put("/api/dashboard/account-categories", json=body, headers=admin)
    assert response.status_code == 422


def test_reporting_currency_setting(client, state):
    admin = login(client, create_user(state, role="admin"))
    assert client.get("/api/dashboard/settings", headers=admin).json() == {
        "reporting_currency": None
    }
    assert client.put(
        "/api/dashboard/settings", json={"reporting_currency": "CHF"}, headers=admin
    ).json() == {"reporting_currency": "CHF"}
    bad = client.put("/api/dashboard/settings", json={"reporting_currency": "swiss"}, headers=admin)
    assert bad.status_code == 422
    cleared = client.put(
        "/api/dashboard/settings", json={"reporting_currency": None}, headers=admin
    )
    assert cleared.json() == {"reporting_currency": None}
    with state.db.transaction() as session:
        changes = session.scalars(
            select(AuditEntry.changes).where(AuditEntry.entity_id == "reporting_currency")
        ).all()
    assert changes[0] == {"reporting_currency": {"before": None, "after": "CHF"}}
