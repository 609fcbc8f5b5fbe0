"""A net other line named for both directions ("Other (income) expense, net"): which way it
counts is read off the statement's own subtotals, else assumed with a note (docs/import.md,
layouts 151 and 152)."""

from __future__ import annotations

from pathlib import Path

from elara.ingest.suggest import suggest_settings
from tests.ingest.builders import write_text

TOP = (
    "Cedar Devices Inc.\nStatements of Operations\n(In thousands)\n"
    ',"Three Months Ended June 30,",\n,2025,2024\n'
    'Net sales,"9,000","8,000"\nCost of sales,"4,000","3,500"\n'
    'Gross profit,"5,000","4,500"\nOperating expenses,"2,000","1,900"\n'
    'Operating income,"3,000","2,600"\n'
)


def _statement(other: tuple[str, str], pretax: tuple[str, str], name: str) -> str:
    return (
        TOP
        + f'"{name}",{other[0]},{other[1]}\nIncome before income taxes,{pretax[0]},{pretax[1]}\n'
    )


def test_the_statement_subtracting_it_makes_it_other_expense(tmp_path: Path) -> None:
    """3,000 - (250) = 3,250 and 2,600 - 120 = 2,480: subtracted, whatever the brackets."""
    text = _statement(("(250)", "120"), ('"3,250"', '"2,480"'), "Other (income) expense, net")
    suggestion = suggest_settings(write_text(tmp_path / "q.csv", text))
    assert suggestion.settings.account_kinds["Other (income) expense, net"] == "other_expense"
    assert not [n for n in suggestion.offered.notes if "both directions" in n]
    periods = {c.header: c.period_end for c in suggestion.settings.columns if c.period_end}
    assert {str(v) for v in periods.values()} == {"2025-06-30", "2024-06-30"}


def test_the_statement_adding_it_makes_it_other_income(tmp_path: Path) -> None:
    """The same name where the subtotal adds it as shown: 3,000 + (250) = 2,750."""
    text = _statement(("(250)", "120"), ('"2,750"', '"2,720"'), "Other (income) expense, net")
    suggestion = suggest_settings(write_text(tmp_path / "q.csv", text))
    assert suggestion.settings.account_kinds["Other (income) expense, net"] == "other_income"


def test_without_a_subtotal_that_ties_the_direction_is_assumed_and_said(tmp_path: Path) -> None:
    text = _statement(("(250)", "120"), ('"9,999"', '"9,999"'), "Other (income) expense, net")
    suggestion = suggest_settings(write_text(tmp_path / "q.csv", text))
    assert suggestion.settings.account_kinds["Other (income) expense, net"] == "other_expense"
    notes = [n for n in suggestion.offered.notes if "both directions" in n]
    assert len(notes) == 1 and "read as an expense" in notes[0], suggestion.offered.notes
    flipped = _statement(("(250)", "120"), ('"9,999"', '"9,999"'), "Other income (expense), net")
    suggestion = suggest_settings(write_text(tmp_path / "f.csv", flipped))
    assert suggestion.settings.account_kinds["Other income (expense), net"] == "other_income"
    assert any("read as income" in n for n in suggestion.offered.notes)
