"""Suggest import settings for a file: header row, a role per column, constants from titles."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from elara.core.scenarios import scenario_of_title
from elara.finance.companies import COMPANY_LIMIT, code_problem, normal_form
from elara.finance.kinds import AccountKind, statement_kinds, suggest_kind
from elara.ingest.direction import charges_positive
from elara.ingest.entities import companies_over_periods, suggest_entities
from elara.ingest.headers import cell_text, find_header_row, unique_headers
from elara.ingest.members import dimension_named, suggest_members
from elara.ingest.outline import OutlineSource, text_file
from elara.ingest.periods import (
    MONTH,
    QUARTER,
    Period,
    is_year_number,
    read_period,
    resolve,
    span_level,
)
from elara.ingest.plan import VALUE_ROLES, build_plan
from elara.ingest.profile import profile_table
from elara.ingest.readers import Source
from elara.ingest.restating import find as find_restating
from elara.ingest.restating import restating_positions
from elara.ingest.roles import column_settings, suggest_roles
from elara.ingest.scale import stated_scale
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
from elara.ingest.values import ISO_4217, MONTHS, ValueProblem, float_to_units, parse_amount
from elara.ingest.vocabulary import FEE_HEADERS, REPORT_FOOTER, header_role, key
from elara.ingest.workbook import (
    FastSheetSource,
    HeaderlessSheet,
    format_currencies,
    open_tables,
    percent_columns,
)

# Words of a report's title, not of a company's name (substrings: "Buchungsjournal").
_REPORT_WORDS = re.compile(
    r"(?i)(trial balance|profit (and|&) loss|p ?& ?l\b|income statement|balance sheet|"
    r"ledger|journal|report|statement|budget|forecast|cash ?flow|export|summary|detail|"
    r"transactions|amounts?\b|\bpage\b|generated|printed|\bbasis\b|as (at|of)\b|"
    r"year ended|\bended\b|\bending\b|period|currency|figures|thousands|millions|"
    r"financial|accounts\b|"
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
    r"(?i)ums[äa]tze|girokonto|kontoauszug|kontostand|\bsaldo\b|\bsolde\b|tagesgeld|relev[ée]|"
    r"t[ée]l[ée]chargement|compte (?:de d[ée]p[ôo]t|courant|ch[èe]ques)|mutaties|afschrift|"
    r"(?:checking|current|savings) account"
)
_RUN_DATE = re.compile(REPORT_FOOTER)
_AMOUNT_TEXT = re.compile(r"^(?:[A-Z]{3}|[€$£])?\s*[-+]?[\d.,'\s\u00a0]*\d\s*(?:[A-Z]{3}|[€$£])?$")
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


# How long a column group's figures run, as its header says: "Three Months Ended …",
# "Quarter Ended", "Six Months Ended", "Nine Months Ended", "Twelve Months Ended", "Year
# Ended", "Current Month"; "Year to Date" / "YTD" runs from the year's start, longer than any
# span beside it.
_GROUP_SPAN = re.compile(
    r"(?i)\b(?:(year[\s-]+to[\s-]+date|ytd)|"
    r"(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})[\s-]+months?|"
    r"(quarter|qtr|qtd)|(half[\s-]?year)|(fiscal\s+year|year)|(current\s+month|month|mtd))\b"
)
_WORDS = "one two three four five six seven eight nine ten eleven twelve"
_NUMBER_WORDS = {w: i for i, w in enumerate(_WORDS.split(" "), start=1)}
TO_DATE = 99  # a year to date: longer than any span stated beside it


def group_span(text: str) -> int | None:
    """The months a column group's header says its figures cover ("Nine Months Ended
    September 30," is 9, "Quarter Ended" 3, "Current Month" 1, "Year to Date" ``TO_DATE``),
    or None."""
    if not (m := _GROUP_SPAN.search(text)):
        return None
    if m[1]:
        return TO_DATE
    if m[2]:
        word = m[2].casefold()
        months = int(word) if word.isdigit() else _NUMBER_WORDS[word]
        return months if 1 <= months <= 12 else None
    if m[3]:
        return 3
    if m[4]:
        return 6
    if m[6]:
        return 1  # "Current Month" beside "Year to Date"
    if not re.match(r"(?i)[\s-]+(?:ended|ending)\b", text[m.end() :]):
        return None  # "year" alone ("Prior year") states no span
    return 12


def _span_groups(head: list[list[Any]], index: int, headers: list[str]) -> dict[int, str]:
    """Each column's group header: the cell above it on the row over the headers, or the
    nearest one to its left (a merged cell, or a group written once over blank cells); the
    header itself when it states the span ("Three Months Ended Sep 30, 2025")."""
    above = [cell_text(c) for c in head[index - 1]] if 0 < index <= len(head) else []
    groups: dict[int, str] = {}
    current = ""
    for position, header in enumerate(headers):
        text = above[position] if 0 < position < len(above) else ""
        if text:  # a title in the first column is not a group
            current = text
        if group_span(header) is not None:
            groups[position] = header
        elif current:
            groups[position] = current
    return groups


def _span_groups_over_periods(head: list[list[Any]], index: int) -> bool:
    """The row taken for the header names column groups of two spans or more ("Month" |
    "YTD", "Three Months Ended …" | "Nine Months Ended …") over a row of periods (Mar-25 |
    Mar-24 …, 2025 | 2024 …): the periods' row is the header, the groups are read above it."""
    if index + 1 >= len(head):
        return False
    cells = [cell_text(c) for c in head[index][1:]]
    spans = {months for text in cells if text and (months := group_span(text)) is not None}
    if len(spans) < 2 or any(text and group_span(text) is None for text in cells):
        return False
    below = [cell_text(c) for c in head[index + 1][1:]]
    return sum(1 for text in below if text and read_period(text) is not None) >= 2


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


_MONEY_ROLES = (ColumnRole.amount, ColumnRole.quantity, ColumnRole.measure)


def _own_span(column: ColumnSetting) -> int | None:
    """The months a money column's own period header spans when it states no span in words:
    a month ("Mar-25", "JAN") one, a quarter ("Q1 2025") three; None for anything else (a
    year beside quarters is a period of its own, see ``periods.summary_columns``)."""
    if column.role not in _MONEY_ROLES:
        return None
    period = read_period(column.header)
    if period is None or period.day:
        return None
    return {MONTH: 1, QUARTER: 3}.get(span_level(column.header) or 0)


def _in_group(column: ColumnSetting) -> bool:
    """A column that can belong to a span group: money, or left out with a period header
    ("2025 (2)", a year named twice); not a "% Change" beside the years."""
    if column.role in _MONEY_ROLES:
        return True
    named = re.sub(r"\s\(\d+\)$", "", column.header)
    return column.role is ColumnRole.ignore and read_period(named) is not None


def _restates(columns: list[ColumnSetting], position: int, months: int, kept: list[int]) -> bool:
    """Whether a longer column covers one of the shorter ones: its span, ending on its date,
    holds theirs ("Nine Months Ended Sep 30, 2025" holds the quarter to 30 September 2025; a
    year ended 31 December 2024 holds no quarter of 2025). Undated, it is taken as covering
    them (a group over "2025 (2)")."""
    end = columns[position].period_end
    ends = [e for k in kept if (e := columns[k].period_end) is not None]
    if end is None or not ends:
        return True
    last = end.year * 12 + end.month
    return any(last - months < e.year * 12 + e.month <= last for e in ends)


def _to_date_columns(
    head: list[list[Any]], index: int, settings: ImportSettings
) -> tuple[list[int], list[int], dict[int, str]]:
    """The columns of a longer span beside a shorter one: a 10-Q's "Nine Months Ended
    September 30," (2025 | 2024) beside "Three Months Ended September 30," restates the
    quarter and the two before it; "Twelve Months Ended 31 March 2025" beside Jan-25 … Mar-25
    restates them. Returns those positions, the shortest span's positions and each column's
    group header; nothing when no column states a span in words, or only one span is seen."""
    columns = settings.columns
    headers = [c.header for c in columns]
    groups = _span_groups(head, index, headers)
    stated = {
        p: months
        for p, text in groups.items()
        if p < len(columns) and _in_group(columns[p]) and (months := group_span(text))
    }
    if not stated:
        return [], [], {}
    spans = {
        p: months
        for p, column in enumerate(columns)
        if (months := stated.get(p) or _own_span(column)) is not None
    }
    if len(set(spans.values())) < 2:
        return [], [], {}
    shortest = min(spans.values())
    kept = [p for p, months in spans.items() if months == shortest]
    longer = [p for p, months in spans.items() if months > shortest]
    longer = [p for p in longer if _restates(columns, p, spans[p], kept)]
    groups = {p: groups.get(p, headers[p]) for p in range(len(columns))}
    return longer, kept, groups


def _said(positions: list[int], headers: list[str], groups: dict[int, str]) -> str:
    """Columns as a note names them: their group header(s) when a row above states the
    span ('the "2025 (2)", "2024 (2)" columns under "Nine Months Ended September 30,"'),
    else their own headers ("Nine Months Ended Sep 30, 2025")."""
    columns = ", ".join(f'"{headers[p]}"' for p in positions)
    above = list(dict.fromkeys(groups[p].strip() for p in positions if groups[p] != headers[p]))
    if not above:
        return f"the columns {columns}"
    return f"the columns {columns} under " + ", ".join(f'"{g}"' for g in above)


def _year_to_date_columns(
    head: list[list[Any]], index: int, settings: ImportSettings, offered: Offered, *, fresh: bool
) -> None:
    """A 10-Q's year-to-date columns beside the quarter's: listed, never stored (as a
    budget's "Q1 Total" or "FY 2026" beside its months), with a preview note naming them.
    Settings sent back keep the person's roles; the note is said while they are not stored."""
    longer, kept, groups = _to_date_columns(head, index, settings)
    if fresh:
        for position in longer:
            settings.columns[position].role = ColumnRole.ignore
            settings.columns[position].period_end = None
    unstored = [p for p in longer if settings.columns[p].role is ColumnRole.ignore]
    if unstored:
        headers = [c.header for c in settings.columns]
        said = _said(unstored, headers, groups)
        offered.notes.append(
            f"{said[0].upper()}{said[1:]} are taken as year to date: they restate a longer "
            f"span that includes {_said(kept, headers, groups)}, so they are listed and not "
            "stored (the money would count twice). Only the shorter span's figures are stored."
        )


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
    when it can be a company code (see ``elara.finance.companies``)."""
    found = _company_text(text)
    if found is None or code_problem(found) or len(normal_form(found)) > COMPANY_LIMIT:
        return None
    return normal_form(found) or None


def _company_text(text: str) -> str | None:
    if m := _COMPANY_PREFIX.match(text):
        return m[2].strip()[:COMPANY_LIMIT] or None
    head, colon, tail = text.partition(": ")
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
    for text in texts:
        if _RUN_DATE.search(text) or _EXCEL_SEPARATOR.match(text):
            continue
        if _FROM_LABEL.match(text):
            continue  # "Von: 01.10.2025": the start of the span; "Bis:" / "To:" ends it
        if offered.date is None and (date := _date_of(text)) is not None:
            offered.date = date
            offered.covers_from = _span_start(text, date)
        if m := _YEAR_FILTER.match(text):  # "Year: 2024"; "Year: (All)" says nothing
            if offered.date is None and re.fullmatch(r"(19|20|21)\d\d", m[1]):
                offered.date = dt.date(int(m[1]), 12, 31)  # the figures are the year's
            continue
        if offered.year is None and (m := _YEAR_IN_TEXT.search(text)):
            offered.year = int(m[1])
        if offered.company is None and (company := _company_of(text)):
            offered.company = company
        if offered.scenario is None:
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
        # "£'000", "(€)": a symbol only one currency uses ($ and ¥ are several countries')
        signs = {_ONE_CURRENCY[ch] for text in texts for ch in text if ch in _ONE_CURRENCY}
        if len(signs) == 1:
            offered.currency = signs.pop()
    return offered


_ONE_CURRENCY = {"£": "GBP", "€": "EUR"}


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


_NETTED = re.compile(r"(?i)\bnet\b")
_COSTS = (AccountKind.cost_of_sales, AccountKind.operating_expense)


# A net line named for both directions: the word outside the brackets is what a figure
# shown without brackets is ("Other (income) expense, net": an expense; "Other income
# (expense), net": income).
_BOTH_WAYS = re.compile(
    r"(?i)\((income|expense|gain|loss)\)\s*(income|expense|gain|loss)\b|"
    r"\b(income|expense|gain|loss)\s*\((income|expense|gain|loss)\)"
)
_INCOME_WORDS = frozenset({"income", "gain"})


def _both_ways(name: str) -> AccountKind | None:
    """The kind a both-ways net line's name gives a figure shown without brackets, or None
    when the name states one direction only."""
    m = _BOTH_WAYS.search(name)
    if m is None:
        return None
    inside, outside = (m[1], m[2]) if m[1] else (m[4], m[3])
    if (inside.casefold() in _INCOME_WORDS) == (outside.casefold() in _INCOME_WORDS):
        return None
    income = outside.casefold() in _INCOME_WORDS
    return AccountKind.other_income if income else AccountKind.other_expense


_INCOME = (AccountKind.revenue, AccountKind.other_income)
_SPENT = (*_COSTS, AccountKind.other_expense, AccountKind.tax)


def _stated_direction(
    lines: list[tuple[str, dict[int, int]]], at: int, kinds: dict[str, str]
) -> AccountKind | None:
    """Whether the statement adds the net line at ``at`` as shown (other income) or subtracts
    it (other expense), read off its own subtotals: the subtotal after the line ("Income
    before income taxes") must be the subtotal before it ("Operating income") plus the income
    and less the costs between them (costs shown positive), in every column. None when no
    such pair of subtotals holds the line, a line between has no kind, or both ways (or
    neither) tie out."""

    def kind_of(name: str) -> AccountKind | None:
        chosen = kinds.get(name)
        return AccountKind(chosen) if chosen else suggest_kind(name)

    def subtotal(i: int) -> bool:
        return kind_of(lines[i][0]) is AccountKind.subtotal

    before = next((i for i in range(at - 1, -1, -1) if subtotal(i)), None)
    after = next((i for i in range(at + 1, len(lines)) if subtotal(i)), None)
    if before is None or after is None:
        return None
    between = [i for i in range(before + 1, after) if i != at]
    signs = {}
    for i in between:
        kind = kind_of(lines[i][0])
        if kind not in _INCOME and kind not in _SPENT:
            return None
        signs[i] = 1 if kind in _INCOME else -1
    found = []
    for kind, sign in ((AccountKind.other_income, 1), (AccountKind.other_expense, -1)):
        columns = set(lines[before][1]) | set(lines[after][1]) | set(lines[at][1])
        ties = all(
            lines[before][1].get(c, 0)
            + sum(signs[i] * lines[i][1].get(c, 0) for i in between)
            + sign * lines[at][1].get(c, 0)
            == lines[after][1].get(c, 0)
            for c in columns
        )
        if ties and any(lines[at][1].get(c) for c in columns):
            found.append(kind)
    return found[0] if len(found) == 1 else None


def _netted_kinds(rows: list[list[Any]], settings: ImportSettings, offered: Offered) -> None:
    """Which way a statement's net other line counts ("Other expense, net", "Other (income)
    expense, net"), so that its own "Income before income taxes" is what the dashboard
    computes; the figure stays as the file states it.

    Where the costs are shown positive, the statement's subtotals decide: the line is added
    as shown (other income: a 10-K's "Other expense, net" of "(87)") or subtracted (other
    expense: "Other (income) expense, net", its net income in brackets) as the subtotal after
    it is the one before it plus or less the line (see `_netted_note` in the preview).
    Without such subtotals, a cost-named net line shown only in brackets is added (as
    before), and a line named both ways is read by the word outside its brackets, with a
    note that the direction is assumed."""
    label = next((i for i, c in enumerate(settings.columns) if c.role is ColumnRole.account), None)
    values = [i for i, c in enumerate(settings.columns) if c.role is ColumnRole.amount]
    if label is None or not values:
        return
    lines = [
        (
            cell_text(r[label]),
            {p: u for p in values if p < len(r) and (u := cell_units(r[p])) is not None},
        )
        for r in rows
        if label < len(r) and cell_text(r[label])
    ]
    positive_costs = any(
        suggest_kind(name) in _COSTS and _signs_of(units) == {1} for name, units in lines
    )
    for at, (name, units) in enumerate(lines):
        named = suggest_kind(name)
        if name in settings.account_kinds or named not in (
            AccountKind.other_income,
            AccountKind.other_expense,
        ):
            continue
        if not _NETTED.search(name):
            continue
        stated = _stated_direction(lines, at, settings.account_kinds) if positive_costs else None
        both = _both_ways(name)
        if stated is not None:
            settings.account_kinds[name] = stated.value  # as the statement counts it
            if stated is AccountKind.other_expense and named is not stated:
                offered.notes.append(
                    f'"{name}" is subtracted to reach the statement\'s own subtotal after it: '
                    "it is read as other expense, net (a figure in brackets is net income). "
                    "Change its kind if that is wrong."
                )
        elif positive_costs and both is None and named is AccountKind.other_expense:
            if _signs_of(units) == {-1}:  # shown in brackets where costs are not
                settings.account_kinds[name] = AccountKind.other_income.value
        elif both is not None:
            settings.account_kinds[name] = both.value
            said = "an expense" if both is AccountKind.other_expense else "income"
            offered.notes.append(
                f'"{name}" is named for both directions and no subtotal of the statement shows '
                f"which way it counts: a figure shown without brackets is read as {said}, "
                "one in brackets as the other way. Check it against the statement and change "
                "its kind if that is wrong."
            )


def _netted_notes(rows: list[list[Any]], settings: ImportSettings, offered: Offered) -> None:
    """The notes ``_netted_kinds`` gives a file, for settings sent back: suggested again
    without the kinds of both-ways net lines, each note kept when the person's kind for its
    line is still the one suggested (a kind they changed stands, unsaid)."""
    probe = settings.model_copy(deep=True)
    probe.account_kinds = {n: k for n, k in probe.account_kinds.items() if _both_ways(n) is None}
    found = Offered()
    _netted_kinds(rows, probe, found)
    for note in found.notes:
        name = note.split('"')[1]
        if settings.account_kinds.get(name) == probe.account_kinds.get(name):
            offered.notes.append(note)


def _signs_of(units: dict[int, int]) -> set[int]:
    """The signs (-1, 1) of a line's non-zero figures."""
    return {1 if u > 0 else -1 for u in units.values() if u}


def cell_units(cell: Any) -> int | None:
    """A cell's money as stored units; None when empty or not a number."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float_to_units(float(cell))
    text = cell_text(cell)
    if not text.strip():
        return None
    try:
        return parse_amount(text)[0]
    except (ValueProblem, ArithmeticError, ValueError):
        return None


def _restating_columns(rows: list[list[Any]], settings: ImportSettings) -> None:
    """Money columns that restate others along the row (a running total of three or more
    columns before it, or a split of such a total after it: see ``elara.ingest.restating``)
    are kept as numbers, never stored as money: the parts are."""
    measures = [i for i, c in enumerate(settings.columns) if c.role is ColumnRole.measure]
    if len(measures) < 4:
        return
    units = {p: [cell_units(r[p]) if p < len(r) else None for r in rows] for p in measures}
    for position in restating_positions(find_restating(units)):
        settings.columns[position].role = ColumnRole.quantity


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


def _years_over_periods(head: list[list[Any]], index: int) -> dict[int, tuple[int, Period]]:
    """A year row over a row of periods that lack one ("2024" merged over Q1 Q2 Q3, "2023"
    over Q1 Q2 Q3): each period column with the year above it (carried right across the
    merged cells), when at least two columns are dated that way."""
    if index + 1 >= len(head):
        return {}
    top = [cell_text(c) for c in head[index]]
    below = [cell_text(c) for c in head[index + 1]]
    found: dict[int, tuple[int, Period]] = {}
    year: int | None = None
    fiscal: list[list[int | None]] = []  # the months under each "FY2024"
    under_fiscal = False
    for position, text in enumerate(below):
        above = top[position] if position < len(top) else ""
        if above:
            m = _FISCAL_YEAR.match(above)
            year = int(m[1]) if m else int(float(above)) if is_year_number(above) else None
            under_fiscal = m is not None
            if under_fiscal:
                fiscal.append([])
        period = read_period(text) if text else None
        if period is not None and period.needs == "year" and year is not None:
            found[position] = (year, period)
            if under_fiscal:
                fiscal[-1].append(period.month)
    for months in fiscal:
        # A fiscal year over its months: only months in calendar order (JAN … DEC) are of
        # that calendar year; APR … MAR, or fiscal quarters, depend on the year-end: ask.
        known = [m for m in months if m is not None]
        if len(known) < len(months) or known != sorted(known):
            return {}
    return found if len(found) >= 2 else {}


_FISCAL_YEAR = re.compile(r"(?i)^\s*fy\s*((?:19|20|21)\d\d)\s*$")


_ACTUAL = frozenset({"actual", "actuals", "act", "ist"})
_BESIDE_ACTUAL = frozenset(
    {
        "budget", "bud", "plan", "forecast", "fcst", "variance", "var", "var %", "variance %",
        "prior year", "py", "last year", "over budget", "% of budget", "fav unfav", "soll",
        "abweichung", "target",
    }
)  # fmt: skip


# A management pack's column groups: the report's own period (dated by its title, "Period 7 -
# October 2025") and the year to date, which adds up the months before it and is never stored.
_THIS_PERIOD = frozenset(
    {
        "month", "current month", "this month", "period", "current period", "this period",
        "quarter", "current quarter", "this quarter", "mtd", "month to date",
    }
)  # fmt: skip
_TO_DATE = frozenset(
    {"year to date", "ytd", "y t d", "cumulative", "year-to-date", "fiscal year to date", "fytd"}
)
_OF_TITLE = object()  # the column group of the report's own period (the title dates it)


def _periods_over_actuals(
    head: list[list[Any]], index: int
) -> dict[int, tuple[dt.date | None, bool]]:
    """A row of dated periods ("Jan 2025" merged over two or three columns) over a row of
    Actual | Budget | Variance labels: each column under a period, with the period's end and
    whether it is the actual (the record) or a comparison (kept as a number, never money).

    A management pack's "Month | Year to date" over the same labels: the month's actual is
    the record, dated by the title (no end here); the year to date's columns are numbers."""
    if index + 1 >= len(head):
        return {}
    top = [cell_text(c) for c in head[index]]
    below = [cell_text(c) for c in head[index + 1]]
    found: dict[int, tuple[dt.date | None, bool]] = {}
    group: dt.date | object | None = None
    for position, text in enumerate(below):
        above = top[position] if position < len(top) else ""
        if above:
            word = " ".join(above.casefold().split()).strip(". :")
            period = read_period(above)
            group = (
                period.end if period is not None
                else _OF_TITLE if word in _THIS_PERIOD
                else _TO_DATE if word in _TO_DATE
                else None
            )  # fmt: skip
        label = " ".join(text.casefold().replace("%", " %").split()).strip(". ")
        if group is None or not (label in _ACTUAL or label in _BESIDE_ACTUAL):
            continue
        if group is _TO_DATE:
            found[position] = (None, False)  # the year to date: kept as a number
        else:
            end = group if isinstance(group, dt.date) else None
            found[position] = (end, label in _ACTUAL)
    actuals = sum(1 for _, actual in found.values() if actual)
    return found if actuals >= 1 and len(found) >= 2 else {}


def _actuals_over_periods(
    head: list[list[Any]], index: int
) -> dict[int, tuple[dt.date | None, bool]]:
    """The other way round: "Actual" merged over a row of dated periods (Jan 2025 … Dec
    2025), "Budget" over the same periods: each period column under its scenario (carried
    right across the merged cells), the actual ones the records dated by their period, the
    others kept as numbers (never money). Same answer as ``_periods_over_actuals``."""
    if index + 1 >= len(head):
        return {}
    top = [cell_text(c) for c in head[index]]
    below = [cell_text(c) for c in head[index + 1]]
    found: dict[int, tuple[dt.date | None, bool]] = {}
    scenario: str | None = None
    for position, text in enumerate(below):
        above = top[position] if position < len(top) else ""
        if above:
            word = " ".join(above.casefold().replace("%", " %").split()).strip(". :")
            scenario = word if word in _ACTUAL or word in _BESIDE_ACTUAL else None
        period = read_period(text) if text else None
        if scenario is None or period is None or period.end is None or period.day:
            continue
        found[position] = (period.end, scenario in _ACTUAL)
    actuals = sum(1 for _, actual in found.values() if actual)
    return found if actuals >= 1 and len(found) > actuals else {}


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


def _scenario_row(row: list[Any]) -> bool:
    """A row whose cells are all scenario words ("Actual", "Budget", "Variance")."""
    words = [" ".join(cell_text(c).casefold().split()).strip(". :") for c in row]
    words = [w for w in words if w]
    return bool(words) and all(w in _ACTUAL or w in _BESIDE_ACTUAL for w in words)


def _scenario_columns(head: list[list[Any]], index: int) -> dict[int, tuple[dt.date | None, bool]]:
    """Periods over Actual | Budget, or Actual | Budget over periods (``index``: the top row)."""
    return _periods_over_actuals(head, index) or _actuals_over_periods(head, index)


def suggest_table(
    source: Source,
    *,
    header_row: int | None = None,
    settings: ImportSettings | None = None,
    forced: dict[int, ColumnRole] | None = None,
    head: list[list[Any]] | None = None,
) -> tuple[ImportSettings, Offered, int, list[str]]:
    """Settings for one table (the given ones completed), offered constants, header index.

    ``head`` is the source's first rows when the caller has read them already (reading a
    big workbook's head loads the whole sheet)."""
    head = source.head() if head is None else head
    if settings is not None and settings.header_row is not None and header_row is None:
        header_row = settings.header_row
    index = header_row - 1 if header_row else (find_header_row(head) if head else 0)
    years_above = None if header_row else _years_over_periods(head, index)
    scenarios = None if header_row or years_above else _scenario_columns(head, index)
    if not header_row and not years_above and not scenarios and index > 0:
        # The labels' row was taken for the header: the year row above it still dates it.
        years_above = _years_over_periods(head, index - 1)
        scenarios = None if years_above else _scenario_columns(head, index - 1)
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
    if not header_row and not years_above and not scenarios and not companies_above:
        index += 1 if _span_groups_over_periods(head, index) or _sides_below(head, index) else 0
    raw_header = list(head[index]) if index < len(head) else []
    width = max((len(r) for r in head), default=0)
    headers = unique_headers(raw_header + [None] * (width - len(raw_header)))
    # "Actual" | "Budget" merged over the periods: part of the header, not a title.
    over = 0 < index <= len(head) and _scenario_row(head[index - 1])
    top = index - 1 if over and _actuals_over_periods(head, index - 1) else index
    offered = title_constants(head[:top], headers)
    if offered.scenario is None and source.name:
        offered.scenario = scenario_of_title(source.name)  # a sheet named "Budget"
    if offered.currency is None and (currency := _format_currency(source)):
        offered.currency = currency  # "[$€-x-euro2] #,##0.00": how its amounts are shown
    result = settings.model_copy(deep=True) if settings is not None else ImportSettings()
    result.header_row = index + 1
    titles = [t for row in head[:top] for t in _title_texts(row)]
    named = [dimension_named(t) for t in [*titles, source.name or "", *headers]]
    offered.dimension = next((n for n in named if n), None)  # "Profit and Loss by Class"
    fresh = not result.columns
    if fresh and (rates := _percent_columns(source, index + 1)):
        # "Tax" showing 20%: a rate, never money (a role given by the caller still wins).
        forced = {**dict.fromkeys(rates, ColumnRole.quantity), **(forced or {})}
    if fresh:
        profiles = profile_table(headers, head[index + 1 :])
        result.columns = column_settings(profiles, suggest_roles(profiles, forced=forced))
        for position, (year, period) in (years_above or {}).items():
            result.columns[position].period_end = resolve(period, year=year, as_of=None)
        for position, (end, actual) in (scenarios or {}).items():
            if actual and end is not None:
                result.columns[position].period_end = end
        _year_to_date_columns(head, index, result, offered, fresh=True)
        _date_years_by_span_row(head, index, result)
        if companies_above:
            _company_columns(result.columns, companies_above)
        elif not suggest_entities(result.columns, [*titles, source.name or ""]):
            numeric = frozenset(p.position for p in profiles if p.numeric)
            suggest_members(result.columns, [*titles, source.name or ""], numeric)
        _restating_columns(head[index + 1 :], result)
    listed = _listed_accounts(head[index + 1 :], result)  # the columns' roles are final
    if fresh:
        _subtotal_kinds(result, listed.accounts)
        _fee_kinds(result, headers)
        if result.sign is None and charges_positive(head[index + 1 :], result):
            result.sign = SignConvention.debit_positive  # a card issuer's view: said aloud
        _netted_kinds(head[index + 1 :], result, offered)
    else:  # the person's settings: their kinds stand, the notes on them are said again
        _netted_notes(head[index + 1 :], result, offered)
        _year_to_date_columns(head, index, result, offered, fresh=False)
    # A statement's lines, not a wide sheet's measures ("Cash Flow from Investing" beside
    # Revenue and EBITDA in a market-data file is one figure among many).
    offered.statement = _statement_of(titles, listed.lines)
    if offered.statement is not None and fresh:
        _statement_kinds(head[index + 1 :], result, offered.statement, listed)
    if any(c.role is ColumnRole.entity for c in result.columns):
        offered.company = None  # the headers name the companies (not the group in the title)
    if offered.unit_multiplier is None and (found := stated_scale(_money_headers(result))):
        offered.unit_multiplier = found[0]  # type: ignore[assignment]
    _apply_offered(result, offered, headers)
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
) -> Suggestion:
    """Suggested settings for a sheet (or the CSV), the constants still needed, titles' offer."""
    wanted = sheet or (settings.sheet if settings is not None else None)
    _, sheets, sources = open_tables(Path(path), sheet=wanted, limits=limits)
    try:
        source = sources[0]
        result, offered, index, headers = suggest_table(
            source, header_row=header_row, settings=settings
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
            found = suggest_table(others[0], header_row=header_row, settings=settings)
            if build_plan(found[3], found[0]).slots:
                result, offered, index, headers = found
                result.sheet = name
                plan = build_plan(headers, result)
                break
    return Suggestion(result, plan.needs, offered, sheets, index + 1, headers)


MAX_SHEETS_TRIED = 20
EVERY_SHEET = "*"
