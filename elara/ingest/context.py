"""State shared by the steps that turn a raw batch into records."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from elara.ingest.identities import Identities
from elara.ingest.model import RowError
from elara.ingest.plan import TablePlan
from elara.ingest.restating import Restating
from elara.ingest.rowtotals import RowTotals
from elara.ingest.totals import TotalsTracker
from elara.ingest.values import DateOrder


@dataclass
class CompanyScope:
    """Who is uploading, as the company checks (``elara.ingest.scope``) need it; pickles
    into the reader process."""

    allowed: frozenset[str] | None = None  # match keys; None: every company
    spellings: dict[str, str] = field(default_factory=dict)  # match key -> stored spelling
    remove_controls: bool = False  # clean control characters (with a warning) instead


@dataclass
class BatchContext:
    """Everything about the table that stays fixed from batch to batch."""

    plan: TablePlan
    date_order: DateOrder
    sheet: str | None
    tag_sheet: bool
    totals: TotalsTracker = field(default_factory=TotalsTracker)
    notes: list[str] = field(default_factory=list)  # per-row warnings (rounded values)
    group_account: str | None = None  # the last group heading, carried across batches
    sections: list[str] = field(default_factory=list)  # open statement sections, outermost first
    last_heading: str = ""  # the label of the last heading row read (carried across batches)
    identities: Identities = field(default_factory=Identities)  # measures that add up
    row_totals: RowTotals = field(default_factory=RowTotals)  # "Total" column vs periods
    # Money columns and numbers watched for columns restating others along the row (None:
    # not started; found on the first batch, checked on every one)
    restating: Restating = field(default_factory=Restating)
    restating_watch: list[int] = field(default_factory=list)
    restating_started: bool = False
    scope: CompanyScope = field(default_factory=CompanyScope)
    removed_controls: int = 0  # text cells cleaned of control characters
    other_scenarios: dict[str, int] = field(default_factory=dict)  # rows not stored, by scenario
    other_figures: dict[str, int] = field(default_factory=dict)  # figures of "FY2026E" columns
    unsettled: dict[tuple[str, str], int] = field(default_factory=dict)  # (status, value) rows
    never_moved: dict[tuple[str, str], int] = field(default_factory=dict)  # rows not stored
    by_direction: bool = False  # a bank statement's lines stored as "Money in" / "Money out"
    debits_turned: bool = False  # ...whose debits (read positive) were turned into cash out
    percent_rows: frozenset[int] = frozenset()  # sheet rows whose numbers all show as "25%"
    # Debit (or credit) columns printed negative throughout, read as their size: rows by position
    sided: dict[int, int] = field(default_factory=dict)
    # A summary line's stated total of the lines (row, header, units), checked at the end
    stated: list[tuple[int, str, int]] = field(default_factory=list)
    # A statement's opening / closing balance lines (row, opening?, units), not stored: the
    # balances the lines are checked against when no title states them
    balance_lines: list[tuple[int, bool, int]] = field(default_factory=list)


@dataclass
class Problems:
    """Row problems: index in the kept rows of the batch -> that row's errors."""

    sheet: str | None
    rows: list[int]
    errors: dict[int, list[RowError]] = field(default_factory=dict)

    def add(self, index: int, header: str, value: str | None, message: str) -> None:
        error = RowError(self.rows[index], header, value or "", message, self.sheet)
        self.errors.setdefault(index, []).append(error)

    def add_found(self, header: str, texts: pl.Series, found: dict[int, str]) -> None:
        for index, problem in found.items():
            value = texts[index] or ""
            message = (
                f"{header} is empty" if problem == "is empty" else f'{header} "{value}" {problem}'
            )
            self.add(index, header, value, message)
