"""/api/views: named dashboard filters, private or shared, and each user's default view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from elara.auth.deps import ActorDep
from elara.auth.deps import require as require_permission
from elara.auth.permissions import Permission
from elara.core.deps import SessionDep
from elara.core.schemas import EntityId
from elara.models import User
from elara.views import service
from elara.views.schemas import DefaultIn, ViewIn, ViewOut, ViewPatch

router = APIRouter(prefix="/api/views", tags=["views"])

Reader = Annotated[User, Depends(require_permission(Permission.dashboard_read))]


@router.get("")
def list_views(user: Reader, session: SessionDep) -> list[ViewOut]:
    """One's own views and everyone's shared ones; `is_default` marks the one the dashboard
    opens with."""
    return service.list_views(session, user)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_view(body: ViewIn, user: Reader, actor: ActorDep, session: SessionDep) -> ViewOut:
    """Save the dashboard's filters under a name; `shared` lists it for everyone."""
    return service.create_view(session, user, body, actor)


@router.put("/default", status_code=status.HTTP_204_NO_CONTENT)
def set_default(body: DefaultIn, user: Reader, actor: ActorDep, session: SessionDep) -> Response:
    """The view one's dashboard opens with (`view_id: null` for none)."""
    service.set_default(session, user, body.view_id, actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{view_id}")
def get_view(view_id: EntityId, user: Reader, session: SessionDep) -> ViewOut:
    return service.get_view(session, user, view_id)


@router.patch("/{view_id}")
def update_view(
    view_id: EntityId, body: ViewPatch, user: Reader, actor: ActorDep, session: SessionDep
) -> ViewOut:
    """Rename, change the filters of, or (un)share one's view (admins: any visible view)."""
    return service.update_view(session, user, view_id, body, actor)


@router.delete("/{view_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_view(view_id: EntityId, user: Reader, actor: ActorDep, session: SessionDep) -> Response:
    service.delete_view(session, user, view_id, actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
