"""Data classes handed to callers: records, row errors, batches, progress, report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import polars as pl

from elara.core.money import exact_text
from elara.ingest.settings import ImportSettings

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
ERRORS_SHOWN = 5  # rows or cells a warning names before "…" (the preview's, the stored report's)
ERRORS_LISTED = 100  # rows the preview and the stored report list (skipped rows, row errors)
TOTALS_LISTED = 100  # totals rows the stored report lists (its "totals_count": all of them)


def first_shown(items: list[str], sep: str = ", ", *, count: int | None = None) -> str:
    """The first ``ERRORS_SHOWN`` items joined, with "…" when there are more (``count``: how
    many there are, when ``items`` holds only the first of them)."""
    more = f"{sep}…" if max(len(items), count or 0) > ERRORS_SHOWN else ""
    return sep.join(items[:ERRORS_SHOWN]) + more


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A row whose stated figure (a total column's, a restating column's) is not the sum of
    the columns it restates: ``parts`` says what they are ('its periods', '"Card" + "Cash"')."""

    row: int
    header: str
    stated: int  # stored units
    summed: int
    parts: str
    label: str = ""  # the row's line ("Rent"), when the table names its lines
    after: str = ""  # said after the figures


def mismatch_warnings(found: list[Mismatch], rest: str) -> list[str]:
    """One warning per mismatching row (the first ``ERRORS_SHOWN``), both figures as exact
    money with two decimals at least ("4660.50"), then how many more rows (``rest``: what
    those rows' columns do, "whose total column differs")."""
    out = []
    for m in found[:ERRORS_SHOWN]:
        line = f' ("{m.label}")' if m.label else ""
        out.append(
            f'Row {m.row}{line}: the file\'s "{m.header}" is {exact_text(m.stated)} but '
            f"{m.parts} add up to {exact_text(m.summed)}{m.after}"
        )
    if len(found) > ERRORS_SHOWN:
        out.append(f"{len(found) - ERRORS_SHOWN} more rows {rest} from their parts")
    return out


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
    settings: ImportSettings | None = None  # the settings the file was read with
    sheet_settings: dict[str, ImportSettings] = field(default_factory=dict)  # "" for CSV
    dimensions: list[str] = field(default_factory=list)
    number_formats: dict[str, str] = field(default_factory=dict)  # header -> "1,234.56"
    # Said once: values like "12,500" read as thousands because the file shows it elsewhere
    number_format_note: str | None = None
    totals_rows: list[Any] = field(default_factory=list)  # totals.FoundTotal, not stored
    cell_error_count: int = 0
    other_scenarios: dict[str, int] = field(default_factory=dict)  # rows not stored, by scenario
    # Of those counts, the figures of columns headed for another scenario ("FY2026E"): one
    # per line and column, not rows (said as figures in the warning)
    other_figures: dict[str, int] = field(default_factory=dict)
    currency_unstated: bool = False  # a table states no currency anywhere (see pipeline)
    max_notes: int = 50
    _notes: int = 0

    def add_batch(self, batch: ParsedBatch) -> None:
        """Fold one batch's counts, errors and skipped rows into the totals.

        ``rows_read`` counts data rows (stored or refused), never title, header, blank,
        heading, footer or totals lines; ``error_count`` counts rows with errors (a row with
        two bad cells is one bad row).
        """
        self.rows_read += batch.rows_read
        self.records += len(batch)
        self.error_count += len({(e.sheet, e.row) for e in batch.errors})
        self.cell_error_count += len(batch.errors)
        room = self.max_errors - len(self.errors)
        if room > 0:
            self.errors.extend(batch.errors[:room])
        self.skipped_count += len(batch.skipped)
        room = self.max_errors - len(self.skipped_rows)
        if room > 0:
            self.skipped_rows.extend(batch.skipped[:room])

    def add_notes(self, notes: list[str]) -> None:
        """Per-row warnings (e.g. a value rounded to the stored decimals), capped."""
        room = self.max_notes - self._notes
        self.warnings.extend(notes[: max(room, 0)])
        if len(notes) > room > -1 and room >= 0:
            self.warnings.append(f"{len(notes) - room} more rows had values rounded the same way")
        self._notes += len(notes)

    @property
    def truncated(self) -> bool:
        """True when more errors were counted than kept."""
        return self.cell_error_count > len(self.errors)

    @property
    def summary(self) -> str:
        """ "N rows read, M records stored" in plain words."""
        return f"{self.rows_read} rows read, {self.records} records stored"
