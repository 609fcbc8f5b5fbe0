"""The scenarios the dashboard's picker offers: `/api/dashboard/filters` lists the scenarios of
the caller's visible datasets only (a user limited to ACME never learns that a Globex budget
exists), on SQLite and MariaDB through the real API."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from elara.core.state import AppState
from tests.dashboard.factories import create_dataset, pnl
from tests.factories import create_user, login


def _options(client: TestClient, headers: dict[str, str], **params: object) -> dict:
    response = client.get("/api/dashboard/filters", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def world(state: AppState, client: TestClient) -> dict:
    day = date(2024, 1, 5)
    actual = create_dataset(
        state,
        pnl("ACME", day, revenue="100.00", cogs="40.00")
        + pnl("GLOBEX", day, revenue="900.00", cogs="1.00"),
        name="Ledger",
    )
    rows = pnl("GLOBEX", day, revenue="1200.00", cogs="2.00")
    globex_budget = create_dataset(state, rows, name="Globex budget", scenario="budget")
    rows = pnl("ACME", day, revenue="150.00", cogs="50.00")
    acme_forecast = create_dataset(state, rows, name="Acme forecast", scenario="forecast")
    return {
        "actual": actual,
        "budget": globex_budget,
        "forecast": acme_forecast,
        "admin": login(client, create_user(state, role="admin")),
        "acme": login(client, create_user(state, role="viewer", allowed_companies=["ACME"])),
    }


def test_the_options_list_the_scenarios_of_the_visible_datasets(
    client: TestClient, world: dict
) -> None:
    options = _options(client, world["admin"])
    assert options["scenarios"] == ["actual", "budget", "forecast"]
    assert options["scenario"] == "actual"
    assert [d["id"] for d in options["datasets"]] == [world["actual"]]
    # Asked for a scenario: the same list, that scenario's datasets.
    budget = _options(client, world["admin"], scenario="budget")
    assert budget["scenarios"] == ["actual", "budget", "forecast"]
    assert budget["scenario"] == "budget"
    assert [d["id"] for d in budget["datasets"]] == [world["budget"]]


def test_a_restricted_user_learns_no_scenario_of_a_dataset_they_cannot_see(
    client: TestClient, world: dict
) -> None:
    options = _options(client, world["acme"])
    assert options["scenarios"] == ["actual", "forecast"]  # the Globex budget is not named
    assert [d["id"] for d in options["datasets"]] == [world["actual"]]
    forecast = _options(client, world["acme"], scenario="forecast")
    assert [d["id"] for d in forecast["datasets"]] == [world["forecast"]]
    # Asking for the scenario they cannot see answers nothing of it, and no other list grows.
    hidden = _options(client, world["acme"], scenario="budget")
    assert hidden["datasets"] == [] and hidden["companies"] == []
    assert hidden["scenarios"] == ["actual", "forecast"]
    summary = client.get(
        "/api/dashboard/summary", headers=world["acme"], params={"scenario": "budget"}
    )
    assert summary.status_code == 200, summary.text
    body = summary.json()
    assert body["scenario"] == "budget"
    assert not body["current"] or body["current"]["record_count"] == 0, body


def test_only_actuals_offer_one_scenario(state: AppState, client: TestClient) -> None:
    create_dataset(state, pnl("ACME", date(2024, 1, 5), revenue="1.00", cogs="0.50"))
    admin = login(client, create_user(state, role="admin"))
    assert _options(client, admin)["scenarios"] == ["actual"]
