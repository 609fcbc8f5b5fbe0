"""Exact money: stored amounts are integers of 1/AMOUNT_SCALE of a currency unit.

Every conversion between a stored integer and a decimal amount goes through this module, so
the scale lives in one place. Values are never floats between the file and the screen; only
what is shown is rounded (half up, to the cent).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# Units stored per currency unit. The column keeps its historical name `amount_minor`;
# "minor unit" means 1/AMOUNT_SCALE of the currency unit, not a cent.
AMOUNT_SCALE = 100
DECIMALS = len(str(AMOUNT_SCALE)) - 1
CENT = Decimal("0.01")
ZERO = Decimal(0)


def to_units(amount: Decimal) -> int:
    """A decimal amount as stored units; raises ValueError if it has more decimals than stored."""
    units = amount * AMOUNT_SCALE
    if units != units.to_integral_value():
        raise ValueError(f"{amount} has more than {DECIMALS} decimal places")
    return int(units)


def to_decimal(units: int | Decimal) -> Decimal:
    """Stored units (or a sum of them) as an exact decimal amount."""
    return Decimal(units) / AMOUNT_SCALE


def to_cents(units: int | Decimal) -> Decimal:
    """Stored units rounded once, half up, to the cent (never "-0.00")."""
    value = to_decimal(units).quantize(CENT, rounding=ROUND_HALF_UP)
    return value if value != 0 else ZERO.quantize(CENT)


def format_money(units: int | Decimal) -> str:
    """Stored units as a decimal string to the cent, for APIs and exports."""
    return str(to_cents(units))
