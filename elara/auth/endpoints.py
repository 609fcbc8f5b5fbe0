"""/api/auth: login, refresh and logout; the refresh token lives in an HttpOnly cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Header, Response

from elara.auth import service
from elara.auth.schemas import LoginRequest, MessageOut, TokenOut, UserOut
from elara.core.deps import ClientDep, SessionDep, StateDep
from elara.core.errors import Forbidden
from elara.core.state import AppState

router = APIRouter(prefix="/api/auth", tags=["auth"])

REFRESH_COOKIE = "elara_refresh"
CSRF_HEADER = "X-Elara-CSRF"
_COOKIE_PATH = "/api/auth"

RefreshCookie = Annotated[str | None, Cookie(alias=REFRESH_COOKIE)]
CsrfHeader = Annotated[str | None, Header(alias=CSRF_HEADER)]


def _secure_cookie(state: AppState) -> bool:
    return state.settings.is_production or bool(
        state.settings.public_url and state.settings.public_url.startswith("https://")
    )


def _token_response(response: Response, state: AppState, signed: service.SignedIn) -> TokenOut:
    response.set_cookie(
        REFRESH_COOKIE,
        signed.refresh_token,
        max_age=signed.refresh_expires_in,
        httponly=True,
        samesite="strict",
        secure=_secure_cookie(state),
        path=_COOKIE_PATH,
    )
    response.headers["Cache-Control"] = "no-store"
    return TokenOut(
        access_token=signed.access_token,
        expires_in=int(state.tokens.lifetime.total_seconds()),
        user=UserOut.model_validate(signed.user),
    )


def _check_csrf(header: str | None) -> None:
    # Cookie-authenticated calls need a custom header, which no cross-site form can send.
    if header != "1":
        raise Forbidden(f"Missing the {CSRF_HEADER} header.", code="csrf_failed")


@router.post("/login")
def login(
    body: LoginRequest, response: Response, state: StateDep, session: SessionDep, client: ClientDep
) -> TokenOut:
    """Exchange email and password for an access token and a refresh cookie."""
    signed = service.login(session, state, email=body.email, password=body.password, client=client)
    return _token_response(response, state, signed)


@router.post("/refresh")
def refresh(
    response: Response,
    state: StateDep,
    session: SessionDep,
    client: ClientDep,
    token: RefreshCookie = None,
    csrf: CsrfHeader = None,
) -> TokenOut:
    """Rotate the refresh cookie and issue a new access token."""
    _check_csrf(csrf)
    signed = service.refresh(session, state, token=token, client=client)
    return _token_response(response, state, signed)


@router.post("/logout")
def logout(
    response: Response,
    session: SessionDep,
    client: ClientDep,
    token: RefreshCookie = None,
    csrf: CsrfHeader = None,
) -> MessageOut:
    """End this device's session and clear the refresh cookie."""
    _check_csrf(csrf)
    service.logout(session, token=token, client=client)
    response.delete_cookie(REFRESH_COOKIE, path=_COOKIE_PATH)
    return MessageOut(message="Signed out.")
