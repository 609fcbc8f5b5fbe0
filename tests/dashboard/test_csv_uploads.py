"""The settings routes that take a small CSV file (chart of accounts, FX rates) read it alike:
UTF-8 with or without a BOM, at most 2 MB, and every refusal in the one JSON error shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from elara.core.csv_text import MAX_CSV_BYTES
from elara.core.state import AppState
from tests.factories import create_user, login

ROUTES = {
    "/api/finance/accounts/import": "account,kind\r\nRent,operating_expense\r\n",
    "/api/fx-rates/upload": "date,currency,rate\r\n2024-01-31,EUR,0.9\r\n",
}


def _post(client: TestClient, headers: dict[str, str], route: str, data: bytes):
    files = {"file": ("file.csv", data, "text/csv")}
    return client.post(route, files=files, headers=headers)


@pytest.mark.parametrize("route", list(ROUTES))
class TestCsvUploads:
    def test_valid_with_a_bom(self, client: TestClient, state: AppState, route: str) -> None:
        headers = login(client, create_user(state, role="admin"))
        response = _post(client, headers, route, ROUTES[route].encode("utf-8-sig"))
        assert response.status_code == 200, response.text

    def test_not_utf8(self, client: TestClient, state: AppState, route: str) -> None:
        headers = login(client, create_user(state, role="admin"))
        latin = (ROUTES[route] + "caf\xe9,\r\n").encode("latin-1")
        response = _post(client, headers, route, latin)
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert (error["code"], error["message"]) == ("bad_csv", "The file is not UTF-8 text.")
        assert error["correlation_id"]

    def test_too_large(self, client: TestClient, state: AppState, route: str) -> None:
        headers = login(client, create_user(state, role="admin"))
        body = ROUTES[route].encode() + b" " * (MAX_CSV_BYTES + 1 - len(ROUTES[route]))
        response = _post(client, headers, route, body)
        assert response.status_code == 413, response.text
        assert "limited to 2 MB" in response.json()["error"]["message"]
