"""The fields every record of a row shares: company, account, category, date, currency,
description, each checked against what the database accepts."""

from __future__ import annotations

import datetime as dt

import polars as pl

from elara.finance.companies import normal_form
from elara.ingest.context import BatchContext, Problems
from elara.ingest.datev import short_dates
from elara.ingest.periods import MAX_YEAR, MIN_YEAR, Period, read_period, resolve
from elara.ingest.plan import TablePlan
from elara.ingest.settings import ColumnRole
from elara.ingest.vector import parse_currencies, parse_dates, text_problems

TEXT_LIMITS = {ColumnRole.company: 64, ColumnRole.account: 128, ColumnRole.category: 64}
DESCRIPTION_LIMIT = 1000
MIN_DATE, MAX_DATE = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)


def _text(frame: pl.DataFrame, position: int | None) -> pl.Series | None:
    return None if position is None else frame[f"c{position}"]


def row_fields(frame: pl.DataFrame, ctx: BatchContext, problems: Problems) -> dict[str, pl.Series]:
    """Company, account, category, date, currency and description, once per row."""
    plan, constants = ctx.plan, ctx.plan.settings.constants
    out: dict[str, pl.Series] = {}
    height = frame.height
    for role, limit in TEXT_LIMITS.items():
        texts = shown = _text(frame, plan.position(role))
        name = "company_code" if role is ColumnRole.company else str(role)
        if role is ColumnRole.company and texts is not None:
            texts = texts.str.normalize("NFKC")  # as stored, so the limit is the stored length
        if texts is None:
            constant = constants.company if role is ColumnRole.company else None
            constant = normal_form(constant) if constant else None
            out[name] = pl.Series(name, [constant] * height, dtype=pl.String)
            continue
        required = role is not ColumnRole.category and not (
            role is ColumnRole.account and any(s.account for s in plan.slots)
        )
        values, found = text_problems(texts, max_len=limit, required=required)
        if role is ColumnRole.company and constants.company:
            values = values.fill_null(normal_form(constants.company))
            found = {i: p for i, p in found.items() if p != "is empty"}
        problems.add_found(plan.headers[plan.single[role]], shown, found)  # type: ignore[arg-type]
        out[name] = values.alias(name)
    out["date"] = _dates(frame, ctx, problems)
    out["currency"] = _currencies(frame, ctx, problems)
    out["description"] = _description(frame, ctx, problems)
    return out


def _dates(frame: pl.DataFrame, ctx: BatchContext, problems: Problems) -> pl.Series:
    plan, constants = ctx.plan, ctx.plan.settings.constants
    position = plan.position(ColumnRole.date)
    if position is not None:
        texts = frame[f"c{position}"]
        parsed = parse_dates(texts, ctx.date_order)
        header = plan.headers[position]
        # A day and month with no year (a booking batch's "0501"): dated by the year given.
        start = constants.fiscal_year_start or 1
        dates, found = short_dates(
            texts, parsed.values, parsed.problems, year=constants.year, start=start
        )
        problems.add_found(header, texts, found)
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
    dates: pl.Series, frame: pl.DataFrame, ctx: BatchContext, problems: Problems
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


def _period_dates(frame: pl.DataFrame, ctx: BatchContext, problems: Problems) -> pl.Series:
    """Period cells (a year, a month, "2024-03", FY2024, Q3) → the period's last day.

    Each distinct combination is read once in Python, then joined back to the rows."""
    plan, constants = ctx.plan, ctx.plan.settings.constants
    names = [f"c{p}" for p in plan.periods]
    combos = frame.select(names).unique()
    read = [_combine_periods(list(c), plan, constants.year, constants.date) for c in combos.rows()]
    table = combos.with_columns(
        pl.Series("date", [d for d, _ in read], dtype=pl.Date),
        pl.Series("problem", [p for _, p in read], dtype=pl.String),
    )
    joined = frame.select(names).join(
        table, on=names, how="left", nulls_equal=True, maintain_order="left"
    )
    header = plan.headers[plan.periods[0]]
    bad = joined.with_row_index("i").filter(pl.col("problem").is_not_null())
    for row in bad.iter_rows(named=True):
        value = " ".join(row[n] or "" for n in names).strip()
        problems.add(row["i"], header, value, f"{header} {row['problem']}")
    return joined["date"]


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
    if year is None:
        return None, "has no year (give the year)" if month or quarter else "is empty"
    date = resolve(Period(month=month, quarter=quarter), year=year, as_of=as_of)
    return date or dt.date(year, 12, 31), None


def _currencies(frame: pl.DataFrame, ctx: BatchContext, problems: Problems) -> pl.Series:
    position = ctx.plan.position(ColumnRole.currency)
    if position is None:
        return pl.Series("currency", [None] * frame.height, dtype=pl.String)
    texts = frame[f"c{position}"]
    parsed = parse_currencies(texts)
    problems.add_found(ctx.plan.headers[position], texts, parsed.problems)
    return parsed.values.alias("currency")


def _description(frame: pl.DataFrame, ctx: BatchContext, problems: Problems) -> pl.Series:
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
