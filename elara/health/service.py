"""What /health reports: the database round trip, version and uptime."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import text

from elara import __version__
from elara.core.state import AppState


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


def health_report(state: AppState) -> tuple[bool, dict[str, Any]]:
    """The health report and whether Elara is healthy."""
    database = check_database(state)
    healthy = database["status"] == "up"
    return healthy, {
        "status": "healthy" if healthy else "unhealthy",
        "version": __version__,
        "uptime_seconds": round(time.time() - state.started_at, 1),
        "checks": {"database": database},
    }
