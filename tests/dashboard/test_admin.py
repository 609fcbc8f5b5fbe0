"""Admin settings: the account → kind map and the reporting currency, audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from elara.models import AuditEntry
from tests.dashboard.factories import Row, create_dataset
from tests.factories import create_user, login

ADMIN_ROUTES = [
    ("get", "/api/finance/accounts", None),
    ("put", "/api/finance/accounts", {"account": "Fees", "kind": "revenue"}),
    ("post", "/api/finance/accounts/bulk", {"accounts": ["Fees"], "kind": "revenue"}),
    ("get", "/api/finance/accounts/export", None),
    ("get", "/api/dashboard/settings", None),
    ("put", "/api/dashboard/settings", {"reporting_currency": "EUR"}),
    ("delete", "/api/fx-rates?currency=EUR", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ROUTES)
def test_forbidden_for_analysts(client, state, method, path, body):
    headers = login(client, create_user(state, role="analyst"))
    kwargs = {"json": body} if body else {}
    response = getattr(client, method)(path, headers=headers, **kwargs)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_chart_of_accounts_lifecycle(client, state):
    create_dataset(
        state,
        [
            Row("ACME", date(2024, 5, 1), "Fees", "25.00"),
            Row("ACME", date(2024, 5, 1), "Sales", "100.00"),
            Row("ACME", date(2024, 5, 1), "Interest", "7.00", "Finance Costs"),
        ],
    )
    admin = login(client, create_user(state, role="admin"))
    listed = client.get("/api/finance/accounts", headers=admin).json()
    assert listed["total"] == 3 and listed["unclassified"] == 1
    by_name = {item["account"]: item for item in listed["items"]}
    assert by_name["Interest"]["kind"] == "other_expense"
    assert by_name["Interest"]["source"] == "vocabulary"
    assert by_name["Interest"]["categories"] == ["Finance Costs"]
    assert by_name["Fees"]["kind"] is None and by_name["Fees"]["source"] == "none"
    found = client.get("/api/finance/accounts?q=finance", headers=admin).json()
    assert [i["account"] for i in found["items"]] == ["Interest"]

    bulk = {"accounts": ["Fees", "Sales"], "kind": "other_income"}
    assert client.post("/api/finance/accounts/bulk", json=bulk, headers=admin).json() == {
        "changed": 2
    }
    again = client.post("/api/finance/accounts/bulk", json=bulk, headers=admin).json()
    assert again == {"changed": 0}  # nothing changed, nothing audited
    items = client.get("/api/finance/accounts?kind=other_income", headers=admin).json()["items"]
    assert [(i["account"], i["source"]) for i in items] == [("Fees", "admin"), ("Sales", "admin")]
    removed = client.put(
        "/api/finance/accounts", json={"account": "SALES", "kind": None}, headers=admin
    )
    assert removed.json() == {"changed": 1}
    with state.db.transaction() as session:
        changes = session.scalars(
            select(AuditEntry.changes).where(AuditEntry.entity_type == "account_kind")
        ).all()
    assert changes == [
        {
            "kind": {
                "before": {"Fees": None, "Sales": None},
                "after": {"Fees": "other_income", "Sales": "other_income"},
            },
            "accounts": 2,
        },
        {"kind": {"before": {"SALES": "other_income"}, "after": {"SALES": None}}, "accounts": 1},
    ]


def test_chart_csv_round_trip(client, state):
    create_dataset(state, [Row("ACME", date(2024, 5, 1), "=Fees", "25.00")])
    admin = login(client, create_user(state, role="admin"))
    exported = client.get("/api/finance/accounts/export", headers=admin)
    assert exported.headers["content-type"].startswith("text/csv")
    lines = exported.text.lstrip("\ufeff").splitlines()
    assert lines[0] == "account,kind,source,suggested,categories,record_count"
    assert lines[1] == "'=Fees,,none,,,1"  # a formula-looking name is neutralised
    upload = "account,kind\r\n'=Fees,tax\r\nRent,operating_expense\r\n"
    files = {"file": ("chart.csv", upload.encode(), "text/csv")}
    stored = client.post("/api/finance/accounts/import", files=files, headers=admin)
    assert stored.json() == {"changed": 2}
    items = client.get("/api/finance/accounts", headers=admin).json()["items"]
    assert {(i["account"], i["kind"]) for i in items} == {
        ("=Fees", "tax"),
        ("Rent", "operating_expense"),
    }


@pytest.mark.parametrize(
    "upload",
    [
        "account,kind\r\nFees,profit\r\n",
        "name,kind\r\nFees,tax\r\n",
        "account,kind\r\n,tax\r\n",
        "account,kind\r\n",
    ],
)
def test_bad_chart_csv_changes_nothing(client, state, upload):
    admin = login(client, create_user(state, role="admin"))
    files = {"file": ("chart.csv", upload.encode(), "text/csv")}
    response = client.post("/api/finance/accounts/import", files=files, headers=admin)
    assert response.status_code == 422
    assert response.json()["error"]["correlation_id"]
    assert client.get("/api/finance/accounts", headers=admin).json()["total"] == 0


@pytest.mark.parametrize(
    "body",
    [
        {"account": "X", "kind": "profit"},
        {"account": "", "kind": "revenue"},
        {"account": "...", "kind": "revenue"},
        {"account": "X", "kind": "revenue", "x": 1},
        {"account": "X", "kind": "revenue", "dataset_id": 0},
    ],
)
def test_bad_account_entries(client, state, body):
    admin = login(client, create_user(state, role="admin"))
    response = client.put("/api/finance/accounts", json=body, headers=admin)
    assert response.status_code == 422


def test_kind_for_an_unknown_dataset_is_404(client, state):
    admin = login(client, create_user(state, role="admin"))
    body = {"account": "X", "kind": "revenue", "dataset_id": 999}
    assert client.put("/api/finance/accounts", json=body, headers=admin).status_code == 404


def test_reporting_currency_setting(client, state):
    admin = login(client, create_user(state, role="admin"))
    assert client.get("/api/dashboard/settings", headers=admin).json() == {
        "reporting_currency": None,
        "fiscal_year_start": 1,
    }
    assert client.put(
        "/api/dashboard/settings", json={"reporting_currency": "CHF"}, headers=admin
    ).json() == {"reporting_currency": "CHF", "fiscal_year_start": 1}
    bad = client.put("/api/dashboard/settings", json={"reporting_currency": "swiss"}, headers=admin)
    assert bad.status_code == 422
    cleared = client.put(
        "/api/dashboard/settings", json={"reporting_currency": None}, headers=admin
    )
    assert cleared.json() == {"reporting_currency": None, "fiscal_year_start": 1}
    with state.db.transaction() as session:
        changes = session.scalars(
            select(AuditEntry.changes).where(AuditEntry.entity_id == "reporting_currency")
        ).all()
    assert changes[0] == {"reporting_currency": {"before": None, "after": "CHF"}}
