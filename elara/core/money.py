"""Exact money: stored amounts are integers of 1/AMOUNT_SCALE of a currency unit.

Every conversion between a stored integer and a decimal amount goes through this module, so
the scale lives in one place. Values are never floats between the file and the screen; only
what is shown is rounded (half up, to the cent).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    import polars as pl

# Units stored per currency unit. The column keeps its historical name `amount_minor`;
# "minor unit" means 1/AMOUNT_SCALE of the currency unit, not a cent.
AMOUNT_SCALE = 10_000
DECIMALS = len(str(AMOUNT_SCALE)) - 1
QUANTUM = Decimal(1).scaleb(-DECIMALS)
CENT = Decimal("0.01")
CENT_UNITS = AMOUNT_SCALE // 100  # stored units in a cent
ZERO = Decimal(0)
# The largest amount a record may hold: a signed 64-bit column of units holds about
# 9.2e18 / AMOUNT_SCALE, and sums over many records must still fit.
MAX_AMOUNT = Decimal(10) ** 14


def to_units(amount: Decimal) -> int:
    """A decimal amount as stored units; raises ValueError if it has more decimals than stored."""
    units = amount * AMOUNT_SCALE
    if units != units.to_integral_value():
        raise ValueError(f"{amount} has more than {DECIMALS} decimal places")
    return int(units)


def round_to_units(amount: Decimal) -> int:
    """A decimal amount rounded half up to the stored precision, as stored units."""
    try:
        return int(amount.quantize(QUANTUM, rounding=ROUND_HALF_UP) * AMOUNT_SCALE)
    except InvalidOperation as exc:
        raise ValueError(f"{amount} is not a finite amount") from exc


@overload
def differs_by_more_than_a_cent(a: int | Decimal, b: int | Decimal) -> bool: ...
@overload
def differs_by_more_than_a_cent(a: pl.Series, b: pl.Series) -> pl.Series: ...
def differs_by_more_than_a_cent(
    a: int | Decimal | pl.Series, b: int | Decimal | pl.Series
) -> bool | pl.Series:
    """Whether two figures in stored units (or columns of them, row by row) differ by more
    than a cent: the tolerance of every stated-versus-computed check."""
    return abs(a - b) > CENT_UNITS  # type: ignore[operator]


def fits(amount: Decimal) -> bool:
    """Whether an amount is finite and small enough to be stored."""
    return amount.is_finite() and abs(amount) < MAX_AMOUNT


def to_decimal(units: int | Decimal) -> Decimal:
    """Stored units (or a sum of them) as an exact decimal amount."""
    return Decimal(units) / AMOUNT_SCALE


def round_cents(value: Decimal) -> Decimal:
    """A decimal amount (or percentage) rounded once, half up, to the cent (never -0.00)."""
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded if rounded != 0 else ZERO.quantize(CENT)


def cents_text(value: Decimal) -> str:
    """A decimal amount (or percentage) as text to the cent: "1234.50"."""
    return str(round_cents(value))


def grouped_text(value: Decimal) -> str:
    """A decimal amount to the cent with thousands separators, for sentences: "1,234.50"."""
    return f"{round_cents(value):,.2f}"


def to_cents(units: int | Decimal) -> Decimal:
    """Stored units rounded once, half up, to the cent (never "-0.00")."""
    return round_cents(to_decimal(units))


def format_money(units: int | Decimal) -> str:
    """Stored units as a decimal string to the cent, for APIs and screens."""
    return str(to_cents(units))


def exact_text(units: int) -> str:
    """Stored units as the exact decimal string, with at least two decimals (for exports)."""
    value = to_decimal(units).quantize(QUANTUM)
    text = f"{value:f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(2, "0")
    return f"{whole}.{fraction}"


def to_float(units: int) -> float:
    """Stored units as a float, only for a spreadsheet cell (a binary double by nature)."""
    return float(to_decimal(units))
