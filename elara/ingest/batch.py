"""Turn one raw batch of text columns into records as the table's plan says: value cells
parsed once per column, rows classified (blank, heading, totals), then one record per
value cell that holds a number, every database constraint checked before anything is kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from elara.ingest.headers import cell_text
from elara.ingest.model import RECORD_FIELDS, AttrValue, ParsedBatch, RowError, SkippedRow
from elara.ingest.numbers import ParsedUnits, parse_quantities, parse_units
from elara.ingest.periods import MAX_YEAR, MIN_YEAR, read_period, resolve
from elara.ingest.plan import Slot, TablePlan
from elara.ingest.readers import RawBatch
from elara.ingest.settings import ColumnRole
from elara.ingest.totals import TotalsTracker, bare_total, list_total
from elara.ingest.values import DateOrder
from elara.ingest.vector import parse_currencies, parse_dates, text_problems
from elara.ingest.vocabulary import NON_MONEY_LINE

TEXT_LIMITS = {ColumnRole.company: 64, ColumnRole.account: 128, ColumnRole.category: 64}
DESCRIPTION_LIMIT = 1000
OUTPUT_COLUMNS = (*RECORD_FIELDS, "row")
MIN_DATE, MAX_DATE = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)


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


@dataclass
class _Rows:
    """Row-level problems: index in the batch frame -> list of errors."""

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


def _text(frame: pl.DataFrame, position: int | None) -> pl.Series | None:
    return None if position is None else frame[f"c{position}"]


def _parse_values(frame: pl.DataFrame, ctx: BatchContext) -> dict[int, ParsedUnits]:
    """Every money column parsed once, with its decided number format."""
    plan = ctx.plan
    return {
        v.position: parse_units(frame[f"c{v.position}"], plan.format_of(v.position))
        for v in plan.values
    }


def _blank(frame: pl.DataFrame) -> pl.Series:
    return frame.select(
        pl.all_horizontal(
            pl.col(c).str.strip_chars().fill_null("") == ""
            for c in frame.columns
            if c.startswith("c")
        )
    ).to_series()


def _filled(frame: pl.DataFrame) -> pl.Series:
    """Number of non-empty cells per row."""
    return frame.select(
        pl.sum_horizontal(
            (pl.col(c).str.strip_chars().fill_null("") != "").cast(pl.Int32)
            for c in frame.columns
            if c.startswith("c")
        )
    ).to_series()


def _classify(
    frame: pl.DataFrame, values: dict[int, ParsedUnits], ctx: BatchContext
) -> tuple[pl.Series, list[SkippedRow]]:
    """Keep mask; blank, heading/note and totals rows are skipped and listed."""
    plan = ctx.plan
    rows = frame["row"]
    blank = _blank(frame)
    filled = _filled(frame)
    value_cols = [f"c{v.position}" for v in plan.values]
    any_value = (
        frame.select(
            pl.any_horizontal(pl.col(c).str.strip_chars().fill_null("") != "" for c in value_cols)
        ).to_series()
        if value_cols
        else pl.Series([False] * frame.height)
    )
    long_table = any(s.blank_is_error for s in plan.slots)
    heading = ~blank & ~any_value & ((filled <= 1) | (not long_table))
    not_money = _not_money(frame, ctx) & ~blank & ~heading
    heading = heading | not_money
    totals = _totals(frame, values, ctx, ~blank & ~heading & any_value)
    skipped = [SkippedRow(r, "blank row", ctx.sheet) for r in rows.filter(blank)]
    skipped += [
        SkippedRow(r, "heading or note row", ctx.sheet) for r in rows.filter(heading & ~not_money)
    ]
    skipped += [
        SkippedRow(r, "not an amount (per share, shares, ratio)", ctx.sheet)
        for r in rows.filter(not_money)
    ]
    for index, reason in totals.items():
        skipped.append(SkippedRow(rows[index], reason, ctx.sheet))
    total_mask = pl.Series([i in totals for i in range(frame.height)])
    return ~(blank | heading | total_mask), skipped


def _carry_group_accounts(frame: pl.DataFrame, ctx: BatchContext) -> pl.DataFrame:
    """Lines with no account of their own take the group heading above them ("Checking")."""
    position = ctx.plan.position(ColumnRole.account)
    if position is None:
        return frame
    name = f"c{position}"
    own = frame[name].str.strip_chars()
    heading = (_filled(frame) == 1) & (own.fill_null("") != "")
    carried = pl.select(pl.when(heading).then(own).otherwise(None)).to_series()
    if ctx.group_account is not None:
        carried = pl.concat([pl.Series([ctx.group_account]), carried]).forward_fill().slice(1)
    else:
        carried = carried.forward_fill()
    if not carried.is_empty() and carried[-1] is not None:
        ctx.group_account = carried[-1]
    filled = pl.select(
        pl.when(own.fill_null("") == "").then(carried).otherwise(frame[name]).alias(name)
    ).to_series()
    return frame.with_columns(filled)


def _not_money(frame: pl.DataFrame, ctx: BatchContext) -> pl.Series:
    """Statement lines that hold no money: earnings per share, share counts, ratios."""
    account = ctx.plan.position(ColumnRole.account)
    if account is None:
        return pl.Series([False] * frame.height)
    return frame[f"c{account}"].str.contains(NON_MONEY_LINE).fill_null(False)


def _totals(
    frame: pl.DataFrame, values: dict[int, ParsedUnits], ctx: BatchContext, candidates: pl.Series
) -> dict[int, str]:
    """Totals rows: labelled 'Total', or unlabelled and equal to the sum above."""
    plan = ctx.plan
    labels = [f"c{p}" for p in plan.label_positions]
    account = plan.position(ColumnRole.account)
    if labels:
        checks = [
            bare_total(pl.col(c)) if c == f"c{account}" else list_total(pl.col(c)) for c in labels
        ]
        labelled = frame.select(pl.any_horizontal(checks)).to_series().fill_null(False)
        unlabelled = frame.select(
            pl.all_horizontal(pl.col(c).str.strip_chars().fill_null("") == "" for c in labels)
        ).to_series()
    else:
        labelled = pl.Series([False] * frame.height)
        unlabelled = pl.Series([True] * frame.height)
    units = {p: parsed.units for p, parsed in values.items()}
    return ctx.totals.find(
        frame["row"],
        units,
        labelled & candidates,
        unlabelled & candidates,
        headers={v.position: v.header for v in plan.values},
    )


def _slot_frame(
    index: int, slot: Slot, kept: pl.DataFrame, values: dict[int, ParsedUnits]
) -> pl.DataFrame:
    """One record per kept row for this slot (empty value cells dropped unless an error)."""
    src = kept["src"]
    if slot.amount is not None:
        units = values[slot.amount].units.gather(src)
        raw = kept[f"c{slot.amount}"]
        cur = values[slot.amount].currency
        currency = (
            cur.gather(src) if cur is not None else pl.Series([None] * kept.height, dtype=pl.String)
        )
    else:
        debit = values[slot.debit].units.gather(src) if slot.debit is not None else None
        credit = values[slot.credit].units.gather(src) if slot.credit is not None else None
        parts = [s for s in (debit, -credit if credit is not None else None) if s is not None]
        frame = pl.DataFrame({f"p{i}": s for i, s in enumerate(parts)})
        units = frame.select(
            pl.when(pl.any_horizontal(pl.all().is_not_null()))
            .then(pl.sum_horizontal(pl.all().fill_null(0)))
            .alias("u")
        ).to_series()
        raw = kept.select(
            pl.concat_str(
                [pl.col(f"c{p}").fill_null("") for p in slot.positions], separator=" "
            ).str.strip_chars()
        ).to_series()
        currency = pl.Series([None] * kept.height, dtype=pl.String)
    out = pl.DataFrame(
        {
            "src": src,
            "row": kept["row"],
            "slot": pl.Series([index] * kept.height, dtype=pl.Int32),
            "units": units.cast(pl.Int64),
            "raw": raw.cast(pl.String),
            "cur_amount": currency.cast(pl.String),
        }
    )
    if not slot.blank_is_error:
        out = out.filter(pl.col("raw").str.strip_chars().fill_null("") != "")
    return out


def _long(kept: pl.DataFrame, ctx: BatchContext, values: dict[int, ParsedUnits]) -> pl.DataFrame:
    parts = [_slot_frame(i, s, kept, values) for i, s in enumerate(ctx.plan.slots)]
    long = pl.concat(parts) if parts else pl.DataFrame()
    return long.sort("src", "slot")


def _row_fields(frame: pl.DataFrame, ctx: BatchContext, problems: _Rows) -> dict[str, pl.Series]:
    """Company, account, category, date, currency and description, once per row."""
    plan, constants = ctx.plan, ctx.plan.settings.constants
    out: dict[str, pl.Series] = {}
    height = frame.height
    for role, limit in TEXT_LIMITS.items():
        texts = _text(frame, plan.position(role))
        name = "company_code" if role is ColumnRole.company else str(role)
        if texts is None:
            constant = constants.company if role is ColumnRole.company else None
            out[name] = pl.Series(name, [constant] * height, dtype=pl.String)
            continue
        required = role is not ColumnRole.category and not (
            role is ColumnRole.account and any(s.account for s in plan.slots)
        )
        values, found = text_problems(texts, max_len=limit, required=required)
        if role is ColumnRole.company and constants.company:
            values = values.fill_null(constants.company)
            found = {i: p for i, p in found.items() if p != "is empty"}
        problems.add_found(plan.headers[plan.single[role]], texts, found)
        out[name] = values.alias(name)
    out["date"] = _dates(frame, ctx, problems)
    out["currency"] = _currencies(frame, ctx, problems)
    out["description"] = _description(frame, ctx, problems)
    return out


def _dates(frame: pl.DataFrame, ctx: BatchContext, problems: _Rows) -> pl.Series:
    plan, constants = ctx.plan, ctx.plan.settings.constants
    position = plan.position(ColumnRole.date)
    if position is not None:
        texts = frame[f"c{position}"]
        parsed = parse_dates(texts, ctx.date_order)
        header = plan.headers[position]
        problems.add_found(header, texts, parsed.problems)
        dates = parsed.values
        if constants.date is not None:
            dates = dates.fill_null(constants.date)
        elif texts is not None:
            empty = (texts.str.strip_chars().fill_null("") == "") & dates.is_null()
            problems.add_found(header, texts, {i: "is empty" for i in empty.arg_true().to_list()})
    elif plan.periods:
        dates = _period_dates(frame, ctx, problems)
    else:
        dates = pl.Series([constants.date] * frame.height, dtype=pl.Date)
    return _date_range(dates, frame, ctx, problems).alias("date")


def _date_range(
    dates: pl.Series, frame: pl.DataFrame, ctx: BatchContext, problems: _Rows
) -> pl.Series:
    outside = ((dates < MIN_DATE) | (dates > MAX_DATE)).fill_null(False)
    for index in outside.arg_true().to_list():
        problems.add(
            index,
            "Date",
            str(dates[index]),
            f"Date {dates[index]} is outside {MIN_YEAR}-{MAX_YEAR}",
        )
    return dates


def _period_dates(frame: pl.DataFrame, ctx: BatchContext, problems: _Rows) -> pl.Series:
    """Period cells (a year, a month, "2024-03", FY2024, Q3) → the period's last day."""
    plan, constants = ctx.plan, ctx.plan.settings.constants
    names = [f"c{p}" for p in plan.periods]
    combos = frame.select(names).unique()
    resolved: dict[tuple, tuple[dt.date | None, str | None]] = {}
    for combo in combos.iter_rows():
        resolved[combo] = _combine_periods(list(combo), plan, constants.year, constants.date)
    keys = frame.select(names).rows()
    dates: list[dt.date | None] = []
    for index, combo in enumerate(keys):
        date, problem = resolved[combo]
        if problem is not None:
            header = plan.headers[plan.periods[0]]
            problems.add(
                index, header, " ".join(c or "" for c in combo).strip(), f"{header} {problem}"
            )
        dates.append(date)
    return pl.Series("date", dates, dtype=pl.Date)


def _combine_periods(
    texts: list[str | None], plan: TablePlan, year: int | None, as_of: dt.date | None
) -> tuple[dt.date | None, str | None]:
    """One date from a row's period cells: a full period, or a year plus a month/quarter."""
    month = quarter = None
    for cell in texts:
        text = (cell or "").strip()
        if not text:
            continue
        period = read_period(text)
        if period is None and text.isdigit() and 1 <= int(text) <= 12:
            month = int(text)  # a month number column
            continue
        if period is None:
            return None, f'"{text}" is not a period'
        if period.end is not None and period.year is None:
            return period.end, None
        if period.year is not None:
            year = period.year
        month, quarter = period.month or month, period.quarter or quarter
    if year is None and as_of is not None:
        year = as_of.year
    from elara.ingest.periods import Period

    if year is None:
        return None, "has no year (give the year)" if month or quarter else "is empty"
    date = resolve(Period(month=month, quarter=quarter), year=year, as_of=as_of)
    return date or dt.date(year, 12, 31), None


def _currencies(frame: pl.DataFrame, ctx: BatchContext, problems: _Rows) -> pl.Series:
    position = ctx.plan.position(ColumnRole.currency)
    if position is None:
        return pl.Series("currency", [None] * frame.height, dtype=pl.String)
    texts = frame[f"c{position}"]
    parsed = parse_currencies(texts)
    problems.add_found(ctx.plan.headers[position], texts, parsed.problems)
    return parsed.values.alias("currency")


def _description(frame: pl.DataFrame, ctx: BatchContext, problems: _Rows) -> pl.Series:
    """Descriptions are kept exactly as written; only blank becomes null."""
    position = ctx.plan.position(ColumnRole.description)
    if position is None:
        return pl.Series("description", [None] * frame.height, dtype=pl.String)
    s = frame[f"c{position}"]
    s = pl.select(pl.when(s.str.strip_chars() == "").then(None).otherwise(s)).to_series()
    too_long = (s.str.len_chars() > DESCRIPTION_LIMIT).fill_null(False)
    found = {
        i: f"is longer than {DESCRIPTION_LIMIT} characters" for i in too_long.arg_true().to_list()
    }
    problems.add_found(ctx.plan.headers[position], frame[f"c{position}"], found)
    return s.alias("description")


def _attributes(
    frame: pl.DataFrame, raw: RawBatch, ctx: BatchContext
) -> list[dict[str, AttrValue]]:
    """Dimensions (text) and quantities (numbers) by header, one dict per batch row."""
    plan = ctx.plan
    columns: list[tuple[str, list[Any]]] = []
    src = frame["src"].to_list()
    for position in plan.dimensions:
        if raw.native is not None:
            cells = raw.native(position)
            values: list[Any] = [cell_text(cells[i]) or None for i in src]
        else:
            s = frame[f"c{position}"].str.strip_chars()
            values = pl.select(pl.when(s == "").then(None).otherwise(s)).to_series().to_list()
        columns.append((plan.headers[position], values))
    for position in plan.quantities:
        if raw.native is not None:
            cells = raw.native(position)
            values = [_native_number(cells[i]) for i in src]
        else:
            values = parse_quantities(frame[f"c{position}"], plan.format_of(position))
        columns.append((plan.headers[position], values))
    names = [n for n, _ in columns]
    attrs = (
        [dict(zip(names, row, strict=True)) for row in zip(*(v for _, v in columns), strict=True)]
        if columns
        else [{} for _ in range(frame.height)]
    )
    if ctx.tag_sheet:
        for attr in attrs:
            attr["sheet"] = ctx.sheet
    return attrs


def _native_number(cell: Any) -> AttrValue:
    if cell is None or cell == "":
        return None
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 2**53:
        return int(cell)
    if isinstance(cell, bool | int | float | str):
        return cell
    return cell_text(cell)


def build_batch(raw: RawBatch, ctx: BatchContext) -> ParsedBatch:
    """Validate one raw batch: good records as a frame, every bad cell as a RowError."""
    frame = raw.frame.with_columns(
        raw.row_numbers(), pl.int_range(0, raw.frame.height).alias("src")
    )
    values = _parse_values(frame, ctx)
    frame = _carry_group_accounts(frame, ctx)
    keep, skipped = _classify(frame, values, ctx)
    kept = frame.filter(keep)
    problems = _Rows(ctx.sheet, kept["row"].to_list())
    fields = _row_fields(kept, ctx, problems)
    local = pl.Series("local", range(kept.height), dtype=pl.Int64)
    kept = kept.with_columns(local)
    long = _long(kept, ctx, values) if kept.height else pl.DataFrame()
    if long.height == 0:
        return _result(pl.DataFrame(), [], problems, skipped, ctx, raw)
    position = {s: i for i, s in enumerate(kept["src"].to_list())}
    local_index = pl.Series([position[s] for s in long["src"].to_list()], dtype=pl.Int64)
    record_errors = _value_errors(long, local_index, values, ctx, problems)
    result = _records(long, local_index, fields, ctx)
    bad_rows = set(problems.errors)
    good = [
        i
        for i, (li, bad) in enumerate(zip(local_index.to_list(), record_errors, strict=True))
        if not bad and li not in bad_rows
    ]
    attrs = _attributes(kept, raw, ctx)
    result = result[good] if len(good) != result.height else result
    record_attrs = [attrs[local_index[i]] for i in good]
    return _result(result, record_attrs, problems, skipped, ctx, raw)


def _value_errors(
    long: pl.DataFrame,
    local_index: pl.Series,
    values: dict[int, ParsedUnits],
    ctx: BatchContext,
    problems: _Rows,
) -> list[bool]:
    """Per record: its value cell is bad (not a number, empty in a long table)."""
    slots = ctx.plan.slots
    bad = []
    units, raw, slot_ids, srcs = (long[c].to_list() for c in ("units", "raw", "slot", "src"))
    for i, (u, text, slot_id, src) in enumerate(zip(units, raw, slot_ids, srcs, strict=True)):
        slot = slots[slot_id]
        message = None
        if u is None:
            message = _value_problem(slot, values, src, text)
        if message is not None:
            problems.add(local_index[i], slot.label, text, message)
            bad.append(True)
            continue
        for p in slot.positions:
            if src in values[p].rounded:
                ctx.notes.append(
                    f'Row {long["row"][i]}: {slot.label} "{text}" has more decimals than '
                    f"are stored; stored as {values[p].rounded[src]}"
                )
        bad.append(False)
    return bad


def _value_problem(slot: Slot, values: dict[int, ParsedUnits], src: int, text: str | None) -> str:
    for p in slot.positions:
        if src in values[p].problems:
            return f'{slot.label} "{text}" {values[p].problems[src]}'
    return f"{slot.label} is empty"


def _records(
    long: pl.DataFrame, local_index: pl.Series, fields: dict[str, pl.Series], ctx: BatchContext
) -> pl.DataFrame:
    """The record frame: row fields gathered per record, slot accounts and dates applied."""
    slots = ctx.plan.slots
    slot_ids = long["slot"]
    accounts = pl.Series([s.account for s in slots], dtype=pl.String)
    dates = pl.Series([s.date for s in slots], dtype=pl.Date)
    account = fields["account"].gather(local_index)
    account = pl.select(pl.coalesce(account, accounts.gather(slot_ids))).to_series()
    date = pl.select(
        pl.coalesce(dates.gather(slot_ids), fields["date"].gather(local_index))
    ).to_series()
    currency = pl.select(
        pl.coalesce(
            fields["currency"].gather(local_index),
            long["cur_amount"],
            pl.lit(ctx.plan.settings.constants.currency, dtype=pl.String),
        )
    ).to_series()
    return pl.DataFrame(
        {
            "company_code": fields["company_code"].gather(local_index),
            "date": date,
            "account": account,
            "category": fields["category"].gather(local_index),
            "amount_minor": long["units"],
            "currency": currency,
            "description": fields["description"].gather(local_index),
            "row": long["row"],
        },
        schema={
            "company_code": pl.String,
            "date": pl.Date,
            "account": pl.String,
            "category": pl.String,
            "amount_minor": pl.Int64,
            "currency": pl.String,
            "description": pl.String,
            "row": pl.Int64,
        },
    ).select(*OUTPUT_COLUMNS)


def _result(
    frame: pl.DataFrame,
    attrs: list[dict[str, AttrValue]],
    problems: _Rows,
    skipped: list[SkippedRow],
    ctx: BatchContext,
    raw: RawBatch,
) -> ParsedBatch:
    if frame.height == 0:
        frame = pl.DataFrame(
            schema={
                "company_code": pl.String,
                "date": pl.Date,
                "account": pl.String,
                "category": pl.String,
                "amount_minor": pl.Int64,
                "currency": pl.String,
                "description": pl.String,
                "row": pl.Int64,
            }
        )
        attrs = []
    errors = sorted((e for es in problems.errors.values() for e in es), key=lambda e: e.row)
    return ParsedBatch(
        frame=frame,
        attributes=attrs,
        errors=errors,
        skipped=sorted(skipped, key=lambda s: s.row),
        sheet=ctx.sheet,
        rows_read=raw.frame.height,
    )
