"""A slice's share ("the Government segment") is of every value of its dimension, not of
records that carry no such dimension: a BI sample's Government segment came out 9.69 % of
all revenue because another dataset (without segments) was in the denominator; of the
segments it is 44.22 %. Real SQLite and MariaDB."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from elara.assistant import analyst, builtin
from tests.dashboard.factories import Row
from tests.factories import create_user
from tests.finance.factories import store

_DAY = date(2025, 3, 31)


def _ask(state: Any, question: str) -> analyst.Reply:
    from elara.models import User

    segmented = [
        Row("ACME", _DAY, "Sales", "300.00", "Revenue"),
        Row("ACME", _DAY, "Sales", "100.00", "Revenue"),
    ]
    settings = {"columns": [{"header": "Segment", "role": "dimension"}]}
    segments = [{"Segment": "Government"}, {"Segment": "Enterprise"}]
    store(state, segmented, settings=settings, name="Sales by segment", attributes=segments)
    store(state, [Row("BETA", _DAY, "Sales", "600.00", "Revenue")], name="Ledger")
    made = create_user(state, role="viewer")
    with state.db.transaction() as session:
        user = session.get(User, made.id)
        ctx = builtin.context(session, user, today=date(2025, 8, 15), cache=None)
        reply, _ = analyst.ask(question, ctx, None)
        return reply


def test_a_segments_share_is_of_every_segment(state: Any) -> None:
    reply = _ask(state, "What share of revenue came from the Government segment in Q1 2025?")
    assert reply.kind == "answer", reply.text
    assert [f.value for f in reply.figures] == [Decimal(75)], reply.text
    assert "of every Segment" in reply.text
