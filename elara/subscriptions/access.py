"""Who may receive what: recipients are active Elara users who may see the view, and each
one's row-level access narrows the filters before anything is computed for them."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from elara.auth.permissions import Permission, has_permission
from elara.core.errors import Forbidden, InvalidInput, NotFound
from elara.dashboard.filters import Filters, make_filters
from elara.models import AlertRule, Role, SavedView, Subscription, User

# What a user owns and manages (an admin: everyone's).
Owned = TypeVar("Owned", AlertRule, Subscription)
_NAMES: dict[type[Any], str] = {AlertRule: "alert", Subscription: "subscription"}


def visible_view(session: Session, user: User, view_id: int) -> SavedView:
    """A view the user owns or that is shared (404 otherwise)."""
    view = session.scalar(
        select(SavedView).where(
            SavedView.id == view_id, or_(SavedView.owner_id == user.id, SavedView.shared)
        )
    )
    if view is None:
        raise NotFound("There is no such view, or it is not shared with you.")
    return view


def may_see_view(user: User, view: SavedView | None) -> bool:
    return view is None or view.shared or view.owner_id == user.id


def users_by_email(session: Session, emails: list[str]) -> list[User]:
    """The active users with these addresses, in the given order; anyone else is a 422."""
    found = {u.email: u for u in session.scalars(select(User).where(User.email.in_(set(emails))))}
    missing = [e for e in dict.fromkeys(emails) if e not in found or not found[e].is_active]
    if missing:
        raise InvalidInput(
            "Every recipient must be an active Elara user.",
            code="unknown_recipient",
            details=[
                {"field": "recipients", "message": f"{e} is not an active Elara user"}
                for e in missing[:20]
            ],
        )
    return [found[e] for e in dict.fromkeys(emails)]


def check_recipients(caller: User, recipients: list[User], view: SavedView | None) -> None:
    """Others as recipients need `subscriptions:share`; every recipient must see the view."""
    others = [r for r in recipients if r.id != caller.id]
    if others and not has_permission(caller.role, Permission.subscriptions_share):
        raise Forbidden(
            "Your role may send subscriptions and alerts only to yourself.",
            code="recipients_not_allowed",
        )
    blind = [r.email for r in recipients if not may_see_view(r, view)]
    if blind:
        raise InvalidInput(
            "Some recipients may not see this view; share it first.",
            code="recipient_cannot_see_view",
            details=[
                {"field": "recipients", "message": f"{e} may not see this view"} for e in blind[:20]
            ],
        )


def recipient_users(session: Session, ids: list[int]) -> list[User]:
    """The stored recipients that are still active users (deleted ones drop out)."""
    if not ids:
        return []
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(set(ids))))}
    return [users[i] for i in ids if i in users and users[i].is_active]


def emails_of(session: Session, ids: list[int]) -> list[str]:
    users = {u.id: u.email for u in session.scalars(select(User).where(User.id.in_(set(ids))))}
    return [users[i] for i in ids if i in users]


def manageable(user: User, owner_id: int) -> bool:
    return owner_id == user.id or user.role == Role.admin.value


def managed(session: Session, model: type[Owned], user: User) -> list[Owned]:
    """One's own subscriptions or alerts (an admin: everyone's), in the order made."""
    query = select(model).order_by(model.id)
    if user.role != Role.admin.value:
        query = query.where(model.owner_id == user.id)
    return list(session.scalars(query))


def one_managed(session: Session, model: type[Owned], user: User, item_id: int) -> Owned:
    """A subscription or alert the user owns, or any for an admin (404 otherwise)."""
    item = session.get(model, item_id)
    if item is None or not manageable(user, item.owner_id):
        raise NotFound(f"There is no such {_NAMES[model]}, or it is not yours.")
    return item


def recipient_ids(
    session: Session, user: User, emails: list[str] | None, view: SavedView | None
) -> list[int]:
    """The users named by address (the caller when none is), checked as recipients."""
    users = users_by_email(session, emails) if emails else [user]
    check_recipients(user, users, view)
    return [u.id for u in users]


def narrowed(raw: dict[str, Any], user: User) -> tuple[dict[str, Any], bool]:
    """Stored filters as `user` may apply them: companies outside their access dropped."""
    allowed = set(user.allowed_companies or [])
    named = list(raw.get("companies") or [])
    if not allowed or not named:
        return raw, False
    kept = [code for code in named if code in allowed]
    return {**raw, "companies": kept}, len(kept) < len(named)


def filters_for(raw: dict[str, Any], user: User) -> Filters | None:
    """The dashboard filters of stored view filters for one user; None when the view names
    only companies the user may not see (they see nothing of it)."""
    scoped, cut = narrowed(raw, user)
    if cut and not scoped.get("companies"):
        return None
    return make_filters(
        dataset_ids=[int(i) for i in scoped.get("datasets") or []],
        companies=list(scoped.get("companies") or []),
        date_from=_date(scoped.get("from")),
        date_to=_date(scoped.get("to")),
        accounts=list(scoped.get("accounts") or []),
        categories=list(scoped.get("categories") or []),
        scenario=scoped.get("scenario"),
        # Dimensions only narrow: the user's own scope still applies to what is left.
        dimensions=[
            f"{name}={value}"
            for name, values in dict(scoped.get("dims") or {}).items()
            for value in values
        ],
    )


def _date(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None
