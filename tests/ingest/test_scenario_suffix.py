"""Period headers with a scenario suffix ("FY2024A", "2026E", "FY26F", "Q1 25B"): the period
is read as the plain header is, the suffix names the scenario; other text is left alone."""

from __future__ import annotations

import pytest

from elara.core.scenarios import Scenario
from elara.ingest.periods import header_scenario, read_header_period, read_period


@pytest.mark.parametrize(
    ("header", "plain", "scenario"),
    [
        ("FY2024A", "FY2024", Scenario.actual),
        ("2024A", "2024", Scenario.actual),
        ("FY24A", "FY24", Scenario.actual),
        ("2026E", "2026", Scenario.forecast),
        ("FY26F", "FY26", Scenario.forecast),
        ("2026B", "2026", Scenario.budget),
        ("FY26B", "FY26", Scenario.budget),
        ("Q1 25A", "Q1 25", Scenario.actual),
    ],
)
def test_a_suffixed_period_reads_as_the_plain_one(
    header: str, plain: str, scenario: Scenario
) -> None:
    found = header_scenario(header)
    assert found is not None
    period, named = found
    assert named is scenario
    expected = read_period(plain)
    assert expected is not None and expected.end is not None
    assert period.end == expected.end
    assert read_header_period(header) == period
    assert read_period(header) is None  # a cell "2024A" is no period


@pytest.mark.parametrize("header", ["FY2024", "12A", "Q1A", "Phase 1A", "Revenue", "2024X"])
def test_other_headers_carry_no_scenario(header: str) -> None:
    assert header_scenario(header) is None
