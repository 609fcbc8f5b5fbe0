"""The background monitor: alert admins (ERROR log + email) when memory or disk cross limits."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import structlog

from elara.core.periodic import PeriodicThread
from elara.core.state import AppState
from elara.health.service import check_disk, check_memory

log = structlog.get_logger("elara.alerts")

AlertSender = Callable[[str, str], None]
# The mailer registers itself here (or is found as `elara.email.send_admin_alert` at import).
ALERT_SENDERS: list[AlertSender] = []


def _mailer() -> AlertSender | None:
    try:
        module = importlib.import_module("elara.email")
    except ImportError:
        return None
    sender = getattr(module, "send_admin_alert", None)
    return sender if callable(sender) else None


_MAILER = _mailer()


def send_admin_alert(subject: str, body: str) -> None:
    """Log an alert at ERROR and hand it to every registered sender (email to admins)."""
    log.error("admin_alert", subject=subject, body=body)
    senders = [*ALERT_SENDERS, *([_MAILER] if _MAILER else [])]
    for sender in senders:
        try:
            sender(subject, body)
        except Exception:  # an alert must never take the monitor down
            log.exception("admin_alert_delivery_failed", subject=subject)


def _problems(state: AppState) -> dict[str, dict[str, Any]]:
    checks = {"memory": check_memory(state), "disk": check_disk(state)}
    return {name: check for name, check in checks.items() if check["status"] != "ok"}


class HealthMonitor:
    """Checks memory and disk every interval; alerts once when a limit is crossed, again after
    it recovered and crossed anew (no alert storm while it stays crossed)."""

    def __init__(self, state: AppState, *, interval: float | None = None) -> None:
        self.state = state
        self.interval = interval if interval is not None else state.settings.alert_interval_seconds
        self.active: set[str] = set()
        self._thread = PeriodicThread(
            "elara-health", self.interval, self.check_once, failure_event="health_monitor_failed"
        )

    def check_once(self) -> list[str]:
        """Run one check; returns the names of newly crossed limits (alerted now)."""
        problems = _problems(self.state)
        new = sorted(set(problems) - self.active)
        self.active = set(problems)
        for name in new:
            detail = ", ".join(f"{k}={v}" for k, v in problems[name].items() if k != "path")
            send_admin_alert(f"Elara alert: {name} threshold crossed", f"{name}: {detail}")
        return new

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._thread.stop()
