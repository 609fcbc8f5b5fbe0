"""A bank statement with nothing naming its lines: receipts and payments kept apart.

A dated list with one amount (signed, debit/credit columns, a Dr/Cr indicator or suffix) and
no account or category column says only which way the money went. Stored under the amount's
header, every line would be one account netting receipts against payments, and the dashboard
would show one "Unclassified" figure of net money. Elara keeps them apart as "Money in" and
"Money out", left unclassified: it cannot know which receipts are sales and which payments
are costs (a loan, a transfer between own accounts, VAT), so it never calls them revenue or
expenses by itself. The preview and the upload say so, with both totals.

Both are stored as cash, as a finance user reads a bank statement: money in positive, money
out negative, whatever the export's format (a signed amount, Debit / Credit columns, Dr/Cr,
a card issuer's charges positive), so one bank account reads alike in every export.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from elara.core.money import format_money
from elara.ingest.context import BatchContext
from elara.ingest.numbers import cell_units
from elara.ingest.plan import TablePlan
from elara.ingest.settings import ColumnRole, ImportSettings, SignConvention
from elara.ingest.vocabulary import (
    FEE_HEADERS,
    IN_OUT_HEADERS,
    IN_OUT_SIDES,
    MONEY_IN,
    MONEY_OUT,
    key,
)

_LEFT_TO_CLASSIFY = (
    "Elara cannot tell which receipts are sales or which payments are costs, so they stay "
    "unclassified: classify them (Finance settings) or choose a column that names each line."
)


# A line paying the card off, as issuers write it ("ONLINE PAYMENT - THANK YOU", "AUTOPAY
# PAYMENT RECEIVED", "MOBILE PAYMENT"): a transfer from a bank account, not income.
_CARD_PAYMENT = re.compile(
    r"(?i)\b(?:auto\s*pay|payment)\b.*\b(?:thank\s*you|received)\b"
    r"|^\s*(?:online|mobile|autopay|automatic|electronic|internet)\s+payment\b"
)


def _signs(cells: list[Any]) -> list[int]:
    """-1, 0 or 1 per cell: the sign a money cell is written with (0: not a number, or zero),
    read as ``numbers.cell_units`` reads cells: "(87)", "-87", "87-" and "87 CR" are
    negative."""
    return [_sign_of(c, u) for c, u in zip(cells, cell_units(cells), strict=True)]


def _sign_of(cell: Any, units: int | None) -> int:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return (cell > 0) - (cell < 0)
    return (units > 0) - (units < 0) if units else 0


def charges_positive(rows: list[list[Any]], settings: ImportSettings) -> bool:
    """A card issuer's view of its card: charges positive, the lines paying the card off
    negative (layout 91). Read off a dated list's one amount and its descriptions: every line
    that says it pays the card is negative, and three in four of the others at least are
    positive. A bank's own view (payments out negative) and a card download of the
    cardholder's view (charges negative, layout 56) are not."""
    roles = [c.role for c in settings.columns]
    if ColumnRole.account in roles or ColumnRole.date not in roles:
        return False
    amounts = [i for i, r in enumerate(roles) if r is ColumnRole.amount]
    texts = [i for i, r in enumerate(roles) if r is ColumnRole.description]
    if len(amounts) != 1 or not texts:
        return False
    payments: list[int] = []
    others: list[int] = []
    cells = [row[amounts[0]] if amounts[0] < len(row) else None for row in rows]
    for row, sign in zip(rows, _signs(cells), strict=True):
        if not sign:
            continue
        said = " ".join(str(row[i]) for i in texts if i < len(row) and row[i] is not None)
        (payments if _CARD_PAYMENT.search(said) else others).append(sign)
    return (
        bool(payments)
        and all(s < 0 for s in payments)
        and len(others) >= 3
        and sum(1 for s in others if s > 0) >= 0.75 * len(others)
    )


def debits_view(plan: TablePlan) -> bool:
    """Whether the statement's amount reads its debits positive: a Debit / Credit (or
    Withdrawal / Deposit) pair, a Dr/Cr indicator column, or a card issuer's view (the sign
    `debit_positive`, charges positive). Such a file's money out is turned into cash."""
    index = plan.direction_slot
    assert index is not None  # nosec B101
    return (
        plan.slots[index].amount is None
        or plan.position(ColumnRole.drcr) is not None
        or plan.settings.sign == SignConvention.debit_positive  # a card issuer's view
    )


def direction_records(
    long: pl.DataFrame, ctx: BatchContext, *, named: pl.Series
) -> tuple[pl.Series, pl.Series]:
    """ "Money in" or "Money out" per record of the statement's amount (see
    `TablePlan.direction_slot`), and each record's amount as cash: money in positive, money
    out negative, whatever the export's own view. A fee column's records keep their slot's
    account and the amount the file states, and so does a record whose row is named
    otherwise (`named`: an account heading carried down onto its lines).

    A debit (a Debit / Withdrawal column, a Dr indicator or suffix, a card issuer's charge) is
    read positive, as ledgers read debits, so it is turned round: a bank statement is read
    as cash, and a deposit of 100 is never shown as -100. Otherwise the amount's own sign
    says it (a payment is negative)."""
    plan = ctx.plan
    index = plan.direction_slot
    assert index is not None  # nosec B101
    suffix = long["raw"].str.extract(r"(?i)\b(dr|cr)\.?\s*$", 1).str.to_lowercase()
    mine = (long["slot"] == index) & ~named
    turned = suffix.is_not_null() | debits_view(plan)
    units = pl.select(
        pl.when(mine & turned).then(-long["units"]).otherwise(long["units"])
    ).to_series()
    ctx.by_direction = True
    ctx.debits_turned = ctx.debits_turned or bool((mine & turned).any())
    accounts = pl.Series([s.account for s in plan.slots], dtype=pl.String)
    named = pl.select(
        pl.when(~mine)
        .then(accounts.gather(long["slot"]))
        .when((units < 0).fill_null(False))
        .then(pl.lit(MONEY_OUT))
        .otherwise(pl.lit(MONEY_IN))
    ).to_series()
    return named, units.rename("units")


def in_out_columns(plan: TablePlan) -> list[str]:
    """A dated statement with nothing naming its lines whose money columns are each one
    direction ("Paid in" / "Paid out", unsigned): already apart, as two accounts, but no
    more classified than "Money in" / "Money out" are. Their headers, else []."""
    named = (ColumnRole.account, ColumnRole.category)
    if any(plan.position(r) is not None for r in named) or plan.position(ColumnRole.date) is None:
        return []
    labels = [s.label for s in plan.slots]
    if len(labels) < 2 or any(s.blank_is_error or s.date is not None for s in plan.slots):
        return []
    return labels if all(key(label) in IN_OUT_HEADERS for label in labels) else []


def in_out_warning(labels: list[str]) -> str:
    """What the preview and the upload say about a statement's own in / out columns."""
    shown = " and ".join(f'"{label}"' for label in labels)
    return (
        f"No account or category column: {shown} are kept as accounts of their own, as the "
        f"file states them. {_LEFT_TO_CLASSIFY}"
    )


def direction_warning(
    sums: dict[tuple[str, str | None], int], plan: TablePlan, *, turned: bool = False
) -> str:
    """What the preview and the upload say about a statement split by direction, with the
    totals of each account it makes (the amount's two, each fee column's own), and the view
    it was read in: cash, money in positive and money out negative; `turned` when its
    debits (read positive) were turned into money out."""
    index = plan.direction_slot
    assert index is not None  # nosec B101
    header = plan.slots[index].label

    def total(name: str) -> str:
        return format_money(sum(units for (account, _), units in sums.items() if account == name))

    fees = [
        s.account
        for i, s in enumerate(plan.slots)
        if i != index and s.account is not None and key(s.label) in FEE_HEADERS
    ]
    kinds = plan.settings.account_kinds
    kept = " and ".join(f'"{name}" ({total(name)})' for name in fees)
    own = "is an account of its own" if len(fees) == 1 else "are accounts of their own"
    if fees and all(kinds.get(name) == "operating_expense" for name in fees):
        own += ", an operating expense (a cost, shown positive)"
    beside = f"; {kept} {own}" if fees else ""
    if plan.settings.sign == SignConvention.debit_positive and plan.slots[index].amount is not None:
        return (
            f'Charges are shown positive and payments negative in "{header}" (the card '
            "issuer's view); they are read as cash, as the card's holder pays it: charges as "
            f'"{MONEY_OUT}" ({total(MONEY_OUT)}, spending, negative) and payments as '
            f'"{MONEY_IN}" ({total(MONEY_IN)}, paying the card off: a transfer from a bank '
            "account, not income). If the file shows the cardholder's view instead, change "
            f"the sign setting. {_LEFT_TO_CLASSIFY}"
        )
    view = (
        "read as cash: its debits are money out, shown negative, and its credits money in, positive"
        if turned
        else "as the file states them"
    )
    slot = plan.slots[index]
    sides = [plan.headers[p] for p in (slot.debit, slot.credit) if p is not None]
    if turned and len(sides) == 2 and all(key(h) in IN_OUT_SIDES for h in sides):
        # a bank's own "Paid out" / "Paid in" (beside a running balance): named as it says
        view = (
            f'read as cash: "{sides[0]}" is money out, shown negative, and "{sides[1]}" money '
            "in, positive"
        )
    return (
        f'No account or category column: the lines of "{header}" are kept apart by direction, '
        f'"{MONEY_IN}" ({total(MONEY_IN)}) and "{MONEY_OUT}" ({total(MONEY_OUT)}), '
        f"{view}{beside}. {_LEFT_TO_CLASSIFY}"
    )
