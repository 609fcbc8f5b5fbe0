"""Domain errors that carry their HTTP status, and the one JSON error body that renders them.

Every error Elara returns looks like
``{"error": {"code", "message", "details", "correlation_id"}}``.
"""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from elara.core.context import correlation_id_var

log = structlog.get_logger(__name__)


class ElaraError(Exception):
    """Base of every error a client may see."""

    status_code = 400
    code = "bad_request"
    message = "The request could not be processed."
    # Changes made before the error must be kept (e.g. a failed-login counter).
    keep_changes = False

    def __init__(
        self,
        message: str | None = None,
        *,
        details: list[dict[str, Any]] | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.message
        self.details = details or []
        self.code = code or self.code
        self.headers = headers or {}
        super().__init__(self.message)


class BadRequest(ElaraError):
    pass


class InvalidInput(ElaraError):
    status_code = 422
    code = "validation_error"
    message = "Some fields are not valid."


class Unauthenticated(ElaraError):
    status_code = 401
    code = "unauthenticated"
    message = "Sign in to continue."


class Forbidden(ElaraError):
    status_code = 403
    code = "forbidden"
    message = "You do not have permission to do this."


class NotFound(ElaraError):
    status_code = 404
    code = "not_found"
    message = "Not found."


class Conflict(ElaraError):
    status_code = 409
    code = "conflict"
    message = "This conflicts with the current state."


class PayloadTooLarge(ElaraError):
    status_code = 413
    code = "payload_too_large"
    message = "The request body is too large."


class UnsupportedMediaType(ElaraError):
    status_code = 415
    code = "unsupported_media_type"
    message = "This kind of content is not supported."


class RateLimited(ElaraError):
    status_code = 429
    code = "rate_limited"
    message = "Too many requests; try again later."


class ServiceUnavailable(ElaraError):
    status_code = 503
    code = "service_unavailable"
    message = "A service Elara depends on is unavailable."


def error_body(
    code: str, message: str, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The one error shape, stamped with the current correlation id."""
    return {
        "error": {
            "code": code,
            "message": message,
            "details": details or [],
            "correlation_id": correlation_id_var.get(),
        }
    }


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def _validation_details(exc: RequestValidationError) -> tuple[int, str, str, list[dict[str, Any]]]:
    details = []
    malformed = False
    for err in exc.errors():
        kind = str(err.get("type", ""))
        malformed = malformed or kind == "json_invalid"
        loc = [str(part) for part in err.get("loc", ()) if part != "body"]
        details.append({"field": ".".join(loc), "message": str(err.get("msg", "")), "type": kind})
    if malformed:
        return 400, "malformed_json", "The request body is not valid JSON.", details
    return 422, "validation_error", "Some fields are not valid.", details


def _database_error(exc: OperationalError) -> JSONResponse:
    # SQLite has one writer: a large upload holds the lock while it stores its rows.
    if "database is locked" in str(exc.orig):
        log.warning("database_busy")
        return error_response(
            503,
            "database_busy",
            "The database is busy storing data; try again in a moment.",
            headers={"Retry-After": "5"},
        )
    log.error("database_unavailable", error_type=type(exc.orig).__name__)
    return error_response(
        503, "database_unavailable", "The database is unavailable; try again shortly."
    )


def install_error_handlers(app: FastAPI) -> None:
    """Render every error, expected or not, in the one JSON shape."""

    @app.exception_handler(OperationalError)
    async def _database(_: Request, exc: OperationalError) -> JSONResponse:
        return _database_error(exc)

    @app.exception_handler(ElaraError)
    async def _domain(_: Request, exc: ElaraError) -> JSONResponse:
        return error_response(exc.status_code, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(*_validation_details(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else "HTTP error."
        return error_response(exc.status_code, code, message, headers=dict(exc.headers or {}))
