"""Rows whose status says the money never moved: not stored, listed and counted.

A wallet or app-bank statement lists declined, failed, reverted and pending card payments
beside the completed ones (a Revolut-style State column: COMPLETED, PENDING, REVERTED,
DECLINED). Those never moved money, and a reverted or declined one often has no completed
date, so reading it as a record would either add money that never moved or refuse the whole
upload over an empty date. Such rows are skipped with the reason, like a heading or a footer,
and the report counts them. "Reversed" is not among them: a payment that moved and was later
sent back usually has its own reversal line, so both are kept (with a warning).
"""

from __future__ import annotations

import re

import polars as pl

from elara.ingest.context import BatchContext
from elara.ingest.model import SkippedRow
from elara.ingest.vocabulary import STATUS_HEADERS, key

NEVER_MOVED = re.compile(
    r"(?i)^\s*(pending|reverted|declined|failed|cancell?ed|denied|refused|rejected"
    r"|void(?:ed)?|expired|(?:umsatz\s+)?vorgemerkt)\s*$"
)


def never_moved(frame: pl.DataFrame, ctx: BatchContext) -> tuple[pl.Series, list[SkippedRow]]:
    """Mask of rows whose status column says the money never moved, and their skipped rows;
    ``ctx.never_moved`` counts them by (status header, value) for the report."""
    mask = pl.Series([False] * frame.height, dtype=pl.Boolean)
    skipped: list[SkippedRow] = []
    for position, header in enumerate(ctx.plan.headers):
        name = f"c{position}"
        if key(header) not in STATUS_HEADERS or name not in frame.columns:
            continue
        cells = frame[name].str.strip_chars().fill_null("")
        hit = cells.str.contains(NEVER_MOVED.pattern).fill_null(False) & ~mask
        for row, value in frame.filter(hit).select("row", name).iter_rows():
            value = value.strip()
            skipped.append(SkippedRow(row, f'{header} "{value}": the money never moved', ctx.sheet))
            found = (header.strip(), value)
            ctx.never_moved[found] = ctx.never_moved.get(found, 0) + 1
        mask = mask | hit
    return mask, skipped


def never_moved_warnings(counts: dict[tuple[str, str], int]) -> list[str]:
    """One line per status: how many rows were left out, and why."""
    return [
        f'{rows} row{"s" if rows > 1 else ""} marked "{value}" in {header} '
        f"{'were' if rows > 1 else 'was'} not stored: the money never moved (listed among "
        "the rows not stored)."
        for (header, value), rows in sorted(counts.items())
    ]
