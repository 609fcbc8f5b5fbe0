"""/api/subscriptions and /api/alerts: thin routes over the subscription and alert services."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from elara.auth.deps import ActorDep
from elara.auth.deps import require as require_permission
from elara.auth.permissions import Permission
from elara.core.after_commit import on_commit
from elara.core.deps import SessionDep, StateDep
from elara.core.schemas import EntityId
from elara.email.mailer import send_in_background
from elara.models import User
from elara.subscriptions import alerts, service
from elara.subscriptions.delivery import send_subscription
from elara.subscriptions.schemas import (
    AlertIn,
    AlertOut,
    AlertPatch,
    AlertTestOut,
    SendOut,
    SubscriptionIn,
    SubscriptionOut,
    SubscriptionPatch,
)

router = APIRouter(tags=["subscriptions"])

Subscriber = Annotated[User, Depends(require_permission(Permission.subscriptions_write))]


@router.get("/api/subscriptions")
def list_subscriptions(user: Subscriber, session: SessionDep) -> list[SubscriptionOut]:
    """One's own subscriptions (an admin sees everyone's)."""
    return service.list_subscriptions(session, user)


@router.post("/api/subscriptions", status_code=status.HTTP_201_CREATED)
def create_subscription(
    body: SubscriptionIn, user: Subscriber, actor: ActorDep, session: SessionDep
) -> SubscriptionOut:
    """Email a saved view on a schedule to users who may see it."""
    return service.create_subscription(session, user=user, data=body, actor=actor)


@router.get("/api/subscriptions/{sub_id}")
def get_subscription(sub_id: EntityId, user: Subscriber, session: SessionDep) -> SubscriptionOut:
    """One subscription (its owner or an admin)."""
    return service.get_subscription(session, user, sub_id)


@router.patch("/api/subscriptions/{sub_id}")
def update_subscription(
    sub_id: EntityId,
    body: SubscriptionPatch,
    user: Subscriber,
    actor: ActorDep,
    session: SessionDep,
) -> SubscriptionOut:
    """Change the schedule or recipients, or pause it."""
    return service.update_subscription(session, user=user, sub_id=sub_id, data=body, actor=actor)


@router.delete("/api/subscriptions/{sub_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_subscription(
    sub_id: EntityId, user: Subscriber, actor: ActorDep, session: SessionDep
) -> Response:
    """Stop and remove a subscription."""
    service.delete_subscription(session, user=user, sub_id=sub_id, actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/api/subscriptions/{sub_id}/send", status_code=status.HTTP_202_ACCEPTED)
def send_now(
    sub_id: EntityId, user: Subscriber, actor: ActorDep, session: SessionDep, state: StateDep
) -> SendOut:
    """Send the report now (on the mail threads, after this request commits)."""
    checked = service.check_send(session, user=user, sub_id=sub_id)
    on_commit(session, lambda: send_in_background(send_subscription, state, checked, actor=actor))
    return SendOut(queued=True)


@router.get("/api/alerts")
def list_alerts(user: Subscriber, session: SessionDep) -> list[AlertOut]:
    """One's own alerts (an admin sees everyone's)."""
    return alerts.list_alerts(session, user)


@router.post("/api/alerts", status_code=status.HTTP_201_CREATED)
def create_alert(
    body: AlertIn, user: Subscriber, actor: ActorDep, session: SessionDep, state: StateDep
) -> AlertOut:
    """A threshold on a dashboard KPI of a saved view or of filters."""
    out = alerts.create_alert(session, user=user, data=body, actor=actor)
    on_commit(session, lambda: state.events.publish({"type": "alerts.changed"}))
    return out


@router.get("/api/alerts/{rule_id}")
def get_alert(rule_id: EntityId, user: Subscriber, session: SessionDep) -> AlertOut:
    """One alert (its owner or an admin)."""
    return alerts.get_alert(session, user, rule_id)


@router.patch("/api/alerts/{rule_id}")
def update_alert(
    rule_id: EntityId,
    body: AlertPatch,
    user: Subscriber,
    actor: ActorDep,
    session: SessionDep,
    state: StateDep,
) -> AlertOut:
    """Change the rule or its recipients, or pause it."""
    out = alerts.update_alert(session, user=user, rule_id=rule_id, data=body, actor=actor)
    on_commit(session, lambda: state.events.publish({"type": "alerts.changed"}))
    return out


@router.delete("/api/alerts/{rule_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_alert(
    rule_id: EntityId, user: Subscriber, actor: ActorDep, session: SessionDep
) -> Response:
    """Remove an alert."""
    alerts.delete_alert(session, user=user, rule_id=rule_id, actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/api/alerts/{rule_id}/test")
def test_alert(
    rule_id: EntityId, user: Subscriber, actor: ActorDep, session: SessionDep, state: StateDep
) -> AlertTestOut:
    """Check the rule now in one's own scope and email oneself the result."""
    return alerts.try_alert(
        session, settings=state.settings, user=user, rule_id=rule_id, actor=actor
    )
