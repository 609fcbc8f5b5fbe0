"""Prometheus metrics: per-app request metrics plus process-wide counters other domains bump.

Other domains call the functions here (`observe_upload`, `cache_hit`, `cache_miss`,
`rate_limit_hit`, `security_event`); each app's `/metrics` shows them next to its own.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine

from elara.core.db import Database
from elara.monitoring.system import rss_bytes

# Process-wide metrics live in their own registry (not the global default), so several apps
# in one test process can each expose them without duplicate-registration errors.
SHARED_REGISTRY = CollectorRegistry(auto_describe=True)

cache_hits = Counter("elara_cache_hits", "Dashboard cache hits.", registry=SHARED_REGISTRY)
cache_misses = Counter("elara_cache_misses", "Dashboard cache misses.", registry=SHARED_REGISTRY)
rate_limit_hits = Counter(
    "elara_rate_limit_hits",
    "Requests refused by a rate limit.",
    ["limit"],
    registry=SHARED_REGISTRY,
)
security_events = Counter(
    "elara_security_events",
    "Security events (xss attempt, lockout, ...).",
    ["kind"],
    registry=SHARED_REGISTRY,
)
upload_rows = Counter("elara_upload_rows", "Rows stored by uploads.", registry=SHARED_REGISTRY)
upload_failures = Counter("elara_upload_failures", "Failed uploads.", registry=SHARED_REGISTRY)
upload_seconds = Counter(
    "elara_upload_seconds", "Time spent processing uploads.", registry=SHARED_REGISTRY
)
upload_rate = Histogram(
    "elara_upload_rows_per_second",
    "Rows per second of each finished upload.",
    buckets=(100, 500, 1_000, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000),
    registry=SHARED_REGISTRY,
)
_lock = threading.Lock()


def observe_upload(rows: int, seconds: float, ok: bool) -> None:
    """Record one finished upload (the upload pipeline calls this)."""
    if not ok:
        upload_failures.inc()
        return
    upload_rows.inc(max(rows, 0))
    upload_seconds.inc(max(seconds, 0.0))
    if seconds > 0:
        upload_rate.observe(rows / seconds)


def cache_hit() -> None:
    """Count a dashboard cache hit."""
    cache_hits.inc()


def cache_miss() -> None:
    """Count a dashboard cache miss."""
    cache_misses.inc()


def rate_limit_hit(limit: str = "default") -> None:
    """Count one request refused by the named rate limit."""
    rate_limit_hits.labels(limit=limit).inc()


def security_event(kind: str) -> None:
    """Count one security event of a kind (xss_attempt, lockout, refresh_reuse, ...)."""
    security_events.labels(kind=kind).inc()


class _SharedCollector(Collector):
    """Shows the process-wide metrics in an app's registry, with the cache hit ratio."""

    def collect(self) -> Iterator[Metric]:
        yield from SHARED_REGISTRY.collect()
        hits, misses = cache_hits._value.get(), cache_misses._value.get()
        total = hits + misses
        yield GaugeMetricFamily(
            "elara_cache_hit_ratio",
            "Cache hits / lookups since start (0 before any lookup).",
            value=hits / total if total else 0.0,
        )


class _RuntimeCollector(Collector):
    """Database pool use and process memory, read when scraped."""

    def __init__(self, engines: Iterable[Engine]) -> None:
        self.engines = list(engines)

    def collect(self) -> Iterator[Metric]:
        pool = GaugeMetricFamily(
            "elara_db_pool_checked_out", "Database connections in use.", labels=["engine"]
        )
        for index, engine in enumerate(self.engines):
            checkedout = getattr(engine.pool, "checkedout", None)
            pool.add_metric([str(index)], float(checkedout()) if checkedout else 0.0)
        yield pool
        yield GaugeMetricFamily(
            "elara_process_resident_memory_bytes",
            "Resident memory (RSS) of this process.",
            value=float(rss_bytes()),
        )


class ReplicaCollector(Collector):
    """Each read replica's state and how often reads skipped it (behind or down)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "elara_db_replica_up",
            "1 when the replica served the last read, 0 when it was skipped.",
            labels=["replica"],
        )
        skipped = CounterMetricFamily(
            "elara_db_replica_skipped",
            "Reads that skipped a replica, by reason (behind the seen version, or down).",
            labels=["replica", "reason"],
        )
        for replica in self.db.replicas:
            status = replica.status
            up.add_metric([status.url], 1.0 if status.state == "up" else 0.0)
            for reason, count in status.skipped.items():
                skipped.add_metric([status.url, reason], float(count))
        yield up
        yield skipped


class AppMetrics:
    """The metrics of one app: its own registry, request counters and runtime gauges."""

    def __init__(self, engines: Iterable[Engine] = (), db: Database | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "elara_http_requests",
            "HTTP requests by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "elara_http_request_duration_seconds",
            "Request latency by route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.in_flight = Gauge(
            "elara_http_requests_in_flight", "Requests being served now.", registry=self.registry
        )
        self.registry.register(_SharedCollector())
        self.registry.register(_RuntimeCollector(engines))
        if db is not None and db.replicas:
            self.registry.register(ReplicaCollector(db))

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        labels = {"method": method, "route": route, "status": str(status)}
        self.requests.labels(**labels).inc()
        self.latency.labels(**labels).observe(seconds)

    def render(self) -> bytes:
        """The Prometheus text exposition of this app's registry."""
        with _lock:
            return generate_latest(self.registry)
