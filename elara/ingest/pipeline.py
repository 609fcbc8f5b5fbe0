"""Public entry point: parse an uploaded file into batches of records, as ImportSettings say."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from elara.core.money import format_money
from elara.core.scenarios import SCENARIO_WORDS, Scenario
from elara.finance.kinds import suggest_sign
from elara.ingest import scenarios, tracking
from elara.ingest.balances import balance_note, line_balances, line_disagreements
from elara.ingest.batch import BatchContext, build_batch
from elara.ingest.context import CompanyScope
from elara.ingest.direction import direction_warning, in_out_columns, in_out_warning
from elara.ingest.errors import IngestError, MappingError
from elara.ingest.fiscal import (
    MONTH_NAMES,
    fiscal_quarter_note,
    fiscal_year_note,
    with_fiscal_start,
)
from elara.ingest.headerless import headerless_warning
from elara.ingest.headers import find_header_row, mapped_positions, unique_headers
from elara.ingest.identities import not_added
from elara.ingest.model import ParsedBatch, ParseProgress, ParseReport
from elara.ingest.numbers import (
    ENGLISH_HEADERS,
    ColumnEvidence,
    FileEvidence,
    NumberFormat,
    currencies_shown,
    decide_format,
    file_hint,
    thousands_note,
)
from elara.ingest.outline import OutlineSource, text_file
from elara.ingest.periods import (
    fiscal_period_header,
    fiscal_period_number,
    fiscal_quarter_named,
    fiscal_year_end,
    fiscal_year_named,
)
from elara.ingest.plan import TablePlan, build_plan, check_plan, unstored_movements
from elara.ingest.readers import RawBatch, Source
from elara.ingest.scale import numbers_as_written, scale_warning
from elara.ingest.settings import (
    SIGN_WORDS,
    ColumnRole,
    DateOrderChoice,
    ImportSettings,
    Offered,
    SignConvention,
)
from elara.ingest.sniff import TextFormat, ZipLimits
from elara.ingest.status import never_moved_warnings
from elara.ingest.suggest import suggest_table
from elara.ingest.values import (
    ISO_4217,
    DateOrder,
    ValueProblem,
    decide_date_order,
    parse_currency,
)
from elara.ingest.vector import DateOrderScan
from elara.ingest.vocabulary import key, summed_field
from elara.ingest.workbook import (
    FastSheetSource,
    HeaderlessSheet,
    open_sources,
    percent_rows,
    sheet_warnings,
)

# The older column mapping's targets, as roles.
LEGACY_TARGETS = {
    "company_code": ColumnRole.company,
    "date": ColumnRole.date,
    "account": ColumnRole.account,
    "category": ColumnRole.category,
    "amount": ColumnRole.amount,
    "currency": ColumnRole.currency,
    "description": ColumnRole.description,
}


@dataclass
class _Table:
    """A source with its header found and its plan made."""

    source: Source
    header_index: int
    width: int
    plan: TablePlan
    # The opening and closing balance its titles state (a bank statement's preamble): its
    # lines must carry the one to the other (`balances.balance_note`).
    balances: tuple[int | None, int | None] = (None, None)


# Rows an upload's guess of date order, number formats and currency is made from (see
# ``FileParser._guess``); the whole file checks it at the end.
SPECULATE_ROWS = 50_000


class GuessRefutedError(IngestError):
    """The whole file decides its formats otherwise than its first rows did: what was read
    under the guess is to be dropped and the file read again without guessing."""


class _Evidence:
    """What the prescan reads of one table's cells: date order, number formats, currency
    signs and codes, scenario spellings (folded in one raw batch at a time)."""

    def __init__(self, table: _Table) -> None:
        plan = table.plan
        self.scenario = plan.position(ColumnRole.scenario)
        self.date = plan.position(ColumnRole.date)
        numbers = [v.position for v in plan.values if v.fixed_format is None]
        numbers += plan.quantities
        self.symbols = _symbol_positions(plan)
        self.currency = plan.position(ColumnRole.currency)
        singles = [p for p in (self.date, self.scenario, self.currency) if p is not None]
        self.pairs = tracking.tracking_pairs(plan.headers, plan.dimensions)
        self.tracked: dict[int, set[str]] = {option: set() for option in self.pairs}
        paired = [*self.pairs, *self.pairs.values()]
        self.positions = sorted({*numbers, *self.symbols, *singles, *paired})
        self.evidence = {p: ColumnEvidence() for p in numbers}
        self.scan = DateOrderScan()
        self.shown: set[str] = set()
        self.bare = 0
        self.column_codes: set[str] = set()
        self.unstated_rows = 0
        self.spellings: set[str] = set()

    def add(self, frame: pl.DataFrame) -> None:
        if self.date is not None:
            self.scan.add(frame[f"c{self.date}"])
        for p, found in self.evidence.items():
            found.add(frame[f"c{p}"])
        for p in self.symbols:
            codes, without = currencies_shown(frame[f"c{p}"])
            self.shown, self.bare = self.shown | codes, self.bare + without
        if self.currency is not None:
            cells = frame[f"c{self.currency}"].str.strip_chars().fill_null("")
            self.unstated_rows += int((cells == "").sum())
            self.column_codes.update(c.upper() for c in cells.unique().to_list() if c)
        for option, name in self.pairs.items():
            tracking.names_seen(frame, option, name, self.tracked[option])
        if self.scenario is not None and len(self.spellings) < scenarios.MAX_SPELLINGS:
            cells = frame[f"c{self.scenario}"].str.strip_chars().unique()
            self.spellings.update(c for c in cells.to_list() if c)


@dataclass
class _Guess:
    """Decisions made from a table's first rows, and what checks them at the end."""

    table: _Table
    order: DateOrder
    before: tuple[TablePlan, ParseReport, dict[str, NumberFormat]]  # the state before it
    start: int  # the report's warnings the guess said: [start:end]
    end: int
    whole: _Evidence  # filled from every row as it is read


def _outcome(order: DateOrder, plan: TablePlan, report: ParseReport) -> tuple[Any, ...]:
    """What decides how a row is read and stored (not the words said about it)."""
    settings = plan.settings
    return (
        order,
        report.date_order,
        report.currency_unstated,
        dict(report.number_formats),
        {p: f.decimal for p, f in plan.formats.items()},
        plan.file_currency,
        plan.tracking,
        settings.constants.scenario,
        settings.constants.currency,
        [c.decimal_separator for c in settings.columns],
    )


def locate_header(head: list[list[Any]]) -> tuple[int, int, list[Any]]:
    """Header row index, table width and the header cells padded to that width."""
    header_index = find_header_row(head) if head else 0
    width = max((len(r) for r in head), default=0)
    header = list(head[header_index]) if head else []
    header += [None] * (width - len(header))
    return header_index, width, header


def forced_roles(headers: list[str], mapping: dict[str, str]) -> dict[int, ColumnRole]:
    """The older ``mapping`` ({header: canonical name}) as roles forced on the suggestion."""
    found = mapped_positions(headers, mapping, LEGACY_TARGETS)
    return {position: LEGACY_TARGETS[target] for target, position in found}


# Rows of a file's first batch (the others: ``batch_size``): an upload stores each batch as
# soon as it is read, so a small first one gets the database working while the rest is read.
FIRST_BATCH = 5_000


def fiscal_period_warnings(plan: TablePlan) -> list[str]:
    """Columns headed "FY25 P01" or "P01 FY2025" are dated by the import's fiscal year start
    (``constants.fiscal_year_start``, a year named after the calendar year it ends in): said
    on every import, with the start used and the first column's date, since a wrong start
    puts every figure in the wrong month; a period beyond 12 ("FY25 P13", a year of 13
    periods) is no month at all, its column not stored."""
    out = []
    start = plan.settings.constants.fiscal_year_start or 1
    dated = [
        v
        for v in plan.values
        if v.role is ColumnRole.amount and v.period_end and fiscal_period_header(v.header)
    ]
    if dated and start == 1:
        first = dated[0]
        out.append(
            f'Columns like "{first.header}" are read as calendar months: it is dated '
            f"{first.period_end} (period 1 = January): the fiscal year is taken to start "
            "in January. If it starts in another month, set the fiscal year start "
            "(constants.fiscal_year_start) before storing."
        )
    elif dated:
        first, name = dated[0], MONTH_NAMES[start - 1]
        out.append(
            f'Columns like "{first.header}" are fiscal periods of a year starting in {name}, '
            "named after the calendar year it ends in (FY25 ends in 2025): "
            f'"{first.header}" is dated {first.period_end} (period 1 = {name}). If the '
            "fiscal year starts in another month, change the fiscal year start "
            "(constants.fiscal_year_start) before storing."
        )
    years = [  # not a quarter's figures under "Q3" (dated in the suggestion, said there)
        (v.header, v.period_end)
        for v in plan.values
        if v.role is ColumnRole.amount
        and (year := fiscal_year_named(v.header)) is not None
        and v.period_end == fiscal_year_end(year, start)
    ]
    if (said := fiscal_year_note(years, start)) is not None:
        out.append(said)
    quarters = [
        (v.header, v.period_end)
        for v in plan.values
        if v.role is ColumnRole.amount and v.period_end and fiscal_quarter_named(v.header)
    ]
    given = plan.settings.constants.fiscal_year_start is not None
    if (said := fiscal_quarter_note(quarters, start, given=given)) is not None:
        out.append(said)  # "Q3 FY2025": Q1 is the fiscal year's first quarter
    stored = {v.header for v in plan.values if v.period_end is not None}  # dated by hand
    beyond = [h for h in plan.headers if (fiscal_period_number(h) or 0) > 12 and h not in stored]
    if beyond:
        shown = ", ".join(f'"{h}"' for h in beyond[:3])
        more = f" and {len(beyond) - 3} more" if len(beyond) > 3 else ""
        out.append(
            f"Not stored: {shown}{more} "
            f"({'a fiscal period' if len(beyond) == 1 else 'fiscal periods'} beyond 12). "
            "The year has more periods than months, so no month holds that money: a "
            "year-end adjustment period, or a year of 13 four-week periods (4-4-5 and the "
            "like), whose other periods are not calendar months either. The other period "
            "columns are stored on month ends, and a row total beside them differs by the "
            "periods left out. Set each period column's end (and role) "
            "before storing to keep them."
        )
    return out


def _first_small(raws: Iterator[RawBatch], first: int) -> Iterator[RawBatch]:
    """The first text batch cut in two, ``first`` rows then the rest; the others as read."""
    for index, raw in enumerate(raws):
        if index or raw.native is not None or raw.frame.height <= first:
            yield raw
            continue
        yield RawBatch(frame=raw.frame.slice(0, first), first_row=raw.first_row)
        yield RawBatch(frame=raw.frame.slice(first), first_row=raw.first_row + first)


class FileParser:
    """Iterate ``ParsedBatch`` objects for a file; ``report`` is complete at the end."""

    def __init__(
        self,
        path: Path,
        *,
        sheet: str | None = None,
        settings: ImportSettings | None = None,
        mapping: dict[str, str] | None = None,
        default_currency: str | None = None,
        batch_size: int = 50_000,
        max_errors: int = 1000,
        progress: Callable[[ParseProgress], None] | None = None,
        limits: ZipLimits | None = None,
        scope: CompanyScope | None = None,
        reporting_currency: str | None = None,
        text_format: TextFormat | None = None,
        fiscal_year_start: int | None = None,
        speculate: bool = False,
    ) -> None:
        self.path = Path(path)
        self.text_format = text_format
        self.speculate = speculate
        self.scope = scope or CompanyScope()
        self._removed_controls = 0
        self.settings = settings
        self.sheet = sheet if sheet is not None else (settings.sheet if settings else None)
        self.mapping = mapping
        self.default_currency = _check_default_currency(default_currency)
        # The organisation's reporting currency: what a file stating no currency is stored in.
        self.reporting_currency = _check_default_currency(reporting_currency)
        # The admin's fiscal year start: dates fiscal period columns when the settings do not.
        self.fiscal_year_start = fiscal_year_start
        self.batch_size = batch_size
        self.progress = progress
        self.limits = limits
        self.report = ParseReport(max_errors=max_errors)
        self._iterator: Iterator[ParsedBatch] | None = None
        # Running totals per (account, category): the file's sign convention is read off them.
        self._sums: dict[tuple[str, str | None], int] = {}
        # Each money column's number format, by header (for the one number-format note).
        self._formats_found: dict[str, NumberFormat] = {}
        # Every sheet read (sheet "*"): each one's sums by (account, date), to find a summary
        # sheet restating the others.
        self._by_sheet: dict[str, dict[tuple[str, dt.date], int]] = {}

    def __iter__(self) -> Iterator[ParsedBatch]:
        return self

    def __next__(self) -> ParsedBatch:
        if self._iterator is None:
            self._iterator = self.batches()
        return next(self._iterator)

    def batches(self) -> Iterator[ParsedBatch]:
        """Parse the file; raises IngestError for whole-file problems."""
        kind, sources = open_sources(
            self.path, sheet=self.sheet, limits=self.limits, text_format=self.text_format
        )
        self.report.file_kind = str(kind)
        try:
            if self.sheet == "*" and len(sources) > 1:
                sources_read = [
                    s
                    for s in sources
                    if any(any(c not in (None, "") for c in row) for row in s.head())
                ]
                empty = [s.name or "" for s in sources if s not in sources_read]
                if empty and sources_read:  # a chart sheet, an empty cover: nothing to read
                    shown = ", ".join(f'"{n}"' for n in empty)
                    self.report.warnings.append(
                        f"Sheet(s) {shown} hold no cells (a chart or an empty sheet): skipped."
                    )
                    sources = sources_read
            tables = [self._prepare(s) for s in sources]
            guess = self._guess(tables)
            order = self._prescan(tables) if guess is None else guess.order
            for table in tables:
                yield from self._parse_table(table, order, guess)
            self.report.warnings.extend(restated_sheets(self._by_sheet))
        finally:
            for source in sources:
                if (text := text_file(source)) is not None:
                    text.close()
            self._finish()

    def _prepare(self, source: Source) -> _Table:
        """Settings for the table (given, or suggested and completed), then its plan."""
        given = self.settings
        forced = None
        head = source.head()
        if (given is None or not given.columns) and self.mapping:
            _, _, header = locate_header(head)
            forced = forced_roles(unique_headers(header), self.mapping)
        settings, offered, index, headers = suggest_table(
            source, settings=given, forced=forced, head=head, fiscal_default=self.fiscal_year_start
        )
        if given is not None and self.sheet == "*" and self.report.sheet_settings:
            self._own_dates(source, offered, given, settings)
        if self.default_currency and settings.constants.currency is None:
            settings.constants.currency = self.default_currency
        settings = with_fiscal_start(settings, self.fiscal_year_start)
        plan = build_plan(headers, settings)
        check_plan(plan, sheet=source.name)
        multiplier = settings.constants.unit_multiplier or 1
        if multiplier != 1 and (warning := scale_warning(multiplier)) not in self.report.warnings:
            self.report.warnings.append(warning)  # never applied without saying so
        if multiplier != 1 and plan.quantities:
            kept = numbers_as_written(multiplier, [headers[p] for p in plan.quantities])
            if kept not in self.report.warnings:
                self.report.warnings.append(kept)  # shown beside scaled money, unscaled
        if (names := _made_up_names(source)) is not None:
            self.report.warnings.append(headerless_warning(names))
        if not self.report.sheet_settings:  # every sheet read: the first one's, as suggested
            self.report.settings = settings
        self.report.sheet_settings[source.name or ""] = settings
        width = len(headers)
        balances = (offered.opening_balance, offered.closing_balance)
        return _Table(source, index, width, plan, balances)

    def _own_dates(
        self, source: Source, offered: Offered, given: ImportSettings, settings: ImportSettings
    ) -> None:
        """Every sheet read with the settings of the first: a later sheet whose own title
        states another date or year ("Profit and loss - Feb 2026" after "- Jan 2026") is
        dated by it, and that is said; the given constant would date every month's money on
        the first sheet's day. ``offered``: what the sheet's titles offer (its one suggestion);
        ``settings``: that suggestion, whose constants are the given ones, dated here."""
        own = {
            name: value
            for name in ("date", "year")
            if (value := getattr(offered, name)) is not None
            and getattr(given.constants, name) not in (None, value)
        }
        if not own:
            return
        stated = ", ".join(str(v) for v in own.values())
        first = ", ".join(str(getattr(given.constants, n)) for n in own)
        self.report.warnings.append(
            f'Sheet "{source.name}" is dated {stated} by its own title, not {first} as the '
            "first sheet read."
        )
        for name, value in own.items():
            setattr(settings.constants, name, value)

    def _scenario_warning(self, settings: ImportSettings) -> None:
        """A whole file of budget or forecast figures is said aloud, never stored silently."""
        chosen = settings.constants.scenario
        if chosen is None or chosen is Scenario.actual:
            return
        word = SCENARIO_WORDS[Scenario(chosen)]
        warning = (
            f"Stored as {word} figures: the dashboard shows them only when asked for scenario "
            f"{word}, never added to the actuals. Set the scenario to Actual if these are actuals."
        )
        if warning not in self.report.warnings:
            self.report.warnings.append(warning)

    def _decide_scenario(self, tables: list[_Table], found: dict[int, set[str]]) -> None:
        """One scenario for the whole upload (every sheet of it): a dataset holds one."""
        chosen: set[Scenario] = set()
        for index, table in enumerate(tables):
            settings = table.plan.settings
            if index in found:
                settings.constants.scenario = scenarios.choose(
                    settings, found[index], sheet=table.source.name
                )
            settings.constants.scenario = settings.constants.scenario or Scenario.actual
            self._scenario_warning(settings)
            chosen.add(Scenario(settings.constants.scenario))
        if len(chosen) > 1:
            shown = " and ".join(SCENARIO_WORDS[s] for s in sorted(chosen))
            raise MappingError(
                f"The sheets hold different scenarios ({shown}): upload them one at a time, "
                "so that budgets are never added to actuals."
            )

    def _prescan(self, tables: list[_Table], *, limit: int | None = None) -> DateOrder:
        """One pass over the date and number columns: date order, number formats per column
        (with ``limit``, over that many rows of each table only: a guess, see ``_confirm``)."""
        return self._decide(tables, [self._gather(table, limit=limit) for table in tables])

    def _gather(self, table: _Table, *, limit: int | None = None) -> _Evidence:
        """The prescan's evidence of one table, read from the file (``limit``: first rows)."""
        found = _Evidence(table)
        if not found.positions:
            return found
        size = self.batch_size * 4 if limit is None else min(self.batch_size * 4, limit)
        rows = 0
        for raw in table.source.batches(
            header_index=table.header_index,
            width=table.width,
            batch_size=size,
            positions=found.positions,
        ):
            found.add(raw.frame)
            rows += raw.frame.height
            if limit is not None and rows >= limit:
                break
        return found

    def _decide(self, tables: list[_Table], gathered: list[_Evidence]) -> DateOrder:
        """Decide (and say) currency, scenario, date order and number formats from the
        evidence, writing them into the tables' plans and the report."""
        scan = DateOrderScan()
        delimiter = None
        spellings: dict[int, set[str]] = {}
        for index, (table, found) in enumerate(zip(tables, gathered, strict=True)):
            plan = table.plan
            if found.scenario is not None:
                spellings[index] = found.spellings
            if (text := text_file(table.source)) is not None:
                delimiter = text.format.delimiter
            if not found.positions:
                continue
            scan.first_max = max(scan.first_max, found.scan.first_max)
            scan.second_max = max(scan.second_max, found.scan.second_max)
            scan.ambiguous += found.scan.ambiguous
            self._decide_currency(plan, found.shown, found.bare, read=bool(found.symbols))
            if found.unstated_rows:
                self._column_currency(plan, found.column_codes)
            self._decide_tracking(plan, found)
        self._decide_scenario(tables, spellings)
        chosen = next(
            (t.plan.settings.date_order for t in tables if t.plan.settings.date_order), None
        )
        order = self._decide_order(scan, chosen)
        # Formats last: a month-first date column is evidence on "12,500" too.
        month_first = order is DateOrder.MONTH_FIRST and scan.second_max > 12
        for table, found in zip(tables, gathered, strict=True):
            self._decide_formats(table.plan, found.evidence, delimiter, month_first=month_first)
        self.report.number_format_note = thousands_note(self._formats_found)
        return order

    def _decide_tracking(self, plan: TablePlan, found: _Evidence) -> None:
        """Tracking options stored under the name their name column holds (one per file)."""
        named, warnings = tracking.decide(plan.headers, found.pairs, found.tracked)
        plan.tracking = {option: (found.pairs[option], name) for option, name in named.items()}
        self.report.warnings.extend(w for w in warnings if w not in self.report.warnings)

    def _guess(self, tables: list[_Table]) -> _Guess | None:
        """Decide from the first rows only (one CSV table, when asked: ``speculate``), so the
        first batch is read without a pass over the whole file; ``_confirm`` checks the guess
        against the whole file at the end. None: the whole file is prescanned first."""
        if not self.speculate or len(tables) != 1 or text_file(tables[0].source) is None:
            return None
        table = tables[0]
        before = copy.deepcopy((table.plan, self.report, self._formats_found))
        start = len(self.report.warnings)
        order = self._decide(tables, [self._gather(table, limit=SPECULATE_ROWS)])
        return _Guess(table, order, before, start, len(self.report.warnings), _Evidence(table))

    def _confirm(self, guess: _Guess) -> None:
        """The decisions the whole file gives, made on a copy of the state before the guess:
        the same outcome keeps every row read and puts the whole file's report in place of
        the guess's (its warnings, counts, notes); any other raises ``GuessRefutedError``."""
        plan, report, formats_found = copy.deepcopy(guess.before)
        table = _Table(
            guess.table.source,
            guess.table.header_index,
            guess.table.width,
            plan,
            guess.table.balances,
        )
        kept = self.report, self._formats_found
        self.report, self._formats_found = report, formats_found
        try:
            order = self._decide([table], [guess.whole])
        finally:
            self.report, self._formats_found = kept
        if _outcome(order, plan, report) != _outcome(guess.order, guess.table.plan, self.report):
            raise GuessRefutedError(
                "The first rows suggested other date or number formats than the whole file."
            )
        guess.table.plan.formats.update(plan.formats)
        self.report.warnings[guess.start : guess.end] = report.warnings[guess.start :]
        self.report.number_formats = report.number_formats
        self.report.number_format_note = report.number_format_note
        self._formats_found = formats_found

    def _decide_formats(
        self,
        plan: TablePlan,
        evidence: dict[int, ColumnEvidence],
        delimiter: str | None,
        *,
        month_first: bool = False,
    ) -> None:
        decided = [
            "comma" if e.comma > e.point else "point"
            for e in evidence.values()
            if e.comma or e.point
        ]
        hint = file_hint(decided, delimiter)
        english = any(key(h) in ENGLISH_HEADERS for h in plan.headers)
        file = FileEvidence(tuple(decided), delimiter, month_first, english)
        for value in plan.values:
            if value.fixed_format is not None:
                plan.formats[value.position] = fixed = NumberFormat(value.fixed_format)
                self.report.number_formats[value.header] = fixed.label
        for position, found in evidence.items():
            header = plan.headers[position]
            fmt = decide_format(header, found, hint=hint, file=file)
            plan.formats[position] = fmt
            self.report.number_formats[header] = fmt.label
            if position not in plan.quantities:
                self._formats_found[header] = fmt
            if fmt.warning and position not in plan.quantities:
                self.report.warnings.append(fmt.warning)
        for column in plan.settings.columns:
            for value in plan.values:
                if value.header == column.header and column.decimal_separator is None:
                    column.decimal_separator = plan.format_of(value.position).decimal

    def _decide_currency(self, plan: TablePlan, shown: set[str], bare: int, *, read: bool) -> None:
        """Cells with no currency sign take the one currency the others show, said aloud; a
        table stating no currency at all (no column, constant, title or sign: ``read`` and
        nothing ``shown``) takes the reporting currency, said aloud, or is stored without one
        (``report.currency_unstated``; the preview asks for it first: ``currency_stated``)."""
        if read and not shown:
            self.report.currency_unstated = True
            plan.file_currency = self.reporting_currency
            warning = unstated_warning(self.reporting_currency or "")
            if self.reporting_currency and warning not in self.report.warnings:
                self.report.warnings.append(warning)
            return
        if len(shown) != 1:
            return
        plan.file_currency = next(iter(shown))  # debit/credit cells keep no sign of their own
        if not bare:
            return
        self.report.warnings.append(
            f"Amounts with no currency sign are read as {plan.file_currency}, the one "
            "currency the file's amounts show; set a currency if that is wrong."
        )

    def _column_currency(self, plan: TablePlan, codes: set[str]) -> None:
        """A currency column filled on some rows only (a settlement report states it once,
        on its summary line), all in one currency: the rows left empty are in that currency,
        said aloud. Several currencies, or a code that is none: nothing is assumed."""
        if len(codes) != 1 or plan.file_currency is not None:
            return
        if plan.settings.constants.currency is not None:
            return
        code = next(iter(codes))
        if code not in ISO_4217:
            return
        plan.file_currency = code
        header = plan.headers[plan.position(ColumnRole.currency) or 0]
        self.report.warnings.append(
            f'Rows with an empty "{header}" are read as {code}, the one currency the column '
            "states; set a currency if that is wrong."
        )

    def _decide_order(self, scan: DateOrderScan, chosen: DateOrderChoice | None) -> DateOrder:
        """The file's date order: the one the settings choose (``date_order``), else read off
        the dates (a part above 12 decides; day first when none does, said)."""
        if chosen is not None:
            order = (
                DateOrder.MONTH_FIRST
                if chosen is DateOrderChoice.month_first
                else DateOrder.DAY_FIRST
            )
            self.report.date_order = str(order)
            against = scan.first_max if order is DateOrder.MONTH_FIRST else scan.second_max
            if against > 12:
                self.report.warnings.append(
                    f"dates are read {order} as the settings choose (date_order), but some "
                    f"have {against} where the month should be: those rows are errors; "
                    "choose the other date order if the file writes its dates the other way"
                )
            return order
        order, ambiguous = decide_date_order(scan.first_max, scan.second_max)
        self.report.date_order = str(order)
        if order is DateOrder.CONFLICT:
            self.report.warnings.append(
                "dates mix day-first (e.g. 31/12/2024) and month-first "
                "(e.g. 12/31/2024) forms; numeric dates like 01/02/2024 were rejected"
            )
        elif ambiguous and scan.ambiguous:
            self.report.warnings.append(
                f"dates read as day-first; {scan.ambiguous} dates were ambiguous (no day in "
                "the file is above 12, so 03/04/2025 may be 3 April or March 4): if the file "
                "writes the month first (a Canadian or American download), set the date order "
                "to month first (date_order: month_first)"
            )
        return order

    def _parse_table(
        self, table: _Table, order: DateOrder, guess: _Guess | None = None
    ) -> Iterator[ParsedBatch]:
        """Stream one CSV or sheet through ``build_batch`` (checking a ``guess`` at the end)."""
        name = table.source.name
        plan = table.plan
        percents: frozenset[int] = frozenset()
        if name is not None:
            self.report.sheets.append(name)
            source = table.source
            while isinstance(source, OutlineSource | HeaderlessSheet):
                source = source.inner
            if isinstance(source, FastSheetSource):
                found = source.cells
                self.report.warnings.extend(sheet_warnings(self.path, name, found))
                percents = percent_rows(self.path, name)
        self.report.column_mapping[name or ""] = plan.mapping()
        self.report.wide = self.report.wide or plan.wide
        self.report.warnings.extend(fiscal_period_warnings(plan))
        self.report.warnings.extend(unstored_movements(plan))
        members = [plan.member_dimension] if plan.member_dimension else []
        if members and not (plan.settings.constants.dimension or "").strip():
            shown = ", ".join(f'"{s.label}"' for s in plan.slots[:3] if s.member)
            self.report.warnings.append(
                f"The columns {shown}{', …' if len(plan.slots) > 3 else ''} are stored as "
                f'members of the dimension "{members[0]}" (no title says "by Class", "by '
                'Department"…); name the dimension in the settings to filter by its own name'
            )
        for dimension in [plan.headers[p] for p in plan.dimensions] + members:
            if dimension not in self.report.dimensions:
                self.report.dimensions.append(dimension)
        context = BatchContext(
            plan=plan,
            date_order=order,
            sheet=name,
            tag_sheet=self.sheet == "*" and text_file(table.source) is None,
            scope=self.scope,
            percent_rows=percents,
        )
        self._context = context
        measures = {
            s.amount: s.account
            for s in plan.slots
            if s.account and s.amount is not None and s.date is None
        }
        context.identities.start(measures, plan.settings.account_kinds)
        context.row_totals.start(plan)
        watched = [v.position for v in plan.values if v.role is ColumnRole.measure]
        if len(watched) >= 2 and plan.quantities:  # a restating column is a number
            context.restating_watch = sorted([*watched, *plan.quantities])
        before = dict(self._sums)  # this table's own totals: the difference at its end
        raws = table.source.batches(
            header_index=table.header_index,
            width=table.width,
            batch_size=self.batch_size,
            positions=list(range(table.width)),
        )
        for raw in _first_small(raws, FIRST_BATCH):
            if guess is not None:
                guess.whole.add(raw.frame)
            batch = build_batch(raw, context)
            self.report.add_batch(batch)
            self._add_sums(batch)
            if self.sheet == "*" and name is not None and not batch.frame.is_empty():
                sums = self._by_sheet.setdefault(name, {})
                grouped = batch.frame.group_by("account", "date").agg(pl.col("amount_minor").sum())
                for account, day, units in grouped.iter_rows():
                    sums[account, day] = sums.get((account, day), 0) + int(units or 0)
            if self.progress is not None:
                self.progress(
                    ParseProgress(
                        sheet=name,
                        rows_read=self.report.rows_read,
                        records=self.report.records,
                        error_count=self.report.error_count,
                    )
                )
            yield batch
        if guess is not None:
            self._confirm(guess)
        self._removed_controls += context.removed_controls
        for scenario, n in context.other_scenarios.items():
            self.report.other_scenarios[scenario] = self.report.other_scenarios.get(scenario, 0) + n
        for scenario, n in context.other_figures.items():  # counted as the API's other_scenarios
            self.report.other_scenarios[scenario] = self.report.other_scenarios.get(scenario, 0) + n
            self.report.other_figures[scenario] = self.report.other_figures.get(scenario, 0) + n
        self.report.totals_rows.extend(context.totals.found)
        by_reason: dict[str, list[str]] = {}
        restated = not_added(context.identities.found()) | context.identities.found_runs()
        for name, reason in restated.items():
            if name not in plan.settings.account_kinds:
                plan.settings.account_kinds[name] = "subtotal"
                by_reason.setdefault(reason, []).append(f'"{name}"')
        reason = "group rows, each the sum of the rows under it (an outline or a compact pivot)"
        for name in dict.fromkeys(context.totals.groups):
            if name not in plan.settings.account_kinds:
                plan.settings.account_kinds[name] = "subtotal"
                by_reason.setdefault(reason, []).append(f'"{name}"')
        for reason, names in by_reason.items():
            shown = " and ".join(names)
            verb = "is" if len(names) == 1 else "are"
            self.report.warnings.append(
                f"{reason}: {shown} {verb} shown but not added into totals (change the kind "
                "if that is wrong)."
            )
        self.report.warnings.extend(context.totals.warnings)
        self.report.warnings.extend(context.row_totals.warnings())
        self.report.warnings.extend(context.restating.warnings(plan.headers))
        for (header, value), rows in sorted(context.unsettled.items()):
            self.report.warnings.append(
                f'{rows} row{"s are" if rows > 1 else " is"} marked "{value}" in {header}: '
                "stored like the others; if that money did not move, filter them out by "
                f"{header} or remove them from the file."
            )
        self.report.warnings.extend(never_moved_warnings(context.never_moved))
        renamed = [s for s in plan.slots if s.account not in (None, s.label)]
        pivot = [f'"{s.label}" as "{s.account}"' for s in renamed if summed_field(s.label)]
        scaled = [f'"{s.label}" as "{s.account}"' for s in renamed if not summed_field(s.label)]
        if pivot:
            self.report.warnings.append(
                "Pivot value fields stored under the field they sum: " + ", ".join(pivot) + "."
            )
        if scaled:
            self.report.warnings.append(
                "Columns stored under their names without the scale they state: "
                + ", ".join(scaled)
                + "."
            )
        if in_out := in_out_columns(plan):
            self.report.warnings.append(in_out_warning(in_out))
        stored = sum(self._sums.values())
        for row, header, units in context.stated:
            if units != stored:
                self.report.warnings.append(
                    f'Row {row}: "{header}" states {format_money(units)}, but the '
                    f"lines stored add up to {format_money(stored)}."
                )
        for position, rows in sorted(context.sided.items()):
            header = plan.headers[position]
            side = "debits" if any(s.debit == position for s in plan.slots) else "credits"
            self.report.warnings.append(
                f'"{header}" shows its {rows} amounts with a minus sign and the other side '
                f"none: the minus marks the side the column states, so they are read as "
                f"{side} of the size printed."
            )
        if context.by_direction:
            self.report.warnings.append(
                direction_warning(self._sums, plan, turned=context.debits_turned)
            )
        own: dict[str, int] = {}
        for (account, category), units in self._sums.items():
            own[account] = own.get(account, 0) + units - before.get((account, category), 0)
        said = line_disagreements(table.balances, context.balance_lines)
        self.report.warnings.extend(said)  # a balance line saying another than the title
        stated = line_balances(table.balances, context.balance_lines)
        if note := balance_note(*stated, own):
            self.report.warnings.append(note)  # lines missing between the stated balances
        self.report.add_notes(context.notes)

    def _add_sums(self, batch: ParsedBatch) -> None:
        if batch.frame.is_empty():
            return
        grouped = batch.frame.group_by("account", "category").agg(pl.col("amount_minor").sum())
        for account, category, units in grouped.iter_rows():
            key = (str(account), category)
            self._sums[key] = self._sums.get(key, 0) + int(units or 0)

    def _finish(self) -> None:
        """Settle the sign convention: read off the file's totals unless the settings say it.

        A sign the settings give is kept, with a warning when the totals show another one;
        otherwise the totals decide (costs summing negative: `expenses_negative`; revenue
        negative with costs not: `debit_positive`), so a P&L with costs in brackets is never
        read as costs positive.
        """
        if self._removed_controls:
            self.report.warnings.append(
                f"control characters were removed from {self._removed_controls} text cells"
            )
        self.report.warnings.extend(
            scenarios.not_stored(self.report.other_scenarios, self.report.other_figures)
        )
        settings = self.report.settings
        if settings is None or not self._sums:
            return
        read = suggest_sign(self._sums, chosen=settings.account_kinds, unknown=None)
        found = SignConvention(read or SignConvention.natural)
        if settings.sign is None:
            for chosen in {
                id(s): s for s in (settings, *self.report.sheet_settings.values())
            }.values():
                chosen.sign = found
        elif read is not None and found is not SignConvention(settings.sign):
            self.report.warnings.append(
                f"The amounts look like {SIGN_WORDS[found]}, but the settings say "
                f"{SIGN_WORDS[SignConvention(settings.sign)]}: revenue, costs and profit "
                "would be shown with the wrong sign. Check the sign setting."
            )


def restated_sheets(by_sheet: dict[str, dict[tuple[str, dt.date], int]]) -> list[str]:
    """A sheet whose every amount, by account and date, is the sum of the other sheets' (a
    management pack's "Summary" over its department sheets): reading every sheet stores that
    money twice, so the preview says so (the person reads one sheet, or leaves it out)."""
    warnings = []
    for name, sums in by_sheet.items():
        others = [n for n in by_sheet if n != name]
        if len(others) < 1 or not any(sums.values()):
            continue
        added: dict[tuple[str, dt.date], int] = {}
        for other in others:
            for found, units in by_sheet[other].items():
                added[found] = added.get(found, 0) + units
        if {k: v for k, v in added.items() if v} == {k: v for k, v in sums.items() if v}:
            shown = " and ".join(f'"{n}"' for n in others)
            warnings.append(
                f'Sheet "{name}" restates the sheets {shown}: each of its amounts is their sum, '
                "by account and date, so reading every sheet counts that money twice. Read the "
                f'sheet "{name}" alone, or every sheet but it.'
            )
            if len(others) == 1:
                break  # two sheets of the same figures: one warning says it
    return warnings


def _symbol_positions(plan: TablePlan) -> list[int]:
    """Value columns to read currency signs from: only when nothing else names a currency."""
    if plan.position(ColumnRole.currency) is not None or plan.settings.constants.currency:
        return []
    if plan.slots and all(s.currency for s in plan.slots):
        return []  # every money column's header names its currency ("CAD$", "USD$")
    return [v.position for v in plan.values]


def unstated_warning(currency: str) -> str:
    """What the preview says when a file stating no currency is stored in the reporting one."""
    return (
        f"The file states no currency: stored as {currency}, the reporting currency. Set the "
        "currency if that is wrong."
    )


def currency_stated(
    path: Path, settings: ImportSettings, *, limits: ZipLimits | None = None
) -> bool:
    """False when a table of the file (its sheet in ``settings``, or each sheet) states no
    currency anywhere: no currency column, no constant (a title's "Amounts in USD" or a
    header's "(EUR)" fills it), and no symbol or code in any money cell. The parser decides
    the same (``FileParser._decide_currency``); this reads only the money columns, so the
    preview can ask for the currency together with the other constants."""
    _, sources = open_sources(Path(path), sheet=settings.sheet, limits=limits)
    try:
        for source in sources:
            found, _, index, headers = suggest_table(source, settings=settings)
            plan = build_plan(headers, found)
            positions = _symbol_positions(plan)
            if positions and not _shows_currency(source, index, len(headers), positions):
                return False
        return True
    finally:
        for source in sources:
            if (text := text_file(source)) is not None:
                text.close()


def _made_up_names(source: Source) -> list[str] | None:
    """The column names Elara gave a table with no header row (a CSV or a sheet), else None."""
    while isinstance(source, OutlineSource):
        source = source.inner
    text = text_file(source)
    if text is not None:
        return text.headerless
    return source.headerless if isinstance(source, HeaderlessSheet) else None


def _shows_currency(source: Source, index: int, width: int, positions: list[int]) -> bool:
    """True once a money cell shows a currency symbol or code."""
    for raw in source.batches(
        header_index=index, width=width, batch_size=200_000, positions=positions
    ):
        if any(currencies_shown(raw.frame[f"c{p}"])[0] for p in positions):
            return True
    return False


def _check_default_currency(code: str | None) -> str | None:
    if code is None:
        return None
    try:
        return parse_currency(code)
    except ValueProblem as exc:
        raise MappingError(f'Default currency "{code}" is not a currency code') from exc


def parse_file(
    path: Path,
    *,
    sheet: str | None = None,
    settings: ImportSettings | None = None,
    mapping: dict[str, str] | None = None,
    default_currency: str | None = None,
    batch_size: int = 50_000,
    max_errors: int = 1000,
    progress: Callable[[ParseProgress], None] | None = None,
    limits: ZipLimits | None = None,
    scope: CompanyScope | None = None,
    reporting_currency: str | None = None,
    text_format: TextFormat | None = None,
    fiscal_year_start: int | None = None,
    speculate: bool = False,
) -> FileParser:
    """Parse ``path`` lazily: iterate the result for batches, then read ``.report``.

    ``settings`` say how the file is read; without them they are suggested from the file
    (the older ``mapping`` and ``default_currency`` are folded into that suggestion).
    ``scope`` says whose upload it is: companies outside it become row errors.
    ``reporting_currency`` is what a file stating no currency is stored in (said aloud).
    ``fiscal_year_start`` is the admin's (1-12): it dates fiscal period columns ("FY25 P01")
    when the settings name no start of their own.
    ``text_format``: the encoding and delimiter an earlier look at this same file sniffed
    under the same limits (see ``open_tables``), so that it is not sniffed again.
    ``speculate``: a CSV's date order, number formats and currency are decided from its first
    ``SPECULATE_ROWS`` rows, so its first batch comes without a pass over the whole file; the
    whole file checks them at the end and raises ``GuessRefutedError`` if it decides
    otherwise (the caller drops what it read and parses again without guessing).
    """
    return FileParser(
        path,
        sheet=sheet,
        settings=settings,
        mapping=mapping,
        default_currency=default_currency,
        batch_size=batch_size,
        max_errors=max_errors,
        progress=progress,
        limits=limits,
        scope=scope,
        reporting_currency=reporting_currency,
        text_format=text_format,
        fiscal_year_start=fiscal_year_start,
        speculate=speculate,
    )


__all__ = ["FileParser", "GuessRefutedError", "IngestError", "parse_file"]
