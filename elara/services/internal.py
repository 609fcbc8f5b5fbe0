"""The internal HTTP face of the upload and database services (gateway-only, service token)."""

from __future__ import annotations

import hmac
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from elara import __version__
from elara.audit.events import Actor
from elara.core.config import Settings, get_settings
from elara.core.errors import InvalidInput, NotFound, Unauthenticated, install_error_handlers
from elara.core.logging import configure_logging
from elara.core.middleware import CorrelationMiddleware
from elara.core.state import AppState
from elara.datasets.schemas import UploadOptions
from elara.services.local import LocalDatasets, LocalUploads
from elara.services.remote import TOKEN_HEADER, service_token
from elara.uploads.files import work_dir
from elara.uploads.preview import InspectRequest

DATASET_METHODS = ("page", "get", "errors", "uploads", "delete", "rollback")
MAX_CALL_BYTES = 4 << 20


def _token_check(state: AppState) -> Callable[..., None]:
    expected = service_token(state.settings)

    def check(token: Annotated[str | None, Header(alias=TOKEN_HEADER)] = None) -> None:
        if token is None or not hmac.compare_digest(token, expected):
            raise Unauthenticated("A valid service token is required.")

    return check


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _datasets_router(state: AppState) -> APIRouter:
    router = APIRouter(prefix="/internal/datasets")
    local = LocalDatasets(state)

    @router.post("/{method}")
    def call(method: str, body: dict[str, Any]) -> Any:
        if method not in DATASET_METHODS:
            raise NotFound("Unknown method.")
        caller = Actor(**body.get("caller", {}))
        result = getattr(local, method)(caller, *body.get("args", []), **body.get("kwargs", {}))
        return _jsonable(result)

    return router


def _parse_call(raw: bytes) -> dict[str, Any]:
    try:
        call = json.loads(raw or b"{}")
    except ValueError as exc:
        raise InvalidInput("Malformed internal call.") from exc
    if not isinstance(call, dict):
        raise InvalidInput("Malformed internal call.")
    return call


def _uploads_router(state: AppState) -> APIRouter:
    router = APIRouter(prefix="/internal/uploads")
    local = LocalUploads(state)

    @router.post("/{method}")
    async def call(method: str, request: Request) -> Any:
        call, path = await _receive_call(request, state)
        caller = Actor(**call.get("caller", {}))
        result: Any
        if method == "submit":
            options = UploadOptions.model_validate(call.get("options", {}))
            result = await run_in_threadpool(
                local.submit,
                caller,
                path=path,
                filename=str(call.get("filename", "upload")),
                options=options,
                wait=bool(call.get("wait")),
            )
        elif method == "inspect":
            asked = InspectRequest.model_validate(call.get("request", {}))
            result = await run_in_threadpool(local.inspect, caller, path=path, request=asked)
        else:
            path.unlink(missing_ok=True)
            raise NotFound("Unknown method.")
        return _jsonable(result)

    return router


async def _receive_call(request: Request, state: AppState) -> tuple[dict[str, Any], Path]:
    """The call (the body's first line, JSON) and the file (the rest of the body, on disk).

    The call travels in the body, not a header, because import settings can be larger than
    an HTTP server accepts in headers.
    """
    import tempfile

    folder = work_dir(state.settings)
    handle = tempfile.NamedTemporaryFile(prefix="in-", dir=folder, delete=False)  # noqa: SIM115
    head, call = bytearray(), None
    try:
        async for block in request.stream():
            if call is None:
                head += block
                newline = head.find(b"\n")
                if newline < 0:
                    if len(head) > MAX_CALL_BYTES:
                        raise InvalidInput("Malformed internal call.")
                    continue
                call, block = _parse_call(bytes(head[:newline])), bytes(head[newline + 1 :])
            await run_in_threadpool(handle.write, block)
    except BaseException:
        handle.close()
        Path(handle.name).unlink(missing_ok=True)
        raise
    handle.close()
    return (call if call is not None else _parse_call(bytes(head))), Path(handle.name)


def build_service_app(
    role: str, state: AppState, lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]]
) -> FastAPI:
    """A small app with /health and the role's internal routes behind the service token."""
    app = FastAPI(
        title=f"Elara {role} service",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.elara = state
    install_error_handlers(app)

    @app.get("/health")
    def health() -> dict[str, Any]:
        """Liveness of this service."""
        return {"status": "ok", "service": role, "version": __version__}

    guard = [Depends(_token_check(state))]
    router = _datasets_router(state) if role == "db" else _uploads_router(state)
    app.include_router(router, dependencies=guard)
    app.add_middleware(CorrelationMiddleware)
    return app


def create_role_app(
    role: str,
    settings: Settings | None,
    state: AppState | None,
    *,
    pool_size: Callable[[Settings], int],
) -> FastAPI:
    """The app of a separate upload or database service, with start-up recovery."""
    from elara.db_service import recover_on_start

    settings = settings or (state.settings if state else get_settings())
    configure_logging(settings, service=role)
    app_state = state or AppState.build(settings, pool_size=pool_size(settings))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # One service of each kind per database is assumed: what it left unfinished is dead.
        recover_on_start(app_state)
        yield
        app_state.jobs.wait_all(timeout=60)
        if state is None:
            app_state.db.dispose()

    return build_service_app(role, app_state, lifespan)
