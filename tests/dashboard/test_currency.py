"""Currencies never mix: per-currency blocks, or conversion at the rate of each date."""

from __future__ import annotations

from datetime import date

import pytest

from tests.dashboard.factories import Row, create_dataset
from tests.factories import create_user, login


@pytest.fixture
def mixed(state, client):
    create_dataset(
        state,
        [
            Row("ACME", date(2024, 1, 10), "Revenue", "100.00", "Revenue", "USD"),
            Row("ACME", date(2024, 1, 20), "Rent", "-30.00", None, "USD"),
        ],
    )
    create_dataset(
        state,
        [
            Row("EURO", date(2024, 1, 10), "Revenue", "50.00", "Revenue", "EUR"),
            Row("EURO", date(2024, 2, 15), "Revenue", "10.00", "Revenue", "EUR"),
        ],
        currency="EUR",
    )
    return {
        "admin": login(client, create_user(state, role="admin")),
        "viewer": login(client, create_user(state, role="viewer")),
    }


def _set_reporting(client, headers, currency):
    response = client.put(
        "/api/dashboard/settings", json={"reporting_currency": currency}, headers=headers
    )
    assert response.status_code == 200, response.text


def test_several_currencies_come_per_currency(client, mixed):
    body = client.get("/api/dashboard/summary", headers=mixed["viewer"]).json()
    assert body["current"] is None and body["converted_to"] is None
    blocks = {b["currency"]: b["current"] for b in body["by_currency"]}
    assert blocks["USD"]["revenue"] == "100.00" and blocks["USD"]["expenses"] == "30.00"
    assert blocks["EUR"]["revenue"] == "60.00"
    series = client.get("/api/dashboard/timeseries", headers=mixed["viewer"]).json()
    assert series["series"] is None
    assert [b["currency"] for b in series["by_currency"]] == ["EUR", "USD"]
    breakdown = client.get("/api/dashboard/breakdown", headers=mixed["viewer"]).json()
    assert breakdown["items"] is None and len(breakdown["by_currency"]) == 2


def test_conversion_uses_the_latest_rate_on_or_before_each_date(client, mixed):
    _set_reporting(client, mixed["admin"], "USD")
    rates = [
        {"date": "2024-01-01", "currency": "EUR", "rate": "0.5"},
        {"date": "2024-02-01", "currency": "EUR", "rate": "0.8"},
    ]
    stored = client.post("/api/fx-rates", json=rates, headers=mixed["admin"])
    assert stored.json() == {"stored": 2}
    body = client.get("/api/dashboard/summary", headers=mixed["viewer"]).json()
    assert body["converted_to"] == "USD" and body["currency"] == "USD"
    # 100 USD + 50 EUR / 0.5 + 10 EUR / 0.8 = 100 + 100 + 12.50
    assert body["current"]["revenue"] == "212.50"
    assert body["current"]["expenses"] == "30.00"
    series = client.get(
        "/api/dashboard/timeseries?granularity=month", headers=mixed["viewer"]
    ).json()
    assert series["converted_to"] == "USD"
    assert series["series"][0]["revenue"] == ["200.00", "12.50"]
    breakdown = client.get(
        "/api/dashboard/breakdown?by=company&metric=revenue", headers=mixed["viewer"]
    ).json()
    assert [(i["key"], i["value"]) for i in breakdown["items"]] == [
        ("EURO", "112.50"),
        ("ACME", "100.00"),
    ]


def test_missing_rate_is_reported_not_guessed(client, mixed):
    _set_reporting(client, mixed["admin"], "USD")
    client.post(
        "/api/fx-rates",
        json=[{"date": "2024-02-01", "currency": "EUR", "rate": "0.8"}],
        headers=mixed["admin"],
    )
    body = client.get("/api/dashboard/summary", headers=mixed["viewer"]).json()
    assert body["converted_to"] is None
    error = body["conversion_error"]
    assert error["reporting_currency"] == "USD"
    assert error["missing"] == [{"currency": "EUR", "date": "2024-01-10"}]
    assert {b["currency"] for b in body["by_currency"]} == {"USD", "EUR"}


def test_missing_rate_in_the_previous_period_leaves_both_unconverted(client, mixed):
    _set_reporting(client, mixed["admin"], "USD")
    client.post(
        "/api/fx-rates",
        json=[{"date": "2024-02-01", "currency": "EUR", "rate": "0.8"}],
        headers=mixed["admin"],
    )
    body = client.get(
        "/api/dashboard/summary?from=2024-02-01&to=2024-02-29", headers=mixed["viewer"]
    ).json()
    assert body["converted_to"] is None
    assert body["conversion_error"]["missing"] == [{"currency": "EUR", "date": "2024-01-10"}]
    blocks = {b["currency"]: b for b in body["by_currency"]}
    assert blocks["EUR"]["current"]["revenue"] == "10.00"
    assert blocks["EUR"]["previous"]["revenue"] == "50.00"
    assert blocks["USD"]["previous"]["revenue"] == "100.00"


def test_single_currency_equal_to_reporting_needs_no_rates(client, state):
    create_dataset(state, [Row("ACME", date(2024, 1, 10), "Revenue", "100.00", "Revenue", "USD")])
    admin = login(client, create_user(state, role="admin"))
    _set_reporting(client, admin, "USD")
    body = client.get("/api/dashboard/summary", headers=admin).json()
    assert body["converted_to"] == "USD" and body["current"]["revenue"] == "100.00"
    assert body["source"] == "rollup_account_monthly"


def test_rates_by_csv_upload_and_listing(client, mixed):
    csv_text = "date,currency,rate\n2024-01-01,EUR,0.9\n2024-01-01,GBP,0.75\n"
    response = client.post(
        "/api/fx-rates/upload",
        headers=mixed["admin"],
        files={"file": ("rates.csv", csv_text, "text/csv")},
    )
    assert response.json() == {"stored": 2}
    listed = client.get("/api/fx-rates?currency=GBP", headers=mixed["viewer"]).json()
    assert listed == [{"date": "2024-01-01", "currency": "GBP", "rate": "0.75"}]
    bad = client.post(
        "/api/fx-rates/upload",
        headers=mixed["admin"],
        files={"file": ("r.csv", "date,currency,rate\nnope,EUR,x\n", "text/csv")},
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"] == "row 2"


@pytest.mark.parametrize(
    "rates",
    [
        [],
        [{"date": "2024-01-01", "currency": "EUR", "rate": "0"}],
        [{"date": "2024-01-01", "currency": "eur", "rate": "1"}],
        [{"date": "2024-01-01", "currency": "EUR", "rate": "1e3"}],
    ],
)
def test_bad_rates_are_refused(client, mixed, rates):
    response = client.post("/api/fx-rates", json=rates, headers=mixed["admin"])
    assert response.status_code == 422


def test_only_admins_manage_rates_and_settings(client, mixed):
    rates = [{"date": "2024-01-01", "currency": "EUR", "rate": "1"}]
    assert client.post("/api/fx-rates", json=rates, headers=mixed["viewer"]).status_code == 403
    denied = client.put(
        "/api/dashboard/settings", json={"reporting_currency": "USD"}, headers=mixed["viewer"]
    )
    assert denied.status_code == 403
