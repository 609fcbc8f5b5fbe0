"""Bank downloads with no header row: the first line is already a transaction.

Some banks' CSV downloads start with data ("01/31/2025","-45.67","*","","CARD PURCHASE …";
30/06/2025,-4.24,"Direct Debit …",+1234.56). Read as a header, the first transaction's date
and amount became column names and the line was lost. A first line holding a full date and an
amount with decimals, in columns where the following lines hold dates and amounts too, is no
header: the columns are named from their values instead (Date, Amount, Description, and
Balance for a second amount column that runs along the first), and the preview says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

_DATE = re.compile(
    r"^\s*(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?:[ T][\d:]+)?\s*$"
)
_AMOUNT = re.compile(r"^\s*[+\-]?\s?[$€£]?\s?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}\s*$")
_INTEGER = re.compile(r"^\s*\d+\s*$")
SAMPLE = 50
SHARE = 0.9


def _cells(rows: Sequence[Sequence[Any]], position: int) -> list[str]:
    return [str(r[position]).strip() if position < len(r) else "" for r in rows]


def _share(cells: list[str], pattern: re.Pattern[str]) -> float:
    filled = [c for c in cells if c]
    return sum(1 for c in filled if pattern.match(c)) / len(filled) if filled else 0.0


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(re.sub(r"[\s$€£,+]", "", text))
    except InvalidOperation:
        return None


def _runs_along(amounts: list[str], balances: list[str]) -> bool:
    """The second amount column is the balance after each line (newest or oldest first)."""
    pairs: list[tuple[Decimal, Decimal, Decimal, Decimal]] = []
    for i in range(len(amounts) - 1):
        found = (_amount(amounts[i]), _amount(amounts[i + 1]), _amount(balances[i]))
        after = _amount(balances[i + 1])
        if None not in found and after is not None:
            pairs.append((*found, after))  # type: ignore[arg-type]
    if len(pairs) < 2:
        return False
    newest = sum(1 for a, _, b, b_next in pairs if b - a == b_next)
    oldest = sum(1 for _, a_next, b, b_next in pairs if b + a_next == b_next)
    return max(newest, oldest) >= SHARE * len(pairs)


def headerless_names(rows: Sequence[Sequence[Any]]) -> list[str] | None:
    """Column names for a file whose first line is data, or None when it has a header.

    Unnamed columns get "" (then "Column N", as any blank header)."""
    sample = [r for r in rows[:SAMPLE] if any(str(c).strip() for c in r)]
    if len(sample) < 2:
        return None
    width = max(len(r) for r in sample)
    first = [str(c).strip() for c in sample[0]]
    dates = [p for p in range(width) if _share(_cells(sample, p), _DATE) >= SHARE]
    amounts = [p for p in range(width) if _share(_cells(sample, p), _AMOUNT) >= SHARE]
    if not dates or not amounts:
        return None
    if not (p_date := dates[0]) < len(first) or not _DATE.match(first[p_date]):
        return None
    if not any(p < len(first) and _AMOUNT.match(first[p]) for p in amounts):
        return None
    names = [""] * width
    names[p_date] = "Date"
    names[amounts[0]] = "Amount"
    if len(amounts) == 2 and _runs_along(_cells(sample, amounts[0]), _cells(sample, amounts[1])):
        names[amounts[1]] = "Balance"
    others = [p for p in range(width) if p not in dates and p not in amounts]
    for p in others:
        filled = {c for c in _cells(sample, p) if c}
        if _share(_cells(sample, p), _INTEGER) >= SHARE:
            names[p] = "Number"  # a check or reference number, mostly empty: never money
        elif len(filled) == 1 and not any(ch.isalnum() for ch in next(iter(filled))):
            names[p] = "Unused"  # one mark ("*") on every line: it says nothing (nor "total")
    texts = [p for p in others if not names[p] and len({c for c in _cells(sample, p) if c}) > 1]
    if texts:
        longest = max(texts, key=lambda p: sum(len(c) for c in _cells(sample, p)))
        names[longest] = "Description"
    return names


def headerless_warning(names: list[str]) -> str:
    """The preview's note that the columns were named by Elara."""
    named = ", ".join(n for n in names if n)
    return (
        "The file has no header row: its first line is a transaction. The columns are named "
        f"from their values ({named}); check them on the mapping screen."
    )
