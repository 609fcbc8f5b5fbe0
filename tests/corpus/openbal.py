"""Round "openbal" (docs/import.md, layout 228): a bank statement whose balances brought and
carried forward stand among its lines, the Balance their only filled money cell. Every file is
written fresh from a seed with made-up numbers; no real file or text is copied."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.corpus.exports import in_out
from tests.corpus.model import Layout, single_company
from tests.corpus.write import count_on, day_in, money, write_csv

# (details, sign, low, high) of a joinery's business current account
FORWARD_LINES = (
    ("BACS CREDIT KITCHEN FIT", 1, 600, 4800),
    ("CHEQUE DEPOSIT", 1, 90, 1200),
    ("DIRECT DEBIT TIMBER MERCHANT", -1, 120, 1900),
    ("CARD PAYMENT FUEL", -1, 30, 95),
    ("DIRECT DEBIT VAN LEASE", -1, 389, 389),
    ("STANDING ORDER WORKSHOP RENT", -1, 1100, 1100),
    ("SERVICE CHARGE", -1, 8, 8),
)


def bank_balance_forward_lines_csv(directory: Path, seed: int = 228) -> Layout:
    """A business current account's statement download of two pages: Date (dd/mm/yyyy),
    Details, Debit, Credit, Balance; the first line "Balance brought forward" and the last
    "Balance carried forward", each with only its Balance filled, and where the first page
    ends a "Balance carried forward" line, then the second page's "Balance brought forward"
    (the same balance). Debits are money out, credits money in; the balance lines are no
    lines: not stored, no row error, and the lines carry the first balance to the last."""
    rng = random.Random(seed)
    path = directory / "bank_balance_forward_lines.csv"
    lines = sorted(
        (day_in(rng, 2025, rng.randint(4, 5)), text, money(rng, low, high) * sign)
        for text, sign, low, high in (rng.choice(FORWARD_LINES) for _ in range(30))
    )
    opening = money(rng, 2000, 9000)
    closing = opening + sum((a for *_, a in lines), Decimal(0))
    rows: list[list[object]] = [
        ["Date", "Details", "Debit", "Credit", "Balance"],
        ["01/04/2025", "Balance brought forward", "", "", f"{opening:.2f}"],
    ]
    balance = opening
    dates: dict[dt.date, int] = {}
    for index, (day, text, amount) in enumerate(lines):
        if index == len(lines) // 2:  # the first page ends here
            for text_forward in ("Balance carried forward", "Balance brought forward"):
                rows.append([day.strftime("%d/%m/%Y"), text_forward, "", "", f"{balance:.2f}"])
        balance += amount
        count_on(dates, day)
        debit, credit = (f"{-amount:.2f}", "") if amount < 0 else ("", f"{amount:.2f}")
        rows.append([day.strftime("%d/%m/%Y"), text, debit, credit, f"{balance:.2f}"])
    assert balance == closing  # nosec B101: the statement ties out
    rows.append(["31/05/2025", "Balance carried forward", "", "", f"{closing:.2f}"])
    write_csv(path, rows)
    return single_company(
        name="bank_balance_forward_lines_csv",
        records_by_date=dates,
        path=path,
        company="Fernhill Joinery Ltd",
        expected_by_account=in_out([a for *_, a in lines]),
        not_accounts=frozenset({"Debit", "Credit", "Balance", "Details"}),
    )


GENERATORS: dict[str, Callable[[Path], Layout]] = {
    "bank_balance_forward_lines_csv": bank_balance_forward_lines_csv,
}
