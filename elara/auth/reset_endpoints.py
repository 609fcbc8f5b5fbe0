"""/api/auth/password-reset: ask for a link by email, then set a new password with its token."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, status

from elara.auth import reset
from elara.auth.schemas import MessageOut, PasswordResetConfirm, PasswordResetRequest
from elara.core.deps import ClientDep, SessionDep, StateDep
from elara.core.ratelimit import get_limiter, rate_limit
from elara.email.mailer import send_in_background
from elara.email.messages import send_password_reset

router = APIRouter(prefix="/api/auth/password-reset", tags=["auth"])


@router.post(
    "/request", status_code=status.HTTP_202_ACCEPTED, dependencies=[Depends(rate_limit("auth"))]
)
def request_password_reset(
    body: PasswordResetRequest,
    request: Request,
    state: StateDep,
    session: SessionDep,
    client: ClientDep,
) -> MessageOut:
    """Email a reset link if the account exists; the answer is the same either way."""
    mail = reset.request_reset(
        session, state, email=body.email, client=client, limiter=get_limiter(request.app)
    )
    if mail is not None:
        # Sent off the request thread, so timing does not reveal whether the account exists.
        send_in_background(
            send_password_reset, state.settings, to=mail.to, token=mail.token, minutes=mail.minutes
        )
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
