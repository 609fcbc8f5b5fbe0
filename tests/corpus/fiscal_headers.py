"""Fiscal years named in headers and titles (docs/import.md, layouts 197-199): an Australian
listed company's summary income statement with "FY25 | FY24" columns (a year ending 30
June), a UK company's monthly income statement titled "Income statement FY2025 (GBP)" over
month names from APR (a year ending 31 March), and a US public body's monthly revenue and
expenditure report from Oct-24 with a fiscal year to date (a year starting in October).

A fiscal year is named after the calendar year it ends in (FY25 ends in 2025). The person
types the start month (`fiscal_year_start`), or the admin's fiscal year start supplies it;
twelve month names from APR under a title's "FY2025" say it themselves.
Every file is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.corpus.model import Layout, single_company
from tests.corpus.statements import Spec, checks_of, compute, sections, totals_of
from tests.corpus.write import fmt, month_end, write_csv

ZERO = Decimal(0)

# An ASX-style summary income statement in A$ millions, one decimal.
ASX_SPEC: Spec = [
    ("Revenue", (3000, 4800)),
    ("Cost of sales", (-1900, -1200)),
    ("Employee benefits expense", (-900, -600)),
    ("Administrative expenses", (-300, -150)),
    (
        "EBITDA",
        [
            ("Revenue", 1),
            ("Cost of sales", 1),
            ("Employee benefits expense", 1),
            ("Administrative expenses", 1),
        ],
    ),
    ("Depreciation and amortisation", (-260, -180)),
    ("EBIT", [("EBITDA", 1), ("Depreciation and amortisation", 1)]),
    ("Net finance costs", (-80, -30)),
    ("Profit before tax", [("EBIT", 1), ("Net finance costs", 1)]),
    ("Income tax expense", (-160, -90)),
    ("Net profit after tax", [("Profit before tax", 1), ("Income tax expense", 1)]),
]


def fy_columns_statement_csv(directory: Path, seed: int = 197) -> Layout:
    """An Australian listed company's results summary as its investor pack and data sites
    show it: the company, "Summary income statement", "A$ millions", then Line item | FY25 |
    FY24 | Change %. The year ends on 30 June: FY25 is July 2024 - June 2025, so with the
    start month 7 the FY25 figures are dated 30 June 2025 (not 31 December)."""
    rng = random.Random(seed)
    path = directory / "FY25_results_summary.csv"
    values = compute(ASX_SPEC, 2, rng, places=1)
    rows: list[list[object]] = [
        ["Harbourside Minerals Limited"],
        ["Summary income statement"],
        ["A$ millions"],
        ["Line item", "FY25", "FY24", "Change %"],
    ]
    for label, _ in ASX_SPEC:
        now, before = values[label]
        change = "n/m" if before == 0 else f"{(now - before) / abs(before) * 100:.1f}%"
        rows.append(
            [label, fmt(now, places=1, thousands=","), fmt(before, places=1, thousands=","), change]
        )
    write_csv(path, rows)
    layout = single_company(
        name="fy_columns_statement_csv",
        typed=False,
        currency="AUD",  # "A$ millions": the dollar its country's letters name
        records_by_date={dt.date(2025, 6, 30): len(values), dt.date(2024, 6, 30): len(values)},
        path=path,
        company="Harbourside Minerals Limited",
        expected_by_account=totals_of(values),
        not_accounts=sections(ASX_SPEC) | {"Line item", "FY25", "FY24", "Change %"},
        header_row=4,
        checks=checks_of(ASX_SPEC, ("FY25", "FY24")),
        unit_multiplier=1_000_000,
    )
    layout.constants["fiscal_year_start"] = 7
    return layout


# A UK company's monthly income statement (GBP): sections, lines, subtotals.
UK_SPEC: Spec = [
    ("Turnover", (180000, 260000)),
    ("Cost of sales", (-120000, -80000)),
    ("Gross profit", [("Turnover", 1), ("Cost of sales", 1)]),
    ("Administrative expenses", None),
    ("Staff costs", (-52000, -48000)),
    ("Premises", (-9000, -9000)),
    ("Other overheads", (-15000, -4000)),
    (
        "Total administrative expenses",
        [("Staff costs", 1), ("Premises", 1), ("Other overheads", 1)],
    ),
    ("Operating profit", [("Gross profit", 1), ("Total administrative expenses", 1)]),
]
APRIL_MONTHS = ("APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", "JAN", "FEB", "MAR")


def fy_title_months_csv(directory: Path, seed: int = 198) -> Layout:
    """A UK company's monthly management accounts for a year ending 31 March: the company,
    "Income statement FY2025 (GBP)", then a blank label | APR … MAR | Total. The months have
    no year; the title names the fiscal year, so with the start month 4 APR … DEC are 2024
    and JAN … MAR 2025, dated without asking the year."""
    rng = random.Random(seed)
    path = directory / "Management accounts FY2025.csv"
    values = compute(UK_SPEC, 12, rng)
    rows: list[list[object]] = [
        ["Kestrel Precision Engineering Ltd"],
        ["Income statement FY2025 (GBP)"],
        [],
        ["", *APRIL_MONTHS, "Total"],
    ]
    for label, what in UK_SPEC:
        if what is None:
            rows.append([label, *[""] * 13])
            continue
        row = values[label]
        rows.append(
            [label, *(fmt(v, thousands=",") for v in row), fmt(sum(row, ZERO), thousands=",")]
        )
    write_csv(path, rows)
    months = [month_end(2024 if m >= 4 else 2025, m) for m in (*range(4, 13), 1, 2, 3)]
    return single_company(
        name="fy_title_months_csv",
        typed=False,
        currency="GBP",
        records_by_date=dict.fromkeys(months, len(values)),
        path=path,
        company="Kestrel Precision Engineering Ltd",
        expected_by_account=totals_of(values),
        not_accounts=sections(UK_SPEC) | {"Total", *APRIL_MONTHS},
        header_row=4,
        checks=checks_of(UK_SPEC, (*APRIL_MONTHS, "Total")),
    )  # the start month (April) is read off the months: nothing to type


# A US county or school district's revenue and expenditure lines (fund, object, name, low,
# high): revenues positive, expenditures negative.
US_LINES = (
    ("General Fund", "4100", "Property Taxes", 200000, 900000),
    ("General Fund", "4300", "State Aid", 150000, 400000),
    ("General Fund", "4500", "Charges for Services", 20000, 60000),
    ("General Fund", "5100", "Salaries and Wages", -420000, -380000),
    ("General Fund", "5200", "Employee Benefits", -130000, -110000),
    ("General Fund", "5300", "Purchased Services", -80000, -20000),
    ("Special Revenue", "4400", "Federal Grants", 30000, 120000),
    ("Special Revenue", "5400", "Supplies and Materials", -40000, -8000),
)
OCT_MONTHS = ("Oct-24", "Nov-24", "Dec-24", "Jan-25", "Feb-25", "Mar-25")


def fiscal_ytd_months_csv(directory: Path, seed: int = 199) -> Layout:
    """A US public body's monthly revenue and expenditure report for the federal-style year
    starting 1 October: Fund, Object, Description, Oct-24 … Mar-25, then "FYTD" (the fiscal
    year to date: October to March). With the start month 10 the FYTD is checked against the
    six months, and listed, not stored."""
    rng = random.Random(seed)
    path = directory / "Monthly_Revenue_Expenditure_FY2025.csv"
    rows: list[list[object]] = [["Fund", "Object", "Description", *OCT_MONTHS, "FYTD"]]
    totals: dict[str, Decimal] = {}
    for fund, code, name, low, high in US_LINES:
        amounts = [Decimal(rng.randint(low * 100, high * 100)) / 100 for _ in OCT_MONTHS]
        totals[name] = sum(amounts, ZERO)
        ytd = fmt(totals[name], thousands=",")
        rows.append([fund, code, name, *(fmt(a, thousands=",") for a in amounts), ytd])
    write_csv(path, rows)
    months = [
        month_end(int("20" + m[-2:]), i)
        for m, i in zip(OCT_MONTHS, (10, 11, 12, 1, 2, 3), strict=True)
    ]
    layout = single_company(
        name="fiscal_ytd_months_csv",
        currency=None,
        records_by_date=dict.fromkeys(months, len(US_LINES)),
        path=path,
        company="Lakeview County",
        expected_by_account=totals,
        not_accounts=frozenset({"FYTD", "Fund", "Description", "4100", "5100", *OCT_MONTHS}),
        dimensions=frozenset({"Fund"}),
    )
    layout.constants["fiscal_year_start"] = 10
    return layout


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "fy_columns_statement_csv": fy_columns_statement_csv,
    "fy_title_months_csv": fy_title_months_csv,
    "fiscal_ytd_months_csv": fiscal_ytd_months_csv,
}
