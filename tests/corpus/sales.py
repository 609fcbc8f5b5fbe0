"""Wide sales sheets: one row per sale or per company-year, one column per measure.

Layouts: a BI tool's financial sample workbook, a retail "superstore" export (xlsx with three
sheets, and a European decimal-comma CSV), a market-data CSV of yearly financial statements for
several companies, and one company's income statement with one row per fiscal year.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from tests.corpus.model import Layout, single_company
from tests.corpus.write import add_to, count_on, day_in, fmt, money, rounded, spread, write_csv

SEGMENTS = ("Government", "Midmarket", "Channel Partners", "Enterprise", "Small Business")
COUNTRIES = ("Canada", "France", "Germany", "Mexico", "United States of America")
# product name -> unit manufacturing cost
PRODUCTS = {"Alder": 3, "Birch": 5, "Cedar": 10, "Dogwood": 120, "Elm": 250, "Fir": 260}
BANDS = (("None", (0,)), ("Low", (1, 2, 3)), ("Medium", (5, 7)), ("High", (10, 12, 15)))
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August")
BI_MEASURES = ("Gross Sales", "Discounts", "Sales", "COGS", "Profit")


def bi_financial_sample(directory: Path, seed: int = 11) -> Layout:
    """A BI sample workbook: wide sales table, accounting "$" formats, space-padded headers."""
    rng = random.Random(seed)
    path = directory / "financial_sample.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sheet1")
    money_fmt = book.add_format(
        {"num_format": '_("$"* #,##0.00_);_("$"* (#,##0.00);_("$"* "-"??_)'}
    )
    date_fmt = book.add_format({"num_format": "m/d/yyyy"})
    # Headers padded with spaces as in the source (two before Sales); values are not.
    headers = [
        "Segment",
        "Country",
        " Product ",
        " Discount Band ",
        " Units Sold ",
        " Manufacturing Price ",
        " Sale Price ",
        " Gross Sales ",
        " Discounts ",
        "  Sales ",
        " COGS ",
        " Profit ",
        "Date",
        "Month Number",
        " Month Name ",
        "Year",
    ]
    sheet.write_row(0, 0, headers)
    totals: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    rows = 48
    for r in range(1, rows + 1):
        product, cost = rng.choice(list(PRODUCTS.items()))
        band, rates = rng.choice(BANDS)
        units = Decimal(rng.randint(400, 4500)) + (Decimal("0.5") if rng.random() < 0.3 else 0)
        price = Decimal(rng.choice((7, 12, 15, 20, 125, 300, 350)))
        gross = units * price
        discounts = gross * Decimal(rng.choice(rates)) / 100
        sales, cogs = gross - discounts, units * cost
        values = (gross, discounts, sales, cogs, sales - cogs)
        for name, value in zip(BI_MEASURES, values, strict=True):
            add_to(totals, name, value)
        month = rng.randint(1, 8)
        year = rng.choice((2024, 2025))
        sheet.write_row(r, 0, [rng.choice(SEGMENTS), rng.choice(COUNTRIES), product, band])
        sheet.write_number(r, 4, float(units))
        sheet.write_number(r, 5, cost, money_fmt)
        sheet.write_number(r, 6, float(price), money_fmt)
        for c, value in enumerate(values, start=7):
            sheet.write_number(r, c, float(value), money_fmt)
        sheet.write_datetime(r, 12, dt.datetime(year, month, 1), date_fmt)
        sheet.write_row(r, 13, [month, MONTHS[month - 1], year])
        count_on(dates, dt.date(year, month, 1), len(BI_MEASURES))
    book.close()
    return single_company(
        name="bi_financial_sample",
        path=path,
        company="Sample Bikes Ltd",
        expected_by_account=rounded(totals),
        record_count=rows * len(BI_MEASURES),
        not_accounts=frozenset(
            {
                "Units Sold",
                "Manufacturing Price",
                "Sale Price",
                "Month Number",
                "Month Name",
                "Year",
                "Date",
            }
        ),
        dimensions=frozenset({"Segment", "Country", "Product", "Discount Band"}),
        records_by_date=dates,
    )


SHIP_MODES = ("Standard Class", "Second Class", "First Class", "Same Day")
STORE_SEGMENTS = ("Consumer", "Corporate", "Home Office")
# (region, state, city, postal code): a code with a leading zero loses it, as in the source
PLACES = (
    ("West", "California", "Los Angeles", 90036),
    ("East", "New York", "New York City", 10035),
    ("Central", "Texas", "Houston", 77095),
    ("South", "Kentucky", "Henderson", 42420),
    ("East", "Massachusetts", "Lawrence", 1841),
)
CATEGORIES = {
    "Furniture": ("FUR", "Chairs"),
    "Office Supplies": ("OFF", "Labels"),
    "Technology": ("TEC", "Phones"),
}
FIRST = ("Ada", "Bruno", "Chiara", "Dev", "Elif", "Femi", "Goran", "Hana")
LAST = ("Keller", "Moreau", "Okafor", "Silva", "Tanaka", "Novak")
STORE_HEADERS = [
    "Row ID",
    "Order ID",
    "Order Date",
    "Ship Date",
    "Ship Mode",
    "Customer ID",
    "Customer Name",
    "Segment",
    "Country",
    "City",
    "State",
    "Postal Code",
    "Region",
    "Product ID",
    "Category",
    "Sub-Category",
    "Product Name",
    "Sales",
    "Quantity",
    "Discount",
    "Profit",
]
# Lines fixed first: the sample's tell-tale values (two decimals, three, four) in one column.
FIXED_LINES = (
    (Decimal("130.98"), 2, Decimal("0"), Decimal("0.32")),
    (Decimal("13.98"), 2, Decimal("0.2"), Decimal("0.1125")),
    (Decimal("1276.77"), 1, Decimal("0.25"), Decimal("-0.4")),
)


def _store_lines(rng: random.Random, rows: int) -> list[dict[str, object]]:
    """Superstore-like order lines; Sales and Profit carry up to four decimals."""
    lines = []
    for i in range(rows):
        if i < len(FIXED_LINES):
            price, qty, discount, margin = FIXED_LINES[i]
        else:
            price, qty = money(rng, 2, 900), rng.randint(1, 9)
            discount = Decimal(rng.choice(("0", "0", "0.1", "0.2", "0.3", "0.45", "0.7", "0.8")))
            margin = Decimal(rng.randint(-5000, 4500)) / 10000
        sales = price * qty * (1 - discount)
        profit = (sales * margin).quantize(Decimal("0.0001"))
        region, state, city, postal = rng.choice(PLACES)
        category = rng.choice(list(CATEGORIES))
        order_day = day_in(rng, rng.choice((2023, 2024)), rng.randint(1, 12))
        lines.append(
            {
                "Row ID": i + 1,
                "Order ID": f"CA-{order_day.year}-{rng.randint(100000, 170000)}",
                "Order Date": order_day,
                "Ship Date": order_day + dt.timedelta(days=rng.randint(0, 6)),
                "Ship Mode": rng.choice(SHIP_MODES),
                "Customer ID": f"{rng.choice('ABCDEK')}"
                f"{rng.choice('HJMSW')}-{rng.randint(10000, 20000)}",
                "Customer Name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "Segment": rng.choice(STORE_SEGMENTS),
                "Country": "United States",
                "City": city,
                "State": state,
                "Postal Code": postal,
                "Region": region,
                "Product ID": f"{CATEGORIES[category][0]}-XX-{rng.randint(10000000, 10004999)}",
                "Category": category,
                "Sub-Category": CATEGORIES[category][1],
                "Product Name": f"{CATEGORIES[category][1]} model {rng.randint(1, 99)}",
                "Sales": sales,
                "Quantity": qty,
                "Discount": discount,
                "Profit": profit,
            }
        )
    return lines


def _store_layout(name: str, path: Path, lines: list[dict[str, object]], **kw: object) -> Layout:
    totals: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for line in lines:
        for measure in ("Sales", "Profit"):
            add_to(totals, measure, line[measure])  # type: ignore[arg-type]
        count_on(dates, line["Order Date"], 2)  # type: ignore[arg-type]
    return Layout(
        name=name,
        path=path,
        constants={"company": "Superstore"},
        expected_by_account=rounded(totals),
        record_count=len(lines) * 2,
        not_accounts=frozenset(
            {
                "Row ID",
                "Postal Code",
                "Quantity",
                "Discount",
                "Order ID",
                "Customer ID",
                "Product ID",
            }
        ),
        dimensions=frozenset({"Segment", "Region", "Ship Mode"}),
        records_by_date=dates,
        companies=frozenset({"Superstore"}),
        **kw,  # type: ignore[arg-type]
    )


def superstore_xlsx(directory: Path, seed: int = 13) -> Layout:
    """A retail sample workbook: Orders, Returns and People sheets; exact 4-decimal profits."""
    lines = _store_lines(random.Random(seed), 40)
    path = directory / "sample_superstore.xlsx"
    book = xlsxwriter.Workbook(path)
    orders = book.add_worksheet("Orders")
    date_fmt = book.add_format({"num_format": "m/d/yyyy"})
    headers = [("Country/Region" if h == "Country" else h) for h in STORE_HEADERS]
    orders.write_row(0, 0, headers)
    for r, line in enumerate(lines, start=1):
        for c, header in enumerate(STORE_HEADERS):
            value = line[header]
            if isinstance(value, dt.date):
                orders.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
            elif isinstance(value, Decimal):
                orders.write_number(r, c, float(value))
            else:
                orders.write(r, c, value)
    returns = book.add_worksheet("Returns")
    returns.write_row(0, 0, ["Returned", "Order ID"])
    returns.write_row(1, 0, ["Yes", lines[4]["Order ID"]])
    people = book.add_worksheet("People")
    people.write_row(0, 0, ["Regional Manager", "Region"])
    for r, region in enumerate(("West", "East", "Central", "South"), start=1):
        people.write_row(r, 0, [f"{FIRST[r]} {LAST[r]}", region])
    book.close()
    layout = _store_layout("superstore_xlsx", path, lines, sheet="Orders")
    return layout


def superstore_eu_csv(directory: Path, seed: int = 13) -> Layout:
    """The same store as a European CSV: semicolons, decimal comma, day-first dates.

    Sales holds 261,96 and 22,368 (three decimals) in one column: only the column as a whole
    says the comma is decimal.
    """
    lines = _store_lines(random.Random(seed), 36)
    path = directory / "superstore_eu.csv"
    rows: list[list[object]] = [list(STORE_HEADERS)]
    for line in lines:
        row: list[object] = []
        for header in STORE_HEADERS:
            value = line[header]
            if isinstance(value, dt.date):
                row.append(value.strftime("%d/%m/%Y"))
            elif isinstance(value, Decimal):
                row.append(fmt(value.normalize(), places=None, decimal=","))
            else:
                row.append(value)
        rows.append(row)
    write_csv(path, rows, delimiter=";")
    return _store_layout("superstore_eu_csv", path, lines, delimiter=";", decimal=",")


KAGGLE_HEADERS = [
    "Year",
    "Company ",
    "Category",
    "Market Cap(in B USD)",
    "Revenue",
    "Gross Profit",
    "Net Income",
    "Earning Per Share",
    "EBITDA",
    "Share Holder Equity",
    "Cash Flow from Operating",
    "Cash Flow from Investing",
    "Cash Flow from Financial Activities",
    "Current Ratio",
    "Debt/Equity Ratio",
    "ROE",
    "ROA",
    "ROI",
    "Net Profit Margin",
    "Free Cash Flow per Share",
    "Return on Tangible Equity",
    "Number of Employees",
    "Inflation Rate(in US)",
]
KAGGLE_MONEY = (
    "Market Cap(in B USD)",
    "Revenue",
    "Gross Profit",
    "Net Income",
    "EBITDA",
    "Share Holder Equity",
    "Cash Flow from Operating",
    "Cash Flow from Investing",
    "Cash Flow from Financial Activities",
)


def market_statements_csv(directory: Path, seed: int = 14) -> Layout:
    """Yearly statements of several listed companies, money mixed with ratios and head-counts."""
    rng = random.Random(seed)
    path = directory / "financial_statements.csv"
    companies = {"NRTH": "IT", "SOLV": "BANK", "KRNA": "FOOD", "VOLT": "ELEC"}
    rows: list[list[object]] = [list(KAGGLE_HEADERS)]
    totals: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for company, category in companies.items():
        for year in range(2022, 2016, -1):
            revenue = money(rng, 20000, 400000, 1)
            gross = (revenue * Decimal(rng.randint(20, 60)) / 100).quantize(Decimal("0.1"))
            net = (gross * Decimal(rng.randint(-20, 50)) / 100).quantize(Decimal("0.001"))
            amounts = {
                "Market Cap(in B USD)": money(rng, 30, 2500, 4),
                "Revenue": revenue,
                "Gross Profit": gross,
                "Net Income": net,
                "EBITDA": money(rng, 1000, 90000, 1),
                "Share Holder Equity": money(rng, 5000, 200000, 1),
                "Cash Flow from Operating": money(rng, -2000, 100000, 3),
                "Cash Flow from Investing": money(rng, -80000, 5000, 3),
                "Cash Flow from Financial Activities": money(rng, -90000, 20000, 3),
            }
            for name, value in amounts.items():
                add_to(totals, name, value)
            count_on(dates, dt.date(year, 12, 31), len(amounts))
            ratios = [
                money(rng, 0, 3, 4),
                money(rng, 0, 5, 4),
                money(rng, -20, 200, 4),
                money(rng, -5, 40, 4),
                money(rng, -10, 60, 4),
                money(rng, -20, 40, 4),
                money(rng, -3, 30, 4),
                money(rng, -10, 300, 4),
            ]
            eps = money(rng, -2, 15, 2)
            rows.append(
                [
                    year,
                    company,
                    category,
                    *[str(amounts[k]) for k in KAGGLE_MONEY[:4]],
                    str(eps),
                    *[str(amounts[k]) for k in KAGGLE_MONEY[4:]],
                    *[str(r) for r in ratios],
                    rng.randint(900, 160000),
                    {
                        2022: "8.0028",
                        2021: "4.6979",
                        2020: "1.2336",
                        2019: "1.8122",
                        2018: "2.4426",
                        2017: "2.1301",
                    }[year],
                ]
            )
    write_csv(path, rows)
    return Layout(
        name="market_statements_csv",
        currency="USD",
        path=path,
        constants={},
        expected_by_account=rounded(totals),
        record_count=(len(rows) - 1) * len(KAGGLE_MONEY),
        not_accounts=frozenset(KAGGLE_HEADERS) - set(KAGGLE_MONEY) - {"Company ", "Category"},
        dimensions=frozenset({"Category"}),
        records_by_date=dates,
        companies=frozenset(companies),
    )


YEAR_HEADERS = [
    "Year",
    "Revenue",
    "Cost Of Goods Sold",
    "Gross Profit",
    "Research And Development Expenses",
    "SG&A Expenses",
    "Operating Expenses",
    "Operating Income",
    "Other Income",
    "Pre-Tax Income",
    "Income Taxes",
    "Net Income",
    "EPS - Earnings Per Share",
    "Shares Outstanding",
]


def income_rows_per_year_csv(directory: Path, seed: int = 15) -> Layout:
    """One company's income statement, one row per fiscal year, subtotals as columns."""
    rng = random.Random(seed)
    path = directory / "income_statement_by_year.csv"
    rows: list[list[object]] = [list(YEAR_HEADERS)]
    totals: dict[str, Decimal] = {}
    for year in range(2024, 2014, -1):
        revenue = money(rng, 4000, 98000, 0)
        cogs = (revenue * Decimal(rng.randint(70, 85)) / 100).quantize(Decimal(1))
        rnd, sga = money(rng, 500, 4000, 0), money(rng, 800, 5000, 0)
        opex = rnd + sga
        operating = revenue - cogs - opex
        other = money(rng, -300, 900, 0)
        pretax = operating + other
        taxes = money(rng, 0, 1500, 0)
        values = [
            revenue,
            cogs,
            revenue - cogs,
            rnd,
            sga,
            opex,
            operating,
            other,
            pretax,
            taxes,
            pretax - taxes,
        ]
        for header, value in zip(YEAR_HEADERS[1:12], values, strict=True):
            add_to(totals, header, value)
        shares = money(rng, 2800, 3500, 0)
        rows.append(
            [
                year,
                *[str(v) for v in values],
                str((values[-1] / shares).quantize(Decimal("0.01"))),
                str(shares),
            ]
        )
    write_csv(path, rows)
    return single_company(
        name="income_rows_per_year_csv",
        path=path,
        company="Voltaic Motors",
        expected_by_account=rounded(totals),
        record_count=10 * 11,
        not_accounts=frozenset({"Year", "EPS - Earnings Per Share", "Shares Outstanding"}),
        records_by_date=spread([dt.date(year, 12, 31) for year in range(2015, 2025)], 11),
    )
