"""Suggest import settings for a file: header row, a role per column, constants from titles."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from elara.core.periods import last_day
from elara.core.scenarios import scenario_of_title
from elara.finance.companies import COMPANY_LIMIT, code_problem, normal_form
from elara.finance.kinds import REPORT_PART_WORDS, AccountKind, statement_kinds, suggest_kind
from elara.ingest.balances import stated_balances
from elara.ingest.bands import balance_bands
from elara.ingest.chinese import chinese_titles
from elara.ingest.datev import day_month_constants, needs_of, table_roles
from elara.ingest.direction import charges_positive
from elara.ingest.entities import companies_over_periods, suggest_entities
from elara.ingest.fiscal import (
    FISCAL_YEAR_IN_TEXT,
    MONTH_NAMES,
    date_fiscal_columns,
    date_months_by_fiscal_year,
    date_quarters_by_fiscal_year,
    date_quarters_of_fiscal_years,
    fiscal_start_in_text,
    fiscal_year_in_text,
    ignore_beyond_twelve,
    uses_fiscal_start,
    years_over_periods,
)
from elara.ingest.headers import cell_text, find_header_row, unique_headers
from elara.ingest.identities import netted_kinds, netted_notes
from elara.ingest.members import dimension_named, suggest_members
from elara.ingest.outline import OutlineSource, text_file
from elara.ingest.periods import (
    fiscal_quarter_end,
    fiscal_year_named,
    is_year_number,
    read_period,
    resolve,
)
from elara.ingest.plan import VALUE_ROLES, build_plan
from elara.ingest.profile import profile_table
from elara.ingest.readers import Source
from elara.ingest.restating import restating_columns
from elara.ingest.roles import column_settings, other_dates, suggest_roles
from elara.ingest.scale import scale_of, stated_scale
from elara.ingest.scenario_columns import (
    ACTUAL,
    BESIDE_ACTUAL,
    actuals_over_periods,
    scenario_columns,
    scenario_row,
    scenario_word,
)
from elara.ingest.settings import (
    ColumnRole,
    ColumnSetting,
    Constants,
    ImportSettings,
    Offered,
    SignConvention,
    Statement,
)
from elara.ingest.sniff import ZipLimits
from elara.ingest.values import ISO_4217, MONTHS, header_currency, mark_currency
from elara.ingest.vocabulary import (
    FEE_HEADERS,
    REPORT_FOOTER,
    header_currency_word,
    header_role,
    key,
)
from elara.ingest.workbook import (
    FastSheetSource,
    HeaderlessSheet,
    format_currencies,
    open_tables,
    percent_columns,
)
from elara.ingest.year_to_date import (
    TO_DATE,
    group_span,
    span_groups,
    span_groups_over_periods,
    year_to_date_columns,
)

# Words of a report's title, not of a company's name (substrings: "Buchungsjournal").
_REPORT_WORDS = re.compile(
    r"(?i)(trial balance|profit (and|&) loss|p ?& ?l\b|income statement|balance sheet|"
    r"ledger|journal|report|statement|budget|forecast|cash ?flow|export|"
    r"transactions|amounts?\b|\bpage\b|generated|printed|\bbasis\b|as (at|of)\b|"
    r"year ended|\bended\b|\bending\b|period|currency|figures|thousands|millions|"
    rf"financial|accounts\b|{'|'.join(REPORT_PART_WORDS)}|variance|\bactuals?\b|"
    r"sales data|sample|annual|quarterly|monthly|for the\b|run on|created|"
    r"\bdate\b|\btime\b|"
    r"operations|bilanz|balance|bericht|auswertung|buchung|zeitraum|édition|exercice|"
    r"compte de résultat|grand livre|\buser\b|\bto\b|"
    r"\b(?:vat|gst|hst|sales tax|tax)\s+return\b|"  # "VAT Return", "GST Return"
    r"row labels|column labels|\b(sum|count|average|min|max) of\b)"  # a pivot's own words
)
# A bank download's title names the account, not its holder: "Umsätze Girokonto", "Neuer
# Kontostand", "Relevé de compte", "Mutaties", "Checking account". Never a company; unlike
# a report's words, not a sign that the text before a colon is one.
_ACCOUNT_WORDS = re.compile(
    r"(?i)ums[äa]tze|umsatzanzeige|umsatzliste|girokonto|kontoauszug|kontostand|\bsaldo\b|\bsolde\b|tagesgeld|relev[ée]|"
    r"t[ée]l[ée]chargement|compte (?:de d[ée]p[ôo]t|courant|ch[èe]ques)|mutaties|afschrift|"
    r"(?:checking|current|savings) account"
)
_RUN_DATE = re.compile(REPORT_FOOTER)
# A title saying the sheet is a bank's statement of an account (never an "Income Statement"
# or a "Statement of Financial Position"): "Bank statement", "Account statement", "Statement
# of account", "Statement period", "Statement Download", "Kontoauszug", "Relevé de compte".
_BANK_STATEMENT = re.compile(
    r"(?i)\b(?:bank|account|current account|checking|savings|card)\s+statement\b"
    r"|^\s*statement\s*(?:$|:|of account|period|date|download|for\b|no\b|number)"
    r"|kontoauszug|relev[ée] de compte|extracto (?:de cuenta|bancario)"
)
_AMOUNT_TEXT = re.compile(r"^(?:[A-Z]{3}|[€$£])?\s*[-+]?[\d.,'\s\u00a0]*\d\s*(?:[A-Z]{3}|[€$£])?$")
# What follows a label's colon when the label names a figure, not a company: an amount
# with its cents ("Avail Bal : 6790.45 as of 20260623", "Credit limit: $5,000.00"); a
# year after the colon ("Acme Ltd: 2025 Budget") leaves the company before it.
_LABELLED_FIGURE = re.compile(r"^\s*(?:[A-Z]{3}\s*|[€$£])?[-+(]?\d[\d.,'\u00a0]*[.,]\d\d(?!\d)")
_COMPANY_PREFIX = re.compile(
    r"(?i)^\s*(company|entity|legal entity|subsidiary|client|organi[sz]ation|mandant|firma|"
    r"société|societe|unternehmen|business|account holder|kontoinhaber|inhaber|titulaire)"
    r"\s*:\s*(?:\d+\s+)?(.+)$"
)
_DATE_IN_TEXT = re.compile(
    r"(?i)(\d{1,2}-[a-z]{3}-\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}|[a-z]{3,9}\.?\s+\d{4})"
)
# A calendar year in a title ("Budget 2025"); a fiscal year ("FY2025") is not one: its months
# before the year-end may fall in the year before.
_YEAR_IN_TEXT = re.compile(r"(?i)(?<!fy)(?<!fy )\b((?:19|20|21)\d\d)\b")
# A report filter above a pivot table or BI export: the field, then its one value.
_FILTER_FIELD = re.compile(
    r"(?i)^\s*(company|entity|legal entity|subsidiary|client|organi[sz]ation|"
    r"year|calendar year|currency)\s*$"
)
# A field's key as an API writes it: one lower-case word or camelCase ("iban", "bankId",
# "openingBalance"); a title starts with a capital or has spaces ("Acme Ltd", "Budget 2025").
_FIELD_KEY = re.compile(r"^[a-z]+(?:[A-Z][a-z]*)*$")
_FROM_LABEL = re.compile(r"(?i)^\s*(von|from|start date|start|date from|du|desde)\s*:\s*\S")
_YEAR_FILTER = re.compile(r"(?i)^\s*(?:calendar\s+)?year\s*:\s*(.*?)\s*$")
_EXCEL_SEPARATOR = re.compile(r"^sep=.?$")
_CODE_IN_TEXT = re.compile(r"\b([A-Z]{3})\b")


@dataclass
class Suggestion:
    """Suggested settings for one table and what the user must still say."""

    settings: ImportSettings
    needs: list[str]
    offered: Offered
    sheets: list[str]
    header_row: int
    headers: list[str] = field(default_factory=list)


def _date_of(text: str) -> dt.date | None:
    """The last date a title cell mentions ("January - December 2024" → 2024-12-31)."""
    for candidate in reversed(_word_dates(text)):
        cleaned = re.sub(r"(?i)(\d)(st|nd|rd|th)", r"\1", candidate).replace(".", " ")
        period = read_period(re.sub(r"\s+", " ", cleaned).strip(" ,"))
        if period is not None and period.end is not None:
            return period.end
    if numeric := _numeric_dates(text):
        return numeric[-1]
    return None


def _word_dates(text: str) -> list[str]:
    """The dates a title cell writes with words or in ISO form; numeric ones ("12/31/2025",
    "31.12.25") are read by ``_numeric_dates``, which does not guess their order."""
    return [c for c in _DATE_IN_TEXT.findall(text) if not _NUMERIC_ONLY.fullmatch(c)]


_NUMERIC_ONLY = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{4}")


# A numeric date ("12/31/25", "31.12.2025"), not part of a longer number ("2025/12/31",
# "10.1.25.3").
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?<!\d[./])(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?!\d)(?![./]\d)"
)
_RANGE_BETWEEN = re.compile(r"(?i)^\s*(?:\.\.|-|\u2013|\u2014|to|through|thru)\s*$")


def _numeric_dates(text: str) -> list[dt.date]:
    """The numeric dates a title cell states, in order, when their day/month order is
    certain; none otherwise (Elara does not guess it).

    A day above 12 in any of them decides the order for all ("01/01/25..12/31/25": month
    first); dots mean day first ("31.12.25"); a lone "01/02/25" or "01/02/2025" is ambiguous
    (unless day and month are equal). A two-digit year is 20yy, and only 2000-2069: "12/31/85"
    offers nothing. A range ("..", "-", an en dash, "to") must run forwards."""
    found = list(_NUMERIC_DATE.finditer(text))
    if not found:
        return []
    day_first = {True for m in found if m[2] == "." or int(m[1]) > 12}
    day_first |= {False for m in found if int(m[3]) > 12}
    if len(day_first) > 1:
        return []  # "13/01/25 and 01/13/25", or "12.31.25": contradictory
    if not day_first and any(m[1] != m[3] for m in found):
        return []  # "01/02/25": 1 February or January 2?
    first = day_first.pop() if day_first else True
    dates: list[dt.date] = []
    for m in found:
        day, month = (int(m[1]), int(m[3])) if first else (int(m[3]), int(m[1]))
        year = int(m[4]) if len(m[4]) == 4 else 2000 + int(m[4])
        if len(m[4]) == 2 and int(m[4]) > 69:
            return []  # 1970-1999 or 2070-2099? Not guessed.
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:
            return []  # "31/02/25"
    for left, right, start, end in zip(found, found[1:], dates, dates[1:], strict=False):
        if _RANGE_BETWEEN.match(text[left.end() : right.start()]) and start > end:
            return []  # a range that runs backwards: the order was misread
    return dates


_MONTH_RANGE = re.compile(
    r"(?i)\b([a-z]{3,9})\.?\s*(?:-|\u2013|\u2014|to|through|thru)\s*[a-z]{3,9}\.?\s+\d{4}"
)
_ENDED = re.compile(
    r"(?i)\b(?:(year|twelve months|12 months)|(quarter|three months|3 months)|"
    r"(six months|6 months|half year|half-year))\s+(?:ended|ending)\b"
)


_ENDED_ON = re.compile(
    r"(?i)\b(?:ended|ending)\s+(?:([a-z]{3,9})\.?\s+(\d{1,2})|(\d{1,2})\s+([a-z]{3,9})\.?)\b"
)


def _ended_on(row: list[Any]) -> tuple[int, int] | None:
    """The (month, day) a row over year columns says its figures end on: "Three Months Ended
    September 30," or "Year ended 30 June" (one such phrase on the row, no year in it)."""
    found = {
        (month, int(m[2] or m[3]))
        for text in _title_texts(row)
        for m in _ENDED_ON.finditer(text)
        if (month := MONTHS.get((m[1] or m[4]).casefold()[:3])) is not None
        and not re.search(r"\b(?:19|20|21)\d\d\b", text)
    }
    return found.pop() if len(found) == 1 else None


def _date_years_by_span_row(head: list[list[Any]], index: int, settings: ImportSettings) -> None:
    """Year columns ("2025 | 2024") under "Three Months Ended September 30," end on that day
    of each year, not on 31 December (a quarterly or a June year-end statement)."""
    ended = _ended_on(head[index - 1]) if 0 < index <= len(head) else None
    if ended is None:
        return
    month, day = ended
    for column in settings.columns:
        text = column.header.strip()
        if column.role is not ColumnRole.amount or not is_year_number(text):
            continue
        year = int(float(text))
        if column.period_end in (None, dt.date(year, 12, 31)):  # dated by the bare year
            last = calendar.monthrange(year, month)[1]
            column.period_end = dt.date(year, month, min(day, last))


# A quarter named without its year or day, over year columns: "Q3", "Third Quarter", "3rd
# Quarter", "Quarter 3", "Qtr 3".
_QUARTER_NAMED = re.compile(
    r"(?i)^\s*(?:(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|(?:q|qtr|quarter)\s*([1-4]))"
    r"\s*$"
)
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
_SPAN_ENDED_YEAR = re.compile(r"(?i)^(.*\b(?:ended|ending))\s+((?:19|20|21)\d\d)\s*,?\s*$")


def _span_year(column: ColumnSetting, group: str) -> tuple[int, str] | None:
    """The year of a money column dated by a bare year, and the text stating a span or a
    quarter without a day for it: its group header ("Quarter Ended", "Q3" over "2025"), or
    its own header ("Quarter Ended 2025"). None for anything else."""
    text = column.header.strip()
    if column.role is not ColumnRole.amount:
        return None
    if m := _SPAN_ENDED_YEAR.match(text):
        year, stated = int(m[2]), m[1]
    elif is_year_number(text) and group:
        year, stated = int(float(text)), group.strip()
    else:
        return None
    if _ENDED_ON.search(stated) or _date_of(stated) is not None:
        return None  # "Year Ended December 31,": the day is stated
    months = group_span(stated)
    if _QUARTER_NAMED.match(stated) is None and (months is None or months == TO_DATE):
        return None
    return year, stated


def _picked_day(stated: str, offered: Offered) -> tuple[str, tuple[int, int]]:
    """How the day of a span stated without one is picked, and its (month, day)."""
    if m := _QUARTER_NAMED.match(stated):
        month = 3 * (_ORDINALS[m[1].casefold()] if m[1] else int(m[2]))
        return f'"{stated}" names a quarter but not the day it ends', (month, 31)
    how = f'"{stated}" states a span but not the day it ends'
    if offered.date is not None:
        return how, (offered.date.month, offered.date.day)
    return how, (12, 31)


def _fiscal_quarter(stated: str, year: int, settings: ImportSettings) -> tuple[str, dt.date] | None:
    """A quarter named over year columns ("Q3" over 2025 | 2024) when the fiscal year start
    is known and is not January: the quarter of that fiscal year (Q1 its first three
    months), and how it was picked. None for a calendar year, or any other span."""
    start = settings.constants.fiscal_year_start
    if start in (None, 1) or (m := _QUARTER_NAMED.match(stated)) is None:
        return None
    quarter = _ORDINALS[m[1].casefold()] if m[1] else int(m[2])
    how = f'"{stated}" names a quarter of a fiscal year starting in {MONTH_NAMES[start - 1]}'
    return how, fiscal_quarter_end(year, quarter, start)


def _quarters_over_fiscal_years(
    head: list[list[Any]], index: int, settings: ImportSettings
) -> str | None:
    """Fiscal year columns under a quarter named without its year ("Q3" above FY2025 |
    FY2024, or "Q3" heading the label column beside them): each dated on that quarter's
    end in its fiscal year (``fiscal.date_quarters_of_fiscal_years``), and what is said."""
    headers = [c.header for c in settings.columns]
    groups = span_groups(head, index, headers)
    beside = headers[0] if headers and _QUARTER_NAMED.match(headers[0]) else ""
    quarters: dict[int, tuple[int, str]] = {}
    for position, header in enumerate(headers):
        stated = groups.get(position, "") or beside
        if fiscal_year_named(header) is not None and (m := _QUARTER_NAMED.match(stated)):
            quarters[position] = (_ORDINALS[m[1].casefold()] if m[1] else int(m[2]), stated)
    return date_quarters_of_fiscal_years(settings, quarters) if quarters else None


def _on(year: int, day: tuple[int, int]) -> dt.date:
    return dt.date(year, day[0], min(day[1], calendar.monthrange(year, day[0])[1]))


def _undated_spans(
    head: list[list[Any]],
    index: int,
    settings: ImportSettings,
    offered: Offered,
    *,
    fresh: bool,
) -> None:
    """Year columns whose header states a quarter or a span but not the day it ends ("Quarter
    Ended" over 2025 | 2024, "Q3" over 2025 | 2024, "Quarter Ended 2025"): dated on a day
    said aloud in a preview note, never silently on 31 December. A quarter named ("Q3") ends
    its calendar quarter (30 September); a span is dated on the month and day of the title's
    date ("For the quarter ended 30 September 2025"), else on 31 December of its year. A date
    typed as a constant (``constants.date``) tells the day: every such column is dated on its
    month and day, the picked day replaced. Other dates sent back for a column are the
    person's and kept; the note is said while a column keeps the day picked."""
    headers = [c.header for c in settings.columns]
    groups = span_groups(head, index, headers)
    typed = settings.constants.date
    picked: dict[str, list[tuple[int, dt.date]]] = {}  # how a date was picked -> columns
    for position, column in enumerate(settings.columns):
        found = _span_year(column, groups.get(position, ""))
        if found is None:
            continue
        year, stated = found
        how, day = _picked_day(stated, offered)
        auto = _on(year, day)
        if (fiscal := _fiscal_quarter(stated, year, settings)) is not None:
            how, auto = fiscal  # "Q3" of a fiscal year starting in July: March
            day = (auto.month, auto.day)
        if typed is not None:
            how = f'"{stated}" states no day; the date typed ({typed:%d %b %Y}) gives it'
            day = (typed.month, 31 if typed == last_day(typed.year, typed.month) else typed.day)
        date = auto if fiscal is not None and typed is None else _on(year, day)
        if column.period_end not in (None, dt.date(year, 12, 31), auto, date):
            continue  # dated by a day the header row states, or by the person
        if fresh or typed is not None:
            column.period_end = date
        if column.period_end == date:
            picked.setdefault(how, []).append((position, date))
    for how, columns in picked.items():
        named = ", ".join(f'"{headers[p]}"' for p, _ in columns)
        dates = ", ".join(f"{d:%d %b %Y}" for _, d in columns)
        first = columns[0][1]
        if typed is not None:
            why = "the month and day of the date typed (constants.date) for each year"
        elif "of a fiscal year" in how:
            why = (
                "the end of that quarter of the fiscal year (constants.fiscal_year_start), "
                "named after the calendar year it ends in; if the fiscal year starts in "
                "another month, change the fiscal year start"
            )
        elif _QUARTER_NAMED.match(how.split('"')[1]):
            why = (
                "the end of that calendar quarter; if the fiscal year ends in another month, "
                "set each column's period end, or type the day the quarter ends as the date"
            )
        elif (first.month, first.day) != (12, 31):
            why = f"the month and day of the title's date ({offered.date:%d %b %Y})"
        else:
            why = (
                "the last day of the year the header names: if the span ends earlier, type "
                "the day it ends as the date (a quarter ended 30 September 2025: 30 Sep "
                "2025) and every such column is dated on that month and day, or set each "
                "column's period end"
            )
        offered.notes.append(f"{how}: the figures under {named} are dated {dates}, {why}.")


def _sides_below(head: list[list[Any]], index: int) -> bool:
    """The row taken for the header names a balance ("Particulars" | "Closing Balance"
    merged over two columns) over a row of its one Debit | Credit pair, first cell blank (an
    Indian desktop package's trial balance): the pair's row is the header."""
    if index + 1 >= len(head):
        return False
    upper = [cell_text(c) for c in head[index]]
    lower = [cell_text(c) for c in head[index + 1]]
    if not upper or not upper[0] or (lower and lower[0]):
        return False
    sides = [(i, header_role(t)) for i, t in enumerate(lower) if t]
    roles = [role for _, role in sides]
    if sorted(map(str, roles)) != sorted(map(str, (ColumnRole.debit, ColumnRole.credit))):
        return False
    over = [upper[i] if i < len(upper) else "" for i, _ in sides]
    return bool(over[0]) and over[1] in ("", over[0])


def _span_start(text: str, end: dt.date) -> dt.date | None:
    """The first day of the span a title states, when it ends on `end` and covers more than
    its last month: "Jan 2025 - Mar 2025", "January - December 2024", "1 Jan 2025 to 31 Mar
    2025", "01/01/25..12/31/25", "Year ended 31 December 2024", "Three months ended …"."""
    found = _word_dates(text)
    start: dt.date | None = None
    if len(found) >= 2:
        cleaned = re.sub(r"(?i)(\d)(st|nd|rd|th)", r"\1", found[0]).replace(".", " ")
        first = read_period(re.sub(r"\s+", " ", cleaned).strip(" ,"))
        if first is not None and first.end is not None:
            start = first.end if first.day else first.end.replace(day=1)
    elif (short := _numeric_dates(text)) and short[-1] == end and len(short) >= 2:
        marks = list(_NUMERIC_DATE.finditer(text))
        if _RANGE_BETWEEN.match(text[marks[-2].end() : marks[-1].start()]):
            start = short[-2]  # "01/01/25..12/31/25"
    elif (m := _MONTH_RANGE.search(text)) and (month := MONTHS.get(m[1][:3].casefold())):
        if month <= end.month:
            start = dt.date(end.year, month, 1)
    elif m := _ENDED.search(text):
        months = 12 if m[1] else 3 if m[2] else 6
        first_month = (end.year * 12 + end.month - 1) - months + 1
        start = dt.date(first_month // 12, first_month % 12 + 1, 1)
    if start is None or start >= end.replace(day=1):
        return None
    return start


def _company_of(text: str) -> str | None:
    """A title cell naming the entity ("Helena's Academy", "ACME Group — General Ledger"),
    when it can be a company code (see ``elara.finance.companies``). The currency and scale
    a short title states beside the name ("Contoso plc (GBP m)", "Fabrikam Ltd, USD '000")
    are not part of it: ``title_constants`` offers them as the currency and unit."""
    found = _company_text(_without_money_words(text))
    if found is None or code_problem(found) or len(normal_form(found)) > COMPANY_LIMIT:
        return None
    return normal_form(found) or None


# A bracket, or a last comma-separated part, that states only the figures' currency or scale:
# "(GBP m)", "(£m)", "(USD '000)", "(in thousands)", "(GBP)", "(€)", ", USD thousands".
_MONEY_BRACKET = re.compile(r"\s*[(\[]([^)\]]*)[)\]]")
_MONEY_TAIL = re.compile(r",\s*([^,]+)$")
_CURRENCY_ONLY = re.compile(
    r"^(?:(?:all\s+)?(?:amounts?|figures|values)\s+)?(?:(?:in|of)\s+)?([A-Za-z]{3}|[€$£¥])$"
)


def _money_words(text: str) -> bool:
    """Whether a text states only how the figures are written: a scale ("GBP m", "in
    thousands"), a currency ("GBP", "in USD", "£"), or both."""
    text = text.strip()
    if not text:
        return False
    if scale_of(text) is not None:
        return True
    m = _CURRENCY_ONLY.match(text)
    return m is not None and (m[1] in ISO_4217 or not m[1].isalpha())


def _without_money_words(text: str) -> str:
    """A title cell without the brackets (or the last comma's part) stating its figures'
    currency or scale: "Contoso plc (GBP m)" is "Contoso plc"."""
    bare = _MONEY_BRACKET.sub(lambda m: "" if _money_words(m[1]) else m[0], text)
    bare = _MONEY_TAIL.sub(lambda m: "" if _money_words(m[1]) else m[0], bare)
    return bare.strip()


def _company_text(text: str) -> str | None:
    if m := _COMPANY_PREFIX.match(text):
        return m[2].strip()[:COMPANY_LIMIT] or None
    head, colon, tail = text.partition(": ")
    if colon and (_LABELLED_FIGURE.match(tail) or _FIELD_KEY.match(head)):
        # a figure and its label ("Avail Bal : 6790.45 as of 20260623"), an API's field
        # ("currency: CZK", "bic: FIOBCZPPXXX"): no company
        return None
    if colon and tail.strip() and not _REPORT_WORDS.search(head):
        if not _REPORT_WORDS.search(tail):
            return None  # a field and its value ("Kontonummer: DE12 …", "Prepared by: …")
        text = head  # "Acme Ltd: Trial Balance"
    for part in re.split(r"\s+[\u2014\u2013\-|]\s+|:\s+", text):
        part = part.strip()
        if (
            len(part) >= 2
            and re.search(r"[A-Za-z]", part)
            and read_period(part) is None  # "January" of "January - December 2024"
            and not _REPORT_WORDS.search(part)
            and not _DATE_IN_TEXT.search(part)
            and not _YEAR_IN_TEXT.search(part)
            and not _AMOUNT_TEXT.match(part)
            and not _ACCOUNT_WORDS.search(part)  # "7.648,42 EUR": a balance, not a name
            and len(part) <= COMPANY_LIMIT
        ):
            return part
    return None


def _title_texts(row: list[Any]) -> list[str]:
    """A title row's texts, a label cell ("Company:") joined to the value cell after it."""
    cells = [t for t in (cell_text(c) for c in row) if t]
    if len(cells) == 2 and _FILTER_FIELD.match(cells[0]):
        return [f"{cells[0]}: {cells[1]}"]  # a pivot's report filter: "Year" | 2024
    if len(cells) == 2 and _FIELD_KEY.match(cells[0]):
        # an API's key/value preamble ("accountId" | 2200018111, "currency" | CZK): a field
        # and its value, never a title naming the company
        return [f"{cells[0]}: {cells[1]}"]
    out: list[str] = []
    for text in cells:
        if out and out[-1].endswith(":"):  # "Date:" + "29/11/2026" is still a run date
            out[-1] = f"{out[-1]} {text}"
        elif out and _SPLIT_YEAR.match(text) and _MONTH_DAY_END.search(out[-1]):
            out[-1] = f"{out[-1]}, {text}"  # "As of December 31, 2025" split by a CSV's comma
        else:
            out.append(text)
    return out


_SPLIT_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTH_DAY_END = re.compile(r"(?i)\b[a-z]{3,9}\.? \d{1,2}$")


def title_constants(titles: list[list[Any]], headers: list[str]) -> Offered:
    """Constants offered by the cells above the header (and the headers' currency codes)."""
    offered = Offered()
    texts = [t for row in titles for t in _title_texts(row)]
    labelled = False  # the company came from a "Company:" / "Account holder:" label
    # "Budget Analysis Report" over Actual | Budgeted columns: the columns say which is which
    labels = {scenario_word(h) for h in headers}
    beside_actual = bool(labels & ACTUAL) and any(
        label in BESIDE_ACTUAL or label.startswith("budget") for label in labels
    )
    for text in texts:
        if _RUN_DATE.search(text) or _EXCEL_SEPARATOR.match(text):
            continue
        if _FROM_LABEL.match(text):
            continue  # "Von: 01.10.2025": the start of the span; "Bis:" / "To:" ends it
        if chinese_titles(text, offered):
            labelled = labelled or offered.company is not None
            continue  # the entity after 编制单位, "2025年12月", the unit 元
        if offered.fiscal_year is None:
            offered.fiscal_year = fiscal_year_in_text(text)
        if offered.fiscal_year_start is None:
            offered.fiscal_year_start = fiscal_start_in_text(text)  # "FY2025 (July-June)"
        # "FY2025" / "Fiscal Year 2025" is no calendar year: its months may start in 2024
        dated = FISCAL_YEAR_IN_TEXT.sub(" ", text)
        if offered.date is None and (date := _date_of(dated)) is not None:
            offered.date = date
            offered.covers_from = _span_start(dated, date)
        if m := _YEAR_FILTER.match(text):  # "Year: 2024"; "Year: (All)" says nothing
            if offered.date is None and re.fullmatch(r"(19|20|21)\d\d", m[1]):
                offered.date = dt.date(int(m[1]), 12, 31)  # the figures are the year's
            continue
        if offered.year is None and (m := _YEAR_IN_TEXT.search(dated)):
            offered.year = int(m[1])
        if not labelled and (company := _company_of(text)):
            # "Kontoinhaber: Mustermann GmbH" below a bank title: the labelled name wins
            labelled = _COMPANY_PREFIX.match(text) is not None
            if offered.company is None or labelled:
                offered.company = company
        if offered.scenario is None and not beside_actual:
            offered.scenario = scenario_of_title(text)  # "Budget 2025", "Forecast FY26"
    if offered.date is not None:
        offered.year = offered.date.year
    if found := stated_scale(texts):
        offered.unit_multiplier = found[0]  # type: ignore[assignment]
    for text in texts + headers:
        codes = [c for c in _CODE_IN_TEXT.findall(text) if c in ISO_4217]
        if codes and offered.currency is None:
            offered.currency = codes[0]
    if offered.currency is None:
        offered.currency = next(filter(None, map(header_currency_word, headers)), None)
    if offered.currency is None:
        # "£'000", "(€)": a symbol only one currency uses ($ and ¥ are several countries')
        signs = {_ONE_CURRENCY[ch] for text in texts for ch in text if ch in _ONE_CURRENCY}
        if len(signs) == 1:
            offered.currency = signs.pop()
    if offered.currency is None:
        # "A$ millions", "Amount (NZ$)": a dollar its country's letters name, one throughout
        named = {
            mark_currency(m[1], "$")
            for text in texts + headers
            for m in _NAMED_DOLLAR.finditer(text)
        }
        if len(named) == 1 and None not in named:
            offered.currency = named.pop()
    return offered


_ONE_CURRENCY = {"£": "GBP", "€": "EUR"}
_NAMED_DOLLAR = re.compile(r"\b([A-Z]{1,3}) ?\$")


def _fee_kinds(settings: ImportSettings, headers: list[str]) -> None:
    """What a bank, wallet or processor took for a statement's lines ("Fee", "Commission"
    beside the one amount kept apart as money in and out) is a cost: suggested as an operating
    expense, so it shows as one, positive as every cost (docs/finance.md, "Signs"). Only
    there: elsewhere a "Fees" column may be a firm's fee income."""
    plan = build_plan(headers, settings)
    index = plan.direction_slot
    if index is None:
        return
    for i, slot in enumerate(plan.slots):
        if i != index and slot.account is not None and key(slot.label) in FEE_HEADERS:
            settings.account_kinds.setdefault(slot.account, AccountKind.operating_expense.value)


@dataclass(frozen=True)
class _Listed:
    """A table's listed accounts, read once per suggestion: the measure headers, the account
    column's labels (section headings among them) and that column's position."""

    measures: list[str]
    lines: list[str]
    label: int | None

    @property
    def accounts(self) -> list[str]:
        return [*self.measures, *self.lines]


def _listed_accounts(rows: list[list[Any]], settings: ImportSettings) -> _Listed:
    measures = [c.header for c in settings.columns if c.role is ColumnRole.measure and c.header]
    label = next((i for i, c in enumerate(settings.columns) if c.role is ColumnRole.account), None)
    lines = [] if label is None else [cell_text(r[label]) for r in rows if label < len(r)]
    return _Listed(measures, [a for a in lines if a], label)


# Statements whose lines are not income and expense: a statement of cash flows (or a
# cash-flow forecast: its lines move cash, "Depreciation" is added back) and a balance sheet
# (balances at a date). Said by the title, or by two of their own lines.
_STATEMENTS: dict[Statement, tuple[re.Pattern[str], re.Pattern[str], AccountKind]] = {
    "cash_flow": (
        re.compile(r"(?i)\bcash[- ]?flows?\b|kapitalflussrechnung|flux de trésorerie"),
        re.compile(
            r"(?i)\bcash[- ]?flows? (?:from|used|provided)\b|"
            r"\bnet cash (?:provided|used|from|generated|inflow|outflow)"
        ),
        AccountKind.non_financial,
    ),
    "balance_sheet": (
        re.compile(
            r"(?i)\bbalance sheet\b|statement of financial (?:position|condition)|"
            r"^bilanz\b|^bilan\b"
        ),
        re.compile(
            r"(?i)^total (?:assets|liabilities(?: and (?:stockholders |shareholders )?equity)?)$"
        ),
        AccountKind.balance_sheet,
    ),
}


def _statement_of(titles: list[str], accounts: list[str]) -> Statement | None:
    """ "cash_flow" or "balance_sheet" when the title says so, or two of its lines do
    ("Cash flows from operating activities", "Net cash used in investing activities"; "Total
    assets", "Total liabilities"); None for anything else (a P&L, a ledger, a trial balance)."""
    for name, (title, line, _) in _STATEMENTS.items():
        if any(title.search(t) for t in titles):
            return name
        if sum(1 for a in accounts if line.search(a.strip())) >= 2:
            return name
    return None


def _statement_kinds(
    rows: list[list[Any]], settings: ImportSettings, statement: Statement, listed: _Listed
) -> None:
    """Every line with figures of a cash flow statement is non-financial, of a balance sheet a
    balance-sheet account: stored and listed, never added into revenue, costs or net income
    (their "Net income" restates the P&L's). Section headings ("Cash flows from investing
    activities") carry no figures: a label of the account column with no digit beside it
    (whichever column holds the labels: a code or a note may come first)."""
    kind = _STATEMENTS[statement][2].value
    label = listed.label
    headings = {
        cell_text(r[label])
        for r in rows
        if label is not None
        and label < len(r)
        and not any(re.search(r"\d", cell_text(c)) for i, c in enumerate(r) if i != label)
    }
    for account in listed.accounts:
        if account not in headings:
            settings.account_kinds[account] = kind


def _subtotal_kinds(settings: ImportSettings, accounts: list[str]) -> None:
    """Statement lines that are subtotals (Gross Profit, Total Revenue) marked as such."""
    for account in accounts:
        if account and suggest_kind(account) is AccountKind.subtotal:
            settings.account_kinds.setdefault(account, AccountKind.subtotal.value)
    for account, kind in statement_kinds(accounts).items():
        settings.account_kinds.setdefault(account, kind)  # a P&L's "Interest payable"


def _sheet_under(source: Source) -> Source:
    """The workbook sheet a source reads, through its outline and header wrappers."""
    while isinstance(source, OutlineSource | HeaderlessSheet):
        source = source.inner
    return source


def _format_currency(source: Source) -> str | None:
    """The one currency the number formats of a workbook sheet's numbers state, if any (two,
    "€" in one column and "£" in another, state none for the whole sheet)."""
    inner = _sheet_under(source)
    if not isinstance(inner, FastSheetSource) or inner.name is None:
        return None
    found = format_currencies(inner.path, inner.name)
    return next(iter(found)) if len(found) == 1 else None


def _percent_columns(source: Source, header_row: int) -> frozenset[int]:
    """Positions of a workbook sheet's columns whose numbers are all formatted as
    percentages (below ``header_row``, 1-based)."""
    inner = _sheet_under(source)
    if not isinstance(inner, FastSheetSource) or inner.name is None:
        return frozenset()
    return percent_columns(inner.path, inner.name, header_row)


def suggest_table(
    source: Source,
    *,
    header_row: int | None = None,
    settings: ImportSettings | None = None,
    forced: dict[int, ColumnRole] | None = None,
    head: list[list[Any]] | None = None,
    fiscal_default: int | None = None,
) -> tuple[ImportSettings, Offered, int, list[str]]:
    """Settings for one table (the given ones completed), offered constants, header index.

    ``head`` is the source's first rows when the caller has read them already (reading a
    big workbook's head loads the whole sheet); ``fiscal_default`` the admin's fiscal year
    start, for months under a title naming a fiscal year ("FY2025")."""
    head = source.head() if head is None else head
    if settings is not None and settings.header_row is not None and header_row is None:
        header_row = settings.header_row
    index = header_row - 1 if header_row else (find_header_row(head) if head else 0)
    years_above = None if header_row else years_over_periods(head, index)
    scenarios = None if header_row or years_above else scenario_columns(head, index)
    if not header_row and not years_above and not scenarios and index > 0:
        # The labels' row was taken for the header: the year row above it still dates it.
        years_above = years_over_periods(head, index - 1)
        scenarios = None if years_above else scenario_columns(head, index - 1)
        if years_above or scenarios:
            index -= 1
    if years_above:
        index += 1  # the periods' row is the header; the year row above dates its columns
        forced = {**(forced or {}), **dict.fromkeys(years_above, ColumnRole.amount)}
    elif scenarios:
        index += 1  # "Actual | Budget" under each period: actuals are the records
        forced = dict(forced or {})
        for position, (_, actual) in scenarios.items():
            forced[position] = ColumnRole.amount if actual else ColumnRole.quantity
    companies_above = {}
    if not header_row and not years_above and not scenarios:
        # "NW-US" merged over Jan | Feb, "NW-UK" over the same: the periods' row is the header.
        texts = [t for row in head[: max(index - 1, 0)] for t in _title_texts(row)]
        companies_above = companies_over_periods(head, index - 1, [*texts, source.name or ""])
        if not companies_above:
            texts = [t for row in head[:index] for t in _title_texts(row)]
            companies_above = companies_over_periods(head, index, [*texts, source.name or ""])
            index += 1 if companies_above else 0
    bands = None
    if not header_row and not years_above and not scenarios and not companies_above:
        bands = balance_bands(head, index)  # 期初余额 | 本期发生额 | 期末余额 over 借方 | 贷方
        if bands:
            forced = {**bands, **(forced or {})}
        index += (
            1 if bands or span_groups_over_periods(head, index) or _sides_below(head, index) else 0
        )
    raw_header = list(head[index]) if index < len(head) else []
    width = max((len(r) for r in head), default=0)
    headers = unique_headers(raw_header + [None] * (width - len(raw_header)))
    # "Actual" | "Budget" merged over the periods: part of the header, not a title.
    over = 0 < index <= len(head) and scenario_row(head[index - 1])
    top = index - 1 if over and actuals_over_periods(head, index - 1) else index
    offered = title_constants(head[:top], headers)
    offered.opening_balance, offered.closing_balance = stated_balances(head[:top])
    if offered.scenario is None and source.name:
        offered.scenario = scenario_of_title(source.name)  # a sheet named "Budget"
    if offered.currency is None and (currency := _format_currency(source)):
        offered.currency = currency  # "[$€-x-euro2] #,##0.00": how its amounts are shown
    result = settings.model_copy(deep=True) if settings is not None else ImportSettings()
    given_start = result.constants.fiscal_year_start
    stated_start = given_start if given_start is not None else offered.fiscal_year_start
    if given_start is None and stated_start is not None:
        result.constants.fiscal_year_start = stated_start  # "(July-June)": kept where used
    elif given_start is None and fiscal_default is not None and 1 <= fiscal_default <= 12:
        result.constants.fiscal_year_start = fiscal_default  # kept only where it is used
    result.header_row = index + 1
    titles = [t for row in head[:top] for t in _title_texts(row)]
    named = [dimension_named(t) for t in [*titles, source.name or "", *headers]]
    offered.dimension = next((n for n in named if n), None)  # "Profit and Loss by Class"
    fresh = not result.columns
    batch_roles = table_roles(headers)  # a booking batch for the tax adviser (DATEV)
    if fresh and batch_roles is not None:
        forced = {**batch_roles, **(forced or {})}
    if fresh and (rates := _percent_columns(source, index + 1)):
        # "Tax" showing 20%: a rate, never money (a role given by the caller still wins).
        forced = {**dict.fromkeys(rates, ColumnRole.quantity), **(forced or {})}
    if fresh:
        profiles = profile_table(headers, head[index + 1 :])
        statement = any(_BANK_STATEMENT.search(t) for t in [*titles, source.name or ""])
        roles = suggest_roles(profiles, forced=forced, statement=statement)
        result.columns = column_settings(profiles, roles)
        headed = {
            code
            for column in result.columns
            if column.role is ColumnRole.amount and (code := header_currency(column.header))
        }
        if len(headed) > 1:  # one money column per currency ("CAD$", "USD$"): each its own
            offered.currency = None
        for position, (year, period) in (years_above or {}).items():
            result.columns[position].period_end = resolve(period, year=year, as_of=None)
        for position, (end, actual) in (scenarios or {}).items():
            if actual and end is not None:
                result.columns[position].period_end = end
        year_to_date_columns(head, index, result, offered, fresh=True)
        _date_years_by_span_row(head, index, result)
        _undated_spans(head, index, result, offered, fresh=True)
        if companies_above:
            _company_columns(result.columns, companies_above)
        elif not suggest_entities(result.columns, [*titles, source.name or ""]):
            numeric = frozenset(p.position for p in profiles if p.numeric)
            suggest_members(result.columns, [*titles, source.name or ""], numeric)
        restating_columns(head[index + 1 :], result)
        ignore_beyond_twelve(result)
    columns_read = profiles if fresh else profile_table(headers, head[index + 1 :])
    if len(result.columns) == len(headers) and (note := other_dates(columns_read, result.columns)):
        offered.notes.append(note)  # said again under the person's settings
    # "Income statement FY2025" over JAN … DEC: each month dated in that fiscal year
    note = None
    if offered.fiscal_year is not None and offered.year is None:
        note = date_months_by_fiscal_year(
            result, offered.fiscal_year, start_given=stated_start is not None
        )
    if note is not None:
        offered.notes.append(note)
    if offered.fiscal_year is not None and offered.year is None:
        # "FY2025 (July-June)" over Q1 … Q4: Q1 is the fiscal year's first quarter
        quarters = date_quarters_by_fiscal_year(
            result,
            offered.fiscal_year,
            start_given=result.constants.fiscal_year_start is not None,
        )
        if quarters is not None:
            offered.notes.append(quarters)
            note = note or quarters
    date_fiscal_columns(result)  # by the settings' fiscal year start (given, else January)
    if (said := _quarters_over_fiscal_years(head, index, result)) is not None:
        offered.notes.append(said)  # "Q3" over FY2025 | FY2024: that quarter of each year
    listed = _listed_accounts(head[index + 1 :], result)  # the columns' roles are final
    if fresh:
        _subtotal_kinds(result, listed.accounts)
        _fee_kinds(result, headers)
        if result.sign is None and charges_positive(head[index + 1 :], result):
            result.sign = SignConvention.debit_positive  # a card issuer's view: said aloud
        netted_kinds(head[index + 1 :], result, offered)
    else:  # the person's settings: their kinds stand, the notes on them are said again
        netted_notes(head[index + 1 :], result, offered)
        year_to_date_columns(head, index, result, offered, fresh=False)
        _undated_spans(head, index, result, offered, fresh=False)
    # A statement's lines, not a wide sheet's measures ("Cash Flow from Investing" beside
    # Revenue and EBITDA in a market-data file is one figure among many).
    offered.statement = _statement_of(titles, listed.lines)
    if offered.statement is not None and fresh:
        _statement_kinds(head[index + 1 :], result, offered.statement, listed)
    if any(c.role is ColumnRole.entity for c in result.columns):
        offered.company = None  # the headers name the companies (not the group in the title)
    if offered.unit_multiplier is None and (found := stated_scale(_money_headers(result))):
        offered.unit_multiplier = found[0]  # type: ignore[assignment]
    fiscal_quarters = any("quarter of a fiscal year" in n for n in offered.notes)
    if given_start is None and not uses_fiscal_start(
        result, months_by_title=bool(note) or fiscal_quarters
    ):
        result.constants.fiscal_year_start = None
    _apply_offered(result, offered, headers)
    day_month_constants(result, offered, head, index)
    return result, offered, index, headers


def _company_columns(columns: list[ColumnSetting], found: dict[int, tuple[str, dt.date]]) -> None:
    """Each period column under a company its records' company and date; the companies'
    total columns beside them are not stored (their sums are not checked)."""
    for position, (company, end) in found.items():
        column = columns[position]
        column.role, column.company, column.period_end = ColumnRole.entity, company, end
    for position, column in enumerate(columns):
        if position not in found and column.role in (*VALUE_ROLES, ColumnRole.quantity):
            column.role = ColumnRole.ignore  # "Total", "NW-US Total", "Consolidated"
    if not any(c.role is ColumnRole.account for c in columns):
        labels = [
            i
            for i, c in enumerate(columns[: min(found)])
            if c.role in (ColumnRole.dimension, ColumnRole.description, ColumnRole.category)
        ]
        if labels:
            columns[labels[-1]].role = ColumnRole.account


def _money_headers(settings: ImportSettings) -> list[str]:
    """Headers of the money columns ("Amount ($000s)"); a quantity's "(000s)" is no scale."""
    return [c.header for c in settings.columns if c.role in VALUE_ROLES]


def _apply_offered(settings: ImportSettings, offered: Constants, headers: list[str]) -> None:
    """Fill the constants the table needs from what its titles offer; the scale they state
    is filled in too (and stated by every preview), unless the settings say 1."""
    plan = build_plan(headers, settings)
    needs = list(plan.needs)
    if plan.position(ColumnRole.currency) is None:
        needs.append("currency")  # "Amounts in USD": the file says it, no column does
    constants = settings.constants
    for name in needs:
        if getattr(constants, name) is None and getattr(offered, name) is not None:
            setattr(constants, name, getattr(offered, name))
    if "year" in needs and constants.year is None and constants.date is not None:
        constants.year = constants.date.year
    if constants.unit_multiplier is None:
        constants.unit_multiplier = offered.unit_multiplier
    if constants.dimension is None and plan.member_dimension is not None:
        constants.dimension = offered.dimension  # the title's "by Class" names the members
    if constants.scenario is None and plan.position(ColumnRole.scenario) is None:
        constants.scenario = offered.scenario  # stated by every preview (see pipeline)


def suggest_settings(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    settings: ImportSettings | None = None,
    limits: ZipLimits | None = None,
    fiscal_default: int | None = None,
) -> Suggestion:
    """Suggested settings for a sheet (or the CSV), the constants still needed, titles' offer."""
    wanted = sheet or (settings.sheet if settings is not None else None)
    _, sheets, sources = open_tables(Path(path), sheet=wanted, limits=limits)
    try:
        source = sources[0]
        result, offered, index, headers = suggest_table(
            source, header_row=header_row, settings=settings, fiscal_default=fiscal_default
        )
        # Every sheet asked for ("*"): the settings say so, so that the preview reads what the
        # store will (each sheet suggested its own way, see `FileParser._prepare`).
        result.sheet = EVERY_SHEET if wanted == EVERY_SHEET else source.name
    finally:
        for s in sources:
            if (text := text_file(s)) is not None:
                text.close()
    plan = build_plan(headers, result)
    if wanted is None and not plan.slots and len(sheets) > 1:
        # A cover or contents sheet first (management packs, annual-report workbooks): the
        # first sheet that holds money is the one to read.
        for name in sheets[1:MAX_SHEETS_TRIED]:
            _, _, others = open_tables(Path(path), sheet=name, limits=limits)
            found = suggest_table(
                others[0], header_row=header_row, settings=settings, fiscal_default=fiscal_default
            )
            if build_plan(found[3], found[0]).slots:
                result, offered, index, headers = found
                result.sheet = name
                plan = build_plan(headers, result)
                break
    return Suggestion(
        result, needs_of(plan.needs, result, offered), offered, sheets, index + 1, headers
    )


MAX_SHEETS_TRIED = 20
EVERY_SHEET = "*"
