"""/api/users: admins list, create, change, deactivate users and reset their passwords."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import StringConstraints

from elara.auth.deps import ActorDep, RequireAdmin
from elara.auth.schemas import UserOut
from elara.core.deps import SessionDep, StateDep
from elara.core.schemas import EntityId, Page, PageNumber, PageSize
from elara.models import Role
from elara.users import repository, service
from elara.users.schemas import PasswordResetByAdmin, UserCreate, UserCreated, UserUpdate

router = APIRouter(prefix="/api/users", tags=["users"])

SearchText = Annotated[str, StringConstraints(max_length=200)]


@router.get("")
def list_users(
    _: RequireAdmin,
    session: SessionDep,
    q: Annotated[SearchText | None, Query()] = None,
    role: Role | None = None,
    active: bool | None = None,
    page: Annotated[PageNumber, Query()] = 1,
    page_size: Annotated[PageSize, Query()] = 50,
) -> Page[UserOut]:
    """A page of users, searchable by email or name."""
    users, total = repository.search_users(
        session, text=q, role=role, active=active, offset=(page - 1) * page_size, limit=page_size
    )
    items = [UserOut.model_validate(user) for user in users]
    return Page[UserOut](items=items, total=total, page=page, page_size=page_size)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_user(
    body: UserCreate, _: RequireAdmin, actor: ActorDep, session: SessionDep, state: StateDep
) -> UserCreated:
    """Create a user; a generated password is returned once when none was given."""
    user, generated = service.create_user(session, state, data=body, actor=actor)
    return UserCreated(user=UserOut.model_validate(user), temporary_password=generated)


@router.get("/{user_id}")
def get_user(user_id: EntityId, _: RequireAdmin, session: SessionDep) -> UserOut:
    """One user."""
    return UserOut.model_validate(service.get_user(session, user_id))


@router.patch("/{user_id}")
def update_user(
    user_id: EntityId, body: UserUpdate, _: RequireAdmin, actor: ActorDep, session: SessionDep
) -> UserOut:
    """Change a user's name, role, active flag or allowed companies."""
    return UserOut.model_validate(
        service.update_user(session, user_id=user_id, data=body, actor=actor)
    )


@router.delete("/{user_id}")
def deactivate_user(
    user_id: EntityId, _: RequireAdmin, actor: ActorDep, session: SessionDep
) -> UserOut:
    """Deactivate a user (records and audit history are kept)."""
    return UserOut.model_validate(service.deactivate_user(session, user_id=user_id, actor=actor))


@router.post("/{user_id}/reset-password")
def reset_password(
    user_id: EntityId,
    body: PasswordResetByAdmin,
    _: RequireAdmin,
    actor: ActorDep,
    session: SessionDep,
    state: StateDep,
) -> UserCreated:
    """Set or generate a new password for a user and end all their sessions."""
    generated = service.reset_password(
        session, state, user_id=user_id, password=body.password, actor=actor
    )
    user = service.get_user(session, user_id)
    return UserCreated(user=UserOut.model_validate(user), temporary_password=generated)
