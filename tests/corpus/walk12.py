"""Walk 12 (docs/import.md, layouts 235-238): an accounting API's trial balance written by a
connector script (a report date and the organisation on every line, opaque account ids,
CamelCase headers); a council's "payments over £500" list; a New Zealand bank's CSV under
its balance lines; a Czech bank's CSV under its API key/value preamble.
Every file is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.corpus.exports import in_out
from tests.corpus.model import Layout, single_company
from tests.corpus.write import add_to, count_on, day_in, fmt, money, rounded, write_csv

ZERO = Decimal(0)

# (section, account name, code, debit side?) of a small trading company's chart
API_TB_ACCOUNTS = (
    ("Assets", "Cheque Account", "091", True),
    ("Assets", "Trade Debtors", "611", True),
    ("Assets", "Plant and Machinery", "720", True),
    ("Liabilities", "Trade Creditors", "801", False),
    ("Liabilities", "VAT Payable", "821", False),
    ("Liabilities", "Director Loan", "905", False),
    ("Revenue", "Sales - Wholesale", "201", False),
    ("Revenue", "Sales - Retail", "202", False),
    ("Expenses", "Salaries", "478", True),
    ("Expenses", "Premises Rent", "470", True),
    ("Expenses", "Freight", "425", True),
)


def api_tb_ytd_pairs_csv(directory: Path, seed: int = 235) -> Layout:
    """A trial balance a script pulled from a cloud package's API: ReportDate (ISO, the same
    on every line), Tenant (the organisation, the same on every line), Section, AccountID (a
    GUID), AccountName, AccountCode ("091"), then the month's Debit | Credit and the year to
    date's YTDDebit | YTDCredit, all as "1234.5" floats; no total row. The YTD pair is each
    account's balance on the report date; the month's pair is kept as numbers; the tenant is
    the company; the GUIDs name nothing. Both pairs balance."""
    rng = random.Random(seed)
    rows: list[list[object]] = [
        [
            "ReportDate", "Tenant", "Section", "AccountID", "AccountName", "AccountCode",
            "Debit", "Credit", "YTDDebit", "YTDCredit",
        ]
    ]  # fmt: skip
    company = "Kestrel Marine Supplies Pty Ltd"
    expected: dict[str, Decimal] = {}
    month_net = ZERO
    lines: list[tuple[str, str, str, bool, Decimal, Decimal]] = []
    for section, name, code, debit_side in API_TB_ACCOUNTS:
        ytd = money(rng, 800, 60000)
        month = money(rng, 50, 4000) if rng.random() < 0.7 else ZERO
        lines.append((section, name, code, debit_side, ytd, month))
        expected[name] = ytd if debit_side else -ytd
        month_net += month if debit_side else -month
    # the balancing lines: retained earnings (YTD) and the month's suspense in cash
    lines.append(("Equity", "Retained Earnings", "960", True, ZERO, ZERO))
    retained = -sum(expected.values(), ZERO)
    expected["Retained Earnings"] = retained
    for section, name, code, debit_side, ytd, month in lines:
        if name == "Retained Earnings":
            ytd_cells = (retained, ZERO) if retained > 0 else (ZERO, -retained)
            month_cells = (ZERO, ZERO)
        else:
            ytd_cells = (ytd, ZERO) if debit_side else (ZERO, ytd)
            month_cells = (month, ZERO) if debit_side else (ZERO, month)
        if name == "Cheque Account":  # the month's other side: the pair balances
            month_cells = (month_cells[0] - month_net, ZERO)
            if month_cells[0] < 0:
                month_cells = (ZERO, -month_cells[0])
        guid = f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-4{rng.getrandbits(12):03x}-"
        guid += f"a{rng.getrandbits(12):03x}-{rng.getrandbits(48):012x}"
        rows.append(
            [
                "2025-09-30", company, section, guid, name, code,
                *(_float(v) for v in month_cells), *(_float(v) for v in ytd_cells),
            ]
        )  # fmt: skip
    path = directory / "api_trial_balance.csv"
    write_csv(path, rows)
    return single_company(
        name="api_tb_ytd_pairs_csv",
        path=path,
        company=company,
        typed=False,
        records_by_date={dt.date(2025, 9, 30): len(lines)},
        expected_by_account=expected,
        not_accounts=frozenset(
            {"Debit", "Credit", "YTDDebit", "YTDCredit", "AccountID", "AccountCode", "Assets"}
        ),
        balanced=True,
    )


def _float(value: Decimal) -> str:
    """As a script writes a float: "1200.0", "15234.5", "0.0"."""
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


# (service area, category, code, low, high, capital?) of a district council's payments
COUNCIL_PAYMENTS = (
    ("Direct Services", "Vehicle Maintenance", "D2210", 600, 9000, False),
    ("Direct Services", "Fuel", "D2201", 800, 14000, False),
    ("Housing Services", "Gas", "B1502", 500, 2400, False),
    ("Housing Services", "Electricity", "B1501", 600, 5200, False),
    ("Housing Services", "Repairs & Maintenance", "B2001", 900, 26000, False),
    ("Business Improvement", "Software Maintenance", "D3513", 500, 30000, False),
    ("Business Improvement", "Consultants Fees", "D3411", 900, 9500, False),
    ("Regeneration & Economy", "Main Contractor", "Y021", 2000, 90000, True),
    ("Community Services", "Grants", "D3701", 500, 15000, False),
)
# Suppliers, two of them named "Total …" as energy and packaging firms are
COUNCIL_SUPPLIERS = {
    "Gas": ("TOTAL GAS & POWER LTD", "NORTHERN GAS SUPPLY LTD"),
    "Electricity": ("TOTAL ENERGIES LIMITED", "GRIDLINE POWER PLC"),
}
OTHER_SUPPLIERS = (
    "HILLSIDE MOTORS LTD", "FENWAY CONSULTING", "BRIGHTWATER IT LTD", "OAKFIELD BUILDERS",
    "RIVERSIDE COMMUNITY TRUST", "CANALSIDE FUELS LTD", "",
)  # fmt: skip


def council_spend_over_500_csv(directory: Path, seed: int = 236) -> Layout:
    """A district council's quarterly "expenditure over £500" file: Client (its short code,
    the same on every line), Service Area (the department), Expenditure Category (what was
    bought: the account), Expenditure Code, Paid Date (dd/mm/yyyy), Trans No ("1040187 - 2"),
    Amount (unsigned spending; a credit note negative), Type of Expenditure (Revenue |
    Capital), Supplier ID (8 digits), Supplier Name (some blank, redacted; some "TOTAL GAS &
    POWER LTD"). Payments stored by category; "Revenue" there is revenue expenditure, not
    income; a supplier named "Total …" is a payment like the others, never a totals row."""
    rng = random.Random(seed)
    rows: list[list[object]] = [
        [
            "Client", "Service Area", "Expenditure Category", "Expenditure Code", "Paid Date",
            "Trans No", "Amount", "Type of Expenditure", "Supplier ID", "Supplier Name",
        ]
    ]  # fmt: skip
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    number = 1039000
    for _ in range(70):
        area, category, code, low, high, capital = rng.choice(COUNCIL_PAYMENTS)
        amount = money(rng, low, high)
        if rng.random() < 0.06:
            amount = -amount  # a credit note
        if rng.random() < 0.15:
            amount = Decimal(rng.choice((500, 1000, 2500)))  # whole pounds: "500"
        day = day_in(rng, 2025, rng.choice((10, 11, 12)))
        supplier = rng.choice(COUNCIL_SUPPLIERS.get(category, OTHER_SUPPLIERS))
        number += rng.randint(1, 40)
        rows.append(
            [
                "DCC", area, category, code, day.strftime("%d/%m/%Y"),
                f"{number} - {rng.randint(0, 3)}", _plain(amount),
                "Capital" if capital else "Revenue",
                "" if not supplier else str(20000000 + rng.randint(1, 19999)), supplier,
            ]
        )  # fmt: skip
        add_to(expected, category, amount)
        count_on(dates, day)
    for supplier in ("TOTAL GAS & POWER LTD", "TOTAL ENERGIES LIMITED"):
        if not any(row[-1] == supplier for row in rows):  # both "Total …" suppliers appear
            day = dt.date(2025, 11, 18)
            rows.append(
                [
                    "DCC", "Housing Services", "Gas", "B1502", day.strftime("%d/%m/%Y"),
                    f"{number + 7} - 0", "811.15", "Revenue", "20007602", supplier,
                ]
            )  # fmt: skip
            add_to(expected, "Gas", Decimal("811.15"))
            count_on(dates, day)
    path = directory / "council_spend_over_500.csv"
    write_csv(path, rows)
    return single_company(
        name="council_spend_over_500_csv",
        path=path,
        company="Downsbury District Council",
        records_by_date=dates,
        expected_by_account=rounded(expected),
        not_accounts=frozenset(
            {
                "Amount", "Supplier ID", "Trans No", "Revenue", "Capital", "Direct Services",
                "Housing Services", "TOTAL GAS & POWER LTD",
            }
        ),
    )  # fmt: skip


# (tran type, payee, memo, sign, low, high) of a small firm's New Zealand business account
NZ_LINES = (
    ("D/C", "D/C FROM HARBOURVIEW CAFE", "INV-0042", 1, 150, 2400),
    ("D/C", "D/C FROM TE ARO DENTAL", "INV-0047", 1, 300, 3800),
    ("BILLPAY", "PMT TO FC12-3100-0456789-00", "BILL PAYMENT TO POWERCO", -1, 80, 420),
    ("EFTPOS", "MITRE 10 MEGA PETONE", "EFTPOS", -1, 20, 380),
    ("AP", "IRD GST", "AP GST RETURN", -1, 400, 2600),
    ("DEBIT", "DEBIT", "CARD 4421 Z ENERGY WELLINGTON", -1, 40, 140),
)


def nz_bank_balance_lines_csv(directory: Path, seed: int = 237) -> Layout:
    """A New Zealand bank's business-account CSV: six lines above the header (the creation
    time, "Bank 12; Branch 3627; Account 0001234-00 (Business Account)", From date / To date
    as yyyymmdd, "Avail Bal : 6790.45 as of 20250630", "Ledger Balance : … as of …"), then
    Date (d/mm/yyyy), Unique Id (yyyymmdd and a sequence: a number), Tran Type, Cheque
    Number, Payee, Memo, Amount (signed), and a row of bare commas under the header. The
    balance lines name no company (nor does anything else: the person types it); the ids are
    not money; the lines are kept as money in and out."""
    rng = random.Random(seed)
    lines = sorted((day_in(rng, 2025, rng.randint(4, 6)), rng.choice(NZ_LINES)) for _ in range(24))
    amounts: list[Decimal] = []
    body: list[list[object]] = []
    sequence: dict[dt.date, int] = {}
    dates: dict[dt.date, int] = {}
    for day, (kind, payee, memo, sign, low, high) in lines:
        amount = money(rng, low, high) * sign
        sequence[day] = sequence.get(day, 0) + 1
        unique = f"{day:%Y%m%d}{sequence[day]:02d}"
        cheque = ""
        body.append([f"{day.day}/{day:%m/%Y}", unique, kind, cheque, payee, memo, _plain(amount)])
        amounts.append(amount)
        count_on(dates, day)
    ledger = money(rng, 2000, 9000) + sum(amounts, ZERO)
    rows: list[list[object]] = [
        ["Created date / time : 1 July 2025 / 09:14:22", "", "", "", "", "", ""],
        ["Bank 12; Branch 3627; Account 0001234-00 (Business Account)", "", "", "", "", "", ""],
        ["From date 20250401", "", "", "", "", "", ""],
        ["To date 20250630", "", "", "", "", "", ""],
        [f"Avail Bal : {ledger:.2f} as of 20250630", "", "", "", "", "", ""],
        [f"Ledger Balance : {ledger:.2f} as of 20250630", "", "", "", "", "", ""],
        ["Date", "Unique Id", "Tran Type", "Cheque Number", "Payee", "Memo", "Amount"],
        ["", "", "", "", "", "", ""],
        *body,
    ]
    path = directory / "nz_business_account.csv"
    write_csv(path, rows)
    return single_company(
        name="nz_bank_balance_lines_csv",
        path=path,
        company="Tawa Electrical Ltd",
        records_by_date=dates,
        expected_by_account=in_out(amounts),
        not_accounts=frozenset({"Avail Bal", "Unique Id", "Cheque Number", "Amount"}),
        header_row=7,
    )


def _plain(amount: Decimal) -> str:
    """As the bank (or the council) writes an amount: "1000", "-29.43", "475.5"."""
    return format(amount.normalize(), "f")


# (movement type, counter-account name, sign, low, high) of a Czech firm's current account
CZ_LINES = (
    ("Bezhotovostní příjem", "ODBĚRATEL S.R.O.", 1, 4000, 90000),
    ("Platba převodem uvnitř banky", "DODAVATEL A.S.", -1, 1500, 40000),
    ("Bezhotovostní platba", "ENERGIE PRAHA", -1, 900, 9000),
    ("Platba kartou", "", -1, 120, 3500),
    ("Připsaný úrok", "", 1, 0, 3),
    ("Poplatek", "", -1, 10, 90),
)


def cz_bank_key_value_csv(directory: Path, seed: int = 238) -> Layout:
    """A Czech bank's movements CSV as its API writes it: a key;value preamble (accountId,
    bankId, currency, iban, bic, openingBalance, closingBalance "12894,79", dateStart,
    dateEnd, idFrom, idTo), then "ID pohybu;Datum;Objem;Měna;Protiúčet;Název protiúčtu;Kód
    banky;Název banky;KS;VS;SS;Uživatelská identifikace;Zpráva pro příjemce;Typ;Provedl;
    Upřesnění;Komentář;BIC;ID pokynu;" with a trailing separator. Datum dd.mm.yyyy, Objem
    (the amount, signed, decimal comma), ten-digit ids, the counter-account's number and the
    payment symbols (KS, VS, SS): none of them money, and no key ("accountId", "currency")
    a company. Typ names the lines."""
    rng = random.Random(seed)
    lines = sorted((day_in(rng, 2025, rng.randint(7, 8)), rng.choice(CZ_LINES)) for _ in range(20))
    opening = money(rng, 20000, 90000)
    body: list[list[object]] = []
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    movement = 26100000000
    for day, (kind, party, sign, low, high) in lines:
        amount = money(rng, low, high) * sign
        if amount == 0:
            amount = Decimal("0.07")
        movement += rng.randint(1000, 90000)
        account = str(rng.randint(100000000, 2999999999)) if party else ""
        bank = rng.choice(("0100", "0300", "0800", "2010")) if party else ""
        symbol = str(rng.randint(100000, 9999999999)) if party else ""
        body.append(
            [
                movement, f"{day:%d.%m.%Y}", fmt(amount, decimal=","), "CZK", account, party,
                bank, "", "0308" if party else "", symbol, "", "", "", kind, "", "", "",
                "", rng.randint(28000000000, 28999999999), "",
            ]
        )  # fmt: skip
        add_to(expected, kind, amount)
        count_on(dates, day)
    closing = opening + sum((r for r in expected.values()), ZERO)
    preamble = [
        ["accountId", "2900123456"], ["bankId", "2010"], ["currency", "CZK"],
        ["iban", "CZ6520100000002900123456"], ["bic", "FIOBCZPPXXX"],
        ["openingBalance", fmt(opening, decimal=",")],
        ["closingBalance", fmt(closing, decimal=",")],
        ["dateStart", "01.07.2025"], ["dateEnd", "31.08.2025"],
        ["idFrom", str(body[0][0])], ["idTo", str(body[-1][0])],
    ]  # fmt: skip
    header = [
        "ID pohybu", "Datum", "Objem", "Měna", "Protiúčet", "Název protiúčtu", "Kód banky",
        "Název banky", "KS", "VS", "SS", "Uživatelská identifikace", "Zpráva pro příjemce",
        "Typ", "Provedl", "Upřesnění", "Komentář", "BIC", "ID pokynu", "",
    ]  # fmt: skip
    path = directory / "cz_bank_pohyby.csv"
    write_csv(path, [*preamble, header, *body], delimiter=";")
    return single_company(
        name="cz_bank_key_value_csv",
        path=path,
        company="Vltava Nástroje s.r.o.",
        records_by_date=dates,
        expected_by_account=rounded(expected),
        not_accounts=frozenset(
            {"ID pohybu", "ID pokynu", "Protiúčet", "KS", "VS", "SS", "accountId", "CZK"}
        ),
        header_row=len(preamble) + 1,
        delimiter=";",
        decimal=",",
        currency="CZK",
    )


AGED_BY_MONTH = ("Current", "1 months", "2 months", "3 months", "4 months", "5 months", "Older")
AGED_VENDORS = (
    "Brickfield Supplies Inc", "CASCADE LUMBER, LLC", "Northgate Equipment Rental",
    "Pioneer Concrete Co", "Summit Electrical Wholesale", "Valley Waste Services",
)  # fmt: skip


def aged_payables_by_month_csv(directory: Path, seed: int = 239) -> Layout:
    """A cloud package's "Aged Payables Summary By Vendor" as CSV: the report's name, the
    company, "As of 30 June 2025", "Aging by Due Date", then Vendor | Current | 1 months …
    5 months | Older | Total | Past Due Average; every cell "$1,234.56" (quoted when it has a
    comma), empty buckets "$0.00"; a Total row; Past Due Average a number of days (negative
    when not yet due). The buckets are money owed on the date, each an account; the vendor a
    dimension; Total restates the buckets; the average days are no money."""
    rng = random.Random(seed)
    rows: list[list[object]] = [
        ["Aged Payables Summary By Vendor", *[""] * 9],
        ["Redwood Ridge Builders LLC", *[""] * 9],
        ["As of 30 June 2025", *[""] * 9],
        ["Aging by Due Date", *[""] * 9],
        ["Vendor", *AGED_BY_MONTH, "Total", "Past Due Average"],
    ]
    totals = dict.fromkeys(AGED_BY_MONTH, ZERO)
    for number, vendor in enumerate(AGED_VENDORS):
        owed = (0, number + 1, (number + 2) % len(AGED_BY_MONTH))  # every bucket owes some
        values = [
            money(rng, 200, 60000) if index in owed or rng.random() < 0.2 else ZERO
            for index, _ in enumerate(AGED_BY_MONTH)
        ]
        for bucket, value in zip(AGED_BY_MONTH, values, strict=True):
            totals[bucket] += value
        days = Decimal(rng.randint(-3000, 9000)) / 100
        rows.append(
            [vendor, *(_dollars(v) for v in values), _dollars(sum(values, ZERO)), f"{days}"]
        )
    grand = sum(totals.values(), ZERO)
    rows.append(["Total", *(_dollars(totals[b]) for b in AGED_BY_MONTH), _dollars(grand), "-4.2"])
    path = directory / "aged_payables_by_month.csv"
    write_csv(path, rows)
    return single_company(
        name="aged_payables_by_month_csv",
        path=path,
        company="Redwood Ridge Builders LLC",
        typed=False,
        records_by_date={dt.date(2025, 6, 30): len(AGED_VENDORS) * len(AGED_BY_MONTH)},
        expected_by_account=rounded({k: v for k, v in totals.items() if v}),
        not_accounts=frozenset({"Total", "Past Due Average", *AGED_VENDORS}),
        header_row=5,
        currency="USD",
    )


def _dollars(value: Decimal) -> str:
    return fmt(value, thousands=",", prefix="$")


# (type, number, name, description, [(account, debit?)], low, high) of a contractor's month
JOURNAL_ENTRIES = (
    ("Expense", "", "Kingsway Building Supply", "Lumber", ["Job Materials:Lumber", "Chequing"]),
    ("Bill", "B-{n}", "Lakeshore Electric", "Subcontract", ["Subcontractors", "Accounts Payable"]),
    ("Journal Entry", "JE-{n}", "", "Accrue wages", ["Wages Expense", "Accrued Liabilities"]),
    ("Invoice", "{n}", "Tremblay, Marc", "Bathroom reno", ["Accounts Receivable (A/R)", "Sales"]),
    ("Deposit", "", "", "Deposit", ["Chequing", "Undeposited Funds"]),
)


def qbo_journal_full_name_csv(directory: Path, seed: int = 240) -> Layout:
    """A cloud package's Journal report exported to CSV: "Journal", the
    company, the period, a blank row, then a header with a blank first cell `,Transaction
    date,Transaction type,#,Name,Description,Full name,Debit,Credit`; each entry under its
    group id alone in the first column, its lines with the first cell empty, day-first
    dates, "$1,250.40" amounts, then "Total for <group id>" with the entry's two sums; a last
    ",TOTAL,…" row. "Full name" is each line's account (a sub-account as "Parent:Child"),
    "Name" the customer or vendor; an invoice carries a sales-tax line. Debits = credits."""
    rng = random.Random(seed)
    rows: list[list[object]] = [
        ["Journal", *[""] * 8],
        ["Northshore Renovations Inc.", *[""] * 8],
        ["March 2025", *[""] * 8],
        [""] * 9,
        ["", "Transaction date", "Transaction type", "#", "Name", "Description", "Full name",
         "Debit", "Credit"],
    ]  # fmt: skip
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    group = 3100
    total = ZERO
    for _ in range(14):
        kind, number, name, text, (debited, credited) = rng.choice(JOURNAL_ENTRIES)
        amount = money(rng, 120, 9000)
        day = day_in(rng, 2025, 3)
        group += rng.randint(1, 9)
        shown = number.format(n=rng.randint(1000, 1999))
        lines = [(debited, amount, True), (credited, amount, False)]
        if kind == "Invoice":  # 13% sales tax on top of the sale
            tax = (amount * Decimal("0.13")).quantize(Decimal("0.01"))
            lines = [(debited, amount + tax, True), (credited, amount, False)]
            lines.append(("HST Payable", tax, False))
        rows.append([str(group), *[""] * 8])
        for account, value, debit in lines:
            rows.append(
                [
                    "", f"{day:%d/%m/%Y}", kind, shown, name, text, account,
                    _dollars(value) if debit else "", "" if debit else _dollars(value),
                ]
            )  # fmt: skip
            add_to(expected, account, value if debit else -value)
            count_on(dates, day)
        sides = lines[0][1]
        total += sides
        rows.append([f"Total for {group}", *[""] * 6, _dollars(sides), _dollars(sides)])
    rows.append(["", "TOTAL", *[""] * 5, _dollars(total), _dollars(total)])
    path = directory / "qbo_journal.csv"
    write_csv(path, rows)
    return single_company(
        name="qbo_journal_full_name_csv",
        path=path,
        company="Northshore Renovations Inc.",
        typed=False,
        records_by_date=dates,
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Money in", "Money out", "Debit", "Credit", "Tremblay, Marc"}),
        header_row=5,
        balanced=True,
        currency="USD",
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "api_tb_ytd_pairs_csv": api_tb_ytd_pairs_csv,
    "council_spend_over_500_csv": council_spend_over_500_csv,
    "nz_bank_balance_lines_csv": nz_bank_balance_lines_csv,
    "cz_bank_key_value_csv": cz_bank_key_value_csv,
    "aged_payables_by_month_csv": aged_payables_by_month_csv,
    "qbo_journal_full_name_csv": qbo_journal_full_name_csv,
}
