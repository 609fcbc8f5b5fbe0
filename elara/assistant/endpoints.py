"""/api/qbusiness: ask the assistant a question; which backend answers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from elara.assistant import qbusiness, service
from elara.assistant.ratelimit import QuestionLimiter
from elara.assistant.schemas import AssistantConfig, ChatIn, ChatOut
from elara.auth.deps import ActorDep, require
from elara.auth.permissions import Permission
from elara.core.deps import SessionDep, StateDep
from elara.models import User

router = APIRouter(prefix="/api/qbusiness", tags=["assistant"])

AssistantUser = Annotated[User, Depends(require(Permission.assistant_use))]


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
    state: StateDep,
    request: Request,
    today: Annotated[date, Depends(get_today)],
) -> ChatOut:
    """Answer a question about the user's own data (or pass it to Amazon Q Business)."""
    _limiter(request, state).hit(user.id)
    return service.chat(
        session,
        user=user,
        actor=actor,
        body=body,
        settings=state.settings,
        today=today,
        client=lambda: _client(request, state),
    )


@router.get("/config")
def get_config(_: AssistantUser, state: StateDep) -> AssistantConfig:
    """Which assistant answers, and the Q Business web experience to embed if any."""
    return service.config(state.settings)
