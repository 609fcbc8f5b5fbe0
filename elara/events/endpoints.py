"""/ws: an authenticated WebSocket pushing upload progress and data-change events.

The client sends `{"type": "auth", "token": "<access token>"}` as its first message (tokens
are kept out of URLs and logs); the server answers `{"type": "auth.ok"}` and then streams events.

Events carry only what the user may see: a user restricted to some companies gets events of
their own datasets and of those holding one of their companies, without row counts for
other people's datasets. The session is checked again every few seconds: when it ends
(logout, revoked device, password change, deactivation) the socket is closed.
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
from elara.core.security import AccessClaims, InvalidToken
from elara.core.state import AppState
from elara.datasets.service import may_see
from elara.models import Dataset, User

router = APIRouter(tags=["events"])

AUTH_TIMEOUT = 10.0
RECHECK_SECONDS = 2.0
POLICY_VIOLATION = 4401
SESSION_ENDED = 4403
_COUNTS = ("bytes_received", "rows_parsed", "rows_stored")


def _claims(state: AppState, message: Any) -> AccessClaims | None:
    if not isinstance(message, dict) or message.get("type") != "auth":
        return None
    token = message.get("token")
    if not isinstance(token, str):
        return None
    try:
        return state.tokens.verify(token)
    except InvalidToken:
        return None


def _live_user(state: AppState, claims: AccessClaims) -> int | None:
    """The user id while the session is live and may read datasets, else None."""
    with state.db.transaction() as session:
        try:
            user = user_for_claims(state, session, claims)
        except Unauthenticated:
            return None
        return user.id if has_permission(user.role, Permission.datasets_read) else None


class _View:
    """What one signed-in user may see of the event stream (decisions cached per dataset)."""

    def __init__(self, state: AppState, user_id: int) -> None:
        self.state, self.user_id = state, user_id
        self._seen: dict[int, tuple[bool, bool]] = {}  # dataset id -> (visible, own)

    def _decide(self, dataset_id: int) -> tuple[bool, bool]:
        with self.state.db.transaction() as session:
            user = session.get(User, self.user_id)
            if user is None:
                return False, False
            if not user.allowed_companies:
                return True, True
            dataset = session.get(Dataset, dataset_id)
            if dataset is None:  # deleted: those who saw it hear that it went
                return self._seen.get(dataset_id, (False, False))
            return may_see(session, user=user, dataset=dataset), dataset.owner_id == user.id

    def filter(self, event: dict[str, Any]) -> dict[str, Any] | None:
        """The event as this user may receive it, or None."""
        dataset_id = event.get("dataset_id")
        if not isinstance(dataset_id, int):
            return event
        if event.get("type") == "data.changed" or dataset_id not in self._seen:
            self._seen[dataset_id] = self._decide(dataset_id)  # rows may have come or gone
        visible, own = self._seen[dataset_id]
        if not visible:
            return None
        if own:
            return event
        return {k: v for k, v in event.items() if k not in _COUNTS}


async def _pump(websocket: WebSocket, queue: asyncio.Queue[dict[str, Any]], view: _View) -> None:
    while True:
        event = await run_in_threadpool(view.filter, await queue.get())
        if event is not None:
            await websocket.send_json(event)


async def _watch_session(state: AppState, claims: AccessClaims) -> None:
    """Return when the socket's session has ended."""
    while True:
        await asyncio.sleep(RECHECK_SECONDS)
        if await run_in_threadpool(_live_user, state, claims) is None:
            return


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
    claims = _claims(state, message)
    user_id = await run_in_threadpool(_live_user, state, claims) if claims else None
    if claims is None or user_id is None:
        await _close(websocket)
        return
    async with state.events.subscribe() as queue:
        await websocket.send_json({"type": "auth.ok", "user_id": user_id})
        tasks = [
            asyncio.create_task(_pump(websocket, queue, _View(state, user_id))),
            asyncio.create_task(_receive(websocket)),
            asyncio.create_task(_watch_session(state, claims)),
        ]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            if tasks[2] in done:
                await _close(websocket, SESSION_ENDED, "session ended")
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task


async def _receive(websocket: WebSocket) -> None:
    """Read (and ignore) client pings until the client disconnects."""
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            await websocket.receive_text()


async def _close(
    websocket: WebSocket, code: int = POLICY_VIOLATION, reason: str = "authentication required"
) -> None:
    with contextlib.suppress(Exception):
        await websocket.send_json({"type": "error", "message": reason})
        await websocket.close(code=code)
