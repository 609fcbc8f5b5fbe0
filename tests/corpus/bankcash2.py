"""Round "bankcash2" (docs/import.md, layouts 212 and 213): bank downloads whose money columns
are one direction each ("Paid out" / "Paid in", "Withdrawals" / "Deposits"), read as cash
because the sheet is a bank statement (a running balance beside them, or a title saying so).
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
from tests.corpus.write import count_on, day_in, fmt, money, write_csv

# (transaction type, description, sign, low, high) of a sole trader's current account
PAID_LINES = (
    ("Bank credit", "CLIENT INVOICE PAYMENT", 1, 300, 4200),
    ("Transfer from", "SAVINGS ACCOUNT", 1, 100, 900),
    ("Direct debit", "COUNTY WATER", -1, 20, 60),
    ("Direct debit", "BROADBAND LTD", -1, 25, 45),
    ("Contactless", "CORNER SHOP", -1, 2, 40),
    ("Visa purchase", "ART SUPPLIES ONLINE", -1, 15, 380),
    ("Payment to", "STUDIO LANDLORD", -1, 650, 650),
)

# (description, sign, low, high) of a small firm's checking account
CHECKING_LINES = (
    ("ACH DEPOSIT WHOLESALE ORDER", 1, 400, 5200),
    ("MOBILE CHECK DEPOSIT", 1, 80, 1500),
    ("ACH DEBIT PAYROLL SERVICE", -1, 1800, 3200),
    ("DEBIT CARD CLAY SUPPLY CO", -1, 40, 900),
    ("ACH DEBIT GAS AND ELECTRIC", -1, 90, 420),
    ("MONTHLY SERVICE FEE", -1, 15, 15),
)


def _pounds(value: Decimal) -> str:
    return fmt(value, thousands=",", prefix="£")


def building_society_paid_in_out_csv(directory: Path, seed: int = 212) -> Layout:
    """A UK building society's current-account download: "Account Name:", "Account
    Balance:" and "Available Balance: " (a label and a pound amount each), a blank line, then
    Date ("02 Sep 2025"), Transaction type, Description, Paid out, Paid in, Balance; every
    cell quoted, amounts "£2,850.00", oldest first. "Paid out" and "Paid in" are unsigned,
    one direction each, beside a running balance: a bank statement, read as cash ("Money in"
    positive, "Money out" negative); the lines carry the balance before the first line to
    the last balance."""
    rng = random.Random(seed)
    path = directory / "building_society_paid_in_out.csv"
    lines = sorted(
        (day_in(rng, 2025, rng.randint(7, 9)), kind, text, money(rng, low, high) * sign)
        for kind, text, sign, low, high in (rng.choice(PAID_LINES) for _ in range(40))
    )
    opening = money(rng, 500, 4000)
    closing = opening + sum((a for *_, a in lines), Decimal(0))
    rows: list[list[object]] = [
        ["Account Name:", "FlexAccount ****4471"],
        ["Account Balance:", _pounds(closing)],
        ["Available Balance: ", _pounds(closing)],
        [],
        ["Date", "Transaction type", "Description", "Paid out", "Paid in", "Balance"],
    ]
    balance = opening
    dates: dict[dt.date, int] = {}
    for day, kind, text, amount in lines:
        balance += amount
        count_on(dates, day)
        paid_out, paid_in = (_pounds(-amount), "") if amount < 0 else ("", _pounds(amount))
        rows.append([day.strftime("%d %b %Y"), kind, text, paid_out, paid_in, _pounds(balance)])
    assert balance == closing  # nosec B101: the statement ties out
    write_csv(path, rows, quoting=csv.QUOTE_ALL)
    return single_company(
        name="building_society_paid_in_out_csv",
        records_by_date=dates,
        path=path,
        company="Harrow Lane Studio",
        expected_by_account=in_out([a for *_, a in lines]),
        not_accounts=frozenset({"Paid in", "Paid out", "Balance", "Description"}),
        dimensions=frozenset({"Transaction type"}),
        currency="GBP",
    )


def checking_statement_deposits_withdrawals_csv(directory: Path, seed: int = 213) -> Layout:
    """A US business checking account's statement as a CSV: a title ("Business Checking
    Account Statement"), the account holder, a masked account number, the statement period,
    "Beginning balance" and "Ending balance", a blank line; then Date (MM/DD/YYYY),
    Description, Withdrawals, Deposits, amounts "1,234.56", no running balance and no
    currency. The title says it is a statement: "Withdrawals" and "Deposits" are read as
    cash ("Money out" negative, "Money in" positive), and the lines carry the beginning
    balance to the ending one (checked by the parser)."""
    rng = random.Random(seed)
    path = directory / "checking_statement_deposits_withdrawals.csv"
    lines = sorted(
        (day_in(rng, 2025, rng.randint(7, 9)), text, money(rng, low, high) * sign)
        for text, sign, low, high in (rng.choice(CHECKING_LINES) for _ in range(36))
    )
    opening = money(rng, 6000, 20000)
    closing = opening + sum((a for *_, a in lines), Decimal(0))
    rows: list[list[object]] = [
        ["Business Checking Account Statement"],
        ["Account holder", "Pine Hollow Ceramics LLC"],
        ["Account number", "XXXXXX6612"],
        ["Statement period", "07/01/2025 - 09/30/2025"],
        ["Beginning balance", fmt(opening, thousands=",")],
        ["Ending balance", fmt(closing, thousands=",")],
        [],
        ["Date", "Description", "Withdrawals", "Deposits"],
    ]
    dates: dict[dt.date, int] = {}
    for day, text, amount in lines:
        count_on(dates, day)
        out = fmt(-amount, thousands=",") if amount < 0 else ""
        got = fmt(amount, thousands=",") if amount > 0 else ""
        rows.append([day.strftime("%m/%d/%Y"), text, out, got])
    write_csv(path, rows)
    return single_company(
        name="checking_statement_deposits_withdrawals_csv",
        records_by_date=dates,
        path=path,
        company="Pine Hollow Ceramics LLC",
        expected_by_account=in_out([a for *_, a in lines]),
        not_accounts=frozenset({"Withdrawals", "Deposits", "Description"}),
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "building_society_paid_in_out_csv": building_society_paid_in_out_csv,
    "checking_statement_deposits_withdrawals_csv": checking_statement_deposits_withdrawals_csv,
}
