"""Who is calling: the bearer token checked against a live, active user, and role checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import structlog
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from elara.audit.events import Actor
from elara.auth import cache
from elara.auth.permissions import Permission, has_permission
from elara.core.context import note_user
from elara.core.db import SOURCE_KEY
from elara.core.deps import ReadSessionDep, SessionDep, StateDep, get_client
from elara.core.errors import Forbidden, Unauthenticated
from elara.core.security import AccessClaims, InvalidToken
from elara.core.state import AppState
from elara.models import User

_bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/auth/login")


def get_claims(
    state: StateDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AccessClaims:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated()
    try:
        return state.tokens.verify(credentials.credentials)
    except InvalidToken as exc:
        raise Unauthenticated("Your session token is invalid or has expired.") from exc


ClaimsDep = Annotated[AccessClaims, Depends(get_claims)]


def user_for_claims(state: AppState, session: Session, claims: AccessClaims) -> User:
    """The live user behind verified claims; deactivated users, tokens from before a password
    change and tokens of a revoked device are refused."""
    user = cache.user(state, session, claims.user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("Your account is not active.")
    changed = user.password_changed_at
    if changed is not None and claims.issued_at < changed.replace(microsecond=0):
        raise Unauthenticated("Your password was changed; sign in again.")
    # Revoking a device (logout, password change, deactivation) ends its access tokens at once.
    if claims.session_family and not cache.family_is_live(state, session, claims.session_family):
        raise Unauthenticated("Your session has ended; sign in again.")
    return user


# What a user whose password an admin chose may still do: read the profile, change it, leave.
_BEFORE_PASSWORD_CHANGE = {
    ("GET", "/api/profile"),
    ("GET", "/api/profile/sessions"),
    ("POST", "/api/profile/password"),
}


def get_current_user(
    claims: ClaimsDep, session: SessionDep, request: Request, state: StateDep
) -> User:
    """The signed-in user of this request."""
    return _admitted(user_for_claims(state, session, claims), request)


def get_reading_user(
    claims: ClaimsDep, session: ReadSessionDep, request: Request, state: StateDep
) -> User:
    """The signed-in user of a read-only request, checked in its read session when that is
    the primary (one query for the data and auth versions serves both), else in a short
    transaction on the primary (a replica may not have seen a revocation yet)."""
    if session.info.get(SOURCE_KEY) == "primary":
        return _admitted(user_for_claims(state, session, claims), request)
    with state.db.transaction() as primary:
        return _admitted(user_for_claims(state, primary, claims), request)


def _admitted(user: User, request: Request) -> User:
    if user.must_change_password and (request.method, request.url.path) not in (
        _BEFORE_PASSWORD_CHANGE
    ):
        raise Forbidden(
            "Your password was set by an administrator; choose your own first.",
            code="password_change_required",
        )
    note_user(user.id)
    structlog.contextvars.bind_contextvars(user_id=user.id)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
ReadingUser = Annotated[User, Depends(get_reading_user)]


def require(permission: Permission, *, reading: bool = False) -> Callable[[User], User]:
    """A dependency that lets the call through only with the given permission (`reading`:
    for routes that only read, through `ReadSessionDep`)."""

    def check(user: CurrentUser) -> User:
        if not has_permission(user.role, permission):
            raise Forbidden()
        return user

    def check_reader(user: ReadingUser) -> User:
        return check(user)

    chosen = check_reader if reading else check
    chosen.required_permission = permission  # type: ignore[attr-defined]
    return chosen


RequireAdmin = Annotated[User, Depends(require(Permission.users_manage))]
ProfileUser = Annotated[User, Depends(require(Permission.profile))]


def get_actor(user: CurrentUser, request: Request) -> Actor:
    """The signed-in user as an audit actor, with address and user agent."""
    client = get_client(request)
    return Actor(user_id=user.id, email=user.email, ip=client.ip, user_agent=client.user_agent)


ActorDep = Annotated[Actor, Depends(get_actor)]
