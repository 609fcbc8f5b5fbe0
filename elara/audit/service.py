"""Reading, verifying and reporting on the audit trail; exporting a report is itself audited."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from elara.audit import chain, repository
from elara.audit.events import Action, Actor, AuditEvent
from elara.audit.report import build_report, render_csv, render_pdf
from elara.core.errors import InvalidInput, NotFound
from elara.models import AuditEntry, User

MAX_REPORT_DAYS = 366


def get_entry(session: Session, entry_id: int) -> AuditEntry:
    entry = session.get(AuditEntry, entry_id)
    if entry is None:
        raise NotFound("No such audit entry.")
    return entry


def period(since: date, until: date) -> tuple[datetime, datetime]:
    """The UTC bounds [since 00:00, until+1 00:00) of an inclusive date range."""
    if until < since:
        raise InvalidInput(
            "The period ends before it starts.",
            details=[{"field": "to", "message": "Must not be before from.", "type": "value_error"}],
        )
    if (until - since).days >= MAX_REPORT_DAYS:
        raise InvalidInput(
            f"A report covers at most {MAX_REPORT_DAYS} days.",
            details=[{"field": "to", "message": "Period too long.", "type": "value_error"}],
        )
    start = datetime.combine(since, time.min, tzinfo=UTC)
    return start, datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)


def _user_emails(session: Session, entries: list[AuditEntry]) -> dict[str, str]:
    """Emails of the users the entries are about, so a report names people, not ids."""
    ids = (str(e.entity_id or "") for e in entries if e.entity_type == "user")
    targets = {int(text) for text in ids if text.isdigit()}
    if not targets:
        return {}
    rows = session.execute(select(User.id, User.email).where(User.id.in_(targets)))
    return {str(user_id): email for user_id, email in rows}


def export_report(session: Session, *, since: date, until: date, fmt: str, actor: Actor) -> bytes:
    """The compliance report for the period as CSV or PDF; the export is recorded."""
    start, end = period(since, until)
    entries = repository.in_period(session, since=start, until=end)
    report = build_report(entries, since=start, until=end, emails=_user_emails(session, entries))
    content = render_pdf(report) if fmt == "pdf" else render_csv(report)
    chain.record(
        session,
        AuditEvent(
            Action.audit_export,
            "audit_report",
            None,
            extra={
                "from": since.isoformat(),
                "to": until.isoformat(),
                "format": fmt,
                "entries": len(entries),
            },
        ),
        actor,
    )
    return content
