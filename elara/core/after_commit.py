"""Side effects (emails) that must happen only once the transaction has committed."""

from __future__ import annotations

from collections.abc import Callable

import structlog
from sqlalchemy import event
from sqlalchemy.orm import Session

log = structlog.get_logger(__name__)
_KEY = "elara_after_commit"


def on_commit(session: Session, action: Callable[[], object]) -> None:
    """Run `action` after this session's next commit; dropped if it rolls back."""
    session.info.setdefault(_KEY, []).append(action)


@event.listens_for(Session, "after_commit")
def _run(session: Session) -> None:
    for action in session.info.pop(_KEY, []):
        try:
            action()
        except Exception as exc:  # the change is committed; a failed side effect is only logged
            log.error("after_commit_failed", error_type=type(exc).__name__)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_KEY, None)
