"""Period headers with a scenario suffix ("FY2024A", "2026E", "FY26F", "Q1 25B"): the period
is read as the plain header is, the suffix names the scenario; other text is left alone."""

from __future__ import annotations

import pytest

from elara.core.scenarios import Scenario
from elara.ingest.periods import header_scenario, read_header_period, read_period
from elara.ingest.plan import build_plan
from elara.ingest.settings import ColumnRole, ColumnSetting, ImportSettings


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


def _settings(headers: list[str], scenario: str | None) -> ImportSettings:
    columns = [ColumnSetting(header="Line", role=ColumnRole.account)]
    columns += [ColumnSetting(header=h, role=ColumnRole.amount) for h in headers]
    settings = ImportSettings(columns=columns)
    settings.constants.company = "Contoso"
    settings.constants.scenario = scenario  # type: ignore[assignment]
    return settings


@pytest.mark.parametrize(
    ("scenario", "stored", "others"),
    [
        (None, ["FY2024", "FY2025A"], {3: "forecast"}),
        ("forecast", ["FY2026E"], {1: "actual", 2: "actual"}),
    ],
)
def test_the_plan_stores_the_chosen_scenarios_columns(
    scenario: str | None, stored: list[str], others: dict[int, str]
) -> None:
    """A plain period beside suffixed ones is an actual: never stored as the forecast."""
    headers = ["Line", "FY2024", "FY2025A", "FY2026E"]
    plan = build_plan(headers, _settings(headers[1:], scenario))
    assert [s.label for s in plan.slots] == stored
    assert plan.other_scenarios == others
    assert plan.needs == []


def test_a_plan_of_estimates_only_asks_for_the_scenario() -> None:
    headers = ["Line", "FY2026E", "FY2027E"]
    assert build_plan(headers, _settings(headers[1:], None)).needs == ["scenario"]
    assert build_plan(headers, _settings(headers[1:], "budget")).needs == ["scenario"]
    assert build_plan(headers, _settings(headers[1:], "forecast")).needs == []
