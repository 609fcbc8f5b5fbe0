"""What /health reports: database round trip, split-out services, disk, memory, version, uptime."""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

from sqlalchemy import text

from elara import __version__
from elara.core.state import AppState
from elara.monitoring.system import MIB, disk_free_bytes, rss_bytes


def check_database(state: AppState) -> dict[str, Any]:
    """Round-trip a trivial query; never raises."""
    started = time.perf_counter()
    try:
        with state.db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "down", reported by type only
        return {"status": "down", "error": type(exc).__name__}
    elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
    return {"status": "up", "backend": state.db.engine.dialect.name, "round_trip_ms": elapsed_ms}


def check_replicas(state: AppState) -> dict[str, Any]:
    """Each read replica's state as the last read found it; never raises. A replica behind or
    down is skipped (reads go to another or to the primary), so this only degrades."""
    replicas = state.db.replica_report()
    skipped = [item for item in replicas if item["status"] in ("behind", "down")]
    status = "up" if not skipped else ("degraded" if len(skipped) < len(replicas) else "skipped")
    return {"status": status, "replicas": replicas}


def check_queue(state: AppState) -> dict[str, Any]:
    """The task queue: reachable, and how many jobs wait per worker role; never raises."""
    try:
        pending = state.queue.pending()
    except Exception as exc:
        return {"status": "down", "error": type(exc).__name__, "backend": state.queue.backend}
    return {"status": "up", "pending": pending, "backend": state.queue.backend}


def check_disk(state: AppState) -> dict[str, Any]:
    """Free space under the data folder against ELARA_ALERT_DISK_FREE_MB."""
    settings = state.settings
    try:
        free_mb = round(disk_free_bytes(settings.data_dir) / MIB, 1)
    except OSError as exc:
        return {"status": "down", "error": type(exc).__name__, "path": str(settings.data_dir)}
    low = free_mb < settings.alert_disk_free_mb
    return {
        "status": "low" if low else "ok",
        "free_mb": free_mb,
        "threshold_mb": settings.alert_disk_free_mb,
        "path": str(settings.data_dir.resolve()),
    }


def check_memory(state: AppState) -> dict[str, Any]:
    """Resident memory of this process against ELARA_ALERT_MEMORY_MB."""
    rss_mb = round(rss_bytes() / MIB, 1)
    high = rss_mb > state.settings.alert_memory_mb
    return {
        "status": "high" if high else "ok",
        "rss_mb": rss_mb,
        "threshold_mb": state.settings.alert_memory_mb,
    }


def check_backups(state: AppState, *, now: float | None = None) -> dict[str, Any]:
    """The newest backup of each kind in the backup folder and its age; "stale" past a day and
    a half (the daily schedule missed), "none" when there is no backup at all. Informational:
    neither makes Elara unhealthy."""
    from elara.backup.retention import list_archives  # the backup package is optional here

    archives = list_archives(state.settings.resolved_backup_dir)
    now = time.time() if now is None else now
    newest: dict[str, dict[str, Any]] = {}
    for archive in archives:  # newest first, so the first of each kind is its latest
        if archive.kind not in newest:
            age_hours = round((now - archive.created.timestamp()) / 3600, 1)
            newest[archive.kind] = {"at": archive.created.isoformat(), "age_hours": age_hours}
    if not newest:
        return {"status": "none", "latest": {}}
    youngest = min(item["age_hours"] for item in newest.values())
    return {"status": "stale" if youngest > 36 else "ok", "latest": newest}


_ADMIN_ONLY_FIELDS = ("path", "error", "backend", "replicas")


def _public(check: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in check.items() if k not in _ADMIN_ONLY_FIELDS}


def _reasons(checks: dict[str, dict[str, Any]]) -> list[str]:
    wording = {"down": "is down", "low": "has too little free space", "high": "is too high"}
    return [
        f"{name} {wording[check['status']]}"
        for name, check in checks.items()
        if check["status"] in wording
    ]


def health_report(state: AppState, *, detailed: bool = False) -> tuple[bool, dict[str, Any]]:
    """The health report and whether Elara is healthy; paths and errors only when detailed."""
    checks: dict[str, dict[str, Any]] = {"database": check_database(state)}
    checks["queue"] = check_queue(state)
    if state.db.replicas:
        checks["replicas"] = check_replicas(state)
    checks["disk"] = check_disk(state)
    checks["memory"] = check_memory(state)
    reasons = _reasons(checks)
    if detailed:  # what was backed up and when is for admins only
        checks["backups"] = check_backups(state)
    shown = checks if detailed else {name: _public(check) for name, check in checks.items()}
    return not reasons, {
        "status": "healthy" if not reasons else "unhealthy",
        "reasons": reasons,
        "version": __version__,
        "uptime_seconds": round(time.time() - state.started_at, 1),
        "checks": shown,
    }


@lru_cache(maxsize=8)
def migration_heads(database_url: str) -> tuple[str, ...]:
    """The newest revision(s) the code knows (read once from the migration scripts)."""
    from alembic.script import ScriptDirectory

    from elara.core.migrate import alembic_config

    return tuple(ScriptDirectory.from_config(alembic_config(database_url)).get_heads())


def readiness(state: AppState) -> tuple[bool, dict[str, Any]]:
    """Ready when the database answers and its schema is at the newest migration."""
    from alembic.runtime.migration import MigrationContext

    try:
        with state.db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except Exception as exc:  # not reachable: not ready
        return False, {"status": "not_ready", "reasons": [f"database: {type(exc).__name__}"]}
    heads = set(migration_heads(state.db.url))
    if current != heads:
        return False, {
            "status": "not_ready",
            "reasons": ["database schema is not at the newest migration; run `elara db upgrade`"],
        }
    return True, {"status": "ready"}
