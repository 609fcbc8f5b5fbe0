"""Shared fixtures: a migrated database per backend (SQLite always, MariaDB when configured),
each test starting from empty tables, and the app built on it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, delete, insert, inspect, text
from sqlalchemy.engine import make_url

from elara.audit.chain import GENESIS_HASH
from elara.core import migrate
from elara.core.config import Settings
from elara.core.state import AppState
from elara.gateway import create_app
from elara.models import AppSetting, AuditChainHead, Base, Role, utcnow
from tests.factories import create_user, login
from tests.live import LiveServer

# Property tests check what is read, not how fast: on a shared, loaded machine one example can
# take longer than Hypothesis's default 200 ms deadline, which would fail a correct test.
hypothesis_settings.register_profile("elara", deadline=None)
hypothesis_settings.load_profile("elara")


_CHARSET = "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"  # as .ci/run makes elara_test


def _own_servers_per_worker() -> None:
    """Under pytest-xdist (`make test` in CI runs `-n 2`), each worker gets a MariaDB
    database and a Redis database of its own, named after the configured ones, before any
    test module reads them: two workers never clean or migrate each other's tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    index = int(worker[2:])
    if url := os.environ.get("ELARA_TEST_DATABASE_URL"):
        base = make_url(url)
        own = base.set(database=f"{base.database}_{worker}")
        server = create_engine(base.set(database=""))
        create = f"CREATE DATABASE IF NOT EXISTS `{own.database}` {_CHARSET}"
        with server.begin() as connection:
            connection.execute(text(create))
        server.dispose()
        os.environ["ELARA_TEST_DATABASE_URL"] = own.render_as_string(hide_password=False)
    if redis_url := os.environ.get("ELARA_TEST_REDIS_URL"):
        head, _, number = redis_url.rpartition("/")
        if number.isdigit():  # 15 and 14 for two workers (Redis has databases 0-15)
            os.environ["ELARA_TEST_REDIS_URL"] = f"{head}/{(int(number) - index) % 16}"


_own_servers_per_worker()
MARIADB_URL = os.environ.get("ELARA_TEST_DATABASE_URL", "")
REQUIRE_MARIADB = os.environ.get("ELARA_REQUIRE_MARIADB") == "1"
# Scale tests start their own servers (MariaDB pair, nginx); CI makes them mandatory.
REQUIRE_SCALE = os.environ.get("ELARA_REQUIRE_SCALE") == "1"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """`@pytest.mark.scale("nginx", ...)`: skip when a named program is missing, or fail when
    ELARA_REQUIRE_SCALE=1 (CI) says the scale tests must run."""
    marker = item.get_closest_marker("scale")
    if marker is None:
        return
    missing = [name for name in marker.args if shutil.which(name) is None]
    if not missing:
        return
    message = f"scale test needs {', '.join(missing)} (see README, Testing)"
    if REQUIRE_SCALE:
        pytest.fail(f"ELARA_REQUIRE_SCALE=1 but {message}", pytrace=False)
    pytest.skip(message)


def _mariadb_param() -> object:
    if MARIADB_URL:
        return pytest.param("mariadb", marks=pytest.mark.mariadb, id="mariadb")
    reason = "MariaDB tests skipped: set ELARA_TEST_DATABASE_URL (see README, Testing)"
    if REQUIRE_MARIADB:
        raise pytest.UsageError("ELARA_REQUIRE_MARIADB=1 but ELARA_TEST_DATABASE_URL is not set")
    return pytest.param("mariadb", marks=pytest.mark.skip(reason=reason), id="mariadb")


BACKENDS = [pytest.param("sqlite", id="sqlite"), _mariadb_param()]


def reset_schema(url: str) -> None:
    """Drop every table of a scratch database, then migrate it from nothing."""
    engine = create_engine(url)
    with engine.begin() as connection:
        if connection.dialect.name != "sqlite":
            connection.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        for table in inspect(connection).get_table_names():
            connection.execute(text(f"DROP TABLE `{table}`"))
        if connection.dialect.name != "sqlite":
            connection.execute(text("SET FOREIGN_KEY_CHECKS=1"))
    engine.dispose()
    migrate.upgrade(url)


@pytest.fixture(scope="session")
def migrated_urls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Database URLs per backend, each migrated once per test session."""
    return {}


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest,
    migrated_urls: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    backend = request.param
    if backend not in migrated_urls:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'elara-test.db'}"
        else:
            url = MARIADB_URL
        reset_schema(url)
        migrated_urls[backend] = url
    return migrated_urls[backend]


def make_settings(database_url: str, data_dir: Path, **overrides: object) -> Settings:
    """Settings for tests: cheap password hashing, a fixed key, a private data folder."""
    values: dict[str, object] = {
        "env": "test",
        "database_url": database_url,
        "data_dir": data_dir,
        "secret_key": "test-secret-key-that-is-long-enough-0123456789",
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        # Suites sign in far more often than a person; tests/security sets low limits explicitly.
        "rate_limit_auth": "200/minute",
        # No scheduler thread per test app; tests/subscriptions drive the schedule themselves.
        "subscription_schedule": False,
        # Nor a rollup rebuild thread: tests/dashboard/test_company_kinds.py drives it.
        "kinds_refresh_seconds": 0,
        # /health turns 503 past this RSS; a long test run's one process grows past the
        # production default of 1 GiB (the threshold itself is tested with its own values).
        "alert_memory_mb": 16384,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def clean_tables(state: AppState) -> None:
    with state.db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
        connection.execute(
            insert(AuditChainHead), [{"id": 1, "last_id": 0, "last_hash": GENESIS_HASH}]
        )
        connection.execute(
            insert(AppSetting), [{"key": "data_version", "value": "0", "updated_at": utcnow()}]
        )


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path / "data")


@pytest.fixture
def state(settings: Settings) -> Iterator[AppState]:
    app_state = AppState.build(settings, pool_size=5)
    clean_tables(app_state)
    yield app_state
    clean_tables(app_state)
    app_state.db.dispose()


@pytest.fixture
def app(state: AppState) -> FastAPI:
    return create_app(state=state)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture
def admin_headers(client: TestClient, state: AppState) -> dict[str, str]:
    """The Authorization header of an admin signed in through the API."""
    return login(client, create_user(state, role=Role.admin))


@pytest.fixture
def live_server(app: FastAPI) -> Iterator[LiveServer]:
    """The app served over real HTTP by uvicorn on a free loopback port."""
    with LiveServer(app) as server:
        yield server


def backend_name(url: str) -> str:
    return make_url(url).get_backend_name()
