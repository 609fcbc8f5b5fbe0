"""Creating, changing and deactivating users; the last admin can never be locked out."""

from __future__ import annotations

import secrets
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent, diff
from elara.auth import repository as auth_repository
from elara.auth.password_policy import check_password
from elara.core.after_commit import on_commit
from elara.core.errors import Conflict, NotFound
from elara.core.state import AppState
from elara.email.mailer import send_in_background
from elara.email.messages import send_account_created
from elara.models import Role, User, utcnow
from elara.users import repository
from elara.users.schemas import UserCreate, UserUpdate

_AUDITED_FIELDS = ("email", "full_name", "role", "is_active", "allowed_companies")


def snapshot(user: User) -> dict[str, Any]:
    """The audited, secret-free view of a user."""
    return {name: getattr(user, name) for name in _AUDITED_FIELDS}


def generate_password() -> str:
    """A random password that satisfies the policy."""
    return secrets.token_urlsafe(15)


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def create_user(
    session: Session, state: AppState, *, data: UserCreate, actor: Actor | None
) -> tuple[User, str | None]:
    """Create a user; returns the generated password when none was given."""
    if repository.email_taken(session, data.email):
        raise Conflict("A user with this email already exists.", code="email_taken")
    generated = None if data.password else generate_password()
    password = data.password or generated or ""
    check_password(password, email=data.email)
    user = User(
        email=data.email,
        full_name=data.full_name,
        role=data.role.value,
        password_hash=state.passwords.hash(password),
        allowed_companies=_company_list(session, data.allowed_companies),
        password_changed_at=utcnow(),
        must_change_password=actor is not None,  # an admin chose or generated it
    )
    session.add(user)
    session.flush()
    if actor is not None:
        chain.record(
            session,
            AuditEvent(Action.user_create, "user", user.id, changes=diff({}, snapshot(user))),
            actor,
        )
        on_commit(
            session,
            partial(
                send_in_background,
                send_account_created,
                state.settings,
                to=user.email,
                full_name=user.full_name,
                role=user.role,
            ),
        )
    return user, generated


def _company_list(session: Session, codes: list[str]) -> list[str]:
    """Allowed companies in their normal form, spelled as the data spells them."""
    from elara.datasets.repository import company_spellings
    from elara.finance.companies import match_key, normal_form

    known = company_spellings(session)
    chosen = {match_key(c): known.get(match_key(c), normal_form(c)) for c in codes if c.strip()}
    return sorted(set(chosen.values()))


def _guard_last_admin(session: Session, user: User, changes: UserUpdate) -> None:
    demoted = changes.role is not None and changes.role is not Role.admin
    deactivated = changes.is_active is False
    is_active_admin = user.role == Role.admin.value and user.is_active
    if (
        is_active_admin
        and (demoted or deactivated)
        and repository.count_active_admins(session) <= 1
    ):
        raise Conflict("Elara needs at least one active admin.", code="last_admin")


def update_user(session: Session, *, user_id: int, data: UserUpdate, actor: Actor) -> User:
    """Change name, role, active flag or allowed companies; audited with before and after."""
    user = get_user(session, user_id)
    _guard_last_admin(session, user, data)
    before = snapshot(user)
    for name, value in data.model_dump(exclude_none=True).items():
        if name == "allowed_companies":
            value = _company_list(session, value)
        setattr(user, name, value.value if isinstance(value, Role) else value)
    if data.is_active is False:
        auth_repository.revoke_user_sessions(session, user.id, at=utcnow())
    changes = diff(before, snapshot(user))
    if changes:
        action = Action.user_deactivate if data.is_active is False else Action.user_update
        chain.record(session, AuditEvent(action, "user", user.id, changes=changes), actor)
    return user


def deactivate_user(session: Session, *, user_id: int, actor: Actor) -> User:
    if user_id == actor.user_id:
        raise Conflict("You cannot deactivate your own account.", code="self_deactivation")
    return update_user(session, user_id=user_id, data=UserUpdate(is_active=False), actor=actor)


def set_password(
    session: Session, state: AppState, *, user: User, password: str, chosen_by_admin: bool = False
) -> None:
    """Store a new password hash; one an admin chose must be changed at the next sign-in."""
    check_password(password, field="password", email=user.email)
    user.password_hash = state.passwords.hash(password)
    user.password_changed_at = utcnow()
    user.must_change_password = chosen_by_admin
    user.failed_login_count = 0
    user.locked_until = None


def reset_password(
    session: Session, state: AppState, *, user_id: int, password: str | None, actor: Actor
) -> str | None:
    """An admin sets (or generates) a new password; all the user's sessions end."""
    user = get_user(session, user_id)
    generated = None if password else generate_password()
    set_password(
        session, state, user=user, password=password or generated or "", chosen_by_admin=True
    )
    auth_repository.revoke_user_sessions(session, user.id, at=utcnow())
    chain.record(session, AuditEvent(Action.user_password_reset, "user", user.id), actor)
    return generated
