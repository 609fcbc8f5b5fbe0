"""Turn one raw batch of text columns into canonical records, row errors and
skipped rows (blank lines, totals)."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from elara.ingest.headers import ColumnMap
from elara.ingest.model import (
    RECORD_FIELDS,
    AttrValue,
    ParsedBatch,
    RowError,
    SkippedRow,
)
from elara.ingest.readers import RawBatch, cell_to_attribute
from elara.ingest.totals import TotalsTracker, is_total_label
from elara.ingest.values import DateOrder
from elara.ingest.vector import (
    parse_amounts,
    parse_currencies,
    parse_dates,
    text_problems,
)

TEXT_LIMITS = {"company_code": 64, "account": 128, "category": 64}
DESCRIPTION_LIMIT = 1000
OUTPUT_COLUMNS = (*RECORD_FIELDS, "row")


@dataclass
class BatchContext:
    """Everything about the table that stays fixed from batch to batch."""

    columns: ColumnMap
    date_order: DateOrder
    default_currency: str | None
    sheet: str | None
    tag_sheet: bool
    totals: TotalsTracker = field(default_factory=TotalsTracker)


@dataclass
class _Problems:
    """Collects RowErrors for one batch and remembers which positions are bad."""

    sheet: str | None
    errors: list[RowError] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)

    def add(self, rows: list[int], header: str, texts: pl.Series, found: dict) -> None:
        for index, problem in found.items():
            value = texts[index] or ""
            message = (
                f"{header} is empty" if problem == "is empty" else f'{header} "{value}" {problem}'
            )
            self.errors.append(RowError(rows[index], header, value, message, self.sheet))
            self.bad.add(index)


def _col(columns: ColumnMap, name: str) -> str | None:
    position = columns.canonical.get(name)
    return None if position is None else f"c{position}"


def _row_level_skips(frame: pl.DataFrame, ctx: BatchContext) -> tuple[pl.Series, list[SkippedRow]]:
    """Blank lines and rows labelled Total/Subtotal/…; returns the keep mask."""
    blank = frame.select(
        pl.all_horizontal(
            pl.col(c).str.strip_chars().fill_null("") == ""
            for c in frame.columns
            if c.startswith("c")
        )
    ).to_series()
    labels = [c for c in (_col(ctx.columns, "company_code"), _col(ctx.columns, "account")) if c]
    total = (
        frame.select(
            pl.any_horizontal(is_total_label(pl.col(c)) for c in labels)
            if labels
            else pl.lit(False)
        )
        .to_series()
        .fill_null(False)
    )
    rows = frame["row"]
    skipped = [SkippedRow(r, "blank row", ctx.sheet) for r in rows.filter(blank)]
    skipped += [SkippedRow(r, "totals row", ctx.sheet) for r in rows.filter(total & ~blank)]
    return ~(blank | total), skipped


def _long_form(frame: pl.DataFrame, ctx: BatchContext) -> pl.DataFrame:
    """One row per record: canonical columns renamed, wide sheets unpivoted."""
    columns = ctx.columns
    keep = [pl.col("row"), pl.col("idx")] + [
        pl.col(f"c{p}").alias(name)
        for name, p in columns.canonical.items()
        if name not in ("account", "amount")
    ]
    if not columns.wide:
        return frame.select(
            *keep,
            pl.col(_col(columns, "account")).alias("account"),
            pl.col(_col(columns, "amount")).alias("amount"),
            pl.lit(columns.header_of("amount")).alias("amount_header"),
        )
    parts = [
        frame.select(
            *keep,
            pl.lit(columns.headers[p]).alias("account"),
            pl.col(f"c{p}").alias("amount"),
            pl.lit(columns.headers[p]).alias("amount_header"),
            pl.lit(order).alias("order"),
        )
        for order, p in enumerate(columns.wide_accounts)
    ]
    long = pl.concat(parts).filter(pl.col("amount").str.strip_chars() != "")
    return long.sort("idx", "order").drop("order")


def _parse_fields(
    long: pl.DataFrame, ctx: BatchContext, problems: _Problems
) -> dict[str, pl.Series]:
    """Parse every canonical field; problems are recorded by position."""
    rows = long["row"].to_list()
    headers = ctx.columns
    out: dict[str, pl.Series] = {}
    for name, limit in TEXT_LIMITS.items():
        if name not in long.columns:
            out[name] = pl.Series(name, [None] * long.height, dtype=pl.String)
            continue
        values, found = text_problems(long[name], max_len=limit, required=name != "category")
        if name == "account" and headers.wide:  # the header itself is the account
            for index, problem in found.items():
                header = long["amount_header"][index]
                problems.add(rows, header, long[name], {index: problem})
        else:
            problems.add(rows, _header(ctx, name), long[name], found)
        out[name] = values.alias(name)
    dates = parse_dates(long["date"], ctx.date_order)
    problems.add(rows, _header(ctx, "date"), long["date"], dates.problems)
    out["date"] = dates.values.alias("date")
    amounts = parse_amounts(long["amount"])
    for index, problem in amounts.problems.items():
        problems.add(rows, long["amount_header"][index], long["amount"], {index: problem})
    out["amount_minor"] = amounts.values.alias("amount_minor")
    out["currency"] = _currency(long, ctx, amounts.extra, problems)
    out["description"] = _description(long)
    if "description" in long.columns:
        too_long = (out["description"].str.len_chars() > DESCRIPTION_LIMIT).fill_null(False)
        found = {i: f"is longer than {DESCRIPTION_LIMIT} characters" for i in too_long.arg_true()}
        problems.add(rows, _header(ctx, "description"), long["description"], found)
    return out


def _header(ctx: BatchContext, name: str) -> str:
    return ctx.columns.header_of(name)


def _description(long: pl.DataFrame) -> pl.Series:
    """Descriptions are kept exactly as written; only blank becomes null."""
    if "description" not in long.columns:
        return pl.Series("description", [None] * long.height, dtype=pl.String)
    s = long["description"]
    return pl.select(
        pl.when(s.str.strip_chars() == "").then(None).otherwise(s).alias("description")
    ).to_series()


def _currency(
    long: pl.DataFrame, ctx: BatchContext, from_amount: dict, problems: _Problems
) -> pl.Series:
    """Currency column, else the amount's own symbol/code, else the default."""
    if "currency" in long.columns:
        parsed = parse_currencies(long["currency"])
        header = _header(ctx, "currency")
        if parsed.problems:
            problems.add(long["row"].to_list(), header, long["currency"], parsed.problems)
        series = parsed.values.alias("currency")
    else:
        series = pl.Series("currency", [None] * long.height, dtype=pl.String)
    codes = {i: code for i, code in from_amount.items() if code is not None}
    if codes:  # a symbol or code inside the amount fills or contradicts the column
        series = _merge_amount_codes(long, ctx, series, codes, problems)
    return series.fill_null(ctx.default_currency) if ctx.default_currency else series


def _merge_amount_codes(
    long: pl.DataFrame,
    ctx: BatchContext,
    series: pl.Series,
    codes: dict[int, str],
    problems: _Problems,
) -> pl.Series:
    """Currency codes found in amounts fill blanks; a different code is an error."""
    values = series.to_list()
    rows = long["row"].to_list()
    for index, code in codes.items():
        if values[index] is None:
            values[index] = code
        elif values[index] != code:
            header = long["amount_header"][index]
            message = f"{header} is in {code} but the currency column says {values[index]}"
            problems.errors.append(
                RowError(rows[index], header, long["amount"][index], message, ctx.sheet)
            )
            problems.bad.add(index)
    return pl.Series("currency", values, dtype=pl.String)


def _attributes(
    long: pl.DataFrame, frame: pl.DataFrame, raw: RawBatch, ctx: BatchContext
) -> list[dict[str, AttrValue]]:
    """Extra columns keyed by their header; workbook cells keep their native type."""
    extra = ctx.columns.extra
    headers = [ctx.columns.headers[p] for p in extra]
    positions = long["idx"].to_list()
    if raw.native is not None and extra:
        source = frame["src"].to_list()
        cells = [raw.native(p) for p in extra]
        attrs = [
            {h: cell_to_attribute(c[row]) for h, c in zip(headers, cells, strict=True)}
            for row in (source[i] for i in positions)
        ]
    elif extra and raw.native is None:
        table = frame.select(pl.col(f"c{p}").alias(h) for h, p in zip(headers, extra, strict=True))
        dicts = table.to_dicts()
        attrs = [dict(dicts[i]) for i in positions]
    else:
        attrs = [{} for _ in positions]
    if ctx.tag_sheet:
        for attr in attrs:
            attr["sheet"] = ctx.sheet
    return attrs


def build_batch(raw: RawBatch, ctx: BatchContext) -> ParsedBatch:
    """Validate one raw batch: good records as a frame, every bad cell as a RowError."""
    frame = raw.frame.with_columns(
        raw.row_numbers(), pl.int_range(0, raw.frame.height).alias("src")
    )
    keep, skipped = _row_level_skips(frame, ctx)
    frame = frame.filter(keep).with_row_index("idx")
    long = _long_form(frame, ctx)
    problems = _Problems(ctx.sheet)
    fields = _parse_fields(long, ctx, problems)
    totals = ctx.totals.find(long, fields, wide=ctx.columns.wide)
    if totals:
        total_rows = {long["row"][i] for i in totals}
        skipped += [SkippedRow(long["row"][i], r, ctx.sheet) for i, r in totals.items()]
        problems.errors = [e for e in problems.errors if e.row not in total_rows]
    dropped = problems.bad | set(totals)
    good = [i for i in range(long.height) if i not in dropped] if dropped else None
    result = pl.DataFrame(fields).with_columns(long["row"]).select(*OUTPUT_COLUMNS)
    if dropped:
        result = result[good]
    attrs_all = _attributes(long, frame, raw, ctx)
    problems.errors.sort(key=lambda e: e.row)
    return ParsedBatch(
        frame=result,
        attributes=attrs_all if good is None else [attrs_all[i] for i in good],
        errors=problems.errors,
        skipped=sorted(skipped, key=lambda s: s.row),
        sheet=ctx.sheet,
        rows_read=raw.frame.height,
    )
