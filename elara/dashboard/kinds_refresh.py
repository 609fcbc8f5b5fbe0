"""Keeping `rollup_company_kind` current after a classification change, in the background.

A reclassified account (an admin's kind, a dataset's kind) makes the per-kind company rollups
of the datasets holding it stale; company questions then read `rollup_monthly` (exact, slower)
until the rows are rebuilt under the new plan. This thread does that rebuild: at start (for
datasets stored before the table existed), when a `data.changed` event arrives, and every
`ELARA_KINDS_REFRESH_SECONDS` (300) as a safety net; one dataset per transaction, under a lock
so that one instance of several does it. Nothing it writes changes an answer, so it bumps no
data version. On SQLite a dataset's rebuild holds the write lock while it runs (13.5 s for a
1M-record dataset on the benchmark machine).
"""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy import select

from elara.core import data_version
from elara.core.periodic import PeriodicThread, exclusive
from elara.core.state import AppState
from elara.dashboard.kinds import build_plan
from elara.dashboard.rollups import refresh_kinds
from elara.models import RollupKindPlan, RollupMonthly

log = structlog.get_logger(__name__)

LOCK_NAME = "elara-kinds-refresh"


def refresh_all(state: AppState) -> int:
    """Rebuild the per-kind rollups of every stale dataset; returns how many were rebuilt.

    One classification plan of every dataset decides which are stale (a tick usually finds
    none); each stale one is then rebuilt in its own transaction, which settles its plan again
    inside it (an upload or a reclassification may have come in between)."""
    with state.db.session_factory() as session:
        ids = tuple(
            sorted(int(d) for d in session.scalars(select(RollupMonthly.dataset_id).distinct()))
        )
        if not ids:
            return 0
        plan = build_plan(session, ids)
        built = {
            int(d): str(f)
            for d, f in session.execute(
                select(RollupKindPlan.dataset_id, RollupKindPlan.fingerprint)
            )
        }
    rebuilt = 0
    for dataset_id in ids:
        if built.get(dataset_id) == plan.fingerprint(dataset_id):
            continue
        with state.db.transaction() as session:
            rebuilt += refresh_kinds(session, [dataset_id])
    return rebuilt


class KindsRefresher(PeriodicThread):
    """The background rebuild; skips a tick when the data version has not moved since the last
    complete pass."""

    def __init__(self, state: AppState, *, interval: float | None = None) -> None:
        self.state = state
        if interval is None:
            interval = float(state.settings.kinds_refresh_seconds)
        self._done_at: str | None = None
        super().__init__(
            "elara-kinds-refresh",
            interval,
            self.run_once,
            failure_event="kinds_refresh_failed",
            first_at_start=True,
        )
        state.events.add_listener(self._on_event)

    def run_once(self) -> int:
        with self.state.db.session_factory() as session:
            version = data_version.current(session)
        if version == self._done_at:
            return 0
        with exclusive(self.state, LOCK_NAME) as acquired:
            if not acquired:
                return 0
            rebuilt = refresh_all(self.state)
        self._done_at = version
        if rebuilt:
            log.info("kinds_rollups_rebuilt", datasets=rebuilt)
        return rebuilt

    def _on_event(self, event: dict[str, Any]) -> None:
        if event.get("type") == "data.changed":
            self.wake()
