"""Changing one's own name, email and password; listing and revoking one's sessions."""

from __future__ import annotations

from sqlalchemy.orm import Session

from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent, diff
from elara.auth import repository as auth_repository
from elara.core.errors import Conflict, InvalidInput, NotFound
from elara.core.state import AppState
from elara.models import RefreshSession, User, utcnow
from elara.profile.schemas import PasswordChange, ProfileUpdate
from elara.users import repository as users_repository
from elara.users.service import set_password, snapshot


def _require_current_password(state: AppState, user: User, password: str | None) -> None:
    if not password or not state.passwords.verify(user.password_hash, password):
        raise InvalidInput(
            "The current password is not correct.",
            details=[
                {
                    "field": "current_password",
                    "message": "Incorrect password.",
                    "type": "wrong_password",
                }
            ],
        )


def update_profile(
    session: Session, state: AppState, *, user: User, data: ProfileUpdate, actor: Actor
) -> User:
    """Change name and email; a new email needs the current password."""
    before = snapshot(user)
    if data.email is not None and data.email != user.email:
        _require_current_password(state, user, data.current_password)
        if users_repository.email_taken(session, data.email, except_id=user.id):
            raise Conflict("A user with this email already exists.", code="email_taken")
        user.email = data.email
    if data.full_name is not None:
        user.full_name = data.full_name
    changes = diff(before, snapshot(user))
    if changes:
        chain.record(
            session, AuditEvent(Action.profile_update, "user", user.id, changes=changes), actor
        )
    return user


def change_password(
    session: Session,
    state: AppState,
    *,
    user: User,
    data: PasswordChange,
    current_family: str | None,
    actor: Actor,
) -> None:
    """Change the password with the current one; every other device is signed out."""
    _require_current_password(state, user, data.current_password)
    set_password(session, state, user=user, password=data.new_password)
    auth_repository.revoke_user_sessions(session, user.id, at=utcnow(), keep_family=current_family)
    chain.record(session, AuditEvent(Action.password_change, "user", user.id), actor)


def revoke_session(session: Session, *, user: User, session_id: int, actor: Actor) -> None:
    """Sign one of one's own devices out."""
    target = session.get(RefreshSession, session_id)
    if target is None or target.user_id != user.id:
        raise NotFound("No such session.")
    auth_repository.revoke_family(session, target.family_id, at=utcnow())
    chain.record(session, AuditEvent(Action.session_revoke, "session", target.id), actor)
