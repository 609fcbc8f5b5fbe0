"""The audit trail: every security-relevant change recorded, the API, tamper detection by the
API and the CLI, and compliance reports as CSV and PDF."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, select, update

from elara import cli
from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent
from elara.models import AuditEntry
from tests.factories import create_user, login
from tests.security.conftest import audit_actions

CSRF = {"X-Elara-CSRF": "1"}


def _activity(client, state):
    """A working day: sign-ins, a failure, a lock-out, user admin, password changes."""
    admin = create_user(state, role="admin", email="boss@example.com")
    victim = create_user(state, role="viewer", email="victim@example.com")
    headers = login(client, admin)
    for _ in range(state.settings.lockout_threshold):
        client.post("/api/auth/login", json={"email": victim.email, "password": "wrong-one-1"})
    created = client.post(
        "/api/users", headers=headers, json={"email": "new@example.com", "role": "viewer"}
    ).json()["user"]
    client.patch(f"/api/users/{created['id']}", headers=headers, json={"role": "analyst"})
    client.delete(f"/api/users/{created['id']}", headers=headers)
    client.post(f"/api/users/{victim.id}/reset-password", headers=headers, json={})
    client.post(
        "/api/profile/password",
        headers=headers,
        json={"current_password": admin.password, "new_password": "another-Strong-pass-8"},
    )
    client.post("/api/auth/logout", headers=CSRF)
    return admin, victim, created


def test_every_security_relevant_event_is_recorded(client, state):
    _activity(client, state)
    actions = set(audit_actions(state))
    for action in (
        Action.login,
        Action.login_failed,
        Action.lockout,
        Action.user_create,
        Action.user_update,
        Action.user_deactivate,
        Action.user_password_reset,
        Action.password_change,
        Action.logout,
    ):
        assert str(action) in actions, action


def test_list_filter_page_and_detail(client, state):
    admin, victim, created = _activity(client, state)
    headers = login(client, create_user(state, role="admin"))
    page = client.get("/api/audit", headers=headers, params={"page_size": 3}).json()
    assert page["total"] >= 10 and len(page["items"]) == 3
    ids = [item["id"] for item in page["items"]]
    assert ids == sorted(ids, reverse=True)
    failures = client.get(
        "/api/audit", headers=headers, params={"action": "auth.login_failed"}
    ).json()
    assert failures["total"] == state.settings.lockout_threshold
    assert all(item["entity_id"] == str(victim.id) for item in failures["items"])
    auth_family = client.get("/api/audit", headers=headers, params={"action": "auth."}).json()
    assert auth_family["total"] > failures["total"]
    by_user = client.get("/api/audit", headers=headers, params={"user_id": admin.id}).json()
    assert by_user["total"] >= 5 and {i["user_id"] for i in by_user["items"]} == {admin.id}
    entity = client.get(
        "/api/audit",
        headers=headers,
        params={"entity_type": "user", "entity_id": str(created["id"])},
    ).json()
    assert [i["action"] for i in entity["items"]] == [
        "user.deactivate",
        "user.update",
        "user.create",
    ]
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert client.get("/api/audit", headers=headers, params={"from": future}).json()["total"] == 0
    detail = client.get(f"/api/audit/{entity['items'][1]['id']}", headers=headers).json()
    assert detail["changes"] == {"role": {"before": "viewer", "after": "analyst"}}
    assert len(detail["entry_hash"]) == 64 and detail["ip"] and detail["correlation_id"]
    assert client.get("/api/audit/999999", headers=headers).status_code == 404


def test_no_secrets_in_the_trail(client, state):
    _activity(client, state)
    with state.db.transaction() as session:
        text = " ".join(str(e.changes) for e in session.scalars(select(AuditEntry)))
    assert "password_hash" not in text and "correct-Horse" not in text
    assert "argon2" not in text


def _tamper_cases():
    return {
        "edited": lambda s, ids: s.execute(
            update(AuditEntry).where(AuditEntry.id == ids[2]).values(ip="6.6.6.6")
        ),
        "deleted": lambda s, ids: s.execute(delete(AuditEntry).where(AuditEntry.id == ids[2])),
        "deleted_last": lambda s, ids: s.execute(
            delete(AuditEntry).where(AuditEntry.id == ids[-1])
        ),
        "inserted": lambda s, ids: s.add(
            AuditEntry(
                created_at=datetime.now(UTC),
                action="user.update",
                outcome="success",
                prev_hash="0" * 64,
                entry_hash="f" * 64,
            )
        ),
        "rehashed": lambda s, ids: _rehash_edit(s, ids[2]),
    }


def _rehash_edit(session, entry_id):
    """An attacker who edits a row and recomputes its own hash still breaks the next link."""
    entry = session.get(AuditEntry, entry_id)
    entry.actor_email = "someone-else@example.com"
    entry.entry_hash = chain.entry_digest(entry)


@pytest.mark.parametrize("case", sorted(_tamper_cases()))
def test_tampering_is_caught_by_api_and_cli(client, state, case, monkeypatch, capsys):
    for n in range(5):
        with state.db.transaction() as session:
            chain.record(
                session,
                AuditEvent(Action.setting_change, "setting", f"k{n}"),
                Actor(user_id=1, email="a@example.com"),
            )
    headers = login(client, create_user(state, role="admin"))
    assert client.get("/api/audit/verify", headers=headers).json()["ok"] is True
    with state.db.transaction() as session:
        ids = list(session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))
        _tamper_cases()[case](session, ids)
    report = client.get("/api/audit/verify", headers=headers).json()
    assert report["ok"] is False and report["problems"]
    expected = {"edited": ids[2], "deleted": ids[3], "rehashed": ids[3]}.get(case)
    if expected is not None:
        assert report["problems"][0]["entry_id"] == expected
    monkeypatch.setenv("ELARA_DATABASE_URL", state.settings.resolved_database_url)
    monkeypatch.setenv("ELARA_DATA_DIR", str(state.settings.data_dir))
    assert cli.main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "BROKEN" in out and "entry " in out


def test_cli_verify_intact(state, monkeypatch, capsys):
    with state.db.transaction() as session:
        chain.record(session, AuditEvent(Action.setting_change, "setting", "x"), Actor())
    monkeypatch.setenv("ELARA_DATABASE_URL", state.settings.resolved_database_url)
    monkeypatch.setenv("ELARA_DATA_DIR", str(state.settings.data_dir))
    assert cli.main(["audit", "verify"]) == 0
    assert "intact: 1 entries" in capsys.readouterr().out


def _record_export_and_data_change(state):
    with state.db.transaction() as session:
        actor = Actor(user_id=99, email="analyst@example.com", ip="192.0.2.8")
        chain.record(session, AuditEvent(Action.records_export, "dataset", 5), actor)
        chain.record(session, AuditEvent(Action.dataset_delete, "dataset", 5), actor)
        chain.record(session, AuditEvent(Action.dataset_upload, "dataset", 6), actor)


def _period():
    today = datetime.now(UTC).date()
    return {"from": (today - timedelta(days=1)).isoformat(), "to": today.isoformat()}


def test_csv_report(client, state):
    _activity(client, state)
    _record_export_and_data_change(state)
    headers = login(client, create_user(state, role="admin", email="auditor@example.com"))
    response = client.get(
        "/api/audit/report", headers=headers, params={**_period(), "format": "csv"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    sections = {row[0] for row in rows[1:] if row and row[0] != "section"}
    assert sections == {
        "Activity by user",
        "Logins and failures",
        "Exports",
        "Permission changes",
        "Data changes",
    }
    logins = [
        r for r in rows if r and r[0] == "Logins and failures" and r[1] == "victim@example.com"
    ]
    assert logins == [
        [
            "Logins and failures",
            "victim@example.com",
            "0",
            str(state.settings.lockout_threshold),
            "1",
        ]
    ]
    perms = [r for r in rows if r and r[0] == "Permission changes" and r[4] == "role"]
    assert ["viewer", "analyst"] in [r[5:7] for r in perms]
    data = [r[3] for r in rows if r and r[0] == "Data changes"]
    assert data == ["dataset.delete", "dataset.upload"]
    assert any(r[0] == "Exports" and r[3] == "records.export" for r in rows if r)
    exports = client.get("/api/audit", headers=headers, params={"action": "audit.export"})
    assert exports.json()["total"] == 1


def test_pdf_report_is_a_valid_pdf(client, state):
    _activity(client, state)
    _record_export_and_data_change(state)
    headers = login(client, create_user(state, role="admin"))
    response = client.get(
        "/api/audit/report", headers=headers, params={**_period(), "format": "pdf"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for title in (
        "Elara compliance report",
        "Activity by user",
        "Logins and failures",
        "Exports",
        "Permission changes",
        "Data changes",
        "victim@example.com",
        "dataset.delete",
    ):
        assert title in text, title


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-02-01", "to": "2026-01-01"},
        {"from": "2020-01-01", "to": "2026-01-01"},
        {"from": "2026-01-01", "to": "2026-01-02", "format": "docx"},
        {"from": "nope", "to": "x"},
    ],
)
def test_report_bad_period(client, state, params):
    headers = login(client, create_user(state, role="admin"))
    response = client.get("/api/audit/report", headers=headers, params=params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
