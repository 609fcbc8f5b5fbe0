"""The user and session checks kept per auth version: every change of access takes effect on
the very next request, however warm the cache; a warm dashboard request reads the versions
once and then only the aggregate."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, update

from elara.auth import cache as auth_cache
from elara.auth import repository
from elara.core import data_version
from elara.core.state import AppState
from elara.gateway import create_app
from elara.models import RefreshSession, User, utcnow
from tests.dashboard.factories import create_dataset, pnl
from tests.factories import create_user, login

CSRF = {"X-Elara-CSRF": "1"}


def _warm(client, headers, path="/api/profile"):
    """Two answers in a row: the second comes from the kept user and session checks."""
    for _ in range(2):
        assert client.get(path, headers=headers).status_code == 200


def _auth_version(state) -> str:
    with state.db.reading() as session:
        return data_version.versions(session)[data_version.AUTH_KEY]


class TestRevocationTakesEffectAtOnce:
    def test_deactivation(self, client, state):
        user = create_user(state)
        headers = login(client, user)
        _warm(client, headers)
        with state.db.transaction() as session:
            session.get(User, user.id).is_active = False
        assert client.get("/api/profile", headers=headers).status_code == 401

    def test_logout(self, client, state):
        user = create_user(state)
        headers = login(client, user)
        _warm(client, headers)
        assert client.post("/api/auth/logout", headers=CSRF).status_code == 200
        assert client.get("/api/profile", headers=headers).status_code == 401

    def test_bulk_revocation_of_every_session(self, client, state):
        user = create_user(state)
        headers = login(client, user)
        _warm(client, headers, "/api/dashboard/summary")
        with state.db.transaction() as session:
            repository.revoke_user_sessions(session, user.id, at=utcnow())
        assert client.get("/api/dashboard/summary", headers=headers).status_code == 401
        assert client.get("/api/profile", headers=headers).status_code == 401

    def test_role_change(self, client, state):
        user = create_user(state, role="admin")
        headers = login(client, user)
        _warm(client, headers, "/api/users")
        with state.db.transaction() as session:
            session.get(User, user.id).role = "viewer"
        assert client.get("/api/users", headers=headers).status_code == 403

    def test_company_scope_change(self, client, state):
        create_dataset(
            state,
            pnl("ACME", date(2024, 1, 5), revenue="100.00", cogs="40.00")
            + pnl("GLOBEX", date(2024, 1, 6), revenue="7000.00", cogs="1.00"),
        )
        user = create_user(state, role="viewer", allowed_companies=["ACME", "GLOBEX"])
        headers = login(client, user)
        path = "/api/dashboard/summary?company=GLOBEX"
        _warm(client, headers, path)
        with state.db.transaction() as session:
            session.get(User, user.id).allowed_companies = ["ACME"]
        response = client.get(path, headers=headers)
        assert response.status_code == 403
        summary = client.get("/api/dashboard/summary", headers=headers).json()
        assert "7000" not in str(summary)

    def test_password_change_by_another_process(self, client, state):
        """A change made outside any request (the CLI, a second server) is seen too."""
        user = create_user(state)
        headers = login(client, user)
        _warm(client, headers)
        with state.db.transaction() as session:
            # Access tokens are compared at second precision: one issued before must fail.
            session.get(User, user.id).password_changed_at = utcnow().replace(year=2999)
        assert client.get("/api/profile", headers=headers).status_code == 401


class TestAuthVersion:
    def test_bumped_by_every_access_change(self, state):
        user = create_user(state)
        changes = [
            lambda s: setattr(s.get(User, user.id), "full_name", "Renamed"),
            lambda s: s.execute(update(User).where(User.id == user.id).values(role="viewer")),
            lambda s: s.execute(
                update(RefreshSession)
                .where(RefreshSession.user_id == user.id)
                .values(revoked_at=utcnow())
            ),
        ]
        for change in changes:
            before = _auth_version(state)
            with state.db.transaction() as session:
                change(session)
            assert _auth_version(state) != before

    def test_not_bumped_by_reads_or_other_tables(self, state, client):
        user = create_user(state)
        login(client, user)
        before = _auth_version(state)
        with state.db.transaction() as session:
            session.get(User, user.id)
            data_version.bump(session)
        assert _auth_version(state) == before

    def test_a_rolled_back_change_leaves_it(self, state):
        user = create_user(state)
        before = _auth_version(state)
        with pytest.raises(RuntimeError), state.db.transaction() as session:
            session.get(User, user.id).is_active = False
            session.flush()
            raise RuntimeError("rolled back")
        assert _auth_version(state) == before


def test_a_warm_dashboard_request_reads_the_versions_then_the_aggregate(client, state):
    create_dataset(state, pnl("ACME", date(2024, 1, 5), revenue="100.00", cogs="40.00"))
    headers = login(client, create_user(state, role="admin"))
    first = "/api/dashboard/summary?from=2024-01-01&to=2024-01-31"
    assert client.get(first, headers=headers).status_code == 200  # fills the kept checks
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(state.db.engine, "before_cursor_execute", count)
    try:
        # Another question (not in the answer cache), same user and data version.
        other = "/api/dashboard/summary?from=2024-01-01&to=2024-03-31"
        assert client.get(other, headers=headers).status_code == 200
    finally:
        event.remove(state.db.engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2, statements
    assert "app_settings" in selects[0]
    assert "rollup" in selects[1] or "dataset_records" in selects[1]


def test_two_apps_in_one_process_keep_their_own_users(client, state, settings):
    """Apps share nothing through module state: a second app over the same database asks the
    database for the user the first one keeps."""
    user = create_user(state)
    headers = login(client, user)
    _warm(client, headers)
    assert len(auth_cache.for_state(state).users) == 1
    other_state = AppState.build(settings, pool_size=2)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(other_state.db.engine, "before_cursor_execute", count)
    try:
        with TestClient(create_app(state=other_state), base_url="http://testserver") as other:
            assert other.get("/api/profile", headers=headers).status_code == 200
    finally:
        event.remove(other_state.db.engine, "before_cursor_execute", count)
        other_state.db.dispose()
    assert any("FROM users" in s for s in statements), statements
    assert len(auth_cache.for_state(other_state).users) == 1
