"""Retention (with an injected clock) and the in-process backup schedule with its lock."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from elara.backup.retention import list_archives, prune
from elara.backup.scheduler import BackupScheduler, backup_lock, last_runs, run_due
from elara.core.state import AppState
from elara.gateway import create_app

NOW = datetime(2026, 11, 24, 12, 30, tzinfo=UTC)  # a Tuesday


def _touch(folder: Path, kind: str, when: datetime) -> Path:
    path = folder / f"elara-backup-{kind}-{when.strftime('%Y%m%dT%H%M%SZ')}.tar.gz"
    path.write_bytes(b"x")
    return path


def test_retention_keeps_newest_per_hour_day_and_week(tmp_path: Path) -> None:
    for hours in range(240):  # one database archive every hour for ten days
        _touch(
            tmp_path, "database", datetime(2026, 11, 24, 12, tzinfo=UTC) - timedelta(hours=hours)
        )
    lone = _touch(tmp_path, "config", NOW - timedelta(days=30))
    (tmp_path / "notes.txt").write_text("not an archive")
    deleted = prune(tmp_path, hourly=3, daily=2, weekly=2, now=NOW)
    kept = sorted(p.name for p in tmp_path.glob("elara-backup-database-*"))
    assert kept == [
        "elara-backup-database-20261122T230000Z.tar.gz",  # newest of last ISO week
        "elara-backup-database-20261123T230000Z.tar.gz",  # newest of yesterday
        "elara-backup-database-20261124T100000Z.tar.gz",  # the last three hours
        "elara-backup-database-20261124T110000Z.tar.gz",
        "elara-backup-database-20261124T120000Z.tar.gz",  # also today's and this week's
    ]
    assert len(deleted) == 235
    assert lone.exists(), "the newest archive of a kind is always kept"
    assert (tmp_path / "notes.txt").exists()


def test_retention_zero_keeps_only_the_newest(tmp_path: Path) -> None:
    paths = [_touch(tmp_path, "files", NOW - timedelta(hours=h)) for h in range(5)]
    prune(tmp_path, hourly=0, daily=0, weekly=0, now=NOW)
    assert [a.path for a in list_archives(tmp_path)] == [paths[0]]


def test_schedule_runs_what_is_due(state: AppState) -> None:
    folder = state.settings.resolved_backup_dir
    assert run_due(state, now=NOW) == ["database", "files", "config"]
    assert run_due(state, now=NOW + timedelta(minutes=30)) == []
    assert run_due(state, now=NOW + timedelta(minutes=61)) == ["files"]
    assert run_due(state, now=NOW + timedelta(days=1, minutes=2)) == ["database", "files"]
    assert last_runs(state)["config"] == NOW
    names = sorted(a.path.name for a in list_archives(folder))
    # Of the three files archives, the first is neither in the last 24 hours nor the newest of
    # its day (the 13:31 one is), so retention pruned it.
    assert names == [
        "elara-backup-config-20261124T123000Z.tar.gz",
        "elara-backup-database-20261124T123000Z.tar.gz",
        "elara-backup-database-20261125T123200Z.tar.gz",
        "elara-backup-files-20261124T133100Z.tar.gz",
        "elara-backup-files-20261125T123200Z.tar.gz",
    ]


def test_one_runner_at_a_time(state: AppState) -> None:
    with backup_lock(state) as first:
        assert first
        with backup_lock(state) as second:
            assert not second
        assert run_due(state, now=NOW) == []
    assert run_due(state, now=NOW) == ["database", "files", "config"]


def test_scheduler_thread_prunes_with_its_clock(state: AppState) -> None:
    state.settings.backup_keep_hourly = 1
    state.settings.backup_keep_daily = 0
    state.settings.backup_keep_weekly = 0
    hours = itertools.count()  # each tick of the scheduler is one hour later (atomic next)
    calls: list[datetime] = []

    def clock() -> datetime:
        calls.append(NOW + timedelta(hours=next(hours)))
        return calls[-1]

    scheduler = BackupScheduler(state, interval=0.01, clock=clock)
    scheduler.start()
    try:
        deadline = time.monotonic() + 20
        while len(calls) < 6:
            assert time.monotonic() < deadline, "the scheduler did not run"
            time.sleep(0.05)
    finally:
        scheduler.stop()
    files = [a for a in list_archives(state.settings.resolved_backup_dir) if a.kind == "files"]
    assert 1 <= len(files) <= 2  # hourly archives pruned down to the retention


def test_app_runs_the_schedule_when_enabled(state: AppState) -> None:
    state.settings.backup_schedule = True
    with TestClient(create_app(state=state)):
        deadline = time.monotonic() + 20
        while len(list_archives(state.settings.resolved_backup_dir)) < 3:
            assert time.monotonic() < deadline, "no scheduled backup appeared"
            time.sleep(0.05)
    assert {a.kind for a in list_archives(state.settings.resolved_backup_dir)} == {
        "database",
        "files",
        "config",
    }
