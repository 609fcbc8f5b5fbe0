"""Read replicas against a real binlog replica: reads go to it when it has caught up, to the
primary when it is behind what the reader has seen or when it is down, and /health and
/metrics say so."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from elara.core.db import VersionFloor
from elara.core.deps import DATA_VERSION_HEADER, READ_SOURCE_HEADER
from elara.core.state import AppState
from elara.gateway import create_app
from elara.models import Role
from tests.conftest import clean_tables, make_settings
from tests.dashboard.factories import create_dataset, pnl
from tests.factories import create_user, login
from tests.scale.mariadb_pair import ReplicatedPair

pytestmark = [pytest.mark.scale("mariadbd", "mariadb-install-db"), pytest.mark.mariadb]

SUMMARY = "/api/dashboard/summary?from=2024-01-01&to=2024-12-31"


@pytest.fixture
def state(pair: ReplicatedPair, tmp_path: Path) -> Iterator[AppState]:
    settings = make_settings(
        pair.primary.url(),
        tmp_path / "data",
        database_replica_urls=[pair.replica.url()],
        replica_retry_seconds=30,
    )
    app_state = AppState.build(settings, pool_size=2)
    clean_tables(app_state)
    pair.wait_caught_up()
    yield app_state
    app_state.db.dispose()


@pytest.fixture
def client(state: AppState) -> Iterator[TestClient]:
    with TestClient(create_app(state=state)) as test_client:
        yield test_client


def _revenue(client: TestClient, headers: dict[str, str]) -> tuple[str, str, str]:
    response = client.get(SUMMARY, headers=headers)
    assert response.status_code == 200, response.text
    current = response.json()["current"]
    revenue = current["revenue"] if current else "0"
    return str(revenue), response.headers[READ_SOURCE_HEADER], response.headers[DATA_VERSION_HEADER]


def _admin_health(client: TestClient, headers: dict[str, str]) -> dict[str, object]:
    response = client.get("/health", headers=headers)
    check: dict[str, object] = response.json()["checks"]["replicas"]
    return check


def test_caught_up_replica_serves_dashboard_reads(
    pair: ReplicatedPair, state: AppState, client: TestClient
) -> None:
    create_dataset(state, pnl("ACME", date(2024, 3, 1), revenue="100.00", cogs="40.00"))
    viewer = login(client, create_user(state, role=Role.viewer))
    pair.wait_caught_up()

    revenue, source, _ = _revenue(client, viewer)

    assert source == "replica"
    assert revenue.startswith("100")


def test_replica_behind_a_seen_write_is_skipped(
    pair: ReplicatedPair, state: AppState, client: TestClient
) -> None:
    create_dataset(state, pnl("ACME", date(2024, 3, 1), revenue="100.00", cogs="40.00"))
    admin = login(client, create_user(state, role=Role.admin))
    pair.wait_caught_up()
    pair.pause_replication()
    try:
        # Written on the primary after the replica stopped applying: it lags from here on.
        create_dataset(state, pnl("ACME", date(2024, 4, 1), revenue="50.00", cogs="10.00"))

        revenue, source, version = _revenue(client, admin)

        assert (source, revenue[:3]) == ("primary", "150")
        assert _admin_health(client, admin)["status"] == "skipped"
        metrics = client.get("/metrics", headers=admin).text
        assert 'reason="behind"' in metrics
        # Another gateway that never saw this write still honours what the client has seen.
        other = AppState.build(state.settings.model_copy(update={"redis_url": None}), pool_size=2)
        try:
            with TestClient(create_app(state=other)) as second:
                token = {**admin, DATA_VERSION_HEADER: version}
                assert _revenue(second, token)[:2] == (revenue, "primary")
        finally:
            other.db.dispose()
    finally:
        pair.resume_replication()
    pair.wait_caught_up()

    revenue, source, _ = _revenue(client, admin)

    assert (source, revenue[:3]) == ("replica", "150")
    assert _admin_health(client, admin)["status"] == "up"


def test_stopped_replica_is_skipped_and_reported(
    pair: ReplicatedPair, state: AppState, client: TestClient
) -> None:
    create_dataset(state, pnl("ACME", date(2024, 3, 1), revenue="70.00", cogs="10.00"))
    admin = login(client, create_user(state, role=Role.admin))
    pair.wait_caught_up()
    state.db.dispose()  # no pooled connection may hide that the server is gone
    pair.replica.stop()
    try:
        revenue, source, _ = _revenue(client, admin)
        records = client.get("/api/records?limit=5", headers=admin)

        assert (source, revenue[:2]) == ("primary", "70")
        assert records.status_code == 200
        assert records.headers[READ_SOURCE_HEADER] == "primary"
        health = client.get("/health", headers=admin).json()
        assert health["checks"]["replicas"]["status"] == "skipped"
        assert health["status"] == "healthy"  # reads still work: a skipped replica degrades
        assert 'elara_db_replica_up{replica="' in client.get("/metrics", headers=admin).text
    finally:
        pair.replica.start()
        pair.wait_caught_up()


def test_a_write_on_one_gateway_keeps_anothers_reads_fresh_through_redis(
    pair: ReplicatedPair, state: AppState, tmp_path: Path
) -> None:
    redis_url = os.environ.get("ELARA_TEST_REDIS_URL")
    if not redis_url:
        if os.environ.get("ELARA_REQUIRE_REDIS") == "1":
            pytest.fail("ELARA_REQUIRE_REDIS=1 but ELARA_TEST_REDIS_URL is not set")
        pytest.skip("needs ELARA_TEST_REDIS_URL")
    floor = redis.Redis.from_url(redis_url)
    floor.delete(VersionFloor.REDIS_KEY)
    shared = state.settings.model_copy(update={"redis_url": redis_url})
    writer, reader = (AppState.build(shared, pool_size=2) for _ in range(2))
    try:
        create_dataset(writer, pnl("ACME", date(2024, 3, 1), revenue="10.00", cogs="1.00"))
        with TestClient(create_app(state=reader)) as client:
            viewer = login(client, create_user(reader, role=Role.viewer))
            pair.wait_caught_up()
            pair.pause_replication()
            try:
                create_dataset(writer, pnl("ACME", date(2024, 5, 1), revenue="5.00", cogs="1.00"))

                revenue, source, _ = _revenue(client, viewer)  # no version header sent

                assert (source, revenue[:2]) == ("primary", "15")
            finally:
                pair.resume_replication()
    finally:
        floor.delete(VersionFloor.REDIS_KEY)
        for app_state in (writer, reader):
            app_state.db.dispose()
