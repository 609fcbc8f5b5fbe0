"""Layouts 130 onwards (docs/import.md): the quirks real workbooks carry that CSV exports do
not. Studied on public finance workbooks (an office "Monthly budget" / "12-month cash flow"
template, the Power BI "Financial Sample", accountants' trial balance and management-pack
workbooks) and reproduced one quirk per file: scenario labels merged over dated months, Excel
error cells in money columns, a currency stated only by the number format, numbers stored as
text beside real numbers, hidden helper columns and hidden rows, an Excel Table with a totals
row under title rows and frozen panes behind a chart sheet and an empty cover sheet, and a
summary sheet restating its detail sheets. Every file is written fresh from a seed with
made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from tests.corpus.model import Check, Layout, single_company
from tests.corpus.write import add_to, col_letter, count_on, day_in, money, month_end, rounded

ZERO = Decimal(0)
MONTHS_H1 = [f"{dt.date(2025, m, 1):%b %Y}" for m in range(1, 7)]

CLINIC_LINES = (
    ("Patient fees", 18000, 26000),
    ("Insurance claims", 6000, 9000),
    ("Salaries", -14000, -11000),
    ("Rent", -2500, -2500),
    ("Dental supplies", -2600, -900),
    ("Utilities", -650, -300),
)


def actual_budget_over_months_xlsx(directory: Path, seed: int = 130) -> Layout:
    """A practice's monthly report: "Actual" merged over Jan 2025 … Jun 2025, "Budget" merged
    over the same six months beside it, the line names under "Account". The actuals are the
    records, each dated by its month; the budget columns are numbers, never added to them."""
    rng = random.Random(seed)
    path = directory / "monthly_report_h1.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Report")
    bold = book.add_format({"bold": True, "align": "center"})
    num = book.add_format({"num_format": "#,##0.00;[Red]-#,##0.00"})
    sheet.write(0, 0, "Riverside Dental Practice", book.add_format({"bold": True}))
    sheet.write(1, 0, "Monthly report, first half 2025")
    sheet.merge_range(3, 1, 3, 6, "Actual", bold)
    sheet.merge_range(3, 7, 3, 12, "Budget", bold)
    sheet.write(4, 0, "Account", bold)
    sheet.write_row(4, 1, MONTHS_H1 + MONTHS_H1, bold)
    sheet.freeze_panes(5, 1)
    actual: dict[str, Decimal] = {}
    for r, (label, low, high) in enumerate(CLINIC_LINES, start=5):
        sheet.write(r, 0, label)
        for m in range(6):
            value, budget = money(rng, low, high), money(rng, low, high)
            add_to(actual, label, value)
            sheet.write_number(r, 1 + m, float(value), num)
            sheet.write_number(r, 7 + m, float(budget), num)
    book.close()
    return single_company(
        name="actual_budget_over_months_xlsx",
        records_by_date={month_end(2025, m): len(CLINIC_LINES) for m in range(1, 7)},
        path=path,
        company="Riverside Dental Practice",
        typed=False,
        expected_by_account=rounded(actual),
        not_accounts=frozenset({"Actual", "Budget", *MONTHS_H1}),
        header_row=5,
        sheet="Report",
    )


PL_LINES = (
    ("Sales", 20000, 31000),
    ("Other income", 900, 1400),
    ("Purchases", -12000, -7000),
    ("Wages", -9000, -8000),
    ("Bank charges", -60, -20),
    ("Commission", -900, -200),
)
# The cells that hold an Excel error instead of a number: (line, month index, formula, shown).
ERROR_CELLS = (
    ("Bank charges", 1, "=#REF!+12", "#REF!"),
    ("Commission", 2, "=C11/0", "#DIV/0!"),
    ("Purchases", 0, '=VLOOKUP("Q9",$A$6:$D$11,2,FALSE)', "#N/A"),
)


def error_cells_xlsx(directory: Path, seed: int = 131) -> Layout:
    """A "profit and loss by month" workbook after someone deleted a source sheet: three money
    cells hold an Excel error (#REF!, #DIV/0!, #N/A) with no number behind it. They have no
    value: nothing is stored for them (never 0 silently) and the preview names each one."""
    rng = random.Random(seed)
    path = directory / "pl_by_month_q1.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("P&L")
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0.00;(#,##0.00)"})
    sheet.write(0, 0, "Copperleaf Trading Ltd", bold)
    sheet.write(1, 0, "Profit and loss by month (GBP)")
    months = [f"{dt.date(2025, m, 1):%b %Y}" for m in (1, 2, 3)]
    sheet.write_row(3, 0, ["Line", *months], bold)
    errors = {(line, m): (formula, shown) for line, m, formula, shown in ERROR_CELLS}
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for r, (label, low, high) in enumerate(PL_LINES, start=4):
        sheet.write(r, 0, label)
        for m in range(3):
            value = money(rng, low, high)
            if (label, m) in errors:
                formula, shown = errors[label, m]
                sheet.write_formula(r, 1 + m, formula, num, shown)
                continue
            add_to(expected, label, value)
            count_on(dates, month_end(2025, m + 1))
            sheet.write_number(r, 1 + m, float(value), num)
    book.close()
    return single_company(
        name="error_cells_xlsx",
        records_by_date=dates,
        path=path,
        company="Copperleaf Trading Ltd",
        typed=False,
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Line", *months}),
        header_row=4,
        sheet="P&L",
        currency="GBP",
    )


BUDGET_LINES = (
    ("Salary", 3100, 3400),
    ("Freelance income", 200, 1200),
    ("Rent", -1150, -1150),
    ("Groceries", -520, -280),
    ("Transport", -160, -60),
    ("Insurance", -95, -95),
)


def euro_format_budget_xlsx(directory: Path, seed: int = 132) -> Layout:
    """An office "Monthly budget" workbook kept in euros: the currency is stated only by the
    amounts' number format ("[$€-x-euro2] #,##0.00", the euro as the format picker writes it),
    nowhere in a title or header; a "Share" column formatted as a percentage (0.25 shown 25%)
    beside the months is a rate, never money."""
    rng = random.Random(seed)
    path = directory / "monthly_budget.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Budget")
    bold = book.add_format({"bold": True})
    euro = book.add_format({"num_format": "[$€-x-euro2] #,##0.00;-[$€-x-euro2] #,##0.00"})
    percent = book.add_format({"num_format": "0%"})
    months = [f"{dt.date(2025, m, 1):%b %Y}" for m in (1, 2, 3)]
    sheet.write(0, 0, "Household budget: Lotte van Dijk", bold)
    sheet.write_row(2, 0, ["Item", *months, "Share"], bold)
    expected: dict[str, Decimal] = {}
    income = Decimal(0)
    rows: list[tuple[str, list[Decimal]]] = []
    for label, low, high in BUDGET_LINES:
        values = [money(rng, low, high) for _ in months]
        rows.append((label, values))
        income += sum((v for v in values if v > 0), ZERO)
    for r, (label, values) in enumerate(rows, start=3):
        sheet.write(r, 0, label)
        for m, value in enumerate(values):
            add_to(expected, label, value)
            sheet.write_number(r, 1 + m, float(value), euro)
        sheet.write_number(r, 4, float(abs(sum(values, ZERO)) / income), percent)
    book.close()
    return single_company(
        name="euro_format_budget_xlsx",
        records_by_date={month_end(2025, m): len(BUDGET_LINES) for m in (1, 2, 3)},
        path=path,
        company="Lotte van Dijk",
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Item", "Share", *months}),
        header_row=3,
        sheet="Budget",
        currency="EUR",
    )


LEDGER_ACCOUNTS = ("Sales", "Consulting income", "Office supplies", "Travel", "Software")


def text_numbers_ledger_xlsx(directory: Path, seed: int = 133) -> Layout:
    """A ledger pasted together from two systems: in the Amount column some cells are real
    numbers and others numbers stored as text (Excel's green triangle): "1,234.50" with a
    thousands comma, a quote-prefixed "250.00" (typed with a leading apostrophe), " 99.10 "
    with spaces. Dates are serial numbers in a column formatted as dates; the "Doc No" column
    is plain integers of the same size (45700 …), which must not become dates."""
    rng = random.Random(seed)
    path = directory / "ledger_pasted.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ledger")
    bold = book.add_format({"bold": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    quoted = book.add_format({"quote_prefix": True})
    num = book.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, ["Date", "Doc No", "Account", "Description", "Amount"], bold)
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for n in range(1, 31):
        day = day_in(rng, 2025, rng.randint(1, 3))
        account = rng.choice(LEDGER_ACCOUNTS)
        sign = 1 if account in ("Sales", "Consulting income") else -1
        amount = money(rng, 20, 3000) * sign
        add_to(expected, account, amount)
        count_on(dates, day)
        r = n
        sheet.write_datetime(r, 0, dt.datetime(day.year, day.month, day.day), date_format)
        sheet.write_number(r, 1, 45700 + n)
        sheet.write(r, 2, account)
        sheet.write(r, 3, f"Entry {n}")
        text = f"{amount:,.2f}"
        if n % 5 == 1:
            sheet.write_string(r, 4, text)  # "1,234.50": a number stored as text
        elif n % 5 == 2:
            sheet.write_string(r, 4, f"{amount:.2f}", quoted)  # '250.00
        elif n % 5 == 3:
            sheet.write_string(r, 4, f" {amount:.2f} ")
        else:
            sheet.write_number(r, 4, float(amount), num)
    book.close()
    return single_company(
        name="text_numbers_ledger_xlsx",
        records_by_date=dates,
        path=path,
        company="Pellham Studio",
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Doc No", "Amount", "Description"}),
        sheet="Ledger",
    )


TB_LINES = (
    ("1000", "Bank current account", 1),
    ("1100", "Trade debtors", 1),
    ("2100", "Trade creditors", -1),
    ("3000", "Share capital", -1),
    ("4000", "Sales", -1),
    ("5000", "Cost of sales", 1),
    ("6100", "Wages and salaries", 1),
    ("6200", "Rent and rates", 1),
)
# Hidden rows: last year's figures kept under their lines, hidden rather than deleted.
HIDDEN_AFTER = ("Trade debtors", "Sales")


def hidden_rows_columns_tb_xlsx(directory: Path, seed: int = 134) -> Layout:
    """An accountant's trial balance workbook: a hidden helper column of account codes (used by
    lookups elsewhere) left of the names, and two rows of last year's figures hidden under
    their lines rather than deleted; SUM totals of Debit and Credit include them, as Excel's
    SUM does. Elara reads hidden rows like the others (the totals tie only so) and says so."""
    rng = random.Random(seed)
    path = directory / "trial_balance_2025.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("TB")
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0.00;(#,##0.00);-"})
    sheet.write(0, 1, "Oakfield Joinery Ltd", bold)
    sheet.write(1, 1, "Trial balance as at 31 December 2025")
    sheet.write_row(3, 0, ["Code", "Account", "Debit", "Credit"], bold)
    sheet.set_column(0, 0, None, None, {"hidden": True})
    lines: list[tuple[str, str, Decimal, bool]] = []
    for code, name, side in TB_LINES[:-1]:
        lines.append((code, name, money(rng, 2000, 60000) * side, False))
        if name in HIDDEN_AFTER:
            lines.append((code, f"{name} (2024)", money(rng, 2000, 9000) * side, True))
    balance = sum((v for _, _, v, _ in lines), ZERO)
    code, name, _ = TB_LINES[-1]
    lines.append((code, name, -balance, False))
    expected: dict[str, Decimal] = {}
    r = 4
    for code, name, value, hidden in lines:
        sheet.write(r, 0, code)
        sheet.write(r, 1, name)
        if value >= 0:
            sheet.write_number(r, 2, float(value), num)
        else:
            sheet.write_number(r, 3, float(-value), num)
        if hidden:
            sheet.set_row(r, None, None, {"hidden": True})
        add_to(expected, name, value)
        r += 1
    debit = sum((v for *_, v, _ in lines if v > 0), ZERO)
    sheet.write(r, 1, "Total", bold)
    sheet.write_formula(r, 2, f"=SUM(C5:C{r})", num, float(debit))
    sheet.write_formula(r, 3, f"=SUM(D5:D{r})", num, float(debit))
    book.close()
    return single_company(
        name="hidden_rows_columns_tb_xlsx",
        records_by_date={dt.date(2025, 12, 31): len(lines)},
        path=path,
        company="Oakfield Joinery Ltd",
        typed=False,
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Code", "Debit", "Credit", "Total"}),
        header_row=4,
        sheet="TB",
        balanced=True,
        checks=(Check(label="Total", columns=("Debit", "Credit"), formula=True),),
    )


SALES_REGIONS = ("North", "South", "West")
SALES_PRODUCTS = ("Paseo", "Velo", "Montana")


def table_totals_row_xlsx(directory: Path, seed: int = 135) -> Layout:
    """A sales workbook as an analyst leaves it: a chart sheet first, an empty "Notes" sheet,
    then the data sheet with two title rows above an Excel Table (ListObject) whose totals row
    is a =SUBTOTAL(109, …) formula with its saved result, panes frozen under the header. Its
    "Tax" column is the sales tax rate, formatted "0%" (0.2 shows 20%): never money."""
    rng = random.Random(seed)
    path = directory / "sales_analysis.xlsx"
    book = xlsxwriter.Workbook(path)
    chart_sheet = book.add_chartsheet("Chart")
    book.add_worksheet("Notes")
    sheet = book.add_worksheet("Sales")
    sheet.write(0, 0, "Larchmont Cycles Inc. sales by region", book.add_format({"bold": True}))
    sheet.write(1, 0, "Amounts in USD")
    money_format = book.add_format({"num_format": "#,##0.00"})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    rows: list[list[object]] = []
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for _ in range(24):
        day = day_in(rng, 2025, rng.randint(1, 6))
        gross, cogs = money(rng, 1000, 9000), money(rng, 400, 900)
        add_to(expected, "Sales", gross)
        add_to(expected, "COGS", cogs)
        count_on(dates, day, 2)
        rows.append(
            [
                dt.datetime(day.year, day.month, day.day),
                rng.choice(SALES_REGIONS),
                rng.choice(SALES_PRODUCTS),
                float(gross),
                float(cogs),
                0.2,  # the sales tax rate, shown "20%"
            ]
        )
    first, last = 3, 3 + len(rows)
    sales_total = sum(Decimal(str(r[3])) for r in rows)
    cogs_total = sum(Decimal(str(r[4])) for r in rows)
    sheet.add_table(
        first,
        0,
        last + 1,
        5,
        {
            "name": "SalesTable",
            "data": rows,
            "total_row": True,
            "columns": [
                {"header": "Date", "format": date_format, "total_string": "Total"},
                {"header": "Region"},
                {"header": "Product"},
                {
                    "header": "Sales",
                    "format": money_format,
                    "total_function": "sum",
                    "total_value": float(sales_total),
                },
                {
                    "header": "COGS",
                    "format": money_format,
                    "total_function": "sum",
                    "total_value": float(cogs_total),
                },
                {"header": "Tax", "format": book.add_format({"num_format": "0%"})},
            ],
        },
    )
    sheet.freeze_panes(first + 1, 0)
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": f"=Sales!$D${first + 2}:$D${last + 1}", "name": "Sales"})
    chart_sheet.set_chart(chart)
    book.close()
    return single_company(
        name="table_totals_row_xlsx",
        records_by_date=dates,
        path=path,
        company="Larchmont Cycles Inc.",
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Region", "Product", "Total", "Tax"}),
        dimensions=frozenset({"Region", "Product"}),
        header_row=first + 1,
        sheet="Sales",
        currency="USD",
    )


DEPARTMENTS = {
    "Retail": (("Sales", 30000, 45000), ("Staff costs", -14000, -11000)),
    "Online": (("Sales", 12000, 20000), ("Staff costs", -5000, -3000)),
}


def summary_detail_sheets_xlsx(directory: Path, seed: int = 136) -> Layout:
    """A management pack: a "Summary" sheet first whose Jan-Mar figures are formulas adding up
    the department sheets ("Retail", "Online") that follow, in the same layout. Read as it is
    (the first sheet), the summary's figures are stored once; the detail sheets are the same
    money again and are not added to it."""
    rng = random.Random(seed)
    path = directory / "management_pack_q1.xlsx"
    book = xlsxwriter.Workbook(path)
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0.00"})
    months = [f"{dt.date(2025, m, 1):%b %Y}" for m in (1, 2, 3)]
    summary = book.add_worksheet("Summary")
    values = {
        dept: {label: [money(rng, low, high) for _ in months] for label, low, high in lines}
        for dept, lines in DEPARTMENTS.items()
    }
    labels = [label for label, _, _ in DEPARTMENTS["Retail"]]
    expected: dict[str, Decimal] = {}
    for name, title in [("Summary", "all departments"), *((d, d) for d in DEPARTMENTS)]:
        sheet = summary if name == "Summary" else book.add_worksheet(name)
        sheet.write(0, 0, f"Greyfriars Stores Ltd: profit and loss, {title}", bold)
        sheet.write_row(2, 0, ["Account", *months], bold)
        for r, label in enumerate(labels, start=3):
            sheet.write(r, 0, label)
            for m in range(len(months)):
                if name == "Summary":
                    cell = f"{col_letter(1 + m)}{r + 1}"
                    total = sum((values[d][label][m] for d in DEPARTMENTS), ZERO)
                    add_to(expected, label, total)
                    formula = "=" + "+".join(f"{d}!{cell}" for d in DEPARTMENTS)
                    sheet.write_formula(r, 1 + m, formula, num, float(total))
                else:
                    sheet.write_number(r, 1 + m, float(values[name][label][m]), num)
    book.close()
    return single_company(
        name="summary_detail_sheets_xlsx",
        records_by_date={month_end(2025, m): len(labels) for m in (1, 2, 3)},
        path=path,
        company="Greyfriars Stores Ltd",
        typed=False,
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Account", *months}),
        header_row=3,
        sheet="Summary",
    )


MARGIN_LINES = (
    ("Sales", 40000, 52000),
    ("Cost of sales", -21000, -15000),
    ("Gross margin", None, None),
    ("Wages", -11000, -9000),
    ("Rent", -3000, -3000),
    ("Marketing", -2500, -800),
    ("Net margin", None, None),
)


def pl_margin_percent_rows_xlsx(directory: Path, seed: int = 137) -> Layout:
    """An office "Profit and loss" template by month whose "Gross margin" and "Net margin"
    lines are formulas formatted as percentages ("0.0%": 0.372 shows as 37.2%), among the
    money lines, with labels that do not say "%". Those lines are rates: never stored."""
    rng = random.Random(seed)
    path = directory / "pl_by_month_margins.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("P&L")
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0.00;(#,##0.00)"})
    percent = book.add_format({"num_format": "0.0%"})
    months = [f"{dt.date(2025, m, 1):%b %Y}" for m in (1, 2, 3)]
    sheet.write(0, 0, "Bramble & Finch Bakery", bold)
    sheet.write(1, 0, "Profit and loss")
    sheet.write_row(3, 0, ["", *months], bold)
    expected: dict[str, Decimal] = {}
    values: dict[str, list[Decimal]] = {}
    for r, (label, low, high) in enumerate(MARGIN_LINES, start=4):
        sheet.write(r, 0, label)
        for m in range(len(months)):
            column = col_letter(1 + m)
            if low is None or high is None:
                sales = values["Sales"][m]
                kept = ("Sales", "Cost of sales") if label == "Gross margin" else tuple(values)
                margin = sum((values[k][m] for k in kept), ZERO)
                rows = "+".join(
                    f"{column}{5 + i}" for i, (k, *_) in enumerate(MARGIN_LINES) if k in kept
                )
                sheet.write_formula(
                    r, 1 + m, f"=({rows})/{column}5", percent, float(margin / sales)
                )
                continue
            value = money(rng, low, high)
            values.setdefault(label, []).append(value)
            add_to(expected, label, value)
            sheet.write_number(r, 1 + m, float(value), num)
    book.close()
    lines = len(expected)
    return single_company(
        name="pl_margin_percent_rows_xlsx",
        records_by_date={month_end(2025, m): lines for m in (1, 2, 3)},
        path=path,
        company="Bramble & Finch Bakery",
        typed=False,
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Gross margin", "Net margin", *months}),
        header_row=4,
        sheet="P&L",
    )


CASH_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
CASH_LINES = (
    ("Cash sales", 4000, 9000),
    ("Collections from customers", 6000, 14000),
    ("Purchases", -7000, -3000),
    ("Wages", -5200, -4800),
    ("Rent", -1500, -1500),
    ("Utilities", -400, -150),
)


def year_over_months_xlsx(directory: Path, seed: int = 138) -> Layout:
    """An office "12-month cash flow" style workbook: "2025" merged over JAN … DEC (the month
    headers carry no year), a Total column of =SUM() formulas, and a totals row per section of
    =SUBTOTAL(9, …) formulas with their saved results (stored as the statement's subtotals:
    shown, never added, as every statement's "Total …" lines)."""
    rng = random.Random(seed)
    path = directory / "twelve_month_plan.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("12 months")
    bold = book.add_format({"bold": True, "align": "center"})
    num = book.add_format({"num_format": "#,##0.00;(#,##0.00)"})
    sheet.write(0, 0, "Tidewater Kayak Rentals", book.add_format({"bold": True}))
    sheet.merge_range(2, 1, 2, 12, 2025, bold)
    sheet.write(3, 0, "Item", bold)
    sheet.write_row(3, 1, CASH_MONTHS, bold)
    sheet.write(3, 13, "Total", bold)
    sheet.freeze_panes(4, 1)
    expected: dict[str, Decimal] = {}
    checks: list[Check] = []
    r = 4
    for section, lines in (("Receipts", CASH_LINES[:2]), ("Payments", CASH_LINES[2:])):
        first = r
        sums = [ZERO] * 13
        for label, low, high in lines:
            sheet.write(r, 0, label)
            for m in range(12):
                value = money(rng, low, high)
                add_to(expected, label, value)
                sums[m] += value
                sums[12] += value
                sheet.write_number(r, 1 + m, float(value), num)
            sheet.write_formula(r, 13, f"=SUM(B{r + 1}:M{r + 1})", num, float(expected[label]))
            r += 1
        label = f"Total {section.lower()}"
        sheet.write(r, 0, label, book.add_format({"bold": True}))
        for m in range(13):
            column = col_letter(1 + m)
            formula = f"=SUBTOTAL(9,{column}{first + 1}:{column}{r})"
            sheet.write_formula(r, 1 + m, formula, num, float(sums[m]))
        add_to(expected, label, sums[12])  # a statement's subtotal: shown, never added
        checks.append(
            Check(
                label=label,
                columns=CASH_MONTHS,
                parts=tuple((name, 1) for name, _, _ in lines),
                formula=True,
            )
        )
        r += 1
    book.close()
    return single_company(
        name="year_over_months_xlsx",
        records_by_date={month_end(2025, m): len(CASH_LINES) + 2 for m in range(1, 13)},
        path=path,
        company="Tidewater Kayak Rentals",
        typed=False,
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Item", "Total", "2025", *CASH_MONTHS}),
        header_row=4,
        sheet="12 months",
        checks=tuple(checks),
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "actual_budget_over_months_xlsx": actual_budget_over_months_xlsx,
    "error_cells_xlsx": error_cells_xlsx,
    "euro_format_budget_xlsx": euro_format_budget_xlsx,
    "text_numbers_ledger_xlsx": text_numbers_ledger_xlsx,
    "hidden_rows_columns_tb_xlsx": hidden_rows_columns_tb_xlsx,
    "table_totals_row_xlsx": table_totals_row_xlsx,
    "summary_detail_sheets_xlsx": summary_detail_sheets_xlsx,
    "pl_margin_percent_rows_xlsx": pl_margin_percent_rows_xlsx,
    "year_over_months_xlsx": year_over_months_xlsx,
}
