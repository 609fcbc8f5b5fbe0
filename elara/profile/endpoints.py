"""/api/profile: every signed-in user's own account."""

from __future__ import annotations

from fastapi import APIRouter

from elara.auth import repository as auth_repository
from elara.auth.deps import ActorDep, ClaimsDep, ProfileUser
from elara.auth.schemas import MessageOut, TokenOut, UserOut
from elara.core.deps import SessionDep, StateDep
from elara.core.schemas import EntityId
from elara.models import utcnow
from elara.profile import service
from elara.profile.schemas import PasswordChange, ProfileUpdate, SessionOut

router = APIRouter(prefix="/api/profile", tags=["profile"])


@router.get("")
def read_profile(user: ProfileUser) -> UserOut:
    """The signed-in user's profile."""
    return UserOut.model_validate(user)


@router.patch("")
def update_profile(
    body: ProfileUpdate, user: ProfileUser, actor: ActorDep, session: SessionDep, state: StateDep
) -> UserOut:
    """Change one's name or email (a new email needs the current password)."""
    return UserOut.model_validate(
        service.update_profile(session, state, user=user, data=body, actor=actor)
    )


@router.post("/password")
def change_password(
    body: PasswordChange,
    user: ProfileUser,
    claims: ClaimsDep,
    actor: ActorDep,
    session: SessionDep,
    state: StateDep,
) -> TokenOut:
    """Change one's password; other devices are signed out and a fresh token is returned."""
    service.change_password(
        session, state, user=user, data=body, current_family=claims.session_family, actor=actor
    )
    access, _ = state.tokens.issue(
        user_id=user.id, role=user.role, session_family=claims.session_family
    )
    expires_in = int(state.tokens.lifetime.total_seconds())
    return TokenOut(access_token=access, expires_in=expires_in, user=UserOut.model_validate(user))


@router.get("/sessions")
def list_sessions(user: ProfileUser, claims: ClaimsDep, session: SessionDep) -> list[SessionOut]:
    """One's signed-in devices, the current one marked."""
    rows = auth_repository.active_sessions(session, user.id, now=utcnow())
    return [
        SessionOut.model_validate(row).model_copy(
            update={"current": row.family_id == claims.session_family}
        )
        for row in rows
    ]


@router.delete("/sessions/{session_id}")
def revoke_session(
    session_id: EntityId, user: ProfileUser, actor: ActorDep, session: SessionDep
) -> MessageOut:
    """Sign one of one's devices out."""
    service.revoke_session(session, user=user, session_id=session_id, actor=actor)
    return MessageOut(message="Session revoked.")
