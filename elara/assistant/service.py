"""One question: pick the backend, answer within the user's scope, audit it (not the numbers)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from elara.assistant import builtin, qbusiness
from elara.assistant.schemas import AssistantConfig, ChatIn, ChatOut
from elara.audit import chain
from elara.audit.events import Action, Actor, AuditEvent
from elara.core.config import Settings
from elara.dashboard.cache import Cache
from elara.models import User, utcnow


def config(settings: Settings) -> AssistantConfig:
    """Which backend answers and what the web app may embed."""
    return AssistantConfig(
        backend="qbusiness" if settings.qbusiness_enabled else "builtin",
        embed_url=settings.qbusiness_web_experience_url,
        embed_origin=qbusiness.embed_origin(settings),
        region=settings.qbusiness_region if settings.qbusiness_enabled else None,
        rate_limit=settings.assistant_rate_limit,
    )


def _audit(
    session: Session,
    actor: Actor,
    *,
    question: str,
    backend: str,
    answered: bool,
    error: str | None = None,
) -> None:
    """The question and whether it was answered; never the numbers of the answer."""
    extra: dict[str, Any] = {"question": question, "answered": answered, "backend": backend}
    if error:
        extra["error"] = error
    event = AuditEvent(
        Action.assistant_question,
        "assistant",
        None,
        outcome="failure" if error else "success",
        extra=extra,
    )
    chain.record(session, event, actor)


def chat(
    session: Session,
    *,
    reader: Session | None = None,
    user: User,
    actor: Actor,
    body: ChatIn,
    settings: Settings,
    today: date,
    client: Callable[[], Any],
    cache: Cache | None = None,
) -> ChatOut:
    """Answer one question with Q Business when configured, else the built-in assistant; the
    figures are read through `reader` (a replica) when given, the conversation on `session`,
    answers shared through the app's dashboard `cache`."""
    if settings.qbusiness_enabled:
        return _ask_qbusiness(
            session, user=user, actor=actor, body=body, settings=settings, client=client
        )
    out = builtin.chat(
        session,
        reader=reader,
        user=user,
        question=body.question,
        conversation_id=body.conversation_id,
        today=today,
        now=utcnow(),
        cache=cache,
    )
    _audit(session, actor, question=body.question, backend="builtin", answered=out.understood)
    return out


def _ask_qbusiness(
    session: Session,
    *,
    user: User,
    actor: Actor,
    body: ChatIn,
    settings: Settings,
    client: Callable[[], Any],
) -> ChatOut:
    try:
        reply = qbusiness.ask(
            client(),
            application_id=settings.qbusiness_application_id or "",
            user_id=user.email,
            question=body.question,
            conversation_id=body.conversation_id,
            parent_message_id=body.parent_message_id,
        )
    except qbusiness.QBusinessError as exc:
        _audit(
            session,
            actor,
            question=body.question,
            backend="qbusiness",
            answered=False,
            error=exc.code,
        )
        raise
    _audit(session, actor, question=body.question, backend="qbusiness", answered=True)
    return ChatOut(
        backend="qbusiness",
        conversation_id=reply.conversation_id or body.conversation_id or "",
        parent_message_id=reply.parent_message_id,
        understood=True,
        answer=reply.text,
        sources=reply.sources,
    )
