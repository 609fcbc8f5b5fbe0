"""Every sheet of a workbook asked for at inspection (sheet "*", the mapping screen's "Every
sheet"): the preview reads every sheet, each dated by its own title, and storing the settings
it answers stores exactly what it showed."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.models import Role
from tests.corpus.test_corpus import dashboard_by_account
from tests.factories import create_user, login
from tests.ingest.test_sheet_per_month import MONTHS, _workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _post(client: TestClient, url: str, headers: dict[str, str], path: Path, **form: str) -> dict:
    with path.open("rb") as handle:
        answer = client.post(
            url, headers=headers, data=form, files={"file": (path.name, handle, XLSX)}
        )
    assert answer.status_code == 200, answer.text
    body: dict = answer.json()
    return body


def test_every_sheet_is_previewed_and_stored_as_shown(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(client, create_user(state, role=Role.admin))
    path = tmp_path / "monthly_tabs.xlsx"
    _workbook(path)
    answer = _post(client, "/api/datasets/inspect", headers, path, sheet="*")
    assert answer["settings"]["sheet"] == "*" and answer["needs"] == [], answer
    preview = answer["preview"]
    assert preview["totals"]["records"] == 2 * len(MONTHS)
    sales = sum(sales for _, sales, _ in MONTHS.values())
    salaries = sum(salaries for _, _, salaries in MONTHS.values())
    assert {k: Decimal(v) for k, v in preview["totals"]["by_account"].items()} == {
        "Sales": sales,
        "Salaries": salaries,
    }
    stored = _post(
        client,
        "/api/datasets",
        headers,
        path,
        wait="true",
        name="tabs",
        settings=json.dumps(answer["settings"]),
    )
    assert stored["status"] == "ready" and stored["row_count"] == 2 * len(MONTHS), stored
    assert dashboard_by_account(client, headers, stored["id"]) == {
        "Sales": sales,
        "Salaries": -salaries,
    }
    series = client.get(
        "/api/dashboard/timeseries",
        headers=headers,
        params={"dataset_id": stored["id"], "granularity": "month"},
    ).json()
    revenue = [f"{s}.00" for _, s, _ in MONTHS.values()]
    assert series["series"][0]["revenue"] == revenue, series["periods"]
