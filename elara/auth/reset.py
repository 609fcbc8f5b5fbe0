"""Password reset by emailed single-use token: 256 random bits, stored hashed, 30 minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent
from elara.auth import repository
from elara.auth.password_policy import check_password
from elara.core.errors import BadRequest
from elara.core.ratelimit import RateLimiter, account_allowed
from elara.core.security import new_opaque_token, token_digest
from elara.core.state import AppState
from elara.models import PasswordResetToken, User, utcnow
from elara.security.events import record_security_event
from elara.users.service import set_password

REQUEST_ANSWER = "If an account exists for this email, a reset link is on its way."


class InvalidResetToken(BadRequest):
    code = "invalid_reset_token"
    message = "This reset link is invalid, used or expired; ask for a new one."


@dataclass(frozen=True)
class ResetMail:
    to: str
    token: str
    minutes: int


def may_request(limiter: RateLimiter, *, email: str, client: Actor) -> bool:
    """Whether this email may ask for another link now (3 an hour by default)."""
    if account_allowed(limiter, tier="reset_account", account=email):
        return True
    record_security_event("password_reset_throttled", ip=client.ip)
    return False


def request_reset(state: AppState, *, email: str, client: Actor) -> None:
    """Issue and email a token for an active account (runs off the request thread).

    The request itself only schedules this, so a known and an unknown email cost the
    request the same work and time; the lookup, the token and the mail happen here.
    """
    from elara.email.messages import send_password_reset

    with state.db.transaction() as session:
        mail = issue_token(session, state, email=email, client=client)
    if mail is not None:
        send_password_reset(state.settings, to=mail.to, token=mail.token, minutes=mail.minutes)


def issue_token(
    session: Session, state: AppState, *, email: str, client: Actor
) -> ResetMail | None:
    """Store a reset token for an active account; None (audited) for any other email."""
    user = repository.user_by_email(session, email)
    if user is None or not user.is_active:
        chain.record(
            session,
            AuditEvent(Action.password_reset_request, "user", None, outcome="unknown_account"),
            Actor(email=email, ip=client.ip, user_agent=client.user_agent),
        )
        return None
    token = new_opaque_token()
    minutes = state.settings.password_reset_minutes
    session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=token_digest(token),
            expires_at=utcnow() + timedelta(minutes=minutes),
        )
    )
    chain.record(
        session, AuditEvent(Action.password_reset_request, "user", user.id), _actor(user, client)
    )
    return ResetMail(to=user.email, token=token, minutes=minutes)


def _actor(user: User, client: Actor) -> Actor:
    return Actor(user_id=user.id, email=user.email, ip=client.ip, user_agent=client.user_agent)


def _usable_token(session: Session, token: str) -> PasswordResetToken:
    row = session.scalars(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == token_digest(token))
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        raise InvalidResetToken()
    return row


def confirm_reset(
    session: Session, state: AppState, *, token: str, new_password: str, client: Actor
) -> User:
    """Set the new password, spend the token (and any other), end every session."""
    try:
        row = _usable_token(session, token)
        user = session.get(User, row.user_id)
        if user is None or not user.is_active:
            raise InvalidResetToken()
    except InvalidResetToken:
        record_security_event("password_reset_failed", ip=client.ip)
        raise
    check_password(new_password, field="new_password", email=user.email)
    set_password(session, state, user=user, password=new_password)
    now = utcnow()
    session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )
    repository.revoke_user_sessions(session, user.id, at=now)
    chain.record(
        session,
        AuditEvent(Action.password_reset, "user", user.id, extra={"sessions_revoked": True}),
        _actor(user, client),
    )
    return user
