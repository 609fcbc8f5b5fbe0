"""Two periods compared when the data covers one of them only in part: a BI sample's data
starts in September 2013, and "sales growth 2014 vs 2013" answered +249 % without a word.
The reply says how many of the period's months hold data. Real SQLite and MariaDB."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from elara.assistant import analyst, builtin
from elara.core.periods import month_end
from tests.factories import create_user

# Revenue from September 2024 to December 2025, 1,000.00 a month.
_MONTHS = [month_end(date(2024, m, 1)) for m in range(9, 13)] + [
    month_end(date(2025, m, 1)) for m in range(1, 13)
]


def _ask(state: Any, question: str) -> analyst.Reply:
    from elara.models import User
    from tests.dashboard import factories

    rows = [factories.Row("ACME", day, "Sales", "1000.00", "Revenue") for day in _MONTHS]
    factories.create_dataset(state, rows, name="Sixteen months")
    made = create_user(state, role="viewer")
    with state.db.transaction() as session:
        user = session.get(User, made.id)
        ctx = builtin.context(session, user, today=date(2026, 2, 15), cache=None)
        reply, _ = analyst.ask(question, ctx, None)
        return reply


def test_a_year_the_data_covers_in_part_is_said(state: Any) -> None:
    reply = _ask(state, "YoY revenue growth 2025 vs 2024")
    assert reply.kind == "answer", reply.text
    assert "2024 holds data for 4 of its 12 months (Sep 2024 - Dec 2024)" in reply.text
    assert "not like for like" in reply.text
    assert "2025 holds" not in reply.text  # the whole year is covered


@pytest.mark.parametrize("question", ["revenue change from Q4 2024 to Q1 2025"])
def test_two_periods_covered_alike_say_nothing_more(state: Any, question: str) -> None:
    reply = _ask(state, question)
    assert reply.kind == "answer", reply.text
    assert "like for like" not in reply.text
