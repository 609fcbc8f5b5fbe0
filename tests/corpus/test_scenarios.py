"""Scenarios through the real API on SQLite and MariaDB: a long Actual + Budget + Forecast file
stores its actuals only and says what it left out; a budget is a dataset of its own that never
changes the default (actual) figures, read when asked with `scenario=budget`."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.models import Role
from tests.corpus.exports import budget_workbook_xlsx, scenario_long_csv
from tests.corpus.layouts import Layout
from tests.corpus.test_corpus import TYPED_CURRENCY, _post, dashboard_by_account, decimal_map, store
from tests.corpus.test_corpus import inspect as corpus_inspect
from tests.corpus.walked import actuals_and_estimates_csv
from tests.factories import create_user, login


def inspect(
    client: TestClient, headers: dict[str, str], layout: Layout, settings: Any = None
) -> dict[str, Any]:
    """The corpus inspect, with the currency typed in first when the file states none (as
    the mapping screen asks for it)."""
    if settings is None and layout.currency is None:
        settings = corpus_inspect(client, headers, layout)["settings"]
        settings["constants"]["currency"] = TYPED_CURRENCY
    return corpus_inspect(client, headers, layout, settings)


@pytest.fixture
def admin(client: TestClient, state: AppState) -> dict[str, str]:
    return login(client, create_user(state, role=Role.admin))


def _revenue(client: TestClient, headers: dict[str, str], **params: Any) -> Decimal | None:
    response = client.get("/api/dashboard/summary", headers=headers, params=params)
    assert response.status_code == 200, response.text
    current = response.json()["current"]
    return Decimal(current["revenue"]) if current else None


def _file_sums(layout: Layout) -> dict[str, Decimal]:
    """Revenue per scenario as the file states it (read back with the csv module)."""
    import csv

    sums: dict[str, Decimal] = {}
    with layout.path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Account"] == "Revenue":
                sums[row["Scenario"]] = sums.get(row["Scenario"], Decimal(0)) + Decimal(
                    row["Amount"]
                )
    return sums


def test_a_long_actual_and_budget_file_never_adds_the_two(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    layout = scenario_long_csv(tmp_path)
    sums = _file_sums(layout)
    answer = inspect(client, admin, layout)
    roles = {c["header"]: c["role"] for c in answer["settings"]["columns"]}
    assert roles["Scenario"] == "scenario"
    preview = answer["preview"]
    assert preview["scenario"] == "actual"
    assert preview["other_scenarios"] == {"budget": 90, "forecast": 90}
    assert any("90 rows of scenario Budget not stored" in w for w in preview["warnings"])
    assert decimal_map(preview["totals"]["by_account"]) == layout.stored_by_account

    actual = store(client, admin, layout, answer["settings"])
    assert actual["scenario"] == "actual"
    assert client.get("/api/dashboard/summary", headers=admin).json()["budget"] == []
    report = actual["upload"]["report"]
    assert report["other_scenarios"] == {"budget": 90, "forecast": 90}
    assert _revenue(client, admin) == sums["Actual"]
    assert dashboard_by_account(client, admin, actual["id"]) == layout.stored_by_account

    # The same file again, its budget rows chosen: a budget dataset beside the actuals.
    settings = dict(answer["settings"])
    settings["constants"] = {**settings["constants"], "scenario": "budget"}
    budget_preview = inspect(client, admin, layout, settings)["preview"]
    assert budget_preview["other_scenarios"] == {"actual": 90, "forecast": 90}
    budget = store(client, admin, layout, settings)
    assert budget["scenario"] == "budget"
    assert _revenue(client, admin) == sums["Actual"]  # the default figures did not move
    # ... and the budget stands beside them: the same period, variance and % of budget.
    beside = client.get("/api/dashboard/summary", headers=admin).json()["budget"]
    assert len(beside) == 1, beside
    assert Decimal(beside[0]["budget"]["revenue"]) == sums["Budget"]
    variance = Decimal(beside[0]["variance"]["revenue"]["absolute"])
    assert variance == sums["Actual"] - sums["Budget"]
    reached = (sums["Actual"] * 100 / sums["Budget"]).quantize(Decimal("0.01"))
    assert Decimal(beside[0]["percent_of_budget"]["revenue"]) == reached
    asked = client.get("/api/dashboard/summary", headers=admin, params={"scenario": "budget"})
    assert asked.json()["budget"] == [] and asked.json()["scenario"] == "budget"
    assert _revenue(client, admin, scenario="budget") == sums["Budget"]
    for by in ("company", "account"):  # every answer says whose figures they are
        ranked = client.get(
            "/api/dashboard/breakdown", headers=admin, params={"scenario": "budget", "by": by}
        ).json()
        assert ranked["scenario"] == "budget", (by, ranked)
    assert _revenue(client, admin, dataset_id=budget["id"]) == sums["Budget"]
    preview_revenue = Decimal(budget_preview["totals"]["by_account"]["Revenue"])
    assert preview_revenue == sums["Budget"]
    both = client.get(
        "/api/dashboard/summary",
        headers=admin,
        params={"dataset_id": [actual["id"], budget["id"]]},
    )
    assert both.status_code == 422, both.text
    assert both.json()["error"]["code"] == "mixed_scenarios"
    wrong = client.get(
        "/api/dashboard/breakdown",
        headers=admin,
        params={"by": "account", "dataset_id": actual["id"], "scenario": "budget"},
    )
    assert wrong.status_code == 422, wrong.text


def test_a_budget_workbook_leaves_the_default_figures_alone(
    client: TestClient, admin: dict[str, str], state: AppState, tmp_path: Path
) -> None:
    layout = budget_workbook_xlsx(tmp_path)
    answer = inspect(client, admin, layout)
    assert answer["settings"]["constants"]["scenario"] == "budget"  # from "Budget 2025"
    assert any("Stored as Budget figures" in w for w in answer["preview"]["warnings"])
    budget = store(client, admin, layout, answer["settings"])
    assert budget["scenario"] == "budget"
    assert not _revenue(client, admin)  # no actuals stored: nothing to show
    expected = layout.stored_by_account["Revenue"]
    assert _revenue(client, admin, scenario="budget") == expected
    options = client.get("/api/dashboard/filters", headers=admin).json()
    assert budget["id"] not in [d["id"] for d in options["datasets"]]
    records = client.get("/api/records", headers=admin, params={"scenario": "budget"})
    assert records.status_code == 200 and len(records.json()["items"]) > 0

    viewer = login(client, create_user(state, role=Role.viewer))
    url = f"/api/datasets/{budget['id']}"
    denied = client.patch(url, headers=viewer, json={"scenario": "actual"})
    assert denied.status_code == 403, denied.text
    invalid = client.patch(url, headers=admin, json={"scenario": "stretch"})
    assert invalid.status_code == 422, invalid.text
    changed = client.patch(url, headers=admin, json={"scenario": "actual"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["scenario"] == "actual"
    assert _revenue(client, admin) == expected  # now read as actuals, by the default view
    assert not _revenue(client, admin, scenario="budget")


def test_appending_another_scenario_is_refused(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    layout = scenario_long_csv(tmp_path)
    settings = inspect(client, admin, layout)["settings"]
    actual = store(client, admin, layout, settings)
    settings["constants"] = {**settings["constants"], "scenario": "budget"}
    appended = _post(
        client,
        "/api/datasets",
        admin,
        layout,
        wait="true",
        mode="append",
        dataset_id=str(actual["id"]),
        settings=json.dumps(settings),
    )
    assert appended.status_code == 200, appended.text
    upload = appended.json()["upload"]
    assert upload["status"] == "failed", upload
    assert "holds Actual figures" in upload["status_reason"]
    assert dashboard_by_account(client, admin, actual["id"]) == layout.stored_by_account


def test_several_scenarios_and_no_actuals_are_asked_not_guessed(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    layout = scenario_long_csv(tmp_path)
    lines = layout.path.read_text().splitlines()
    kept = [lines[0], *(line for line in lines[1:] if not line.startswith("Actual"))]
    layout.path.write_text("\n".join(kept) + "\n")
    forecast = sum(
        (Decimal(line.split(",")[5]) for line in kept[1:] if line.startswith("Forecast,")),
        Decimal(0),
    )
    first = inspect(client, admin, layout)
    assert first["needs"] == ["scenario"] and first["preview"] is None, first["needs"]
    settings = first["settings"]
    settings["constants"] = {**settings["constants"], "scenario": "forecast"}
    answer = inspect(client, admin, layout, settings)
    assert answer["needs"] == []
    totals = answer["preview"]["totals"]["by_account"]
    assert sum((Decimal(v) for v in totals.values()), Decimal(0)) == forecast
    assert answer["preview"]["other_scenarios"] == {"budget": 90}


def test_estimate_columns_beside_actual_years_store_one_scenario(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    """FY2024A | FY2025A | FY2026E | FY2027E: the actual years are stored (dated as FY2024 is),
    the estimates counted and named; choosing Forecast stores the estimates instead."""
    layout = actuals_and_estimates_csv(tmp_path)
    lines = layout.path.read_text().splitlines()[2:]
    forecast = sum(
        (Decimal(line.split(",")[c].strip("()")) for line in lines[:1] for c in (3, 4)),
        Decimal(0),
    )
    answer = inspect(client, admin, layout)
    assert answer["needs"] == [], answer["needs"]
    roles = {c["header"]: c["role"] for c in answer["settings"]["columns"]}
    assert all(roles[h] == "amount" for h in ("FY2024A", "FY2025A", "FY2026E", "FY2027E")), roles
    preview = answer["preview"]
    assert preview["other_scenarios"] == {"forecast": 2 * len(lines)}
    assert any(
        f"{2 * len(lines)} figures of scenario Forecast not stored" in w
        for w in preview["warnings"]
    ), preview["warnings"]
    actual = store(client, admin, layout, answer["settings"])
    magnitudes = {account: abs(v) for account, v in layout.stored_by_account.items()}
    assert dashboard_by_account(client, admin, actual["id"]) == magnitudes

    settings = answer["settings"]
    settings["constants"] = {**settings["constants"], "scenario": "forecast"}
    chosen = inspect(client, admin, layout, settings)
    assert chosen["needs"] == []
    assert chosen["preview"]["other_scenarios"] == {"actual": 2 * len(lines)}
    revenue = Decimal(chosen["preview"]["totals"]["by_account"]["Revenue"])
    assert revenue == forecast * 1_000_000
    stored = store(client, admin, layout, chosen["settings"])
    assert stored["scenario"] == "forecast"
    assert _revenue(client, admin, scenario="forecast") == forecast * 1_000_000


def test_estimate_columns_alone_ask_for_the_scenario(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    """Only FY2026E | FY2027E and no actual year: which scenario to store is asked."""
    path = tmp_path / "estimates.csv"
    path.write_text("Line,FY2026E,FY2027E\nRevenue,10.0,12.0\nCosts,(4.0),(5.0)\n")
    layout = Layout(
        name="estimates_only",
        path=path,
        constants={"company": "Contoso", "currency": "GBP"},
        companies=frozenset({"Contoso"}),
        records_by_date={},
        record_count=0,
        expected_by_account={},
        not_accounts=frozenset(),
    )
    first = corpus_inspect(client, admin, layout)
    assert first["needs"] == ["company", "scenario"] and first["preview"] is None, first
    settings = first["settings"]
    settings["constants"] = {**settings["constants"], **layout.constants, "scenario": "budget"}
    budget = corpus_inspect(client, admin, layout, settings)
    assert budget["needs"] == ["scenario"], budget["needs"]  # no budget column either
    settings["constants"]["scenario"] = "forecast"
    forecast = corpus_inspect(client, admin, layout, settings)
    assert forecast["needs"] == [], forecast["needs"]
    assert Decimal(forecast["preview"]["totals"]["by_account"]["Revenue"]) == Decimal("22")


def test_estimate_columns_only_ask_the_scenario_and_miss_nothing(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    """FY2026E | FY2027E and no actual year: the amounts are there, only their scenario is
    asked (never "amount" said missing beside it); once chosen, they are read."""
    layout = actuals_and_estimates_csv(tmp_path)
    rows = [line.split(",") for line in layout.path.read_text().splitlines()]
    layout.path.write_text("\n".join(",".join([r[0], *r[3:]]) for r in rows) + "\n")
    first = inspect(client, admin, layout)
    assert first["needs"] == ["scenario"], first["needs"]
    assert first["missing"] == [], first["missing"]
    settings = first["settings"]
    settings["constants"] = {**settings["constants"], "scenario": "forecast"}
    chosen = inspect(client, admin, layout, settings)
    assert chosen["needs"] == [] and chosen["missing"] == []
    assert chosen["preview"]["other_scenarios"] == {}
    assert chosen["preview"]["totals"]["records"] == 2 * (len(rows) - 2)
