"""Saving, listing, renaming, sharing and deleting dashboard views; each user's default.

A user lists their own views and everyone's shared ones. Only the owner (or an admin) changes
or deletes a view. A view is only filters: applying it runs the dashboard under the viewer's
own row-level access, so sharing never widens what anyone sees.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent, diff
from elara.core.errors import Conflict, Forbidden, NotFound
from elara.models import DefaultView, Role, SavedView, User
from elara.views.schemas import ViewIn, ViewOut, ViewPatch


def _stored_filters(view: ViewIn | ViewPatch) -> dict[str, object]:
    assert view.filters is not None  # nosec B101
    return view.filters.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def _scoped(filters: dict[str, Any], user: User) -> tuple[dict[str, Any], bool]:
    """The filters as this user may apply them: companies outside their row-level access are
    dropped (the dashboard refuses them), and whether any were."""
    allowed = set(user.allowed_companies or [])
    named = list(filters.get("companies") or [])
    if not allowed or not named:
        return filters, False
    kept = [code for code in named if code in allowed]
    return {**filters, "companies": kept}, len(kept) < len(named)


def _out(view: SavedView, owner: str, *, user: User, default_id: int | None) -> ViewOut:
    filters, narrowed = _scoped(dict(view.filters or {}), user)
    return ViewOut(
        id=view.id,
        name=view.name,
        filters=filters,
        narrowed=narrowed,
        shared=view.shared,
        mine=view.owner_id == user.id,
        owner=owner,
        is_default=view.id == default_id,
        updated_at=view.updated_at,
    )


def _default_id(session: Session, user: User) -> int | None:
    row = session.get(DefaultView, user.id)
    return row.view_id if row else None


def _visible(session: Session, user: User, view_id: int) -> tuple[SavedView, str]:
    row = session.execute(
        select(SavedView, User.email)
        .join(User, User.id == SavedView.owner_id)
        .where(SavedView.id == view_id, or_(SavedView.owner_id == user.id, SavedView.shared))
    ).first()
    if row is None:
        raise NotFound("There is no such view, or it is not shared with you.")
    return row[0], row[1]


def _editable(session: Session, user: User, view_id: int) -> tuple[SavedView, str]:
    view, owner = _visible(session, user, view_id)
    if view.owner_id != user.id and user.role != Role.admin.value:
        raise Forbidden("Only the person who saved this view (or an admin) can change it.")
    return view, owner


def _name_free(session: Session, owner_id: int, name: str, except_id: int | None = None) -> None:
    query = select(SavedView.id).where(SavedView.owner_id == owner_id, SavedView.name == name)
    if except_id is not None:
        query = query.where(SavedView.id != except_id)
    if session.execute(query).first() is not None:
        raise Conflict(f"You already have a view called “{name}”.", code="view_name_taken")


def list_views(session: Session, user: User) -> list[ViewOut]:
    """The user's own views and everyone's shared ones, by name."""
    rows = session.execute(
        select(SavedView, User.email)
        .join(User, User.id == SavedView.owner_id)
        .where(or_(SavedView.owner_id == user.id, SavedView.shared))
        .order_by(SavedView.name, SavedView.id)
    ).all()
    default_id = _default_id(session, user)
    return [_out(view, owner, user=user, default_id=default_id) for view, owner in rows]


def get_view(session: Session, user: User, view_id: int) -> ViewOut:
    view, owner = _visible(session, user, view_id)
    return _out(view, owner, user=user, default_id=_default_id(session, user))


def create_view(session: Session, user: User, data: ViewIn, actor: Actor) -> ViewOut:
    """Save the current filters under a name (unique among the user's own views)."""
    _name_free(session, user.id, data.name)
    view = SavedView(
        owner_id=user.id, name=data.name, filters=_stored_filters(data), shared=data.shared
    )
    session.add(view)
    session.flush()
    after = {"name": view.name, "shared": view.shared, "filters": view.filters}
    chain.record(session, AuditEvent(Action.view_create, "view", view.id, diff({}, after)), actor)
    return _out(view, user.email, user=user, default_id=_default_id(session, user))


def update_view(
    session: Session, user: User, view_id: int, data: ViewPatch, actor: Actor
) -> ViewOut:
    """Rename, re-filter or (un)share a view."""
    view, owner = _editable(session, user, view_id)
    before = {"name": view.name, "shared": view.shared, "filters": view.filters}
    if data.name is not None and data.name != view.name:
        _name_free(session, view.owner_id, data.name, except_id=view.id)
        view.name = data.name
    if data.filters is not None:
        view.filters = _stored_filters(data)
    if data.shared is not None:
        view.shared = data.shared
    session.flush()
    after = {"name": view.name, "shared": view.shared, "filters": view.filters}
    chain.record(
        session, AuditEvent(Action.view_update, "view", view.id, diff(before, after)), actor
    )
    return _out(view, owner, user=user, default_id=_default_id(session, user))


def delete_view(session: Session, user: User, view_id: int, actor: Actor) -> None:
    view, _ = _editable(session, user, view_id)
    before = {"name": view.name, "shared": view.shared}
    session.delete(view)
    chain.record(session, AuditEvent(Action.view_delete, "view", view_id, diff(before, {})), actor)


def set_default(session: Session, user: User, view_id: int | None, actor: Actor) -> None:
    """The view the user's dashboard opens with; None opens it unfiltered."""
    current = session.get(DefaultView, user.id)
    if view_id is not None:
        _visible(session, user, view_id)
    if current is not None:
        session.delete(current)
        session.flush()
    if view_id is not None:
        session.add(DefaultView(user_id=user.id, view_id=view_id))
    event = AuditEvent(Action.view_default, "view", view_id, {"default": {"after": view_id}})
    chain.record(session, event, actor)
