"""Round "fixes8" (docs/import.md, layouts 229-): a cloud package's manual journal with its
tracking columns in name / option pairs; a quarter named over fiscal year columns; a
Chinese balance table in ten thousands of yuan (万元). Every
file is written fresh from a seed with made-up numbers; no real file or text is copied."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from tests.corpus.model import Layout, single_company
from tests.corpus.round185 import CN_CHART, ZERO, _balanced, _pair
from tests.corpus.statements import checks_of, compute, sections, totals_of
from tests.corpus.walked import TEN_Q_GROUPS, _lines
from tests.corpus.write import add_to, count_on, money, month_end, rounded, write_csv

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


def kemu_yue_biao_wanyuan_xlsx(directory: Path, seed: int = 231) -> Layout:
    """The Chinese account balance table of layout 188 (科目余额表: 科目编码, 科目名称, then
    期初余额, 本期发生额, 期末余额 each over 借方 | 贷方, a 合计 row) in ten thousands of
    yuan: the unit cell says 金额单位 and 万元 after a full-width colon, and the figures are
    small (1,234.56 万元 is 12,345,600 yuan). Stored: the closing balance, debit minus
    credit, times 10,000 exactly, the scale offered from the title and said."""
    rng = random.Random(seed)
    opening = _balanced(rng, 2, 90)
    debits = [money(rng, 0, 30) for _ in CN_CHART]
    credits = [money(rng, 0, 30) for _ in CN_CHART]
    gap = sum(debits, ZERO) - sum(credits, ZERO)
    if gap > 0:
        credits[-1] += gap
    else:
        debits[-1] -= gap
    closing = [o + d - c for o, d, c in zip(opening, debits, credits, strict=True)]
    path = directory / "科目余额表_万元_2025年12月.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("科目余额表")
    centre = book.add_format({"bold": True, "align": "center"})
    num = book.add_format({"num_format": "#,##0.00"})
    sheet.merge_range(0, 0, 0, 7, "科目余额表", centre)
    sheet.write(1, 0, "编制单位\uff1a华东新材料股份有限公司")
    sheet.write(1, 4, "2025年12月")
    sheet.write(1, 7, "金额单位\uff1a万元")
    sheet.merge_range(2, 0, 3, 0, "科目编码", centre)
    sheet.merge_range(2, 1, 3, 1, "科目名称", centre)
    for c, head in ((2, "期初余额"), (4, "本期发生额"), (6, "期末余额")):
        sheet.merge_range(2, c, 2, c + 1, head, centre)
        sheet.write(3, c, "借方", centre)
        sheet.write(3, c + 1, "贷方", centre)
    rows = zip(CN_CHART, opening, debits, credits, closing, strict=True)
    for r, ((code, name, _), o, d, c, e) in enumerate(rows, start=4):
        sheet.write_string(r, 0, code)
        sheet.write_string(r, 1, name)
        for col, value in enumerate([*_pair(o), float(d), float(c), *_pair(e)], start=2):
            if value != "":
                sheet.write_number(r, col, value, num)
    total = 4 + len(CN_CHART)
    sheet.write(total, 0, "合计")
    sides = [
        sum((v for v in opening if v > 0), ZERO), -sum((v for v in opening if v < 0), ZERO),
        sum(debits, ZERO), sum(credits, ZERO),
        sum((v for v in closing if v > 0), ZERO), -sum((v for v in closing if v < 0), ZERO),
    ]  # fmt: skip
    for col, value in enumerate(sides, start=2):
        sheet.write_number(total, col, float(value), num)
    book.close()
    return single_company(
        name="kemu_yue_biao_wanyuan_xlsx",
        records_by_date={dt.date(2025, 12, 31): len(CN_CHART)},
        path=path,
        company="华东新材料股份有限公司",
        typed=False,
        currency="CNY",
        expected_by_account=rounded(
            {name: e for (_, name, _), e in zip(CN_CHART, closing, strict=True)}
        ),
        not_accounts=frozenset({"借方", "贷方", "期初余额", "本期发生额", "期末余额", "科目编码"}),
        balanced=True,
        header_row=4,
        sheet="科目余额表",
        unit_multiplier=10_000,
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "xero_journal_tracking_csv": xero_journal_tracking_csv,
    "quarter_over_fiscal_years_csv": quarter_over_fiscal_years_csv,
    "kemu_yue_biao_wanyuan_xlsx": kemu_yue_biao_wanyuan_xlsx,
}
