"""Checking threshold alerts: a dashboard KPI of a period against a threshold, per recipient in
their own scope, emailed once per breach (not again until it has cleared and breaches again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent
from elara.core.config import Settings
from elara.core.errors import Forbidden, InvalidInput
from elara.core.state import AppState
from elara.dashboard import service
from elara.dashboard.filters import Filters, add_months, month_end
from elara.dashboard.schemas import CurrencySummary, Summary
from elara.email.mailer import deliver, new_message
from elara.models import AlertRule, AlertState, SavedView, User
from elara.subscriptions import access
from elara.subscriptions.links import dashboard_link
from elara.subscriptions.schemas import Reading

log = structlog.get_logger(__name__)

METRIC_WORDS = {
    "revenue": "revenue",
    "expenses": "expenses",
    "net_income": "net income",
    "gross_profit": "gross profit",
    "operating_income": "operating income",
    "margin": "net margin",
    "gross_margin": "gross margin",
    "record_count": "record count",
}
PERCENT_METRICS = ("margin", "gross_margin")
COMPARISON_WORDS = {
    "below": "below",
    "above": "above",
    "drop_pct": "down by more than {} % vs the previous period",
    "rise_pct": "up by more than {} % vs the previous period",
}


@dataclass(frozen=True)
class Evaluation:
    period: tuple[date, date] | None
    readings: list[Reading]
    filters: dict[str, Any]  # the rule's filters as the recipient may apply them

    @property
    def breached(self) -> bool:
        return any(r.breached for r in self.readings)


def describe(rule: AlertRule) -> str:
    """The rule in words, e.g. "net margin below 5 % in the latest month"."""
    metric = METRIC_WORDS.get(rule.metric, rule.metric)
    unit = " %" if rule.metric in PERCENT_METRICS else ""
    if rule.comparison in ("drop_pct", "rise_pct"):
        test = COMPARISON_WORDS[rule.comparison].format(rule.threshold)
    else:
        test = f"{COMPARISON_WORDS[rule.comparison]} {rule.threshold}{unit}"
    span = "the view's period" if rule.period == "view" else f"the latest {rule.period} with data"
    return f"{metric} {test}, in {span}"


def _period(latest: date, period: str) -> tuple[date, date]:
    if period == "month":
        return latest.replace(day=1), month_end(latest)
    if period == "quarter":
        start = date(latest.year, 3 * ((latest.month - 1) // 3) + 1, 1)
        return start, add_months(start, 3) - timedelta(days=1)
    return date(latest.year, 1, 1), date(latest.year, 12, 31)


def _value(block: CurrencySummary, rule: AlertRule) -> Decimal | None:
    if rule.comparison in ("below", "above"):
        raw: Any = getattr(block.current, rule.metric)
        return None if raw is None else Decimal(str(raw))
    if block.change is None:  # no comparable previous period: nothing to compare
        return None
    if rule.metric in PERCENT_METRICS:
        points = block.change.margin_points if rule.metric == "margin" else None
        return None if points is None else Decimal(points)
    delta = getattr(block.change, rule.metric, None)
    return None if delta is None or delta.percent is None else Decimal(delta.percent)


def _breaches(value: Decimal | None, rule: AlertRule) -> bool:
    if value is None:
        return False
    threshold = Decimal(rule.threshold)
    return {
        "below": value < threshold,
        "above": value > threshold,
        "drop_pct": value < -threshold,
        "rise_pct": value > threshold,
    }[rule.comparison]


def _readings(summary: Summary, rule: AlertRule) -> list[Reading]:
    out = []
    for block in summary.by_currency:
        value = _value(block, rule)
        out.append(
            Reading(
                currency=block.currency,
                value=None if value is None else str(value),
                breached=_breaches(value, rule),
            )
        )
    return out


def rule_filters(session: Session, rule: AlertRule) -> dict[str, Any] | None:
    if rule.view_id is None:
        return dict(rule.filters or {})
    view = session.get(SavedView, rule.view_id)
    return None if view is None else dict(view.filters or {})


def evaluate(session: Session, *, rule: AlertRule, user: User) -> Evaluation | None:
    """The rule's readings in `user`'s scope; None when they see nothing of it."""
    raw = rule_filters(session, rule)
    view = session.get(SavedView, rule.view_id) if rule.view_id else None
    if raw is None or not access.may_see_view(user, view):
        return None
    filters = access.filters_for(raw, user)
    if filters is None:
        return None
    try:
        found = _evaluate(session, rule, user, filters)
    except (Forbidden, InvalidInput):
        return None
    if found is None:
        return None
    period, readings = found
    return Evaluation(period, readings, access.narrowed(raw, user)[0])


def _evaluate(
    session: Session, rule: AlertRule, user: User, filters: Filters
) -> tuple[tuple[date, date] | None, list[Reading]] | None:
    if rule.period != "view":
        latest = service.filter_options(session, user=user, filters=filters).last_date
        if latest is None:
            return None
        start, end = _period(latest, rule.period)
        filters = filters.with_dates(
            max(start, filters.date_from or start), min(end, filters.date_to or end)
        )
    summary = service.summary(session, user=user, filters=filters)
    if sum(block.current.record_count for block in summary.by_currency) == 0:
        return None
    period = (summary.period.date_from, summary.period.date_to) if summary.period else None
    return period, _readings(summary, rule)


def alert_message(settings: Settings, rule: AlertRule, to: str, ev: Evaluation, *, test: bool):
    """The email of a breach (or of a test)."""
    span = f"{ev.period[0]} to {ev.period[1]}" if ev.period else "no data"
    unit = " %" if rule.metric in PERCENT_METRICS or rule.comparison.endswith("_pct") else ""
    lines = [
        f"Alert “{rule.name}”: {describe(rule)}.",
        f"Period: {span}.",
        *(
            f"{r.currency or 'All currencies'}: {r.value if r.value is not None else 'n/a'}{unit}"
            f"{' (breached)' if r.breached else ''}"
            for r in ev.readings
        ),
        "",
        f"Open it in Elara: {dashboard_link(settings, ev.filters, ev.period)}",
        "You receive one email per breach; the next comes only after it has cleared.",
    ]
    if test:
        lines.insert(0, "This is a test: the rule was checked now, in your own access scope.")
        subject = f"Elara alert (test): {rule.name}"
    else:
        subject = f"Elara alert: {rule.name}"
    return new_message(settings, to=to, subject=subject, body="\n".join(lines) + "\n")


def _state(session: Session, rule_id: int, user_id: int) -> AlertState:
    row = session.get(AlertState, (rule_id, user_id))
    if row is None:
        row = AlertState(alert_id=rule_id, user_id=user_id, breached=False)
        session.add(row)
    return row


def check_rule(state: AppState, rule_id: int, *, now: datetime | None = None) -> list[str]:
    """Check one rule for each recipient; email those newly breached. Returns their emails."""
    now = now or datetime.now(UTC)
    to_send = []
    with state.db.transaction() as session:
        rule = session.get(AlertRule, rule_id)
        if rule is None or not rule.enabled:
            return []
        for user in access.recipient_users(session, list(rule.recipients or [])):
            ev = evaluate(session, rule=rule, user=user)
            row = _state(session, rule.id, user.id)
            breached = ev is not None and ev.breached
            if ev is not None:
                row.last_value = ",".join(r.value or "n/a" for r in ev.readings)[:64]
            if breached and not row.breached:
                row.breached, row.since, row.notified_at = True, now, now
                assert ev is not None  # nosec B101
                to_send.append(
                    (user.email, alert_message(state.settings, rule, user.email, ev, test=False))
                )
            elif not breached and row.breached:
                row.breached, row.since = False, None
        rule.last_checked_at = now
        for email, _ in to_send:
            event = AuditEvent(Action.alert_breach, "alert", rule.id, extra={"recipient": email})
            chain.record(session, event, Actor())
    # Mail after the commit: a breach is recorded once even if the mail server is down.
    return [email for email, message in to_send if deliver(state.settings, message)]


def check_all(state: AppState, *, now: datetime | None = None) -> dict[int, list[str]]:
    """Check every enabled rule; returns who was emailed, per rule."""
    with state.db.transaction() as session:
        ids = list(
            session.scalars(select(AlertRule.id).where(AlertRule.enabled).order_by(AlertRule.id))
        )
    sent = {}
    for rule_id in ids:
        try:
            emailed = check_rule(state, rule_id, now=now)
        except Exception:  # one broken rule must not stop the others
            log.exception("alert_check_failed", alert_id=rule_id)
            continue
        if emailed:
            sent[rule_id] = emailed
    return sent
