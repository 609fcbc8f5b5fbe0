"""Signing in and out, refresh-token rotation with reuse detection, and sign-in throttling.

Throttling, not lock-out: after ``lockout_threshold`` failures an account waits an
exponentially growing delay (30 s, 1 min, 2 min … at most ``lockout_minutes``) between
attempts, so a stranger cannot lock anyone out: during the delay the right password
still signs in from a device the account has signed in from before (device cookie).
Sessions end ``session_idle_hours`` after the last refresh and ``session_absolute_hours``
after sign-in, whatever happens in between.
"""

from __future__ import annotations

import hmac
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

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
    "Invalid email or password, or too many recent attempts: wait a little and try again."
)
THROTTLE_BASE_SECONDS = 30


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


def session_end(state: AppState, *, started: datetime, now: datetime) -> datetime:
    """When a refresh session made now ends: idle, absolute and refresh limits together."""
    settings = state.settings
    return min(
        now + timedelta(days=settings.refresh_token_days),
        now + timedelta(hours=settings.session_idle_hours),
        started + timedelta(hours=settings.session_absolute_hours),
    )


def _open_session(
    session: Session,
    state: AppState,
    user: User,
    client: Actor,
    family_id: str,
    started: datetime | None = None,
) -> tuple[str, int]:
    token = new_opaque_token()
    now = utcnow()
    expires = session_end(state, started=started or now, now=now)
    session.add(
        RefreshSession(
            user_id=user.id,
            token_hash=token_digest(token),
            family_id=family_id,
            expires_at=expires,
            ip=client.ip,
            user_agent=client.user_agent,
        )
    )
    return token, max(0, int((expires - now).total_seconds()))


def _signed_in(
    session: Session,
    state: AppState,
    user: User,
    client: Actor,
    family_id: str | None = None,
    started: datetime | None = None,
) -> SignedIn:
    family_id = family_id or uuid.uuid4().hex
    access, claims = state.tokens.issue(user_id=user.id, role=user.role, session_family=family_id)
    refresh, refresh_lifetime = _open_session(session, state, user, client, family_id, started)
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
    delay = throttle_seconds(state, user.failed_login_count)
    if delay:
        user.locked_until = utcnow() + timedelta(seconds=delay)
        chain.record(
            session,
            AuditEvent(
                Action.lockout,
                "user",
                user.id,
                outcome="failure",
                extra={"seconds": delay, "failures": user.failed_login_count},
            ),
            actor,
        )
        record_security_event("lockout", user_id=user.id, ip=client.ip)


def throttle_seconds(state: AppState, failures: int) -> int:
    """The wait after ``failures`` consecutive failures: 0, then doubling up to the cap."""
    over = failures - state.settings.lockout_threshold
    if over < 0:
        return 0
    return min(THROTTLE_BASE_SECONDS << min(over, 20), state.settings.lockout_minutes * 60)


def _refusal(user: User | None, password_ok: bool, known_device: bool) -> str | None:
    if user is None:
        return "unknown_email"
    waiting = user.locked_until is not None and user.locked_until > utcnow()
    # The owner's own device with the right password passes the wait: no malicious lock-out.
    if waiting and not (known_device and password_ok):
        return "locked"
    if not password_ok:
        return "bad_password"
    if not user.is_active:
        return "inactive"
    return None


def login(
    session: Session,
    state: AppState,
    *,
    email: str,
    password: str,
    client: Actor,
    device: str | None = None,
) -> SignedIn:
    """Check the credentials; every failure looks the same to the caller."""
    user = repository.user_by_email(session, email)
    password_ok = state.passwords.verify(user.password_hash if user else None, password)
    known = user is not None and device_matches(state, user.id, device)
    reason = _refusal(user, password_ok, known)
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
        raise InvalidRefresh()  # idle or absolute limit reached (expires_at holds both)
    started = repository.family_started(session, current.family_id) or now
    if session_end(state, started=started, now=now) <= now:  # the absolute limit has passed
        repository.revoke_family(session, current.family_id, at=now)
        raise InvalidRefresh()
    current.rotated_at = now
    current.last_used_at = now
    return _signed_in(session, state, user, client, family_id=current.family_id, started=started)


def device_token(state: AppState, user_id: int) -> str:
    """The cookie value that marks a device this account has signed in from."""
    mac = hmac.new(state.settings.signing_key.encode(), f"device:{user_id}".encode(), "sha256")
    return f"{user_id}.{mac.hexdigest()}"


def device_matches(state: AppState, user_id: int, value: str | None) -> bool:
    """Whether ``value`` is this account's device cookie."""
    return bool(value) and hmac.compare_digest(value or "", device_token(state, user_id))


def logout(session: Session, *, token: str | None, client: Actor) -> None:
    """Revoke the device's session family; harmless when the token is unknown."""
    current = repository.refresh_session_by_hash(session, token_digest(token)) if token else None
    if current is None:
        return
    repository.revoke_family(session, current.family_id, at=utcnow())
    chain.record(
        session, AuditEvent(Action.logout, "session", current.id), _as_actor(current.user, client)
    )
