"""Time spent in the database per request, summed from SQLAlchemy cursor events."""

from __future__ import annotations

import time
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Engine, event


class QueryTimer:
    """A mutable total: sync routes run in a copied context, so they add to this shared object."""

    __slots__ = ("queries", "seconds")

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0


current_timer: ContextVar[QueryTimer | None] = ContextVar("elara_query_timer", default=None)
_START_KEY = "elara_query_started"


def _before(conn: Any, _cursor: Any, _stmt: Any, _params: Any, _context: Any, _many: Any) -> None:
    conn.info.setdefault(_START_KEY, []).append(time.perf_counter())


def _after(conn: Any, _cursor: Any, _stmt: Any, _params: Any, _context: Any, _many: Any) -> None:
    starts = conn.info.get(_START_KEY)
    if not starts:
        return
    elapsed = time.perf_counter() - starts.pop()
    timer = current_timer.get()
    if timer is not None:
        timer.seconds += elapsed
        timer.queries += 1


def _error(context: Any) -> None:
    connection = getattr(context, "connection", None)
    starts = connection.info.get(_START_KEY) if connection is not None else None
    if starts:
        starts.pop()


def instrument_engine(engine: Engine) -> None:
    """Sum every statement's time into the current request's timer (idempotent)."""
    if event.contains(engine, "before_cursor_execute", _before):
        return
    event.listen(engine, "before_cursor_execute", _before)
    event.listen(engine, "after_cursor_execute", _after)
    event.listen(engine, "handle_error", _error)
