"""`Acc.series_figures` (one pass, for series cells) gives what the properties give."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from elara.dashboard.compute import Acc

BUCKETS = [
    "revenue",
    "cost_of_sales",
    "operating_expense",
    "operating_expense:depreciation",
    "other_income",
    "other_expense",
    "tax",
    "unclassified",
    "non_financial",
    "subtotal:gross_profit",
    "subtotal:operating_income",
    "subtotal:net_income",
]


@pytest.mark.parametrize("seed", range(200))
def test_series_figures_match_the_properties(seed):
    rng = random.Random(seed)
    acc = Acc()
    for name in rng.sample(BUCKETS, rng.randint(1, len(BUCKETS))):
        acc.add(name, Decimal(rng.randint(-(10**8), 10**8)), rng.choice([0, 1, 3]))
    expected = (acc.revenue, acc.expenses, acc.gross_profit, acc.operating_income, acc.net)
    assert acc.series_figures() == expected


@pytest.mark.parametrize("seed", range(100))
def test_figures_read_between_adds_are_those_of_a_fresh_acc(seed):
    """The scopes a bucket is split into are decided once per read, and again after an add:
    figures read part-way are those of an Acc that only ever saw the facts so far."""
    rng = random.Random(seed)
    acc, facts = Acc(), []
    for _ in range(rng.randint(1, 12)):
        name = rng.choice([*BUCKETS, "subtotal:revenue", "subtotal:cost_of_sales"])
        facts.append(
            (name, Decimal(rng.randint(-(10**6), 10**6)), rng.choice([0, 1]), rng.randint(1, 3))
        )
        acc.add(*facts[-1])
        fresh = Acc()
        for fact in facts:
            fresh.add(*fact)
        assert (acc.revenue, acc.net, acc.stated_figures) == (
            fresh.revenue,
            fresh.net,
            fresh.stated_figures,
        )
