"""Who is acting, as every layer sees it (the audit trail records it; core's dependencies
build it from the request)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who did it and from where."""

    user_id: int | None = None
    email: str | None = None
    ip: str | None = None
    user_agent: str | None = None
