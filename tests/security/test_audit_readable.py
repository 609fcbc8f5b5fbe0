"""The audit screen's filters (actor email in any case, action prefix) and a compliance report
a person can read: emails instead of user ids, plain values instead of Python text."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from elara.core.state import AppState
from tests.factories import create_user, login


def _period() -> dict[str, str]:
    today = datetime.now(UTC).date()
    return {"from": (today - timedelta(days=1)).isoformat(), "to": today.isoformat()}


def test_filter_by_email_and_action_prefix(client: TestClient, state: AppState) -> None:
    admin = create_user(state, role="admin", email="boss@example.com")
    headers = login(client, admin)
    made = client.post(
        "/api/users", headers=headers, json={"email": "new@example.com", "role": "viewer"}
    ).json()["user"]
    client.patch(f"/api/users/{made['id']}", headers=headers, json={"role": "analyst"})
    login(client, create_user(state, role="viewer", email="other@example.com"))

    mine = client.get("/api/audit", headers=headers, params={"user_email": "BOSS@example.com"})
    actions = {e["action"] for e in mine.json()["items"]}
    assert actions >= {"auth.login", "user.create", "user.update"}
    assert all(e["actor_email"] == "boss@example.com" for e in mine.json()["items"])
    nobody = client.get("/api/audit", headers=headers, params={"user_email": "nobody@example.com"})
    assert nobody.json()["total"] == 0  # an unknown email finds nothing, not everything
    prefix = client.get("/api/audit", headers=headers, params={"action": "user.up*"})
    assert {e["action"] for e in prefix.json()["items"]} == {"user.update"}
    family = client.get("/api/audit", headers=headers, params={"action": "user."})
    assert {e["action"] for e in family.json()["items"]} == {"user.create", "user.update"}


def test_report_names_users_and_reads_plainly(client: TestClient, state: AppState) -> None:
    admin = create_user(state, role="admin", email="boss@example.com")
    headers = login(client, admin)
    made = client.post(
        "/api/users", headers=headers, json={"email": "limited@example.com", "role": "viewer"}
    ).json()["user"]
    client.patch(
        f"/api/users/{made['id']}", headers=headers, json={"allowed_companies": ["ACME", "GLOBX"]}
    )
    client.delete(f"/api/users/{made['id']}", headers=headers)
    answer = client.get("/api/audit/report", headers=headers, params={**_period(), "format": "csv"})
    assert answer.status_code == 200
    rows = [r for r in csv.reader(io.StringIO(answer.text)) if r and r[0] == "Permission changes"]
    assert rows
    assert {r[3] for r in rows} == {"limited@example.com"}
    companies = [r[5:7] for r in rows if r[4] == "allowed companies"]
    assert ["all companies", "ACME, GLOBX"] in companies
    active = [r[5:7] for r in rows if r[4] == "is active"]
    assert ["yes", "no"] in active
    text = answer.text
    assert "None" not in text and "['" not in text and "True" not in text
