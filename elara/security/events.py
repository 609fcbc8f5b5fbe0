"""Security events: counted per kind, logged, and alerted on past a threshold in a window.

Each event also bumps the Prometheus counter `elara_security_events{kind}`
(`elara.monitoring.metrics`); `COUNTS` keeps the same numbers in-process for tests and tools.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import structlog

from elara.core import ratelimit
from elara.monitoring import metrics

log = structlog.get_logger("elara.security")

COUNTS: Counter[str] = Counter()
_lock = threading.Lock()

AlertSender = Callable[[str, int, int, dict[str, Any]], None]


@dataclass
class AlertPolicy:
    """Past `threshold` events of one kind within `window` seconds, alert once per window."""

    threshold: int = 20
    window: float = 300.0
    sender: AlertSender | None = None
    seen: dict[str, deque[float]] = field(default_factory=dict)
    last_alert: dict[str, float] = field(default_factory=dict)

    def observe(self, kind: str, now: float) -> int | None:
        """Note one event; the count in the window when this one crosses the threshold."""
        times = self.seen.setdefault(kind, deque())
        times.append(now)
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < self.threshold:
            return None
        if now - self.last_alert.get(kind, float("-inf")) < self.window:
            return None
        self.last_alert[kind] = now
        return len(times)


_policy = AlertPolicy()


def configure_alerts(*, threshold: int, window: float, sender: AlertSender | None) -> None:
    """Set the alert threshold, window and who is told (the gateway wires email to admins)."""
    global _policy
    with _lock:
        _policy = AlertPolicy(threshold=threshold, window=window, sender=sender)


def record_security_event(kind: str, **fields: Any) -> None:
    """Count and log one security event; alert admins when the kind passes its threshold."""
    safe = {key: value for key, value in fields.items() if key not in ("password", "token")}
    with _lock:
        COUNTS[kind] += 1
        policy = _policy
        crossed = policy.observe(kind, time.monotonic())
    metrics.security_event(kind)
    log.warning("security_event", kind=kind, **safe)
    if crossed is None:
        return
    log.error("security_alert", kind=kind, count=crossed, window_seconds=int(policy.window))
    if policy.sender is not None:
        policy.sender(kind, crossed, int(policy.window), safe)


def snapshot() -> dict[str, int]:
    """A copy of the counters (for metrics and tests)."""
    with _lock:
        return dict(COUNTS)


def _rate_limited(tier: str, key: str, path: str) -> None:
    record_security_event("rate_limited", tier=tier, key=key, path=path)
    metrics.rate_limit_hit(tier)


# Every refusal by a rate limit is a security event and a metric; the core only announces it.
ratelimit.on_refusal(_rate_limited)
