"""Per-request context shared by logs, errors and the audit trail."""

from __future__ import annotations

from contextvars import ContextVar

correlation_id_var: ContextVar[str | None] = ContextVar("correlation_id", default=None)
user_id_var: ContextVar[int | None] = ContextVar("user_id", default=None)
