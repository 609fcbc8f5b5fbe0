"""The evaluation: every question of questions.yaml answered over the generated dataset and
checked against numbers computed independently from the generated rows; accuracy printed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from elara.assistant.answering import answer_question
from elara.assistant.answers import money
from elara.assistant.data import financial_data
from tests.assistant.dataset import TODAY
from tests.assistant.expected import expected_values, project

QUESTIONS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "questions.yaml").read_text()
)
RESULTS: dict[int, bool] = {}  # question index -> right, filled by test_question


def _params() -> list[Any]:
    params = []
    for index, spec in enumerate(QUESTIONS):
        marks = [pytest.mark.xfail(strict=True)] if spec.get("known_failure") else []
        params.append(pytest.param(index, spec, id=f"{index:02d}-{spec['q'][:40]}", marks=marks))
    return params


def check(spec: dict[str, Any], eval_data: Any) -> None:
    """Ask the question as the spec's user and compare with the independent computation."""
    scope = spec.get("user", "all")
    with eval_data.state.db.transaction() as session:
        user = eval_data.user(session, scope)
        answer = answer_question(spec["q"], data=financial_data(session, user), today=TODAY)
    kind = spec["kind"]
    if kind.startswith("decline"):
        assert not answer.understood, answer.answer
        assert answer.suggestions and not answer.values and answer.chart is None
        if kind == "decline_company":
            assert "among the companies you can see" in answer.answer
        return
    assert answer.understood, answer.answer
    rows = eval_data.rows
    if scope == "restricted":
        rows = [r for r in rows if r.company == "ACME"]
    expected = expected_values(spec, rows)
    assert project(spec, answer.values) == expected, answer.answer
    assert answer.computed and answer.chart is not None
    if kind == "total" and not spec.get("metric", "").startswith("margin"):
        assert money(__import__("decimal").Decimal(expected[0]), "USD") in answer.answer


@pytest.mark.parametrize(("index", "spec"), _params())
def test_question(index: int, spec: dict[str, Any], eval_data: Any) -> None:
    try:
        check(spec, eval_data)
    except AssertionError:
        RESULTS[index] = False
        raise
    RESULTS[index] = True


def test_accuracy(eval_data: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """Accuracy over the whole set: the parametrised results when they all ran in this process,
    else every question checked here."""
    results = dict(RESULTS)
    for index, spec in enumerate(QUESTIONS):
        if index not in results:
            try:
                check(spec, eval_data)
                results[index] = True
            except AssertionError:
                results[index] = False
    correct = sum(results.values())
    accuracy = correct / len(QUESTIONS)
    with capsys.disabled():
        print(f"\nassistant evaluation: {correct}/{len(QUESTIONS)} correct ({accuracy:.1%})")
    assert len(QUESTIONS) >= 60
    declines = [s for s in QUESTIONS if s["kind"].startswith("decline")]
    assert len(declines) >= 5
    assert accuracy >= 0.9
    docs = (Path(__file__).parents[2] / "docs" / "assistant.md").read_text()
    assert f"{correct}/{len(QUESTIONS)} correct ({accuracy:.1%})" in docs, (
        "update docs/assistant.md"
    )
