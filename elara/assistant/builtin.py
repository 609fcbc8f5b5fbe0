"""The built-in analyst behind `POST /api/qbusiness/chat`: one turn of a conversation kept in
the database, answered from the dashboard service for the signed-in user."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from elara.assistant import analyst, conversations
from elara.assistant.analyst import Context, Reply
from elara.assistant.ledger import Ledger
from elara.assistant.names import company_names
from elara.assistant.schemas import (
    AnswerFigure,
    AnswerMetric,
    AnswerPeriod,
    AnswerScope,
    Chart,
    ChatOut,
    CompanyRef,
    ConversationOut,
)
from elara.core.errors import NotFound
from elara.core.money import cents_text
from elara.dashboard.cache import Cache
from elara.finance.fiscal import fiscal_year_start
from elara.models import User


def context(session: Session, user: User, *, today: date, cache: Cache | None) -> Context:
    """What this user's questions are read against: only the companies they may see."""
    return analyst.context(
        Ledger(session, user, cache=cache),
        names=company_names(session),
        today=today,
        fiscal_start=fiscal_year_start(session),
    )


def chat(
    session: Session,
    *,
    reader: Session | None = None,
    user: User,
    question: str,
    conversation_id: str | None,
    today: date,
    now: datetime,
    cache: Cache | None,
) -> ChatOut:
    """One turn: read the question with the conversation so far, answer, remember."""
    row = conversations.load(session, user_id=user.id, conversation_id=conversation_id, now=now)
    ctx = context(reader or session, user, today=today, cache=cache)
    reply, state = analyst.ask(question, ctx, row.state if row else None)
    out = to_chat_out(reply, ctx, question=question, conversation_id="")
    turn = out.model_dump(mode="json", exclude={"conversation_id"})
    row = conversations.save(session, user_id=user.id, row=row, state=state, turn=turn, now=now)
    return out.model_copy(update={"conversation_id": row.id})


def conversation(
    session: Session, *, user: User, conversation_id: str, now: datetime
) -> ConversationOut:
    """The user's own conversation, to show again after a reload."""
    row = conversations.load(session, user_id=user.id, conversation_id=conversation_id, now=now)
    if row is None:
        raise NotFound("No such conversation.")
    turns = [ChatOut.model_validate({**t, "conversation_id": row.id}) for t in row.turns]
    return ConversationOut(conversation_id=row.id, turns=turns)


def _text(value: Decimal | None) -> str | None:
    return cents_text(value) if value is not None else None


def _label(ctx: Context, key: str, label: str) -> str:
    return ctx.directory.label(key) if key in ctx.directory.names else label


def _ref(ctx: Context, code: str) -> CompanyRef:
    return CompanyRef(code=code, name=ctx.directory.names.get(code) or code)


def to_chat_out(reply: Reply, ctx: Context, *, question: str, conversation_id: str) -> ChatOut:
    """The reply as the API's answer: text, scope, periods, metric, figures, chart, filters."""
    unit = "%" if reply.metric and reply.metric.percent else (reply.currency or "")
    figures = [
        AnswerFigure(
            key=f.key,
            label=_metric_label(f.metric, _label(ctx, f.key, f.label))
            + (f" ({f.currency})" if f.currency else ""),
            value=cents_text(f.value) if f.value is not None else None,
            unit="%" if f.percent else (f.currency or reply.currency or ""),
            earlier=_text(f.ends[0]) if f.ends else None,
            later=_text(f.ends[1]) if f.ends else None,
        )
        for f in reply.figures
    ]
    plan = reply.plan
    periods = []
    if plan is not None:
        for p in plan.periods or ((plan.period,) if plan.period else ()):
            periods.append(AnswerPeriod(label=p.label, date_from=p.start, date_to=p.end))
    return ChatOut(
        backend="builtin",
        conversation_id=conversation_id,
        question=question,
        kind=reply.kind,
        understood=reply.kind == "answer",
        answer=reply.text,
        computed=_computed(reply, periods),
        scope=AnswerScope(label=reply.scope_label, companies=[_ref(ctx, c) for c in reply.scope])
        if reply.kind == "answer"
        else None,
        periods=periods,
        metric=AnswerMetric(
            name=reply.metric.name, label=reply.metric.label, definition=reply.definition, unit=unit
        )
        if reply.metric
        else None,
        figures=figures,
        candidates=[_ref(ctx, c) for c in reply.candidates],
        chart=_chart(reply, figures),
        filters=reply.filters,
        values=[
            {
                "label": f.label,
                "value": f.value,
                "currency": reply.currency if f.unit == "%" else f.unit or None,
                "unit": "percent" if f.unit == "%" else "money",
            }
            for f in figures
        ],
        suggestions=reply.suggestions,
    )


def _metric_label(metric: str | None, label: str) -> str:
    """A figure of an answer giving several metrics names its metric ("Revenue: Acme Corp")."""
    return f"{metric}: {label}" if metric and metric != label else label


def _computed(reply: Reply, periods: list[AnswerPeriod]) -> str | None:
    if reply.kind != "answer":
        return None
    when = "; ".join(f"{p.label} ({p.date_from} to {p.date_to})" for p in periods)
    scope = reply.scope_label.rstrip(".")  # "Harbor Lights Inc." ends its own sentence
    return f"Scope: {scope}. Period: {when}. Metric: {reply.definition}."


def _chart(reply: Reply, figures: list[AnswerFigure]) -> Chart | None:
    plan = reply.plan
    if reply.kind != "answer" or plan is None or not figures:
        return None
    kind = "line" if plan.op == "series" else "bar"
    label = reply.metric.label if reply.metric else ""
    data: dict[str, Any] = {
        "type": kind,
        "labels": [f.label for f in figures],
        "datasets": [{"label": label, "data": [f.value for f in figures]}],
    }
    return Chart.model_validate(data)
