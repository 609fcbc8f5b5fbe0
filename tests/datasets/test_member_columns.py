"""A report "by Class" through the API, on SQLite and MariaDB: inspect suggests the columns as
members of the dimension Class, the store keeps the class on every record, the dashboard
filters and breaks down by it (KPIs tying out per class and in total), a Total that does not
tie out is a warning, and the company scope of a restricted analyst still applies."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.models import Role
from tests.factories import create_user, login

from .conftest import inspected, records_of, upload

BY_CLASS = (
    "Lakeside Bakery\n"
    "Profit and Loss by Class\n"
    "January - December 2025\n"
    "\n"
    ",Retail,Wholesale,Not Specified,Total\n"
    "Income\n"
    '   Sales,"1,000.00",500.00,25.50,"$1,525.50"\n'
    'Total Income,"$1,000.00",$500.00,$25.50,"$1,525.50"\n'
    "Expenses\n"
    "   Rent,300.00,100.00,,$400.00\n"
    "Total Expenses,$300.00,$100.00,$0.00,$400.00\n"
    'Net Income,$700.00,$400.00,$25.50,"$1,125.50"\n'
)
# Class -> (revenue, expenses, net income) the file states.
STATED = {
    "Retail": ("1000.00", "300.00", "700.00"),
    "Wholesale": ("500.00", "100.00", "400.00"),
    "Not Specified": ("25.50", "0", "25.50"),
}


def _file(tmp_path: Path, text: str = BY_CLASS) -> Path:
    path = tmp_path / "profit_and_loss_by_class.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _get(client: TestClient, headers: dict[str, str], url: str, **params: Any) -> Any:
    response = client.get(url, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _by_class(client: TestClient, headers: dict[str, str], dataset_id: int) -> dict[str, Any]:
    body = _get(client, headers, "/api/dashboard/breakdown", by="dim:Class", dataset_id=dataset_id)
    return {item["key"]: item for item in body["items"] or []}


def test_inspect_suggests_members_of_the_class_dimension(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(client, create_user(state))
    answer = inspected(client, headers, _file(tmp_path))
    roles = {c["header"]: c["role"] for c in answer["settings"]["columns"]}
    assert roles == {
        "Column 1": "account",
        "Retail": "member",
        "Wholesale": "member",
        "Not Specified": "member",
        "Total": "ignore",
    }
    assert answer["needs"] == [] and answer["offered"]["dimension"] == "Class"
    assert answer["settings"]["constants"]["dimension"] == "Class"
    preview = answer["preview"]
    assert preview["dimensions"] == ["Class"] and preview["totals"]["records"] == 14
    assert not [w for w in preview["warnings"] if "add up to" in w or "Segment" in w]
    assert preview["errors"] == []
    assert {row["attributes"]["Class"] for row in preview["sample"]} == set(STATED)
    # The user names the dimension otherwise: the preview follows.
    settings = answer["settings"]
    settings["constants"]["dimension"] = "Store type"
    again = inspected(client, headers, _file(tmp_path), settings=settings)
    assert again["preview"]["dimensions"] == ["Store type"]


def test_a_total_that_does_not_tie_out_is_a_preview_warning(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(client, create_user(state))
    wrong = BY_CLASS.replace("   Rent,300.00,100.00,,$400.00", "   Rent,300.00,100.00,,$400.02")
    warnings = inspected(client, headers, _file(tmp_path, wrong))["preview"]["warnings"]
    assert [w for w in warnings if "add up to" in w] == [
        'Row 10 ("Rent"): the file\'s "Total" is 400.02 but its Class columns add up to 400.00'
    ]


def test_stored_per_class_and_the_dashboard_filters_by_class(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(gateway, create_user(state))
    path = _file(tmp_path)
    settings = inspected(gateway, headers, path)["settings"]
    stored = upload(gateway, headers, path, settings=json.dumps(settings)).json()
    assert stored["status"] == "ready", stored
    assert stored["dimensions"] == ["Class"] and stored["row_count"] == 14
    assert len(records_of(state, stored["id"])) == 14  # the Total column is not stored
    dataset_id = stored["id"]
    options = _get(gateway, headers, "/api/dashboard/filters", dataset_id=dataset_id)
    assert options["dimensions"] == [{"name": "Class", "values": sorted(STATED)}]
    shown = _by_class(gateway, headers, dataset_id)
    assert set(shown) == set(STATED)
    for member, (revenue, expenses, net) in STATED.items():
        assert Decimal(shown[member]["revenue"]) == Decimal(revenue), member
        assert Decimal(shown[member]["net_income"]) == Decimal(net), member
        summary = _get(
            gateway,
            headers,
            "/api/dashboard/summary",
            dataset_id=dataset_id,
            dim=f"Class={member}",
        )
        (block,) = summary["by_currency"]
        kpis = block["current"]
        assert Decimal(kpis["revenue"]) == Decimal(revenue), member
        assert Decimal(kpis["expenses"]) == Decimal(expenses), member
        assert Decimal(kpis["net_income"]) == Decimal(net), member
        assert kpis["tie_outs"] == [], (member, kpis["tie_outs"])
    (block,) = _get(gateway, headers, "/api/dashboard/summary", dataset_id=dataset_id)[
        "by_currency"
    ]
    assert Decimal(block["current"]["net_income"]) == Decimal("1125.50")
    assert block["current"]["tie_outs"] == []


def test_a_restricted_analyst_stores_and_sees_only_their_companies(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    path = _file(tmp_path)
    outsider = login(client, create_user(state, allowed_companies=["ACME"]))
    settings = inspected(client, outsider, path)["settings"]
    refused = upload(client, outsider, path, settings=json.dumps(settings)).json()
    assert refused["status"] == "failed" and records_of(state, refused["id"]) == []
    errors = _get(client, outsider, f"/api/datasets/{refused['id']}/errors")
    items = errors.get("items", errors)
    assert {e["message"] for e in items} == {"company Lakeside Bakery is outside your access"}

    admin = login(client, create_user(state, role=Role.admin))
    stored = upload(client, admin, path, settings=json.dumps(settings)).json()
    assert stored["status"] == "ready", stored
    assert set(_by_class(client, admin, stored["id"])) == set(STATED)
    # The outsider cannot read the dataset, nor its classes among all data; an analyst of
    # the bakery can.
    response = client.get(
        "/api/dashboard/breakdown",
        headers=outsider,
        params={"by": "dim:Class", "dataset_id": stored["id"]},
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "unknown_dataset"
    everything = _get(client, outsider, "/api/dashboard/breakdown", by="dim:Class")
    assert not everything["items"] and not everything["by_currency"], everything
    baker = login(client, create_user(state, allowed_companies=["Lakeside Bakery"]))
    assert set(_by_class(client, baker, stored["id"])) == set(STATED)
