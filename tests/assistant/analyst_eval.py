"""Scoring one question of the analyst evaluation against the oracle (shared by the pytest
evaluation and the score table in docs/assistant.md)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from elara.assistant.analyst import Reply
from elara.core.money import cents_text as q
from tests.assistant.analyst_data import COMPANIES, Row
from tests.assistant.analyst_oracle import d, expected

RESTRICTED = {"acme_only": ("ACME",)}


@dataclass
class Verdict:
    right: bool
    wrong_scope: bool = False
    leak: bool = False
    why: str = ""


def figures(reply: Reply) -> dict[str, str]:
    """Each figure's value; a change ranked between two periods with both periods' amounts, as
    the oracle states it ("change [earlier -> later]")."""
    out = {}
    for f in reply.figures:
        text = q(f.value) if f.value is not None else "None"
        if f.ends is not None:
            text += f" [{q(f.ends[0])} -> {q(f.ends[1])}]"
        out[f.key] = text
    return out


def _period_ok(spec: dict[str, Any], reply: Reply) -> bool:
    plan = reply.plan
    assert plan is not None
    if "periods" in spec:
        if not plan.periods:
            return False
        got = [(p.start, p.end) for p in plan.periods]
        return got == [(d(a), d(b)) for a, b in spec["periods"]]
    if "period" in spec:
        return plan.period is not None and (plan.period.start, plan.period.end) == (
            d(spec["period"][0]),
            d(spec["period"][1]),
        )
    return True


def leaks(reply: Reply, user: str) -> bool:
    """Any trace of a company the user may not see."""
    allowed = RESTRICTED.get(user)
    if not allowed:
        return False
    text = " ".join(
        [reply.text, *reply.candidates, *reply.suggestions, *(f.key for f in reply.figures)]
    )
    hidden = [c for c in COMPANIES if c not in allowed]
    return any(c in text or COMPANIES[c] in text for c in hidden)


def judge(expect: Any, reply: Reply, rows: list[Row], user: str) -> Verdict:
    leak = leaks(reply, user)
    if expect == "cannot":
        ok = reply.kind == "cannot" and not reply.figures and "can't answer" in reply.text
        return Verdict(
            ok and not leak, wrong_scope=reply.kind == "answer", leak=leak, why=reply.text
        )
    if expect == "decline":  # an honest ask-back or "can't answer": never a figure
        ok = reply.kind in ("ask", "cannot") and not reply.figures
        return Verdict(
            ok and not leak, wrong_scope=reply.kind == "answer", leak=leak, why=reply.text
        )
    if "ask" in expect:
        ok = reply.kind == "ask" and sorted(reply.candidates) == sorted(expect["ask"])
        ok = ok and not reply.figures
        return Verdict(
            ok and not leak, wrong_scope=reply.kind == "answer", leak=leak, why=reply.text
        )
    if reply.kind != "answer" or reply.plan is None:
        return Verdict(False, leak=leak, why=reply.text)
    scope_ok = sorted(reply.scope) == sorted(expect.get("companies") or [])
    if expect["op"] in ("rank", "which", "which_grew", "rank_change") and not expect.get("by"):
        scope_ok = not reply.scope
    # the dimension filter and the dimension ranked are part of the scope: never wider, never other
    plan, by = reply.plan, expect.get("by")
    where = list(getattr(plan, "where", ()))
    if expect.get("values"):  # named values of the `by` dimension, compared side by side
        scope_ok = scope_ok and [v for n, v in where if n == by] == expect["values"]
        where = [(n, v) for n, v in where if n != by]
    scope_ok = (
        scope_ok
        and dict(where) == (expect.get("where") or {})
        and len(where) == len(expect.get("where") or {})
    )
    scope_ok = scope_ok and getattr(plan, "by", None) == by
    want = expected(expect, rows)
    got = figures(reply)
    if (
        len(want) == 1
        and len(got) == 1
        and next(iter(want)) in ("value", "average", "share", "ratio")
    ):
        same = list(want.values()) == list(got.values())
    else:
        same = list(want.items()) == list(got.items())
    said = all(word.casefold() in reply.text.casefold() for word in expect.get("says", ()))
    ok = scope_ok and _period_ok(expect, reply) and same and said and not leak
    why = f"want {want} got {got} scope {reply.scope} plan {reply.plan}\n{reply.text}"
    return Verdict(ok, wrong_scope=not scope_ok, leak=leak, why=why)


def rows_for(user: str, rows: list[Row]) -> list[Row]:
    allowed = RESTRICTED.get(user)
    return [r for r in rows if not allowed or r.company in allowed]


def money_total(values: dict[str, str]) -> Decimal:
    return sum((Decimal(v) for v in values.values()), Decimal(0))
