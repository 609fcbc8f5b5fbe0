"""Classify a batch's rows before any record is made: blank, heading or note, not money,
totals (checked against the stored sum); carry group-heading accounts down, and statement
section headings down as the category of the lines under them."""

from __future__ import annotations

import re

import polars as pl

from elara.finance.kinds import AccountKind, normalise_name, suggest_kind
from elara.finance.kinds import classify as classify_account
from elara.ingest.balance_lines import keep_labelled_balances
from elara.ingest.balances import LINE_CLOSING, LINE_OPENING, balance_header
from elara.ingest.context import BatchContext
from elara.ingest.model import SkippedRow
from elara.ingest.numbers import ParsedUnits, parse_units
from elara.ingest.settings import ColumnRole
from elara.ingest.status import never_moved
from elara.ingest.totals import bare_total, list_total
from elara.ingest.values import ISO_4217
from elara.ingest.vocabulary import (
    BALANCE_LABEL,
    BALANCE_ROW,
    DAILY_BALANCE,
    EQUITY_LINE,
    NON_MONEY_LINE,
    REPORT_FOOTER,
    STATEMENT_BALANCE,
    UNIT_HEADERS,
    key,
    words,
)

NOT_MONEY = "not an amount (per share, shares, ratio)"  # a skipped row's reason
# The lines under "Net income per share:" or "Weighted-average shares …:" (one per class).
_SHARE_CLASS_LINE = r"^(basic|diluted|basic and diluted|basic & diluted|basic/diluted)\b"


def filled_cells(frame: pl.DataFrame, skip: list[int] | None = None) -> pl.Series:
    """Number of non-empty cells per row, not counting the ``skip`` columns (numbers that are
    not money: an account heading row that shows the opening running balance is a heading)."""
    skipped = {f"c{p}" for p in skip or []}
    columns = [c for c in frame.columns if c.startswith("c") and c not in skipped]
    if not columns:
        return pl.Series([0] * frame.height, dtype=pl.Int32)
    return frame.select(
        pl.sum_horizontal(
            (pl.col(c).str.strip_chars().fill_null("") != "").cast(pl.Int32) for c in columns
        )
    ).to_series()


def classify(
    frame: pl.DataFrame, filled: pl.Series, values: dict[int, ParsedUnits], ctx: BatchContext
) -> tuple[pl.Series, list[SkippedRow]]:
    """Keep mask; blank, heading/note and totals rows are skipped and listed."""
    plan = ctx.plan
    rows = frame["row"]
    blank = filled == 0
    value_cols = [f"c{v.position}" for v in plan.values]
    any_value = (
        frame.select(
            pl.any_horizontal(pl.col(c).str.strip_chars().fill_null("") != "" for c in value_cols)
        ).to_series()
        if value_cols
        else pl.Series([False] * frame.height)
    )
    # A dated list's row without an amount is a line missing its amount (an error); in an
    # undated list (a trial balance) an account with no balance is a header account
    # ("1-0000 Assets"), a heading: its balance is nothing, not something lost.
    long_table = any(s.blank_is_error for s in plan.slots) and ColumnRole.date in plan.single
    heading = ~blank & ~any_value & ((filled <= 1) | (not long_table))
    balances = (_balance_row(frame, ctx) | _balance_lines(frame, ctx, any_value)) & ~blank
    if (labelled := labelled_balance_lines(frame, ctx) & any_value & ~blank).any():
        keep_labelled_balances(frame, labelled, values, ctx)  # stated, never dropped unsaid
    footer = (_footer(frame) | balances) & ~blank
    not_money = _not_money(frame, heading, ctx) & ~blank & ~heading & ~footer
    repeated = _repeated_header(frame, plan.headers) & ~blank & ~heading & ~footer & ~not_money
    stated = _stated_total_rows(frame, ctx) & ~blank & ~any_value & ~footer
    heading = heading | not_money | footer | repeated | stated
    unmoved, unmoved_rows = never_moved(frame.filter(~blank & ~heading), ctx)
    moved = pl.Series([True] * frame.height, dtype=pl.Boolean)
    if unmoved.any():
        moved = moved.scatter((~blank & ~heading).arg_true().filter(unmoved), False)
    totals = _totals(frame, values, ctx, ~blank & ~heading & any_value & moved, balances)
    skipped = [SkippedRow(r, "blank row", ctx.sheet) for r in rows.filter(blank)]
    skipped += [
        SkippedRow(r, "heading or note row", ctx.sheet)
        for r in rows.filter(heading & ~not_money & ~footer & ~repeated & ~stated)
    ]
    skipped += [
        SkippedRow(r, "the file's stated total of its lines, checked", ctx.sheet)
        for r in rows.filter(stated)
    ]
    skipped += [SkippedRow(r, "report footer", ctx.sheet) for r in rows.filter(footer & ~balances)]
    skipped += [
        SkippedRow(r, "opening or closing balance row", ctx.sheet)
        for r in rows.filter(footer & balances)
    ]
    skipped += [
        SkippedRow(r, "the header row again (a page or a second table)", ctx.sheet)
        for r in rows.filter(repeated)
    ]
    skipped += [SkippedRow(r, NOT_MONEY, ctx.sheet) for r in rows.filter(not_money)]
    skipped += unmoved_rows
    for index, reason in totals.items():
        skipped.append(SkippedRow(rows[index], reason, ctx.sheet))
    total_mask = pl.Series([i in totals for i in range(frame.height)])
    return ~(blank | heading | total_mask) & moved, skipped


def _stated_total_rows(frame: pl.DataFrame, ctx: BatchContext) -> pl.Series:
    """A dated list's summary line: no date, no amount, a figure in its "Total …" column
    (`roles._stated_total`): the sum of the lines the file states. Each is kept in
    `ctx.stated` to be checked against what is stored."""
    plan = ctx.plan
    date = plan.position(ColumnRole.date)
    columns = [p for p in plan.quantities if words(plan.headers[p])[:1] == ["total"]]
    found = pl.Series([False] * frame.height)
    if date is None or not columns:
        return found
    undated = frame[f"c{date}"].str.strip_chars().fill_null("") == ""
    for position in columns:
        cells = frame[f"c{position}"].str.strip_chars().fill_null("")
        here = undated & (cells != "")
        if not here.any():
            continue
        units = parse_units(frame[f"c{position}"], plan.format_of(position)).units
        for row, value in zip(frame["row"].filter(here), units.filter(here), strict=True):
            if value is not None:
                ctx.stated.append((int(row), plan.headers[position], int(value)))
        found = found | here
    return found


def _repeated_header(frame: pl.DataFrame, headers: list[str]) -> pl.Series:
    """Rows that repeat the header (a report's page header, or a second table of the same
    columns lower on the sheet): every filled cell is its column's header, two at least."""
    same: list[pl.Expr] = []
    filled: list[pl.Expr] = []
    for name in frame.columns:
        if not name.startswith("c") or not name[1:].isdigit() or int(name[1:]) >= len(headers):
            continue
        header = headers[int(name[1:])].strip().casefold()
        cell = pl.col(name).str.strip_chars().fill_null("")
        filled.append((cell != "").cast(pl.Int32))
        same.append(((cell != "") & (cell.str.to_lowercase() == header)).cast(pl.Int32))
    if len(same) < 2:
        return pl.Series([False] * frame.height)
    counts = frame.select(
        pl.sum_horizontal(same).alias("same"), pl.sum_horizontal(filled).alias("filled")
    )
    return ((counts["same"] >= 2) & (counts["same"] == counts["filled"])).alias("repeated")


def carry_group_accounts(frame: pl.DataFrame, filled: pl.Series, ctx: BatchContext) -> pl.DataFrame:
    """Lines with no account of their own take the group heading above them ("Checking")."""
    position = ctx.plan.position(ColumnRole.account)
    if position is None:
        return frame
    name = f"c{position}"
    own = frame[name].str.strip_chars()
    heading = (filled == 1) & (own.fill_null("") != "")
    carried = _carry(pl.select(pl.when(heading).then(own).otherwise(None)).to_series(), ctx)
    filled = pl.select(
        pl.when(own.fill_null("") == "").then(carried).otherwise(frame[name]).alias(name)
    ).to_series()
    return frame.with_columns(filled)


def date_column_headings(
    frame: pl.DataFrame, filled: pl.Series, ctx: BatchContext
) -> pl.Series | None:
    """With no account column, an account heading alone on its row in the date column
    ("Sales" above its dated lines, "Total Sales" below them: an Account Transactions report)
    names the account of the lines under it. None when the table has no such heading."""
    plan = ctx.plan
    position = plan.position(ColumnRole.date)
    if plan.position(ColumnRole.account) is not None or position is None:
        return None
    cell = frame[f"c{position}"].str.strip_chars().fill_null("")
    heading = (filled == 1) & (cell != "") & ~cell.str.contains(_TOTAL_START)
    heading = heading & ~cell.str.contains(r"^[\d\s./\-:]+$")  # a date alone is not a heading
    if not heading.any() and ctx.group_account is None:
        return None
    return _carry(pl.select(pl.when(heading).then(cell).otherwise(None)).to_series(), ctx)


def _carry(headings: pl.Series, ctx: BatchContext) -> pl.Series:
    """Each row's heading carried down from the last one above it, across batches (the
    previous batch's last heading is ``ctx.group_account``, updated here)."""
    if ctx.group_account is not None:
        carried = pl.concat([pl.Series([ctx.group_account]), headings]).forward_fill().slice(1)
    else:
        carried = headings.forward_fill()
    if not carried.is_empty() and carried[-1] is not None:
        ctx.group_account = carried[-1]
    return carried


_TOTAL_OF = re.compile(r"^\s*total\s+(?:for\s+)?(.+?)\s*$", re.IGNORECASE)
_TOTAL_START = r"(?i)^\s*total\s"
_MARK = r"^\s*\*{1,3}\s*$"


def section_categories(
    frame: pl.DataFrame, filled: pl.Series, ctx: BatchContext
) -> pl.Series | None:
    """The statement section of each line, as its category: None when the table has its own
    category column (or no account column).

    A label alone on its row ("Income", "Cost of Goods Sold", "Other Expenses") opens a section
    and its "Total …" line closes it; sections nest. A line takes the innermost open section
    the vocabulary knows (the one that says what its lines are), else the innermost one. Only
    lines with their own account take it (a group heading carried down as the account of the
    lines under it is not a section). Open sections carry across batches.
    """
    plan = ctx.plan
    position = plan.position(ColumnRole.account)
    if position is None or plan.position(ColumnRole.category) is not None:
        return None
    label = frame[f"c{position}"].str.strip_chars().fill_null("")
    heading = (filled == 1) & (label != "")
    if not heading.any() and not ctx.sections:
        return None  # no statement sections (a ledger): nothing to read per label
    closers = [t for t in label.unique().to_list() if t and _closes_all(t)]
    events = (heading | label.str.contains(_TOTAL_START) | label.is_in(closers)).arg_true()
    first = _section_of(ctx.sections)
    marks: list[str | None] = [None] * frame.height
    labels = label.to_list()
    is_heading = heading.to_list()
    for index in events.to_list():
        text = labels[index]
        if is_heading[index]:
            ctx.sections.append(text)
        elif text in closers:
            ctx.sections.clear()
        else:
            _close(ctx.sections, text)
        marks[index] = _section_of(ctx.sections)
    series = pl.Series([first, *marks[:-1]] if marks else [], dtype=pl.String)
    # marks[i] holds the section after row i: row i + 1 is in it ("" = none open).
    carried = series.forward_fill() if series.len() else series
    own = (label != "") & ~heading
    return pl.select(
        pl.when(own & (carried != "")).then(carried).otherwise(None).alias("category")
    ).to_series()


# Statement lines that end every open section: profit lines sum across sections.
_CROSSING = frozenset({"gross_profit", "operating_income", "pretax_income", "net_income"})


def _closes_all(label: str) -> bool:
    found = classify_account(label)
    return found is not None and found.kind is AccountKind.subtotal and found.line in _CROSSING


def _close(sections: list[str], text: str) -> None:
    """A "Total …" line closes the section it names ("Total income" closes "Income from:")."""
    closed = _TOTAL_OF.match(text)
    if not closed:
        return
    name = normalise_name(closed.group(1))
    for index in range(len(sections) - 1, -1, -1):
        heading = normalise_name(sections[index])
        if heading == name or heading.startswith(name + " ") or name.startswith(heading + " "):
            del sections[index:]
            return


def _section_of(sections: list[str]) -> str:
    for name in reversed(sections):
        if suggest_kind(None, name) is not None:
            return name
    return sections[-1] if sections else ""


def _first_filled(frame: pl.DataFrame) -> pl.Series:
    """Each row's first filled cell ("" for an empty row)."""
    cells = [
        pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c)).otherwise(None)
        for c in frame.columns
        if c.startswith("c")
    ]
    if not cells:
        return pl.Series([""] * frame.height, dtype=pl.String)
    return frame.select(pl.coalesce(cells)).to_series().fill_null("")


def _footer(frame: pl.DataFrame) -> pl.Series:
    """Report footers ("Accrual basis Monday, 6 January 2025 …", "Page 2 of 3"), read off the
    row's first filled cell: an unquoted comma in one splits it, so its tail may sit in an
    amount column and must not make the row an error."""
    return _first_filled(frame).str.contains(REPORT_FOOTER).fill_null(False)


def _marks_every_row(cells: pl.Series, candidates: pl.Series) -> bool:
    """An unused column whose "*" sits on most lines (a bank download's filler column) marks
    no totals: an ERP list's "*" / "**" stand on its few totals rows."""
    lines = int(candidates.sum() or 0)
    marked = int(cells.str.contains(_MARK).fill_null(False).sum())
    return lines >= 3 and marked * 2 > lines


def _balance_row(frame: pl.DataFrame, ctx: BatchContext) -> pl.Series:
    """A dated ledger's undated "Opening" / "Closing (Opening + Total)" / "Balance b/f" rows
    (an ERP's general ledger report): balances brought and carried forward, not movements.
    Also a bank download's balance line with its label where the date belongs
    ("Kontostand;31.03.2025;;;1.234,56;EUR", "Closing balance,,1234.56"): the label leaves
    no date, so the row is a balance on a day, not a line missing its date. And a Brazilian
    bank's dated "Saldo Anterior" / "Saldo do dia" / "S A L D O" lines among the movements."""
    date, account = ctx.plan.position(ColumnRole.date), ctx.plan.position(ColumnRole.account)
    if date is None:
        return pl.Series([False] * frame.height)
    day = frame[f"c{date}"].str.strip_chars().fill_null("")
    stated = day.str.contains(STATEMENT_BALANCE).fill_null(False)
    # A closing line under the movements with its label in another column and no date
    # ("#Saldo końcowe;1 234,56" under the account number): a footer of two or three cells.
    first = _first_filled(frame)
    footer = (day == "") & (filled_cells(frame) <= 3) & first.str.contains(STATEMENT_BALANCE)
    stated = stated | footer.fill_null(False)
    said = labelled_balance_lines(frame, ctx)
    if account is None:
        return stated | said
    name = frame[f"c{account}"].str.strip_chars().fill_null("")
    named = name.str.contains(BALANCE_ROW)
    daily = name.str.contains(DAILY_BALANCE)  # "Saldo do dia", dated
    return ((day == "") & named) | stated | daily | said


def labelled_balance_lines(frame: pl.DataFrame, ctx: BatchContext) -> pl.Series:
    """A dated balance line whose label stands in a text column ("Anfangssaldo" in the
    purpose column), the account (if any column names it) left empty."""
    date, account = ctx.plan.position(ColumnRole.date), ctx.plan.position(ColumnRole.account)
    labels = [
        frame[c].str.contains(BALANCE_LABEL).fill_null(False)
        for c in frame.columns
        if c.startswith("c") and c != f"c{date}"
    ]
    if date is None or not labels:
        return pl.Series([False] * frame.height)
    said = pl.select(pl.any_horizontal(labels)).to_series()
    if account is None:
        return said
    return said & (frame[f"c{account}"].str.strip_chars().fill_null("") == "")


def _balance_lines(frame: pl.DataFrame, ctx: BatchContext, any_value: pl.Series) -> pl.Series:
    """A bank statement's or cash book's "Opening balance" / "Balance brought forward" /
    "Balance b/f" / "Saldo anterior" / "Closing balance" / "Balance carried forward" line: its
    money columns empty, only its Balance filled. A balance on a day, not a movement nor a
    line missing its amount; its balance is kept (`ctx.balance_lines`) to check the lines
    against when no title states one. A line with an amount stays a line, whatever it says."""
    plan = ctx.plan
    date = plan.position(ColumnRole.date)
    column = next((p for p in plan.quantities if balance_header(plan.headers[p])), None)
    none = pl.Series([False] * frame.height)
    if date is None or column is None:
        return none
    units = parse_units(frame[f"c{column}"], plan.format_of(column)).units
    texts = [
        c
        for c in frame.columns
        if c.startswith("c") and c not in (f"c{date}", f"c{column}") and c[1:].isdigit()
    ]
    if not texts:
        return none
    opening = frame.select(
        pl.any_horizontal(pl.col(c).str.contains(LINE_OPENING) for c in texts)
    ).to_series()
    closing = frame.select(
        pl.any_horizontal(pl.col(c).str.contains(LINE_CLOSING) for c in texts)
    ).to_series()
    found = ((opening | closing) & ~any_value & units.is_not_null()).fill_null(False)
    for row, first, value in zip(
        frame["row"].filter(found), opening.filter(found), units.filter(found), strict=True
    ):
        ctx.balance_lines.append((int(row), bool(first), int(value)))
    return found


def _not_money(frame: pl.DataFrame, heading: pl.Series, ctx: BatchContext) -> pl.Series:
    """Statement lines that hold no money: earnings per share, share counts, ratios, and the
    "Basic" / "Diluted" lines under a heading that says so ("Net income per share:",
    "Weighted-average shares used in computing …:"), a workbook's lines whose numbers are all
    formatted as percentages; and the rows of a unit-of-measure column (uom) in a unit that
    is no currency (shares). The equity lines that name their shares ("Common stock, $0.01
    par value; 45,000 shares issued") are money."""
    account = ctx.plan.position(ColumnRole.account)
    unit = ctx.plan.position(ColumnRole.currency)
    lines = pl.Series([False] * frame.height)
    if account is not None:
        label = frame[f"c{account}"].str.strip_chars().fill_null("")
        lines = label.str.contains(NON_MONEY_LINE) & ~label.str.contains(EQUITY_LINE)
        headings = pl.Series([None] * frame.height, dtype=pl.String).scatter(
            heading.arg_true(), label.filter(heading)
        )
        # the heading above each row: the last one of this batch or the one carried over
        above = pl.Series([ctx.last_heading, *headings.to_list()[:-1]], dtype=pl.String)
        above = above.forward_fill().fill_null("")
        if heading.any():
            ctx.last_heading = label.filter(heading)[-1]
        under = above.str.contains(NON_MONEY_LINE) & ~above.str.contains(EQUITY_LINE)
        lines = lines | (under & label.str.to_lowercase().str.contains(_SHARE_CLASS_LINE))
    if ctx.percent_rows:  # a workbook line whose every number is formatted "0.0%": a rate
        lines = lines | frame["row"].is_in(sorted(ctx.percent_rows))
    if unit is not None and key(ctx.plan.headers[unit]) in UNIT_HEADERS:
        code = frame[f"c{unit}"].str.strip_chars().str.to_uppercase()
        lines = lines | (code.is_not_null() & ~code.is_in(sorted(ISO_4217)))
    return lines


def _totals(
    frame: pl.DataFrame,
    values: dict[int, ParsedUnits],
    ctx: BatchContext,
    candidates: pl.Series,
    balances: pl.Series,
) -> dict[int, str]:
    """Totals rows: labelled 'Total', or unlabelled and equal to the sum above."""
    plan = ctx.plan
    labels = [f"c{p}" for p in plan.label_positions]
    bare = {f"c{p}" for p in plan.unused_positions} | {f"c{plan.position(ColumnRole.account)}"}
    if labels:
        date = plan.position(ColumnRole.date)
        account = plan.position(ColumnRole.account)
        dated = date is not None

        def bare_check(c: str) -> pl.Expr:
            # "Total for Operating Income" in an undated statement's account column is a
            # subtotal line (kept, checked by the statement's identities), not the list's sum
            statement = not dated and c == f"c{account}"
            return bare_total(pl.col(c), dated=not statement)

        undated = None
        if date is not None:  # no date on the row, or a total's label where the date goes
            when = pl.col(f"c{date}").str.strip_chars().fill_null("")
            undated = (when == "") | list_total(when)

        unnamed = None  # no account on the row, or a total's label where the account goes
        if account is not None:
            named = pl.col(f"c{account}").str.strip_chars().fill_null("")
            unnamed = (named == "") | list_total(named)

        def named_check(c: str) -> pl.Expr:
            # A line whose supplier or payee is named "Total …" ("TOTAL GAS & POWER LTD") is
            # a line like the others: a label's "Total …" ends a group only on a row without
            # a date (a dated list), or without an account ("Furniture Total" in a pivot's
            # first column, the category blank), or standing alone ("Total", "Grand Total").
            if undated is not None:
                return bare_total(pl.col(c)) | (list_total(pl.col(c)) & undated)
            if unnamed is not None and c != f"c{account}":
                return bare_total(pl.col(c)) | (list_total(pl.col(c)) & unnamed)
            return list_total(pl.col(c))

        checks = [bare_check(c) if c in bare else named_check(c) for c in labels]
        checks += [
            bare_check(c)
            for c in sorted(bare - set(labels))
            if c in frame.columns and not _marks_every_row(frame[c], candidates)
        ]
        if undated is not None and account is not None:
            # A dated ledger's undated "Total 1000 · Checking" line closes an account group
            # (statements, where "Total Revenue" is a line to keep, have no date column).
            checks.append(list_total(pl.col(f"c{account}")) & undated)
        labelled = frame.select(pl.any_horizontal(checks)).to_series().fill_null(False)
        unlabelled = frame.select(
            pl.all_horizontal(pl.col(c).str.strip_chars().fill_null("") == "" for c in labels)
        ).to_series()
    else:
        labelled = pl.Series([False] * frame.height)
        unlabelled = pl.Series([True] * frame.height)
    # Balance rows (brought / carried forward) are not lines: a totals row does not add them.
    units = {
        p: pl.select(pl.when(balances).then(None).otherwise(parsed.units)).to_series()
        for p, parsed in values.items()
    }
    account = plan.position(ColumnRole.account)
    keys = None if account is None else frame[f"c{account}"].str.strip_chars()
    return ctx.totals.find(
        frame["row"],
        units,
        labelled & candidates,
        unlabelled & candidates,
        headers={v.position: v.header for v in plan.values},
        keys=keys,
    )
