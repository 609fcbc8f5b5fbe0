"""Layouts found by walking `make run` with files written by hand in real shapes (docs/import.md,
layouts 150 on): each reproduces what a finance user uploaded and Elara read wrong. Every file
is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.corpus.model import Layout, single_company
from tests.corpus.statements import Spec, checks_of, compute, sections, totals_of
from tests.corpus.write import fmt, month_end, spread, write_csv

MONTHLY_PL: Spec = [
    ("Revenue", None),
    ("Product revenue", (110000, 170000)),
    ("Services revenue", (25000, 40000)),
    ("Total revenue", [("Product revenue", 1), ("Services revenue", 1)]),
    ("Cost of goods sold", (40000, 70000)),
    ("Gross profit", [("Total revenue", 1), ("Cost of goods sold", -1)]),
    ("Operating expenses", None),
    ("Salaries", (55000, 65000)),
    ("Rent", (8000, 8000)),
    ("Marketing", (3000, 15000)),
    ("Total operating expenses", [("Salaries", 1), ("Rent", 1), ("Marketing", 1)]),
    ("Net operating income", [("Gross profit", 1), ("Total operating expenses", -1)]),
]


def pl_quarter_totals_csv(directory: Path, seed: int = 150) -> Layout:
    """A monthly P&L as management packs and budget templates lay it out: company, title and
    "Amounts in USD" above; Jan-25 … Dec-25 with a "Q1 Total" after each quarter's three months
    and "FY 2025" at the end. The quarter and year columns add up the months: storing them
    would count every figure three times (each month, its quarter, the year)."""
    rng = random.Random(seed)
    path = directory / "pl_by_month_with_quarters.csv"
    values = compute(MONTHLY_PL, 12, rng, places=0)
    header: list[str] = ["Account"]
    for quarter in range(4):
        header += [month_end(2025, 3 * quarter + m).strftime("%b-%y") for m in (1, 2, 3)]
        header.append(f"Q{quarter + 1} Total")
    header.append("FY 2025")
    rows: list[list[object]] = [
        ["Harbour Design Ltd"],
        ["Profit and Loss by Month 2025"],
        ["Amounts in USD"],
        header,
    ]

    def shown(value: Decimal) -> str:
        return fmt(value, places=0, thousands=",", negative="parens")

    for label, what in MONTHLY_PL:
        if what is None:
            rows.append([label])
            continue
        row: list[object] = [label]
        for quarter in range(4):
            months = values[label][3 * quarter : 3 * quarter + 3]
            row += [shown(v) for v in months]
            row.append(shown(sum(months, Decimal(0))))
        row.append(shown(sum(values[label], Decimal(0))))
        rows.append(row)
    write_csv(path, rows)
    summaries = {h for h in header if h.startswith(("Q", "FY"))}
    return single_company(
        name="pl_quarter_totals_csv",
        typed=False,
        records_by_date=spread([month_end(2025, m) for m in range(1, 13)], len(values)),
        path=path,
        company="Harbour Design Ltd",
        expected_by_account=totals_of(values),
        not_accounts=sections(MONTHLY_PL) | summaries | {"Account"},
        header_row=4,
        checks=checks_of(MONTHLY_PL, tuple(h for h in header[1:])),
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "pl_quarter_totals_csv": pl_quarter_totals_csv,
}
