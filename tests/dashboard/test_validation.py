"""Bad input gets a clear 4xx in the one error shape, never a 500."""

from __future__ import annotations

import base64
from datetime import date

import pytest

from tests.dashboard.factories import create_dataset, pnl
from tests.factories import create_user, login

MANY = "&".join(f"company=C{i}" for i in range(201))
BAD = [
    ("/api/dashboard/summary?from=2024-02-01&to=2024-01-31", 422, "validation_error"),
    ("/api/dashboard/summary?from=2024-13-01", 422, "validation_error"),
    ("/api/dashboard/summary?form=2024-01-01", 422, "validation_error"),
    ("/api/dashboard/summary?dataset_id=abc", 422, "validation_error"),
    ("/api/dashboard/summary?dataset_id=0", 422, "validation_error"),
    ("/api/dashboard/summary?dataset_id=424242", 422, "unknown_dataset"),
    (f"/api/dashboard/summary?{MANY}", 422, "validation_error"),
    (f"/api/dashboard/summary?company={'X' * 65}", 422, "validation_error"),
    ("/api/dashboard/filters?from=2024-02-01&to=2024-01-01", 422, "validation_error"),
    ("/api/dashboard/timeseries?granularity=hour", 422, "validation_error"),
    ("/api/dashboard/timeseries?group_by=colour", 422, "validation_error"),
    (
        "/api/dashboard/timeseries?granularity=day&from=1990-01-01&to=2030-01-01",
        422,
        "too_many_periods",
    ),
    ("/api/dashboard/breakdown?top=0", 422, "validation_error"),
    ("/api/dashboard/breakdown?top=101", 422, "validation_error"),
    ("/api/dashboard/breakdown?top=ten", 422, "validation_error"),
    ("/api/dashboard/breakdown?by=colour", 422, "validation_error"),
    ("/api/dashboard/breakdown?metric=luck", 422, "validation_error"),
    ("/api/records?limit=0", 422, "validation_error"),
    ("/api/records?limit=1000000", 422, "validation_error"),
    ("/api/records?sort=password_hash", 422, "validation_error"),
    ("/api/records?order=sideways", 422, "validation_error"),
    ("/api/records?cursor=%%%not-base64", 422, "invalid_cursor"),
    (
        "/api/records?cursor=" + base64.urlsafe_b64encode(b'{"s":"date"}').decode(),
        422,
        "invalid_cursor",
    ),
    (
        "/api/records?sort=amount&cursor="
        + base64.urlsafe_b64encode(b'{"s":"date","o":"asc","v":"2024-01-01","i":1}').decode(),
        422,
        "invalid_cursor",
    ),
    (
        "/api/records?sort=date&cursor="
        + base64.urlsafe_b64encode(b'{"s":"date","o":"asc","v":"yesterday","i":1}').decode(),
        422,
        "invalid_cursor",
    ),
    ("/api/datasets/1/records?dataset_id=2", 422, "validation_error"),
    ("/api/datasets/abc/records", 422, "validation_error"),
    ("/api/records/export?format=pdf", 422, "validation_error"),
    ("/api/records/export?to=2020-01-01&from=2021-01-01", 422, "validation_error"),
]


@pytest.mark.parametrize(("path", "status", "code"), BAD)
def test_bad_input_is_a_clear_error(client, state, path, status, code):
    create_dataset(state, pnl("ACME", date(2024, 1, 5), revenue="1.00", cogs="0.40"))
    headers = login(client, create_user(state, role="viewer"))
    response = client.get(path, headers=headers)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details", "correlation_id"}
    assert error["code"] == code
    assert error["message"]
