"""Creating, listing, changing and deleting subscriptions (routes call these; never commits).

The owner (or an admin) manages a subscription. Recipients are active users who may see the
view; a role without `subscriptions:share` may only subscribe itself.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent, diff
from elara.core.errors import Forbidden, NotFound
from elara.models import SavedView, Subscription, User
from elara.subscriptions import access
from elara.subscriptions.scheduler import schedule_of
from elara.subscriptions.schemas import SubscriptionIn, SubscriptionOut, SubscriptionPatch


def _snapshot(sub: Subscription) -> dict[str, Any]:
    return {
        "view_id": sub.view_id,
        "recipients": list(sub.recipients or []),
        "frequency": sub.frequency,
        "time": sub.time_of_day,
        "timezone": sub.timezone,
        "weekday": sub.weekday,
        "month_day": sub.month_day,
        "enabled": sub.enabled,
    }


def _out(session: Session, sub: Subscription, user: User) -> SubscriptionOut:
    view = session.get(SavedView, sub.view_id)
    owner = session.get(User, sub.owner_id)
    return SubscriptionOut(
        id=sub.id,
        view_id=sub.view_id,
        view_name=view.name if view else "",
        owner=owner.email if owner else "",
        mine=sub.owner_id == user.id,
        recipients=access.emails_of(session, list(sub.recipients or [])),
        frequency=sub.frequency,
        time=sub.time_of_day,
        timezone=sub.timezone,
        weekday=sub.weekday,
        month_day=sub.month_day,
        enabled=sub.enabled,
        next_run_at=sub.next_run_at,
        last_run_at=sub.last_run_at,
        last_status=sub.last_status,
        updated_at=sub.updated_at,
    )


def _reschedule(sub: Subscription, now: datetime) -> None:
    if sub.frequency == "weekly" and sub.weekday is None:
        sub.weekday = 0
    if sub.frequency == "monthly" and sub.month_day is None:
        sub.month_day = 1
    sub.next_run_at = schedule_of(sub, now) if sub.enabled else None


def list_subscriptions(session: Session, user: User) -> list[SubscriptionOut]:
    """One's own subscriptions (an admin: everyone's)."""
    return [_out(session, sub, user) for sub in access.managed(session, Subscription, user)]


def get_subscription(session: Session, user: User, sub_id: int) -> SubscriptionOut:
    return _out(session, access.one_managed(session, Subscription, user, sub_id), user)


def create_subscription(
    session: Session, *, user: User, data: SubscriptionIn, actor: Actor
) -> SubscriptionOut:
    """Subscribe recipients to a view the caller may see."""
    view = access.visible_view(session, user, data.view_id)
    sub = Subscription(
        owner_id=user.id,
        view_id=view.id,
        recipients=access.recipient_ids(session, user, data.recipients, view),
        frequency=data.frequency,
        time_of_day=data.time,
        timezone=data.timezone,
        weekday=data.weekday,
        month_day=data.month_day,
        enabled=data.enabled,
    )
    _reschedule(sub, datetime.now(UTC))
    session.add(sub)
    session.flush()
    event = AuditEvent(Action.subscription_create, "subscription", sub.id, diff({}, _snapshot(sub)))
    chain.record(session, event, actor)
    return _out(session, sub, user)


def update_subscription(
    session: Session, *, user: User, sub_id: int, data: SubscriptionPatch, actor: Actor
) -> SubscriptionOut:
    """Change the schedule, recipients or pause it."""
    sub = access.one_managed(session, Subscription, user, sub_id)
    before = _snapshot(sub)
    view = session.get(SavedView, sub.view_id)
    if view is None:  # pragma: no cover - the view's deletion deletes its subscriptions
        raise NotFound("The view of this subscription is gone.")
    if data.recipients is not None:
        sub.recipients = access.recipient_ids(session, user, data.recipients, view)
    for field, column in (
        ("frequency", "frequency"),
        ("time", "time_of_day"),
        ("timezone", "timezone"),
        ("weekday", "weekday"),
        ("month_day", "month_day"),
        ("enabled", "enabled"),
    ):
        value = getattr(data, field)
        if value is not None:
            setattr(sub, column, value)
    _reschedule(sub, datetime.now(UTC))
    session.flush()
    changes = diff(before, _snapshot(sub))
    chain.record(
        session, AuditEvent(Action.subscription_update, "subscription", sub.id, changes), actor
    )
    return _out(session, sub, user)


def delete_subscription(session: Session, *, user: User, sub_id: int, actor: Actor) -> None:
    sub = access.one_managed(session, Subscription, user, sub_id)
    before = _snapshot(sub)
    session.delete(sub)
    event = AuditEvent(Action.subscription_delete, "subscription", sub_id, diff(before, {}))
    chain.record(session, event, actor)


def check_send(session: Session, *, user: User, sub_id: int) -> int:
    """The subscription the caller may send now (its owner or an admin)."""
    sub = access.one_managed(session, Subscription, user, sub_id)
    if not sub.recipients:
        raise Forbidden("This subscription has no recipients.", code="no_recipients")
    return sub.id
