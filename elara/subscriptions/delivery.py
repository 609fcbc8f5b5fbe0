"""Sending one subscription: per recipient, their own figures as a PDF and their records as an
XLSX; recipients who see nothing of the view get nothing, and the owner is told.

`send_subscription` is a plain function of (state, id) that opens its own transactions, so it
can run on the scheduler thread, the mail threads, or later as a queue task.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import structlog

from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent
from elara.auth.permissions import Permission, has_permission
from elara.core.config import Settings
from elara.core.scenarios import SCENARIO_WORDS, Scenario
from elara.core.state import AppState
from elara.email.mailer import deliver, new_message
from elara.email.messages import base_url
from elara.models import SavedView, Subscription, User
from elara.subscriptions import access
from elara.subscriptions.figures import Figures, figures_for, xlsx_bytes
from elara.subscriptions.links import dashboard_link
from elara.subscriptions.pdf import display_kpi, render

log = structlog.get_logger(__name__)
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass
class SendResult:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # saw nothing of the view
    failed: list[str] = field(default_factory=list)
    note: str | None = None  # why nothing was sent at all

    def status(self) -> str:
        if self.note:
            return self.note
        parts = [f"sent to {len(self.sent)}"]
        if self.skipped:
            parts.append(f"nothing to show {', '.join(self.skipped)}")
        if self.failed:
            parts.append(f"failed for {', '.join(self.failed)}")
        return "; ".join(parts)[:500]


@dataclass(frozen=True)
class _Letter:
    email: str
    figures: Figures
    with_xlsx: bool
    filters: dict[str, Any]  # the view's filters as this recipient may apply them


def _body(
    settings: Settings, view: SavedView, letter: _Letter, note: str | None, attached_xlsx: bool
) -> str:
    figures = letter.figures
    block = figures.summary.by_currency[0] if figures.summary.by_currency else None
    files = "a PDF summary and an XLSX of the records" if attached_xlsx else "a PDF summary"
    lines = [f"Your Elara report “{view.name}” is attached: {files}."]
    if block is not None and block.current is not None:
        lines.append(
            f"Revenue {display_kpi('revenue', block.current.revenue)}, net income "
            f"{display_kpi('net_income', block.current.net_income)}, net margin "
            f"{display_kpi('margin', block.current.margin)} ({block.currency or 'mixed'})."
        )
    if figures.summary.scenario != Scenario.actual.value:
        words = SCENARIO_WORDS[Scenario(figures.summary.scenario)]
        lines.append(f"These are {words} figures, not actuals.")
    dims = figures.builder.filters.dimensions
    if dims:
        only = "; ".join(f"{name} = {', '.join(values)}" for name, values in dims)
        lines.append(f"Only the records with {only}.")
    if note:
        lines.append(note)
    lines.append(f"Open it in Elara: {dashboard_link(settings, letter.filters)}")
    lines.append("You receive this because you were added to its subscription.")
    return "\n\n".join(lines) + "\n"


def _message(
    state: AppState, sub: Subscription, view: SavedView, letter: _Letter, now: datetime
) -> EmailMessage:
    settings = state.settings
    note = None
    attach_xlsx = letter.with_xlsx and letter.figures.record_count <= (
        settings.subscription_xlsx_max_rows
    )
    if letter.with_xlsx and not attach_xlsx:
        note = (
            f"The records ({letter.figures.record_count:,}) are too many to attach; "
            "export them from the dashboard."
        )
    message = new_message(
        settings,
        to=letter.email,
        subject=f"Elara report: {view.name}",
        body=_body(settings, view, letter, note, attach_xlsx),
    )
    local = now.astimezone(ZoneInfo(sub.timezone))
    pdf = render(
        title=view.name,
        recipient=letter.email,
        figures=letter.figures,
        generated=local,
        timezone=sub.timezone,
    )
    stamp = f"{local:%Y-%m-%d}"
    message.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=f"elara-report-{stamp}.pdf"
    )
    if attach_xlsx:
        message.add_attachment(
            xlsx_bytes(state.db, letter.figures),
            maintype=XLSX_TYPE[0],
            subtype=XLSX_TYPE[1],
            filename=f"elara-records-{stamp}.xlsx",
        )
    return message


def _tell_owner(settings: Settings, owner: User, view: SavedView, skipped: list[str]) -> None:
    body = (
        f"Your subscription to “{view.name}” was not sent to {', '.join(skipped)}: "
        "their access to the data shows them nothing of this view, so they received no "
        "email.\n\nChange the recipients or the view's filters in Elara: "
        f"{base_url(settings)}/#/subscriptions\n"
    )
    deliver(
        settings,
        new_message(
            settings, to=owner.email, subject=f"Elara report not sent: {view.name}", body=body
        ),
    )


def _letters(
    state: AppState, sub: Subscription, view: SavedView
) -> tuple[list[_Letter], list[str]]:
    """Every recipient's figures (computed in their scope), and who sees nothing."""
    letters, skipped = [], []
    granularity = str((view.filters or {}).get("granularity") or "month")
    with state.db.transaction() as session:
        for user in access.recipient_users(session, list(sub.recipients or [])):
            if not access.may_see_view(user, view):
                skipped.append(user.email)
                continue
            filters = access.filters_for(dict(view.filters or {}), user)
            figures = (
                None
                if filters is None
                else figures_for(session, user=user, filters=filters, granularity=granularity)
            )
            if figures is None:
                skipped.append(user.email)
                continue
            export_ok = has_permission(user.role, Permission.records_export)
            scoped, _ = access.narrowed(dict(view.filters or {}), user)
            letters.append(_Letter(user.email, figures, export_ok, scoped))
    return letters, skipped


def send_subscription(
    state: AppState,
    subscription_id: int,
    *,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> SendResult:
    """Build and email the report to every recipient in their own scope; audited."""
    now = now or datetime.now(UTC)
    result = SendResult()
    with state.db.transaction() as session:
        sub = session.get(Subscription, subscription_id)
        view = session.get(SavedView, sub.view_id) if sub else None
        owner = session.get(User, sub.owner_id) if sub else None
        if sub is None or view is None or owner is None:
            return result
        session.expunge_all()
    if not owner.is_active:  # a deactivated owner's subscriptions stop with their access
        result.note = "not sent: the owner's account is deactivated"
        _record(state, subscription_id, result, actor, now)
        return result
    letters, result.skipped = _letters(state, sub, view)
    for letter in letters:
        try:
            ok = deliver(state.settings, _message(state, sub, view, letter, now))
        except Exception:  # one recipient's failure must not stop the others
            log.exception("subscription_render_failed", subscription_id=subscription_id)
            ok = False
        (result.sent if ok else result.failed).append(letter.email)
    if result.skipped:
        _tell_owner(state.settings, owner, view, result.skipped)
    _record(state, subscription_id, result, actor, now)
    return result


def _record(
    state: AppState, subscription_id: int, result: SendResult, actor: Actor | None, now: datetime
) -> None:
    with state.db.transaction() as session:
        sub = session.get(Subscription, subscription_id)
        if sub is not None:
            sub.last_run_at, sub.last_status = now, result.status()
        event = AuditEvent(
            Action.subscription_send,
            "subscription",
            subscription_id,
            extra={
                "sent": result.sent,
                "skipped": result.skipped,
                "failed": result.failed,
                "note": result.note,
            },
            outcome="success" if not result.failed else "failure",
        )
        chain.record(session, event, actor or Actor())
