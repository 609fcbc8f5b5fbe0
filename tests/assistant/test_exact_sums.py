"""The assistant adds the stored amounts exactly and rounds once, as the dashboard does: a
figure over several months is never the sum of months already rounded to the cent (a real
BI sample's profit by country came out a cent off that way). Real SQLite and MariaDB."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from elara.assistant import analyst, builtin
from tests.factories import create_user

# Three months of revenue and cost with a tenth of a cent over the cent each month: rounded
# month by month they lose 0.3 (or 0.6) of a cent, which the exact sums do not.
_MONTHS = (date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31))
_LINES = {"Sales": ("Revenue", "10.004"), "Cost of goods sold": ("Cost of Sales", "4.003")}


def _ask(state: Any, question: str) -> analyst.Reply:
    from elara.models import User
    from tests.dashboard import factories

    rows = [
        factories.Row("ACME", day, account, amount, category)
        for day in _MONTHS
        for account, (category, amount) in _LINES.items()
    ]
    factories.create_dataset(state, rows, name="Sub-cent amounts")
    made = create_user(state, role="viewer")
    with state.db.transaction() as session:
        user = session.get(User, made.id)
        ctx = builtin.context(session, user, today=date(2025, 8, 15), cache=None)
        reply, _ = analyst.ask(question, ctx, None)
        return reply


def _once(account: str, months: int = 3) -> Decimal:
    exact = Decimal(_LINES[account][1]) * months
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What was revenue of ACME in Q1 2025?", _once("Sales")),  # 30.012 -> 30.01
        ("cost of sales for ACME in Q1 2025", _once("Cost of goods sold")),  # 12.009 -> 12.01
        ("gross profit of ACME in Q1 2025", _once("Sales") - _once("Cost of goods sold")),
    ],
)
def test_a_figure_over_months_is_the_exact_sum_rounded_once(
    state: Any, question: str, expected: Decimal
) -> None:
    reply = _ask(state, question)
    assert reply.figures, reply.text
    value = reply.figures[0].value
    assert value is not None
    assert value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == expected, reply.text
    assert f"{expected:,.2f}" in reply.text
