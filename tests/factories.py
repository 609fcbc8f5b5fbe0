"""Typed factories: each says what it makes."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.models import Role, User
from elara.users.schemas import UserCreate
from elara.users.service import create_user as create_user_service

DEFAULT_PASSWORD = "correct-Horse-battery-9"
_counter = itertools.count(1)


@dataclass(frozen=True)
class MadeUser:
    id: int
    email: str
    password: str
    role: str


def create_user(
    state: AppState,
    *,
    role: Role | str = Role.analyst,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    full_name: str = "Test User",
    allowed_companies: list[str] | None = None,
    is_active: bool = True,
) -> MadeUser:
    """A user stored through the real service, ready to sign in."""
    email = email or f"user{next(_counter)}@example.com"
    data = UserCreate(
        email=email,
        full_name=full_name,
        role=Role(role),
        password=password,
        allowed_companies=allowed_companies or [],
    )
    with state.db.transaction() as session:
        user, _ = create_user_service(session, state, data=data, actor=None)
        user.is_active = is_active
    return MadeUser(user.id, user.email, password, user.role)


def login(client: TestClient, user: MadeUser) -> dict[str, str]:
    """Sign in through the API; returns the Authorization header."""
    response = client.post("/api/auth/login", json={"email": user.email, "password": user.password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def get_user(state: AppState, user_id: int) -> User:
    with state.db.transaction() as session:
        user = session.get(User, user_id)
        assert user is not None
        session.expunge(user)
        return user
