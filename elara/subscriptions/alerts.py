"""Creating, listing, changing, deleting and testing threshold alerts (never commits).

An alert watches a saved view or filters of its own; filters naming a company the owner may
not see are refused, and each recipient's readings come from their own row-level scope.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent, diff
from elara.core.config import Settings
from elara.core.errors import InvalidInput
from elara.dashboard.filters import Filters, Scope, restrict
from elara.email.mailer import deliver
from elara.models import AlertRule, SavedView, User
from elara.subscriptions import access
from elara.subscriptions.evaluate import alert_message, evaluate
from elara.subscriptions.schemas import AlertIn, AlertOut, AlertPatch, AlertTestOut
from elara.views.schemas import ViewFilters


def _stored(filters: ViewFilters) -> dict[str, object]:
    return filters.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def _own_filters(user: User, filters: ViewFilters) -> dict[str, object]:
    """Filters of the rule itself: the owner may name only companies they may see (403)."""
    restrict(Filters(companies=tuple(filters.companies)), Scope.of(user))
    return _stored(filters)


def _snapshot(rule: AlertRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "view_id": rule.view_id,
        "filters": rule.filters,
        "metric": rule.metric,
        "comparison": rule.comparison,
        "threshold": rule.threshold,
        "period": rule.period,
        "recipients": list(rule.recipients or []),
        "enabled": rule.enabled,
    }


def _out(session: Session, rule: AlertRule, user: User) -> AlertOut:
    view = session.get(SavedView, rule.view_id) if rule.view_id else None
    raw = dict(view.filters or {}) if view else dict(rule.filters or {})
    filters, cut = access.narrowed(raw, user)
    owner = session.get(User, rule.owner_id)
    return AlertOut(
        id=rule.id,
        name=rule.name,
        view_id=rule.view_id,
        view_name=view.name if view else None,
        filters=filters,
        narrowed=cut,
        owner=owner.email if owner else "",
        mine=rule.owner_id == user.id,
        metric=rule.metric,
        comparison=rule.comparison,
        threshold=rule.threshold,
        period=rule.period,
        recipients=access.emails_of(session, list(rule.recipients or [])),
        enabled=rule.enabled,
        last_checked_at=rule.last_checked_at,
        updated_at=rule.updated_at,
    )


def list_alerts(session: Session, user: User) -> list[AlertOut]:
    """One's own alerts (an admin: everyone's)."""
    return [_out(session, rule, user) for rule in access.managed(session, AlertRule, user)]


def get_alert(session: Session, user: User, rule_id: int) -> AlertOut:
    return _out(session, access.one_managed(session, AlertRule, user, rule_id), user)


def create_alert(session: Session, *, user: User, data: AlertIn, actor: Actor) -> AlertOut:
    """A threshold rule on a view the caller may see, or on filters within their access."""
    view = access.visible_view(session, user, data.view_id) if data.view_id else None
    rule = AlertRule(
        owner_id=user.id,
        view_id=view.id if view else None,
        name=data.name,
        filters=_own_filters(user, data.filters) if data.filters else {},
        metric=data.metric,
        comparison=data.comparison,
        threshold=data.threshold,
        period=data.period,
        recipients=access.recipient_ids(session, user, data.recipients, view),
        enabled=data.enabled,
    )
    session.add(rule)
    session.flush()
    chain.record(
        session, AuditEvent(Action.alert_create, "alert", rule.id, diff({}, _snapshot(rule))), actor
    )
    return _out(session, rule, user)


def update_alert(
    session: Session, *, user: User, rule_id: int, data: AlertPatch, actor: Actor
) -> AlertOut:
    """Change the rule, its recipients, or pause it."""
    rule = access.one_managed(session, AlertRule, user, rule_id)
    before = _snapshot(rule)
    view = session.get(SavedView, rule.view_id) if rule.view_id else None
    if data.filters is not None:
        if rule.view_id is not None:
            raise InvalidInput(
                "This alert follows a saved view; change the view's filters instead.",
                details=[{"field": "filters", "message": "the alert is on a saved view"}],
            )
        rule.filters = _own_filters(user, data.filters)
    if data.recipients is not None:
        rule.recipients = access.recipient_ids(session, user, data.recipients, view)
    for field in ("name", "metric", "comparison", "threshold", "period", "enabled"):
        value = getattr(data, field)
        if value is not None:
            setattr(rule, field, value)
    session.flush()
    changes = diff(before, _snapshot(rule))
    chain.record(session, AuditEvent(Action.alert_update, "alert", rule.id, changes), actor)
    return _out(session, rule, user)


def delete_alert(session: Session, *, user: User, rule_id: int, actor: Actor) -> None:
    rule = access.one_managed(session, AlertRule, user, rule_id)
    before = _snapshot(rule)
    session.delete(rule)
    chain.record(
        session, AuditEvent(Action.alert_delete, "alert", rule_id, diff(before, {})), actor
    )


def try_alert(
    session: Session, *, settings: Settings, user: User, rule_id: int, actor: Actor
) -> AlertTestOut:
    """Check the rule now in the caller's own scope and email the caller the result."""
    rule = access.one_managed(session, AlertRule, user, rule_id)
    ev = evaluate(session, rule=rule, user=user)
    event = AuditEvent(
        Action.alert_test, "alert", rule.id, extra={"breached": bool(ev and ev.breached)}
    )
    chain.record(session, event, actor)
    if ev is None:
        return AlertTestOut(
            period_from=None,
            period_to=None,
            readings=[],
            breached=False,
            emailed=False,
            note="You see no data of this alert's view or filters.",
        )
    emailed = deliver(settings, alert_message(settings, rule, user.email, ev, test=True))
    return AlertTestOut(
        period_from=ev.period[0] if ev.period else None,
        period_to=ev.period[1] if ev.period else None,
        readings=ev.readings,
        breached=ev.breached,
        emailed=emailed,
        note=None,
    )
