"""Balance bands: an account balance table's two header rows, where each of opening, the
period's movements and closing is a Debit | Credit pair under one merged heading.

A Chinese accounting package's 科目余额表 reads 科目编码 | 科目名称 | 期初余额 | 本期发生额 |
期末余额 over 借方 | 贷方 three times (an English package's "Opening Balance", "Movements",
"Closing Balance" over Debit | Credit likewise). The Debit | Credit row is the header; the
closing pair is the balance stored (a trial balance on its date); the other pairs are kept
as numbers, never summed as money; the columns whose heading spans both rows (the account's
code and name) take the role their heading names.
"""

from __future__ import annotations

import re
from typing import Any

from elara.ingest.headers import cell_text
from elara.ingest.settings import ColumnRole
from elara.ingest.vocabulary import cumulative_header, header_role

# A heading naming the balance at the end of the period: "期末余额", "Closing Balance".
_CLOSING = re.compile(r"期末|年末|月末|结余")
_OPENING = re.compile(r"(?i)期初|年初|月初|\b(?:opening|beginning|start)\b")
_SIDES = (ColumnRole.debit, ColumnRole.credit)


def _pairs(upper: list[str], lower: list[str]) -> list[tuple[int, str]] | None:
    """The Debit | Credit pairs of the lower row, each with its heading in the upper row
    (written over the pair's first column, the second left blank by the merge)."""
    pairs: list[tuple[int, str]] = []
    position = 0
    while position < len(lower):
        text = lower[position]
        if not text:
            position += 1
            continue
        following = lower[position + 1] if position + 1 < len(lower) else ""
        heading = upper[position] if position < len(upper) else ""
        second = upper[position + 1] if position + 1 < len(upper) else ""
        if (header_role(text), header_role(following)) != _SIDES or not heading or second:
            return None
        pairs.append((position, heading))
        position += 2
    return pairs


def balance_bands(head: list[list[Any]], index: int) -> dict[int, ColumnRole] | None:
    """The roles of a balance table's columns when row `index` heads two or more Debit |
    Credit pairs written in row `index + 1` (the header then), one of them the closing
    balance; None for any other two rows."""
    if index + 1 >= len(head):
        return None
    upper = [cell_text(c) for c in head[index]]
    lower = [cell_text(c) for c in head[index + 1]]
    pairs = _pairs(upper, lower)
    if not pairs or len(pairs) < 2:
        return None
    closing = [
        p
        for p, heading in pairs
        if not _OPENING.search(heading) and (_CLOSING.search(heading) or cumulative_header(heading))
    ]
    if not closing:
        return None
    stored = closing[-1]
    roles: dict[int, ColumnRole] = {}
    for position, _ in pairs:
        debit, credit = _SIDES if position == stored else (ColumnRole.quantity, ColumnRole.quantity)
        roles[position], roles[position + 1] = debit, credit
    for position, text in enumerate(upper):
        if position in roles or not text or (position < len(lower) and lower[position]):
            continue
        named = header_role(text)
        if named is not None:
            roles[position] = named
    return roles
