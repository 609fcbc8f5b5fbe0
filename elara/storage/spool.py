"""A parsed upload spooled to disk (Arrow IPC), with its monthly totals kept as it grows.

The reader process writes the batches (untrusted input never reaches the server process
as Python objects: only file names and one rollup frame travel back, pickled as Arrow).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from elara.ingest import ParsedBatch

# Column order of every spooled frame (and of the INSERT / LOAD DATA column list after the ids).
SPOOL_COLUMNS = (
    "company_code",
    "date",
    "account",
    "category",
    "amount_minor",
    "currency",
    "description",
    "attributes",
)
ROLLUP_KEYS = ("month", "company_code", "account", "category", "currency")


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


def _merge(total: pl.DataFrame, partial: pl.DataFrame) -> pl.DataFrame:
    return (
        pl.concat([total, partial])
        .group_by(ROLLUP_KEYS)
        .agg(pl.col("amount_minor").sum(), pl.col("record_count").sum())
    )


class Spool:
    """Batches of canonical records written to a private temp folder, plus running rollups."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix="spool-", dir=folder))
        self.files: list[Path] = []
        self.count = 0
        # Merged after every batch: memory follows the number of distinct monthly groups,
        # not the size of the file.
        self._rollup: pl.DataFrame | None = None

    def add(self, batch: ParsedBatch) -> Path | None:
        """Write one parsed batch's good records; the file written (None: no records).

        The file is complete when this returns: a reader's parent may store it at once.
        """
        if len(batch) == 0:
            return None
        frame = batch.frame.select(SPOOL_COLUMNS[:-1]).with_columns(
            attributes=pl.Series(_attributes_json(batch.attributes), dtype=pl.Utf8)
        )
        target = self.path / f"{len(self.files):06d}.arrow"
        frame.write_ipc(target)
        self.files.append(target)
        self.count += frame.height
        partial = _partial_rollup(frame)
        self._rollup = partial if self._rollup is None else _merge(self._rollup, partial)
        return target

    def frames(self) -> Iterator[pl.DataFrame]:
        """The spooled frames in file order (one in memory at a time)."""
        for path in self.files:
            yield pl.read_ipc(path)

    def rollup(self) -> pl.DataFrame:
        """Monthly totals over everything spooled."""
        return pl.DataFrame() if self._rollup is None else self._rollup

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
