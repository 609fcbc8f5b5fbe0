"""What spreadsheet and BI tools themselves write (docs/import.md, layouts 70 onwards).

An Excel pivot table saved as values (a report filter above it, "Row Labels", "Sum of …",
"Count of …", "(blank)" and "Grand Total"), a pivot with "Column Labels" over months, a
Tableau crosstab download (UTF-16 LE, tab-delimited, "Measure Names" as a column, Grand
Total), a Power BI "Export data" of a visual (Year as a number, Month as "January", "Sum of"
measure names, a Total row), an Excel "Format as Table" sheet with a Total Row of SUBTOTAL
formulas, a Google Sheets P&L download with currency-formatted cells, and an export whose
dates are Excel serial numbers and whose periods are text ("2024-01"). Every file is written
fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from tests.corpus.model import Check, Layout, single_company
from tests.corpus.statements import Spec, checks_of, compute, totals_of
from tests.corpus.write import (
    add_to,
    count_on,
    day_in,
    fmt,
    money,
    month_end,
    rounded,
    spread,
    write_csv,
)

ZERO = Decimal(0)


def _fields(totals: dict[str, Decimal]) -> dict[str, Decimal]:
    """Totals by value field ("Sum of Sales", "SUM(Sales)") as stored: under the field they
    sum ("Sales"), as the flat list the pivot was made from names it (layout 65)."""
    named = (re.fullmatch(r"Sum of (.+)|SUM\((.+)\)", k) for k in totals)
    return {m[1] or m[2]: v for m, v in zip(named, totals.values(), strict=True) if m}


PRODUCTS = ("Paseo", "Velo", "VTT", "Amarilla", "Montana", "(blank)")


def excel_pivot_report_xlsx(directory: Path, seed: int = 70) -> Layout:
    """An Excel pivot table saved as values: a report filter row ('Year' | 2024) above it,
    'Row Labels' | 'Sum of Sales' | 'Sum of Profit' | 'Count of Orders' | 'Average of
    Discount', one row per product (a '(blank)' item for source rows with no product), a
    'Grand Total' row of the column sums."""
    rng = random.Random(seed)
    path = directory / "pivot_report.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sheet2")
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, ["Year", 2024], bold)
    header = [
        "Row Labels",
        "Sum of Sales",
        "Sum of Profit",
        "Count of Orders",
        "Average of Discount",
    ]
    sheet.write_row(2, 0, header, bold)
    totals = {"Sum of Sales": ZERO, "Sum of Profit": ZERO}
    orders, r = 0, 3
    for product in PRODUCTS:
        sales = money(rng, 20000, 90000, 4)
        profit = money(rng, -2000, 15000, 4)
        count = rng.randint(10, 200)
        totals["Sum of Sales"] += sales
        totals["Sum of Profit"] += profit
        orders += count
        sheet.write(r, 0, product)
        sheet.write_number(r, 1, float(sales), num)
        sheet.write_number(r, 2, float(profit), num)
        sheet.write_number(r, 3, count)
        sheet.write_number(r, 4, rng.randint(0, 30) / 100)
        r += 1
    sheet.write(r, 0, "Grand Total", bold)
    sheet.write_number(r, 1, float(totals["Sum of Sales"]), num)
    sheet.write_number(r, 2, float(totals["Sum of Profit"]), num)
    sheet.write_number(r, 3, orders)
    sheet.write_number(r, 4, 0.15)
    data = book.add_worksheet("Sheet1")  # the source data the pivot was built from
    data.write_row(0, 0, ["Order ID", "Product", "Sales", "Profit"])
    book.close()
    return single_company(
        name="excel_pivot_report_xlsx",
        records_by_date={dt.date(2024, 12, 31): 2 * len(PRODUCTS)},
        company="Velo Bikes Ltd",
        path=path,
        expected_by_account=rounded(_fields(totals)),
        record_count=2 * len(PRODUCTS),
        not_accounts=frozenset(
            {"Count of Orders", "Average of Discount", "Grand Total", "(blank)", "Paseo"}
            | {"Sum of Sales", "Sum of Profit"}
        ),
        dimensions=frozenset({"Row Labels"}),
        header_row=3,
        sheet="Sheet2",
        checks=(Check("Grand Total", ("Sum of Sales", "Sum of Profit")),),
    )


PIVOT_MONTHS = (1, 2, 3, 4)


def excel_pivot_months_xlsx(directory: Path, seed: int = 71) -> Layout:
    """A pivot with a value field over a 'Column Labels' row of months: 'Sum of Amount' |
    'Column Labels' above 'Row Labels' | Jan 2025 … Apr 2025 | 'Grand Total'; accounts as
    rows, a Grand Total row and a Grand Total column, an empty cell where an account has no
    postings that month."""
    rng = random.Random(seed)
    path = directory / "pivot_months.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Pivot")
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0.00"})
    accounts = ("Consulting revenue", "Licence revenue", "Salaries", "Rent", "Travel", "Software")
    months = [f"{dt.date(2025, m, 1):%b %Y}" for m in PIVOT_MONTHS]
    sheet.write_row(0, 0, ["Company", "Northwind Analytics"], bold)
    sheet.write_row(2, 0, ["Sum of Amount", "Column Labels"], bold)
    sheet.write_row(3, 0, ["Row Labels", *months, "Grand Total"], bold)
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    column_sums = [ZERO] * len(months)
    r = 4
    for account in accounts:
        sheet.write(r, 0, account)
        row_sum = ZERO
        for i, m in enumerate(PIVOT_MONTHS):
            if account == "Travel" and m == 2:
                continue  # no postings: the pivot leaves the cell empty
            value = money(rng, 500, 40000)
            sheet.write_number(r, 1 + i, float(value), num)
            row_sum += value
            column_sums[i] += value
            add_to(expected, account, value)
            count_on(dates, month_end(2025, m))
        sheet.write_number(r, 1 + len(months), float(row_sum), num)
        r += 1
    sheet.write(r, 0, "Grand Total", bold)
    for i, value in enumerate(column_sums):
        sheet.write_number(r, 1 + i, float(value), num)
    sheet.write_number(r, 1 + len(months), float(sum(column_sums, ZERO)), num)
    book.close()
    return single_company(
        name="excel_pivot_months_xlsx",
        records_by_date=dates,
        company="Northwind Analytics",
        path=path,
        typed=False,
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Grand Total", "Sum of Amount", "Column Labels"}),
        header_row=4,
        sheet="Pivot",
        checks=(Check("Grand Total", tuple(months)),),
    )


SUB_CATEGORIES = ("Binders", "Chairs", "Phones", "Storage", "Tables")
TABLEAU_MONTHS = (1, 2, 3)


def tableau_crosstab_csv(directory: Path, seed: int = 72) -> Layout:
    """Tableau's 'Download > Crosstab' as CSV: UTF-16 LE with a BOM, TAB-delimited;
    'Sub-Category' | 'Measure Names' | January 2024 … | 'Grand Total'; two rows per
    sub-category (Sales, Profit); Grand Total rows at the bottom; numbers with thousands
    commas."""
    rng = random.Random(seed)
    path = directory / "crosstab.csv"
    months = [f"{dt.date(2024, m, 1):%B %Y}" for m in TABLEAU_MONTHS]
    rows: list[list[object]] = [["Sub-Category", "Measure Names", *months, "Grand Total"]]
    expected: dict[str, Decimal] = {}
    sums = {"Sales": [ZERO] * 3, "Profit": [ZERO] * 3}
    for sub in SUB_CATEGORIES:
        for measure, (low, high) in (("Sales", (1000, 30000)), ("Profit", (-3000, 6000))):
            values = [money(rng, low, high) for _ in TABLEAU_MONTHS]
            for i, v in enumerate(values):
                sums[measure][i] += v
                add_to(expected, measure, v)
            texts = [fmt(v, thousands=",") for v in [*values, sum(values, ZERO)]]
            rows.append([sub, measure, *texts])
    for measure, values in sums.items():
        texts = [fmt(v, thousands=",") for v in [*values, sum(values, ZERO)]]
        rows.append(["Grand Total", measure, *texts])
    write_csv(path, rows, delimiter="\t", encoding="utf-16")  # utf-16 writes the LE BOM
    return single_company(
        name="tableau_crosstab_csv",
        records_by_date=spread(
            [month_end(2024, m) for m in TABLEAU_MONTHS], 2 * len(SUB_CATEGORIES)
        ),
        company="Summit Office Supply",
        path=path,
        expected_by_account=rounded(expected),
        record_count=2 * len(SUB_CATEGORIES) * len(TABLEAU_MONTHS),
        not_accounts=frozenset({"Grand Total", "Binders", "Chairs", "Measure Names"}),
        dimensions=frozenset({"Sub-Category"}),
        delimiter="\t",
        encoding="utf-16",
    )


MONTH_NAMES = ("January", "February", "March", "April", "May", "June")
SEGMENTS = ("Enterprise", "Government", "Midmarket", "Small Business")


def powerbi_export_csv(directory: Path, seed: int = 73) -> Layout:
    """Power BI 'Export data' (summarized) of a table visual as CSV: Year as a number, Month
    as text ('January'), Segment, 'Sum of Gross Sales', 'Sum of Profit', 'Count of Units
    Sold', 'Average of Discount %', and the visual's 'Total' row at the bottom."""
    rng = random.Random(seed)
    path = directory / "powerbi_export.csv"
    rows: list[list[object]] = [
        [
            "Year",
            "Month",
            "Segment",
            "Sum of Gross Sales",
            "Sum of Profit",
            "Count of Units Sold",
            "Average of Discount %",
        ]
    ]
    totals = {"Sum of Gross Sales": ZERO, "Sum of Profit": ZERO}
    dates: dict[dt.date, int] = {}
    count = 0
    for m, month in enumerate(MONTH_NAMES, start=1):
        for segment in SEGMENTS:
            gross, profit = money(rng, 10000, 500000, 2), money(rng, -20000, 90000, 3)
            units = rng.randint(5, 900)
            totals["Sum of Gross Sales"] += gross
            totals["Sum of Profit"] += profit
            count += units
            count_on(dates, month_end(2024, m), 2)
            rows.append(
                [2024, month, segment, f"{gross}", f"{profit}", units, f"{rng.randint(0, 15)}"]
            )
    gross_total, profit_total = totals["Sum of Gross Sales"], totals["Sum of Profit"]
    rows.append(["Total", "", "", f"{gross_total}", f"{profit_total}", count, "7.5"])
    write_csv(path, rows)
    return single_company(
        name="powerbi_export_csv",
        records_by_date=dates,
        company="Contoso Bikes",
        path=path,
        expected_by_account=rounded(_fields(totals)),
        not_accounts=frozenset(
            {"Count of Units Sold", "Average of Discount %", "Year", "Total", "Month"}
        ),
        dimensions=frozenset({"Segment"}),
        checks=(Check("Total", ("Sum of Gross Sales", "Sum of Profit")),),
    )


TABLE_ACCOUNTS = ("Office supplies", "Travel", "Software subscriptions", "Meals", "Training")
DEPARTMENTS = ("Finance", "Sales", "Engineering")


def excel_table_total_row_xlsx(directory: Path, seed: int = 74) -> Layout:
    """An Excel 'Format as Table' list (a ListObject, banded rows) with its Total Row: the
    Amount total is =SUBTOTAL(109,[Amount]) with its cached value, the Date column real
    dates, a 'Receipt' yes/no column; a title cell above the table."""
    rng = random.Random(seed)
    path = directory / "expenses_table.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Expenses")
    date_fmt = book.add_format({"num_format": "dd/mm/yyyy"})
    num = book.add_format({"num_format": "#,##0.00"})
    sheet.write(0, 0, "Team expenses Q1 2025", book.add_format({"bold": True}))
    lines = sorted(
        (
            day_in(rng, 2025, rng.randint(1, 3)),
            rng.choice(TABLE_ACCOUNTS),
            rng.choice(DEPARTMENTS),
            money(rng, 5, 2500),
        )
        for _ in range(40)
    )
    data = []
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for day, account, dept, amount in lines:
        data.append(
            [dt.datetime(day.year, day.month, day.day), account, dept, float(amount), "Yes"]
        )
        add_to(expected, account, amount)
        count_on(dates, day)
    total = sum((line[3] for line in lines), ZERO)
    first, last = 2, 2 + len(data) + 1  # header on row 3 (0-based 2), then data, then total
    sheet.add_table(
        first,
        0,
        last,
        4,
        {
            "name": "Expenses",
            "data": data,
            "total_row": True,
            "columns": [
                {"header": "Date", "format": date_fmt, "total_string": "Total"},
                {"header": "Account"},
                {"header": "Department"},
                {
                    "header": "Amount",
                    "format": num,
                    "total_function": "sum",
                    "total_value": float(total),
                },
                {"header": "Receipt", "total_function": "count", "total_value": len(data)},
            ],
        },
    )
    book.close()
    return single_company(
        name="excel_table_total_row_xlsx",
        records_by_date=dates,
        company="Lakeside Dental",
        path=path,
        expected_by_account=rounded(expected),
        record_count=len(lines),
        not_accounts=frozenset({"Total", "Receipt", "Amount"}),
        dimensions=frozenset({"Department"}),
        header_row=3,
        sheet="Expenses",
        checks=(Check("Total", ("Amount",), formula=True),),
    )


SHEETS_SPEC: Spec = [
    ("Revenue", None),
    ("Product sales", (30000, 60000)),
    ("Service revenue", (5000, 15000)),
    ("Refunds", (-900, -100)),
    ("Total revenue", [("Product sales", 1), ("Service revenue", 1), ("Refunds", 1)]),
    ("Expenses", None),
    ("Payroll", (15000, 25000)),
    ("Hosting", (800, 3000)),
    ("Marketing", (1000, 6000)),
    ("Total expenses", [("Payroll", 1), ("Hosting", 1), ("Marketing", 1)]),
    ("Net income", [("Total revenue", 1), ("Total expenses", -1)]),
]
SHEETS_MONTHS = (1, 2, 3)


def google_sheets_pl_csv(directory: Path, seed: int = 75) -> Layout:
    """A P&L kept in Google Sheets, downloaded as CSV: the cells print their currency format,
    '$1,234.56', '-$89.00' for a negative line, and whole-dollar '(1,234)' accounting
    negatives in the Net income row; a title row, a blank column between label and months."""
    rng = random.Random(seed)
    values = compute(SHEETS_SPEC, len(SHEETS_MONTHS), rng)
    path = directory / "pl_google_sheets.csv"
    months = [f"{dt.date(2025, m, 1):%b %Y}" for m in SHEETS_MONTHS]
    rows: list[list[object]] = [["Brightside Coffee Co - P&L 2025"], [], ["", *months]]
    for label, what in SHEETS_SPEC:
        if what is None:
            rows.append([label])
            continue
        texts = [fmt(v, thousands=",", prefix="$") for v in values[label]]
        rows.append([label, *texts])
    write_csv(path, rows)
    return single_company(
        name="google_sheets_pl_csv",
        currency="USD",
        records_by_date=spread([month_end(2025, m) for m in SHEETS_MONTHS], len(values)),
        company="Brightside Coffee Co",
        path=path,
        expected_by_account=totals_of(values),
        record_count=len(values) * len(SHEETS_MONTHS),
        not_accounts=frozenset({"Revenue", "Expenses", *months}),
        header_row=3,
        checks=checks_of(SHEETS_SPEC, tuple(months)),
    )


SERIAL_ACCOUNTS = ("4000 Sales", "5000 Cost of sales", "6100 Rent", "6200 Utilities")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def serial_dates_csv(directory: Path, seed: int = 76) -> Layout:
    """A journal saved to CSV from a sheet whose Date column was formatted General: dates are
    Excel serial numbers (45658 = 2 Jan 2025); a Period column as '2025-01'."""
    rng = random.Random(seed)
    path = directory / "journal_serial_dates.csv"
    rows: list[list[object]] = [["Date", "Period", "Account", "Reference", "Amount"]]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for n in range(30):
        day = day_in(rng, 2025, rng.randint(1, 3))
        account = rng.choice(SERIAL_ACCOUNTS)
        amount = money(rng, 50, 9000) * (-1 if account.startswith("4") else 1)
        rows.append(
            [(day - EXCEL_EPOCH).days, f"{day:%Y-%m}", account, f"JE{1000 + n}", fmt(amount)]
        )
        add_to(expected, account, amount)
        count_on(dates, day)
    write_csv(path, rows)
    return single_company(
        name="serial_dates_csv",
        records_by_date=dates,
        company="Harbour Consulting Ltd",
        path=path,
        expected_by_account=rounded(expected),
        record_count=30,
        not_accounts=frozenset({"Date", "Period", "Reference"}),
    )


REGIONS = {
    "Central": ("Laptops", "Monitors", "Printers"),
    "East": ("Laptops", "Phones"),
    "West": ("Monitors", "Phones", "Printers", "Tablets"),
}


def excel_pivot_compact_xlsx(directory: Path, seed: int = 77) -> Layout:
    """A pivot in Excel's default compact form: Region and Product nested in the one 'Row
    Labels' column (the products indented by cell format only, so the saved text has no
    spaces), each region's row carrying its subtotal above its products, a 'Column Labels'
    row over the quarters, a Grand Total column and row."""
    rng = random.Random(seed)
    path = directory / "pivot_compact.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sheet3")
    bold = book.add_format({"bold": True, "num_format": "#,##0.00"})
    num = book.add_format({"num_format": "#,##0.00"})
    item = book.add_format({"indent": 1})
    quarters = ("Qtr1", "Qtr2", "Qtr3")
    sheet.write_row(0, 0, ["Year", 2025], bold)
    sheet.write_row(2, 0, ["Sum of Revenue", "Column Labels"], bold)
    sheet.write_row(3, 0, ["Row Labels", *quarters, "Grand Total"], bold)
    values: dict[str, list[Decimal]] = {}
    grand = [ZERO] * 3
    r = 4
    for region, products in REGIONS.items():
        rows = {p: [money(rng, 1000, 60000) for _ in quarters] for p in products}
        sub = [sum((v[i] for v in rows.values()), ZERO) for i in range(3)]
        sheet.write(r, 0, region, bold)
        for i, v in enumerate([*sub, sum(sub, ZERO)]):
            sheet.write_number(r, 1 + i, float(v), bold)
        values[region] = sub
        r += 1
        for product, row in rows.items():
            sheet.write(r, 0, product, item)
            for i, v in enumerate([*row, sum(row, ZERO)]):
                sheet.write_number(r, 1 + i, float(v), num)
            values.setdefault(product, [ZERO] * 3)
            values[product] = [a + b for a, b in zip(values[product], row, strict=True)]
            r += 1
        grand = [a + b for a, b in zip(grand, sub, strict=True)]
    sheet.write(r, 0, "Grand Total", bold)
    for i, v in enumerate([*grand, sum(grand, ZERO)]):
        sheet.write_number(r, 1 + i, float(v), bold)
    book.close()
    lines = len(REGIONS) + sum(len(p) for p in REGIONS.values())
    return single_company(
        name="excel_pivot_compact_xlsx",
        records_by_date=spread([month_end(2025, 3 * q) for q in (1, 2, 3)], lines),
        company="Velo Bikes Ltd",
        path=path,
        expected_by_account=totals_of(values),
        record_count=lines * 3,
        not_accounts=frozenset({"Grand Total", "Sum of Revenue", "Column Labels", "Row Labels"}),
        header_row=4,
        sheet="Sheet3",
    )


def filtered_rows_xlsx(directory: Path, seed: int = 78) -> Layout:
    """A vendor-spend sheet left with an AutoFilter on (Department = "Sales" hidden) and two
    rows hidden by hand; the Total at the bottom is =SUM(), which counts hidden rows. Hidden
    rows are in the file: Elara reads them (as SUM does) and the preview says they were
    hidden."""
    rng = random.Random(seed)
    path = directory / "vendor_spend_filtered.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Spend")
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    num = book.add_format({"num_format": "#,##0.00"})
    sheet.merge_range(0, 0, 0, 4, "Vendor spend, first half 2025", book.add_format({"bold": True}))
    sheet.write_row(2, 0, ["Date", "Vendor", "Department", "Account", "Amount"])
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    total = ZERO
    n = 36
    for i in range(n):
        r = 3 + i
        day = day_in(rng, 2025, rng.randint(1, 6))
        dept = rng.choice(DEPARTMENTS)
        account = rng.choice(TABLE_ACCOUNTS)
        amount = money(rng, 20, 4000)
        sheet.write_datetime(r, 0, dt.datetime(day.year, day.month, day.day), date_fmt)
        sheet.write_row(r, 1, [f"Vendor {rng.randint(1, 9)}", dept, account])
        sheet.write_number(r, 4, float(amount), num)
        if dept == "Sales" or i in (4, 5):
            sheet.set_row(r, None, None, {"hidden": True})
        add_to(expected, account, amount)
        count_on(dates, day)
        total += amount
    sheet.autofilter(2, 0, 2 + n, 4)
    sheet.filter_column(2, "x != Sales")
    sheet.write(3 + n, 0, "Total")
    sheet.write_formula(3 + n, 4, f"=SUM(E4:E{3 + n})", num, float(total))
    book.close()
    return single_company(
        name="filtered_rows_xlsx",
        records_by_date=dates,
        company="Lakeside Dental",
        path=path,
        expected_by_account=rounded(expected),
        record_count=n,
        not_accounts=frozenset({"Total", "Amount", "Vendor"}),
        dimensions=frozenset({"Department"}),
        header_row=3,
        sheet="Spend",
        checks=(Check("Total", ("Amount",), formula=True),),
    )


TWO_TABLES: tuple[tuple[str, tuple[tuple[str, tuple[int, int]], ...]], ...] = (
    ("Revenue", (("Contract revenue", (20000, 80000)), ("Service revenue", (2000, 9000)))),
    (
        "Costs",
        (("Materials", (8000, 30000)), ("Subcontractors", (5000, 20000)), ("Wages", (9000, 15000))),
    ),
)


def stacked_tables_xlsx(directory: Path, seed: int = 79) -> Layout:
    """One sheet holding two tables of the same columns, one under the other: a merged title
    across the sheet, a merged section title over each table ("Revenue", "Costs"), each table
    with its own header row (Account | Jan 2025 | Feb 2025 | Mar 2025), a blank row between."""
    rng = random.Random(seed)
    path = directory / "stacked_tables.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Report")
    bold = book.add_format({"bold": True, "align": "center"})
    num = book.add_format({"num_format": "#,##0.00"})
    months = [f"{dt.date(2025, m, 1):%b %Y}" for m in (1, 2, 3)]
    sheet.merge_range(0, 0, 0, 3, "Oakridge Builders Ltd - Monthly report", bold)
    expected: dict[str, Decimal] = {}
    r, lines = 2, 0
    for section, items in TWO_TABLES:
        sheet.merge_range(r, 0, r, 3, section, bold)
        sheet.write_row(r + 1, 0, ["Account", *months], bold)
        r += 2
        for label, (low, high) in items:
            sheet.write(r, 0, label)
            for i in range(3):
                value = money(rng, low, high)
                sheet.write_number(r, 1 + i, float(value), num)
                add_to(expected, label, value)
            r += 1
            lines += 1
        r += 1  # the blank row between the tables
    book.close()
    return single_company(
        name="stacked_tables_xlsx",
        records_by_date=spread([month_end(2025, m) for m in (1, 2, 3)], lines),
        company="Oakridge Builders Ltd",
        path=path,
        typed=False,
        expected_by_account=rounded(expected),
        record_count=3 * lines,
        not_accounts=frozenset({"Account", "Revenue", "Costs", *months}),
        header_row=4,
        sheet="Report",
    )


def tableau_summary_csv(directory: Path, seed: int = 80) -> Layout:
    """Tableau's 'Download > Data > Summary' as CSV (UTF-8, comma): the view's fields as
    Tableau names them: 'Month of Order Date' ("January 2024"), Category, 'SUM(Sales)',
    'SUM(Profit)', 'AVG(Discount)', 'CNTD(Order ID)', '% of Total SUM(Sales)'."""
    rng = random.Random(seed)
    path = directory / "tableau_summary.csv"
    categories = ("Furniture", "Office Supplies", "Technology")
    rows: list[list[object]] = [
        [
            "Month of Order Date",
            "Category",
            "SUM(Sales)",
            "SUM(Profit)",
            "AVG(Discount)",
            "CNTD(Order ID)",
            "% of Total SUM(Sales)",
        ]
    ]
    totals = {"SUM(Sales)": ZERO, "SUM(Profit)": ZERO}
    dates: dict[dt.date, int] = {}
    for m in (1, 2, 3, 4):
        for category in categories:
            sales, profit = money(rng, 5000, 90000, 4), money(rng, -4000, 20000, 4)
            totals["SUM(Sales)"] += sales
            totals["SUM(Profit)"] += profit
            count_on(dates, month_end(2024, m), 2)
            rows.append(
                [
                    f"{dt.date(2024, m, 1):%B %Y}",
                    category,
                    f"{sales}",
                    f"{profit}",
                    f"{Decimal(rng.randint(0, 3000)) / 10000}",
                    rng.randint(20, 400),
                    f"{Decimal(rng.randint(100, 3000)) / 100}%",
                ]
            )
    write_csv(path, rows)
    return single_company(
        name="tableau_summary_csv",
        records_by_date=dates,
        company="Summit Office Supply",
        path=path,
        expected_by_account=rounded(_fields(totals)),
        not_accounts=frozenset(
            {"AVG(Discount)", "CNTD(Order ID)", "% of Total SUM(Sales)", "Month of Order Date"}
            | {"SUM(Sales)", "SUM(Profit)"}
        ),
        dimensions=frozenset({"Category"}),
    )


def year_month_key_csv(directory: Path, seed: int = 81) -> Layout:
    """A BI model's fact export: 'YearMonth' as the integer key 202401 (a date table's
    year-month), 'Month' as text "Jan 2024" beside it, an Account and an Amount."""
    rng = random.Random(seed)
    path = directory / "fact_by_yearmonth.csv"
    rows: list[list[object]] = [["YearMonth", "Month", "Account", "Cost Center", "Amount"]]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for m in range(1, 7):
        for account in ("Revenue", "Salaries", "Rent", "Marketing"):
            for center in ("CC100", "CC200"):
                amount = money(rng, 1000, 50000)
                rows.append(
                    [f"2024{m:02d}", f"{dt.date(2024, m, 1):%b %Y}", account, center, fmt(amount)]
                )
                add_to(expected, account, amount)
                count_on(dates, month_end(2024, m))
    write_csv(path, rows)
    return single_company(
        name="year_month_key_csv",
        records_by_date=dates,
        company="Contoso Bikes",
        path=path,
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"YearMonth", "Month", "CC100"}),
        dimensions=frozenset({"Cost Center"}),
    )


GENERATORS = {
    "excel_pivot_report_xlsx": excel_pivot_report_xlsx,
    "excel_pivot_months_xlsx": excel_pivot_months_xlsx,
    "tableau_crosstab_csv": tableau_crosstab_csv,
    "powerbi_export_csv": powerbi_export_csv,
    "excel_table_total_row_xlsx": excel_table_total_row_xlsx,
    "google_sheets_pl_csv": google_sheets_pl_csv,
    "serial_dates_csv": serial_dates_csv,
    "excel_pivot_compact_xlsx": excel_pivot_compact_xlsx,
    "filtered_rows_xlsx": filtered_rows_xlsx,
    "stacked_tables_xlsx": stacked_tables_xlsx,
    "tableau_summary_csv": tableau_summary_csv,
    "year_month_key_csv": year_month_key_csv,
}
