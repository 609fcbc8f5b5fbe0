"""Wiring an app for operations: access log, metrics, and the background workers it runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from wsgiref.simple_server import WSGIServer

import structlog
from fastapi import FastAPI
from prometheus_client import start_http_server

from elara.core.state import AppState
from elara.monitoring.dbtime import instrument_engine
from elara.monitoring.metrics import AppMetrics
from elara.monitoring.middleware import AccessLogMiddleware

log = structlog.get_logger(__name__)


def install_observability(app: FastAPI, state: AppState) -> AppMetrics:
    """Give the app its metrics registry, database timing and the access-log middleware."""
    metrics = AppMetrics(
        engines=[state.db.engine, *(r.engine for r in state.db.replicas)], db=state.db
    )
    app.state.metrics = metrics
    instrument_engine(state.db.engine)
    app.add_middleware(AccessLogMiddleware, metrics=metrics, slow_ms=state.settings.slow_request_ms)
    return metrics


def parse_bind(value: str) -> tuple[str, int]:
    """`host:port` (or `:port`, or `[::1]:port`) into its parts."""
    host, _, port = value.rpartition(":")
    return (host.strip("[]") or "127.0.0.1"), int(port)


def _start_metrics_server(state: AppState, metrics: AppMetrics) -> WSGIServer | None:
    if not state.settings.metrics_bind:
        return None
    host, port = parse_bind(state.settings.metrics_bind)
    server, _ = start_http_server(port, addr=host, registry=metrics.registry)
    log.info("metrics_server_started", address=f"{host}:{port}")
    return server


@contextmanager
def background(state: AppState, metrics: AppMetrics) -> Iterator[None]:
    """Run the metrics server, the health monitor, the rebuild of per-kind company rollups and
    the backup and subscription schedulers while serving."""
    from elara.backup.scheduler import BackupScheduler
    from elara.dashboard.kinds_refresh import KindsRefresher
    from elara.health.monitor import HealthMonitor
    from elara.subscriptions.scheduler import SubscriptionScheduler

    server = _start_metrics_server(state, metrics)
    monitor = HealthMonitor(state)
    kinds = KindsRefresher(state)
    scheduler = BackupScheduler(state) if state.settings.backup_schedule else None
    reports = SubscriptionScheduler(state) if state.settings.subscription_schedule else None
    monitor.start()
    kinds.start()
    if scheduler:
        scheduler.start()
    if reports:
        reports.start()
    try:
        yield
    finally:
        if reports:
            reports.stop()
        if scheduler:
            scheduler.stop()
        kinds.stop()
        monitor.stop()
        if server is not None:
            server.shutdown()
            server.server_close()
