"""The answer cache: hits and misses, new numbers the moment data changes, Redis when set."""

from __future__ import annotations

import os
from datetime import date

import pytest
from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.dashboard import cache
from elara.gateway import create_app
from elara.monitoring import metrics
from tests.conftest import clean_tables, make_settings
from tests.dashboard.factories import Row, add_rows, create_dataset, pnl
from tests.factories import create_user, login

REDIS_URL = os.environ.get("ELARA_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
REQUIRE_REDIS = os.environ.get("ELARA_REQUIRE_REDIS") == "1"


def test_memory_cache_expires_and_is_bounded(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: now[0])
    store = cache.MemoryCache(ttl=10, max_entries=2)
    store.set("a", "1")
    store.set("b", "2")
    store.set("c", "3")
    assert store.get("a") is None and store.get("c") == "3" and len(store) == 2
    now[0] += 11
    assert store.get("b") is None


def _revenue(client, headers) -> str:
    response = client.get("/api/dashboard/summary", headers=headers)
    assert response.status_code == 200
    return response.json()["current"]["revenue"]


def _check_invalidation(client, state) -> None:
    dataset_id = create_dataset(state, pnl("ACME", date(2024, 1, 5), revenue="100.00", cogs="0.01"))
    headers = login(client, create_user(state, role="viewer"))
    hits, misses = cache.stats.hits, cache.stats.misses
    exported = metrics.cache_hits._value.get()
    assert _revenue(client, headers) == "100.00"
    assert _revenue(client, headers) == "100.00"
    assert (cache.stats.hits - hits, cache.stats.misses - misses) == (1, 1)
    assert metrics.cache_hits._value.get() == exported + 1
    add_rows(state, dataset_id, pnl("ACME", date(2024, 1, 6), revenue="50.00", cogs="0.01"))
    assert _revenue(client, headers) == "150.00"
    assert cache.stats.misses - misses == 2


def test_new_data_is_seen_at_once(client, state):
    _check_invalidation(client, state)


def test_account_map_change_is_seen_at_once(client, state):
    create_dataset(
        state,
        [
            Row("ACME", date(2024, 1, 5), "Revenue", "100.00"),
            Row("ACME", date(2024, 1, 5), "Consulting", "40.00"),
        ],
    )
    admin = login(client, create_user(state, role="admin"))
    assert _revenue(client, admin) == "100.00"
    response = client.put(
        "/api/dashboard/account-categories",
        headers=admin,
        json={"account": "Consulting", "category": "Services", "kind": "income"},
    )
    assert response.status_code == 200
    assert _revenue(client, admin) == "140.00"


def _redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


@pytest.fixture
def redis_client(database_url, tmp_path):
    if not _redis_available():
        if REQUIRE_REDIS:
            pytest.fail(f"ELARA_REQUIRE_REDIS=1 but Redis at {REDIS_URL} is not reachable")
        pytest.skip(f"Redis tests skipped: no Redis at {REDIS_URL} (set ELARA_TEST_REDIS_URL)")
    settings = make_settings(database_url, tmp_path / "data", redis_url=REDIS_URL)
    app_state = AppState.build(settings, pool_size=5)
    clean_tables(app_state)
    shared = cache.for_url(REDIS_URL)
    shared.clear()
    with TestClient(create_app(state=app_state)) as client:
        yield client, app_state, shared
    shared.clear()
    clean_tables(app_state)
    app_state.db.dispose()


def test_redis_cache_is_used_and_invalidated(redis_client):
    client, app_state, shared = redis_client
    assert isinstance(shared, cache.RedisCache)
    _check_invalidation(client, app_state)
    assert any(True for _ in shared.client.scan_iter(cache.RedisCache.PREFIX + "summary:*"))


def test_redis_outage_degrades_to_no_cache():
    broken = cache.RedisCache("redis://127.0.0.1:1/0")
    errors = cache.stats.errors
    assert broken.get("k") is None
    broken.set("k", "v")
    assert cache.stats.errors - errors == 2
