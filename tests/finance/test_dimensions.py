"""Imported dimensions (Region, Segment…) as filters and breakdowns in the API and exports,
with the same row-level rules as companies. SQLite and MariaDB."""

from __future__ import annotations

import csv
import io
from datetime import date

from tests.dashboard.factories import Row
from tests.factories import create_user, login
from tests.finance.factories import store, units

DAY = date(2025, 3, 31)
SETTINGS = {
    "columns": [
        {"header": "Company", "role": "company"},
        {"header": "Region", "role": "dimension"},
        {"header": "Units", "role": "quantity"},
    ]
}


def _store(state) -> int:
    rows = [
        Row("ACME", DAY, "Sales", units("100.00"), "Revenue"),
        Row("ACME", DAY, "Sales", units("40.00"), "Revenue"),
        Row("GLOBEX", DAY, "Sales", units("7.00"), "Revenue"),
        Row("GLOBEX", DAY, "Rent", units("5.00"), "Operating Expenses"),
    ]
    attributes = [
        {"Region": "East", "Units": 3},
        {"Region": "West", "Units": 1},
        {"Region": "East", "Units": 9},
        {"Region": "West"},
    ]
    return store(state, rows, settings=SETTINGS, attributes=attributes)


def test_dimension_filter_breakdown_and_options(client, state):
    _store(state)
    headers = login(client, create_user(state, role="viewer"))
    options = client.get("/api/dashboard/filters", headers=headers).json()
    assert options["dimensions"] == [{"name": "Region", "values": ["East", "West"]}]
    east = client.get("/api/dashboard/summary?dim=Region%3DEast", headers=headers).json()
    assert east["current"]["revenue"] == "107.00" and east["current"]["record_count"] == 2
    assert east["source"] == "dataset_records"
    both = client.get(
        "/api/dashboard/summary?dim=Region%3DEast&dim=Region%3DWest", headers=headers
    ).json()
    assert both["current"]["revenue"] == "147.00"
    split = client.get(
        "/api/dashboard/breakdown?by=dim:Region&metric=revenue", headers=headers
    ).json()
    assert [(i["key"], i["revenue"], i["expenses"]) for i in split["items"]] == [
        ("East", "107.00", "0.00"),
        ("West", "40.00", "5.00"),
    ]
    series = client.get(
        "/api/dashboard/timeseries?group_by=dim:Region&granularity=month", headers=headers
    ).json()
    assert {line["key"]: line["revenue"] for line in series["series"]} == {
        "East": ["107.00"],
        "West": ["40.00"],
    }


def test_dimension_filters_keep_the_row_level_rules(client, state):
    _store(state)
    limited = login(client, create_user(state, role="viewer", allowed_companies=["ACME"]))
    east = client.get("/api/dashboard/summary?dim=Region%3DEast", headers=limited).json()
    assert east["current"]["revenue"] == "100.00"
    split = client.get("/api/dashboard/breakdown?by=dim:Region", headers=limited).json()
    assert {i["key"] for i in split["items"]} == {"East", "West"}
    assert sum(i["record_count"] for i in split["items"]) == 2


def test_export_follows_the_dimension_filter(client, state):
    _store(state)
    headers = login(client, create_user(state, role="analyst"))
    response = client.get("/api/records/export?format=csv&dim=Region%3DWest", headers=headers)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert sorted(r["account"] for r in rows) == ["Rent", "Sales"]


def test_bad_dimension_parameters(client, state):
    _store(state)
    headers = login(client, create_user(state, role="viewer"))
    for url in (
        "/api/dashboard/summary?dim=Region",
        "/api/dashboard/summary?dim=%3DEast",
        "/api/dashboard/breakdown?by=dim:",
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 422, url
        assert response.json()["error"]["correlation_id"]
