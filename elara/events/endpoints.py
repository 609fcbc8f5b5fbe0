"""/ws: an authenticated WebSocket pushing upload progress and data-change events.

The client sends `{"type": "auth", "token": "<access token>"}` as its first message (tokens
are kept out of URLs and logs); the server answers `{"type": "auth.ok"}` and then streams events.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from fastapi.concurrency import run_in_threadpool

from elara.auth.deps import user_for_claims
from elara.auth.permissions import Permission, has_permission
from elara.core.errors import Unauthenticated
from elara.core.security import InvalidToken
from elara.core.state import AppState

router = APIRouter(tags=["events"])

AUTH_TIMEOUT = 10.0
POLICY_VIOLATION = 4401


def _authenticate(state: AppState, message: Any) -> int | None:
    if not isinstance(message, dict) or message.get("type") != "auth":
        return None
    token = message.get("token")
    if not isinstance(token, str):
        return None
    try:
        claims = state.tokens.verify(token)
    except InvalidToken:
        return None
    with state.db.transaction() as session:
        try:
            user = user_for_claims(session, claims)
        except Unauthenticated:
            return None
        return user.id if has_permission(user.role, Permission.datasets_read) else None


async def _pump(websocket: WebSocket, queue: asyncio.Queue[dict[str, Any]]) -> None:
    while True:
        await websocket.send_json(await queue.get())


@router.websocket("/ws")
async def events_socket(websocket: WebSocket) -> None:
    """Authenticate with the first message, then receive events until either side closes."""
    state: AppState = websocket.app.state.elara
    await websocket.accept()
    try:
        message = await asyncio.wait_for(websocket.receive_json(), AUTH_TIMEOUT)
    except (TimeoutError, ValueError, WebSocketDisconnect):
        await _close(websocket)
        return
    user_id = await run_in_threadpool(_authenticate, state, message)
    if user_id is None:
        await _close(websocket)
        return
    async with state.events.subscribe() as queue:
        await websocket.send_json({"type": "auth.ok", "user_id": user_id})
        pump = asyncio.create_task(_pump(websocket, queue))
        try:
            while True:  # the client may send pings; a disconnect ends the loop
                await websocket.receive_text()
        except WebSocketDisconnect:
            pass
        finally:
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await pump


async def _close(websocket: WebSocket) -> None:
    with contextlib.suppress(Exception):
        await websocket.send_json({"type": "error", "message": "authentication required"})
        await websocket.close(code=POLICY_VIOLATION)
