"""Row-level access: a user limited to ACME reaches no other company through any parameter of
any endpoint. Asking for another company is 403 `company_not_allowed` (documented choice);
a dataset holding none of the user's companies looks exactly like one that does not exist."""

from __future__ import annotations

import base64
import csv
import io
import json
from datetime import date

import openpyxl
import pytest

from tests.dashboard.factories import Row, create_dataset, pnl
from tests.factories import create_user, login

FILTERED = [
    "/api/dashboard/filters",
    "/api/dashboard/summary",
    "/api/dashboard/timeseries",
    "/api/dashboard/breakdown",
    "/api/records",
    "/api/records/export",
    "/api/records/export?format=xlsx",
]


@pytest.fixture
def world(state, client):
    shared = create_dataset(
        state,
        pnl("ACME", date(2024, 1, 5), revenue="100.00", cogs="40.00")
        + pnl("GLOBEX", date(2024, 1, 6), revenue="7000.00", cogs="1.00")
        + [Row("GLOBEX", date(2024, 1, 7), "Secret", "5.00", "Hidden")],
        name="Group",
    )
    globex_only = create_dataset(
        state, pnl("GLOBEX", date(2024, 2, 1), revenue="9.00", cogs="1.00"), name="Globex books"
    )
    everyone = login(client, create_user(state, role="admin"))
    limited = login(client, create_user(state, role="viewer", allowed_companies=["ACME"]))
    return {"shared": shared, "globex_only": globex_only, "admin": everyone, "acme": limited}


def _join(path: str, query: str) -> str:
    return path + ("&" if "?" in path else "?") + query


def _companies_in(response) -> set[str]:
    kind = response.headers["content-type"]
    if kind.startswith("text/csv"):
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        return {row["company"] for row in rows}
    if "spreadsheetml" in kind:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    return set()


@pytest.mark.parametrize("path", FILTERED)
def test_no_parameter_shows_only_allowed_company(client, world, path):
    response = client.get(path, headers=world["acme"])
    assert response.status_code == 200
    text = response.text if "spreadsheetml" not in response.headers["content-type"] else ""
    assert "GLOBEX" not in text and "7000" not in text and "Secret" not in text
    assert "Globex books" not in text
    if path.startswith("/api/records/export"):
        assert _companies_in(response) == {"ACME"}
    admin = client.get(path, headers=world["admin"])
    assert admin.status_code == 200
    if path.startswith("/api/records/export"):
        assert _companies_in(admin) == {"ACME", "GLOBEX"}
    else:
        assert admin.text != response.text  # the same question reaches more without the limit


@pytest.mark.parametrize("path", FILTERED)
@pytest.mark.parametrize("query", ["company=GLOBEX", "company=ACME&company=globex"])
def test_other_company_is_forbidden(client, world, path, query):
    response = client.get(_join(path, query), headers=world["acme"])
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "company_not_allowed"


@pytest.mark.parametrize("path", FILTERED)
def test_invisible_dataset_looks_unknown(client, world, path):
    hidden = client.get(_join(path, f"dataset_id={world['globex_only']}"), headers=world["acme"])
    missing = client.get(_join(path, "dataset_id=999999"), headers=world["acme"])
    assert hidden.status_code == missing.status_code == 422
    strip = lambda body: {k: v for k, v in body["error"].items() if k != "correlation_id"}  # noqa: E731
    assert strip(hidden.json()) == strip(missing.json())


def test_dataset_records_route_hides_other_companies(client, world):
    hidden = client.get(f"/api/datasets/{world['globex_only']}/records", headers=world["acme"])
    missing = client.get("/api/datasets/999999/records", headers=world["acme"])
    assert hidden.status_code == missing.status_code == 404
    shared = client.get(f"/api/datasets/{world['shared']}/records", headers=world["acme"]).json()
    assert {item["company"] for item in shared["items"]} == {"ACME"}


@pytest.mark.parametrize(
    "query",
    [
        "account=Secret",
        "category=Hidden",
        "from=2024-01-06",
        "group_by=company&granularity=day",
        "by=company&top=100",
        "by=account&top=100",
        "by=category&top=100",
    ],
)
def test_filters_and_groupings_never_leak(client, world, query):
    for path in FILTERED[:5]:
        allowed = {"timeseries": ("group_by", "granularity"), "breakdown": ("by", "top")}
        endpoint = next((k for k in allowed if k in path), None)
        if any(name in query for name in ("group_by", "by=")) and (
            endpoint is None or not query.startswith(allowed[endpoint][0])
        ):
            continue
        response = client.get(_join(path, query), headers=world["acme"])
        assert response.status_code == 200, (path, response.text)
        assert "GLOBEX" not in response.text and "Secret" not in response.text


def test_forged_cursor_stays_in_scope(client, world):
    forged = {"s": "id", "o": "asc", "v": 0, "i": 0}
    cursor = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    body = client.get(f"/api/records?sort=id&cursor={cursor}", headers=world["acme"]).json()
    assert {item["company"] for item in body["items"]} == {"ACME"}


def test_scopes_never_share_cached_answers(client, world):
    wide = client.get("/api/dashboard/summary", headers=world["admin"]).json()
    narrow = client.get("/api/dashboard/summary", headers=world["acme"]).json()
    assert wide["current"]["revenue"] == "7109.00"
    assert narrow["current"]["revenue"] == "100.00"
    options = client.get("/api/dashboard/filters", headers=world["acme"]).json()
    assert [d["name"] for d in options["datasets"]] == ["Group"]
    assert options["companies"] == ["ACME"]
    assert "Secret" not in options["accounts"]
