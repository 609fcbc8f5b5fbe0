"""Response times per area of the app, read from the request-duration histogram.

The median and 95th percentile are estimated the way Prometheus' `histogram_quantile` does:
linearly inside the bucket the rank falls in. They cover every request since the process
started; a request slower than the largest bucket reports that bucket's bound as "above".
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from elara.monitoring.metrics import AppMetrics

# Route templates by their first part, as a person names that part of the app.
AREAS = {
    "dashboard": "Dashboard",
    "records": "Records and exports",
    "datasets": "Datasets",
    "uploads": "Uploads",
    "assistant": "Assistant",
    "qbusiness": "Assistant",
    "recipes": "Uploads",
    "admin": "Administration",
    "finance": "Finance",
    "fx-rates": "Finance",
    "views": "Saved views",
    "subscriptions": "Subscriptions and alerts",
    "alerts": "Subscriptions and alerts",
    "auth": "Sign-in",
    "users": "Users",
    "profile": "Users",
    "audit": "Audit",
    "health": "Health checks",
}


def area(route: str) -> str | None:
    """The area a route template belongs to; None for the web app's files and unknown paths."""
    parts = [part for part in route.split("/") if part]
    if len(parts) > 1 and parts[0] == "api":
        key = parts[1]
    elif parts[:1] == ["health"]:
        key = "health"
    else:
        return None
    return AREAS.get(key, key.replace("-", " ").capitalize())


def quantile(q: float, buckets: list[tuple[float, float]]) -> tuple[float, bool]:
    """The q-quantile of cumulative (upper bound, count) buckets and whether it is only a lower
    bound (the rank falls past the largest finite bucket)."""
    total = buckets[-1][1]
    rank = q * total
    lower, below = 0.0, 0.0
    for upper, count in buckets:
        if count >= rank:
            if math.isinf(upper):
                return lower, True
            inside = count - below
            share = (rank - below) / inside if inside else 1.0
            return lower + (upper - lower) * share, False
        lower, below = upper, count
    return lower, True


def _buckets(metrics: AppMetrics) -> dict[str, dict[float, float]]:
    by_area: dict[str, dict[float, float]] = defaultdict(lambda: defaultdict(float))
    for family in metrics.latency.collect():
        for sample in family.samples:
            if not sample.name.endswith("_bucket"):
                continue
            name = area(sample.labels["route"])
            if name is not None:
                by_area[name][float(sample.labels["le"])] += sample.value
    return by_area


def response_times(metrics: AppMetrics) -> list[dict[str, Any]]:
    """Requests, median and 95th percentile (ms) per area, busiest area first."""
    rows = []
    for name, counts in _buckets(metrics).items():
        buckets = sorted(counts.items())
        if not buckets or buckets[-1][1] == 0:
            continue
        row: dict[str, Any] = {"area": name, "requests": int(buckets[-1][1])}
        for key, q in (("p50", 0.5), ("p95", 0.95)):
            seconds, above = quantile(q, buckets)
            row[f"{key}_ms"], row[f"{key}_above"] = round(seconds * 1000, 1), above
        rows.append(row)
    return sorted(rows, key=lambda row: (-row["requests"], row["area"]))
