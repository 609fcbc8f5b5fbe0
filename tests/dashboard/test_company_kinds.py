"""Company questions read `rollup_company_kind` (per company, month and statement bucket) only
while its rows were built under the current classification plan: a reclassified account sends
them back to `rollup_monthly` until `refresh_kinds` rebuilds, and a user restricted to
companies never sees another company's numbers from either table."""

from __future__ import annotations

from datetime import date

import pytest

from elara.core import data_version
from elara.dashboard.rollups import refresh_kinds
from tests.dashboard.factories import Row, create_dataset, pnl
from tests.factories import create_user, login

YEAR = "from=2024-01-01&to=2024-12-31"


@pytest.fixture
def world(state, client):
    dataset = create_dataset(
        state,
        pnl("ACME", date(2024, 1, 5), revenue="100.00", cogs="40.00", payroll="10.00")
        + pnl("ACME", date(2024, 2, 5), revenue="50.00", cogs="20.00")
        + pnl("GLOBEX", date(2024, 1, 6), revenue="7000.00", cogs="1.00")
        + [Row("GLOBEX", date(2024, 1, 7), "Consulting Income", "300.00", "Other")],
        name="Group",
    )
    admin = login(client, create_user(state, role="admin"))
    acme = login(client, create_user(state, role="viewer", allowed_companies=["ACME"]))
    return {"dataset": dataset, "admin": admin, "acme": acme}


def _get(client, path, headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _items(body):
    return {i["key"]: (i["revenue"], i["expenses"], i["net_income"]) for i in body["items"]}


def test_company_questions_read_the_bucket_rollup(client, world):
    body = _get(client, f"/api/dashboard/breakdown?{YEAR}&by=company", world["admin"])
    assert body["source"] == "rollup_company_kind"
    assert _items(body)["ACME"] == ("150.00", "70.00", "80.00")
    summary = _get(client, f"/api/dashboard/summary?{YEAR}&company=ACME", world["admin"])
    assert summary["source"] == "rollup_company_kind"
    assert summary["current"]["revenue"] == "150.00"
    series = _get(client, f"/api/dashboard/timeseries?{YEAR}&group_by=company", world["admin"])
    assert series["source"] == "rollup_company_kind"
    acme = next(line for line in series["series"] if line["key"] == "ACME")
    assert acme["revenue"][:2] == ["100.00", "50.00"]
    # An account breakdown needs the accounts: rollup_monthly.
    by_account = _get(
        client, f"/api/dashboard/breakdown?{YEAR}&by=account&company=ACME", world["admin"]
    )
    assert by_account["source"] == "rollup_monthly"


@pytest.mark.parametrize(
    "path",
    [
        f"/api/dashboard/summary?{YEAR}",
        f"/api/dashboard/breakdown?{YEAR}&by=company",
        f"/api/dashboard/timeseries?{YEAR}&group_by=company",
        f"/api/dashboard/timeseries?{YEAR}",
        "/api/dashboard/filters",
    ],
)
def test_restricted_user_sees_only_their_companies(client, world, path):
    body = _get(client, path, world["acme"])
    if "source" in body:
        assert body["source"] == "rollup_company_kind"
    text = str(body)
    assert "GLOBEX" not in text and "7000" not in text and "7300" not in text
    if path.endswith("filters"):
        assert body["companies"] == ["ACME"]
    if "summary" in path:
        assert body["current"]["revenue"] == "150.00"
        assert body["current"]["record_count"] == 5


def test_reclassified_account_is_never_read_stale(client, state, world):
    path = f"/api/dashboard/breakdown?{YEAR}&by=company"
    before = _get(client, path, world["admin"])
    assert before["source"] == "rollup_company_kind"
    assert _items(before)["GLOBEX"][0] == "7300.00"  # Consulting Income counts as revenue
    changed = client.put(
        "/api/finance/accounts",
        json={"account": "Consulting Income", "kind": "non_financial"},
        headers=world["admin"],
    )
    assert changed.status_code == 200, changed.text
    stale = _get(client, path, world["admin"])
    assert stale["source"] == "rollup_monthly"  # the stored buckets are the old plan's
    assert _items(stale)["GLOBEX"][0] == "7000.00"
    with state.db.transaction() as session:
        assert refresh_kinds(session) == 1
        assert refresh_kinds(session) == 0  # nothing stale any more
        data_version.bump(session)
    rebuilt = _get(client, path, world["admin"])
    assert rebuilt["source"] == "rollup_company_kind"
    assert _items(rebuilt) == _items(stale)
    limited = _get(client, f"/api/dashboard/summary?{YEAR}", world["acme"])
    assert limited["source"] == "rollup_company_kind"
    assert limited["current"]["revenue"] == "150.00"


def test_the_background_refresher_rebuilds_after_a_reclassification(client, state, world):
    """The thread started with the server (monitoring.runtime.background) does what the test
    above does by hand: after a kind changes, company questions come back to the rollup."""
    from elara.dashboard.kinds_refresh import KindsRefresher

    refresher = KindsRefresher(state, interval=3600)
    assert refresher.run_once() == 0  # every dataset is current
    path = f"/api/dashboard/breakdown?{YEAR}&by=company"
    changed = client.put(
        "/api/finance/accounts",
        json={"account": "Consulting Income", "kind": "non_financial"},
        headers=world["admin"],
    )
    assert changed.status_code == 200, changed.text
    assert _get(client, path, world["admin"])["source"] == "rollup_monthly"
    assert refresher.run_once() == 1
    assert refresher.run_once() == 0  # the data version has not moved since
    with state.db.transaction() as session:
        data_version.bump(session)  # a new version: the next answer is computed again
    rebuilt = _get(client, path, world["admin"])
    assert rebuilt["source"] == "rollup_company_kind"
    assert _items(rebuilt)["GLOBEX"][0] == "7000.00"
