"""Title cells that state their period with two-digit years ("01/01/25..12/31/25")."""

from __future__ import annotations

import datetime as dt

import pytest

from elara.ingest.suggest import title_constants

D = dt.date


@pytest.mark.parametrize(
    ("title", "date", "covers_from"),
    [
        # A day above 12 decides the order for every date of the cell.
        ("Period: 01/01/25..12/31/25", D(2025, 12, 31), D(2025, 1, 1)),
        ("Period: 1/1/25 - 12/31/25", D(2025, 12, 31), D(2025, 1, 1)),
        ("1/1/25 to 3/31/25", D(2025, 3, 31), D(2025, 1, 1)),
        ("1/1/25 \u2013 3/31/25", D(2025, 3, 31), D(2025, 1, 1)),
        ("01/10/25 - 31/12/25", D(2025, 12, 31), D(2025, 10, 1)),
        ("As of 12/31/25", D(2025, 12, 31), None),
        ("Balance at 30/06/24", D(2024, 6, 30), None),
        # Dots: day first.
        ("31.12.25", D(2025, 12, 31), None),
        ("Zeitraum 01.01.25..31.03.25", D(2025, 3, 31), D(2025, 1, 1)),
        ("Stand: 01.02.25", D(2025, 2, 1), None),
        # Day and month equal: the order does not matter.
        ("As of 01/01/25", D(2025, 1, 1), None),
        # One month only: no span to state.
        ("12/01/25 - 12/31/25", D(2025, 12, 31), None),
        # Ambiguous order: nothing offered.
        ("As of 01/02/25", None, None),
        ("Period: 01/01/25..12/01/25", None, None),
        ("01/02/25 - 01/03/25", None, None),
        # Contradictory or impossible.
        ("12.31.25", None, None),
        ("13/01/25 and 01/13/25", None, None),
        ("31/02/25", None, None),
        ("12/31/25 - 01/01/25", None, None),  # a range that runs backwards
        # Years outside 2000-2069 are not guessed.
        ("As of 12/31/85", None, None),
        ("As of 12/31/70", None, None),
        ("As of 12/31/69", D(2069, 12, 31), None),
        # Not dates with two-digit years.
        ("Version 10.1.25.3", None, None),
        ("Printed 12/31/25", None, None),  # a run date
    ],
)
def test_two_digit_years_in_titles(
    title: str, date: dt.date | None, covers_from: dt.date | None
) -> None:
    offered = title_constants([["Trial Balance"], [title]], [])
    assert (offered.date, offered.covers_from) == (date, covers_from)
    assert offered.year == (date.year if date else None)


def test_four_digit_dates_are_read_first() -> None:
    offered = title_constants([["Period: 01/01/2025..12/31/2025"]], [])
    assert (offered.date, offered.covers_from) == (D(2025, 12, 31), D(2025, 1, 1))


@pytest.mark.parametrize(
    ("rows", "date"),
    [
        ([["As of 01/02/2025"]], None),  # 1 February or January 2? Asked, not guessed.
        ([["As of 12/31/2025"]], D(2025, 12, 31)),
        ([["Stand 31.12.2025"]], D(2025, 12, 31)),  # dots: day first
        ([["Period: 01/02/2025 - 31/03/2025"]], D(2025, 3, 31)),  # 31 decides for both
        ([["Von:", "01.10.2025"], ["Bis:", "31.10.2025"]], D(2025, 10, 31)),  # the span's end
        ([["From: 1 Jan 2025"], ["To: 31 Mar 2025"]], D(2025, 3, 31)),
    ],
)
def test_four_digit_numeric_dates_are_not_guessed(
    rows: list[list[str]], date: dt.date | None
) -> None:
    assert title_constants(rows, []).date == date
