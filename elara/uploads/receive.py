"""Receiving request bodies onto disk under generated names, with size limits."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, BinaryIO

from fastapi import Request, Response
from fastapi.routing import APIRoute
from pydantic import ValidationError

from elara.core.errors import InvalidInput, PayloadTooLarge
from elara.ingest.settings import ImportSettings

BLOCK = 1 << 20
MULTIPART_SLACK = 1 << 20


def too_large(limit_mb: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"Files larger than {limit_mb} MB must be sent in chunks: POST /api/uploads, then "
        "PUT /api/uploads/{id}/chunks/{n}, then POST /api/uploads/{id}/complete."
    )


def check_content_length(request: Request, limit_mb: int) -> None:
    """Refuse an oversize body before reading it (the header may still lie; we count too)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit_mb * BLOCK + MULTIPART_SLACK:
        raise too_large(limit_mb)


class SizeLimitedRoute(APIRoute):
    """Refuses an oversize multipart body by its Content-Length before FastAPI reads it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            if request.method == "POST":
                check_content_length(request, request.app.state.elara.settings.max_upload_mb)
            return await handler(request)

        return limited


def save_stream(source: BinaryIO, folder: Path, *, limit_bytes: int, limit_mb: int) -> Path:
    """Copy a file object to a new generated path, refusing more than `limit_bytes`."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="in-", dir=folder)
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for block in iter(lambda: source.read(BLOCK), b""):
                size += len(block)
                if size > limit_bytes:
                    raise too_large(limit_mb)
                out.write(block)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def parse_mapping(text: str | None) -> dict[str, str] | None:
    """The `mapping` form field: a JSON object of file header -> canonical column."""
    if not text:
        return None
    try:
        value: Any = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(
            "mapping must be a JSON object.",
            details=[{"field": "mapping", "message": "not valid JSON"}],
        ) from exc
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidInput(
            "mapping must map header names to canonical column names.",
            details=[{"field": "mapping", "message": "expected {header: column}"}],
        )
    return value


def validation_details(exc: ValidationError, prefix: str = "") -> list[dict[str, Any]]:
    """Pydantic's errors as the error body's details: field path and message."""
    return [
        {"field": ".".join(str(p) for p in (prefix, *e["loc"]) if p != ""), "message": e["msg"]}
        for e in exc.errors()
    ]


def parse_settings(text: str | None) -> ImportSettings | None:
    """The `settings` form field: ImportSettings as JSON (what inspect answered), or None."""
    if not text:
        return None
    try:
        return ImportSettings.model_validate_json(text)
    except ValidationError as exc:
        raise InvalidInput(
            "settings are not valid import settings.",
            code="invalid_settings",
            details=validation_details(exc, "settings"),
        ) from exc
