"""Fiscal period columns ("FY25 P01") dated by the fiscal year start, through the real API on
SQLite and MariaDB: the admin's start month (app setting `fiscal_year_start`) is the import's
default, shown in the inspection's settings (`constants.fiscal_year_start`); settings sent
back with another start date the columns by it; a remembered recipe keeps its own. A fiscal
year is named after the calendar year it ends in: with July, "FY25 P01" is July 2024
(docs/import.md, "Fiscal periods"; layouts 176-177)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.models import Role
from tests.corpus.fiscal_years import (
    JULY_LINES,
    fiscal_month,
    july_fy_planning_csv,
    july_fy_values,
    thirteen_period_erp_csv,
)
from tests.corpus.model import Layout
from tests.corpus.test_corpus import _post, dashboard_by_account, inspect, store
from tests.corpus.write import cents
from tests.factories import create_user, login

COMPANY = "Riverside Learning Trust"


@pytest.fixture
def admin(client: TestClient, state: AppState) -> dict[str, str]:
    return login(client, create_user(state, role=Role.admin))


def _start(client: TestClient, admin: dict[str, str], month: int) -> None:
    response = client.put(
        "/api/dashboard/settings", headers=admin, json={"fiscal_year_start": month}
    )
    assert response.status_code == 200, response.text


def _typed(settings: dict[str, Any], **constants: Any) -> dict[str, Any]:
    return {**settings, "constants": {**settings["constants"], **constants}}


def _ends(settings: dict[str, Any]) -> dict[str, str]:
    return {c["header"]: c["period_end"] for c in settings["columns"] if c["period_end"]}


def _inspected(
    client: TestClient, admin: dict[str, str], directory: Path, *, start: int | None
) -> tuple[Layout, dict[str, Any]]:
    """Layout 176 written and inspected once, after the admin's start is set to `start`
    (None: left as it is)."""
    if start is not None:
        _start(client, admin, start)
    layout = july_fy_planning_csv(directory)
    return layout, inspect(client, admin, layout)


def _month_holds_period(
    client: TestClient, admin: dict[str, str], dataset_id: int, end: dt.date, period: int
) -> None:
    """The dashboard's month ending `end` holds exactly period `period` of layout 176."""
    shown = dashboard_by_account(
        client, admin, dataset_id, **{"from": end.replace(day=1).isoformat(), "to": end.isoformat()}
    )
    assert shown == {name: cents(v[period - 1]) for name, v in july_fy_values().items()}, end


def test_the_admins_start_dates_the_periods_and_the_dashboard_shows_the_right_months(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    layout, first = _inspected(client, admin, tmp_path, start=7)
    # Shown in the suggested settings, every period column dated by it.
    assert first["settings"]["constants"]["fiscal_year_start"] == 7
    ends = _ends(first["settings"])
    assert ends["FY25 P01"] == "2024-07-31" and ends["FY25 P06"] == "2024-12-31"
    assert ends["FY25 P07"] == "2025-01-31" and ends["FY25 P12"] == "2025-06-30"
    settings = _typed(first["settings"], company=COMPANY, currency="USD")
    answer = inspect(client, admin, layout, settings)
    notes = [w for w in answer["preview"]["warnings"] if "FY25 P01" in w]
    assert len(notes) == 1, answer["preview"]["warnings"]
    assert "starting in July" in notes[0] and "calendar year it ends in" in notes[0]
    assert "2024-07-31" in notes[0]
    assert not [w for w in answer["preview"]["warnings"] if "add up to" in w]  # FY25 Total ties
    dataset = store(client, admin, layout, answer["settings"])
    shown = dashboard_by_account(client, admin, dataset["id"])
    assert shown == layout.stored_by_account
    # July 2024 holds exactly P01; June 2025 exactly P12.
    for period, end in ((1, dt.date(2024, 7, 31)), (12, dt.date(2025, 6, 30))):
        _month_holds_period(client, admin, dataset["id"], end, period)
    # Nothing is dated in January-June 2024 or July 2025 on (the calendar reading's months).
    response = client.get(
        "/api/dashboard/timeseries",
        headers=admin,
        params={"granularity": "month", "dataset_id": dataset["id"]},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["periods"][0] == "2024-07-01" and body["periods"][-1] == "2025-06-01"
    assert len(body["periods"]) == 12
    (series,) = body["series"]
    assert series["record_count"] == [len(JULY_LINES)] * 12


def test_settings_sent_back_with_another_start_change_the_dating(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    layout, first = _inspected(client, admin, tmp_path, start=7)
    settings = _typed(first["settings"], company=COMPANY, currency="USD", fiscal_year_start=1)
    answer = inspect(client, admin, layout, settings)
    assert answer["settings"]["constants"]["fiscal_year_start"] == 1
    assert _ends(answer["settings"])["FY25 P01"] == "2025-01-31"
    dates = {row["date"] for row in answer["preview"]["sample"]}
    assert "2025-01-31" in dates and "2024-07-31" not in dates
    said = [w for w in answer["preview"]["warnings"] if "are read as calendar months" in w]
    assert len(said) == 1 and "(period 1 = January)" in said[0]
    # April: FY25 is April 2024 - March 2025; stored so.
    april = inspect(client, admin, layout, _typed(answer["settings"], fiscal_year_start=4))
    assert _ends(april["settings"])["FY25 P01"] == "2024-04-30"
    assert _ends(april["settings"])["FY25 P12"] == "2025-03-31"
    dataset = store(client, admin, layout, april["settings"])
    _month_holds_period(client, admin, dataset["id"], dt.date(2024, 4, 30), 1)


def test_a_bad_start_month_is_the_json_error(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    layout, first = _inspected(client, admin, tmp_path, start=None)
    settings = _typed(first["settings"], company=COMPANY, currency="USD", fiscal_year_start=13)
    response = _post(client, "/api/datasets/inspect", admin, layout, settings=json.dumps(settings))
    assert response.status_code == 422, response.text
    assert "fiscal_year_start" in response.text


def test_a_recipe_keeps_its_start_when_the_admin_changes_theirs(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    layout, first = _inspected(client, admin, tmp_path, start=7)
    answer = inspect(
        client, admin, layout, _typed(first["settings"], company=COMPANY, currency="USD")
    )
    body = {"name": "Budget", "fingerprint": answer["fingerprint"], "settings": answer["settings"]}
    saved = client.post("/api/recipes", headers=admin, json=body)
    assert saved.status_code == 201, saved.text
    _start(client, admin, 1)  # the admin's start changes; the recipe was made for July
    again = inspect(client, admin, layout)
    assert again["recipe"] is not None and again["recipe"]["id"] == saved.json()["id"]
    assert again["settings"]["constants"]["fiscal_year_start"] == 7
    assert _ends(again["settings"])["FY25 P01"] == "2024-07-31"
    assert again["preview"] is not None
    assert {row["date"] for row in again["preview"]["sample"]} >= {"2024-07-31"}


def test_the_start_is_the_default_of_an_upload_sent_without_one(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    """Settings naming no start (an API client's own, or saved before the setting existed)
    are dated by the admin's start when stored."""
    layout, first = _inspected(client, admin, tmp_path, start=7)
    settings = _typed(first["settings"], company=COMPANY, currency="USD", fiscal_year_start=None)
    for column in settings["columns"]:
        column["period_end"] = None  # as a client that never dated them sends them
    dataset = store(client, admin, layout, settings)
    _month_holds_period(client, admin, dataset["id"], dt.date(2024, 7, 31), 1)


def test_a_thirteenth_period_is_listed_as_not_stored(
    client: TestClient, admin: dict[str, str], tmp_path: Path
) -> None:
    _start(client, admin, 4)
    layout: Layout = thirteen_period_erp_csv(tmp_path)
    first = inspect(client, admin, layout)
    roles = {c["header"]: c["role"] for c in first["settings"]["columns"]}
    assert roles["P13 FY2025"] == "ignore"  # not a number kept on every record of its row
    assert _ends(first["settings"])["P01 FY2025"] == "2024-04-30"
    settings = _typed(first["settings"], company="Northgate Components Ltd", currency="GBP")
    answer = inspect(client, admin, layout, settings)
    notes = [w for w in answer["preview"]["warnings"] if w.startswith("Not stored:")]
    assert len(notes) == 1 and '"P13 FY2025"' in notes[0], answer["preview"]["warnings"]
    assert all("P13 FY2025" not in row["attributes"] for row in answer["preview"]["sample"])
    stored = {k: Decimal(v) for k, v in answer["preview"]["totals"]["by_account"].items()}
    assert {k: abs(v) for k, v in stored.items()} == {
        k: abs(v) for k, v in layout.expected_by_account.items()
    }
    dataset = store(client, admin, layout, answer["settings"])
    assert dataset["row_count"] == layout.record_count
    last = fiscal_month(2025, 4, 12)
    assert last == dt.date(2025, 3, 31)
    after = dashboard_by_account(client, admin, dataset["id"], **{"from": "2025-04-01"})
    assert after == {}  # nothing of P13 stored in the month after the year
