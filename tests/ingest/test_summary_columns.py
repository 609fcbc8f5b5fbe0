"""A budget's or management pack's summary columns among its months ("Q1 Total", "FY 2026")
are totals: checked against the months they add up, never stored (docs/import.md, layout 150)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from elara.core.money import to_decimal
from elara.ingest.periods import summary_columns
from elara.ingest.pipeline import parse_file
from elara.ingest.settings import ColumnRole
from elara.ingest.suggest import suggest_settings


@pytest.mark.parametrize(
    ("headers", "summaries"),
    [
        (["Account", "Jan-26", "Feb-26", "Mar-26", "Q1 Total", "Apr-26", "FY 2026"], {4, 6}),
        (["Q1", "Q2", "Q3", "Q4", "FY2025"], {4}),
        (["Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025", "2025", "2024"], {4}),
        (["JAN", "FEB", "MAR", "Q1"], {3}),
        (["Dec-25", "Jan-26", "Feb-26", "Q1 2026"], {3}),
        # Years side by side, a prior year beside this year's months: periods, not totals.
        (["2024", "2025"], set()),
        (["Jan-25", "Feb-25", "Mar-25", "2024"], set()),
        # One month of a quarter is not a quarter's total.
        (["Jan-25", "Q1 2025"], set()),
    ],
)
def test_summary_columns(headers: list[str], summaries: set[int]) -> None:
    assert summary_columns(dict(enumerate(headers))) == summaries


def test_quarter_totals_checked_against_their_own_months(tmp_path: Path) -> None:
    path = tmp_path / "budget.csv"
    path.write_text(
        "Account,Jan-26,Feb-26,Mar-26,Q1 Total,Apr-26,May-26,Jun-26,Q2 Total,FY 2026\n"
        "Rent,100,100,100,300,100,100,100,300,600\n"
        "Travel,10,20,30,60,40,50,60,151,210\n",
        encoding="utf-8",
    )
    settings = suggest_settings(path).settings
    roles = {c.header: c.role for c in settings.columns}
    assert roles["Q1 Total"] is roles["Q2 Total"] is roles["FY 2026"] is ColumnRole.ignore
    settings.constants.company, settings.constants.currency = "Acme", "USD"
    parser = parse_file(path, settings=settings)
    amounts = [to_decimal(u) for b in parser for u in b.columns["amount_minor"]]
    assert sum(amounts, Decimal(0)) == Decimal(810)  # the months only, once
    warnings = " ".join(parser.report.warnings)
    assert '"Q2 Total" is 151.00 but its periods add up to 150.00' in warnings
    assert '"Q1 Total"' not in warnings and '"FY 2026"' not in warnings
