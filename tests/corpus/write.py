"""Writing helpers for the corpus generators: exact numbers as real exports print them.

Every amount is a Decimal from generation to file; the printed text is what the source system
would print (decimal comma, thousands separators, parentheses, trailing minus, currency
symbols). Nothing here parses; tests/corpus/readback.py reads the files back independently.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

CENT = Decimal("0.01")
NBSP = "\u00a0"


def cents(value: Decimal) -> Decimal:
    """Rounded once, half away from zero, to the cent: what a spreadsheet shows for a SUM."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(rng: random.Random, low: int, high: int, places: int = 2) -> Decimal:
    """A random amount between low and high with exactly `places` decimals."""
    scale = 10**places
    return Decimal(rng.randint(low * scale, high * scale)) / scale


def fmt(
    value: Decimal,
    *,
    places: int | None = 2,
    decimal: str = ".",
    thousands: str = "",
    negative: str = "minus",
    prefix: str = "",
) -> str:
    """A number printed the way an export prints it.

    `places=None` prints every decimal the value has (no padding); `negative` is "minus"
    (-1.00), "parens" ((1.00)) or "trailing" (1.00-).
    """
    text = f"{abs(value):f}" if places is None else f"{abs(value):.{places}f}"
    whole, _, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    whole = thousands.join([whole, *groups])
    body = prefix + whole + (decimal + frac if frac else "")
    if value >= 0:
        return body
    return {"minus": "-" + body, "parens": "(" + body + ")", "trailing": body + "-"}[negative]


def write_csv(
    path: Path,
    rows: Iterable[Sequence[Any]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
) -> Path:
    """Rows as a CSV file, with the delimiter, encoding and quoting the source uses."""
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in row])
    return path


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def day_in(rng: random.Random, year: int, month: int) -> dt.date:
    """A random day of a month."""
    return dt.date(year, month, rng.randint(1, month_end(year, month).day))


def col_letter(index: int) -> str:
    """A zero-based column index as a spreadsheet column letter (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def add_to(totals: dict[str, Decimal], account: str, amount: Decimal) -> None:
    """Accumulate an exact amount on an account."""
    totals[account] = totals.get(account, Decimal(0)) + amount


def rounded(totals: dict[str, Decimal]) -> dict[str, Decimal]:
    """Exact sums rounded once to the cent, as the dashboard must show them."""
    return {account: cents(value) for account, value in totals.items()}


def count_on(counts: dict[dt.date, int], day: dt.date, records: int = 1) -> None:
    """Count records dated on a day."""
    counts[day] = counts.get(day, 0) + records


def spread(days: list[dt.date], records: int) -> dict[dt.date, int]:
    """`records` records on each of the days."""
    return {day: records for day in days}
