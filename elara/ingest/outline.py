"""Report labels spread over indent columns, read as one label column.

A desktop package's report sent to Excel (or saved as CSV) writes each line's label in the column of
its level: "Ordinary Income/Expense" in A, "Income" in B, "4000 · Sales" in C, "4010 · Retail
Sales" in D, the amounts to the right. Read column by column, the top level would be the
account and the others dimensions, and every indented line would lose its name. When the
first rows show such an outline (leading columns, never more than one of them filled on a
row, never a number, several levels used, indented lines carrying amounts, each line's name
its own), the source is
read through `OutlineSource`: those columns become one, holding each row's label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import polars as pl

from elara.ingest.readers import CsvSource, RawBatch, Source

_NUMBER = re.compile(r"^[\s$€£(+\-]*\d[\d,.'\s]*\)?-?$")
MAX_LEVELS = 8


def _filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


def _label(cell: Any) -> bool:
    return isinstance(cell, str) and not _NUMBER.match(cell)


def outline_width(head: list[list[Any]]) -> int:
    """How many leading columns hold one outline of labels (0 when the rows show none)."""
    best = 0
    for k in range(2, MAX_LEVELS + 1):
        ok, used, indented = True, set(), False
        labels: list[str] = []
        for row in head:
            cells = [(i, row[i]) for i in range(min(k, len(row))) if _filled(row[i])]
            if len(cells) > 1 or any(not _label(c) for _, c in cells):
                ok = False
                break
            if cells:
                used.add(cells[0][0])
                labels.append(str(cells[0][1]).strip())
                amounts = any(_filled(c) and not _label(c) for c in row[k:])
                indented = indented or (cells[0][0] > 0 and amounts)
        if not ok:
            break
        # Each line of an outline has a name of its own; a column repeating a few words
        # ("Check", "Payment" under a ledger's account headings) is a type, not a level.
        distinct = len(set(labels)) >= 0.9 * len(labels)
        if len(used) >= 2 and k - 1 in used and indented and distinct:
            best = k
    return best


def _merge(cells: list[Any]) -> Any:
    filled = [c for c in cells if _filled(c)]
    if not filled:
        return None
    return filled[0] if len(filled) == 1 else " ".join(str(c).strip() for c in filled)


def text_file(source: Source) -> CsvSource | None:
    """The delimited text file a source reads, through an outline or not (None: a sheet)."""
    if isinstance(source, OutlineSource):
        source = source.inner
    return source if isinstance(source, CsvSource) else None


class OutlineSource:
    """A sheet read through its outline: when its head shows one, the first `levels` columns
    are read as one label column (position 0); otherwise the sheet as it is. The head is
    read once, on first use, and kept."""

    def __init__(self, inner: Source) -> None:
        self.inner = inner
        self.levels = 0
        self.name = inner.name
        self._head: list[list[Any]] | None = None

    def _row(self, row: list[Any]) -> list[Any]:
        return [_merge(row[: self.levels]), *row[self.levels :]]

    def head(self) -> list[list[Any]]:
        """The inner head, with the outline columns merged when there is an outline."""
        if self._head is None:
            head = self.inner.head()
            self.levels = outline_width(head)
            self._head = [self._row(row) for row in head] if self.levels >= 2 else head
        return self._head

    def batches(
        self, *, header_index: int, width: int, batch_size: int, positions: list[int]
    ) -> Iterator[RawBatch]:
        """The inner batches, the outline columns coalesced into position 0."""
        self.head()
        if self.levels < 2:
            yield from self.inner.batches(
                header_index=header_index, width=width, batch_size=batch_size, positions=positions
            )
            return
        shift = self.levels - 1
        inner: list[int] = []
        for p in positions:
            inner.extend(range(self.levels) if p == 0 else [p + shift])
        for batch in self.inner.batches(
            header_index=header_index,
            width=width + shift,
            batch_size=batch_size,
            positions=inner,
        ):
            frame = batch.frame
            columns: dict[str, pl.Series] = {}
            for p in positions:
                if p == 0:
                    parts = [frame[f"c{i}"] for i in range(self.levels)]
                    merged = pl.DataFrame(parts).select(
                        pl.concat_str(
                            [pl.col(s.name).str.strip_chars() for s in parts],
                            separator=" ",
                            ignore_nulls=True,
                        )
                    )
                    label = merged.to_series().replace("", None).alias("c0")
                    columns["c0"] = label
                else:
                    columns[f"c{p}"] = frame[f"c{p + shift}"].alias(f"c{p}")
            native = batch.native
            yield RawBatch(
                frame=pl.DataFrame(columns),
                first_row=batch.first_row,
                native=None if native is None else self._native(native),
            )

    def _native(self, native: Any) -> Any:
        levels = self.levels

        def cells(position: int) -> list[Any]:
            if position == 0:
                parts = [native(i) for i in range(levels)]
                return [_merge(list(row)) for row in zip(*parts, strict=True)]
            return native(position + levels - 1)

        return cells
