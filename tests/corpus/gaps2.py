"""Layout 224 (docs/import.md): a quarterly income statement of a fiscal year that starts
in July, the title saying so ("FY2025 (July-June)") over Q1 … Q4 and a Total. Q1 is the
fiscal year's first quarter (July - September 2024), not January - March.
Every file is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.corpus.model import Layout
from tests.corpus.statements import QUARTER_SPEC, checks_of, compute, totals_of
from tests.corpus.write import fmt, month_end, spread, write_csv


# 224 ------------------------------------------------------------------------------------
def fiscal_quarters_july_csv(directory: Path, seed: int = 224) -> Layout:
    """An Australian company's quarterly income statement: the company, "Income statement
    FY2025 (July\u2013June)", "Amounts in AUD", then Line item | Q1 | Q2 | Q3 | Q4 | Total;
    costs negative. Q1 ends 30 September 2024 and Q4 30 June 2025."""
    values = compute(QUARTER_SPEC, 4, random.Random(seed))
    path = directory / "fy2025_quarterly_income_statement.csv"
    rows: list[list[object]] = [
        ["Wattle Creek Analytics Pty Ltd"],
        ["Income statement FY2025 (July\u2013June)"],
        ["Amounts in AUD"],
        [],
        ["Line item", "Q1", "Q2", "Q3", "Q4", "Total"],
    ]
    for label, _ in QUARTER_SPEC:
        row = [*values[label], sum(values[label], Decimal(0))]
        rows.append([label, *[fmt(v, thousands=",") for v in row]])
    write_csv(path, rows)
    ends = [month_end(2024, 9), month_end(2024, 12), month_end(2025, 3), month_end(2025, 6)]
    return Layout(
        name="fiscal_quarters_july_csv",
        currency="AUD",
        records_by_date=spread(ends, len(values)),
        companies=frozenset({"Wattle Creek Analytics Pty Ltd"}),
        path=path,
        constants={},
        expected_by_account=totals_of(values),
        record_count=len(values) * 4,
        not_accounts=frozenset({"Total", "Q1", "Q2", "Q3", "Q4"}),
        header_row=5,
        checks=checks_of(QUARTER_SPEC, ("Q1", "Q2", "Q3", "Q4", "Total")),
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "fiscal_quarters_july_csv": fiscal_quarters_july_csv,
}
