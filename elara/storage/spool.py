"""A parsed upload spooled to disk (Arrow IPC), with its rollups kept as it grows.

The reader process writes the batches (untrusted input never reaches the server process
as Python objects: only file names and the rollup frames travel back, pickled as Arrow).
Each batch's partial rollups (monthly per company, daily over every company, monthly per
value of each imported dimension) are merged into running totals at once, so memory follows
the number of distinct groups, not the size of the file, and publishing the upload never
reads its records back (`elara.dashboard.rollups.build_rollups` inserts these totals).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import polars as pl

from elara.ingest import ParsedBatch
from elara.ingest.model import RECORD_FIELDS

# Column order of every spooled frame (and of the INSERT / LOAD DATA column list after the ids).
SPOOL_COLUMNS = (*RECORD_FIELDS, "attributes")
ROLLUP_KEYS = ("month", "company_code", "account", "category", "currency")
DAILY_KEYS = ("date", "account", "category", "currency")
DIMENSION_KEYS = ("dimension", "value", *ROLLUP_KEYS)
# As the database stores a dimension value in a rollup (`substr(value, 1, 255)`).
DIMENSION_VALUE_CHARS = 255
INT64 = (-(2**63), 2**63 - 1)
# Beyond this many groups a daily or dimension rollup is not kept while streaming (the
# publish sums it from the records inside the database instead): the reader's memory stays
# bounded whatever the file's cardinality (e.g. an invoice number imported as a dimension).
STREAMED_GROUPS = 200_000


def _attributes_json(values: list[dict[str, Any]]) -> list[str | None]:
    # allow_nan=False: "NaN" is not JSON, and MariaDB's JSON check would refuse the row.
    return [
        json.dumps(v, ensure_ascii=False, sort_keys=True, allow_nan=False) if v else None
        for v in values
    ]


def _partial_rollup(frame: pl.DataFrame) -> pl.DataFrame:
    return (
        frame.with_columns(month=pl.col("date").dt.truncate("1mo"))
        .group_by(ROLLUP_KEYS)
        .agg(amount_minor=pl.col("amount_minor").sum(), record_count=pl.len())
    )


def _merge(
    total: pl.DataFrame, partial: pl.DataFrame, keys: tuple[str, ...] = ROLLUP_KEYS
) -> pl.DataFrame:
    return (
        pl.concat([total, partial])
        .group_by(keys)
        .agg(pl.col("amount_minor").sum(), pl.col("record_count").sum())
    )


def _sums(frame: pl.DataFrame, keys: tuple[str, ...]) -> pl.DataFrame:
    """Exact totals per group: summed as Int128 (the database's SUM does not wrap either)."""
    return frame.group_by(keys).agg(
        amount_minor=pl.col("amount_minor").cast(pl.Int128).sum(),
        record_count=pl.len().cast(pl.Int64),
    )


def _text_path_safe(name: str) -> bool:
    """A name the database's JSON path `$."name"` reads as written (else it is not streamed)."""
    return '"' not in name and "\\" not in name


def _dimension_values(name: str, attributes: list[dict[str, Any]]) -> list[str | None] | None:
    """The batch's values of one dimension as the database extracts them from the stored JSON
    (missing or null: None); None when a value is not text (the database's text of a number
    is left to the database)."""
    values = [a.get(name) for a in attributes]
    if any(v is not None and not isinstance(v, str) for v in values):
        return None
    return values


_EMPTY = {
    "company_code": pl.Utf8,
    "date": pl.Date,
    "account": pl.Utf8,
    "category": pl.Utf8,
    "amount_minor": pl.Int64,
    "currency": pl.Utf8,
}


def _checked(total: pl.DataFrame) -> pl.DataFrame:
    """Totals as Int64, as the rollup tables store them; an overflow stops the store (as the
    database's SUM into a BIGINT would)."""
    amounts = total["amount_minor"]
    if total.height and (amounts.min() < INT64[0] or amounts.max() > INT64[1]):  # type: ignore[operator]
        raise OverflowError("A rollup total does not fit in 64 bits; nothing was stored.")
    return total.with_columns(pl.col("amount_minor").cast(pl.Int64))


class Spool:
    """Batches of canonical records written to a private temp folder, plus running rollups."""

    def __init__(self, folder: Path, dimensions: Iterable[str] = ()) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix="spool-", dir=folder))
        self.files: list[Path] = []
        self.count = 0
        # Merged after every batch: memory follows the number of distinct groups, not the
        # size of the file.
        self._rollup: pl.DataFrame | None = None
        self._daily: pl.DataFrame | None = None
        self.daily_dropped = False  # more daily groups than STREAMED_GROUPS
        self._dimension: pl.DataFrame | None = None
        # The dimensions whose monthly totals are kept (the names the upload imports as
        # dimensions); a name leaves the set when a value is not text.
        self.dimensions = frozenset(n for n in dimensions if _text_path_safe(n))

    def add(self, batch: ParsedBatch) -> Path | None:
        """Write one parsed batch's good records; the file written (None: no records).

        The file is complete when this returns: a reader's parent may store it at once.
        """
        if len(batch) == 0:
            return None
        frame = batch.frame.select(RECORD_FIELDS).with_columns(
            attributes=pl.Series(_attributes_json(batch.attributes), dtype=pl.Utf8)
        )
        target = self.path / f"{len(self.files):06d}.arrow"
        frame.write_ipc(target)
        self.files.append(target)
        self.count += frame.height
        partial = _partial_rollup(frame)
        self._rollup = partial if self._rollup is None else _merge(self._rollup, partial)
        self._add_daily(frame)
        self._add_dimensions(frame, batch.attributes)
        return target

    def _add_daily(self, frame: pl.DataFrame) -> None:
        if self.daily_dropped:
            return
        partial = _sums(frame, DAILY_KEYS)
        self._daily = partial if self._daily is None else _merge(self._daily, partial, DAILY_KEYS)
        if self._daily.height > STREAMED_GROUPS:
            self._daily, self.daily_dropped = None, True

    def _add_dimensions(self, frame: pl.DataFrame, attributes: list[dict[str, Any]]) -> None:
        if not self.dimensions:
            return
        base = frame.select(
            pl.col("date").dt.truncate("1mo").alias("month"), *ROLLUP_KEYS[1:], "amount_minor"
        )
        parts = []
        for name in sorted(self.dimensions):
            values = _dimension_values(name, attributes)
            if values is None:
                self.dimensions = self.dimensions - {name}
                continue
            value = pl.Series("value", values, dtype=pl.Utf8).str.slice(0, DIMENSION_VALUE_CHARS)
            parts.append(base.with_columns(pl.lit(name, dtype=pl.Utf8).alias("dimension"), value))
        partial = _sums(pl.concat(parts), DIMENSION_KEYS) if parts else None
        total = self._dimension
        if total is not None:  # drop the totals of a dimension that stopped being streamed
            total = total.filter(pl.col("dimension").is_in(sorted(self.dimensions)))
        if partial is not None:
            total = partial if total is None else _merge(total, partial, DIMENSION_KEYS)
        while total is not None and total.height > STREAMED_GROUPS:  # drop the largest
            counts = total.group_by("dimension").len().sort("len", "dimension")
            largest = str(counts["dimension"][-1])
            self.dimensions = self.dimensions - {largest}
            total = total.filter(pl.col("dimension") != largest)
        self._dimension = total

    def frames(self) -> Iterator[pl.DataFrame]:
        """The spooled frames in file order (one in memory at a time)."""
        for path in self.files:
            yield pl.read_ipc(path)

    def rollup(self) -> pl.DataFrame:
        """Monthly totals over everything spooled."""
        return pl.DataFrame() if self._rollup is None else self._rollup

    def daily_rollup(self) -> pl.DataFrame | None:
        """Totals per day, account, category and currency over every company (None: not kept:
        more groups than ``STREAMED_GROUPS``, or a spool pickled by an older version)."""
        daily = getattr(self, "_daily", None)
        if daily is None and self.count == 0:
            return _sums(pl.DataFrame(schema=_EMPTY), DAILY_KEYS)
        return None if daily is None else _checked(daily)

    def dimension_rollup(self) -> tuple[frozenset[str], pl.DataFrame]:
        """The dimensions kept, and their totals per value, month, company, account, category
        and currency (every record counted once per dimension, None for a missing value)."""
        names: frozenset[str] = getattr(self, "dimensions", frozenset())
        total = getattr(self, "_dimension", None)
        if total is None:
            empty = pl.DataFrame(schema=_EMPTY).with_columns(
                month=pl.col("date"), dimension=pl.lit(None, pl.Utf8), value=pl.lit(None, pl.Utf8)
            )
            total = _sums(empty, DIMENSION_KEYS)
        return names, _checked(total)

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
