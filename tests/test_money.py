"""The one tolerance of stated-versus-computed checks: more than a cent, in stored units."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from elara.core.money import differs_by_more_than_a_cent, to_units


@pytest.mark.parametrize(
    ("a", "b", "differs"),
    [
        ("10.00", "10.01", False),
        ("10.01", "10.00", False),
        ("10.00", "10.0101", True),
        ("-5.0101", "-5.00", True),
        ("0.0099", "-0.0001", False),
        ("1000000.00", "1000000.02", True),
    ],
)
def test_more_than_a_cent(a: str, b: str, differs: bool) -> None:
    units_a, units_b = to_units(Decimal(a)), to_units(Decimal(b))
    assert differs_by_more_than_a_cent(units_a, units_b) is differs
    # Sums of units are Decimals on the dashboard: the same answer.
    assert differs_by_more_than_a_cent(Decimal(units_a), Decimal(units_b)) is differs


def test_columns_row_by_row() -> None:
    stated = pl.Series([100_000, 100_000, None])
    summed = pl.Series([100_100, 100_101, 5])
    assert differs_by_more_than_a_cent(stated, summed).to_list() == [False, True, None]
