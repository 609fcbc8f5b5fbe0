"""/health, /health/live, /health/ready and the memory/disk alert monitor."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from elara import __version__
from elara.core.config import Settings
from elara.core.queue import JobQueue
from elara.core.state import AppState
from elara.gateway import create_app
from elara.health import monitor as health_monitor
from elara.health.monitor import HealthMonitor
from tests.conftest import make_settings
from tests.factories import create_user, login
from tests.live import LiveServer, free_port
from tests.ops.conftest import read_log


class TestHealth:
    def test_anonymous_scrape_over_real_http(self, live_server: LiveServer) -> None:
        response = httpx.get(f"{live_server.url}/health")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "healthy" and body["reasons"] == []
        assert body["version"] == __version__ and body["uptime_seconds"] >= 0
        checks = body["checks"]
        assert checks["database"]["status"] == "up"
        assert checks["database"]["round_trip_ms"] >= 0
        assert checks["disk"]["free_mb"] > 0 and checks["memory"]["rss_mb"] > 0
        assert "path" not in checks["disk"] and "backend" not in checks["database"]
        assert checks["queue"] == {"status": "up", "pending": {"upload": 0, "db": 0}}

    def test_admin_sees_details(self, client: TestClient, state: AppState) -> None:
        headers = login(client, create_user(state, role="admin"))
        body = client.get("/health", headers=headers).json()
        assert body["checks"]["disk"]["path"] == str(state.settings.data_dir.resolve())
        assert body["checks"]["database"]["backend"] == state.db.engine.dialect.name

    def test_revoked_admin_token_sees_the_public_report(
        self, client: TestClient, state: AppState
    ) -> None:
        headers = login(client, create_user(state, role="admin"))
        assert "path" in client.get("/health", headers=headers).json()["checks"]["disk"]
        logout = client.post("/api/auth/logout", headers={"X-Elara-CSRF": "1"})
        assert logout.status_code in (200, 204)
        assert "path" not in client.get("/health", headers=headers).json()["checks"]["disk"]

    def test_viewer_sees_the_public_report(self, client: TestClient, state: AppState) -> None:
        headers = login(client, create_user(state, role="viewer"))
        body = client.get("/health", headers=headers).json()
        assert "path" not in body["checks"]["disk"]

    def test_memory_over_threshold_is_503_with_reason(self, state: AppState) -> None:
        state.settings.alert_memory_mb = 1
        with TestClient(create_app(state=state)) as client:
            response = client.get("/health")
        assert response.status_code == 503
        assert response.json()["status"] == "unhealthy"
        assert response.json()["reasons"] == ["memory is too high"]

    def test_disk_threshold(self, state: AppState) -> None:
        state.settings.alert_disk_free_mb = 10**12
        with TestClient(create_app(state=state)) as client:
            response = client.get("/health")
        assert response.status_code == 503
        assert response.json()["reasons"] == ["disk has too little free space"]

    def test_unreachable_queue_is_reported(self, state: AppState) -> None:
        state.settings.redis_url = f"redis://127.0.0.1:{free_port()}/0"
        state.queue = JobQueue(state.settings)
        with TestClient(create_app(state=state, worker_roles=())) as client:
            response = client.get("/health")
        body = response.json()
        assert body["checks"]["queue"]["status"] == "down"
        assert response.status_code == 503
        assert body["reasons"] == ["queue is down"]


def test_live_and_ready(client: TestClient) -> None:
    assert client.get("/health/live").json() == {"status": "alive"}
    response = client.get("/health/ready")
    assert response.status_code == 200 and response.json() == {"status": "ready"}


def test_not_ready_before_migrations(tmp_path: Path) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path / "data")
    with TestClient(create_app(settings)) as client:
        ready = client.get("/health/ready")
        live = client.get("/health/live")
    assert live.status_code == 200
    assert ready.status_code == 503 and ready.json()["status"] == "not_ready"
    assert "elara db upgrade" in ready.json()["reasons"][0]


@pytest.fixture
def alerts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(health_monitor, "ALERT_SENDERS", [lambda s, b: sent.append((s, b))])
    return sent


def test_monitor_alerts_once_per_crossing(
    state: AppState, settings: Settings, alerts: list[tuple[str, str]]
) -> None:
    create_app(state=state)  # configures logging into the test's log file
    monitor = HealthMonitor(state, interval=0)
    assert monitor.check_once() == []
    state.settings.alert_memory_mb = 1
    assert monitor.check_once() == ["memory"]
    assert monitor.check_once() == []  # still crossed: no alert storm
    state.settings.alert_memory_mb = 10**6
    assert monitor.check_once() == []
    state.settings.alert_memory_mb = 1
    assert monitor.check_once() == ["memory"]
    assert [subject for subject, _ in alerts] == ["Elara alert: memory threshold crossed"] * 2
    assert "rss_mb=" in alerts[0][1]
    errors = [line for line in read_log(settings.log_file) if line["event"] == "admin_alert"]
    assert len(errors) == 2 and errors[0]["level"] == "error"


def test_monitor_thread_runs_checks(state: AppState, alerts: list[tuple[str, str]]) -> None:
    state.settings.alert_disk_free_mb = 10**12
    monitor = HealthMonitor(state, interval=0.05)
    monitor.start()
    try:
        for _ in range(100):
            if alerts:
                break
            import time

            time.sleep(0.02)
    finally:
        monitor.stop()
    assert alerts and alerts[0][0] == "Elara alert: disk threshold crossed"
