"""A consolidation with one column per company and month (a company row over a row of months)
through the API, on SQLite and MariaDB: each month column's records carry the company above
it and the month's last day; the group's columns and the totals are not stored; a restricted
analyst stores only their own companies' columns."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from fastapi.testclient import TestClient

from elara.core.state import AppState
from tests.amounts import units
from tests.factories import create_user, login
from tests.ingest.builders import write_xlsx

from .conftest import inspected, records_of, upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = [
    ["Northwind Group - Consolidated Income Statement"],
    [None, "NW-US", None, None, "NW-UK", None, None, "Consolidated", None, None],
    ["Account", *(["Jan 2025", "Feb 2025", "Total"] * 3)],
    ["Revenue", 10.0, 20.0, 30.0, 1.0, 2.0, 3.0, 11.0, 22.0, 33.0],
    ["Costs", -5.0, None, -5.0, -1.0, -1.0, -2.0, -6.0, -1.0, -7.0],
]
JAN, FEB = dt.date(2025, 1, 31), dt.date(2025, 2, 28)


def test_each_month_column_is_its_company_s(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(client, create_user(state))
    path = write_xlsx(tmp_path / "consolidation.xlsx", {"P&L": ROWS})
    answer = inspected(client, headers, path, default_currency="USD")
    assert answer["needs"] == [] and answer["header_row"] == 3
    columns = answer["settings"]["columns"]
    assert [(c["role"], c["company"]) for c in columns[1:4]] == [
        ("entity", "NW-US"),
        ("entity", "NW-US"),
        ("ignore", None),
    ]
    assert answer["preview"]["totals"]["records"] == 7
    stored = upload(client, headers, path, settings=json.dumps(answer["settings"])).json()
    assert stored["status"] == "ready", stored
    assert sorted((r[0], r[1], r[2], r[3]) for r in records_of(state, stored["id"])) == sorted(
        [
            ("NW-US", JAN, "Revenue", units("10")),
            ("NW-US", FEB, "Revenue", units("20")),
            ("NW-UK", JAN, "Revenue", units("1")),
            ("NW-UK", FEB, "Revenue", units("2")),
            ("NW-US", JAN, "Costs", units("-5")),
            ("NW-UK", JAN, "Costs", units("-1")),
            ("NW-UK", FEB, "Costs", units("-1")),
        ]
    )


def test_a_restricted_analyst_stores_only_their_company_s_columns(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(client, create_user(state, allowed_companies=["NW-US"]))
    path = write_xlsx(tmp_path / "consolidation.xlsx", {"P&L": ROWS})
    settings = inspected(client, headers, path, default_currency="USD")["settings"]
    body = upload(client, headers, path, settings=json.dumps(settings), on_error="skip").json()
    # Every line holds NW-UK money: each is refused whole (a line is not stored in part), so
    # nothing is left to store.
    assert body["status"] == "failed" and records_of(state, body["id"]) == []
    errors = client.get(f"/api/datasets/{body['id']}/errors", headers=headers).json()
    items = errors.get("items", errors)
    assert {e["message"] for e in items} == {"company NW-UK is outside your access"}
