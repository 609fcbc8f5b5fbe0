"""Dependencies every route may take: the state, a transactional session, the client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session

from elara.core import data_version
from elara.core.actor import Actor
from elara.core.db import SOURCE_KEY
from elara.core.proxies import resolve_client_ip
from elara.core.state import AppState


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.elara
    return state


StateDep = Annotated[AppState, Depends(get_state)]


def get_session(state: StateDep) -> Iterator[Session]:
    """The request's transaction: committed when the route returns, rolled back if it raises."""
    with state.db.transaction() as session:
        yield session


# scope="function": commit before the response is sent, so a client's next request (over a
# real connection it comes at once) always sees what this one wrote.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]

# A client may say which data version it has seen; its reads never go to a replica behind it.
DATA_VERSION_HEADER = "X-Elara-Data-Version"
# Whether a read was served by a replica or the primary (never which one: no addresses out).
READ_SOURCE_HEADER = "X-Elara-Read-Source"


def seen_version(request: Request) -> int:
    """The data version the client says it has seen (0 when it says nothing)."""
    return data_version.counter(request.headers.get(DATA_VERSION_HEADER, "")[:64])


def get_read_session(request: Request, response: Response, state: StateDep) -> Iterator[Session]:
    """A read-only session on a fresh replica (or the primary); the response names the data
    version it was served at."""
    with state.db.reading(seen=seen_version(request)) as session:
        response.headers[DATA_VERSION_HEADER] = data_version.seen(session)
        primary = session.info.get(SOURCE_KEY) == "primary"
        response.headers[READ_SOURCE_HEADER] = "primary" if primary else "replica"
        yield session


# Reads that may be served by a replica: dashboard, records, exports, assistant context.
ReadSessionDep = Annotated[Session, Depends(get_read_session, scope="function")]


def client_ip(request: Request) -> str | None:
    """The client address; X-Forwarded-For counts only from ELARA_TRUSTED_PROXIES."""
    peer = request.client.host if request.client else None
    trusted = request.app.state.elara.settings.trusted_proxies
    return resolve_client_ip(peer, request.scope.get("headers", []), trusted)


def get_client(request: Request) -> Actor:
    """An anonymous actor carrying the client's address and user agent."""
    agent = request.headers.get("user-agent")
    return Actor(ip=client_ip(request), user_agent=agent[:255] if agent else None)


ClientDep = Annotated[Actor, Depends(get_client)]
