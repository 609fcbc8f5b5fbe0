"""The analyst evaluation (issue 15): every question of analyst_questions.yaml asked through the
built-in assistant over the generated data, judged against the independent oracle; scores per
category, and the hard rules (no wrong or widened scope, no leak across row-level access)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from elara.assistant import analyst, builtin
from tests.assistant.analyst_data import TODAY
from tests.assistant.analyst_eval import Verdict, judge, rows_for

HERE = Path(__file__).parent
SPECS: list[dict[str, Any]] = yaml.safe_load((HERE / "analyst_questions.yaml").read_text())
HELD_OUT_FILES = (
    "analyst_heldout.yaml",
    "analyst_heldout_2.yaml",
    "analyst_heldout_3.yaml",
    "analyst_heldout_4.yaml",
    "analyst_heldout_5.yaml",
    "analyst_heldout_6.yaml",
    "analyst_heldout_7.yaml",
    "analyst_heldout_8.yaml",
    "analyst_heldout_9.yaml",
    "analyst_heldout_10.yaml",
    "analyst_heldout_11.yaml",
    "analyst_heldout_12.yaml",
)
# batches asked over the data with balances and bank statements (`analyst_data_extended`)
EXTENDED = frozenset({"analyst_heldout_12.yaml"})
HELD_OUT_SETS = {name: yaml.safe_load((HERE / name).read_text()) for name in HELD_OUT_FILES}
HELD_OUT: list[dict[str, Any]] = [spec for specs in HELD_OUT_SETS.values() for spec in specs]
ON_EXTENDED = [name in EXTENDED for name, specs in HELD_OUT_SETS.items() for _ in specs]
HELD_OUT_BASE = 1000
# held-out questions still answered otherwise than expected, each with why it is left: the
# assistant's reply is still judged (no wrong scope, no leak) and the test fails once it is right
KNOWN_MISSES = {
    "rent per month for Acme Retail in 2025": (
        "batch 11: 'per month' is read as a breakdown by month (as 'sales per quarter' in the same "
        "batch expects), not as the monthly average"
    ),
}
RESULTS: dict[tuple[int, int], tuple[str, Verdict]] = {}


def conversation(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec.get("turns") or [{"q": spec["q"], "expect": spec["expect"]}]


def run(index: int, spec: dict[str, Any], data: Any) -> list[Verdict]:
    user_name = spec.get("user", "all")
    verdicts, state = [], None
    with data.state.db.transaction() as session:
        user = data.user(session, user_name)
        ctx = builtin.context(session, user, today=TODAY, cache=None)
        for turn_no, turn in enumerate(conversation(spec)):
            reply, state = analyst.ask(turn["q"], ctx, state)
            verdict = judge(turn["expect"], reply, rows_for(user_name, data.rows), user_name)
            RESULTS[(index, turn_no)] = (spec["cat"], verdict)
            verdicts.append(verdict)
    return verdicts


@pytest.mark.parametrize(
    ("index", "spec"),
    [pytest.param(i, s, id=f"{i:03d}-{conversation(s)[0]['q'][:40]}") for i, s in enumerate(SPECS)],
)
def test_question(index: int, spec: dict[str, Any], analyst_data: Any) -> None:
    verdicts = run(index, spec, analyst_data)
    assert not any(v.leak for v in verdicts), "leak across row-level access"
    wrong = [v.why for v in verdicts if not v.right]
    assert not wrong, "\n---\n".join(wrong)


def scores(data: Any) -> dict[str, tuple[int, int]]:
    for index, spec in enumerate(SPECS):
        if (index, 0) not in RESULTS:
            run(index, spec, data)
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (index, _), (category, verdict) in RESULTS.items():
        if index >= HELD_OUT_BASE:
            continue
        table[category][0] += verdict.right
        table[category][1] += 1
    return {k: (v[0], v[1]) for k, v in table.items()}


def score_table(table: dict[str, tuple[int, int]]) -> str:
    lines = ["| category | right | questions | score |", "|---|---|---|---|"]
    for category in sorted(table):
        right, total = table[category]
        lines.append(f"| {category} | {right} | {total} | {right / total:.1%} |")
    right = sum(r for r, _ in table.values())
    total = sum(t for _, t in table.values())
    lines.append(f"| **overall** | **{right}** | **{total}** | **{right / total:.1%}** |")
    return "\n".join(lines)


def test_scores(analyst_data: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """≥ 90 % overall, ≥ 80 % per category, no wrong scope, no leak; docs/assistant.md agrees."""
    table = scores(analyst_data)
    text = score_table(table)
    with capsys.disabled():
        print("\n" + text)
    verdicts = [v for (i, _), (_, v) in RESULTS.items() if i < HELD_OUT_BASE]
    assert sum(t for _, t in table.values()) >= 100
    assert not [v.why for v in verdicts if v.wrong_scope], "answered for a wrong or wider scope"
    assert not [v.why for v in verdicts if v.leak], "leak across row-level access"
    right = sum(r for r, _ in table.values())
    assert right / len(verdicts) >= 0.9
    assert all(r / t >= 0.8 for r, t in table.values()), table
    docs = (Path(__file__).parents[2] / "docs" / "assistant.md").read_text()
    assert text in docs, "update the score table in docs/assistant.md:\n" + text


@pytest.mark.parametrize(
    ("index", "spec"),
    [
        pytest.param(HELD_OUT_BASE + i, s, id=f"heldout-{i:02d}-{conversation(s)[0]['q'][:40]}")
        for i, s in enumerate(HELD_OUT)
    ],
)
def test_held_out(index: int, spec: dict[str, Any], request: pytest.FixtureRequest) -> None:
    """The held-out batch: same rules; its first-sight score is recorded in the docs."""
    extended = ON_EXTENDED[index - HELD_OUT_BASE]
    data = request.getfixturevalue("analyst_data_extended" if extended else "analyst_data")
    verdicts = run(index, spec, data)
    assert not any(v.leak or v.wrong_scope for v in verdicts)
    wrong = [v.why for v in verdicts if not v.right]
    known = KNOWN_MISSES.get(conversation(spec)[0]["q"])
    if known:
        assert wrong, "now answered as expected: remove it from KNOWN_MISSES"
        pytest.xfail(known)
    assert not wrong, "\n---\n".join(wrong)


def test_held_out_scores(
    analyst_data: Any, analyst_data_extended: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each held-out batch's score now (its first-sight score is in docs/assistant.md)."""
    lines = ["| held-out batch | right | questions | wrong scope |", "|---|---|---|---|"]
    index = HELD_OUT_BASE
    for name, specs in HELD_OUT_SETS.items():
        verdicts = []
        data = analyst_data_extended if name in EXTENDED else analyst_data
        for spec in specs:
            verdicts += run(index, spec, data)
            index += 1
        right = sum(v.right for v in verdicts)
        wrong = sum(v.wrong_scope for v in verdicts)
        lines.append(f"| {name} | {right} | {len(verdicts)} | {wrong} |")
        assert not wrong and not any(v.leak for v in verdicts), name
    with capsys.disabled():
        print("\n" + "\n".join(lines))
