"""Per-request context shared by logs, errors and the audit trail."""

from __future__ import annotations

from contextvars import ContextVar

correlation_id_var: ContextVar[str | None] = ContextVar("correlation_id", default=None)
user_id_var: ContextVar[int | None] = ContextVar("user_id", default=None)


class RequestNotes:
    """Facts learnt while serving a request, shared with code that runs in a copied context.

    Sync routes and dependencies run in a thread with a copy of the context, so a value they
    `set()` is lost to the middleware; writing an attribute of this shared object is not.
    """

    __slots__ = ("user_id",)

    def __init__(self) -> None:
        self.user_id: int | None = None


request_notes_var: ContextVar[RequestNotes | None] = ContextVar("request_notes", default=None)


def note_user(user_id: int) -> None:
    """Remember the caller for this request's logs (the access line included)."""
    user_id_var.set(user_id)
    notes = request_notes_var.get()
    if notes is not None:
        notes.user_id = user_id
