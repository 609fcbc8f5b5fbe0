"""/api/auth: login, refresh and logout; the refresh token lives in an HttpOnly cookie."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Cookie, Depends, Header, Request, Response

from elara.auth import service
from elara.auth.schemas import LoginRequest, MessageOut, TokenOut, UserOut
from elara.core.deps import ClientDep, SessionDep, StateDep
from elara.core.errors import Forbidden
from elara.core.ratelimit import rate_limit
from elara.core.state import AppState

router = APIRouter(prefix="/api/auth", tags=["auth"])

REFRESH_COOKIE = "elara_refresh"
DEVICE_COOKIE = "elara_device"
DEVICE_DAYS = 365
CSRF_HEADER = "X-Elara-CSRF"
_COOKIE_PATH = "/api/auth"

RefreshCookie = Annotated[str | None, Cookie(alias=REFRESH_COOKIE)]
DeviceCookie = Annotated[str | None, Cookie(alias=DEVICE_COOKIE)]
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


def _check_csrf(request: Request, header: str | None) -> None:
    # Cookie-authenticated calls need a custom header, which no cross-site form can send,
    # and a browser's Origin (when sent) must be this site or an allowed CORS origin.
    if header != "1":
        raise Forbidden(f"Missing the {CSRF_HEADER} header.", code="csrf_failed")
    origin = request.headers.get("origin")
    if origin is None:
        return
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    public = request.app.state.elara.settings.public_url
    allowed = {own, *request.app.state.elara.settings.cors_origins}
    if public:
        parts = urlsplit(public)
        allowed.add(f"{parts.scheme}://{parts.netloc}")
    if origin.rstrip("/") not in allowed:
        raise Forbidden("This request came from another site.", code="csrf_failed")


@router.post("/login", dependencies=[Depends(rate_limit("auth"))])
def login(
    body: LoginRequest,
    response: Response,
    state: StateDep,
    session: SessionDep,
    client: ClientDep,
    device: DeviceCookie = None,
) -> TokenOut:
    """Exchange email and password for an access token and a refresh cookie."""
    signed = service.login(
        session, state, email=body.email, password=body.password, client=client, device=device
    )
    # Marks this device as the account's: the right password passes sign-in throttling here.
    response.set_cookie(
        DEVICE_COOKIE,
        service.device_token(state, signed.user.id),
        max_age=DEVICE_DAYS * 86_400,
        httponly=True,
        samesite="strict",
        secure=_secure_cookie(state),
        path=_COOKIE_PATH,
    )
    return _token_response(response, state, signed)


@router.post("/refresh")
def refresh(
    request: Request,
    response: Response,
    state: StateDep,
    session: SessionDep,
    client: ClientDep,
    token: RefreshCookie = None,
    csrf: CsrfHeader = None,
) -> TokenOut:
    """Rotate the refresh cookie and issue a new access token."""
    _check_csrf(request, csrf)
    signed = service.refresh(session, state, token=token, client=client)
    return _token_response(response, state, signed)


@router.post("/logout")
def logout(
    request: Request,
    response: Response,
    session: SessionDep,
    client: ClientDep,
    token: RefreshCookie = None,
    csrf: CsrfHeader = None,
) -> MessageOut:
    """End this device's session and clear the refresh cookie."""
    _check_csrf(request, csrf)
    service.logout(session, token=token, client=client)
    response.delete_cookie(REFRESH_COOKIE, path=_COOKIE_PATH)
    return MessageOut(message="Signed out.")
