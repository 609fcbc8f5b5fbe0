"""The service clients as a route dependency (built once per app)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from elara.services.clients import Clients, build_clients


def get_clients(request: Request) -> Clients:
    clients = getattr(request.app.state, "clients", None)
    if clients is None:
        clients = build_clients(request.app.state.elara)
        request.app.state.clients = clients
    return clients


ClientsDep = Annotated[Clients, Depends(get_clients)]
