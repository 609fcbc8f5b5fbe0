"""Signing in and out, refresh-token rotation with reuse detection, and lock-out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent
from elara.auth import repository
from elara.core.errors import Unauthenticated
from elara.core.security import AccessClaims, new_opaque_token, token_digest
from elara.core.state import AppState
from elara.models import RefreshSession, User, utcnow
from elara.security.events import record_security_event

GENERIC_LOGIN_FAILURE = (
    "Invalid email or password, or the account is locked after repeated failures."
)


class InvalidCredentials(Unauthenticated):
    code = "invalid_credentials"
    message = GENERIC_LOGIN_FAILURE
    keep_changes = True  # the failure counter and the audit entry must survive


class InvalidRefresh(Unauthenticated):
    code = "invalid_refresh_token"
    message = "Your session has ended; sign in again."
    keep_changes = True


@dataclass(frozen=True)
class SignedIn:
    user: User
    access_token: str
    claims: AccessClaims
    refresh_token: str
    refresh_expires_in: int


def _open_session(
    session: Session, state: AppState, user: User, client: Actor, family_id: str
) -> tuple[str, int]:
    token = new_opaque_token()
    lifetime = timedelta(days=state.settings.refresh_token_days)
    session.add(
        RefreshSession(
            user_id=user.id,
            token_hash=token_digest(token),
            family_id=family_id,
            expires_at=utcnow() + lifetime,
            ip=client.ip,
            user_agent=client.user_agent,
        )
    )
    return token, int(lifetime.total_seconds())


def _signed_in(
    session: Session, state: AppState, user: User, client: Actor, family_id: str | None = None
) -> SignedIn:
    family_id = family_id or uuid.uuid4().hex
    access, claims = state.tokens.issue(user_id=user.id, role=user.role, session_family=family_id)
    refresh, refresh_lifetime = _open_session(session, state, user, client, family_id)
    return SignedIn(user, access, claims, refresh, refresh_lifetime)


def _as_actor(user: User, client: Actor) -> Actor:
    return Actor(user_id=user.id, email=user.email, ip=client.ip, user_agent=client.user_agent)


def _record_failure(
    session: Session, state: AppState, user: User | None, client: Actor, email: str, reason: str
) -> None:
    actor = (
        _as_actor(user, client)
        if user
        else Actor(email=email, ip=client.ip, user_agent=client.user_agent)
    )
    chain.record(
        session,
        AuditEvent(
            Action.login_failed,
            "user",
            user.id if user else None,
            outcome="failure",
            extra={"reason": reason},
        ),
        actor,
    )
    if user is None or reason == "locked":
        return
    user.failed_login_count += 1
    if user.failed_login_count >= state.settings.lockout_threshold:
        user.locked_until = utcnow() + timedelta(minutes=state.settings.lockout_minutes)
        user.failed_login_count = 0
        chain.record(
            session,
            AuditEvent(
                Action.lockout,
                "user",
                user.id,
                outcome="failure",
                extra={"minutes": state.settings.lockout_minutes},
            ),
            actor,
        )
        record_security_event("lockout", user_id=user.id, ip=client.ip)


def _refusal(user: User | None, password_ok: bool) -> str | None:
    if user is None:
        return "unknown_email"
    if user.locked_until is not None and user.locked_until > utcnow():
        return "locked"
    if not password_ok:
        return "bad_password"
    if not user.is_active:
        return "inactive"
    return None


def login(
    session: Session, state: AppState, *, email: str, password: str, client: Actor
) -> SignedIn:
    """Check the credentials; every failure looks the same to the caller."""
    user = repository.user_by_email(session, email)
    password_ok = state.passwords.verify(user.password_hash if user else None, password)
    reason = _refusal(user, password_ok)
    if reason is not None or user is None:
        _record_failure(session, state, user, client, email, reason or "unknown_email")
        raise InvalidCredentials()
    user.failed_login_count = 0
    user.locked_until = None
    user.last_login_at = utcnow()
    if state.passwords.needs_rehash(user.password_hash):
        user.password_hash = state.passwords.hash(password)
    signed_in = _signed_in(session, state, user, client)
    chain.record(session, AuditEvent(Action.login, "user", user.id), _as_actor(user, client))
    return signed_in


def refresh(session: Session, state: AppState, *, token: str | None, client: Actor) -> SignedIn:
    """Rotate a refresh token; a token used twice revokes its whole family."""
    current = repository.refresh_session_by_hash(session, token_digest(token)) if token else None
    now = utcnow()
    if current is None or current.revoked_at is not None:
        raise InvalidRefresh()
    user = current.user
    if current.rotated_at is not None:
        repository.revoke_family(session, current.family_id, at=now)
        chain.record(
            session,
            AuditEvent(Action.refresh_reuse, "session", current.id, outcome="failure"),
            _as_actor(user, client),
        )
        record_security_event("refresh_reuse", user_id=user.id, ip=client.ip)
        raise InvalidRefresh()
    if current.expires_at <= now or not user.is_active:
        raise InvalidRefresh()
    current.rotated_at = now
    current.last_used_at = now
    return _signed_in(session, state, user, client, family_id=current.family_id)


def logout(session: Session, *, token: str | None, client: Actor) -> None:
    """Revoke the device's session family; harmless when the token is unknown."""
    current = repository.refresh_session_by_hash(session, token_digest(token)) if token else None
    if current is None:
        return
    repository.revoke_family(session, current.family_id, at=utcnow())
    chain.record(
        session, AuditEvent(Action.logout, "session", current.id), _as_actor(current.user, client)
    )
