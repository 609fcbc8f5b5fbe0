"""Security alerts by email to every active admin, sent off the request thread."""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy import select

from elara.core.state import AppState
from elara.email.mailer import send_in_background
from elara.email.messages import send_security_alert
from elara.models import Role, User
from elara.security.events import AlertSender, configure_alerts

log = structlog.get_logger(__name__)


def admin_emails(state: AppState) -> list[str]:
    """Emails of the active admins."""
    with state.db.transaction() as session:
        query = select(User.email).where(User.role == Role.admin.value, User.is_active.is_(True))
        return list(session.scalars(query))


def email_sender(state: AppState) -> AlertSender:
    """An alert sender that emails admins in a background thread."""

    def send(kind: str, count: int, window: int, _fields: dict[str, Any]) -> None:
        def run() -> None:
            try:
                send_security_alert(
                    state.settings,
                    to=admin_emails(state),
                    kind=kind,
                    count=count,
                    window_seconds=window,
                )
            except Exception as exc:  # alerting must never break the request that tripped it
                log.error("security_alert_email_failed", error_type=type(exc).__name__)

        send_in_background(run)

    return send


def install_alerts(state: AppState) -> None:
    """Alert admins by email past ELARA_SECURITY_ALERT_THRESHOLD events in the window."""
    settings = state.settings
    configure_alerts(
        threshold=settings.security_alert_threshold,
        window=float(settings.security_alert_window_seconds),
        sender=email_sender(state),
    )
