"""A ledger's grand total after its sections' totals is checked against every row above it;
a wrong one is said with both sums it was checked against, never "add up to 0"."""

from __future__ import annotations

from pathlib import Path

import pytest

from elara.ingest.pipeline import parse_file
from elara.ingest.suggest import suggest_settings


def _ledger(grand_total: str) -> str:
    rows = [
        "Acme Widgets LLC",
        "General Ledger",
        '"January 1 - January 31, 2026"',
        "",
        ",Date,Transaction Type,Num,Name,Memo/Description,Amount,Balance",
        "Sales,,,,,,,",
        ',01/05/2026,Invoice,1041,Blue Ridge Co,Widgets,"3,200.00","3,200.00"',
        ',01/19/2026,Invoice,1042,Harbor Ltd,Widgets,850.40,"4,050.40"',
        'Total for Sales,,,,,,"4,050.40",',
        "Utilities,,,,,,,",
        ",01/28/2026,Expense,1183,City Power,Electricity,610.25,610.25",
        "Total for Utilities,,,,,,610.25,",
        f'TOTAL,,,,,,"{grand_total}",',
    ]
    return "\n".join(rows) + "\n"


def _warnings(tmp_path: Path, grand_total: str) -> list[str]:
    path = tmp_path / "ledger.csv"
    path.write_text(_ledger(grand_total), encoding="utf-8")
    settings = suggest_settings(path).settings
    settings.constants.currency = "USD"
    parser = parse_file(path, settings=settings)
    for _ in parser:
        pass
    return [w for w in parser.report.warnings if "total for" in w]


@pytest.mark.parametrize("stated", ["4,660.65", "4660.65"])
def test_a_grand_total_that_ties_is_not_warned(tmp_path: Path, stated: str) -> None:
    assert _warnings(tmp_path, stated) == []


def test_a_wrong_grand_total_says_both_sums(tmp_path: Path) -> None:
    (warning,) = _warnings(tmp_path, "4,660.50")
    assert '"Amount" is 4660.50 ' in warning, warning
    assert "add up to 4660.65 (0.00 since the total before it)" in warning, warning
