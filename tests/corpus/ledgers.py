"""Ledgers, trial balances and bank statements: debit/credit columns, codes, title rows.

Layouts: a cloud package's trial balance (xlsx, title rows, SUM row), a desktop package's
period trial balance CSV (N/C codes, a run date that is not the as-of date, a 'Totals:' row),
an ERP's balance list with 1.234,56- numbers, an ERP general-ledger CSV with subsidiaries and
departments, a general ledger grouped by account with 'Total for …' rows, two UK bank
exports (debit/credit columns; one signed amount), a German booking journal (Soll/Haben,
cp1252), a French trial balance with 1 234,56 numbers, and a bare trial balance.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from tests.corpus.model import Check, Layout, single_company
from tests.corpus.write import NBSP, add_to, count_on, day_in, fmt, money, rounded, write_csv

ZERO = Decimal(0)
# (code, name, normal side): +1 debit, -1 credit
CHART = (
    ("1200", "Business Bank Account", 1),
    ("610", "Accounts Receivable", 1),
    ("710", "Office Equipment", 1),
    ("800", "Accounts Payable", -1),
    ("820", "VAT", -1),
    ("200", "Sales", -1),
    ("260", "Other Revenue", -1),
    ("310", "Cost of Goods Sold", 1),
    ("477", "Salaries", 1),
    ("469", "Rent", 1),
    ("489", "Telephone & Internet", 1),
    ("404", "Bank Fees", 1),
    ("970", "Owner A Funds Introduced", -1),
)


def balances(rng: random.Random, chart: tuple[tuple[str, str, int], ...]) -> list[Decimal]:
    """Signed balances (debit +) for a chart, the last account balancing the rest."""
    values = [money(rng, 100, 90000) * side for _, _, side in chart[:-1]]
    return [*values, -sum(values, ZERO)]


def tb_layout(
    name: str,
    path: Path,
    names: list[str],
    values: list[Decimal],
    *,
    as_of: dt.date,
    company: str,
    **kw: object,
) -> Layout:
    """A trial balance's answer: each account's debit minus credit on the as-of date."""
    expected: dict[str, Decimal] = {}
    for account, value in zip(names, values, strict=True):
        add_to(expected, account, value)
    return Layout(
        name=name,
        path=path,
        expected_by_account=rounded(expected),
        record_count=len(values),
        balanced=True,
        records_by_date={as_of: len(values)},
        companies=frozenset({company}),
        **kw,  # type: ignore[arg-type]
    )


def debit_credit_rows(
    chart: Sequence[tuple[str, str, int]], values: list[Decimal], show: Callable[[Decimal], str]
) -> tuple[list[list[object]], str]:
    """A trial balance's lines: each account's code and name, its balance in the Debit column
    when positive, else in the Credit one (printed by `show`); and each side's total, printed."""
    rows: list[list[object]] = []
    for (code, name, _), value in zip(chart, values, strict=True):
        text = show(abs(value))
        rows.append([code, name, text if value > 0 else "", "" if value > 0 else text])
    return rows, show(sum((v for v in values if v > 0), ZERO))


def cloud_trial_balance_xlsx(directory: Path, seed: int = 31) -> Layout:
    """Title rows name the report, the company and 'As at 31 October 2025'; section rows; a
    Total row of SUM formulas; account names carry their code in brackets."""
    rng = random.Random(seed)
    values = balances(rng, CHART)
    path = directory / "trial_balance_cloud.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Trial Balance")
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0.00"})
    for r, text in enumerate(("Trial Balance", "Demo Company (UK)", "As at 31 October 2025")):
        sheet.write(r, 0, text, bold)
    sheet.write_row(4, 0, ["Account", "Debit", "Credit"], bold)
    groups = (
        ("Assets", (0, 1, 2)),
        ("Liabilities", (3, 4)),
        ("Revenue", (5, 6)),
        ("Expenses", (7, 8, 9, 10, 11)),
        ("Equity", (12,)),
    )
    r, names, debit, credit = 5, [], ZERO, ZERO
    for group, members in groups:
        sheet.write(r, 0, group, bold)
        r += 1
        for i in members:
            code, label, _ = CHART[i]
            names.append(f"{label} ({code})")
            sheet.write(r, 0, names[-1])
            sheet.write_number(r, 1 if values[i] > 0 else 2, float(abs(values[i])), num)
            debit += max(values[i], ZERO)
            credit += max(-values[i], ZERO)
            r += 1
    sheet.write(r, 0, "Total", bold)
    sheet.write_formula(r, 1, f"=SUM(B6:B{r})", num, float(debit))
    sheet.write_formula(r, 2, f"=SUM(C6:C{r})", num, float(credit))
    book.close()
    order = [i for _, members in groups for i in members]
    return tb_layout(
        "cloud_trial_balance_xlsx",
        path,
        names,
        [values[i] for i in order],
        as_of=dt.date(2025, 10, 31),
        company="Demo Company (UK)",
        constants={},
        not_accounts=frozenset(
            {"Assets", "Liabilities", "Revenue", "Expenses", "Equity", "Total", "Debit", "Credit"}
        ),
        header_row=5,
        sheet="Trial Balance",
        checks=(Check("Total", ("Debit", "Credit"), formula=True),),
    )


# Four-digit nominal codes as desktop packages number them (fixed assets start at 0010).
NOMINAL_CODES = (
    "1200",
    "1100",
    "0030",
    "2100",
    "2202",
    "4000",
    "4900",
    "5000",
    "7000",
    "7100",
    "7502",
    "7900",
    "3000",
)


def desktop_trial_balance_csv(directory: Path, seed: int = 32) -> Layout:
    """A desktop package's period trial balance: run date and time rows (not the as-of date),
    N/C codes with leading zeros, thousands commas, a 'Totals:' row."""
    rng = random.Random(seed)
    chart = tuple(zip(NOMINAL_CODES, (n for _, n, _ in CHART), (s for *_, s in CHART), strict=True))
    values = balances(rng, chart)
    path = directory / "period_trial_balance.csv"
    rows: list[list[object]] = [
        ["Date: 29/11/2026", "", "Wrenfield Joinery Ltd", "Page: 1"],
        ["Time: 14:02:11", "", "Period Trial Balance"],
        [],
        ["To Period:", "Month 10, October 2025"],
        [],
        ["N/C", "Name", "Debit", "Credit"],
    ]
    lines, side = debit_credit_rows(chart, values, lambda v: fmt(v, thousands=","))
    rows += [*lines, ["", "Totals:", side, side]]
    write_csv(path, rows)
    return tb_layout(
        "desktop_trial_balance_csv",
        path,
        [n for _, n, _ in chart],
        values,
        as_of=dt.date(2025, 10, 31),
        company="Wrenfield Joinery Ltd",
        constants={"date": "2025-10-31"},
        not_accounts=frozenset({"N/C", "Totals:", "Debit", "Credit"}),
        header_row=6,
        checks=(Check("Totals:", ("Debit", "Credit")),),
    )


ERP_CHART = (
    ("0000113100", "Bank 1 (Hausbank)", 1),
    ("0000140000", "Forderungen aus Lieferungen und Leistungen", 1),
    ("0000300000", "Rohstoffe", 1),
    ("0000160000", "Verbindlichkeiten aus L+L", -1),
    ("0000800000", "Umsatzerlöse Inland", -1),
    ("0000400000", "Materialverbrauch", 1),
    ("0000430000", "Löhne und Gehälter", 1),
    ("0000470000", "Miete", 1),
    ("0000070000", "Gezeichnetes Kapital", -1),
)


def erp_balance_list_csv(directory: Path, seed: int = 33) -> Layout:
    """An ERP balance list export: company-code column, 10-digit account numbers, German
    1.234,56- numbers with the minus trailing, cp1252, and '*' total lines."""
    values = balances(random.Random(seed), ERP_CHART)
    path = directory / "gl_account_balances.csv"
    rows: list[list[object]] = [
        ["G/L Account Balance List"],
        ["Fiscal year 2025", "Reporting periods 1 - 12"],
        [],
        ["CoCd", "G/L Acct", "Short Text", "Crcy", "Accumulated balance"],
    ]
    for code, name, _ in ERP_CHART:
        value = values[[c for c, _, _ in ERP_CHART].index(code)]
        rows.append(
            ["1000", code, name, "EUR", fmt(value, decimal=",", thousands=".", negative="trailing")]
        )
    rows.append(["*", "", "", "EUR", "0,00"])
    rows.append(["**", "", "", "EUR", "0,00"])
    write_csv(path, rows, delimiter=";", encoding="cp1252")
    return tb_layout(
        "erp_balance_list_csv",
        path,
        [n for _, n, _ in ERP_CHART],
        values,
        currency="EUR",
        as_of=dt.date(2025, 12, 31),
        company="1000",
        constants={"date": "2025-12-31"},
        not_accounts=frozenset({"CoCd", "G/L Acct", "Crcy", "*", "**"}),
        header_row=4,
        delimiter=";",
        encoding="cp1252",
        decimal=",",
        checks=(Check("*", ("Accumulated balance",)),),
    )


ERP_GL_ACCOUNTS = (
    "1000 Cash",
    "1200 Accounts Receivable",
    "2000 Accounts Payable",
    "4000 Sales",
    "5000 Cost of Goods Sold",
    "6100 Marketing",
    "6200 Payroll",
)
# (type, debit account, credit account)
ERP_GL_MOVES = (
    ("Invoice", 1, 3),
    ("Payment", 0, 1),
    ("Bill", 4, 2),
    ("Bill Payment", 2, 0),
    ("Journal", 5, 0),
    ("Journal", 6, 0),
)


def erp_general_ledger_csv(directory: Path, seed: int = 34) -> Layout:
    """An ERP general-ledger CSV: title rows, internal ids, 'number name' accounts, a
    subsidiary per line (the company), department and class, debit/credit, a Total row."""
    rng = random.Random(seed)
    path = directory / "general_ledger_erp.csv"
    rows: list[list[object]] = [
        ["Aurora Outdoor Group"],
        ["General Ledger"],
        ["January 2025"],
        [],
        [
            "Internal ID",
            "Date",
            "Type",
            "Document Number",
            "Name",
            "Account",
            "Memo",
            "Subsidiary",
            "Department",
            "Class",
            "Debit",
            "Credit",
        ],
    ]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    subsidiaries: set[str] = set()
    debit_total = ZERO
    for n in range(30):
        kind, dr, cr = rng.choice(ERP_GL_MOVES)
        amount, day = money(rng, 40, 25000), day_in(rng, 2025, 1)
        common = [
            day.strftime("%-m/%-d/%Y"),
            kind,
            f"{kind[:3].upper()}{1000 + n}",
            rng.choice(("Blue Ridge Supply", "Cascade Retail", "Summit Sports")),
        ]
        sub = rng.choice(("Aurora Outdoor Group : US", "Aurora Outdoor Group : Canada"))
        dept, cls = rng.choice(("Sales", "Operations", "Marketing")), rng.choice(("Retail", "Web"))
        for account, side in ((ERP_GL_ACCOUNTS[dr], 1), (ERP_GL_ACCOUNTS[cr], -1)):
            text = fmt(amount, thousands=",")
            rows.append(
                [
                    40000 + 2 * n + (side < 0),
                    *common,
                    account,
                    f"{kind} {n}",
                    sub,
                    dept,
                    cls,
                    text if side > 0 else "",
                    "" if side > 0 else text,
                ]
            )
            add_to(expected, account, amount * side)
        debit_total += amount
        count_on(dates, day, 2)
        subsidiaries.add(sub)
    total = fmt(debit_total, thousands=",")
    rows.append(["Total", "", "", "", "", "", "", "", "", "", total, total])
    write_csv(path, rows)
    return Layout(
        name="erp_general_ledger_csv",
        records_by_date=dates,
        companies=frozenset(subsidiaries),
        path=path,
        constants={},
        expected_by_account=rounded(expected),
        record_count=60,
        not_accounts=frozenset({"Internal ID", "Document Number", "Total", "Debit", "Credit"}),
        dimensions=frozenset({"Department", "Class"}),
        header_row=5,
        balanced=True,
        checks=(Check("Total", ("Debit", "Credit")),),
    )


GROUPED = (
    "Checking",
    "Accounts Receivable (A/R)",
    "Consulting income",
    "Office expenses",
    "Rent or Lease",
)
GROUPED_MOVES = (("Invoice", 1, 2), ("Payment", 0, 1), ("Expense", 3, 0), ("Check", 4, 0))


def grouped_general_ledger_xlsx(directory: Path, seed: int = 35) -> Layout:
    """A general ledger grouped by account: the account is a heading row, not a column; each
    group ends with 'Total for …'; a running Balance column; a TOTAL row and a basis footer."""
    rng = random.Random(seed)
    moves = []
    for n in range(24):
        kind, dr, cr = rng.choice(GROUPED_MOVES)
        moves.append(
            (day_in(rng, 2025, rng.randint(1, 3)), kind, 1001 + n, dr, cr, money(rng, 50, 6000))
        )
    moves.sort()
    path = directory / "general_ledger_grouped.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("General Ledger")
    bold = book.add_format({"bold": True})
    num = book.add_format({"num_format": "#,##0.00"})
    date_fmt = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, text in enumerate(("Harbour Consulting Ltd", "General Ledger", "January - March 2025")):
        sheet.write(r, 0, text, bold)
    sheet.write_row(
        4,
        0,
        [
            "",
            "Date",
            "Transaction Type",
            "Num",
            "Name",
            "Memo/Description",
            "Split",
            "Amount",
            "Balance",
        ],
        bold,
    )
    r, count = 5, 0
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    checks = []
    for a, account in enumerate(GROUPED):
        sheet.write(r, 0, account, bold)
        r += 1
        balance = ZERO
        for day, kind, num_, dr, cr, amount in moves:
            if a not in (dr, cr):
                continue
            signed = amount if a == dr else -amount
            balance += signed
            split = GROUPED[cr if a == dr else dr]
            sheet.write_datetime(r, 1, dt.datetime.combine(day, dt.time()), date_fmt)
            sheet.write_row(r, 2, [kind, num_, "Client Co", f"{kind} {num_}", split])
            sheet.write_number(r, 7, float(signed), num)
            sheet.write_number(r, 8, float(balance), num)
            add_to(expected, account, signed)
            count_on(dates, day)
            r, count = r + 1, count + 1
        sheet.write(r, 0, f"Total for {account}", bold)
        sheet.write_number(r, 7, float(balance), num)
        checks.append(Check(f"Total for {account}", ("Amount",), since=account))
        r += 2
    sheet.write(r, 0, "TOTAL", bold)
    sheet.write_number(r, 7, 0.0, num)
    sheet.write(r + 3, 0, "Accrual basis Tuesday, 1 April 2025 08:05 AM GMT+01:00")
    book.close()
    parts = tuple((f"Total for {g}", 1) for g in GROUPED)
    return single_company(
        name="grouped_general_ledger_xlsx",
        records_by_date=dates,
        path=path,
        company="Harbour Consulting Ltd",
        typed=False,
        expected_by_account=rounded(expected),
        record_count=count,
        not_accounts=frozenset({"Num", "Balance", "TOTAL", *parts_labels(parts)}),
        header_row=5,
        sheet="General Ledger",
        balanced=True,
        checks=(*checks, Check("TOTAL", ("Amount",), parts=parts)),
    )


def parts_labels(parts: tuple[tuple[str, int], ...]) -> list[str]:
    """The labels of a check's parts."""
    return [label for label, _ in parts]


PAYEES = (
    ("DD", "OCTOPUS ENERGY", -1),
    ("DEB", "TESCO STORES 3297", -1),
    ("FPI", "CLIENT CO LTD INV 2041", 1),
    ("SO", "RENT HOLLOWAY PROP", -1),
    ("BGC", "HMRC VAT REFUND", 1),
    ("DEB", "AMAZON MKTPLACE", -1),
)


def _statement(rng: random.Random, n: int) -> list[tuple[dt.date, str, str, Decimal]]:
    """Bank lines (date, type, description, signed amount), newest first."""
    lines = []
    for _ in range(n):
        kind, payee, sign = rng.choice(PAYEES)
        amount = money(rng, 3, 4000) if sign > 0 else money(rng, 2, 1500)
        lines.append((day_in(rng, 2025, rng.randint(9, 11)), kind, payee, amount * sign))
    return sorted(lines, reverse=True)


def dated(lines: list[tuple[dt.date, str, str, Decimal]]) -> dict[dt.date, int]:
    """Records per day of bank lines."""
    counts: dict[dt.date, int] = {}
    for day, *_ in lines:
        count_on(counts, day)
    return counts


def bank_debit_credit_csv(directory: Path, seed: int = 36) -> Layout:
    """A UK bank export: day-first dates, a sort code with a leading apostrophe, the account
    number, separate Debit Amount / Credit Amount columns, a running Balance."""
    lines = _statement(random.Random(seed), 40)
    path = directory / "bank_statement_debit_credit.csv"
    rows: list[list[object]] = [
        [
            "Transaction Date",
            "Transaction Type",
            "Sort Code",
            "Account Number",
            "Transaction Description",
            "Debit Amount",
            "Credit Amount",
            "Balance",
        ]
    ]
    balance = Decimal("25231.40") + sum((a for *_, a in lines), ZERO)
    net = ZERO
    for day, kind, payee, amount in lines:
        out = fmt(-amount) if amount < 0 else ""
        rows.append(
            [
                day.strftime("%d/%m/%Y"),
                kind,
                "'30-94-57",
                "12345678",
                payee,
                out,
                fmt(amount) if amount > 0 else "",
                fmt(balance),
            ]
        )
        balance -= amount
        net += -amount  # debit minus credit, as the file states it
    write_csv(path, rows)
    return single_company(
        name="bank_debit_credit_csv",
        records_by_date=dated(lines),
        path=path,
        company="Harbour Consulting Ltd",
        expected_by_account=rounded({"12345678": net}),
        record_count=len(lines),
        not_accounts=frozenset({"Sort Code", "Balance", "Debit Amount", "Credit Amount"}),
    )


def bank_signed_csv(directory: Path, seed: int = 37) -> Layout:
    """A UK bank export with one signed Amount, the account as 'sort-code number' text, an
    almost empty cheque Number column and a padded Memo."""
    lines = _statement(random.Random(seed), 35)
    path = directory / "bank_statement_signed.csv"
    rows: list[list[object]] = [["Number", "Date", "Account", "Amount", "Subcategory", "Memo"]]
    kinds = {
        "DD": "DIRECTDEP",
        "DEB": "PAYMENT",
        "FPI": "FT",
        "SO": "STANDING ORDER",
        "BGC": "CREDIT",
    }
    for n, (day, kind, payee, amount) in enumerate(lines):
        number = str(100200 + n) if kind == "SO" else ""
        rows.append(
            [
                number,
                day.strftime("%d/%m/%Y"),
                "20-32-06 13152170",
                fmt(amount),
                kinds[kind],
                f"{payee:<24}ON {day:%d %b} BCC",
            ]
        )
    write_csv(path, rows)
    return single_company(
        name="bank_signed_csv",
        records_by_date=dated(lines),
        path=path,
        company="Harbour Consulting Ltd",
        expected_by_account=rounded({"20-32-06 13152170": sum((a for *_, a in lines), ZERO)}),
        record_count=len(lines),
        not_accounts=frozenset({"Number", "Amount"}),
    )


DATEV = (
    ("1200", "Bank"),
    ("8400", "Erlöse 19 % USt"),
    ("1776", "Umsatzsteuer 19 %"),
    ("4120", "Gehälter"),
    ("4210", "Miete"),
    ("1576", "Abziehbare Vorsteuer 19 %"),
)
DATEV_MOVES = (
    (0, 1, "Ausgangsrechnung"),
    (3, 0, "Lohn März"),
    (4, 0, "Miete Laden"),
    (5, 0, "Vorsteuer Einkauf"),
    (0, 2, "USt-Erstattung"),
)


def german_journal_csv(directory: Path, seed: int = 38) -> Layout:
    """A German booking journal: cp1252, semicolons, 1.234,56 amounts in Soll / Haben,
    Konto and Gegenkonto numbers, a cost centre, a 'Summe' row."""
    rng = random.Random(seed)
    path = directory / "buchungsjournal.csv"
    rows: list[list[object]] = [
        ["Buchungsjournal"],
        ["Mandant: 10001 Bäckerei Sonnenschein GmbH"],
        ["Zeitraum: 01.01.2025 - 31.03.2025"],
        [],
        [
            "Konto",
            "Kontobezeichnung",
            "Datum",
            "Belegfeld 1",
            "Buchungstext",
            "Gegenkonto",
            "Soll",
            "Haben",
            "Kostenstelle",
        ],
    ]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    total = ZERO
    for n in range(18):
        dr, cr, text = rng.choice(DATEV_MOVES)
        amount, day = money(rng, 80, 14000), day_in(rng, 2025, rng.randint(1, 3))
        centre = rng.choice(("100", "200", "300"))
        for own, other, side in ((dr, cr, 1), (cr, dr, -1)):
            shown = fmt(amount, decimal=",", thousands=".")
            rows.append(
                [
                    DATEV[own][0],
                    DATEV[own][1],
                    day.strftime("%d.%m.%Y"),
                    f"RE{500 + n}",
                    text,
                    DATEV[other][0],
                    shown if side > 0 else "",
                    "" if side > 0 else shown,
                    centre,
                ]
            )
            add_to(expected, DATEV[own][1], amount * side)
        total += amount
        count_on(dates, day, 2)
    summe = fmt(total, decimal=",", thousands=".")
    rows.append(["Summe", "", "", "", "", "", summe, summe, ""])
    write_csv(path, rows, delimiter=";", encoding="cp1252")
    return single_company(
        name="german_journal_csv",
        records_by_date=dates,
        path=path,
        company="Bäckerei Sonnenschein GmbH",
        expected_by_account=rounded(expected),
        record_count=36,
        not_accounts=frozenset(
            {"Konto", "Gegenkonto", "Belegfeld 1", "Kostenstelle", "Summe", "Soll", "Haben"}
        ),
        dimensions=frozenset({"Kostenstelle"}),
        header_row=5,
        delimiter=";",
        encoding="cp1252",
        decimal=",",
        balanced=True,
        checks=(Check("Summe", ("Soll", "Haben")),),
    )


FRENCH = (
    ("101000", "Capital", -1),
    ("401000", "Fournisseurs", -1),
    ("411000", "Clients", 1),
    ("512000", "Banque", 1),
    ("601000", "Achats de matières premières", 1),
    ("613200", "Locations immobilières", 1),
    ("641000", "Rémunérations du personnel", 1),
    ("706000", "Prestations de services", -1),
    ("445710", "TVA collectée", -1),
)


def french_trial_balance_csv(directory: Path, seed: int = 39) -> Layout:
    """A French trial balance: 'au 31/12/2025' in the title, semicolons, 1 234,56 numbers with
    a no-break space, accented labels, 'Total général' row."""
    values = balances(random.Random(seed), FRENCH)
    values = [v * 10 for v in values]  # big enough to need the thousands space
    path = directory / "balance_generale.csv"
    rows: list[list[object]] = [
        ["Balance générale au 31/12/2025"],
        ["Édition du 15/01/2026"],
        [],
        ["Compte", "Intitulé", "Débit", "Crédit"],
    ]
    lines, side = debit_credit_rows(FRENCH, values, lambda v: fmt(v, decimal=",", thousands=NBSP))
    rows += [*lines, ["Total général", "", side, side]]
    write_csv(path, rows, delimiter=";", encoding="utf-8-sig")
    return tb_layout(
        "french_trial_balance_csv",
        path,
        [n for _, n, _ in FRENCH],
        values,
        as_of=dt.date(2025, 12, 31),
        company="Atelier Lumière SARL",
        constants={"company": "Atelier Lumière SARL"},
        not_accounts=frozenset({"Compte", "Total général", "Débit", "Crédit"}),
        header_row=4,
        delimiter=";",
        encoding="utf-8-sig",
        decimal=",",
        checks=(Check("Total général", ("Débit", "Crédit")),),
    )


def bare_trial_balance_xlsx(directory: Path, seed: int = 40) -> Layout:
    """A bare trial balance: header in row 1, account numbers and descriptions, debit and
    credit, a SUM row; neither the company nor the as-of date anywhere in the file."""
    chart = tuple((str(1000 + 100 * i), n, s) for i, (_, n, s) in enumerate(CHART))
    values = balances(random.Random(seed), chart)
    path = directory / "trial_balance.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("TB")
    num = book.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, ["Account Number", "Account Description", "Debit", "Credit"])
    for r, ((code, name, _), value) in enumerate(zip(chart, values, strict=True), start=1):
        sheet.write_number(r, 0, int(code))
        sheet.write(r, 1, name)
        sheet.write_number(r, 2 if value > 0 else 3, float(abs(value)), num)
    r = len(chart) + 1
    side = sum((v for v in values if v > 0), ZERO)
    sheet.write(r, 1, "Total")
    sheet.write_formula(r, 2, f"=SUM(C2:C{r})", num, float(side))
    sheet.write_formula(r, 3, f"=SUM(D2:D{r})", num, float(side))
    book.close()
    return tb_layout(
        "bare_trial_balance_xlsx",
        path,
        [n for _, n, _ in chart],
        values,
        as_of=dt.date(2025, 6, 30),
        company="Pinecrest Dental LLC",
        constants={"company": "Pinecrest Dental LLC", "date": "2025-06-30"},
        not_accounts=frozenset({"Account Number", "Total", "Debit", "Credit"}),
        sheet="TB",
        checks=(Check("Total", ("Debit", "Credit"), formula=True),),
    )


def erp_unconverted_list_txt(directory: Path, seed: int = 41) -> Layout:
    """An ERP list saved as 'unconverted' text: '|' between padded columns, rules of dashes
    above and below the header and at the end, 1.234,56- numbers, '*' total line."""
    values = balances(random.Random(seed), ERP_CHART)
    widths = (4, 10, 42, 4, 19)
    rule = "-" * (sum(widths) + len(widths) + 1)

    def line(cells: tuple[str, ...], right: int = 4) -> str:
        padded = [
            c.rjust(w) if i == right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "|" + "|".join(padded) + "|"

    text = [
        "G/L Account Balance List",
        "Fiscal year 2025  Reporting periods 1 - 12",
        "",
        rule,
        line(("CoCd", "G/L Acct", "Short Text", "Crcy", "Accumulated balance"), right=-1),
        rule,
    ]
    for (code, name, _), value in zip(ERP_CHART, values, strict=True):
        amount = fmt(value, decimal=",", thousands=".", negative="trailing")
        text.append(line(("1000", code, name, "EUR", amount)))
    text += [rule, line(("*", "", "", "EUR", "0,00")), rule]
    path = directory / "gl_balances_unconverted.txt"
    path.write_text("\r\n".join(text) + "\r\n", encoding="cp1252")
    return tb_layout(
        "erp_unconverted_list_txt",
        path,
        [n for _, n, _ in ERP_CHART],
        values,
        currency="EUR",
        as_of=dt.date(2025, 12, 31),
        company="1000",
        constants={"date": "2025-12-31"},
        not_accounts=frozenset({"CoCd", "G/L Acct", "Crcy", "*"}),
        header_row=5,
        delimiter="|",
        encoding="cp1252",
        decimal=",",
        checks=(Check("*", ("Accumulated balance",)),),
    )


def unicode_text_tb_txt(directory: Path, seed: int = 42) -> Layout:
    """A sheet saved from a spreadsheet as 'Unicode Text': UTF-16 with a byte-order mark,
    tab-delimited, numbers as displayed (thousands commas, quoted when they hold a comma)."""
    chart = tuple((str(4000 + 10 * i), n, s) for i, (_, n, s) in enumerate(CHART))
    values = balances(random.Random(seed), chart)
    path = directory / "trial_balance_unicode.txt"
    rows: list[list[object]] = [["Account", "Account Name", "Debit", "Credit"]]
    lines, side = debit_credit_rows(chart, values, lambda v: fmt(v, thousands=","))
    rows += [*lines, ["", "Total", side, side]]
    write_csv(path, rows, delimiter="\t", encoding="utf-16")
    return tb_layout(
        "unicode_text_tb_txt",
        path,
        [n for _, n, _ in chart],
        values,
        as_of=dt.date(2025, 9, 30),
        company="Kinross Surveying Ltd",
        constants={"company": "Kinross Surveying Ltd", "date": "2025-09-30"},
        not_accounts=frozenset({"Account", "Total", "Debit", "Credit"}),
        delimiter="\t",
        encoding="utf-16",
        checks=(Check("Total", ("Debit", "Credit")),),
    )
