"""Amounts in tests are written as the file or the screen states them, never as stored units."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from elara.core.money import to_decimal, to_units
from elara.ingest.model import ParsedBatch


def units(text: str) -> int:
    """The stored units of an amount written as decimal text ("1234.50")."""
    return to_units(Decimal(text))


def sums_by_account(batches: Iterable[ParsedBatch]) -> dict[str, Decimal]:
    """The parsed records' amounts summed by account, as the file states them (not units)."""
    sums: dict[str, Decimal] = {}
    for batch in batches:
        for account, stored in zip(
            batch.columns["account"], batch.columns["amount_minor"], strict=True
        ):
            sums[account] = sums.get(account, Decimal(0)) + to_decimal(stored)
    return sums
