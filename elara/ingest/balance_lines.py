"""A dated line labelled as a balance with its amount filled ("Anfangssaldo" / "Endsaldo" in a
bank download's purpose column, the balance in Umsatz beside S/H; "Opening balance" with
1,250.00 in Amount): not stored (`rows._balance_row`), and never dropped unsaid. In a bank
statement its amount is the statement's opening or closing balance, checked against the
lines as a balance brought or carried forward is (layout 228): kept in
``ctx.balance_lines``, a title's stated balance winning and a line disagreeing with it said.
Anywhere else the row's note names the amount not stored."""

from __future__ import annotations

import polars as pl

from elara.core.money import format_money
from elara.ingest.balances import LINE_CLOSING, LINE_OPENING
from elara.ingest.context import BatchContext
from elara.ingest.numbers import ParsedUnits
from elara.ingest.plan import Slot
from elara.ingest.profile import DRCR_WORDS
from elara.ingest.settings import ColumnRole


def keep_labelled_balances(
    frame: pl.DataFrame, found: pl.Series, values: dict[int, ParsedUnits], ctx: BatchContext
) -> None:
    """The balance each ``found`` line states in its money columns, kept or said."""
    plan = ctx.plan
    slot = plan.slots[plan.direction_slot] if plan.direction_slot is not None else None
    texts = [c for c in frame.columns if c.startswith("c") and c[1:].isdigit()]
    opening = frame.select(
        pl.any_horizontal(pl.col(c).str.contains(LINE_OPENING).fill_null(False) for c in texts)
    ).to_series()
    closing = frame.select(
        pl.any_horizontal(pl.col(c).str.contains(LINE_CLOSING).fill_null(False) for c in texts)
    ).to_series()
    units = _cash_units(frame, values, slot, ctx) if slot is not None else None
    for index in found.arg_true().to_list():
        row = int(frame["row"][index])
        value = units[index] if units is not None else None
        if value is not None and (opening[index] or closing[index]):
            ctx.balance_lines.append((row, bool(opening[index]), int(value)))
        else:
            ctx.notes.append(_unstored(frame, index, values, row))


def _cash_units(
    frame: pl.DataFrame, values: dict[int, ParsedUnits], slot: Slot, ctx: BatchContext
) -> pl.Series:
    """A bank statement line's amount as cash (money in positive): the credit less the debit,
    or the amount signed by its debit / credit indicator (S / H: Haben is money in)."""
    if slot.amount is not None:
        amount = values[slot.amount].units
        drcr = ctx.plan.position(ColumnRole.drcr)
        if drcr is None:
            return amount
        cells = frame[f"c{drcr}"].str.strip_chars().str.to_lowercase()
        signs = cells.replace_strict(DRCR_WORDS, default=None, return_dtype=pl.Int64)
        return pl.select(
            pl.when(signs.is_null()).then(amount).otherwise(-signs * amount)
        ).to_series()
    debit = values[slot.debit].units if slot.debit is not None else None
    credit = values[slot.credit].units if slot.credit is not None else None
    sides = [s.fill_null(0) for s in (credit, debit) if s is not None]
    filled = [s.is_not_null() for s in (credit, debit) if s is not None]
    if not sides:
        return pl.Series([None] * frame.height, dtype=pl.Int64)
    cash = sides[0] - sides[1] if credit is not None and debit is not None else sides[0]
    if credit is None:
        cash = -cash
    any_filled = pl.select(pl.any_horizontal(filled)).to_series()
    return pl.select(pl.when(any_filled).then(cash).otherwise(None)).to_series()


def _unstored(frame: pl.DataFrame, index: int, values: dict[int, ParsedUnits], row: int) -> str:
    """The note of a balance line whose amount is not stored and checks nothing."""
    shown = [
        format_money(int(units))
        for parsed in values.values()
        if (units := parsed.units[index]) is not None
    ]
    amounts = ", ".join(shown) or "its amount"
    return (
        f"Row {row}: labelled as an opening or closing balance, so {amounts} is not stored "
        "(a balance, not a movement). If the line moved money, give it an account and "
        "upload again."
    )
