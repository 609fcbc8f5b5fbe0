"""The HTTP implementation of the service clients (httpx, service token header)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
from pydantic import TypeAdapter

from elara.audit.events import Actor
from elara.core.config import Settings
from elara.core.context import correlation_id_var
from elara.core.errors import ElaraError, ServiceUnavailable
from elara.datasets.schemas import (
    DatasetOut,
    DatasetPage,
    ErrorPage,
    SubmitOut,
    UploadOptions,
    UploadOut,
)
from elara.uploads.preview import InspectOut, InspectRequest

TOKEN_HEADER = "X-Elara-Service-Token"
TIMEOUT = httpx.Timeout(30.0, read=600.0)


def service_token(settings: Settings) -> str:
    """ELARA_SERVICE_TOKEN, or an HMAC of the secret key (the same in every process)."""
    if settings.service_token is not None:
        return settings.service_token.get_secret_value()
    return hmac.new(
        settings.signing_key.encode(), b"elara-service-token", hashlib.sha256
    ).hexdigest()


class RemoteError(ElaraError):
    """An error answered by a service, re-raised in the gateway with the same status and body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        error = body.get("error", {}) if isinstance(body, dict) else {}
        self.status_code = status
        super().__init__(
            str(error.get("message", "Service error.")),
            details=error.get("details") or [],
            code=str(error.get("code", "service_error")),
        )


class _Remote:
    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    def _headers(self) -> dict[str, str]:
        headers = {TOKEN_HEADER: self.token}
        correlation = correlation_id_var.get()
        if correlation:
            headers["X-Request-ID"] = correlation
        return headers

    def _post(self, path: str, **kwargs: Any) -> Any:
        headers = {**self._headers(), **kwargs.pop("headers", {})}
        try:
            with httpx.Client(base_url=self.base_url, timeout=TIMEOUT) as client:
                response = client.post(path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(f"A service is unreachable ({type(exc).__name__}).") from exc
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                body = {}
            raise RemoteError(response.status_code, body)
        return response.json()


class RemoteDatasets(_Remote):
    """Dataset calls sent to the database service."""

    def _call(self, method: str, caller: Actor, *args: Any, **kwargs: Any) -> Any:
        return self._post(
            f"/internal/datasets/{method}",
            json={"caller": asdict(caller), "args": list(args), "kwargs": kwargs},
        )

    def page(self, caller: Actor, *, mine: bool, page: int, page_size: int) -> DatasetPage:
        return DatasetPage.model_validate(
            self._call("page", caller, mine=mine, page=page, page_size=page_size)
        )

    def get(self, caller: Actor, dataset_id: int) -> DatasetOut:
        return DatasetOut.model_validate(self._call("get", caller, dataset_id))

    def errors(
        self,
        caller: Actor,
        dataset_id: int,
        *,
        upload_id: int | None,
        offset: int,
        limit: int | None,
    ) -> ErrorPage:
        return ErrorPage.model_validate(
            self._call(
                "errors", caller, dataset_id, upload_id=upload_id, offset=offset, limit=limit
            )
        )

    def uploads(self, caller: Actor, dataset_id: int) -> list[UploadOut]:
        return TypeAdapter(list[UploadOut]).validate_python(
            self._call("uploads", caller, dataset_id)
        )

    def delete(self, caller: Actor, dataset_id: int) -> None:
        self._call("delete", caller, dataset_id)

    def rollback(self, caller: Actor, dataset_id: int, upload_id: int) -> UploadOut:
        return UploadOut.model_validate(self._call("rollback", caller, dataset_id, upload_id))


class RemoteUploads(_Remote):
    """File intake sent to the upload service (the file streams as the request body)."""

    def _send(self, method: str, path: Path, call: dict[str, Any]) -> Any:
        try:
            with path.open("rb") as handle:
                # The call is the body's first line; the file follows (see internal.py).
                first = json.dumps(call).encode() + b"\n"
                return self._post(
                    f"/internal/uploads/{method}", content=itertools.chain([first], _blocks(handle))
                )
        finally:
            path.unlink(missing_ok=True)

    def submit(
        self, caller: Actor, *, path: Path, filename: str, options: UploadOptions, wait: bool
    ) -> SubmitOut:
        call = {
            "caller": asdict(caller),
            "filename": filename,
            "wait": wait,
            "options": options.model_dump(mode="json"),
        }
        return SubmitOut.model_validate(self._send("submit", path, call))

    def inspect(self, caller: Actor, *, path: Path, request: InspectRequest) -> InspectOut:
        call = {"caller": asdict(caller), "request": request.model_dump(mode="json")}
        return InspectOut.model_validate(self._send("inspect", path, call))


def _blocks(handle: Any, size: int = 1 << 20) -> Any:
    yield from iter(lambda: handle.read(size), b"")
