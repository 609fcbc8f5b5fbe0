"""A file that states no currency anywhere (no currency column, nothing in its title or
headers, no symbol or code in its amounts) is never shown as bare numbers without a word:
inspect asks for the currency, or, when the organisation has a reporting currency, previews
and stores the amounts in it and says so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from elara.ingest.pipeline import unstated_warning
from tests.corpus.write import write_csv

ROWS = [
    ["Company", "Date", "Account", "Amount"],
    ["ACME", "2025-01-31", "Sales", "1200.50"],
    ["ACME", "2025-01-31", "Rent", "-400.25"],
]


def _csv(tmp_path: Path, rows: list[list[str]], name: str = "ledger.csv") -> Path:
    path = tmp_path / name
    write_csv(path, rows)
    return path


def _post(
    client: TestClient, url: str, headers: dict[str, str], path: Path, **form: str
) -> dict[str, Any]:
    with path.open("rb") as handle:
        response = client.post(
            url, headers=headers, data=form, files={"file": (path.name, handle, "text/csv")}
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _reporting(client: TestClient, headers: dict[str, str], currency: str | None) -> None:
    response = client.put(
        "/api/dashboard/settings", json={"reporting_currency": currency}, headers=headers
    )
    assert response.status_code == 200, response.text


def test_a_file_stating_no_currency_is_asked_for_one(
    client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    path = _csv(tmp_path, ROWS)
    asked = _post(client, "/api/datasets/inspect", admin_headers, path)
    assert asked["needs"] == ["currency"]
    assert asked["preview"] is None  # no totals shown as bare numbers
    settings = asked["settings"]
    settings["constants"]["currency"] = "EUR"
    answered = _post(
        client, "/api/datasets/inspect", admin_headers, path, settings=json.dumps(settings)
    )
    assert answered["needs"] == []
    assert {r["currency"] for r in answered["preview"]["sample"]} == {"EUR"}
    given = _post(client, "/api/datasets/inspect", admin_headers, path, default_currency="gbp")
    assert given["needs"] == []
    assert {r["currency"] for r in given["preview"]["sample"]} == {"GBP"}


def test_the_currency_is_asked_with_the_company(
    client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    """All that is missing is asked at once, not the currency after the company is typed."""
    path = _csv(tmp_path, [row[1:] for row in ROWS])
    asked = _post(client, "/api/datasets/inspect", admin_headers, path)
    assert asked["needs"] == ["company", "currency"]


@pytest.mark.parametrize(
    ("rows", "currency"),
    [
        ([["Amounts in EUR"], *ROWS], "EUR"),  # a title
        ([[*ROWS[0][:3], "Amount (CHF)"], *ROWS[1:]], "CHF"),  # a header
        ([*ROWS[:2], [*ROWS[2][:3], "-£400.25"]], "GBP"),  # one symbol, the others bare
        ([ROWS[0], *([*r[:3], f"{r[3]} NZD"] for r in ROWS[1:])], "NZD"),  # a code in cells
    ],
)
def test_a_file_stating_its_currency_is_not_asked(
    client: TestClient,
    admin_headers: dict[str, str],
    tmp_path: Path,
    rows: list[list[str]],
    currency: str,
) -> None:
    answer = _post(client, "/api/datasets/inspect", admin_headers, _csv(tmp_path, rows))
    assert answer["needs"] == [], answer["needs"]
    assert {r["currency"] for r in answer["preview"]["sample"]} == {currency}
    assert answer["preview"]["currency"] == currency
    assert not [w for w in answer["preview"]["warnings"] if "states no currency" in w]


def test_the_reporting_currency_is_used_and_said(
    client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    path = _csv(tmp_path, ROWS)
    _reporting(client, admin_headers, "USD")
    answer = _post(client, "/api/datasets/inspect", admin_headers, path)
    assert answer["needs"] == []
    assert unstated_warning("USD") in answer["preview"]["warnings"]
    assert unstated_warning("USD").startswith("The file states no currency: stored as USD")
    assert {r["currency"] for r in answer["preview"]["sample"]} == {"USD"}
    assert answer["preview"]["currency"] == "USD"  # the mapping screen's totals show it
    assert answer["settings"]["constants"]["currency"] is None  # a recipe keeps no guess
    stored = _post(
        client,
        "/api/datasets",
        admin_headers,
        path,
        wait="true",
        settings=json.dumps(answer["settings"]),
    )
    assert stored["status"] == "ready", stored
    assert unstated_warning("USD") in stored["upload"]["report"]["warnings"]
    assert stored["upload"]["report"]["currency_stated"] is False
    records = client.get(
        "/api/records", headers=admin_headers, params={"dataset_id": stored["id"]}
    ).json()["items"]
    assert {r["currency"] for r in records} == {"USD"}
    assert len(records) == 2


def test_an_upload_without_settings_says_it_stored_no_currency(
    client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    path = _csv(tmp_path, ROWS)
    stored = _post(client, "/api/datasets", admin_headers, path, wait="true")
    assert stored["status"] == "ready", stored
    assert stored["upload"]["report"]["currency_stated"] is False  # said, machine-readably
    records = client.get(
        "/api/records", headers=admin_headers, params={"dataset_id": stored["id"]}
    ).json()["items"]
    assert {r["currency"] for r in records} == {None}
