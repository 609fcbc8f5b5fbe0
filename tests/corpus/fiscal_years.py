"""Fiscal years that do not start in January (docs/import.md, layouts 176-177): a planning
tool's budget by fiscal period for a year starting in July ("FY25 P01" is July 2024), and an
ERP's period activity for a year starting in April with a thirteenth, year-end adjustment
period ("P13 FY2025") that is no month.

A fiscal year is named after the calendar year it ends in (FY25 ends in 2025), as US public
bodies, schools and most companies with a June or March year end name theirs. The person types
the start month (`fiscal_year_start`), or the admin's fiscal year start supplies it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.corpus.fifth import write_period_budget
from tests.corpus.model import Layout, single_company
from tests.corpus.write import add_to, fmt, money, month_end, rounded, write_csv

ZERO = Decimal(0)

# Account, name, cost centre, monthly low and high: a school trust's budget lines.
JULY_LINES = (
    ("4010", "Tuition Fees", "Academic", 90000, 140000),
    ("4200", "Grants and Donations", "Development", 5000, 30000),
    ("5100", "Teaching Salaries", "Academic", 60000, 65000),
    ("5200", "Support Staff Salaries", "Operations", 18000, 20000),
    ("6100", "Premises Costs", "Operations", 7000, 12000),
    ("6300", "Learning Resources", "Academic", 1500, 9000),
)


def fiscal_month(year: int, start_month: int, period: int) -> dt.date:
    """The month end of period `period` (1-12) of fiscal year `year`, named after the
    calendar year it ends in."""
    first = year - (1 if start_month > 1 else 0)
    months = first * 12 + start_month - 1 + period - 1
    return month_end(months // 12, months % 12 + 1)


def july_fy_values(seed: int = 176) -> dict[str, list[Decimal]]:
    """Each line's twelve period amounts of layout 176 (summed by account name)."""
    rng = random.Random(seed)
    values: dict[str, list[Decimal]] = {}
    for _, name, _, low, high in JULY_LINES:
        amounts = [money(rng, low, high) for _ in range(12)]
        values[name] = [a + b for a, b in zip(values.get(name, [ZERO] * 12), amounts, strict=True)]
    return values


def july_fy_planning_csv(directory: Path, seed: int = 176) -> Layout:
    """A planning tool's budget export for a year starting in July: Account, Account Name,
    Cost Center, "FY25 P01" … "FY25 P12" and "FY25 Total" (the row total, not stored). With
    the start month 7, P01 is July 2024 and P12 June 2025."""
    path = directory / "Budget_by_Period_FY25.csv"
    periods = [f"FY25 P{p:02d}" for p in range(1, 13)]
    header = ["Account", "Account Name", "Cost Center", *periods, "FY25 Total"]
    values = july_fy_values(seed)
    amounts = [values[name] for _, name, *_ in JULY_LINES]
    totals = write_period_budget(path, header, JULY_LINES, amounts)
    layout = single_company(
        name="july_fy_planning_csv",
        records_by_date={fiscal_month(2025, 7, p): len(JULY_LINES) for p in range(1, 13)},
        path=path,
        company="Riverside Learning Trust",
        expected_by_account=rounded(totals),
        not_accounts=frozenset({"FY25 Total", "Account", "4010", "5100", *periods}),
        dimensions=frozenset({"Cost Center"}),
    )
    layout.constants["fiscal_year_start"] = 7
    return layout


# Account, name, monthly low and high, and the year-end adjustment posted in period 13.
APRIL_LINES = (
    ("40000", "Sales", 250000, 320000, Decimal("-4200.00")),
    ("50000", "Cost of Sales", 140000, 180000, Decimal("3150.75")),
    ("61000", "Wages and Salaries", 52000, 56000, ZERO),
    ("64000", "Depreciation", 8000, 8000, Decimal("1875.00")),
    ("68000", "Professional Fees", 1500, 6000, Decimal("12500.00")),
)


def thirteen_period_values(seed: int = 177) -> dict[str, list[Decimal]]:
    """Each line's amounts of layout 177: periods 1-12, then the adjustment period 13."""
    rng = random.Random(seed)
    return {
        name: [*(money(rng, low, high) for _ in range(12)), adjustment]
        for _, name, low, high, adjustment in APRIL_LINES
    }


def thirteen_period_erp_csv(directory: Path, seed: int = 177) -> Layout:
    """An ERP's period activity by account for a year starting in April, headed the ERP's
    way, period first: "P01 FY2025" … "P12 FY2025", then "P13 FY2025", the year-end
    adjustment period (audit adjustments posted after March closed). Periods 1-12 are April
    2024 … March 2025; period 13 is no month: not stored, and the import says so."""
    path = directory / "Period_Activity_FY2025.csv"
    periods = [f"P{p:02d} FY2025" for p in range(1, 14)]
    rows: list[list[object]] = [["Account", "Description", *periods]]
    values = thirteen_period_values(seed)
    totals: dict[str, Decimal] = {}
    for code, name, *_ in APRIL_LINES:
        add_to(totals, name, sum(values[name][:12], ZERO))  # P13 is not stored
        rows.append([code, name, *(fmt(v) for v in values[name])])
    write_csv(path, rows)
    layout = single_company(
        name="thirteen_period_erp_csv",
        records_by_date={fiscal_month(2025, 4, p): len(APRIL_LINES) for p in range(1, 13)},
        path=path,
        company="Northgate Components Ltd",
        expected_by_account=rounded(totals),
        not_accounts=frozenset({"Account", "40000", *periods}),
    )
    layout.constants["fiscal_year_start"] = 4
    return layout


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "july_fy_planning_csv": july_fy_planning_csv,
    "thirteen_period_erp_csv": thirteen_period_erp_csv,
}
