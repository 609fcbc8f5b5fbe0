"""Amounts in tests are written as the file or the screen states them, never as stored units."""

from __future__ import annotations

from decimal import Decimal

from elara.core.money import to_units


def units(text: str) -> int:
    """The stored units of an amount written as decimal text ("1234.50")."""
    return to_units(Decimal(text))
