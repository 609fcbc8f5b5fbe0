"""/metrics: admin-only, scraped over real HTTP, and on its own bind address when configured."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from elara.core.state import AppState
from elara.gateway import create_app
from elara.monitoring import metrics as m
from tests.factories import create_user, login
from tests.live import LiveServer, free_port


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus exposition, keyed by name and sorted labels."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def _admin_headers(client: TestClient | httpx.Client, state: AppState) -> dict[str, str]:
    admin = create_user(state, role="admin")
    response = client.post(
        "/api/auth/login", json={"email": admin.email, "password": admin.password}
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


class TestMetricsEndpoint:
    def test_anonymous(self, client: TestClient) -> None:
        response = client.get("/metrics")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"

    def test_forbidden_role(self, client: TestClient, state: AppState) -> None:
        headers = login(client, create_user(state, role="analyst"))
        response = client.get("/metrics", headers=headers)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"

    def test_valid_over_real_http(self, live_server: LiveServer, state: AppState) -> None:
        m.observe_upload(5000, 2.0, ok=True)
        m.observe_upload(0, 0.1, ok=False)
        m.cache_hit(), m.cache_hit(), m.cache_hit(), m.cache_miss()
        m.rate_limit_hit("login")
        m.security_event("xss_attempt")
        with httpx.Client(base_url=live_server.url) as http:
            headers = _admin_headers(http, state)
            before = samples(http.get("/metrics", headers=headers).text)
            for _ in range(3):
                assert http.get("/health").status_code == 200
            http.get("/api/users/999999", headers=headers)
            response = http.get("/metrics", headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        after = samples(response.text)
        health = {"method": "GET", "route": "/health", "status": "200"}
        assert value(after, "elara_http_requests_total", **health) == 3
        assert value(after, "elara_http_request_duration_seconds_count", **health) == 3
        missing = {"method": "GET", "route": "/api/users/{user_id}", "status": "404"}
        assert value(after, "elara_http_requests_total", **missing) == 1
        assert value(after, "elara_http_requests_in_flight") == 1  # the scrape itself
        assert ("elara_db_pool_checked_out", (("engine", "0"),)) in after
        assert value(after, "elara_process_resident_memory_bytes") > 10 * 1024 * 1024
        for name in (
            "elara_upload_rows_total",
            "elara_upload_failures_total",
            "elara_cache_hits_total",
        ):
            assert value(after, name) >= 1
        assert (
            value(after, "elara_upload_rows_total") - value(before, "elara_upload_rows_total") == 0
        )  # nothing uploaded between scrapes
        hits, misses = (
            value(after, "elara_cache_hits_total"),
            value(after, "elara_cache_misses_total"),
        )
        assert abs(value(after, "elara_cache_hit_ratio") - hits / (hits + misses)) < 1e-9
        assert value(after, "elara_rate_limit_hits_total", limit="login") >= 1
        assert value(after, "elara_security_events_total", kind="xss_attempt") >= 1
        assert value(after, "elara_upload_rows_per_second_count") >= 1


def test_observe_upload_counts_rows_and_failures() -> None:
    rows, failures = m.upload_rows._value.get(), m.upload_failures._value.get()
    m.observe_upload(1200, 0.5, ok=True)
    m.observe_upload(300, 0.5, ok=False)
    assert m.upload_rows._value.get() - rows == 1200
    assert m.upload_failures._value.get() - failures == 1


def test_apps_have_their_own_registry(app: FastAPI, state: AppState) -> None:
    other = create_app(state=state)
    with TestClient(app) as first, TestClient(other) as second:
        first.get("/health/live")
        first.get("/health/live")
        second.get("/health/live")
    live = {"method": "GET", "route": "/health/live", "status": "200"}
    assert (
        value(samples(app.state.metrics.render().decode()), "elara_http_requests_total", **live)
        == 2
    )
    assert (
        value(samples(other.state.metrics.render().decode()), "elara_http_requests_total", **live)
        == 1
    )


def test_separate_bind_address_serves_metrics_without_a_token(state: AppState) -> None:
    port = free_port()
    state.settings.metrics_bind = f"127.0.0.1:{port}"
    app = create_app(state=state)
    with TestClient(app) as client:
        client.get("/health/live")
        response = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
        assert response.status_code == 200
        live = {"method": "GET", "route": "/health/live", "status": "200"}
        assert value(samples(response.text), "elara_http_requests_total", **live) == 1
    try:
        httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=1)
        stopped = False
    except httpx.HTTPError:
        stopped = True
    assert stopped, "the metrics server must stop with the app"
