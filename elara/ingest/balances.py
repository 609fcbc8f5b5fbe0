"""A statement's stated opening and closing balance, checked against its lines.

A bank statement's preamble often states the balance before and after its lines ("Opening
balance" / "Closing balance", "Alter Kontostand" / "Neuer Kontostand", "Solde initial" / "Solde
final", "Saldo anterior" / "Saldo final"). Its lines, read as cash (`elara.ingest.direction`),
must carry the one to the other: opening + money in + money out = closing. When they do not,
lines are missing (a page not exported, a filter left on), and the parse report says so with
both numbers (`elara.ingest.pipeline`), so every path (inspect, store, upload, `elara import`)
says it alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from elara.core.money import differs_by_more_than_a_cent, format_money
from elara.ingest.headers import cell_text
from elara.ingest.numbers import cell_units
from elara.ingest.vocabulary import MONEY_IN, MONEY_OUT

_OPENING = re.compile(
    r"(?i)^\s*(?:opening\s*balance|beginning balance|balance brought forward|alter kontostand|"
    r"anfangssaldo|"
    r"solde initial|solde de d[ée]but|ancien solde|saldo anterior|saldo inicial)\b"
)
_CLOSING = re.compile(
    r"(?i)^\s*(?:closing\s*balance|ending balance|balance carried forward|neuer kontostand|"
    r"endsaldo|solde final|solde de fin|nouveau solde|saldo final|saldo actual)\b"
)
# A statement line that states a balance instead of moving money (`rows._balance_row`): its
# text says the balance before the lines ("Opening balance", "Balance brought forward",
# "Balance b/f", "Saldo anterior", "Anfangssaldo") or after them ("Closing balance", "Balance
# carried forward", "Balance c/f"), its money columns are empty and its Balance is filled.
LINE_OPENING = (
    r"(?i)^\W*(?:(?:opening|beginning|starting|start|previous)\s+balance"
    r"|balance\s+(?:b/[fd]|brought\s+(?:forward|down)|forward)|brought\s+forward|b/f"
    r"|anfangssaldo|alter\s+kontostand|saldo\s+(?:anterior|inicial|iniziale|precedente)"
    r"|solde\s+(?:initial|pr[ée]c[ée]dent|de\s+d[ée]but)|ancien\s+solde)\b"
)
LINE_CLOSING = (
    r"(?i)^\W*(?:(?:closing|ending|end|final)\s+balance"
    r"|balance\s+(?:c/[fd]|carried\s+(?:forward|down))|carried\s+forward|c/f"
    r"|endsaldo|schlusssaldo|neuer\s+kontostand|saldo\s+(?:final|finale|actual)"
    r"|solde\s+(?:final|de\s+fin|de\s+cl[ôo]ture)|nouveau\s+solde)\b"
)
# the column that states the balance after each line: "Balance", "Running balance", "Saldo"
_BALANCE_HEADER = re.compile(
    r"(?i)^\W*(?:(?:running|closing|accumulated|account|ledger|book)\s+)?"
    r"(?:balance|saldo|solde|kontostand)\b"
)


def balance_header(header: str) -> bool:
    """Whether a column states the balance after each line ("Balance", "Saldo")."""
    return _BALANCE_HEADER.match(header) is not None


def line_balances(
    stated: tuple[int | None, int | None], lines: Sequence[tuple[int, bool, int]]
) -> tuple[int | None, int | None]:
    """The opening and closing balance to check the lines against: the titles' (``stated``),
    else the first opening and the last closing balance line among the rows (row, opening?,
    units)."""
    opening, closing = stated
    if opening is None:
        opening = next((u for _, first, u in lines if first), None)
    if closing is None:
        closing = next((u for _, first, u in reversed(lines) if not first), None)
    return opening, closing


def line_disagreements(
    stated: tuple[int | None, int | None], lines: Sequence[tuple[int, bool, int]]
) -> list[str]:
    """A balance line (row, opening?, units) stating another balance than the titles do: the
    titles' is checked against, and the line's, not stored, is said with both numbers."""
    out = []
    for row, first, units in lines:
        title = stated[0] if first else stated[1]
        if title is not None and differs_by_more_than_a_cent(units, title):
            which = "opening" if first else "closing"
            out.append(
                f"Row {row} states {format_money(units)} as the {which} balance, but the "
                f"statement's title states {format_money(title)}: the title's is checked "
                "against the lines; the row is not stored. If it moved money, give it an "
                "account and upload again."
            )
    return out


# the amount after the label in the same cell: "Neuer Kontostand: 1.234,56 EUR"
_AFTER_LABEL = re.compile(r"[:\s]\s*([-+(]?\d[\d.,'\s]*\)?\s*(?:cr|dr)?)\s*[A-Z€$£]*\s*$", re.I)


def stated_balances(rows: Sequence[Sequence[Any]]) -> tuple[int | None, int | None]:
    """The opening and closing balance (stored units) the rows above a table state, each None
    when no row states it."""
    opening = closing = None
    for row in rows:
        texts = [t for t in (cell_text(c) for c in row) if t]
        if not texts:
            continue
        for pattern in (_OPENING, _CLOSING):
            if not pattern.match(texts[0]):
                continue
            amount = _amount(texts)
            if pattern is _OPENING and opening is None:
                opening = amount
            elif pattern is _CLOSING and closing is None:
                closing = amount
    return opening, closing


def _amount(texts: list[str]) -> int | None:
    """The label's amount: in the next cell with a number (past a date), else in its own."""
    for text in texts[1:]:
        units = cell_units([re.sub(r"\s*[A-Z]{3}$|\s*[€$£]$", "", text)])[0]
        if units is not None and not re.match(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}$", text):
            return units
    found = _AFTER_LABEL.search(texts[0])
    return cell_units([found.group(1).strip()])[0] if found else None


def balance_note(
    opening: int | None, closing: int | None, by_account: dict[str, int]
) -> str | None:
    """What the parse report says when a statement's lines do not carry its stated opening
    balance to its stated closing one (lines missing), with both numbers; None when they do.
    ``by_account``: the table's stored totals (units) by account, "Money in" / "Money out"
    among them when it was read as a bank statement."""
    if opening is None or closing is None or not {MONEY_IN, MONEY_OUT} & set(by_account):
        return None
    moved = by_account.get(MONEY_IN, 0) + by_account.get(MONEY_OUT, 0)
    reached = opening + moved
    if not differs_by_more_than_a_cent(reached, closing):
        return None
    return (
        f"The statement states an opening balance of {format_money(opening)} and a closing "
        f"balance of {format_money(closing)}, but its lines (money in and money out, "
        f"{format_money(moved)}) take the opening balance to {format_money(reached)}, a "
        f"difference of {format_money(closing - reached)}: lines may be missing. Check that "
        "every line was exported (every page, no filter)."
    )
