"""The in-process backup schedule (database daily, files hourly, configuration weekly).

Several instances may run it: one runner at a time holds a lock (MySQL `GET_LOCK`, a lock
file on SQLite), and the last run of each kind is stored in `app_settings`, so a job done by
one instance is not repeated by another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy import select

from elara.backup.retention import prune
from elara.backup.service import create_backup, resolve_secret
from elara.core.periodic import PeriodicThread, exclusive
from elara.core.state import AppState
from elara.models import AppSetting

log = structlog.get_logger(__name__)

SCHEDULE: tuple[tuple[str, timedelta], ...] = (
    ("database", timedelta(days=1)),
    ("files", timedelta(hours=1)),
    ("config", timedelta(weeks=1)),
)
LOCK_NAME = "elara_backup"
Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@contextmanager
def backup_lock(state: AppState) -> Iterator[bool]:
    """Yields True when this process may run backups now (the lock is held until exit)."""
    with exclusive(state, LOCK_NAME, lock_file="backup.lock") as acquired:
        yield acquired


def _key(kind: str) -> str:
    return f"backup_last_{kind}"


def last_runs(state: AppState) -> dict[str, datetime]:
    """When each kind of scheduled backup last ran (kinds never run are absent)."""
    with state.db.transaction() as session:
        rows = session.execute(
            select(AppSetting.key, AppSetting.value).where(
                AppSetting.key.in_([_key(kind) for kind, _ in SCHEDULE])
            )
        ).all()
    return {key.removeprefix("backup_last_"): datetime.fromisoformat(value) for key, value in rows}


def _mark(state: AppState, kind: str, when: datetime) -> None:
    with state.db.transaction() as session:
        row = session.get(AppSetting, _key(kind))
        if row is None:
            session.add(AppSetting(key=_key(kind), value=when.isoformat(), updated_at=when))
        else:
            row.value, row.updated_at = when.isoformat(), when


def run_due(state: AppState, *, now: datetime | None = None) -> list[str]:
    """Run every scheduled backup that is due (if this instance gets the lock); returns kinds."""
    now = now or _utcnow()
    settings = state.settings
    with backup_lock(state) as acquired:
        if not acquired:
            return []
        previous = last_runs(state)
        done = []
        for kind, period in SCHEDULE:
            if kind in previous and now - previous[kind] < period:
                continue
            create_backup(settings, components=(kind,), secret=resolve_secret(settings), now=now)
            _mark(state, kind, now)
            done.append(kind)
        if done:
            prune(
                settings.resolved_backup_dir,
                hourly=settings.backup_keep_hourly,
                daily=settings.backup_keep_daily,
                weekly=settings.backup_keep_weekly,
                now=now,
            )
        return done


class BackupScheduler:
    """A thread that calls `run_due` every interval while the app serves."""

    def __init__(self, state: AppState, *, interval: float = 60.0, clock: Clock = _utcnow) -> None:
        self.state, self.interval, self.clock = state, interval, clock
        self._thread = PeriodicThread(
            "elara-backup",
            interval,
            self._tick,
            failure_event="scheduled_backup_failed",
            first_at_start=True,
            stop_timeout=30,
        )

    def _tick(self) -> None:
        done = run_due(self.state, now=self.clock())
        if done:
            log.info("scheduled_backups_done", kinds=done)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._thread.stop()
