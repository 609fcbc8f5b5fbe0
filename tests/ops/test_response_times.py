"""The health report's response times: the median and 95th percentile per area of the app,
estimated from the request-duration histogram as Prometheus' histogram_quantile does."""

from __future__ import annotations

import math

import pytest
from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.monitoring.latency import area, quantile, response_times
from elara.monitoring.metrics import AppMetrics
from tests.factories import create_user, login

INF = math.inf


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ("/api/dashboard/summary", "Dashboard"),
        ("/api/records/export", "Records and exports"),
        ("/api/datasets/{dataset_id}/records", "Datasets"),
        ("/api/auth/login", "Sign-in"),
        ("/api/fx-rates", "Finance"),
        ("/api/qbusiness/config", "Assistant"),
        ("/api/admin/outbox", "Administration"),
        ("/api/something-new/x", "Something new"),
        ("/health", "Health checks"),
        ("/health/ready", "Health checks"),
        ("/metrics", None),
        ("/*", None),
        ("/vendor/chart.js/*", None),
        ("<unmatched>", None),
    ],
)
def test_area_of_a_route(route, expected):
    assert area(route) == expected


@pytest.mark.parametrize(
    ("q", "buckets", "expected"),
    [
        (0.5, [(0.1, 10), (0.2, 20), (INF, 20)], (0.1, False)),
        (0.5, [(0.1, 0), (0.2, 20), (INF, 20)], (0.15, False)),
        (0.95, [(0.1, 0), (0.2, 20), (INF, 20)], (0.195, False)),
        (0.95, [(0.1, 5), (1.0, 5), (INF, 10)], (1.0, True)),
        (0.5, [(0.005, 4), (INF, 4)], (0.0025, False)),
    ],
)
def test_quantile_interpolates_inside_the_bucket(q, buckets, expected):
    value, above = quantile(q, buckets)
    assert (round(value, 6), above) == expected


def test_response_times_per_area_from_the_histogram():
    metrics = AppMetrics()
    for seconds in (0.004,) * 19 + (0.3,):
        metrics.observe_request("GET", "/api/dashboard/summary", 200, seconds)
    metrics.observe_request("GET", "/api/dashboard/breakdown", 200, 20.0)
    metrics.observe_request("GET", "/api/records/export", 200, 0.02)
    metrics.observe_request("GET", "/*", 200, 0.001)
    rows = {row["area"]: row for row in response_times(metrics)}
    assert set(rows) == {"Dashboard", "Records and exports"}
    dashboard = rows["Dashboard"]
    assert dashboard["requests"] == 21
    assert 0 < dashboard["p50_ms"] <= 5 and not dashboard["p50_above"]
    assert dashboard["p95_ms"] == 487.5 and not dashboard["p95_above"]
    assert rows["Records and exports"]["p50_ms"] == 17.5


def test_admins_see_the_response_times_of_this_process(client: TestClient, state: AppState):
    admin = login(client, create_user(state, role="admin"))
    for _ in range(3):
        assert client.get("/api/dashboard/summary", headers=admin).status_code == 200
    body = client.get("/health", headers=admin).json()
    rows = {row["area"]: row for row in body["response_times"]}
    assert rows["Dashboard"]["requests"] == 3
    assert 0 < rows["Dashboard"]["p50_ms"] <= rows["Dashboard"]["p95_ms"]
    assert rows["Sign-in"]["requests"] >= 1
    viewer = login(client, create_user(state, role="viewer"))
    assert "response_times" not in client.get("/health", headers=viewer).json()
    assert "response_times" not in client.get("/health").json()
