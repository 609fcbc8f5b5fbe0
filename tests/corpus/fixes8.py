"""Round "fixes8" (docs/import.md, layouts 229-): a cloud package's manual journal with its
tracking columns in name / option pairs; a quarter named over fiscal year columns. Every
file is written fresh from a seed with made-up numbers; no real file or text is copied."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.corpus.model import Layout, single_company
from tests.corpus.statements import checks_of, compute, sections, totals_of
from tests.corpus.walked import TEN_Q_GROUPS, _lines
from tests.corpus.write import add_to, count_on, money, month_end, write_csv

# (narration, expense account, low, high) of a café group's month-end journals
ACCRUALS = (
    ("Rent accrual", "470", 1800, 2400),
    ("Electricity accrual", "445", 220, 640),
    ("Wages accrual", "477", 3100, 5200),
    ("Cleaning accrual", "408", 90, 260),
)
ACCRUED_LIABILITIES = "820"
REGIONS = ("North", "South", "City")
DEPARTMENTS = ("Kitchen", "Front of house")
JOURNAL_HEADERS = (
    "*Narration",
    "*Date",
    "Description",
    "*AccountCode",
    "*TaxRate",
    "*Amount",
    "TrackingName1",
    "TrackingOption1",
    "TrackingName2",
    "TrackingOption2",
)


def journal_lines(
    rng: random.Random, months: int
) -> list[tuple[dt.date, str, str, Decimal, str, str]]:
    """(date, narration, account, amount, region, department): each accrual debited to its
    expense and credited to accrued liabilities, both lines tracked alike."""
    lines = []
    for month in range(1, months + 1):
        day = month_end(2025, month)
        for narration, account, low, high in ACCRUALS:
            amount = money(rng, low, high)
            region, department = rng.choice(REGIONS), rng.choice(DEPARTMENTS)
            lines.append((day, narration, account, amount, region, department))
            lines.append((day, narration, ACCRUED_LIABILITIES, -amount, region, department))
    return lines


def xero_journal_tracking_csv(directory: Path, seed: int = 229) -> Layout:
    """A cloud package's manual journal CSV ("*Narration, *Date, Description, *AccountCode,
    *TaxRate, *Amount, TrackingName1, TrackingOption1, TrackingName2, TrackingOption2"):
    the name columns hold "Region" and "Department" on every line, the option columns the
    region and department. Stored: each option as the dimension its name column names
    ("Region": "North"), the name columns not at all; amounts signed, debits positive."""
    rng = random.Random(seed)
    path = directory / "xero_journal_tracking.csv"
    lines = journal_lines(rng, 3)
    rows: list[list[object]] = [list(JOURNAL_HEADERS)]
    totals: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for day, narration, account, amount, region, department in lines:
        rows.append(
            [
                narration,
                day.strftime("%d/%m/%Y"),
                f"{narration} {day:%b %Y}",
                account,
                "BAS Excluded",
                f"{amount:.2f}",
                "Region",
                region,
                "Department",
                department,
            ]
        )
        add_to(totals, account, amount)
        count_on(dates, day)
    write_csv(path, rows)
    return single_company(
        name="xero_journal_tracking_csv",
        records_by_date=dates,
        path=path,
        company="Harbour Cafés Pty Ltd",
        expected_by_account=totals,
        not_accounts=frozenset({"Region", "Department", "TrackingName1", "TrackingName2"}),
        dimensions=frozenset({"TrackingOption1", "TrackingOption2"}),
        balanced=True,
    )


def quarter_over_fiscal_years_csv(directory: Path, seed: int = 230) -> Layout:
    """A results summary comparing a quarter with the same quarter a year before, under a
    title stating the fiscal year ending 30 June: "Q3" merged over FY2025 | FY2024 (saved to
    CSV, the cell beside it blank), figures in thousands. The third quarter of a July
    fiscal year is January - March: dated 31 March 2025 and 31 March 2024, said."""
    path = directory / "q3_fiscal_years.csv"
    values = compute(TEN_Q_GROUPS, 2, random.Random(seed), places=0)
    rows: list[list[object]] = [
        ["Litware Holdings Ltd"],
        ["Summary results (in thousands), fiscal year ending 30 June"],
        ["", "Q3", ""],
        ["", "FY2025", "FY2024"],
    ]
    write_csv(path, rows + _lines(TEN_Q_GROUPS, values.__getitem__, width=3))
    return single_company(
        name="quarter_over_fiscal_years_csv",
        typed=False,
        records_by_date={dt.date(2025, 3, 31): len(values), dt.date(2024, 3, 31): len(values)},
        path=path,
        company="Litware Holdings Ltd",
        expected_by_account=totals_of(values),
        not_accounts=sections(TEN_Q_GROUPS),
        header_row=len(rows),
        checks=checks_of(TEN_Q_GROUPS, ("FY2025", "FY2024")),
        unit_multiplier=1000,
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "xero_journal_tracking_csv": xero_journal_tracking_csv,
    "quarter_over_fiscal_years_csv": quarter_over_fiscal_years_csv,
}
