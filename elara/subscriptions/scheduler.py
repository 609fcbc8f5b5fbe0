"""The in-process schedule of subscriptions and alerts, on Elara's periodic-thread pattern.

Every tick (ELARA_SUBSCRIPTION_INTERVAL_SECONDS), under a lock so only one instance works:
due subscriptions are sent and their next run computed; alerts are checked when the data
version changed since the last check (an upload became ready, a dataset was deleted or rolled
back) or when ELARA_ALERTS_CHECK_MINUTES have passed. A `data.changed` or `alerts.changed`
event wakes the thread at once instead of waiting for the next tick.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import select

from elara.core import data_version
from elara.core.periodic import PeriodicThread, exclusive
from elara.core.state import AppState
from elara.models import AppSetting, Subscription
from elara.subscriptions.delivery import send_subscription
from elara.subscriptions.evaluate import check_all
from elara.subscriptions.schedule import next_run, parse_time

log = structlog.get_logger(__name__)

LOCK_NAME = "elara_subscriptions"
CHECKED_VERSION = "alerts_data_version"
CHECKED_AT = "alerts_checked_at"
WAKE_EVENTS = ("data.changed", "alerts.changed")
Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def schedule_of(sub: Subscription, after: datetime) -> datetime:
    """The subscription's next run after `after`."""
    return next_run(
        after,
        frequency=sub.frequency,
        at=parse_time(sub.time_of_day),
        timezone=sub.timezone,
        weekday=sub.weekday,
        month_day=sub.month_day,
    )


def _claim_due(state: AppState, now: datetime) -> list[int]:
    """Due subscriptions, each moved to its next run before it is sent (at most once)."""
    with state.db.transaction() as session:
        due = list(
            session.scalars(
                select(Subscription)
                .where(Subscription.enabled, Subscription.next_run_at <= now)
                .order_by(Subscription.next_run_at, Subscription.id)
            )
        )
        for sub in due:
            sub.next_run_at = schedule_of(sub, now)
        return [sub.id for sub in due]


def _setting(state: AppState, key: str) -> Any:
    with state.db.transaction() as session:
        row = session.get(AppSetting, key)
        return None if row is None else row.value


def _store(state: AppState, values: dict[str, str], now: datetime) -> None:
    with state.db.transaction() as session:
        for key, value in values.items():
            row = session.get(AppSetting, key)
            if row is None:
                session.add(AppSetting(key=key, value=value, updated_at=now))
            else:
                row.value, row.updated_at = value, now


def alerts_due(state: AppState, now: datetime, *, force: bool = False) -> str | None:
    """The data version to check alerts at, or None when nothing changed and it is not time."""
    with state.db.transaction() as session:
        version = data_version.current(session)
    last_at = _setting(state, CHECKED_AT)
    period = timedelta(minutes=state.settings.alerts_check_minutes)
    stale = last_at is None or now - datetime.fromisoformat(str(last_at)) >= period
    if force or stale or _setting(state, CHECKED_VERSION) != version:
        return version
    return None


def run_due(
    state: AppState, *, now: datetime | None = None, force_alerts: bool = False
) -> dict[str, Any]:
    """Send due subscriptions and check alerts if due (when this instance gets the lock)."""
    now = now or _utcnow()
    done: dict[str, Any] = {"sent": [], "alerts": {}}
    with exclusive(state, LOCK_NAME) as acquired:
        if not acquired:
            return done
        for sub_id in _claim_due(state, now):
            try:
                send_subscription(state, sub_id, now=now)
                done["sent"].append(sub_id)
            except Exception:
                log.exception("subscription_send_failed", subscription_id=sub_id)
        version = alerts_due(state, now, force=force_alerts)
        if version is not None:
            done["alerts"] = check_all(state, now=now)
            _store(state, {CHECKED_VERSION: version, CHECKED_AT: now.isoformat()}, now)
    return done


class SubscriptionScheduler(PeriodicThread):
    """The scheduler thread; data-change events wake it so alerts follow uploads at once."""

    def __init__(self, state: AppState, *, clock: Clock = _utcnow) -> None:
        self.state, self.clock = state, clock
        super().__init__(
            "elara-subscriptions",
            state.settings.subscription_interval_seconds,
            self._work,
            failure_event="subscriptions_tick_failed",
            first_at_start=True,
        )
        self._force = False
        state.events.add_listener(self._on_event)

    def _work(self) -> None:
        # An event says the data or the rules changed: check even if this instance's data
        # version looks current (it may have been read just before the change).
        force, self._force = self._force, False
        done = run_due(self.state, now=self.clock(), force_alerts=force)
        if done["sent"] or done["alerts"]:
            log.info("subscriptions_done", sent=done["sent"], alerts=done["alerts"])

    def _on_event(self, event: dict[str, Any]) -> None:
        if event.get("type") in WAKE_EVENTS:
            self._force = True
            self.wake()
