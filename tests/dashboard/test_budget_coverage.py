"""% of budget like for like (docs/finance.md, "Scenarios"): when some companies in scope hold
actuals but no budget, the variance and % of budget compare the budget with the budgeted
companies' actuals only, and `coverage` says which companies were left out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from elara.core import data_version
from elara.core.state import AppState
from elara.models import Dataset
from tests.dashboard.factories import Row
from tests.factories import create_user, login
from tests.finance.factories import store

DAY = date(2025, 6, 15)
PARAMS = {"from": "2025-06-01", "to": "2025-06-30"}


def _budget(state: AppState, rows: list[Row]) -> None:
    dataset = store(state, rows, name="Budget")
    with state.db.transaction() as session:
        session.get_one(Dataset, dataset).scenario = "budget"
        data_version.bump(session)


def _summary(client: TestClient, state: AppState) -> dict[str, Any]:
    headers = login(client, create_user(state, role="viewer"))
    response = client.get("/api/dashboard/summary", headers=headers, params=PARAMS)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_budget_of_two_companies_out_of_three_is_compared_like_for_like(
    client: TestClient, state: AppState
) -> None:
    store(
        state,
        [
            Row("ACME", DAY, "Sales", "9000.00", "Revenue"),
            Row("GLOBEX", DAY, "Sales", "1000.00", "Revenue"),
            Row("INITECH", DAY, "Sales", "5000.00", "Revenue"),
        ],
        name="Ledger",
    )
    _budget(
        state,
        [
            Row("ACME", DAY, "Sales", "12000.00", "Revenue"),
            Row("GLOBEX", DAY, "Sales", "2000.00", "Revenue"),
        ],
    )
    summary = _summary(client, state)
    assert Decimal(summary["current"]["revenue"]) == Decimal("15000.00")  # every company
    [block] = summary["budget"]
    assert Decimal(block["budget"]["revenue"]) == Decimal("14000.00")
    # 10,000 of the budgeted companies against their 14,000 (never 15,000: 107 %)
    assert Decimal(block["percent_of_budget"]["revenue"]) == Decimal("71.43")
    assert Decimal(block["variance"]["revenue"]["absolute"]) == Decimal("-4000.00")
    assert block["coverage"] == {
        "companies": 3,
        "budgeted": 2,
        "without_budget": ["INITECH"],
        "partial": True,
    }


def test_a_budget_of_every_company_compares_every_actual(
    client: TestClient, state: AppState
) -> None:
    store(
        state,
        [
            Row("ACME", DAY, "Sales", "9000.00", "Revenue"),
            Row("GLOBEX", DAY, "Sales", "1000.00", "Revenue"),
        ],
        name="Ledger",
    )
    _budget(
        state,
        [
            Row("ACME", DAY, "Sales", "12000.00", "Revenue"),
            Row("GLOBEX", DAY, "Sales", "500.00", "Revenue"),
        ],
    )
    [block] = _summary(client, state)["budget"]
    assert Decimal(block["percent_of_budget"]["revenue"]) == Decimal("80.00")
    assert block["coverage"] == {
        "companies": 2,
        "budgeted": 2,
        "without_budget": [],
        "partial": False,
    }
