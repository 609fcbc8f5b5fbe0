"""The recovery drill: load real data, back up, destroy database and files, restore, compare.

The dashboard branch has not landed yet, so "the numbers the dashboard answers" are the sums it
is built on: rollup_monthly and dataset_records grouped by company (and account).
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from elara.backup.database import drop_all_tables, sqlite_path
from elara.core.config import Settings
from elara.core.db import create_db_engine
from elara.core.state import AppState
from elara.demo import load_demo_data
from elara.gateway import create_app
from tests.conftest import reset_schema
from tests.factories import create_user, login
from tests.ops.conftest import cli_env, run_cli
from tests.ops.snapshot import take_snapshot

KEY = base64.b64encode(os.urandom(32)).decode()


@pytest.fixture
def rebuild_if_broken(state: AppState) -> Iterator[None]:
    """If the drill fails half-way, give the other tests their schema back."""
    yield
    url = state.settings.resolved_database_url
    engine = create_db_engine(url, pool_size=1)
    try:
        intact = "users" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    if not intact:
        reset_schema(url)


def _load(state: AppState, client: TestClient) -> None:
    """Users, audit entries and a dataset, all through the real services and API."""
    admin = create_user(state, role="admin", email="drill-admin@example.com")
    headers = login(client, admin)
    for email, role in (("ana@example.com", "analyst"), ("vic@example.com", "viewer")):
        response = client.post(
            "/api/users",
            headers=headers,
            json={
                "email": email,
                "full_name": "Drill",
                "role": role,
                "password": "correct-Horse-battery-9",
                "allowed_companies": ["ACME"],
            },
        )
        assert response.status_code == 201, response.text
    client.post("/api/auth/login", json={"email": admin.email, "password": "wrong-Pass-123"})
    assert load_demo_data(state) > 5000
    uploads = state.settings.data_dir / "uploads"
    (uploads / "2026" / "11").mkdir(parents=True)
    (uploads / "2026" / "11" / "upload-1.enc").write_bytes(os.urandom(200_000))
    (uploads / "upload-2.enc").write_bytes(os.urandom(1000))


def _destroy(settings: Settings) -> None:
    url = settings.resolved_database_url
    engine = create_db_engine(url, pool_size=1)
    try:
        if engine.dialect.name == "sqlite":
            engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{sqlite_path(url)}{suffix}").unlink(missing_ok=True)
        else:
            drop_all_tables(engine)
    finally:
        engine.dispose()
    shutil.rmtree(settings.data_dir / "uploads")


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["native", "encrypted", "portable"])
def test_recovery_drill(
    state: AppState,
    settings: Settings,
    capsys,
    monkeypatch: pytest.MonkeyPatch,
    rebuild_if_broken: None,
    variant: str,
) -> None:
    cli_env(monkeypatch, settings, **({"ELARA_BACKUP_KEY": KEY} if variant == "encrypted" else {}))
    with TestClient(create_app(state=state)) as client:
        _load(state, client)
    url, uploads = settings.resolved_database_url, settings.data_dir / "uploads"
    before = take_snapshot(url, uploads)
    assert before.chain_ok and before.chain_entries >= 4
    assert before.tables["dataset_records"][0] > 5000 and before.tables["users"][0] == 3
    assert len(before.files) == 2 and len(before.dashboard["records"]) == 20

    flags = {"native": [], "encrypted": ["--encrypt"], "portable": ["--portable"]}[variant]
    code, out, err = run_cli(capsys, "backup", *flags)
    assert code == 0, err
    archive = Path(out.strip())

    _destroy(settings)
    assert not uploads.exists()
    engine = create_db_engine(url, pool_size=1)
    assert "users" not in inspect(engine).get_table_names()
    engine.dispose()

    code, out, err = run_cli(capsys, "restore", str(archive))
    assert code == 0, err

    after = take_snapshot(url, uploads)
    assert after.tables == before.tables
    assert after.dashboard == before.dashboard
    assert after.files == before.files
    assert after.chain_ok and after.chain_entries == before.chain_entries

    with TestClient(create_app(state=state)) as client:
        assert client.get("/health/ready").status_code == 200
        admin = client.post(
            "/api/auth/login",
            json={"email": "drill-admin@example.com", "password": "correct-Horse-battery-9"},
        )
        assert admin.status_code == 200


def _mariadb_scratch_url() -> str:
    """A second MariaDB database next to the test one, created empty."""
    from sqlalchemy.engine import make_url

    from tests.conftest import MARIADB_URL, REQUIRE_MARIADB

    if not MARIADB_URL:
        if REQUIRE_MARIADB:
            pytest.fail("ELARA_REQUIRE_MARIADB=1 but ELARA_TEST_DATABASE_URL is not set")
        pytest.skip("MariaDB tests skipped: set ELARA_TEST_DATABASE_URL (see README, Testing)")
    url = make_url(MARIADB_URL)
    scratch = url.set(database=f"{url.database}_restore")
    engine = create_db_engine(url.render_as_string(hide_password=False), pool_size=1)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS `{scratch.database}`")
        connection.exec_driver_sql(f"CREATE DATABASE `{scratch.database}` CHARACTER SET utf8mb4")
    engine.dispose()
    return scratch.render_as_string(hide_password=False)


@pytest.mark.slow
def test_portable_backup_moves_sqlite_to_mariadb(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from elara.core import migrate
    from tests.conftest import make_settings

    target_url = _mariadb_scratch_url()
    source = make_settings(f"sqlite:///{tmp_path / 'source.db'}", tmp_path / "data")
    migrate.upgrade(source.resolved_database_url)
    state = AppState.build(source, pool_size=1)
    with TestClient(create_app(state=state)) as client:
        _load(state, client)
    state.db.dispose()
    before = take_snapshot(source.resolved_database_url, source.data_dir / "uploads")

    cli_env(monkeypatch, source)
    code, out, err = run_cli(capsys, "backup", "--portable")
    assert code == 0, err
    target = make_settings(target_url, tmp_path / "target-data")
    cli_env(monkeypatch, target)
    code, _, err = run_cli(capsys, "restore", out.strip())
    assert code == 0, err

    after = take_snapshot(target_url, target.data_dir / "uploads")
    assert after == before
    assert after.chain_ok
