"""/api/qbusiness: ask the assistant a question; which backend answers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, status

from elara.assistant import builtin, conversations, names, qbusiness, service
from elara.assistant.ratelimit import QuestionLimiter
from elara.assistant.schemas import (
    AssistantConfig,
    ChatIn,
    ChatOut,
    CompanyNameIn,
    CompanyNameOut,
    ConversationOut,
)
from elara.auth.deps import ActorDep, require
from elara.auth.permissions import Permission
from elara.core.deps import ReadSessionDep, SessionDep, StateDep
from elara.core.errors import NotFound
from elara.dashboard import cache as dashboard_cache
from elara.models import User, utcnow

router = APIRouter(prefix="/api/qbusiness", tags=["assistant"])
admin_router = APIRouter(prefix="/api/assistant", tags=["assistant"])

AssistantUser = Annotated[User, Depends(require(Permission.assistant_use))]
SettingsAdmin = Annotated[User, Depends(require(Permission.settings_manage))]
ConversationPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,64}$")]
CompanyCode = Annotated[str, Path(min_length=1, max_length=64)]


def get_today() -> date:
    """Today's date, the anchor of relative periods (overridden in tests)."""
    return date.today()


def _limiter(request: Request, state: StateDep) -> QuestionLimiter:
    limiter = getattr(request.app.state, "assistant_limiter", None)
    if limiter is None:
        limiter = QuestionLimiter(state.settings)
        request.app.state.assistant_limiter = limiter
    return limiter


def _client(request: Request, state: StateDep) -> Any:
    """The app's Q Business client, built on first use."""
    client = getattr(request.app.state, "qbusiness_client", None)
    if client is None:
        client = qbusiness.build_client(state.settings)
        request.app.state.qbusiness_client = client
    return client


@router.post("/chat")
def chat(
    body: ChatIn,
    user: AssistantUser,
    actor: ActorDep,
    session: SessionDep,
    reader: ReadSessionDep,
    state: StateDep,
    request: Request,
    today: Annotated[date, Depends(get_today)],
) -> ChatOut:
    """Answer a question about the user's own data (or pass it to Amazon Q Business)."""
    _limiter(request, state).hit(user.id)
    return service.chat(
        session,
        reader=reader,
        user=user,
        actor=actor,
        body=body,
        settings=state.settings,
        today=today,
        client=lambda: _client(request, state),
        cache=dashboard_cache.for_state(state),
    )


@router.get("/config")
def get_config(_: AssistantUser, state: StateDep) -> AssistantConfig:
    """Which assistant answers, and the Q Business web experience to embed if any."""
    return service.config(state.settings)


@router.get("/conversations/{conversation_id}")
def get_conversation(
    conversation_id: ConversationPath, user: AssistantUser, session: SessionDep
) -> ConversationOut:
    """The signed-in user's own conversation with the built-in assistant (its last turns)."""
    return builtin.conversation(session, user=user, conversation_id=conversation_id, now=utcnow())


@router.delete("/conversations/{conversation_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_conversation(
    conversation_id: ConversationPath, user: AssistantUser, session: SessionDep
) -> None:
    """Forget one of the signed-in user's conversations."""
    if not conversations.forget(session, user_id=user.id, conversation_id=conversation_id):
        raise NotFound("No such conversation.")


@admin_router.get("/company-names")
def list_company_names(_: SettingsAdmin, session: SessionDep) -> list[CompanyNameOut]:
    """The display names given to company codes."""
    return names.list_names(session)


@admin_router.put("/company-names/{code}")
def put_company_name(
    code: CompanyCode, body: CompanyNameIn, _: SettingsAdmin, actor: ActorDep, session: SessionDep
) -> CompanyNameOut:
    """Give a company code a display name (the assistant matches it like the code)."""
    return names.put_name(session, code=code, name=body.name, actor=actor)


@admin_router.delete("/company-names/{code}", status_code=status.HTTP_204_NO_CONTENT)
def delete_company_name(
    code: CompanyCode, _: SettingsAdmin, actor: ActorDep, session: SessionDep
) -> None:
    """Remove a company's display name."""
    names.delete_name(session, code=code, actor=actor)
