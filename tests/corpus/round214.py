"""Layouts 214-221 (docs/import.md): a desktop bookkeeping program's transaction export (one
row per split, "Full Account Name", "Amount Num."), a budgeting app's register (Outflow /
Inflow in dollars, "Category Group/Category"), a personal-finance aggregator's transactions
(unsigned Amount and a "Transaction Type" of debit / credit, several accounts in one file), a
US card issuer's download (Debit | Credit, Card No.), and Nordic bank downloads: a Finnish
bank's (Kirjauspäivä; Määrä EUROA), a Norwegian bank's (Uttak | Innskudd) and a Danish bank's
(Beløb, Saldo, Status, Afstemt).
Every file is written fresh from a seed with made-up numbers; no real file or text is copied.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.corpus.exports import in_out
from tests.corpus.model import Layout, single_company
from tests.corpus.write import add_to, count_on, day_in, fmt, money, rounded, write_csv

ZERO = Decimal(0)


# 214 ------------------------------------------------------------------------------------
# (description, [(full account name, sign)], low, high): each transaction's splits balance
GC_MOVES = (
    ("Salary", (("Assets:Current Assets:Checking Account", 1), ("Income:Salary", -1)), 2800, 4200),
    ("Grocery store", (("Expenses:Groceries", 1), ("Assets:Current Assets:Checking Account", -1)),
     30, 240),
    ("Electricity", (("Expenses:Utilities:Electric", 1),
                     ("Assets:Current Assets:Checking Account", -1)), 60, 180),
    ("Card payment", (("Liabilities:Credit Card", 1),
                      ("Assets:Current Assets:Checking Account", -1)), 200, 900),
    ("Restaurant", (("Expenses:Dining", 1), ("Liabilities:Credit Card", -1)), 15, 120),
    ("Interest", (("Assets:Current Assets:Savings Account", 1), ("Income:Interest", -1)), 1, 25),
)  # fmt: skip


def gnucash_transactions_csv(directory: Path, seed: int = 214) -> Layout:
    """A desktop double-entry program's "Export Transactions to CSV" (full layout): "Date",
    "Transaction ID" (32 hex digits), "Number", "Description", "Notes",
    "Commodity/Currency" ("CURRENCY::USD"), "Void Reason", "Action", "Memo", "Full Account
    Name" ("Expenses:Utilities:Electric"), "Account Name" (its last part), "Amount With Sym"
    ("$1,234.56"), "Amount Num." ("1,234.56"), "Value With Sym", "Value Num.", "Reconcile"
    (n, c, y), "Reconcile Date", "Rate/Price" ("1"); one row per split, the transaction's
    fields repeated on each; every field quoted; US dates (mm/dd/yyyy); debits positive,
    each transaction's splits summing to zero. A paycheck is split three ways."""
    rng = random.Random(seed)
    path = directory / "gnucash_transactions_export.csv"
    head = ["Date", "Transaction ID", "Number", "Description", "Notes", "Commodity/Currency",
            "Void Reason", "Action", "Memo", "Full Account Name", "Account Name",
            "Amount With Sym", "Amount Num.", "Value With Sym", "Value Num.", "Reconcile",
            "Reconcile Date", "Rate/Price"]  # fmt: skip
    rows: list[list[object]] = [head]
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    moves = sorted(
        (day_in(rng, 2025, rng.randint(1, 3)), n, rng.choice(GC_MOVES)) for n in range(24)
    )
    for day, n, (what, splits, low, high) in moves:
        amount = money(rng, low, high)
        lines = [(account, amount * sign, "") for account, sign in splits]
        if what == "Salary":  # gross pay, tax withheld: three splits
            tax = (amount * Decimal("0.22")).quantize(Decimal("0.01"))
            lines = [(splits[0][0], amount - tax, ""), ("Expenses:Taxes:Federal", tax, "withheld"),
                     (splits[1][0], -amount, "")]  # fmt: skip
        txid = f"{rng.getrandbits(128):032x}"
        for account, value, memo in lines:
            text = fmt(value, thousands=",")
            sym = fmt(value, thousands=",", prefix="$")
            rows.append([day.strftime("%m/%d/%Y"), txid, str(100 + n) if n % 3 == 0 else "",
                         what, "", "CURRENCY::USD", "", "", memo, account,
                         account.rsplit(":", 1)[-1], sym, text, sym, text,
                         rng.choice("ncy"), "", "1"])  # fmt: skip
            add_to(expected, account, value)
            count_on(dates, day)
    write_csv(path, rows, quoting=csv.QUOTE_ALL)
    return single_company(
        name="gnucash_transactions_csv",
        currency="USD",
        records_by_date=dates,
        path=path,
        company="Household",
        expected_by_account=rounded(expected),
        not_accounts=frozenset(
            {
                "Amount With Sym",
                "Value Num.",
                "Value With Sym",
                "Rate/Price",
                "Account Name",
                "Amount Num.",
            }
        ),
        balanced=True,
    )


# 215 ------------------------------------------------------------------------------------
# (payee, category group, category, sign, low, high)
YNAB_LINES = (
    ("Employer Inc", "Inflow", "Ready to Assign", 1, 1800, 2600),
    ("Landlord", "Bills", "Rent", -1, 1400, 1400),
    ("Grocer", "Everyday Expenses", "Groceries", -1, 20, 180),
    ("Power Co", "Bills", "Electric", -1, 40, 140),
    ("Cafe", "Everyday Expenses", "Restaurants", -1, 6, 60),
    ("Fuel Stop", "Everyday Expenses", "Fuel", -1, 25, 70),
)


def ynab_register_csv(directory: Path, seed: int = 215) -> Layout:
    """A budgeting app's register export: "Account", "Flag", "Date" (mm/dd/yyyy), "Payee",
    "Category Group/Category" ("Bills: Rent"), "Category Group", "Category", "Memo",
    "Outflow", "Inflow" (both "$0.00" when empty, "$1,400.00"), "Cleared" (Cleared,
    Uncleared, Reconciled); every field quoted; two accounts in one file; income under
    "Inflow: Ready to Assign". Every line has a category."""
    rng = random.Random(seed)
    path = directory / "Budget as of 2025-04-01 - Register.csv"
    rows: list[list[object]] = [["Account", "Flag", "Date", "Payee", "Category Group/Category",
                                 "Category Group", "Category", "Memo", "Outflow", "Inflow",
                                 "Cleared"]]  # fmt: skip
    lines = sorted(
        (day_in(rng, 2025, rng.randint(1, 3)), n, rng.choice(YNAB_LINES)) for n in range(30)
    )
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    for day, n, (payee, group, category, sign, low, high) in lines:
        amount = money(rng, low, high) * sign
        account = "Checking" if sign > 0 or n % 3 else "Visa"
        out, into = (
            (fmt(-amount, thousands=",", prefix="$"), "$0.00")
            if amount < 0
            else ("$0.00", fmt(amount, thousands=",", prefix="$"))
        )
        rows.append([account, rng.choice(("", "", "Red")), day.strftime("%m/%d/%Y"), payee,
                     f"{group}: {category}", group, category, "", out, into,
                     rng.choice(("Cleared", "Uncleared", "Reconciled"))])  # fmt: skip
        add_to(expected, category, -amount)  # as a ledger reads it: an outflow a debit
        count_on(dates, day)
    write_csv(path, rows, quoting=csv.QUOTE_ALL)
    return single_company(
        name="ynab_register_csv",
        currency="USD",
        records_by_date=dates,
        path=path,
        company="Household",
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Outflow", "Inflow", "Flag", "Cleared"}),
    )


# 216 ------------------------------------------------------------------------------------
# (description, original description, category, transaction type, low, high)
MINT_LINES = (
    ("Whole Grocer", "WHOLEGRCR MKT 10234 SEATTLE WA", "Groceries", "debit", 20, 220),
    ("Acme Payroll", "ACME CORP DIR DEP PPD ID 99182", "Paycheck", "credit", 1600, 2400),
    ("City Power", "CITY LIGHT ONLINE PMT", "Utilities", "debit", 40, 160),
    ("Gas Station", "SHELL OIL 57444103", "Gas & Fuel", "debit", 25, 75),
    ("Coffee Shop", "SQ *COFFEE SHOP", "Coffee Shops", "debit", 3, 12),
    ("Refund", "RETURN ONLINE STORE", "Shopping", "credit", 10, 90),
)


def mint_transactions_csv(directory: Path, seed: int = 216) -> Layout:
    """A personal-finance aggregator's transactions export: "Date" (m/dd/yyyy, no leading
    zero on the month), "Description", "Original Description", "Amount" (unsigned, no
    separators), "Transaction Type" (debit, credit), "Category", "Account Name" (several
    accounts in one file), "Labels", "Notes"; every field quoted; newest first."""
    rng = random.Random(seed)
    path = directory / "transactions.csv"
    rows: list[list[object]] = [["Date", "Description", "Original Description", "Amount",
                                 "Transaction Type", "Category", "Account Name", "Labels",
                                 "Notes"]]  # fmt: skip
    lines = sorted(
        (day_in(rng, 2025, rng.randint(1, 3)), n, rng.choice(MINT_LINES)) for n in range(32)
    )
    expected: dict[str, Decimal] = {}
    dates: dict[dt.date, int] = {}
    body: list[list[object]] = []
    for day, n, (desc, original, category, kind, low, high) in lines:
        amount = money(rng, low, high)
        account = "Checking" if kind == "credit" or n % 2 else "Platinum Card"
        body.append([f"{day.month}/{day.day:02d}/{day.year}", desc, original, fmt(amount), kind,
                     category, account, "", ""])  # fmt: skip
        add_to(expected, category, amount if kind == "debit" else -amount)  # debits positive
        count_on(dates, day)
    write_csv(path, [*rows, *body[::-1]], quoting=csv.QUOTE_ALL)
    return single_company(
        name="mint_transactions_csv",
        records_by_date=dates,
        path=path,
        company="Household",
        expected_by_account=rounded(expected),
        not_accounts=frozenset(
            {"Transaction Type", "Account Name", "Amount", "Original Description"}
        ),
    )


# 217 ------------------------------------------------------------------------------------
# (description, category, sign, low, high): card lines (a purchase is money out)
C1_LINES = (
    ("SHELL OIL 57444103", "Gas/Automotive", -1, 25, 80),
    ("KROGER #512", "Grocery", -1, 20, 200),
    ("COMCAST CABLE", "Phone/Cable", -1, 60, 140),
    ("CAPITAL GRILLE", "Dining", -1, 30, 160),
    ("CAPITAL ONE AUTOPAY PYMT", "Payment/Credit", 1, 300, 1200),
    ("RETURN - OUTDOOR STORE", "Merchandise", 1, 15, 90),
)


def capital_one_card_csv(directory: Path, seed: int = 217) -> Layout:
    """A US card issuer's transaction download: "Transaction Date", "Posted Date" (both
    yyyy-mm-dd), "Card No." (the last four digits), "Description", "Category", "Debit"
    (charges, unsigned), "Credit" (payments and returns, unsigned); the other side empty;
    newest first. Debit is money out of the cardholder's pocket."""
    rng = random.Random(seed)
    path = directory / "2025-04-02_transaction_download.csv"
    rows: list[list[object]] = [["Transaction Date", "Posted Date", "Card No.", "Description",
                                 "Category", "Debit", "Credit"]]  # fmt: skip
    lines = sorted(
        (day_in(rng, 2025, rng.randint(1, 3)), n, rng.choice(C1_LINES)) for n in range(30)
    )
    amounts: list[Decimal] = []
    dates: dict[dt.date, int] = {}
    body: list[list[object]] = []
    for day, n, (desc, category, sign, low, high) in lines:
        amount = money(rng, low, high) * sign
        amounts.append(amount)
        posted = day + dt.timedelta(days=rng.randint(0, 2))
        count_on(dates, posted)  # the posting date, as a ledger's
        debit, credit = (fmt(-amount), "") if amount < 0 else ("", fmt(amount))
        body.append([str(day), str(posted), "4821" if n % 4 else "7703", desc, category, debit,
                     credit])  # fmt: skip
    write_csv(path, [*rows, *body[::-1]])
    expected: dict[str, Decimal] = {}
    for (_, _, (_, category, *_)), amount in zip(lines, amounts, strict=True):
        add_to(expected, category, -amount)  # Debit - Credit: a charge positive
    return single_company(
        name="capital_one_card_csv",
        records_by_date=dates,
        path=path,
        company="Pine Street Design",
        expected_by_account=rounded(expected),
        not_accounts=frozenset({"Card No.", "Posted Date", "Debit", "Credit", "4821"}),
    )


# 218 ------------------------------------------------------------------------------------
# (Laji code, Selitys, Saaja/Maksaja, sign, low, high) of a Finnish account's lines
FI_LINES = (
    ("710", "TILISIIRTO", "Palkka Oy", 1, 1800, 3600),
    ("162", "PKORTTIMAKSU", "K-MARKET KALLIO", -1, 5, 120),
    ("106", "E-LASKU", "HELEN OY", -1, 30, 140),
    ("101", "TILISIIRTO", "Asunto Oy Tähti", -1, 600, 900),
    ("162", "PKORTTIMAKSU", "ALKO 2212", -1, 10, 60),
    ("720", "PALVELUMAKSU", "", -1, 2, 6),
)


def op_tapahtumat_csv(directory: Path, seed: int = 218) -> Layout:
    """A Finnish bank's account transactions download: "Kirjauspäivä" (booking day),
    "Arvopäivä" (value day), both dd.mm.yyyy; "Määrä EUROA" (the signed amount, decimal
    comma, no thousands separator: "-1234,56"); "Laji" (a three-digit type code);
    "Selitys" (the kind: TILISIIRTO, PKORTTIMAKSU, E-LASKU); "Saaja/Maksaja" (payee /
    payer); "Saajan tilinumero ja pankin BIC"; "Viite" (reference); "Viesti" (message);
    "Arkistointitunnus" (archive id); ";" between fields, every line ended by one more ";";
    oldest first; Latin-1."""
    rng = random.Random(seed)
    path = directory / "tapahtumat20250101-20250331.csv"
    rows: list[list[object]] = [["Kirjauspäivä", "Arvopäivä", "Määrä EUROA", "Laji", "Selitys",
                                 "Saaja/Maksaja", "Saajan tilinumero ja pankin BIC", "Viite",
                                 "Viesti", "Arkistointitunnus", ""]]  # fmt: skip
    lines = sorted(
        (day_in(rng, 2025, rng.randint(1, 3)), n, rng.choice(FI_LINES)) for n in range(32)
    )
    amounts: list[Decimal] = []
    dates: dict[dt.date, int] = {}
    for day, n, (code, kind, party, sign, low, high) in lines:
        amount = money(rng, low, high) * sign
        amounts.append(amount)
        count_on(dates, day)
        digits = f"{rng.randint(10, 99)} 5000 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        account = f"FI{digits} OKOYFIHH" if party else ""
        rows.append([day.strftime("%d.%m.%Y"), day.strftime("%d.%m.%Y"), fmt(amount, decimal=","),
                     code, kind, party, account, "", "Viesti " + str(n) if n % 4 == 0 else "",
                     f"{day:%Y%m%d}/5ABC{n:06d}", ""])  # fmt: skip
    write_csv(path, rows, delimiter=";", encoding="latin-1")
    return single_company(
        name="op_tapahtumat_csv",
        currency="EUR",
        records_by_date=dates,
        path=path,
        company="Virtanen Design Oy",
        expected_by_account=in_out(amounts),
        not_accounts=frozenset({"Laji", "Arkistointitunnus", "Viite", "Arvopäivä"}),
        delimiter=";",
        encoding="latin-1",
        decimal=",",
    )


# 219 ------------------------------------------------------------------------------------
NO_LINES = (
    ("Varekjøp REMA 1000 OSLO", -1, 40, 900),
    ("Lønn ACME AS", 1, 28000, 42000),
    ("Overføring Innland Husleie", -1, 9000, 14000),
    ("Varekjøp Vinmonopolet", -1, 150, 800),
    ("Avtalegiro Fjordkraft", -1, 300, 1400),
    ("Morsom sparing kort avrunding", -1, 1, 9),
)


def dnb_uttak_innskudd_csv(directory: Path, seed: int = 219) -> Layout:
    """A Norwegian bank's account download: "Dato", "Forklaring" (the text), "Rentedato"
    (interest date, often empty), "Uttak" (paid out) and "Innskudd" (paid in), both
    unsigned with a decimal comma and "." for thousands ("1.234,50"), the other empty;
    every field quoted; ";" between fields; newest first; dd.mm.yyyy."""
    rng = random.Random(seed)
    path = directory / "transaksjoner.csv"
    rows: list[list[object]] = [["Dato", "Forklaring", "Rentedato", "Uttak", "Innskudd"]]
    lines = sorted(
        (day_in(rng, 2025, rng.randint(4, 6)), n, rng.choice(NO_LINES)) for n in range(30)
    )
    amounts: list[Decimal] = []
    dates: dict[dt.date, int] = {}
    body: list[list[object]] = []
    for day, n, (text, sign, low, high) in lines:
        amount = money(rng, low, high) * sign
        amounts.append(amount)
        count_on(dates, day)
        printed = fmt(abs(amount), decimal=",", thousands=".")
        out, into = (printed, "") if amount < 0 else ("", printed)
        body.append([day.strftime("%d.%m.%Y"), text, day.strftime("%d.%m.%Y") if n % 3 else "",
                     out, into])  # fmt: skip
    write_csv(path, [*rows, *body[::-1]], delimiter=";", quoting=csv.QUOTE_ALL)
    return single_company(
        name="dnb_uttak_innskudd_csv",
        records_by_date=dates,
        path=path,
        company="Nordmann Design AS",
        expected_by_account=in_out(amounts),
        not_accounts=frozenset({"Uttak", "Innskudd", "Rentedato"}),
        delimiter=";",
        decimal=",",
    )


# 220 ------------------------------------------------------------------------------------
DK_LINES = (
    ("Netto 1234 Dankort-nota", -1, 20, 600),
    ("Løn ACME A/S", 1, 24000, 36000),
    ("MobilePay Peter", -1, 50, 400),
    ("Husleje BS", -1, 7000, 11000),
    ("Netflix.com Dankort-nota", -1, 139, 139),
    ("Renter", 1, 1, 30),
)


def danske_beloeb_saldo_csv(directory: Path, seed: int = 220) -> Layout:
    """A Danish bank's account download: "Dato" (dd.mm.yyyy), "Tekst", "Beløb" (signed,
    "1.234,56"), "Saldo" (the balance after the line), "Status" ("Udført"), "Afstemt"
    ("Nej"); every field quoted; ";" between fields; oldest first; Latin-1."""
    rng = random.Random(seed)
    path = directory / "Konto 3456-1234567.csv"
    rows: list[list[object]] = [["Dato", "Tekst", "Beløb", "Saldo", "Status", "Afstemt"]]
    lines = sorted(
        (day_in(rng, 2025, rng.randint(4, 6)), n, rng.choice(DK_LINES)) for n in range(30)
    )
    balance = money(rng, 20000, 90000)
    amounts: list[Decimal] = []
    dates: dict[dt.date, int] = {}
    for day, _, (text, sign, low, high) in lines:
        amount = money(rng, low, high) * sign
        balance += amount
        amounts.append(amount)
        count_on(dates, day)
        rows.append([day.strftime("%d.%m.%Y"), text, fmt(amount, decimal=",", thousands="."),
                     fmt(balance, decimal=",", thousands="."), "Udført", "Nej"])  # fmt: skip
    write_csv(path, rows, delimiter=";", encoding="latin-1", quoting=csv.QUOTE_ALL)
    return single_company(
        name="danske_beloeb_saldo_csv",
        records_by_date=dates,
        path=path,
        company="Hansen Tømrer ApS",
        expected_by_account=in_out(amounts),
        not_accounts=frozenset({"Saldo", "Status", "Afstemt", "Beløb"}),
        delimiter=";",
        encoding="latin-1",
        decimal=",",
    )


# 221 ------------------------------------------------------------------------------------
# (Nimi / Otsikko, Viesti, sign, low, high) of a Finnish account's lines
NORDEA_FI_LINES = (
    ("K-SUPERMARKET KALLIO", "HELSINKI", -1, 5, 140),
    ("PALKKA OY", "Palkka kaudelta", 1, 2200, 3800),
    ("HELEN OY", "Sähkölasku", -1, 30, 160),
    ("APPLE.COM/BILL", "EUR 10,76 CORK", -1, 1, 15),
    ("AS OY MERITUULI", "Vastike", -1, 300, 450),
    ("ALKO 2212", "ESPOO", -1, 10, 70),
)


def nordea_fi_kirjauspaiva_csv(directory: Path, seed: int = 221) -> Layout:
    """A Finnish bank's current account export: "Kirjauspäivä" (yyyy/mm/dd), "Määrä" (signed,
    decimal comma, no thousands separator), "Maksaja" (the payer's IBAN, on payments out)
    and "Maksunsaaja" (the payee's IBAN, on money in), "Nimi" and "Otsikko" (the other
    party, often the same), "Viesti" (the card's city or a message), "Viitenumero" (a
    twelve-digit reference on card lines), "Saldo" (the balance after the line), "Valuutta"
    (EUR); ";" between fields and one more at the end of every line; newest first; UTF-8."""
    rng = random.Random(seed)
    path = directory / "Tapahtumat_FI1146350110735_20250401_20250630.csv"
    head = ["Kirjauspäivä", "Määrä", "Maksaja", "Maksunsaaja", "Nimi", "Otsikko", "Viesti",
            "Viitenumero", "Saldo", "Valuutta", ""]  # fmt: skip
    rows: list[list[object]] = [head]
    own = "FI11 4635 0110 7350 00"
    lines = sorted(
        (day_in(rng, 2025, rng.randint(4, 6)), n, rng.choice(NORDEA_FI_LINES)) for n in range(30)
    )
    balance = money(rng, 2000, 9000)
    amounts: list[Decimal] = []
    dates: dict[dt.date, int] = {}
    body: list[list[object]] = []
    for day, _, (name, message, sign, low, high) in lines:
        amount = money(rng, low, high) * sign
        balance += amount
        amounts.append(amount)
        count_on(dates, day)
        payer, payee = (own, "") if amount < 0 else ("", own)
        reference = f"{day:%y%m%d}{rng.randint(100000, 999999)}" if sign < 0 else ""
        body.append([day.strftime("%Y/%m/%d"), fmt(amount, decimal=","), payer, payee, name,
                     name, message, reference, fmt(balance, decimal=","), "EUR", ""])  # fmt: skip
    write_csv(path, [*rows, *body[::-1]], delimiter=";")
    return single_company(
        name="nordea_fi_kirjauspaiva_csv",
        currency="EUR",
        records_by_date=dates,
        path=path,
        company="Virtanen Design Oy",
        expected_by_account=in_out(amounts),
        not_accounts=frozenset({"Saldo", "Viitenumero", "Maksaja", "Maksunsaaja", "Määrä"}),
        delimiter=";",
        decimal=",",
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "gnucash_transactions_csv": gnucash_transactions_csv,
    "ynab_register_csv": ynab_register_csv,
    "mint_transactions_csv": mint_transactions_csv,
    "capital_one_card_csv": capital_one_card_csv,
    "op_tapahtumat_csv": op_tapahtumat_csv,
    "dnb_uttak_innskudd_csv": dnb_uttak_innskudd_csv,
    "danske_beloeb_saldo_csv": danske_beloeb_saldo_csv,
    "nordea_fi_kirjauspaiva_csv": nordea_fi_kirjauspaiva_csv,
}
GAPS: dict[str, Callable[[Path], Layout]] = {}
