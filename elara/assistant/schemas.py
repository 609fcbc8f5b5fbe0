"""Request and response bodies of /api/qbusiness."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from elara.core.schemas import InputModel, OutputModel

MAX_QUESTION = 1000
ConversationId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,64}$")]
Backend = Literal["builtin", "qbusiness"]


class ChatIn(InputModel):
    question: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUESTION)
    ]
    conversation_id: ConversationId | None = None
    parent_message_id: ConversationId | None = None


class ChartDataset(OutputModel):
    label: str
    data: list[str | None]


class Chart(OutputModel):
    type: Literal["line", "bar", "doughnut"]
    labels: list[str]
    datasets: list[ChartDataset]


class CompanyRef(OutputModel):
    code: str
    name: str


class AnswerScope(OutputModel):
    label: str
    companies: list[CompanyRef]  # empty: every company the user may see


class AnswerPeriod(OutputModel):
    label: str
    date_from: date
    date_to: date


class AnswerMetric(OutputModel):
    name: str
    label: str
    definition: str
    unit: str  # a currency code or "%"


class AnswerFigure(OutputModel):
    key: str
    label: str
    value: str | None  # exact decimal string; null when it cannot be computed (no revenue)
    unit: str
    # a change ranked between two periods (per company, dimension value or cost account): the
    # metric's value in the earlier and the later period (`periods[0]`, `periods[1]`)
    earlier: str | None = None
    later: str | None = None


class ChatOut(OutputModel):
    backend: Backend
    conversation_id: str
    question: str | None = None
    kind: Literal["answer", "ask", "cannot"] | None = None
    scope: AnswerScope | None = None
    periods: list[AnswerPeriod] = Field(default_factory=list)
    metric: AnswerMetric | None = None
    figures: list[AnswerFigure] = Field(default_factory=list)
    candidates: list[CompanyRef] = Field(default_factory=list)
    parent_message_id: str | None = None
    understood: bool
    answer: str
    computed: str | None = None
    chart: Chart | None = None
    filters: dict[str, Any] = Field(default_factory=dict)
    values: list[dict[str, Any]] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    sources: list[dict[str, str]] = Field(default_factory=list)


class ConversationOut(OutputModel):
    conversation_id: str
    turns: list[ChatOut]


class CompanyNameIn(InputModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class CompanyNameOut(OutputModel):
    code: str
    name: str


class AssistantConfig(OutputModel):
    backend: Backend
    embed_url: str | None
    embed_origin: str | None
    region: str | None
    max_question_length: int = MAX_QUESTION
    rate_limit: str
