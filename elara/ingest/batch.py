"""Turn one raw batch of text columns into records as the table's plan says: value cells
parsed once per column, rows classified (blank, heading, totals), then one record per
value cell that holds a number, every database constraint checked before anything is kept."""

from __future__ import annotations

from typing import Any

import polars as pl

from elara.ingest import scenarios
from elara.ingest.context import BatchContext, Problems
from elara.ingest.direction import direction_records
from elara.ingest.fields import TEXT_LIMITS, row_fields
from elara.ingest.headers import cell_text
from elara.ingest.model import RECORD_FIELDS, AttrValue, ParsedBatch, SkippedRow
from elara.ingest.numbers import NOT_AVAILABLE, ParsedUnits, parse_quantities, parse_units
from elara.ingest.plan import Slot
from elara.ingest.profile import DRCR_WORDS
from elara.ingest.readers import RawBatch
from elara.ingest.rows import (
    carry_group_accounts,
    classify,
    date_column_headings,
    filled_cells,
    section_categories,
)
from elara.ingest.scope import check_records
from elara.ingest.settings import ColumnRole
from elara.ingest.vocabulary import STATUS_HEADERS, UNSETTLED, key

OUTPUT_COLUMNS = (*RECORD_FIELDS, "row")
OUTPUT_SCHEMA = {
    "company_code": pl.String,
    "date": pl.Date,
    "account": pl.String,
    "category": pl.String,
    "amount_minor": pl.Int64,
    "currency": pl.String,
    "description": pl.String,
    "row": pl.Int64,
}
__all__ = ["BatchContext", "build_batch"]


def _parse_values(frame: pl.DataFrame, ctx: BatchContext) -> dict[int, ParsedUnits]:
    """Every money column parsed once, with its decided number format."""
    plan = ctx.plan
    multiplier = plan.settings.constants.unit_multiplier or 1
    return {
        v.position: parse_units(
            frame[f"c{v.position}"], plan.format_of(v.position), multiplier=multiplier
        )
        for v in plan.values
    }


def _drcr_signs(kept: pl.DataFrame, position: int | None) -> pl.Series | None:
    """+1 for a debit indicator (Dr, D, Debit), -1 for a credit one, None elsewhere."""
    if position is None:
        return None
    cells = kept[f"c{position}"].str.strip_chars().str.to_lowercase()
    return cells.replace_strict(DRCR_WORDS, default=None, return_dtype=pl.Int64)


def _unsigned_notes(kept: pl.DataFrame, position: int, signs: pl.Series, ctx: BatchContext) -> None:
    """A filled indicator cell that is neither a debit nor a credit ("XX" among SI and PI):
    the row keeps the sign its amount shows, and the report says so, row by row."""
    cells = kept[f"c{position}"].str.strip_chars().fill_null("")
    unknown = kept.filter((cells != "") & signs.is_null())
    header = ctx.plan.headers[position]
    for row, text in unknown.select("row", f"c{position}").iter_rows():
        ctx.notes.append(
            f'Row {row}: {header} "{text.strip()}" is neither a debit nor a credit; '
            "the amount keeps the sign it shows"
        )


def _sided(
    debit: pl.Series, credit: pl.Series, slot: Slot, sides: dict[int, int] | None
) -> tuple[pl.Series, pl.Series]:
    """A debit column printed with a minus on every amount beside a credit column with none
    (a German bank's "Soll" -52,30 beside its "Haben" 60,00): the minus marks the side the
    column already says, so the debits are their size; the other way round for credits. A
    debit column with some amounts negative and others not (a correction among debits)
    keeps every sign as printed. `sides` counts the rows read so, by column position."""

    def only_negative(side: pl.Series, other: pl.Series) -> bool:
        return bool((side < 0).any()) and not (side > 0).any() and not (other < 0).any()

    for position, side, other in ((slot.debit, debit, credit), (slot.credit, credit, debit)):
        if position is not None and only_negative(side, other):
            if sides is not None:
                sides[position] = sides.get(position, 0) + int((side < 0).sum())
            if position == slot.debit:
                return debit.abs(), credit
            return debit, credit.abs()
    return debit, credit


def _slot_frame(
    index: int,
    slot: Slot,
    kept: pl.DataFrame,
    values: dict[int, ParsedUnits],
    signs: pl.Series | None = None,
    sides: dict[int, int] | None = None,
) -> pl.DataFrame:
    """One record per kept row for this slot (empty value cells dropped unless an error).

    ``signs`` (a Dr/Cr indicator column) sign an amount: debits positive, credits negative,
    whatever sign the amount cell shows; a row with no indicator keeps the cell's sign."""
    src = kept["src"]
    if slot.amount is not None:
        units = values[slot.amount].units.gather(src)
        if signs is not None:
            units = pl.select(
                pl.when(signs.is_not_null()).then(units.abs() * signs).otherwise(units)
            ).to_series()
        raw = kept[f"c{slot.amount}"]
        cur = values[slot.amount].currency
        currency = (
            cur.gather(src) if cur is not None else pl.Series([None] * kept.height, dtype=pl.String)
        )
    else:
        debit = values[slot.debit].units.gather(src) if slot.debit is not None else None
        credit = values[slot.credit].units.gather(src) if slot.credit is not None else None
        if debit is not None and credit is not None:
            debit, credit = _sided(debit, credit, slot, sides)
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
            "local": kept["local"],
            "row": kept["row"],
            "slot": pl.Series([index] * kept.height, dtype=pl.Int32),
            "units": units.cast(pl.Int64),
            "raw": raw.cast(pl.String),
            "cur_amount": currency.cast(pl.String),
        }
    )
    if not slot.blank_is_error:  # an empty or "N.A." cell of a wide sheet: no figure
        raw_text = pl.col("raw").str.strip_chars().fill_null("")
        out = out.filter((raw_text != "") & ~raw_text.str.contains(NOT_AVAILABLE))
    return out


def _long(kept: pl.DataFrame, ctx: BatchContext, values: dict[int, ParsedUnits]) -> pl.DataFrame:
    position = ctx.plan.position(ColumnRole.drcr)
    signs = _drcr_signs(kept, position)
    if signs is not None and position is not None:
        _unsigned_notes(kept, position, signs, ctx)
    parts = [
        _slot_frame(i, s, kept, values, signs, ctx.sided) for i, s in enumerate(ctx.plan.slots)
    ]
    long = pl.concat(parts) if parts else pl.DataFrame()
    if len(parts) > 1:
        long = long.sort("src", "slot")
    return long.with_row_index("idx")


def _attributes(
    frame: pl.DataFrame, raw: RawBatch, ctx: BatchContext
) -> list[dict[str, AttrValue]]:
    """Dimensions (text) and quantities (numbers) by header, one dict per batch row."""
    plan = ctx.plan
    columns: list[tuple[str, list[Any]]] = []
    src = frame["src"].to_list()
    # A tracking pair whose name is one throughout: its options under that name, no name column
    named = {option: name for option, (_, name) in plan.tracking.items()}
    dropped = {name_column for name_column, _ in plan.tracking.values()}
    for position in plan.dimensions:
        if position in dropped:
            continue
        if raw.native is not None:
            cells = raw.native(position)
            values: list[Any] = [cell_text(cells[i]) or None for i in src]
        else:
            s = frame[f"c{position}"].str.strip_chars()
            values = pl.select(pl.when(s == "").then(None).otherwise(s)).to_series().to_list()
        columns.append((named.get(position, plan.headers[position]), values))
        if key(plan.headers[position]) in STATUS_HEADERS:
            _count_unsettled(plan.headers[position], values, ctx)
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


def _count_unsettled(header: str, values: list[Any], ctx: BatchContext) -> None:
    """Rows whose status says the money did not move (Pending, Reverted, Declined)."""
    for value in values:
        if isinstance(value, str) and UNSETTLED.match(value):
            found = (header, value.strip())
            ctx.unsettled[found] = ctx.unsettled.get(found, 0) + 1


def _check_restating(
    frame: pl.DataFrame, keep: pl.Series, values: dict[int, ParsedUnits], ctx: BatchContext
) -> None:
    """Columns restating others along the row (``elara.ingest.restating``): found on the
    first batch among the money columns and the numbers, checked on every kept row."""
    plan = ctx.plan
    multiplier = plan.settings.constants.unit_multiplier or 1
    units = {
        p: (
            values[p]
            if p in values
            else parse_units(frame[f"c{p}"], plan.format_of(p), multiplier=multiplier)
        ).units.filter(keep)
        for p in ctx.restating_watch
    }
    if not ctx.restating_started:
        ctx.restating_started = True
        stored = {p for p in ctx.restating_watch if p in values}
        ctx.restating.start({p: s.to_list() for p, s in units.items()}, stored)
    if ctx.restating.relations:
        ctx.restating.check(units, frame["row"].filter(keep))


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
    filled = filled_cells(frame, skip=ctx.plan.quantities)
    sections = section_categories(frame, filled, ctx)
    frame = carry_group_accounts(frame, filled, ctx)
    headings = date_column_headings(frame, filled, ctx)
    keep, skipped = classify(frame, filled, values, ctx)
    scenario = ctx.plan.position(ColumnRole.scenario)
    if scenario is not None:  # rows of other scenarios: counted, never stored
        keep = scenarios.split(frame, keep, scenario, ctx.plan.settings, ctx.other_scenarios)
    for position, other in ctx.plan.other_scenarios.items():  # "FY2026E" beside "FY2025A"
        figures = keep & (frame[f"c{position}"].str.strip_chars().fill_null("") != "")
        if n := int(figures.sum()):
            ctx.other_figures[other] = ctx.other_figures.get(other, 0) + n
    if ctx.identities.candidates or ctx.identities.runs:
        ctx.identities.add({p: values[p].units.filter(keep) for p in ctx.identities.names})
    if ctx.restating_watch:
        _check_restating(frame, keep, values, ctx)
    if ctx.row_totals.parts:
        ctx.row_totals.check(frame, keep, values, ctx.plan)
    kept = frame.filter(keep)
    problems = Problems(ctx.sheet, kept["row"].to_list())
    fields = row_fields(kept, ctx, problems)
    if scenario is not None:
        header = ctx.plan.headers[scenario]
        for index in scenarios.unknown(kept, scenario, ctx.plan.settings):
            value = kept[f"c{scenario}"][index] or ""
            problems.add(index, header, value, scenarios.unknown_message(header, value.strip()))
    if headings is not None:
        carried = headings.filter(keep).str.slice(0, TEXT_LIMITS[ColumnRole.account])
        fields["account"] = pl.select(pl.coalesce(fields["account"], carried)).to_series()
    if sections is not None:
        fields["category"] = sections.filter(keep).str.slice(0, TEXT_LIMITS[ColumnRole.category])
    local = pl.Series("local", range(kept.height), dtype=pl.Int64)
    kept = kept.with_columns(local)
    long = _long(kept, ctx, values) if kept.height else pl.DataFrame()
    if long.height == 0:
        return _result(pl.DataFrame(), [], problems, skipped, ctx, raw)
    local_index = long["local"]
    bad_records = _value_errors(long, values, ctx, problems)
    result = check_records(_records(long, local_index, fields, ctx), local_index, ctx, problems)
    bad = long["idx"].is_in(list(bad_records)) | local_index.is_in(list(problems.errors))
    attrs = _attributes(kept, raw, ctx)
    slot_index = long["slot"]
    if bad.any():
        good = ~bad
        result = result.filter(good)
        local_index = local_index.filter(good)
        slot_index = slot_index.filter(good)
    record_attrs = _member_attributes(attrs, local_index, slot_index, ctx)
    return _result(result, record_attrs, problems, skipped, ctx, raw)


def _member_attributes(
    attrs: list[dict[str, AttrValue]], local: pl.Series, slots: pl.Series, ctx: BatchContext
) -> list[dict[str, AttrValue]]:
    """Each record's attributes: its row's, and for a member column's record the member (its
    column's header) under the dimension's name ("Class": "Retail")."""
    dimension = ctx.plan.member_dimension
    if dimension is None:
        return [attrs[i] for i in local.to_list()]
    members = [s.member for s in ctx.plan.slots]
    return [
        {**attrs[i], dimension: members[slot]}
        for i, slot in zip(local.to_list(), slots.to_list(), strict=True)
    ]


def _value_errors(
    long: pl.DataFrame,
    values: dict[int, ParsedUnits],
    ctx: BatchContext,
    problems: Problems,
) -> set[int]:
    """Records whose value cell is bad (not a number, empty in a long table); notes for
    values rounded to the stored decimals. Only those few records are visited in Python."""
    slots = ctx.plan.slots
    bad: set[int] = set()
    nulls = long.filter(pl.col("units").is_null())
    for idx, local, slot_id, src, text in nulls.select(
        "idx", "local", "slot", "src", "raw"
    ).iter_rows():
        slot = slots[slot_id]
        problems.add(local, slot.label, text, _value_problem(slot, values, src, text))
        bad.add(idx)
    rounded = {p for p, parsed in values.items() if parsed.rounded}
    if rounded:
        _rounding_notes(long, values, ctx, rounded)
    return bad


def _rounding_notes(
    long: pl.DataFrame, values: dict[int, ParsedUnits], ctx: BatchContext, rounded: set[int]
) -> None:
    slots = ctx.plan.slots
    for slot_id, slot in enumerate(slots):
        for p in set(slot.positions) & rounded:
            srcs = list(values[p].rounded)
            hits = long.filter((pl.col("slot") == slot_id) & pl.col("src").is_in(srcs))
            for row, src, text in hits.select("row", "src", "raw").iter_rows():
                ctx.notes.append(
                    f'Row {row}: {slot.label} "{text}" has more decimals than '
                    f"are stored; stored as {values[p].rounded[src]}"
                )


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
    companies = pl.Series([s.company for s in slots], dtype=pl.String)
    account = fields["account"].gather(local_index)
    named, units = (
        direction_records(long, ctx, named=account.is_not_null())
        if ctx.plan.by_direction
        else (accounts.gather(slot_ids), long["units"])
    )
    account = pl.select(pl.coalesce(account, named)).to_series()
    date = pl.select(
        pl.coalesce(dates.gather(slot_ids), fields["date"].gather(local_index))
    ).to_series()
    headed = pl.Series([s.currency for s in slots], dtype=pl.String)
    currency = pl.select(
        pl.coalesce(
            fields["currency"].gather(local_index),
            long["cur_amount"],
            headed.gather(slot_ids),
            pl.lit(ctx.plan.settings.constants.currency, dtype=pl.String),
            pl.lit(ctx.plan.file_currency, dtype=pl.String),
        )
    ).to_series()
    return pl.DataFrame(
        {
            "company_code": pl.select(
                pl.coalesce(companies.gather(slot_ids), fields["company_code"].gather(local_index))
            ).to_series(),
            "date": date,
            "account": account,
            "category": fields["category"].gather(local_index),
            "amount_minor": units,
            "currency": currency,
            "description": fields["description"].gather(local_index),
            "row": long["row"],
        },
        schema=OUTPUT_SCHEMA,
    ).select(*OUTPUT_COLUMNS)


def _result(
    frame: pl.DataFrame,
    attrs: list[dict[str, AttrValue]],
    problems: Problems,
    skipped: list[SkippedRow],
    ctx: BatchContext,
    raw: RawBatch,
) -> ParsedBatch:
    if frame.height == 0:
        frame = pl.DataFrame(schema=OUTPUT_SCHEMA)
        attrs = []
    errors = sorted((e for es in problems.errors.values() for e in es), key=lambda e: e.row)
    return ParsedBatch(
        frame=frame,
        attributes=attrs,
        errors=errors,
        skipped=sorted(skipped, key=lambda s: s.row),
        sheet=ctx.sheet,
        # Data rows only: not the title and header lines, blank lines, headings, notes,
        # footers or totals rows (those are ``skipped``).
        rows_read=raw.frame.height - len(skipped),
    )
