"""The health report's backup status: the newest archive of each kind and its age, for admins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.health.service import check_backups
from tests.factories import create_user, login


def _archive(state: AppState, kind: str, when: datetime) -> None:
    folder = state.settings.resolved_backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"elara-backup-{kind}-{when:%Y%m%dT%H%M%SZ}.tar.gz").write_bytes(b"archive")


def test_newest_of_each_kind_and_its_age(state: AppState) -> None:
    assert check_backups(state)["status"] == "none"
    now = datetime.now(UTC).replace(microsecond=0)
    _archive(state, "database", now - timedelta(hours=30))
    _archive(state, "database", now - timedelta(hours=6))
    _archive(state, "full", now - timedelta(days=3))
    report = check_backups(state, now=now.timestamp())
    assert report["status"] == "ok"
    assert report["latest"]["database"]["age_hours"] == 6.0
    assert report["latest"]["full"]["age_hours"] == 72.0
    stale = check_backups(state, now=(now + timedelta(days=2)).timestamp())
    assert stale["status"] == "stale"


def test_only_admins_see_backups(client: TestClient, state: AppState) -> None:
    _archive(state, "database", datetime.now(UTC) - timedelta(hours=1))
    admin = client.get("/health", headers=login(client, create_user(state, role="admin"))).json()
    assert admin["checks"]["backups"]["status"] == "ok"
    assert admin["status"] == "healthy"
    viewer = client.get("/health", headers=login(client, create_user(state, role="viewer"))).json()
    assert "backups" not in viewer["checks"]
