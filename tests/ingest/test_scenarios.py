"""Scenario words as exports spell them, and the columns they make a scenario column."""

from __future__ import annotations

from pathlib import Path

import pytest

from elara.core.scenarios import Scenario, read_scenario, scenario_of_title
from elara.ingest import ColumnRole, suggest_settings

from .builders import write_text

A, B, F, P = Scenario.actual, Scenario.budget, Scenario.forecast, Scenario.prior_year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Actual", A), ("ACTUALS", A), ("ACT", A), ("AC", A), ("Ist", A),
        ("Budget", B), ("BUD", B), ("BU", B), ("Plan", B), ("PL", B), ("Budget FY25", B),
        ("FY2025 Budget", B), ("BU'19", B), ("Working Budget", B), ("Budget v2", B),
        ("Forecast", F), ("FC", F), ("Fcst", F), ("FCST 3+9", F), ("FC2", F), ("Outlook", F),
        ("LE", F), ("Latest Estimate", F), ("Rolling Forecast", F),
        ("Prior Year", P), ("PY", P), ("Last Year", P),
        # Not guessed: version names, numeric value types, debit (Soll), anything else.
        ("Working", None), ("Final", None), ("04", None), ("0", None), ("Soll", None),
        ("Base", None), ("Stretch", None), ("Q1", None), ("", None), (None, None),
    ],
)  # fmt: skip
def test_scenario_spellings(text: str | None, expected: Scenario | None) -> None:
    assert read_scenario(text) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Budget 2025", B), ("Forecast FY26", F), ("FY26 Budget", B), ("Budget", B),
        ("Budget vs actual, Q1 2025", None), ("Budget Variance Report", None),
        ("Profit and Loss", None), ("Pension Plan Contributions", None), ("Ledger", None),
    ],
)  # fmt: skip
def test_titles_that_state_a_scenario(title: str, expected: Scenario | None) -> None:
    assert scenario_of_title(title) == expected


@pytest.mark.parametrize(
    ("header", "values", "role"),
    [
        ("Scenario", ("Actual", "Budget"), ColumnRole.scenario),
        ("Version", ("AC", "PL", "FC"), ColumnRole.scenario),  # codes under a Version header
        ("Data Type", ("Actual", "Forecast"), ColumnRole.scenario),
        ("Category", ("Actual", "Budget"), ColumnRole.scenario),
        ("Basis", ("ACT", "BUD"), ColumnRole.scenario),  # words under any header
        ("Statement", ("PL", "PL"), ColumnRole.dimension),  # "PL" alone is no scenario
        ("Version", ("0", "0"), ColumnRole.dimension),  # SAP's version 0 says nothing
    ],
)
def test_a_column_of_scenarios_is_the_scenario(
    tmp_path: Path, header: str, values: tuple[str, ...], role: ColumnRole
) -> None:
    lines = [f"Company,Date,Account,{header},Amount"]
    for i, value in enumerate(values * 3):
        lines.append(f"ACME,2025-01-{i + 1:02d},Sales,{value},{100 + i}")
    path = write_text(tmp_path / "f.csv", "\n".join(lines) + "\n")
    roles = {c.header: c.role for c in suggest_settings(path).settings.columns}
    assert roles[header] is role, roles
