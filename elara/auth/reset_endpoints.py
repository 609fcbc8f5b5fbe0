"""/api/auth/password-reset: ask for a link by email, then set a new password with its token."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, status

from elara.auth import reset
from elara.auth.schemas import MessageOut, PasswordResetConfirm, PasswordResetRequest
from elara.core.deps import ClientDep, SessionDep, StateDep
from elara.core.ratelimit import get_limiter, rate_limit
from elara.email.mailer import send_in_background

router = APIRouter(prefix="/api/auth/password-reset", tags=["auth"])


@router.post(
    "/request", status_code=status.HTTP_202_ACCEPTED, dependencies=[Depends(rate_limit("auth"))]
)
def request_password_reset(
    body: PasswordResetRequest, request: Request, state: StateDep, client: ClientDep
) -> MessageOut:
    """Email a reset link if the account exists; the answer is the same either way."""
    if reset.may_request(get_limiter(request.app), email=body.email, client=client):
        # Everything that depends on the account happens off the request thread, so the
        # answer takes the same time for a known and an unknown email.
        send_in_background(reset.request_reset, state, email=body.email, client=client)
    return MessageOut(message=reset.REQUEST_ANSWER)


@router.post("/confirm", dependencies=[Depends(rate_limit("auth"))])
def confirm_password_reset(
    body: PasswordResetConfirm, state: StateDep, session: SessionDep, client: ClientDep
) -> MessageOut:
    """Set a new password with a reset token; every session of the account ends."""
    reset.confirm_reset(
        session, state, token=body.token, new_password=body.new_password, client=client
    )
    return MessageOut(message="Your password was changed; sign in with the new one.")
