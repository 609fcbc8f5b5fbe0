"""Round "bankcash" (docs/import.md, layout 200): a bank statement whose preamble states its
opening and closing balance, over Debit / Credit columns and a running balance.
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
from tests.corpus.write import count_on, day_in, fmt, money, write_csv

# (description, sign, low, high) of a small firm's current account
LINES = (
    ("BACS CREDIT CLIENT", 1, 400, 6000),
    ("DIRECT DEBIT ENERGY", -1, 60, 400),
    ("CARD PAYMENT STATIONERY", -1, 5, 120),
    ("FASTER PAYMENT SUPPLIER", -1, 150, 2500),
    ("STANDING ORDER RENT", -1, 1200, 1200),
    ("BANK CHARGES", -1, 6, 18),
)


def statement_opening_closing_csv(directory: Path, seed: int = 200) -> Layout:
    """A business current account's statement download: a preamble (account name, sort code
    and account number, the statement period, "Opening balance" and "Closing balance", each
    a label and an amount, then a blank line), then Date (dd/mm/yyyy), Description, Debit,
    Credit, Balance; oldest first. Nothing names the lines: "Money in" / "Money out", read as
    cash; the lines carry the opening balance to the closing one (the preview checks it)."""
    rng = random.Random(seed)
    path = directory / "statement_with_balances.csv"
    lines = sorted(
        (day_in(rng, 2025, rng.randint(4, 6)), text, money(rng, low, high) * sign)
        for text, sign, low, high in (rng.choice(LINES) for _ in range(34))
    )
    opening = money(rng, 2000, 15000)
    closing = opening + sum((a for *_, a in lines), Decimal(0))
    rows: list[list[object]] = [
        ["Account name", "Fernhill Joinery Ltd"],
        ["Sort code / Account number", "20-45-77 / 53419087"],
        ["Statement period", "01/04/2025 to 30/06/2025"],
        ["Opening balance", fmt(opening)],
        ["Closing balance", fmt(closing)],
        [],
        ["Date", "Description", "Debit", "Credit", "Balance"],
    ]
    balance = opening
    dates: dict[dt.date, int] = {}
    for day, text, amount in lines:
        balance += amount
        count_on(dates, day)
        debit, credit = (fmt(-amount), "") if amount < 0 else ("", fmt(amount))
        rows.append([day.strftime("%d/%m/%Y"), text, debit, credit, fmt(balance)])
    assert balance == closing  # nosec B101: the statement ties out
    write_csv(path, rows)
    return single_company(
        name="statement_opening_closing_csv",
        records_by_date=dates,
        path=path,
        company="Fernhill Joinery Ltd",
        expected_by_account=in_out([a for *_, a in lines]),
        not_accounts=frozenset({"Balance", "Debit", "Credit", "Description"}),
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "statement_opening_closing_csv": statement_opening_closing_csv,
}
