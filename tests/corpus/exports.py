"""More real export layouts (docs/import.md, layouts 26 onwards), found after the first 25.

Desktop accounting general ledger with account heading rows and Debit/Credit/Balance columns,
bank statements (amounts with Dr/Cr suffixes, a Dr/Cr type column, withdrawal/deposit columns
with two-digit years), a budget-vs-actual report with a two-line header, a trial balance with
opening, movement and closing columns, an IFRS statement with a Note column and thousands, a
management pack whose quarters sit under a merged year row, a cloud package's P&L comparing
months newest first with a YTD column, a management-accounts workbook with a cover sheet, an
Account Transactions report with account headings in the Date column, an ERP line-item list
as tab-separated text, and a monthly Actual | Budget | Variance pack. Every file is written
fresh from a seed; no real file or text is copied.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from tests.corpus import xls
from tests.corpus.ledgers import CHART, balances, tb_layout
from tests.corpus.model import Check, Layout, single_company
from tests.corpus.statements import Spec, checks_of, compute, sections, totals_of
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

# Desktop GL: (account, normal side); moves between them.
DESKTOP_ACCOUNTS = (
    "1000 · Checking",
    "1200 · Accounts Receivable",
    "2000 · Accounts Payable",
    "4000 · Design Income",
    "6100 · Office Supplies",
    "6300 · Rent Expense",
)
DESKTOP_MOVES = (
    ("Invoice", 1, 3),
    ("Payment", 0, 1),
    ("Bill", 4, 2),
    ("Bill", 5, 2),
    ("Bill Pmt -Check", 2, 0),
    ("Check", 4, 0),
)
OPENING = {"1000 · Checking": Decimal("18250.00"), "1200 · Accounts Receivable": Decimal("4210.55")}


def desktop_general_ledger_csv(directory: Path, seed: int = 41) -> Layout:
    """A desktop package's General Ledger CSV: the first header cell empty, each account a
    heading row carrying its opening Balance, Debit/Credit columns, a running Balance,
    'Total <account>' rows with the account's debit and credit sums, a final TOTAL row."""
    rng = random.Random(seed)
    moves = sorted(
        (day_in(rng, 2025, rng.randint(1, 3)), *rng.choice(DESKTOP_MOVES), money(rng, 40, 5000))
        for _ in range(30)
    )
    path = directory / "general_ledger_desktop.csv"
    header = ["", "Type", "Date", "Num", "Adj", "Name", "Memo", "Split", "Debit", "Credit"]
    rows: list[list[object]] = [[*header, "Balance"]]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    checks, all_debit, all_credit = [], ZERO, ZERO
    for a, account in enumerate(DESKTOP_ACCOUNTS):
        balance = OPENING.get(account, ZERO)
        rows.append([account, *[""] * 9, fmt(balance, thousands=",")])
        debits = credits = ZERO
        for day, kind, dr, cr, amount in moves:
            if a not in (dr, cr):
                continue
            debit, credit = (amount, ZERO) if a == dr else (ZERO, amount)
            balance += debit - credit
            debits, credits = debits + debit, credits + credit
            other = DESKTOP_ACCOUNTS[cr if a == dr else dr]
            rows.append(
                [
                    "",
                    kind,
                    f"{day.month}/{day.day}/{day.year}",
                    str(rng.randint(100, 999)),
                    "",
                    "Client Co",
                    "",
                    other,
                    fmt(debit, thousands=",") if debit else "",
                    fmt(credit, thousands=",") if credit else "",
                    fmt(balance, thousands=","),
                ]
            )
            add_to(expected, account, debit - credit)
            count_on(dates, day)
        label = f"Total {account}"
        rows.append([label, *[""] * 7, fmt(debits, thousands=","), fmt(credits, thousands=","), ""])
        checks.append(Check(label, ("Debit", "Credit"), since=account))
        all_debit, all_credit = all_debit + debits, all_credit + credits
    rows.append(["TOTAL", *[""] * 7, fmt(all_debit, thousands=","), fmt(all_credit, thousands=",")])
    write_csv(path, rows)
    return single_company(
        name="desktop_general_ledger_csv",
        records_by_date=dates,
        path=path,
        company="Pine Street Design",
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Balance", "Debit", "Credit", "TOTAL", "Split", "Num"}),
        balanced=True,
        checks=tuple(checks),
    )


PAYEES = (
    ("SALARY CREDIT ACME LTD", 1, 40000, 90000),
    ("UPI/GROCERY MART", -1, 150, 4000),
    ("NEFT/RENT LANDLORD", -1, 18000, 25000),
    ("ATM WDL MG ROAD", -1, 500, 10000),
    ("INTEREST CREDIT", 1, 10, 900),
    ("POS FUEL STATION", -1, 300, 3500),
    ("IMPS REFUND ONLINE STORE", 1, 200, 6000),
)


def _bank_lines(rng: random.Random, n: int) -> list[tuple[dt.date, str, Decimal]]:
    """(date, narration, signed amount: money in positive), oldest first."""
    lines = []
    for _ in range(n):
        payee, sign, low, high = rng.choice(PAYEES)
        lines.append((day_in(rng, 2025, rng.randint(4, 6)), payee, money(rng, low, high) * sign))
    return sorted(lines)


def _dated(lines: list[tuple[dt.date, str, Decimal]]) -> dict[dt.date, int]:
    counts: dict[dt.date, int] = {}
    for day, *_ in lines:
        count_on(counts, day)
    return counts


def in_out(amounts: list[Decimal]) -> dict[str, Decimal]:
    """A statement with nothing naming its lines, as Elara keeps it: "Money in" and "Money
    out", as cash (money in positive, money out negative) whatever the export's format: a
    signed amount, Debit / Credit columns or a Dr/Cr indicator read alike."""
    split = {"Money in": ZERO, "Money out": ZERO}
    for amount in amounts:
        split["Money in" if amount > 0 else "Money out"] += amount
    return rounded({k: v for k, v in split.items() if v})


def bank_drcr_suffix_csv(directory: Path, seed: int = 42) -> Layout:
    """A bank statement whose Amount and Balance carry 'Dr'/'Cr' suffixes instead of a sign
    ('1,234.56 Dr' money out, '5,000.00 Cr' money in), dates as '05 Apr 2025'."""
    lines = _bank_lines(random.Random(seed), 36)
    path = directory / "bank_statement_drcr.csv"
    rows: list[list[object]] = [["Date", "Description", "Amount", "Balance"]]
    balance = Decimal("52340.18")
    for day, payee, amount in lines:
        balance += amount  # Dr money out, Cr money in: read as cash, as a signed amount
        suffix = " Cr" if amount > 0 else " Dr"
        rows.append(
            [
                day.strftime("%d %b %Y"),
                payee,
                fmt(abs(amount), thousands=",") + suffix,
                fmt(balance, thousands=",") + " Cr",
            ]
        )
    write_csv(path, rows)
    return single_company(
        name="bank_drcr_suffix_csv",
        records_by_date=_dated(lines),
        path=path,
        company="Asha Traders",
        expected_by_account=in_out([a for *_, a in lines]),
        not_accounts=frozenset({"Balance", "Description"}),
    )


def bank_type_column_csv(directory: Path, seed: int = 43) -> Layout:
    """A bank statement with an unsigned Amount and a Type column saying Dr or Cr."""
    lines = _bank_lines(random.Random(seed), 32)
    path = directory / "bank_statement_type.csv"
    rows: list[list[object]] = [["Transaction Date", "Description", "Amount", "Type"]]
    for day, payee, amount in lines:  # Dr money out, Cr money in: read as cash
        rows.append(
            [day.strftime("%d/%m/%Y"), payee, fmt(abs(amount)), "Cr" if amount > 0 else "Dr"]
        )
    write_csv(path, rows)
    return single_company(
        name="bank_type_column_csv",
        records_by_date=_dated(lines),
        path=path,
        company="Asha Traders",
        expected_by_account=in_out([a for *_, a in lines]),
        not_accounts=frozenset({"Type", "Description"}),
    )


def bank_withdrawal_deposit_csv(directory: Path, seed: int = 44) -> Layout:
    """An Indian bank's delimited statement: dd/mm/yy dates (two-digit years), Narration, a
    cheque/reference number, a value date, Withdrawal Amt. / Deposit Amt., Closing Balance."""
    rng = random.Random(seed)
    lines = _bank_lines(rng, 30)
    path = directory / "bank_statement_withdrawal_deposit.csv"
    rows: list[list[object]] = [
        [
            "Date",
            "Narration",
            "Chq./Ref.No.",
            "Value Dt",
            "Withdrawal Amt.",
            "Deposit Amt.",
            "Closing Balance",
        ]
    ]
    balance = Decimal("8125.40")
    for day, payee, amount in lines:
        balance += amount  # deposit minus withdrawal: read as cash
        rows.append(
            [
                day.strftime("%d/%m/%y"),
                payee,
                f"{rng.randint(0, 10**15):016d}",
                day.strftime("%d/%m/%y"),
                fmt(-amount) if amount < 0 else "",
                fmt(amount) if amount > 0 else "",
                fmt(balance),
            ]
        )
    write_csv(path, rows)
    return single_company(
        name="bank_withdrawal_deposit_csv",
        records_by_date=_dated(lines),
        path=path,
        company="Asha Traders",
        expected_by_account=in_out([a for *_, a in lines]),
        not_accounts=frozenset({"Closing Balance", "Chq./Ref.No.", "Value Dt"}),
    )


BVA_SPEC: Spec = [
    ("Income", None),
    ("Design income", (40000, 70000)),
    ("Consulting income", (10000, 30000)),
    ("Total Income", [("Design income", 1), ("Consulting income", 1)]),
    ("Expenses", None),
    ("Advertising", (1000, 5000)),
    ("Rent", (12000, 12000)),
    ("Salaries", (20000, 35000)),
    ("Utilities", (800, 2000)),
    (
        "Total Expenses",
        [("Advertising", 1), ("Rent", 1), ("Salaries", 1), ("Utilities", 1)],
    ),
    ("Net Operating Income", [("Total Income", 1), ("Total Expenses", -1)]),
    ("Net Income", [("Net Operating Income", 1)]),
]


def budget_vs_actual_csv(directory: Path, seed: int = 45) -> Layout:
    """A 'Budget vs. Actuals' report: title rows, a two-line header (the period over Actual,
    Budget, over Budget, % of Budget), sections and totals. Only the actuals are records."""
    rng = random.Random(seed)
    actual = compute(BVA_SPEC, 1, rng)
    budget = compute(BVA_SPEC, 1, rng)
    path = directory / "budget_vs_actuals.csv"
    rows: list[list[object]] = [
        ["Pine Street Design"],
        ["Budget vs. Actuals: FY2024 Budget - FY24 P&L"],
        ["January - December 2024"],
        [],
        ["", "Total", "", "", ""],
        ["", "Actual", "Budget", "over Budget", "% of Budget"],
    ]
    for label, what in BVA_SPEC:
        if what is None:
            rows.append([label])
            continue
        a, b = actual[label][0], budget[label][0]
        percent = (a / b * 100).quantize(Decimal("0.01")) if b else ZERO
        total = isinstance(what, list)
        rows.append(
            [
                label if total else "   " + label,
                fmt(a, thousands=",", prefix="$" if total else ""),
                fmt(b, thousands=",", prefix="$" if total else ""),
                fmt(a - b, thousands=",", prefix="$" if total else ""),
                f"{percent} %",
            ]
        )
    rows += [[], ["Accrual basis Thursday, 16 January 2025 10:02 AM GMT-05:00"]]
    write_csv(path, rows)
    return single_company(
        name="budget_vs_actual_csv",
        currency="USD",
        records_by_date=spread([dt.date(2024, 12, 31)], len(actual)),
        path=path,
        company="Pine Street Design",
        typed=False,
        expected_by_account=totals_of(actual),
        record_count=len(actual),
        not_accounts=sections(BVA_SPEC) | {"Budget", "over Budget", "% of Budget", "Actual"},
        header_row=6,
        checks=checks_of(BVA_SPEC, ("Actual", "Budget")),
    )


GP_CHART = (
    ("000-1100-00", "Cash - Operating Account", 1),
    ("000-1200-00", "Accounts Receivable", 1),
    ("000-1500-00", "Inventory", 1),
    ("000-2100-00", "Accounts Payable", -1),
    ("000-3000-00", "Common Stock", -1),
    ("000-4100-00", "Sales", -1),
    ("000-5100-00", "Cost of Goods Sold", 1),
    ("000-6100-00", "Salaries Expense", 1),
    ("000-6500-00", "Rent Expense", 1),
    ("000-3900-00", "Retained Earnings", -1),
)


def tb_opening_movement_closing_csv(directory: Path, seed: int = 46) -> Layout:
    """An ERP trial balance: Account, Description, Beginning Balance, Debit, Credit, Net
    Change, Ending Balance. The as-of balance is the Ending Balance; the others restate it."""
    rng = random.Random(seed)
    n = len(GP_CHART)
    opening = [money(rng, 1000, 50000) * side for _, _, side in GP_CHART[:-1]]
    opening.append(-sum(opening, ZERO))
    debits = [money(rng, 0, 20000) for _ in range(n)]
    credits = [money(rng, 0, 20000) for _ in range(n)]
    debits[-1] = credits[-1] = ZERO
    gap = sum(debits, ZERO) - sum(credits, ZERO)  # the last account balances the movements
    debits[-1], credits[-1] = (ZERO, gap) if gap > 0 else (-gap, ZERO)
    path = directory / "trial_balance_summary.csv"
    rows: list[list[object]] = [
        ["Fabrikam Holdings"],
        ["Trial Balance Summary"],
        ["As of 31 March 2025"],
        [],
        [
            "Account",
            "Description",
            "Beginning Balance",
            "Debit",
            "Credit",
            "Net Change",
            "Ending Balance",
        ],
    ]
    closing = []
    for (code, name, _), o, d, c in zip(GP_CHART, opening, debits, credits, strict=True):
        end = o + d - c
        closing.append(end)
        rows.append([code, name, *[fmt(v, thousands=",") for v in (o, d, c, d - c, end)]])
    sums = [sum(col, ZERO) for col in (opening, debits, credits)]
    rows.append(["", "Grand Totals:", *[fmt(v, thousands=",") for v in (*sums, ZERO, ZERO)]])
    write_csv(path, rows)
    expected: dict[str, Decimal] = {}
    for (_, name, _), end in zip(GP_CHART, closing, strict=True):
        add_to(expected, name, end)
    return single_company(
        name="tb_opening_movement_closing_csv",
        records_by_date={dt.date(2025, 3, 31): n},
        path=path,
        company="Fabrikam Holdings",
        typed=False,
        expected_by_account=rounded(expected),
        record_count=n,
        not_accounts=frozenset(
            {"Beginning Balance", "Debit", "Credit", "Net Change", "Ending Balance", "Account"}
        ),
        balanced=True,
        header_row=5,
        checks=(Check("Grand Totals:", ("Debit", "Credit")),),
    )


IFRS_SPEC: Spec = [
    ("Revenue", (80000, 120000)),
    ("Cost of sales", (-70000, -50000)),
    ("Gross profit", [("Revenue", 1), ("Cost of sales", 1)]),
    ("Distribution costs", (-9000, -5000)),
    ("Administrative expenses", (-12000, -7000)),
    ("Other operating income", (100, 1500)),
    (
        "Operating profit",
        [
            ("Gross profit", 1),
            ("Distribution costs", 1),
            ("Administrative expenses", 1),
            ("Other operating income", 1),
        ],
    ),
    ("Finance income", (50, 400)),
    ("Finance costs", (-2500, -800)),
    ("Profit before tax", [("Operating profit", 1), ("Finance income", 1), ("Finance costs", 1)]),
    ("Income tax expense", (-4000, -1500)),
    ("Profit for the year", [("Profit before tax", 1), ("Income tax expense", 1)]),
]
IFRS_NOTES = {  # note references in brackets, as many annual reports print them
    "Revenue": "(5)",
    "Cost of sales": "(6)",
    "Distribution costs": "(6, 7)",
    "Administrative expenses": "(7)",
    "Finance income": "(8)",
    "Finance costs": "(8)",
    "Income tax expense": "(9)",
}


def ifrs_notes_two_years_xlsx(directory: Path, seed: int = 47) -> Layout:
    """An IFRS statement of profit or loss from an annual report: a Note column between the
    line items and the two year columns (note references in brackets, "(8)", "(6, 7)", that
    look like negative numbers), amounts in EUR thousand,
    expenses negative in parentheses, the year-end in the title."""
    values = compute(IFRS_SPEC, 2, random.Random(seed), places=0)
    path = directory / "ifrs_profit_or_loss.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Income statement")
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0;(#,##0)"})
    sheet.write(0, 0, "Nordlicht Maschinenbau AG", bold)
    title = "Consolidated statement of profit or loss for the year ended 31 December 2024"
    sheet.write(1, 0, title)
    sheet.write(2, 0, "in EUR thousand")
    sheet.write_row(4, 0, ["", "Note", "2024", "2023"], bold)
    for r, (label, _) in enumerate(IFRS_SPEC, start=5):
        sheet.write(r, 0, label)
        if label in IFRS_NOTES:
            sheet.write_string(r, 1, IFRS_NOTES[label])
        for i in range(2):
            sheet.write_number(r, 2 + i, float(values[label][i]), num)
    book.close()
    return single_company(
        name="ifrs_notes_two_years_xlsx",
        currency="EUR",
        records_by_date=spread([dt.date(2024, 12, 31), dt.date(2023, 12, 31)], len(values)),
        unit_multiplier=1000,
        path=path,
        company="Nordlicht Maschinenbau AG",
        typed=False,
        expected_by_account=totals_of(values),
        record_count=len(values) * 2,
        not_accounts=frozenset({"Note", "2024", "2023"}),
        header_row=5,
        sheet="Income statement",
        checks=checks_of(IFRS_SPEC, ("2024", "2023")),
    )


PACK_SPEC: Spec = [
    ("Revenue", (200000, 300000)),
    ("Cost of sales", (90000, 150000)),
    ("Gross profit", [("Revenue", 1), ("Cost of sales", -1)]),
    ("Staff costs", (40000, 60000)),
    ("Premises", (10000, 12000)),
    ("Other overheads", (5000, 15000)),
    (
        "EBITDA",
        [("Gross profit", 1), ("Staff costs", -1), ("Premises", -1), ("Other overheads", -1)],
    ),
    ("Depreciation", (3000, 3000)),
    ("Operating profit", [("EBITDA", 1), ("Depreciation", -1)]),
]
PACK_PERIODS = ((2024, 1), (2024, 2), (2024, 3), (2023, 1), (2023, 2), (2023, 3))


def two_row_header_quarters_xlsx(directory: Path, seed: int = 48) -> Layout:
    """A management pack comparing quarters with last year: a merged year row ('2024' over
    three columns, '2023' over three) above a row of Q1 Q2 Q3 headers."""
    values = compute(PACK_SPEC, len(PACK_PERIODS), random.Random(seed))
    path = directory / "quarterly_pack.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("P&L")
    bold = book.add_format({"bold": True, "align": "center"})
    num = book.add_format({"num_format": "#,##0.00"})
    sheet.write(0, 0, "Greenway Leisure Ltd", bold)
    sheet.write(1, 0, "Profit and loss by quarter (GBP)")
    sheet.merge_range(3, 1, 3, 3, 2024, bold)
    sheet.merge_range(3, 4, 3, 6, 2023, bold)
    sheet.write(4, 0, "", bold)
    sheet.write_row(4, 1, [f"Q{q}" for _, q in PACK_PERIODS], bold)
    for r, (label, _) in enumerate(PACK_SPEC, start=5):
        sheet.write(r, 0, label)
        for i in range(len(PACK_PERIODS)):
            sheet.write_number(r, 1 + i, float(values[label][i]), num)
    book.close()
    ends = [month_end(y, 3 * q) for y, q in PACK_PERIODS]
    return single_company(
        name="two_row_header_quarters_xlsx",
        currency="GBP",
        records_by_date=spread(ends, len(values)),
        path=path,
        company="Greenway Leisure Ltd",
        typed=False,
        expected_by_account=totals_of(values),
        record_count=len(values) * len(PACK_PERIODS),
        not_accounts=frozenset({"Q1", "Q2", "Q3", "2024", "2023"}),
        header_row=5,
        sheet="P&L",
    )


XERO_SPEC: Spec = [
    ("Trading Income", None),
    ("Sales", (20000, 40000)),
    ("Other Revenue", (0, 2000)),
    ("Total Trading Income", [("Sales", 1), ("Other Revenue", 1)]),
    ("Cost of Sales", None),
    ("Purchases", (8000, 15000)),
    ("Total Cost of Sales", [("Purchases", 1)]),
    ("Gross Profit", [("Total Trading Income", 1), ("Total Cost of Sales", -1)]),
    ("Operating Expenses", None),
    ("Advertising", (200, 2000)),
    ("Wages and Salaries", (6000, 9000)),
    ("Rent", (2500, 2500)),
    ("Bank Fees", (10, 80)),
    (
        "Total Operating Expenses",
        [("Advertising", 1), ("Wages and Salaries", 1), ("Rent", 1), ("Bank Fees", 1)],
    ),
    ("Net Profit", [("Gross Profit", 1), ("Total Operating Expenses", -1)]),
]
XERO_MONTHS = ((2025, 3), (2025, 2), (2025, 1), (2024, 12))


def cloud_pl_compare_months_csv(directory: Path, seed: int = 49) -> Layout:
    """A cloud package's P&L in its default format: the current month and the previous three,
    newest first, headed 'Mar-25' … 'Dec-24', then a YTD column for a fiscal year starting in
    April (so YTD is NOT the sum of the four months shown and must not be checked as such)."""
    rng = random.Random(seed)
    values = compute(XERO_SPEC, 4, rng)
    earlier = compute(XERO_SPEC, 1, random.Random(seed + 1000))  # Apr-Nov 2024, not shown
    path = directory / "profit_and_loss_months.csv"
    headers = [dt.date(y, m, 1).strftime("%b-%y") for y, m in XERO_MONTHS]
    rows: list[list[object]] = [
        ["Profit and Loss"],
        ["Kiwi Kitchens Limited"],
        ["For the month ended 31 March 2025"],
        [],
        ["Account", *headers, "YTD"],
    ]
    for label, what in XERO_SPEC:
        if what is None:
            rows.append([label])
            continue
        ytd = sum(values[label], ZERO) + earlier[label][0] * 8
        texts = [fmt(v, thousands=",") for v in [*values[label], ytd]]
        rows.append([label, *texts])
    write_csv(path, rows)
    ends = [month_end(y, m) for y, m in XERO_MONTHS]
    return single_company(
        name="cloud_pl_compare_months_csv",
        records_by_date=spread(ends, len(values)),
        path=path,
        company="Kiwi Kitchens Limited",
        typed=False,
        expected_by_account=totals_of(values),
        record_count=len(values) * 4,
        not_accounts=sections(XERO_SPEC) | {"YTD", *headers},
        header_row=5,
        checks=checks_of(XERO_SPEC, tuple(headers)),
    )


COVER_SPEC: Spec = [
    ("Income", None),
    ("Sales", (30000, 60000)),
    ("Total income", [("Sales", 1)]),
    ("Costs", None),
    ("Direct costs", (10000, 20000)),
    ("Overheads", (8000, 12000)),
    ("Total costs", [("Direct costs", 1), ("Overheads", 1)]),
    ("Net profit", [("Total income", 1), ("Total costs", -1)]),
]


def management_pack_cover_xlsx(directory: Path, seed: int = 50) -> Layout:
    """A management-accounts workbook: a Cover sheet with only text (company, title, month),
    then a P&L sheet by month with a Total column, then a Balance Sheet sheet. The statement
    to read is the first sheet that holds a table, not the first sheet."""
    values = compute(COVER_SPEC, 3, random.Random(seed))
    path = directory / "management_accounts.xlsx"
    book = xlsxwriter.Workbook(path)
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0.00;(#,##0.00)"})
    cover = book.add_worksheet("Cover")
    for r, text in enumerate(
        ("Bluebell Nurseries Ltd", "Management accounts", "Quarter ended 31 March 2025")
    ):
        cover.write(r + 2, 1, text, bold)
    sheet = book.add_worksheet("P&L")
    sheet.write(0, 0, "Bluebell Nurseries Ltd", bold)
    sheet.write(1, 0, "Profit and loss account")
    months = ["Jan 2025", "Feb 2025", "Mar 2025"]
    sheet.write_row(3, 0, ["", *months, "Total"], bold)
    for r, (label, what) in enumerate(COVER_SPEC, start=4):
        sheet.write(r, 0, label, bold if what is None else None)
        if what is None:
            continue
        for i in range(3):
            sheet.write_number(r, 1 + i, float(values[label][i]), num)
        sheet.write_formula(r, 4, f"=SUM(B{r + 1}:D{r + 1})", num, float(sum(values[label], ZERO)))
    balance = book.add_worksheet("Balance Sheet")
    balance.write_row(0, 0, ["", "31 Mar 2025"], bold)
    balance.write_row(1, 0, ["Fixed assets", 125000.0], num)
    balance.write_row(2, 0, ["Cash at bank", 18000.0], num)
    book.close()
    return single_company(
        name="management_pack_cover_xlsx",
        records_by_date=spread([month_end(2025, m) for m in (1, 2, 3)], len(values)),
        path=path,
        company="Bluebell Nurseries Ltd",
        typed=False,
        expected_by_account=totals_of(values),
        record_count=len(values) * 3,
        not_accounts=sections(COVER_SPEC) | {"Total", "Fixed assets", "Cash at bank"},
        header_row=4,
        sheet="P&L",
        checks=checks_of(COVER_SPEC, tuple(months)),
    )


AT_ACCOUNTS = ("Sales (200)", "Purchases (300)", "Rent (469)", "Business Bank Account (090)")
AT_MOVES = (  # (source, debit account, credit account, GST applies)
    ("Receivable Invoice", 3, 0, True),
    ("Spend Money", 1, 3, True),
    ("Spend Money", 2, 3, True),
)


def cloud_account_transactions_csv(directory: Path, seed: int = 51) -> Layout:
    """A cloud package's Account Transactions report: the account is a heading row in the
    Date column ("Sales (200)"), closed by "Total Sales (200)"; Debit (NZD), Credit (NZD),
    Running Balance (NZD), then Gross (NZD) and GST (NZD), which restate the movement with
    its tax and must never be added as money."""
    rng = random.Random(seed)
    moves = sorted(
        (day_in(rng, 2025, rng.randint(1, 3)), *rng.choice(AT_MOVES), money(rng, 20, 3000))
        for _ in range(24)
    )
    path = directory / "account_transactions.csv"
    rows: list[list[object]] = [
        ["Account Transactions"],
        ["Kiwi Kitchens Limited"],
        ["For the period 1 January 2025 to 31 March 2025"],
        [],
        [
            "Date",
            "Source",
            "Description",
            "Reference",
            "Debit (NZD)",
            "Credit (NZD)",
            "Running Balance (NZD)",
            "Gross (NZD)",
            "GST (NZD)",
        ],
    ]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    checks = []
    for a, account in enumerate(AT_ACCOUNTS):
        rows.append([account])
        balance = debits = credits = ZERO
        for day, source, dr, cr, taxed, amount in moves:
            if a not in (dr, cr):
                continue
            debit, credit = (amount, ZERO) if a == dr else (ZERO, amount)
            balance += debit - credit
            debits, credits = debits + debit, credits + credit
            gst = (amount * Decimal("0.15")).quantize(Decimal("0.01")) if taxed else ZERO
            rows.append(
                [
                    day.strftime("%d %b %Y"),
                    source,
                    "Catering" if dr == 3 else "Supplies",
                    f"INV-{rng.randint(100, 999)}",
                    fmt(debit, thousands=",") if debit else "",
                    fmt(credit, thousands=",") if credit else "",
                    fmt(balance, thousands=",", negative="parens"),
                    fmt(amount + gst, thousands=","),
                    fmt(gst, thousands=","),
                ]
            )
            add_to(expected, account, debit - credit)
            count_on(dates, day)
        label = f"Total {account}"
        rows.append(
            [label, "", "", "", fmt(debits, thousands=","), fmt(credits, thousands=","), "", ""]
        )
        checks.append(Check(label, ("Debit (NZD)", "Credit (NZD)"), since=account))
        rows.append([])
    write_csv(path, rows)
    return single_company(
        name="cloud_account_transactions_csv",
        currency="NZD",
        records_by_date=dates,
        path=path,
        company="Kiwi Kitchens Limited",
        typed=False,
        expected_by_account=rounded(expected),
        not_accounts=frozenset(
            {"Gross (NZD)", "GST (NZD)", "Running Balance (NZD)", "Debit (NZD) - Credit (NZD)"}
        ),
        balanced=True,
        header_row=5,
        checks=tuple(checks),
    )


FBL_ACCOUNTS = (("400000", 40, 50), ("476000", 40, 50), ("113100", 40, 50))


def erp_line_items_txt(directory: Path, seed: int = 52) -> Layout:
    """An ERP G/L line-item list saved as tab-separated text: a leading empty column, the
    Assignment field holding numbers (often a date as 20250105), document numbers, a posting
    key, Doc. Date and Pstng Date, 'Amount in local cur.' as 1.234,56 with a trailing minus,
    LCurr, the G/L account number; cp1252."""
    rng = random.Random(seed)
    path = directory / "gl_line_items.txt"
    rows: list[list[object]] = [
        [
            "",
            "Assignment",
            "DocumentNo",
            "Typ",
            "Doc. Date",
            "PK",
            "Amount in local cur.",
            "LCurr",
            "G/L",
            "Pstng Date",
            "Text",
        ]
    ]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for n in range(30):
        account, debit_key, credit_key = rng.choice(FBL_ACCOUNTS)
        posted = day_in(rng, 2025, rng.randint(1, 2))
        document = posted - dt.timedelta(days=rng.randint(0, 4))
        amount = money(rng, 10, 25000) * rng.choice((1, -1))
        rows.append(
            [
                "",
                document.strftime("%Y%m%d"),
                str(1900000000 + n),
                rng.choice(("SA", "DR", "KR")),
                document.strftime("%d.%m.%Y"),
                str(debit_key if amount > 0 else credit_key),
                fmt(amount, decimal=",", thousands=".", negative="trailing"),
                "EUR",
                account,
                posted.strftime("%d.%m.%Y"),
                "Buchung Gebühr" if n % 3 else "Umsatzerlöse",
            ]
        )
        add_to(expected, account, amount)
        count_on(dates, posted)
    write_csv(path, rows, delimiter="\t", encoding="cp1252")
    return single_company(
        name="erp_line_items_txt",
        currency="EUR",
        records_by_date=dates,
        path=path,
        company="Nordlicht Maschinenbau AG",
        expected_by_account=rounded(expected),
        record_count=30,
        not_accounts=frozenset({"Assignment", "DocumentNo", "PK", "Amount in local cur."}),
        delimiter="\t",
        encoding="cp1252",
        decimal=",",
    )


BVA_MONTH_LINES = (
    ("Sales", (40000, 60000)),
    ("Cost of sales", (15000, 25000)),
    ("Salaries", (12000, 14000)),
    ("Rent", (3000, 3000)),
    ("Marketing", (500, 2500)),
)


def budget_vs_actual_months_xlsx(directory: Path, seed: int = 53) -> Layout:
    """A monthly budget-vs-actual pack: each month ("Jan 2025") merged over Actual, Budget
    and Variance columns. Only the actuals are records; budgets and variances never money."""
    rng = random.Random(seed)
    path = directory / "budget_vs_actual_months.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("BvA")
    bold = book.add_format({"bold": True, "align": "center"})
    num = book.add_format({"num_format": "#,##0.00;(#,##0.00)"})
    sheet.write(0, 0, "Harbour Consulting Ltd", bold)
    sheet.write(1, 0, "Budget vs actual, Q1 2025")
    months = (1, 2, 3)
    for i, m in enumerate(months):
        sheet.merge_range(3, 1 + 3 * i, 3, 3 + 3 * i, f"{dt.date(2025, m, 1):%b %Y}", bold)
        sheet.write_row(4, 1 + 3 * i, ["Actual", "Budget", "Variance"], bold)
    expected: dict[str, Decimal] = {}
    for r, (label, (low, high)) in enumerate(BVA_MONTH_LINES, start=5):
        sheet.write(r, 0, label)
        for i in range(len(months)):
            actual, budget = money(rng, low, high), money(rng, low, high)
            add_to(expected, label, actual)
            for k, value in enumerate((actual, budget, actual - budget)):
                sheet.write_number(r, 1 + 3 * i + k, float(value), num)
    book.close()
    return single_company(
        name="budget_vs_actual_months_xlsx",
        records_by_date=spread([month_end(2025, m) for m in months], len(BVA_MONTH_LINES)),
        path=path,
        company="Harbour Consulting Ltd",
        typed=False,
        expected_by_account=rounded(expected),
        record_count=len(BVA_MONTH_LINES) * len(months),
        not_accounts=frozenset({"Actual", "Budget", "Variance", "Budget (2)", "Variance (2)"}),
        header_row=5,
        sheet="BvA",
    )


# Third round (docs/import.md, layouts 50 onwards): bank, wallet and payment-processor
# downloads, an ERP's G/L entries, a plain-text-accounting register and a two-row year header.


def monzo_money_out_in_csv(directory: Path, seed: int = 60) -> Layout:
    """A UK app bank's export: a signed Amount restated by Local amount (same value, or the
    card's foreign amount) and by Money Out / Money In (unsigned, one per row); ids, times."""
    rng = random.Random(seed)
    lines = _bank_lines(rng, 30)
    path = directory / "monzo_export.csv"
    header = "Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,Local amount"
    header += ",Local currency,Notes and #tags,Address,Receipt,Description,Category split"
    rows: list[list[object]] = [[*header.split(","), "Money Out", "Money In"]]
    expected: dict[str, Decimal] = {}
    for n, (day, payee, amount) in enumerate(lines):
        category = "Income" if amount > 0 else rng.choice(("Groceries", "Bills", "Transport"))
        add_to(expected, category, amount)  # the app's category names the account
        local, currency = (amount, "GBP") if n % 7 else (amount * 40, "THB")
        rows.append(
            [
                f"tx_0000{n:04d}{rng.randint(10**6, 10**7)}",
                day.strftime("%d/%m/%Y"),
                f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00",
                "Card payment" if amount < 0 else "Faster payment",
                payee.title(),
                "",
                category,
                fmt(amount),
                "GBP",
                fmt(local),
                currency,
                "",
                "",
                "",
                payee,
                "",
                fmt(-amount) if amount < 0 else "",
                fmt(amount) if amount > 0 else "",
            ]
        )
    write_csv(path, rows)
    return single_company(
        name="monzo_money_out_in_csv",
        currency="GBP",
        records_by_date=_dated(lines),
        path=path,
        company="Asha Traders",
        expected_by_account=rounded(expected),
        not_accounts=frozenset(
            {"Local amount", "Money Out", "Money In", "Transaction ID", "Card payment", "Amount"}
        ),
    )


def _gross_fee_net(
    rng: random.Random, n: int, fee_sign: int
) -> list[tuple[dt.date, str, Decimal, Decimal]]:
    """(date, kind, gross, fee) of a payment processor's lines; fee signed by `fee_sign`."""
    out = []
    for _ in range(n):
        kind = rng.choice(("payment", "payment", "payment", "refund", "payout"))
        gross = money(rng, 5, 900)
        fee = (gross * Decimal("0.029") + Decimal("0.30")).quantize(Decimal("0.01"))
        if kind == "refund":
            gross, fee = -gross, ZERO
        elif kind == "payout":
            gross, fee = -money(rng, 500, 3000), ZERO
        out.append((day_in(rng, 2025, rng.randint(1, 3)), kind, gross, fee * fee_sign))
    return sorted(out)


def paypal_gross_fee_net_csv(directory: Path, seed: int = 61) -> Layout:
    """A wallet's activity download: Date, Time, TimeZone, Name, Type, Status, Currency, Gross,
    Fee (negative), Net (= Gross + Fee), e-mails, a Transaction ID, a running Balance; every
    cell quoted; US dates. Nothing names the lines: Gross is kept apart as "Money in" /
    "Money out", the Fee stays an account, the Net (restating them) is not added."""
    rng = random.Random(seed)
    lines = _gross_fee_net(rng, 28, -1)
    path = directory / "paypal_activity.csv"
    header = "Date,Time,TimeZone,Name,Type,Status,Currency,Gross,Fee,Net"
    header += ",From Email Address,To Email Address,Transaction ID,Reference Txn ID,Balance"
    rows: list[list[object]] = [header.split(",")]
    types = {"payment": "Express Checkout Payment", "refund": "Payment Refund"}
    balance = Decimal("1520.00")
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for day, kind, gross, fee in lines:
        balance += gross + fee
        add_to(expected, "Fee", fee)
        add_to(expected, "Net", gross + fee)
        count_on(dates, day, 3)
        rows.append(
            [
                f"{day.month}/{day.day}/{day.year}",
                f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
                "PST",
                "" if kind == "payout" else rng.choice(("Jo Bloggs", "A. Customer")),
                types.get(kind, "General Withdrawal"),
                "Completed",
                "USD",
                fmt(gross, thousands=","),
                fmt(fee, thousands=","),
                fmt(gross + fee, thousands=","),
                "buyer@example.com",
                "shop@example.com",
                f"{rng.randint(10**16, 10**17):X}",
                "",
                fmt(balance, thousands=","),
            ]
        )
    write_csv(path, rows, quoting=csv.QUOTE_ALL)
    return single_company(
        name="paypal_gross_fee_net_csv",
        currency="USD",
        records_by_date=dates,
        path=path,
        company="Kiwi Kitchens Limited",
        expected_by_account=rounded(expected) | in_out([gross for _, _, gross, _ in lines]),
        not_accounts=frozenset({"Balance", "Transaction ID", "Time"}),
    )


def stripe_balance_history_csv(directory: Path, seed: int = 62) -> Layout:
    """A payment processor's balance history: id, Type, Source, Amount, Fee (positive, taken
    off), Net (= Amount - Fee), Currency in lower case, Created (UTC) and Available On (UTC)
    as 'YYYY-MM-DD HH:MM', Description. Nothing names the lines: the Amount is kept apart as
    "Money in" / "Money out", the Fee is an account of its own."""
    rng = random.Random(seed)
    lines = _gross_fee_net(rng, 26, 1)
    path = directory / "balance_history.csv"
    header = "id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On (UTC),Description"
    rows: list[list[object]] = [header.split(",")]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for n, (day, kind, gross, fee) in enumerate(lines):
        add_to(expected, "Fee", fee)  # Net restates Amount - Fee: a number, never money
        count_on(dates, day, 2)
        available = day + dt.timedelta(days=2)
        rows.append(
            [
                f"txn_{rng.randint(10**20, 10**21):x}",
                {"payment": "charge"}.get(kind, kind),
                f"ch_{n:06d}",
                fmt(gross),
                fmt(fee),
                fmt(gross - fee),
                "usd",
                f"{day} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                f"{available} 00:00",
                "" if kind == "payout" else f"Invoice {1000 + n}",
            ]
        )
    write_csv(path, rows)
    return single_company(
        name="stripe_balance_history_csv",
        currency="USD",
        records_by_date=dates,
        path=path,
        company="Kiwi Kitchens Limited",
        expected_by_account=rounded(expected) | in_out([gross for _, _, gross, _ in lines]),
        not_accounts=frozenset({"id", "Source", "Available On (UTC)", "Net"}),
    )


def ing_de_umsatzanzeige_csv(directory: Path, seed: int = 63) -> Layout:
    """A German direct bank's 'Umsatzanzeige': key;value lines (file date, IBAN, account name,
    customer, period, balance), then Buchung;Valuta;Auftraggeber/Empfänger;Buchungstext;
    Verwendungszweck;Saldo;Währung;Betrag;Währung: the running Saldo before the Betrag, two
    columns called Währung, 1.234,56, dd.mm.yyyy, cp1252."""
    rng = random.Random(seed)
    lines = _bank_lines(rng, 30)
    path = directory / "Umsatzanzeige_DE12500105170648489890_20250405.csv"
    balance = Decimal("6240.15")
    opening = balance
    rows: list[list[object]] = [
        ["Umsatzanzeige", "Datei erstellt am: 05.04.2025 10:12"],
        [],
        ["IBAN", "DE12 5001 0517 0648 4898 90"],
        ["Kontoname", "Girokonto"],
        ["Bank", "ING"],
        ["Kunde", "Jürgen Müller"],
        ["Zeitraum", "01.04.2025 - 30.06.2025"],
        ["Saldo", fmt(opening + sum((a for *_, a in lines), ZERO), decimal=",", thousands=".")],
        [],
        ["Sortierung", "Datum absteigend"],
        [],
        [
            "Buchung",
            "Valuta",
            "Auftraggeber/Empfänger",
            "Buchungstext",
            "Verwendungszweck",
            "Saldo",
            "Währung",
            "Betrag",
            "Währung",
        ],
    ]
    body = []
    for day, payee, amount in lines:
        balance += amount
        body.append(
            [
                day.strftime("%d.%m.%Y"),
                day.strftime("%d.%m.%Y"),
                payee.title(),
                "Gutschrift" if amount > 0 else "Lastschrift",
                f"Ref. {rng.randint(10**9, 10**10)}",
                fmt(balance, decimal=",", thousands="."),
                "EUR",
                fmt(amount, decimal=",", thousands="."),
                "EUR",
            ]
        )
    write_csv(path, rows + body[::-1], delimiter=";", encoding="cp1252")
    return single_company(
        name="ing_de_umsatzanzeige_csv",
        currency="EUR",
        records_by_date=_dated(lines),
        path=path,
        company="Jürgen Müller",
        expected_by_account=in_out([a for *_, a in lines]),
        not_accounts=frozenset({"Saldo", "Verwendungszweck"}),
        header_row=12,
        delimiter=";",
        encoding="cp1252",
        decimal=",",
    )


BC_ACCOUNTS = (
    ("2910", "Checking account"),
    ("2310", "Customers Domestic"),
    ("6110", "Sales, Retail - Dom."),
    ("5610", "Sales VAT 25 %"),
    ("8210", "Office Supplies"),
)


def bc_gl_entries_xlsx(directory: Path, seed: int = 64) -> Layout:
    """An ERP's General Ledger Entries list opened in Excel: Posting Date (date cells),
    Document Type, Document No., G/L Account No., G/L Account Name, Description, Amount,
    Debit Amount, Credit Amount (both restating Amount), Entry No., Department Code."""
    rng = random.Random(seed)
    path = directory / "General Ledger Entries.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("General Ledger Entries")
    day_fmt = book.add_format({"num_format": "m/d/yyyy"})
    num = book.add_format({"num_format": "#,##0.00"})
    header = [
        "Posting Date",
        "Document Type",
        "Document No.",
        "G/L Account No.",
        "G/L Account Name",
        "Description",
        "Amount",
        "Debit Amount",
        "Credit Amount",
        "Entry No.",
        "Department Code",
    ]
    sheet.write_row(0, 0, header)
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    r = 1
    for n in range(15):  # an invoice: customer debit, sales and VAT credits
        day = day_in(rng, 2025, rng.randint(1, 2))
        net = money(rng, 100, 4000)
        vat = (net * Decimal("0.25")).quantize(Decimal("0.01"))
        for a, amount in ((1, net + vat), (2, -net), (3, -vat)) if n % 3 else ((0, net), (1, -net)):
            no, name = BC_ACCOUNTS[a]
            sheet.write_datetime(r, 0, dt.datetime.combine(day, dt.time()), day_fmt)
            sheet.write_row(r, 1, ["Invoice" if n % 3 else "Payment", f"103{n:03d}", no, name])
            sheet.write(r, 5, f"Order {n + 1}")
            sheet.write_number(r, 6, float(amount), num)
            sheet.write_number(r, 7, float(max(amount, ZERO)), num)
            sheet.write_number(r, 8, float(max(-amount, ZERO)), num)
            sheet.write_number(r, 9, 2400 + r)
            sheet.write(r, 10, rng.choice(("SALES", "ADM")))
            add_to(expected, name, amount)
            count_on(dates, day)
            r += 1
    book.close()
    return single_company(
        name="bc_gl_entries_xlsx",
        records_by_date=dates,
        path=path,
        company="CRONUS USA, Inc.",
        expected_by_account=rounded(expected),
        record_count=r - 1,
        not_accounts=frozenset({"Debit Amount", "Credit Amount", "Entry No.", "Amount"}),
        dimensions=frozenset({"Department Code"}),
        balanced=True,
        sheet="General Ledger Entries",
    )


HLEDGER_MOVES = (
    ("Client invoice paid", "income:consulting", "assets:bank:checking", 800, 4000),
    ("Rent", "assets:bank:checking", "expenses:rent", 1200, 1200),
    ("Groceries", "assets:bank:checking", "expenses:food", 20, 150),
    ("Hosting", "liabilities:credit card", "expenses:hosting", 10, 80),
)


def hledger_register_csv(directory: Path, seed: int = 65) -> Layout:
    """A plain-text-accounting register as CSV: txnidx, date (YYYY-MM-DD), code, description,
    account (colon-separated names), amount with its commodity symbol ("$-1,200.00"), and a
    running total in the last column; every cell quoted. Each transaction balances."""
    rng = random.Random(seed)
    path = directory / "register.csv"
    rows: list[list[object]] = [
        ["txnidx", "date", "code", "description", "account", "amount", "total"]
    ]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    total = ZERO
    moves = sorted(
        (day_in(rng, 2025, rng.randint(1, 3)), rng.choice(HLEDGER_MOVES)) for _ in range(20)
    )
    for n, (day, (what, source, target, low, high)) in enumerate(moves, start=1):
        amount = money(rng, low, high)
        for account, value in ((target, amount), (source, -amount)):
            total += value
            text = fmt(value, thousands=",", prefix="$")
            rows.append(
                [n, str(day), "", what, account, text.replace("-$", "$-"), fmt(total, prefix="$")]
            )
            add_to(expected, account, value)
            count_on(dates, day)
    write_csv(path, rows, quoting=csv.QUOTE_ALL)
    return single_company(
        name="hledger_register_csv",
        currency="USD",
        records_by_date=dates,
        path=path,
        company="Household",
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"total", "txnidx", "amount"}),
        balanced=True,
    )


def card_statement_csv(directory: Path, seed: int = 66) -> Layout:
    """A US card issuer's activity download: Transaction Date, Post Date, Description,
    Category, Type (Sale, Payment, Return, Fee), Amount (charges negative, payments
    positive), Memo; MM/DD/YYYY dates, newest first."""
    rng = random.Random(seed)
    path = directory / "card_activity.csv"
    rows: list[list[object]] = [
        ["Transaction Date", "Post Date", "Description", "Category", "Type", "Amount", "Memo"]
    ]
    lines: list[tuple[dt.date, str, Decimal]] = []
    for _ in range(30):
        day = day_in(rng, 2025, rng.randint(1, 3))
        kind = rng.choice(("Sale", "Sale", "Sale", "Return", "Payment", "Fee"))
        amount = money(rng, 3, 400) * (-1 if kind in ("Sale", "Fee") else 1)
        if kind == "Payment":
            amount = money(rng, 500, 1500)
        lines.append((day, kind, amount))
    for day, kind, amount in sorted(lines, reverse=True):
        posted = day + dt.timedelta(days=rng.randint(0, 2))
        rows.append(
            [
                day.strftime("%m/%d/%Y"),
                posted.strftime("%m/%d/%Y"),
                "AUTOPAY PAYMENT - THANK YOU" if kind == "Payment" else "MERCHANT #" + kind,
                "" if kind == "Payment" else rng.choice(("Shopping", "Travel", "Food & Drink")),
                kind,
                fmt(amount),
                "",
            ]
        )
    write_csv(path, rows)
    dates: dict[dt.date, int] = {}
    for day, *_ in lines:
        count_on(dates, day)
    return single_company(
        name="card_statement_csv",
        records_by_date=dates,
        path=path,
        company="Pine Street Design",
        expected_by_account=in_out([a for *_, a in lines]),
        record_count=len(lines),
        not_accounts=frozenset({"Post Date", "Type", "Memo"}),
    )


def fy_actual_budget_xlsx(directory: Path, seed: int = 67) -> Layout:
    """A board pack comparing two years: "FY2025" merged over Actual | Budget and "FY2024"
    over Actual | Budget, line items as rows, costs shown positive. Only actuals are stored,
    dated on the fiscal year's end."""
    rng = random.Random(seed)
    path = directory / "fy_actual_budget.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Board pack")
    bold = book.add_format({"bold": True, "align": "center"})
    num = book.add_format({"num_format": "#,##0;(#,##0)"})
    sheet.write(0, 0, "Harbour Consulting Ltd", bold)
    sheet.write(1, 0, "Income statement, actual against budget")
    for i, year in enumerate((2025, 2024)):
        sheet.merge_range(3, 1 + 2 * i, 3, 2 + 2 * i, f"FY{year}", bold)
        sheet.write_row(4, 1 + 2 * i, ["Actual", "Budget"], bold)
    expected: dict[str, Decimal] = {}
    for r, (label, (low, high)) in enumerate(BVA_MONTH_LINES, start=5):
        sheet.write(r, 0, label)
        for i in range(2):
            actual, budget = money(rng, low * 12, high * 12, 0), money(rng, low * 12, high * 12, 0)
            add_to(expected, label, actual)
            sheet.write_number(r, 1 + 2 * i, float(actual), num)
            sheet.write_number(r, 2 + 2 * i, float(budget), num)
    book.close()
    return single_company(
        name="fy_actual_budget_xlsx",
        records_by_date=spread([dt.date(2025, 12, 31), dt.date(2024, 12, 31)], 5),
        path=path,
        company="Harbour Consulting Ltd",
        typed=False,
        expected_by_account=rounded(expected),
        record_count=len(BVA_MONTH_LINES) * 2,
        not_accounts=frozenset({"Actual", "Budget", "Budget (2)", "FY2025", "FY2024"}),
        header_row=5,
        sheet="Board pack",
    )


# (type, account the line is entered against, nominal it posts to, sign on the nominal)
AUDIT_MOVES = (
    ("SI", "CUST01", "4000", -1),
    ("SI", "CUST02", "4000", -1),
    ("SC", "CUST01", "4000", 1),
    ("SR", "CUST02", "1200", 1),
    ("PI", "SUPP01", "5000", 1),
    ("PC", "SUPP01", "5000", -1),
    ("PP", "SUPP01", "1200", -1),
    ("BP", "1200", "7100", 1),
    ("BR", "1200", "4900", -1),
    ("JD", "", "7000", 1),
    ("JC", "", "2100", -1),
)


def audit_trail_types_csv(directory: Path, seed: int = 68) -> Layout:
    """A desktop package's audit trail: No, Type (SI, SC, SR, PI, PC, PP, BP, BR, JD, JC),
    Account (the customer, supplier or bank entered against), Nominal (the ledger account),
    Dept, Details, Date, Ref, Net and Tax (never signed: the type says debit or credit),
    T/C, Paid (Y/N), Amount Paid, Bank and VAT flags."""
    rng = random.Random(seed)
    path = directory / "audit_trail.csv"
    header = "No,Type,Account,Nominal,Dept,Details,Date,Ref,Net,Tax,T/C,Paid,Amount Paid,Bank,VAT"
    rows: list[list[object]] = [header.split(",")]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for n in range(1, 41):
        kind, account, nominal, sign = rng.choice(AUDIT_MOVES)
        day = day_in(rng, 2025, rng.randint(1, 3))
        net = money(rng, 20, 3000)
        tax = ZERO if kind[0] in "BJ" else (net * Decimal("0.2")).quantize(Decimal("0.01"))
        paid = rng.choice(("Y", "N"))
        rows.append(
            [
                n,
                kind,
                account,
                nominal,
                rng.choice((0, 1, 2)),
                f"{kind} line {n}",
                day.strftime("%d/%m/%Y"),
                f"{rng.randint(100, 999)}",
                fmt(net),
                fmt(tax),
                "T9" if tax == 0 else "T1",
                paid,
                fmt(net + tax if paid == "Y" else ZERO),
                rng.choice(("R", "N", "-")),
                rng.choice(("R", "N", "-")),
            ]
        )
        add_to(expected, nominal, net * sign)
        count_on(dates, day)
    write_csv(path, rows)
    return single_company(
        name="audit_trail_types_csv",
        records_by_date=dates,
        path=path,
        company="Wrenfield Joinery Ltd",
        expected_by_account=rounded(expected),
        record_count=40,
        not_accounts=frozenset({"CUST01", "SUPP01", "Tax", "Amount Paid", "SI", "Net"}),
        dimensions=frozenset({"Account"}),
    )


# Layouts 39-41: scenarios (docs/import.md, "Scenarios"). Lines: (account, low, high).
SCENARIO_LINES = (
    ("Revenue", 80000, 120000),
    ("Cost of Sales", 30000, 50000),
    ("Salaries", 20000, 26000),
    ("Rent", 4000, 4000),
    ("Travel", 300, 2500),
)


def scenario_long_csv(directory: Path, seed: int = 54) -> Layout:
    """A BI / FP&A fact table: Scenario (Actual, Budget, Forecast) on every row, a month, an
    entity, a department, the account and one amount. Only the actual rows are the figures."""
    rng = random.Random(seed)
    rows: list[list[object]] = [["Scenario", "Month", "Entity", "Department", "Account", "Amount"]]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for month in range(1, 7):
        for entity, department in (("NW01", "Sales"), ("NW01", "Operations"), ("NW02", "Sales")):
            for scenario in ("Actual", "Budget", "Forecast"):
                for account, low, high in SCENARIO_LINES:
                    amount = money(rng, low // 3, high // 3)
                    rows.append(
                        [scenario, f"2025-{month:02d}", entity, department, account, amount]
                    )
                    if scenario == "Actual":
                        add_to(expected, account, amount)
                        count_on(dates, month_end(2025, month))
    path = write_csv(directory / "scenario_long.csv", rows)
    return Layout(
        name="scenario_long_csv",
        path=path,
        constants={},
        expected_by_account=rounded(expected),
        record_count=6 * 3 * len(SCENARIO_LINES),
        not_accounts=frozenset({"Actual", "Budget", "Forecast", "Scenario"}),
        dimensions=frozenset({"Department"}),
        records_by_date=dates,
        companies=frozenset({"NW01", "NW02"}),
    )


def planning_version_csv(directory: Path, seed: int = 55) -> Layout:
    """A planning tool's data export (semicolon-separated): Account, Cost Center, Version
    (BUD, FCST 3+9, ACT; budget rows first), Period ("Jan-25") and Value. One entity, so the
    company is typed. Only ACT rows are the figures."""
    rng = random.Random(seed)
    rows: list[list[object]] = [["Account", "Cost Center", "Version", "Period", "Value"]]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for version in ("BUD", "FCST 3+9", "ACT"):
        for month in range(1, 4):
            for centre in ("CC100", "CC200"):
                for account, low, high in SCENARIO_LINES:
                    amount = money(rng, low // 4, high // 4)
                    period = f"{dt.date(2025, month, 1):%b-%y}"
                    rows.append([account, centre, version, period, fmt(amount, decimal=",")])
                    if version == "ACT":
                        add_to(expected, account, amount)
                        count_on(dates, month_end(2025, month))
    path = write_csv(directory / "planning_version.csv", rows, delimiter=";")
    return single_company(
        name="planning_version_csv",
        path=path,
        company="Fjell Foods AS",
        expected_by_account=rounded(expected),
        record_count=3 * 2 * len(SCENARIO_LINES),
        not_accounts=frozenset({"BUD", "FCST 3+9", "ACT", "Version"}),
        dimensions=frozenset({"Cost Center"}),
        records_by_date=dates,
        delimiter=";",
        decimal=",",
    )


def budget_workbook_xlsx(directory: Path, seed: int = 56) -> Layout:
    """A budget workbook: "Budget 2025" in the title and on the sheet tab, months as columns
    and a Total column. Every figure is a budget: the dataset is stored as one."""
    rng = random.Random(seed)
    path = directory / "budget_workbook.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Budget 2025")
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0.00"})
    sheet.write(0, 0, "Lakeside Outfitters Ltd", bold)
    sheet.write(1, 0, "Budget 2025", bold)
    months = [f"{dt.date(2025, m, 1):%b %Y}" for m in range(1, 13)]
    sheet.write_row(3, 0, ["Account", *months, "Total"], bold)
    expected: dict[str, Decimal] = {}
    for r, (account, low, high) in enumerate(SCENARIO_LINES, start=4):
        values = [money(rng, low // 10, high // 10) for _ in months]
        sheet.write(r, 0, account)
        for m, value in enumerate(values):
            sheet.write_number(r, 1 + m, float(value), num)
        total = sum(values, ZERO)
        sheet.write_formula(r, 13, f"=SUM(B{r + 1}:M{r + 1})", num, float(total))
        add_to(expected, account, total)
    book.close()
    return single_company(
        name="budget_workbook_xlsx",
        path=path,
        company="Lakeside Outfitters Ltd",
        typed=False,
        expected_by_account=rounded(expected),
        record_count=12 * len(SCENARIO_LINES),
        not_accounts=frozenset({"Total", "Budget 2025"}),
        records_by_date=spread([month_end(2025, m) for m in range(1, 13)], len(SCENARIO_LINES)),
        header_row=4,
        sheet="Budget 2025",
    )


ETB_CHART = (
    ("1200", "Bank current account", 1),
    ("1100", "Debtors control", 1),
    ("2100", "Creditors control", -1),
    ("3000", "Share capital", -1),
    ("4000", "Sales", -1),
    ("5000", "Purchases", 1),
    ("7000", "Wages", 1),
    ("7100", "Rent and rates", 1),
    ("3200", "Profit and loss reserve", -1),
)


def extended_trial_balance_xls(directory: Path, seed: int = 69) -> Layout:
    """An old desktop package's Extended Trial Balance saved as an Excel 97-2003 workbook
    (.xls, BIFF8): company, report name, the date range, then Code, Account, Opening
    Balance, Movement, Closing Balance (debits positive, credits negative) and a Total row."""
    rng = random.Random(seed)
    opening = [money(rng, 1000, 40000) * side for *_, side in ETB_CHART[:-1]]
    opening.append(-sum(opening, ZERO))
    moves = [money(rng, 100, 20000) * side for *_, side in ETB_CHART[:-1]]
    moves.append(-sum(moves, ZERO))
    rows: list[list[xls.Cell]] = [
        ["Wrenfield Joinery Ltd"],
        ["Extended Trial Balance"],
        ["Date Range: 01/01/2024 to 31/12/2024"],
        [],
        ["Code", "Account", "Opening Balance", "Movement", "Closing Balance"],
    ]
    expected: dict[str, Decimal] = {}
    for (code, name, _), o, m in zip(ETB_CHART, opening, moves, strict=True):
        rows.append([code, name, o, m, o + m])
        add_to(expected, name, o + m)
    rows.append(["", "Total", ZERO, ZERO, ZERO])
    path = xls.write_xls(directory / "extended_trial_balance.xls", "Trial Balance", rows)
    return single_company(
        name="extended_trial_balance_xls",
        records_by_date={dt.date(2024, 12, 31): len(ETB_CHART)},
        path=path,
        company="Wrenfield Joinery Ltd",
        typed=False,
        expected_by_account=rounded(expected),
        record_count=len(ETB_CHART),
        not_accounts=frozenset({"Opening Balance", "Movement", "Closing Balance", "Total"}),
        balanced=True,
        header_row=5,
        sheet="Trial Balance",
    )


def revolut_statement_csv(directory: Path, seed: int = 70) -> Layout:
    """An app bank's account statement: Type, Product, Started Date, Completed Date (the
    booking: when the balance moved), Description, Amount (signed), Fee (positive, taken
    off as well), Currency, State (COMPLETED; a REVERTED card payment never moved money and
    has no completed date), Balance after the line. Nothing names the lines: the Amount is
    kept apart as "Money in" / "Money out", the Fee stays an account of its own."""
    rng = random.Random(seed)
    lines = _bank_lines(rng, 30)
    path = directory / "account-statement.csv"
    header = "Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State"
    rows: list[list[object]] = [[*header.split(","), "Balance"]]
    balance = Decimal("950.00")
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for n, (day, payee, amount) in enumerate(lines):
        started = dt.datetime.combine(day, dt.time(rng.randint(0, 23), rng.randint(0, 59)))
        completed = started + dt.timedelta(hours=rng.randint(1, 40))
        fee = Decimal("0.50") if n % 9 == 4 else ZERO
        balance += amount - fee
        add_to(expected, "Fee", fee)
        count_on(dates, completed.date(), 2)
        rows.append(
            [
                "TOPUP" if amount > 0 else "CARD_PAYMENT",
                "Current",
                f"{started:%Y-%m-%d %H:%M:%S}",
                f"{completed:%Y-%m-%d %H:%M:%S}",
                payee.title(),
                fmt(amount),
                fmt(fee),
                "EUR",
                "COMPLETED",
                fmt(balance),
            ]
        )
    write_csv(path, rows)
    return single_company(
        name="revolut_statement_csv",
        currency="EUR",
        records_by_date=dates,
        path=path,
        company="Asha Traders",
        expected_by_account=rounded(expected) | in_out([a for *_, a in lines]),
        not_accounts=frozenset({"Balance", "Started Date", "State", "Product"}),
    )


def tb_month_and_ytd_csv(directory: Path, seed: int = 71) -> Layout:
    """A cloud package's Trial Balance with the month's Debit / Credit beside YTD Debit /
    YTD Credit ("As at 31 March 2025"): the YTD pair is the balance on the as-of date (it
    balances), the first pair only the month's movement (it balances too)."""
    rng = random.Random(seed)
    ytd = balances(rng, CHART)
    month = balances(rng, CHART)
    path = directory / "trial_balance_ytd.csv"
    rows: list[list[object]] = [
        ["Trial Balance"],
        ["Demo Company (NZ)"],
        ["As at 31 March 2025"],
        [],
        ["Account", "Debit", "Credit", "YTD Debit", "YTD Credit"],
    ]
    names = []
    for (code, label, _), m, y in zip(CHART, month, ytd, strict=True):
        names.append(f"{label} ({code})")
        pair = [fmt(max(v, ZERO), thousands=",") if v > 0 else "" for v in (m, -m, y, -y)]
        rows.append([names[-1], *pair])
    sums = [sum((max(v, ZERO) for v in col), ZERO) for col in (month, [-v for v in month])]
    sums += [sum((max(v, ZERO) for v in col), ZERO) for col in (ytd, [-v for v in ytd])]
    rows.append(["Total", *[fmt(v, thousands=",") for v in sums]])
    write_csv(path, rows)
    return tb_layout(
        "tb_month_and_ytd_csv",
        path,
        names,
        ytd,
        as_of=dt.date(2025, 3, 31),
        company="Demo Company (NZ)",
        constants={},
        not_accounts=frozenset({"Debit", "Credit", "YTD Debit", "YTD Credit", "Total"}),
        header_row=5,
        checks=(Check("Total", ("Debit", "Credit", "YTD Debit", "YTD Credit")),),
    )


SPARKASSE_HEADER = (
    "Auftragskonto;Buchungstag;Valutadatum;Buchungstext;Verwendungszweck;Glaeubiger ID;"
    "Mandatsreferenz;Kundenreferenz (End-to-End);Sammlerreferenz;Lastschrift Ursprungsbetrag;"
    "Auslagenersatz Ruecklastschrift;Beguenstigter/Zahlungspflichtiger;Kontonummer/IBAN;"
    "BIC (SWIFT-Code);Betrag;Waehrung;Info"
)


def sparkasse_camt_csv(directory: Path, seed: int = 72) -> Layout:
    """A German savings bank's "CSV-CAMT" download: 17 columns, every cell quoted, cp1252,
    the own IBAN in every row (Auftragskonto), dd.mm.yy booking dates, SEPA references,
    the counterparty and its IBAN, a signed Betrag as -53,94, Waehrung, Info "Umsatz
    gebucht"; newest first."""
    rng = random.Random(seed)
    lines = _bank_lines(rng, 30)
    path = directory / "20250701-12345678-umsatz.CSV"
    rows: list[list[object]] = [SPARKASSE_HEADER.split(";")]
    for day, payee, amount in reversed(lines):
        debit = amount < 0
        rows.append(
            [
                "DE89370400440532013000",
                day.strftime("%d.%m.%y"),
                day.strftime("%d.%m.%y"),
                "FOLGELASTSCHRIFT" if debit else "GUTSCHR. UEBERWEISUNG",
                f"{payee.title()} {rng.randint(1000, 9999)}",
                "DE98ZZZ09999999999" if debit else "",
                f"M-{rng.randint(10**5, 10**6)}" if debit else "",
                "NOTPROVIDED",
                "",
                "",
                "",
                payee.title(),
                f"DE{rng.randint(10**19, 10**20 - 1)}",
                "COBADEFFXXX",
                fmt(amount, decimal=","),
                "EUR",
                "Umsatz gebucht",
            ]
        )
    write_csv(path, rows, delimiter=";", encoding="cp1252", quoting=csv.QUOTE_ALL)
    return single_company(
        name="sparkasse_camt_csv",
        currency="EUR",
        records_by_date=_dated(lines),
        path=path,
        company="Bäckerei Sonnenschein GmbH",
        expected_by_account=in_out([a for *_, a in lines]),
        not_accounts=frozenset({"Kontonummer/IBAN", "Mandatsreferenz", "Auftragskonto"}),
        delimiter=";",
        encoding="cp1252",
        decimal=",",
    )
