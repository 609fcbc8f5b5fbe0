"""Acceptance test of issue 11: every corpus layout goes in as it comes, right to the cent.

For each generated file (tests/corpus/layouts.py, described in docs/import.md), through the real
API on SQLite and MariaDB:

1. `POST /api/datasets/inspect` suggests settings and says what it `needs`; it must not ask for
   more than a person has to type (`layout.constants`), and it asks for the currency exactly
   when the file states none (`layout.currency` is None): the person then types one.
2. The constants are filled in and the settings sent back: the preview's totals by account
   equal the file's own totals (its SUM rows, its Total/Net Income lines, debits = credits).
3. `POST /api/datasets` stores the file with those settings; the dashboard's breakdown by
   account then shows the same totals, and no id, postal code, year, price, quantity or rate
   ever appears as a money account; the stored records carry the right dates (a period column
   dated on its last day), companies and currency (the file's, or the one typed).

Signs: the preview shows amounts as stored (as the file states them); the dashboard may present
an account's sign by its kind (expenses positive, a trial balance's credits as revenue), so the
dashboard is compared by magnitude (its `volume` metric) and the preview by signed value.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.corpus.layouts import GENERATORS, Layout, generate
from tests.corpus.write import cents

# What a person types when the file states no currency: one no layout states, so a record
# that carries it got it from the answer, never from a default.
TYPED_CURRENCY = "CAD"

MIME = {
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
}


def _post(
    client: TestClient, url: str, headers: dict[str, str], layout: Layout, **form: str
) -> Any:
    with layout.path.open("rb") as handle:
        files = {"file": (layout.path.name, handle, MIME[layout.path.suffix.lower()])}
        return client.post(url, headers=headers, data=form, files=files)


def inspect(
    client: TestClient, headers: dict[str, str], layout: Layout, settings: Any = None
) -> dict[str, Any]:
    """POST /api/datasets/inspect, with settings sent back when given."""
    form = {} if settings is None else {"settings": json.dumps(settings)}
    response = _post(client, "/api/datasets/inspect", headers, layout, **form)
    assert response.status_code == 200, response.text
    body = response.json()
    for key in ("settings", "needs", "preview"):
        assert key in body, f"inspect answer has no {key!r}: {sorted(body)}"
    return body


def store(
    client: TestClient, headers: dict[str, str], layout: Layout, settings: dict[str, Any]
) -> dict[str, Any]:
    """POST /api/datasets with these settings, waiting: the dataset, stored and ready."""
    stored = _post(
        client,
        "/api/datasets",
        headers,
        layout,
        wait="true",
        name=layout.name,
        settings=json.dumps(settings),
    )
    assert stored.status_code == 200, stored.text
    assert stored.json()["status"] == "ready", stored.text
    body: dict[str, Any] = stored.json()
    return body


def typed(layout: Layout) -> dict[str, str | int]:
    """What a person types for the layout: its constants, and the currency if the file
    states none."""
    currency = {"currency": TYPED_CURRENCY} if layout.currency is None else {}
    return {**layout.constants, **currency}


def with_constants(settings: dict[str, Any], layout: Layout) -> dict[str, Any]:
    """The suggested settings with exactly what the person types filled in."""
    constants = dict(settings.get("constants") or {})
    constants.update(typed(layout))
    return {**settings, "constants": constants}


def decimal_map(values: dict[str, Any]) -> dict[str, Decimal]:
    """An API map of decimal strings, rounded once to the cent."""
    return {account: cents(Decimal(str(value))) for account, value in values.items()}


def dashboard_by_account(
    client: TestClient, headers: dict[str, str], dataset_id: int, **filters: str
) -> dict[str, Decimal]:
    """GET /api/dashboard/breakdown?by=account for one dataset: account -> shown magnitude."""
    params = {"by": "account", "top": 100, "metric": "volume", "dataset_id": dataset_id}
    response = client.get("/api/dashboard/breakdown", headers=headers, params={**params, **filters})
    assert response.status_code == 200, response.text
    shown: dict[str, Decimal] = {}
    for block in response.json()["by_currency"]:
        assert block["other"] is None, "more than 100 accounts: the breakdown folded some"
        for item in block["items"]:
            key = item["key"] if item["key"] is not None else "(none)"
            shown[key] = shown.get(key, Decimal(0)) + Decimal(item["value"])
    return shown


def stored_records(
    client: TestClient, headers: dict[str, str], dataset_id: int
) -> tuple[Counter[str], set[str], set[str | None]]:
    """GET /api/records for one dataset, every page: records per date, the companies and the
    currencies."""
    dates: Counter[str] = Counter()
    companies: set[str] = set()
    currencies: set[str | None] = set()
    params: dict[str, Any] = {"dataset_id": dataset_id, "limit": 1000}
    while True:
        response = client.get("/api/records", headers=headers, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        dates.update(item["date"] for item in page["items"])
        companies.update(item["company"] for item in page["items"])
        currencies.update(item["currency"] for item in page["items"])
        if not page["next_cursor"]:
            return dates, companies, currencies
        params["cursor"] = page["next_cursor"]


def first_difference(expected: dict[str, Decimal], actual: dict[str, Decimal]) -> str:
    """A readable first mismatch, for the engine's author."""
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    wrong = [
        (k, expected[k], actual[k]) for k in expected if k in actual and expected[k] != actual[k]
    ]
    return f"missing={missing[:5]} extra={extra[:5]} wrong(expected, got)={wrong[:3]}"


def roles_of(settings: dict[str, Any]) -> dict[str, str]:
    """Header -> role of suggested settings (for failure messages)."""
    return {c.get("header", "?"): c.get("role", "?") for c in settings.get("columns", [])}


@pytest.mark.parametrize("name", list(GENERATORS))
def test_layout_goes_in_as_it_comes(
    name: str, client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    layout = generate(name, tmp_path)
    first = inspect(client, admin_headers, layout)
    asked = set(first["needs"])
    assert asked <= set(typed(layout)), (
        f"asks for {sorted(asked - set(typed(layout)))} that the file states; "
        f"roles={roles_of(first['settings'])}"
    )
    assert ("currency" in asked) == (layout.currency is None), (
        f"the file states {layout.currency or 'no currency'}, yet needs={sorted(asked)}"
    )
    settings = with_constants(first["settings"], layout)
    answer = inspect(client, admin_headers, layout, settings)
    assert answer["needs"] == [], answer["needs"]
    settings = answer["settings"]
    preview = decimal_map(answer["preview"]["totals"]["by_account"])
    context = f"roles={roles_of(settings)} warnings={answer['preview'].get('warnings')}"

    assert not set(preview) & layout.not_accounts, context
    assert preview == layout.stored_by_account, (
        f"{first_difference(layout.stored_by_account, preview)} {context}"
    )
    assert answer["preview"]["unit_multiplier"] == layout.unit_multiplier, context
    if layout.record_count is not None:
        assert answer["preview"]["totals"]["records"] == layout.record_count, context
    suggested = {h.strip() for h, role in roles_of(settings).items() if role == "dimension"}
    assert layout.dimensions <= suggested, f"dimensions: {context}"

    dataset_id = store(client, admin_headers, layout, settings)["id"]
    shown = dashboard_by_account(client, admin_headers, dataset_id)
    magnitudes = {account: abs(value) for account, value in layout.stored_by_account.items()}
    assert not set(shown) & layout.not_accounts
    assert shown == magnitudes, first_difference(magnitudes, shown)
    assert shown == {account: abs(value) for account, value in preview.items()}
    dates, companies, currencies = stored_records(client, admin_headers, dataset_id)
    expected_dates = {day.isoformat(): n for day, n in layout.records_by_date.items()}
    assert dict(dates) == expected_dates, "records dated wrongly"
    assert companies == set(layout.companies)
    assert currencies == {layout.currency or TYPED_CURRENCY}, currencies
    _check_statement(client, admin_headers, dataset_id)
    if layout.by_member is not None:
        _check_members(client, admin_headers, dataset_id, layout.by_member)


def _check_members(
    client: TestClient,
    headers: dict[str, str],
    dataset_id: int,
    by_member: tuple[str, dict[str, dict[str, Decimal]]],
) -> None:
    """Columns that are members of a dimension ("by Class"): the dashboard filters by each
    member, its accounts are the member column's, and its KPIs tie out on their own."""
    dimension, members = by_member
    for member, totals in members.items():
        where = f"{dimension}={member}"
        shown = dashboard_by_account(client, headers, dataset_id, dim=where)
        expected = {account: abs(cents(value)) for account, value in totals.items()}
        assert shown == expected, f"{where}: {first_difference(expected, shown)}"
        _check_statement(client, headers, dataset_id, dim=where)


def _check_statement(
    client: TestClient, headers: dict[str, str], dataset_id: int, **filters: str
) -> None:
    """The KPIs read the file's signs right: revenue shown positive, and every subtotal line
    the file states equals the figure computed from its lines (no tie-out warning)."""
    response = client.get(
        "/api/dashboard/summary", headers=headers, params={"dataset_id": dataset_id, **filters}
    )
    assert response.status_code == 200, response.text
    for block in response.json()["by_currency"]:
        kpis = block["current"]
        assert Decimal(kpis["revenue"]) >= 0, kpis
        assert kpis["tie_outs"] == [], kpis["tie_outs"]
