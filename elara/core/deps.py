"""Dependencies every route may take: the state, a transactional session, the client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from elara.audit.events import Actor
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
