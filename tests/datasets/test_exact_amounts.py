"""Amounts go in exactly as the file states them; a total is their exact sum rounded once."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from fastapi.testclient import TestClient

from elara.core.state import AppState
from tests.amounts import units
from tests.factories import create_user, login

from .conftest import records_of, upload

# Rounding each cell to the cent first would give Revenue 0.99 + 0.03 = 1.02, Rent 0.00.
LINES = [
    ("Revenue", "0.3333"),
    ("Revenue", "0.3333"),
    ("Revenue", "0.3333"),
    ("Revenue", "0.005"),
    ("Revenue", "0.005"),
    ("Revenue", "0.005"),
    ("Rent", "-0.0049"),
    ("Rent", "-0.0001"),
    ("Rent", "-1234567.8901"),
]


def _csv(path: Path) -> Path:
    rows = [f"ACME,2024-03-15,{account},{amount},USD\n" for account, amount in LINES]
    path.write_text("Company,Date,Account,Amount,Currency\n" + "".join(rows))
    return path


def _exact_total(account: str) -> str:
    total = sum(Decimal(amount) for name, amount in LINES if name == account)
    return str(total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_totals_are_the_exact_sum_rounded_once(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(gateway, create_user(state, role="analyst"))
    body = upload(gateway, headers, _csv(tmp_path / "exact.csv")).json()
    assert body["status"] == "ready", body
    stored = sorted(r[3] for r in records_of(state, body["id"]))
    assert stored == sorted(units(amount) for _, amount in LINES)
    answer = gateway.get("/api/dashboard/breakdown?by=account", headers=headers)
    assert answer.status_code == 200, answer.text
    values = {item["key"]: item["value"] for item in answer.json()["items"]}
    assert values == {"Revenue": _exact_total("Revenue"), "Rent": _exact_total("Rent")[1:]}
    assert values == {"Revenue": "1.01", "Rent": "1234567.90"}


def test_export_carries_the_exact_amounts(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(gateway, create_user(state, role="analyst"))
    upload(gateway, headers, _csv(tmp_path / "exact.csv"))
    response = gateway.get("/api/records/export", headers=headers)
    assert response.status_code == 200
    header, *rows = response.content.decode("utf-8-sig").splitlines()
    at = header.split(",").index("amount")  # the export's columns are named, not numbered
    cells = [line.split(",")[at] for line in rows]
    assert sorted(cells) == sorted(str(Decimal(amount)) for _, amount in LINES)
