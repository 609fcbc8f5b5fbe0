"""Data classes handed to callers: records, row errors, batches, progress, report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

AttrValue = str | int | float | bool | None
RECORD_FIELDS = (
    "company_code",
    "date",
    "account",
    "category",
    "amount_minor",
    "currency",
    "description",
)


@dataclass(frozen=True, slots=True)
class Record:
    """One canonical financial fact; ``row`` is where it came from in the file."""

    company_code: str
    date: dt.date
    account: str
    category: str | None
    amount_minor: int
    currency: str | None
    description: str | None
    attributes: dict[str, AttrValue]
    row: int
    sheet: str | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    """A bad cell: file row number, header as written, original value, reason."""

    row: int
    column: str
    value: str
    message: str
    sheet: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row deliberately not turned into records (blank line, totals row)."""

    row: int
    reason: str
    sheet: str | None = None


@dataclass(frozen=True, slots=True)
class ParseProgress:
    """Sent to the progress callback after every batch."""

    sheet: str | None
    rows_read: int
    records: int
    error_count: int


@dataclass(eq=False)
class ParsedBatch:
    """Good records of one batch (columnar polars frame) plus that batch's errors.

    ``frame`` has the RECORD_FIELDS columns (``date`` is pl.Date, ``amount_minor``
    Int64) and ``row``; ``attributes`` is aligned with the frame's rows.
    """

    frame: pl.DataFrame
    attributes: list[dict[str, AttrValue]]
    errors: list[RowError]
    skipped: list[SkippedRow]
    sheet: str | None
    rows_read: int

    @cached_property
    def columns(self) -> dict[str, list]:
        """Plain Python lists per field (cheapest form for executemany inserts)."""
        columns: dict[str, list] = {n: self.frame[n].to_list() for n in RECORD_FIELDS}
        columns["attributes"] = self.attributes
        columns["row"] = self.frame["row"].to_list()
        return columns

    @cached_property
    def records(self) -> list[Record]:
        """The batch as Record objects (slower than ``columns`` for big batches)."""
        c = self.columns
        sheets = [self.sheet] * len(c["row"])
        return [
            Record(*values)
            for values in zip(
                *(c[n] for n in RECORD_FIELDS), c["attributes"], c["row"], sheets, strict=True
            )
        ]

    def __len__(self) -> int:
        return self.frame.height


@dataclass
class ParseReport:
    """Totals and findings for the whole file, complete once parsing has finished."""

    rows_read: int = 0
    records: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    skipped_count: int = 0
    skipped_rows: list[SkippedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    date_order: str | None = None
    sheets: list[str] = field(default_factory=list)
    column_mapping: dict[str, dict[str, str]] = field(default_factory=dict)
    wide: bool = False
    file_kind: str | None = None
    max_errors: int = 1000

    def add_batch(self, batch: ParsedBatch) -> None:
        """Fold one batch's counts, errors and skipped rows into the totals."""
        self.rows_read += batch.rows_read
        self.records += len(batch)
        self.error_count += len(batch.errors)
        room = self.max_errors - len(self.errors)
        if room > 0:
            self.errors.extend(batch.errors[:room])
        self.skipped_count += len(batch.skipped)
        room = self.max_errors - len(self.skipped_rows)
        if room > 0:
            self.skipped_rows.extend(batch.skipped[:room])

    @property
    def truncated(self) -> bool:
        """True when more errors were counted than kept."""
        return self.error_count > len(self.errors)
