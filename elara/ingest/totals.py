"""Detect totals rows so they are skipped instead of double-counted."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

TOTAL_LABEL = (
    r"(?i)^\s*((grand\s+)?totals?|sub-?\s?totals?|sum)(\s*[:\-]|\s+\S.*)?\s*$"
    r"|(?i)\s(sub-?)?total\s*$"
)


def is_total_label(cell: pl.Expr) -> pl.Expr:
    """Cells reading Total, Subtotal, Grand total, Sum, 'Total revenue', 'Revenue total'."""
    return cell.str.contains(TOTAL_LABEL)


@dataclass
class TotalsTracker:
    """Running sums per account key, to spot a row holding only the sum above it.

    ``carry`` is the sum of all good amounts so far (per key); ``base`` is that sum
    at the last totals row, so both subtotals and a grand total are recognised.
    """

    carry: dict[str | None, int] = field(default_factory=dict)
    base: dict[str | None, int] = field(default_factory=dict)

    def find(
        self, long: pl.DataFrame, fields: dict[str, pl.Series], *, wide: bool
    ) -> dict[int, str]:
        """Positions in ``long`` that are amount-only totals rows, with the reason."""
        amount = fields["amount_minor"]
        empty = fields["company_code"].is_null() & fields["date"].is_null()
        if not wide:
            empty = empty & fields["account"].is_null()
        candidates = empty & amount.is_not_null()
        key = fields["account"] if wide else pl.Series([None] * long.height, dtype=pl.String)
        values = pl.select(
            pl.when(candidates).then(0).otherwise(amount.fill_null(0)).alias("v")
        ).to_series()
        frame = pl.DataFrame({"k": key, "v": values})
        before = frame.select(
            (pl.col("v").cum_sum().over("k") - pl.col("v")).alias("b")
        ).to_series()
        found: dict[int, str] = {}
        for index in candidates.arg_true().to_list():
            k = key[index]
            above = self.carry.get(k, 0) + before[index]
            if amount[index] in (above - self.base.get(k, 0), above):
                found[index] = "totals row (equals the sum above)"
                self.base[k] = above
        for k, total in frame.group_by("k").agg(pl.col("v").sum()).iter_rows():
            self.carry[k] = self.carry.get(k, 0) + total
        return found
