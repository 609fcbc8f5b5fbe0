"""Statements: line items as rows, periods as columns, subtotal lines written by the source.

Layouts: a filing's income statement with fiscal-year-end columns, an office P&L template with
JAN…DEC columns and no year, an accounting package's P&L CSV (title rows, sections, footer),
a Swiss statement with 1'234.56 numbers and year columns, a charity's Current/Previous Year
statement, a quarterly P&L with (1,234.50) negatives, and a cost-centre budget by month.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from tests.corpus.model import Check, Layout, single_company
from tests.corpus.write import col_letter, fmt, money, month_end, rounded, spread, write_csv

# A statement spec: (label, what) where what is None (a section heading), (low, high) (a line
# with random amounts) or a list of (label, sign) parts (a subtotal the source writes).
Spec = list[tuple[str, Any]]


def compute(spec: Spec, periods: int, rng: random.Random, places: int = 2) -> dict[str, list]:
    """Every line's value per period; subtotals from their parts, exactly."""
    values: dict[str, list[Decimal]] = {}
    for label, what in spec:
        if what is None:
            continue
        if isinstance(what, tuple):
            values[label] = [money(rng, what[0], what[1], places) for _ in range(periods)]
        else:
            values[label] = [
                sum((values[part][i] * sign for part, sign in what), Decimal(0))
                for i in range(periods)
            ]
    return values


def totals_of(values: dict[str, list[Decimal]]) -> dict[str, Decimal]:
    """Each line summed over its periods, rounded once to the cent."""
    return rounded({label: sum(row, Decimal(0)) for label, row in values.items()})


def checks_of(spec: Spec, columns: tuple[str, ...], formula: bool = False) -> tuple[Check, ...]:
    """One check per subtotal line of a spec."""
    return tuple(
        Check(label, columns, tuple(what), formula=formula)
        for label, what in spec
        if isinstance(what, list)
    )


def sections(spec: Spec) -> frozenset[str]:
    """Section headings: labels with no amounts, never accounts."""
    return frozenset(label for label, what in spec if what is None)


def _xlsx_statement(
    sheet: Any, spec: Spec, values: dict[str, list], top: int, first_col: int, num: Any, bold: Any
) -> dict[str, int]:
    """Write a spec's rows from row `top`; subtotals as formulas with cached values."""
    rows: dict[str, int] = {}
    for offset, (label, what) in enumerate(spec):
        r = top + offset
        rows[label] = r
        sheet.write(r, 0, label, bold if not isinstance(what, tuple) else None)
        if what is None:
            continue
        for i, value in enumerate(values[label]):
            c = first_col + i
            if isinstance(what, tuple):
                sheet.write_number(r, c, float(value), num)
                continue
            terms = "".join(
                f"{'+' if sign > 0 else '-'}{col_letter(c)}{rows[part] + 1}" for part, sign in what
            )
            sheet.write_formula(r, c, "=" + terms.lstrip("+"), num, float(value))
    return rows


FILING_SPEC: Spec = [
    ("Net sales, products", (180000, 320000)),
    ("Net sales, services", (50000, 100000)),
    ("Total net sales", [("Net sales, products", 1), ("Net sales, services", 1)]),
    ("Cost of sales", (120000, 200000)),
    ("Gross margin", [("Total net sales", 1), ("Cost of sales", -1)]),
    ("Operating expenses:", None),
    ("Research and development", (15000, 32000)),
    ("Selling, general and administrative", (18000, 26000)),
    (
        "Total operating expenses",
        [("Research and development", 1), ("Selling, general and administrative", 1)],
    ),
    ("Operating income", [("Gross margin", 1), ("Total operating expenses", -1)]),
    ("Other income/(expense), net", (-900, -100)),
    (
        "Income before provision for income taxes",
        [("Operating income", 1), ("Other income/(expense), net", 1)],
    ),
    ("Provision for income taxes", (10000, 30000)),
    (
        "Net income",
        [("Income before provision for income taxes", 1), ("Provision for income taxes", -1)],
    ),
]
PER_SHARE = (
    "Basic earnings per share (in dollars per share)",
    "Diluted earnings per share (in dollars per share)",
    "Shares used in computing earnings per share, basic (in thousands)",
    "Shares used in computing earnings per share, diluted (in thousands)",
)


def filing_fy_columns_xlsx(directory: Path, seed: int = 21) -> Layout:
    """A filing's statement of operations: merged '12 Months Ended', fiscal-year-end columns."""
    rng = random.Random(seed)
    path = directory / "statement_of_operations.xlsx"
    periods = ("Sep. 28, 2024", "Sep. 30, 2023", "Sep. 24, 2022")
    values = compute(FILING_SPEC, 3, rng, places=0)
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Statement of Operations")
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0;(#,##0)"})
    sheet.write(
        0,
        0,
        "CONSOLIDATED STATEMENTS OF OPERATIONS - USD ($) shares in Thousands, $ in Millions",
        bold,
    )
    sheet.merge_range(0, 1, 0, 3, "12 Months Ended", bold)
    sheet.write_row(1, 1, periods, bold)
    rows = _xlsx_statement(sheet, FILING_SPEC, values, 2, 1, num, bold)
    r = max(rows.values()) + 1
    sheet.write(r, 0, "Earnings per share:", bold)
    eps = [(values["Net income"][i] / 15500).quantize(Decimal("0.01")) for i in range(3)]
    for k, label in enumerate(PER_SHARE):
        sheet.write(r + 1 + k, 0, label)
        for i in range(3):
            value = eps[i] - Decimal("0.01") * (k % 2) if k < 2 else 15500000 + 40000 * (k % 2)
            sheet.write_number(r + 1 + k, 1 + i, float(value))
    book.close()
    return single_company(
        name="filing_fy_columns_xlsx",
        currency="USD",
        records_by_date=spread(
            [dt.date(2024, 9, 28), dt.date(2023, 9, 30), dt.date(2022, 9, 24)], len(values)
        ),
        unit_multiplier=1_000_000,
        path=path,
        company="Orchard Devices Inc.",
        expected_by_account=totals_of(values),
        record_count=len(values) * 3,
        not_accounts=sections(FILING_SPEC)
        | set(PER_SHARE)
        | {"12 Months Ended", "Earnings per share:"},
        header_row=2,
        sheet="Statement of Operations",
        checks=checks_of(FILING_SPEC, periods, formula=True),
    )


TEMPLATE_SPEC: Spec = [
    ("Revenue", None),
    ("Sales", (8000, 16000)),
    ("Catering", (1000, 4000)),
    ("Other revenue", (0, 600)),
    ("Total revenue", [("Sales", 1), ("Catering", 1), ("Other revenue", 1)]),
    ("Cost of sales", None),
    ("Ingredients", (2500, 5000)),
    ("Packaging", (200, 700)),
    ("Total cost of sales", [("Ingredients", 1), ("Packaging", 1)]),
    ("Gross profit", [("Total revenue", 1), ("Total cost of sales", -1)]),
    ("Expenses", None),
    ("Salaries and wages", (3000, 4200)),
    ("Rent", (1500, 1500)),
    ("Utilities", (180, 420)),
    ("Marketing", (50, 900)),
    ("Insurance", (95, 95)),
    ("Depreciation", (240, 240)),
    (
        "Total expenses",
        [
            ("Salaries and wages", 1),
            ("Rent", 1),
            ("Utilities", 1),
            ("Marketing", 1),
            ("Insurance", 1),
            ("Depreciation", 1),
        ],
    ),
    ("Net income", [("Gross profit", 1), ("Total expenses", -1)]),
]
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def office_pl_months_xlsx(directory: Path, seed: int = 22) -> Layout:
    """An office P&L template: JAN…DEC columns with no year, a YTD column, formula subtotals."""
    rng = random.Random(seed)
    path = directory / "profit_and_loss_template.xlsx"
    values = compute(TEMPLATE_SPEC, 12, rng)
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Profit and Loss")
    bold = book.add_format({"bold": True, "font_size": 14})
    num = book.add_format({"num_format": '_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)'})
    sheet.merge_range(0, 0, 0, 13, "Northwind Bakery", bold)
    sheet.merge_range(1, 0, 1, 13, "Profit and loss statement")
    sheet.write_row(3, 1, MONTHS, bold)
    sheet.write(3, 13, "YTD", bold)
    rows = _xlsx_statement(sheet, TEMPLATE_SPEC, values, 4, 1, num, None)
    for label, r in rows.items():
        if label in values:
            ytd = sum(values[label], Decimal(0))
            sheet.write_formula(r, 13, f"=SUM(B{r + 1}:M{r + 1})", num, float(ytd))
    book.close()
    return Layout(
        name="office_pl_months_xlsx",
        records_by_date=spread([month_end(2025, m) for m in range(1, 13)], len(values)),
        companies=frozenset({"Northwind Bakery"}),
        path=path,
        constants={"company": "Northwind Bakery", "year": 2025},
        expected_by_account=totals_of(values),
        record_count=len(values) * 12,
        not_accounts=sections(TEMPLATE_SPEC) | {"YTD"},
        header_row=4,
        sheet="Profit and Loss",
        checks=checks_of(TEMPLATE_SPEC, (*MONTHS, "YTD"), formula=True),
    )


QB_SPEC: Spec = [
    ("Income", None),
    ("Consulting income", (60000, 90000)),
    ("Training income", (8000, 20000)),
    ("Discounts given", (-2500, -500)),
    ("Total Income", [("Consulting income", 1), ("Training income", 1), ("Discounts given", 1)]),
    ("Cost of Goods Sold", None),
    ("Subcontractors", (9000, 18000)),
    ("Total Cost of Goods Sold", [("Subcontractors", 1)]),
    ("Gross Profit", [("Total Income", 1), ("Total Cost of Goods Sold", -1)]),
    ("Expenses", None),
    ("Advertising & Marketing", (900, 4000)),
    ("Bank charges", (100, 400)),
    ("Insurance", (1200, 2400)),
    ("Legal & Professional Services", (1500, 6000)),
    ("Office expenses", (800, 2500)),
    ("Rent or Lease", (12000, 12000)),
    ("Travel", (700, 5000)),
    (
        "Total Expenses",
        [
            ("Advertising & Marketing", 1),
            ("Bank charges", 1),
            ("Insurance", 1),
            ("Legal & Professional Services", 1),
            ("Office expenses", 1),
            ("Rent or Lease", 1),
            ("Travel", 1),
        ],
    ),
    ("Net Operating Income", [("Gross Profit", 1), ("Total Expenses", -1)]),
    ("Other Income", None),
    ("Interest earned", (10, 300)),
    ("Total Other Income", [("Interest earned", 1)]),
    ("Other Expenses", None),
    ("Exchange gain or loss", (-400, 300)),
    ("Total Other Expenses", [("Exchange gain or loss", 1)]),
    ("Net Other Income", [("Total Other Income", 1), ("Total Other Expenses", -1)]),
    ("Net Income", [("Net Operating Income", 1), ("Net Other Income", 1)]),
]


def accounting_pl_csv(directory: Path, seed: int = 23) -> Layout:
    """An accounting package's P&L CSV: company, title and date-range rows, an unnamed label
    column, section headings, '$' on totals, '-$' negatives and a 'basis' footer."""
    values = compute(QB_SPEC, 1, random.Random(seed))
    path = directory / "profit_and_loss.csv"
    rows: list[list[object]] = [
        ["Harbour Consulting Ltd"],
        ["Profit and Loss"],
        ["January - December 2024"],
        [],
        ["", "Total"],
    ]
    for label, what in QB_SPEC:
        if what is None:
            rows.append([label])
            continue
        value = values[label][0]
        total = isinstance(what, list)
        text = fmt(value, thousands=",", prefix="$" if total else "")
        rows.append([label if total else "   " + label, text])
    rows += [[], [], ["Accrual basis Monday, 6 January 2025 09:14 AM GMT+00:00"]]
    write_csv(path, rows)
    return single_company(
        name="accounting_pl_csv",
        currency="USD",
        records_by_date=spread([dt.date(2024, 12, 31)], len(values)),
        path=path,
        company="Harbour Consulting Ltd",
        typed=False,
        expected_by_account=totals_of(values),
        record_count=len(values),
        not_accounts=sections(QB_SPEC) | {"Total", "Profit and Loss"},
        header_row=5,
        checks=checks_of(QB_SPEC, ("Total",)),
    )


MONTH_COLUMNS = tuple(f"{dt.date(2024, m, 1):%b %Y}" for m in range(1, 13))


def accounting_pl_by_month_csv(directory: Path, seed: int = 28) -> Layout:
    """The same package's 'Profit and Loss by Month': Jan 2024 … Dec 2024 text headers and a
    Total column that is the row's sum, under the same title rows, sections and footer."""
    values = compute(QB_SPEC, 12, random.Random(seed))
    path = directory / "profit_and_loss_by_month.csv"
    rows: list[list[object]] = [
        ["Harbour Consulting Ltd"],
        ["Profit and Loss by Month"],
        ["January - December 2024"],
        [],
        ["", *MONTH_COLUMNS, "Total"],
    ]
    for label, what in QB_SPEC:
        if what is None:
            rows.append([label])
            continue
        total = isinstance(what, list)
        row = [*values[label], sum(values[label], Decimal(0))]
        texts = [fmt(v, thousands=",", prefix="$" if total else "") for v in row]
        rows.append([label if total else "   " + label, *texts])
    rows += [[], [], ["Cash basis Friday, 10 January 2025 04:51 PM GMT+00:00"]]
    write_csv(path, rows)
    return single_company(
        name="accounting_pl_by_month_csv",
        currency="USD",
        records_by_date=spread([month_end(2024, m) for m in range(1, 13)], len(values)),
        path=path,
        company="Harbour Consulting Ltd",
        typed=False,
        expected_by_account=totals_of(values),
        record_count=len(values) * 12,
        not_accounts=sections(QB_SPEC) | {"Total", "Profit and Loss by Month"},
        header_row=5,
        checks=checks_of(QB_SPEC, (*MONTH_COLUMNS, "Total")),
    )


SWISS_SPEC: Spec = [
    ("Revenue from services", (400000, 900000)),
    ("Revenue from goods", (50000, 120000)),
    ("Total operating revenue", [("Revenue from services", 1), ("Revenue from goods", 1)]),
    ("Cost of materials", (-90000, -30000)),
    ("Gross profit", [("Total operating revenue", 1), ("Cost of materials", 1)]),
    ("Personnel expenses", (-500000, -300000)),
    ("Rent", (-60000, -60000)),
    ("Administrative expenses", (-40000, -15000)),
    ("Depreciation", (-25000, -8000)),
    (
        "Operating result (EBIT)",
        [
            ("Gross profit", 1),
            ("Personnel expenses", 1),
            ("Rent", 1),
            ("Administrative expenses", 1),
            ("Depreciation", 1),
        ],
    ),
    ("Financial result", (-3000, 500)),
    ("Direct taxes", (-15000, -2000)),
    (
        "Annual profit",
        [("Operating result (EBIT)", 1), ("Financial result", 1), ("Direct taxes", 1)],
    ),
]


def swiss_statement_csv(directory: Path, seed: int = 24) -> Layout:
    """A Swiss income statement: 1'234.56 numbers, expenses negative, year columns, account
    numbers beside the labels, title rows naming the company, period and currency."""
    values = compute(SWISS_SPEC, 2, random.Random(seed))
    path = directory / "income_statement_ch.csv"
    rows: list[list[object]] = [
        ["Muster Treuhand AG"],
        ["Income statement 01.01.2024 - 31.12.2024"],
        ["Amounts in CHF"],
        [],
        ["Account", "Description", "2024", "2023"],
    ]
    for number, (label, what) in enumerate(SWISS_SPEC):
        code = "" if isinstance(what, list) else str(3000 + 200 * number)
        rows.append([code, label, *[fmt(v, thousands="'") for v in values[label]]])
    write_csv(path, rows, delimiter=";")
    return single_company(
        name="swiss_statement_csv",
        currency="CHF",
        records_by_date=spread([dt.date(2024, 12, 31), dt.date(2023, 12, 31)], len(values)),
        path=path,
        company="Muster Treuhand AG",
        typed=False,
        expected_by_account=totals_of(values),
        record_count=len(values) * 2,
        not_accounts=frozenset({"Account", "2024", "2023"}),
        header_row=5,
        delimiter=";",
        checks=checks_of(SWISS_SPEC, ("2024", "2023")),
    )


CHARITY_SPEC: Spec = [
    ("Income", None),
    ("Grants", (200000, 400000)),
    ("Donations and legacies", (20000, 60000)),
    ("Trading activities", (5000, 15000)),
    ("Investment income", (100, 900)),
    (
        "Total income",
        [
            ("Grants", 1),
            ("Donations and legacies", 1),
            ("Trading activities", 1),
            ("Investment income", 1),
        ],
    ),
    ("Expenditure", None),
    ("Staff costs", (150000, 260000)),
    ("Premises costs", (30000, 60000)),
    ("Educational supplies", (8000, 20000)),
    ("Governance costs", (2000, 6000)),
    (
        "Total expenditure",
        [
            ("Staff costs", 1),
            ("Premises costs", 1),
            ("Educational supplies", 1),
            ("Governance costs", 1),
        ],
    ),
    ("Net income/(expenditure)", [("Total income", 1), ("Total expenditure", -1)]),
]


def current_previous_year_xlsx(directory: Path, seed: int = 25) -> Layout:
    """A charity's statement: Notes, Current Year and Previous Year columns, no dates anywhere."""
    values = compute(CHARITY_SPEC, 2, random.Random(seed))
    path = directory / "statement_of_activities.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("SOFA")
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0.00;(#,##0.00)"})
    sheet.write(0, 0, "Statement of financial activities", bold)
    sheet.write(1, 0, "Amounts in GBP")
    sheet.write_row(3, 0, ["", "Current Year", "Previous Year", "Notes"], bold)
    rows = _xlsx_statement(sheet, CHARITY_SPEC, values, 4, 1, num, bold)
    for note, label in enumerate(("Grants", "Donations and legacies", "Staff costs"), start=3):
        sheet.write_number(rows[label], 3, note)
    book.close()
    return Layout(
        name="current_previous_year_xlsx",
        currency="GBP",
        records_by_date=spread([dt.date(2025, 8, 31), dt.date(2024, 8, 31)], len(values)),
        companies=frozenset({"Lakeside Learning Trust"}),
        path=path,
        constants={"company": "Lakeside Learning Trust", "date": "2025-08-31"},
        expected_by_account=totals_of(values),
        record_count=len(values) * 2,
        not_accounts=sections(CHARITY_SPEC) | {"Notes"},
        header_row=4,
        sheet="SOFA",
        checks=checks_of(CHARITY_SPEC, ("Current Year", "Previous Year"), formula=True),
    )


QUARTER_SPEC: Spec = [
    ("Revenue", (90000, 160000)),
    ("Cost of revenue", (-70000, -40000)),
    ("Gross profit", [("Revenue", 1), ("Cost of revenue", 1)]),
    ("Sales and marketing", (-20000, -9000)),
    ("General and administrative", (-15000, -7000)),
    (
        "Operating income",
        [("Gross profit", 1), ("Sales and marketing", 1), ("General and administrative", 1)],
    ),
    ("Interest expense", (-1500, -1234)),
    ("Income tax", (-9000, -2000)),
    ("Net income", [("Operating income", 1), ("Interest expense", 1), ("Income tax", 1)]),
]


def quarterly_pl_csv(directory: Path, seed: int = 26) -> Layout:
    """A quarterly P&L: Q1…Q4 and Total columns, costs in parentheses, no year in the file."""
    values = compute(QUARTER_SPEC, 4, random.Random(seed))
    values["Interest expense"][0] = Decimal("-1234.50")
    for label, what in QUARTER_SPEC:  # recompute subtotals after the fixed value
        if isinstance(what, list):
            values[label] = [sum((values[p][i] * s for p, s in what), Decimal(0)) for i in range(4)]
    path = directory / "quarterly_pl.csv"
    rows: list[list[object]] = [
        ["Quarterly profit and loss"],
        ["Amounts in EUR"],
        [],
        ["Line item", "Q1", "Q2", "Q3", "Q4", "Total"],
    ]
    for label, _ in QUARTER_SPEC:
        row = [*values[label], sum(values[label], Decimal(0))]
        rows.append([label, *[fmt(v, thousands=",", negative="parens") for v in row]])
    write_csv(path, rows)
    return Layout(
        name="quarterly_pl_csv",
        currency="EUR",
        records_by_date=spread([month_end(2024, m) for m in (3, 6, 9, 12)], len(values)),
        companies=frozenset({"Kestrel Analytics GmbH"}),
        path=path,
        constants={"company": "Kestrel Analytics GmbH", "year": 2024},
        expected_by_account=totals_of(values),
        record_count=len(values) * 4,
        not_accounts=frozenset({"Total", "Q1", "Q2", "Q3", "Q4"}),
        header_row=4,
        checks=checks_of(QUARTER_SPEC, ("Q1", "Q2", "Q3", "Q4", "Total")),
    )


BUDGET_LINES = {
    "Sales": ("Salaries", "Travel", "Software"),
    "Operations": ("Salaries", "Equipment", "Software"),
    "Administration": ("Salaries", "Rent", "Insurance"),
}


def budget_months_xlsx(directory: Path, seed: int = 27) -> Layout:
    """A cost-centre budget: month columns that are dates shown as Jan-25, an FY Total column,
    the same account under several cost centres, and a SUM row at the bottom."""
    rng = random.Random(seed)
    path = directory / "budget_2025.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Budget")
    head = book.add_format({"bold": True, "num_format": "mmm-yy"})
    num = book.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, ["Cost Centre", "Account"], head)
    for m in range(12):
        sheet.write_datetime(0, 2 + m, dt.datetime(2025, m + 1, 1), head)
    sheet.write(0, 14, "FY Total", head)
    totals: dict[str, Decimal] = {}
    column_sums = [Decimal(0)] * 13
    r = 1
    for centre, accounts in BUDGET_LINES.items():
        for account in accounts:
            row = [money(rng, 300, 9000) for _ in range(12)]
            totals[account] = totals.get(account, Decimal(0)) + sum(row, Decimal(0))
            sheet.write_row(r, 0, [centre, account])
            for m, value in enumerate(row):
                sheet.write_number(r, 2 + m, float(value), num)
                column_sums[m] += value
            sheet.write_formula(r, 14, f"=SUM(C{r + 1}:N{r + 1})", num, float(sum(row)))
            column_sums[12] += sum(row, Decimal(0))
            r += 1
    sheet.write(r, 0, "Total")
    for m in range(13):
        letter = col_letter(2 + m)
        sheet.write_formula(r, 2 + m, f"=SUM({letter}2:{letter}{r})", num, float(column_sums[m]))
    book.close()
    return single_company(
        name="budget_months_xlsx",
        records_by_date=spread([month_end(2025, m) for m in range(1, 13)], 9),
        path=path,
        company="Fjord Freight AS",
        expected_by_account=rounded(totals),
        record_count=9 * 12,
        not_accounts=frozenset({"FY Total", "Total", "Cost Centre"}),
        dimensions=frozenset({"Cost Centre"}),
        sheet="Budget",
        checks=(Check("Total", ("FY Total",), formula=True),),
    )


ERP_SPEC: Spec = [
    ("Ordinary Income/Expense", None),
    ("Income", None),
    ("4000 - Sales", (300000, 450000)),
    ("4010 - Sales Discounts", (-6000, -2000)),
    ("4100 - Service Revenue", (60000, 95000)),
    (
        "Total - Income",
        [("4000 - Sales", 1), ("4010 - Sales Discounts", 1), ("4100 - Service Revenue", 1)],
    ),
    ("Cost Of Sales", None),
    ("5000 - Cost of Goods Sold", (150000, 220000)),
    ("5100 - Freight In", (3000, 6000)),
    ("Total - Cost Of Sales", [("5000 - Cost of Goods Sold", 1), ("5100 - Freight In", 1)]),
    ("Gross Profit", [("Total - Income", 1), ("Total - Cost Of Sales", -1)]),
    ("Expense", None),
    ("6000 - Salaries & Wages", (110000, 130000)),
    ("6100 - Rent Expense", (30000, 30000)),
    ("6150 - Depreciation", (6250, 6250)),
    ("6200 - Travel & Entertainment", (4000, 9000)),
    ("6300 - Bank Fees", (150, 400)),
    (
        "Total - Expense",
        [
            ("6000 - Salaries & Wages", 1),
            ("6100 - Rent Expense", 1),
            ("6150 - Depreciation", 1),
            ("6200 - Travel & Entertainment", 1),
            ("6300 - Bank Fees", 1),
        ],
    ),
    ("Net Ordinary Income", [("Gross Profit", 1), ("Total - Expense", -1)]),
    ("Other Income and Expenses", None),
    ("Other Income", None),
    ("8000 - Interest Income", (500, 1500)),
    ("Total - Other Income", [("8000 - Interest Income", 1)]),
    ("Other Expense", None),
    ("8500 - Interest Expense", (3000, 5000)),
    ("8900 - Income Tax Expense", (20000, 30000)),
    (
        "Total - Other Expense",
        [("8500 - Interest Expense", 1), ("8900 - Income Tax Expense", 1)],
    ),
    ("Net Other Income", [("Total - Other Income", 1), ("Total - Other Expense", -1)]),
    ("Net Income", [("Net Ordinary Income", 1), ("Net Other Income", 1)]),
]


def erp_income_statement_xlsx(directory: Path, seed: int = 42) -> Layout:
    """A cloud ERP's income statement saved to Excel: company, title and date-range rows, a
    "Financial Row | Amount" header, nested section headings, "Total - …" lines, "Net
    Ordinary Income" (operating income before other income and expense) and the income tax
    filed under "Other Expense". Found by walking `make run`: "Net Ordinary Income" counted
    as revenue and the tax as an other expense, so none of the stated lines tied out."""
    values = compute(ERP_SPEC, 1, random.Random(seed))
    path = directory / "income_statement.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Income Statement")
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0.00;(#,##0.00)"})
    sheet.write(0, 0, "Wolfe Industrial Inc.", bold)
    sheet.write(1, 0, "Income Statement", bold)
    sheet.write(2, 0, "Jan 2025 - Mar 2025")
    sheet.write_row(4, 0, ["Financial Row", "Amount"], bold)
    _xlsx_statement(sheet, ERP_SPEC, values, 5, 1, num, bold)
    book.close()
    return single_company(
        name="erp_income_statement_xlsx",
        records_by_date=spread([dt.date(2025, 3, 31)], len(values)),
        path=path,
        company="Wolfe Industrial Inc.",
        typed=False,
        expected_by_account=totals_of(values),
        record_count=len(values),
        not_accounts=sections(ERP_SPEC) | {"Amount", "Financial Row"},
        header_row=5,
        sheet="Income Statement",
        checks=checks_of(ERP_SPEC, ("Amount",), formula=True),
    )


UK_PACK_SPEC: Spec = [
    ("Revenue", None),
    ("Bread", (380, 440)),
    ("Cakes & pastries", (170, 220)),
    ("Wholesale", (80, 110)),
    ("Total revenue", [("Bread", 1), ("Cakes & pastries", 1), ("Wholesale", 1)]),
    ("Cost of sales", None),
    ("Ingredients", (-260, -220)),
    ("Direct labour", (-150, -130)),
    ("Total cost of sales", [("Ingredients", 1), ("Direct labour", 1)]),
    ("Gross profit", [("Total revenue", 1), ("Total cost of sales", 1)]),
    ("Overheads", None),
    ("Rent & rates", (-45, -40)),
    ("Utilities", (-35, -25)),
    ("Salaries - admin", (-95, -85)),
    ("Depreciation", (-22, -22)),
    (
        "Total overheads",
        [("Rent & rates", 1), ("Utilities", 1), ("Salaries - admin", 1), ("Depreciation", 1)],
    ),
    ("Operating profit", [("Gross profit", 1), ("Total overheads", 1)]),
    ("Interest payable", (-8, -5)),
    ("Profit before tax", [("Operating profit", 1), ("Interest payable", 1)]),
    ("Corporation tax", (-30, -25)),
    ("Profit after tax", [("Profit before tax", 1), ("Corporation tax", 1)]),
]


def mgmt_pack_month_ytd_csv(directory: Path, seed: int = 110) -> Layout:
    """A UK management pack's income statement: company, title "Period 7 - October 2025"
    and "£'000" rows, then "Month" and "Year to date" over Actual | Budget | Variance, whole
    thousands with negatives in brackets, costs negative, "Interest payable" between the
    operating profit and the profit before tax. Found by walking `make run`: the header was
    taken as the Month | Year to date row, every column stored as an account named "Column
    3"…, the labels as descriptions; and "Interest payable" was read as a balance-sheet
    liability, so the profit lines did not tie out. Only the month's actual is stored (the
    year to date adds up months the pack does not show; the budget is kept as a number)."""
    rng = random.Random(seed)
    month = compute(UK_PACK_SPEC, 1, rng, places=0)
    budget = compute(UK_PACK_SPEC, 1, rng, places=0)
    ytd = {label: [row[0] * 7 + rng.randint(-9, 9)] for label, row in month.items()}
    path = directory / "management_accounts.csv"

    def cell(value: Decimal) -> str:
        return fmt(value, places=0, thousands=",", negative="parens")

    rows: list[list[object]] = [
        ["Riverside Bakeries Ltd"],
        ["Management Accounts - Income Statement"],
        ["Period 7 - October 2025"],
        ["£'000"],
        ["", "Month", "", "", "", "Year to date", "", ""],
        ["", "Actual", "Budget", "Variance", "", "Actual", "Budget", "Variance"],
    ]
    for label, what in UK_PACK_SPEC:
        if what is None:
            rows.append([label])
            continue
        m, b, y = month[label][0], budget[label][0], ytd[label][0]
        rows.append([label, cell(m), cell(b), cell(m - b), "", cell(y), cell(y), cell(y - y)])
    write_csv(path, rows)
    return single_company(
        name="mgmt_pack_month_ytd_csv",
        records_by_date=spread([dt.date(2025, 10, 31)], len(month)),
        path=path,
        company="Riverside Bakeries Ltd",
        typed=False,
        expected_by_account=totals_of(month),
        record_count=len(month),
        not_accounts=sections(UK_PACK_SPEC)
        | {"Actual", "Budget", "Variance", "Month", "Year to date"},
        header_row=6,
        checks=checks_of(UK_PACK_SPEC, ("Actual",)),
        unit_multiplier=1000,
        currency="GBP",  # "£'000"
    )
