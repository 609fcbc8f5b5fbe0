"""Periods that respect the data: presets anchored to the latest month with data (and saying
so), comparisons only with comparable data, gaps in series, fiscal quarters and years."""

from __future__ import annotations

from datetime import date

import pytest

from elara.core.periods import add_months
from elara.demo import load_demo_data
from elara.finance.fiscal import fiscal_quarter_bounds, fiscal_year_bounds, presets
from tests.dashboard.factories import Row
from tests.factories import create_user, login
from tests.finance.factories import month_end, store


def _presets(client, headers) -> dict[str, dict]:
    body = client.get("/api/dashboard/filters", headers=headers).json()
    return {p["key"]: p for p in body["presets"]}


def _summary(client, headers, preset: dict) -> dict:
    url = f"/api/dashboard/summary?from={preset['from']}&to={preset['to']}"
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.json()


def test_demo_data_gives_non_empty_presets_with_the_anchor_stated(client, state):
    load_demo_data(state)
    headers = login(client, create_user(state, role="viewer"))
    found = _presets(client, headers)
    latest = date(date.today().year - 1, 12, 1)  # the demo ends in December of last year
    for key in ("this_month", "last_quarter", "ytd", "last_12_months"):
        preset = found[key]
        assert preset["anchored"] is True
        assert preset["note"] == f"to {latest:%b %Y}, the latest data"
        assert _summary(client, headers, preset)["current"]["record_count"] > 0
    assert found["this_month"]["from"] == latest.isoformat()
    assert found["last_12_months"]["from"] == date(latest.year, 1, 1).isoformat()
    assert found["last_quarter"] == {
        **found["last_quarter"],
        "from": date(latest.year, 10, 1).isoformat(),
        "to": date(latest.year, 12, 31).isoformat(),
    }


def test_a_file_ending_three_months_ago(client, state):
    last = add_months(date.today().replace(day=1), -3)
    months = [add_months(last, -i) for i in range(5)]
    rows = [Row("ACME", month_end(m.year, m.month), "Revenue", "100.00", "Revenue") for m in months]
    store(state, rows)
    headers = login(client, create_user(state, role="viewer"))
    found = _presets(client, headers)
    assert found["this_month"]["from"] == last.isoformat()
    assert found["this_month"]["note"] == f"to {last:%b %Y}, the latest data"
    month = _summary(client, headers, found["this_month"])
    assert month["current"]["revenue"] == "100.00"
    assert month["change"]["revenue"]["percent"] == "0.00"  # the month before has data
    year = _summary(client, headers, found["last_12_months"])
    assert year["current"]["revenue"] == "500.00"
    # Five months of data against a previous twelve with none: no percentage, a reason.
    assert year["change"] is None
    assert year["comparison"]["comparable"] is False
    assert year["comparison"]["note"] == "No comparable data: the previous period holds no data."


def test_presets_end_today_when_today_has_data(client, state):
    today = date.today()
    store(state, [Row("ACME", today, "Revenue", "1.00", "Revenue")])
    headers = login(client, create_user(state, role="viewer"))
    this_month = _presets(client, headers)["this_month"]
    assert this_month["anchored"] is False and this_month["note"] is None
    assert this_month["label"] == "This month"
    assert this_month["from"] == today.replace(day=1).isoformat()


def test_months_without_data_are_gaps(client, state):
    rows = [
        Row("ACME", date(2025, 1, 31), "Revenue", "10.00", "Revenue"),
        Row("ACME", date(2025, 3, 31), "Revenue", "30.00", "Revenue"),
    ]
    store(state, rows)
    headers = login(client, create_user(state, role="viewer"))
    body = client.get("/api/dashboard/timeseries?granularity=month", headers=headers).json()
    assert body["periods"] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    assert body["series"][0]["revenue"] == ["10.00", None, "30.00"]
    assert body["series"][0]["record_count"] == [1, 0, 1]


def test_fiscal_year_start_moves_quarters_years_and_presets(client, state):
    rows = [Row("ACME", month_end(2025, m), "Revenue", str(m), "Revenue") for m in range(1, 13)]
    store(state, rows)
    admin = login(client, create_user(state, role="admin"))
    url = "/api/dashboard/timeseries?granularity=quarter&from=2025-01-01&to=2025-12-31"
    calendar_quarters = client.get(url, headers=admin).json()
    assert calendar_quarters["periods"][0] == "2025-01-01"
    response = client.put("/api/dashboard/settings", json={"fiscal_year_start": 2}, headers=admin)
    assert response.json()["fiscal_year_start"] == 2
    fiscal = client.get(url, headers=admin).json()  # the cache is invalidated by the change
    assert fiscal["periods"] == [
        "2024-11-01",
        "2025-02-01",
        "2025-05-01",
        "2025-08-01",
        "2025-11-01",
    ]
    assert fiscal["series"][0]["revenue"] == ["1.00", "9.00", "18.00", "27.00", "23.00"]
    years = client.get(
        "/api/dashboard/timeseries?granularity=year&from=2025-01-01&to=2025-12-31", headers=admin
    ).json()
    assert years["periods"] == ["2024-02-01", "2025-02-01"]
    found = _presets(client, admin)
    assert found["ytd"]["from"] == "2025-02-01" and found["ytd"]["to"] == "2025-12-31"
    assert found["last_quarter"]["label"] == "Last quarter (FY2026 Q3)"
    bad = client.put("/api/dashboard/settings", json={"fiscal_year_start": 13}, headers=admin)
    assert bad.status_code == 422
    from sqlalchemy import select

    from elara.models import AuditEntry

    with state.db.transaction() as session:
        changes = session.scalars(
            select(AuditEntry.changes).where(AuditEntry.entity_id == "fiscal_year_start")
        ).all()
    assert changes == [{"fiscal_year_start": {"before": 1, "after": 2}}]


@pytest.mark.parametrize(
    ("day", "start", "year", "quarter"),
    [
        (
            date(2025, 5, 10),
            1,
            (date(2025, 1, 1), date(2025, 12, 31)),
            (date(2025, 4, 1), date(2025, 6, 30)),
        ),
        (
            date(2025, 5, 10),
            4,
            (date(2025, 4, 1), date(2026, 3, 31)),
            (date(2025, 4, 1), date(2025, 6, 30)),
        ),
        (
            date(2025, 2, 10),
            7,
            (date(2024, 7, 1), date(2025, 6, 30)),
            (date(2025, 1, 1), date(2025, 3, 31)),
        ),
        (
            date(2025, 11, 30),
            11,
            (date(2025, 11, 1), date(2026, 10, 31)),
            (date(2025, 11, 1), date(2026, 1, 31)),
        ),
    ],
)
def test_fiscal_bounds(day, start, year, quarter):
    assert fiscal_year_bounds(day, start) == year
    assert fiscal_quarter_bounds(day, start) == quarter


def test_last_quarter_is_the_last_complete_one():
    found = {
        p.key: p for p in presets(today=date(2026, 11, 29), latest=date(2026, 11, 3), start_month=1)
    }
    assert (found["last_quarter"].date_from, found["last_quarter"].date_to) == (
        date(2026, 7, 1),
        date(2026, 9, 30),
    )
    anchored = {
        p.key: p for p in presets(today=date(2026, 11, 29), latest=date(2026, 9, 30), start_month=1)
    }
    assert anchored["last_quarter"].date_from == date(2026, 7, 1)
    assert anchored["ytd"].date_to == date(2026, 9, 30)
