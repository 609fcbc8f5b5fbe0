"""Reading one question into its parts: periods, metrics, company words and cues.

Each recognised phrase is cut out of the text (replaced by a marker) so that no word is read
twice: a metric or period word is never taken for a company.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from elara.assistant.balances import Measure, read_balance
from elara.assistant.cashflow import Cash, read_cash
from elara.assistant.metrics import K, kind_of
from elara.assistant.scope import Directory, Found, combine, norm, resolve_chunk
from elara.assistant.timeframe import ABBR, MONTHS, NUMBERS, ORDINAL, Calendar, Period
from elara.core.periods import add_months, month_end

CUT = " § "


def _words(text: str) -> list[str]:
    return text.split()


_NUM = r"(\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")"
_MONTH = r"(" + "|".join([*MONTHS, "sept", *ABBR]) + r")"
_FY = r"(?:fy ?|fiscal year |fiscal )(\d{4}|\d{2})"

CANNOT = re.compile(
    r"\b(forecasts?|forecasted|projected|projections?|predict\w*|next (year|quarter|month)|"
    r"next (?:fiscal |financial |calendar )?(?:year|quarter|month|half|fy|period)|"
    r"(?:coming|upcoming) (?:year|quarter|month)|churn\w*|transactions?|"
    r"will .* be|budgets?|budgeted|targets?|plan vs|headcount|employees?|fte|customers?|clients?|"
    r"earnings per share|eps|per share|shares outstanding|share counts?|"
    r"cash|balance sheet|current ratio|quick ratio|debt|assets|liabilit\w*|equity|units?|"
    r"volumes?|share price|stock price|market cap\w*|dso|days sales|inventory|receivables|"
    r"payables?|receivable|accounts? (?:receivable|payable)|ar|ap|(?:opening|closing|ending|"
    r"period end|month end|year end|cash|bank) balances?|balances? at|products?|product lines?|"
    r"sku|weather|orders?|invoices?|tickets?|run ?rate|"
    # cash and unit economics: the ledger holds no cash, customers or recurring revenue
    r"runway|burn(?: rate)?|arr|mrr|(?:annual|monthly) recurring revenue|recurring revenue|"
    r"cac(?: payback)?|ltv|clv|(?:customer )?lifetime value|acquisition costs?|payback|"
    r"free cash ?flow|fcf|capex|capital expenditures?|working capital|backlog|bookings|nps|"
    # slices the data may not have: read as dimensions first when an upload imported them
    r"sub ?categor(?:y|ies)|states?|cit(?:y|ies)|countr(?:y|ies)|ship(?:ping)? modes?|"
    r"discounts?|quantit(?:y|ies)|regions?|segments?|departments?|cost cent(?:er|re)s?|"
    r"channels?|stores?|branch(?:es)?|salespe\w+|sales reps?)\b"
)
# spans the monthly data cannot give exactly: asked back with the whole months nearest to them
DAYS = re.compile(
    rf"\b(?:the )?(?:past|last|previous|trailing|prior|next|first) {_NUM} (?:days|weeks)\b"
    r"|\b(?:last|this|past|previous|prior) week\b|\byesterday\b|\btoday\b|\bweek to date\b"
    r"|\bwtd\b|\b\d+ days? (?:ago|back)\b"
)
# a period word with a relative word before it, left after every period phrase was read
UNREAD_PERIOD = re.compile(
    r"\b(?:last|past|previous|prior|recent|latest|final|closing|before|current|this|first|"
    r"second|third|fourth)(?: (?!by |per |each |every |over |of )\S+){0,2} "
    r"(?:months?|quarters?|halves|half|years?)\b"
)
STOP = frozenset(
    _words(
        """a about above across after against all also am an and any are as at be been before below
    best between biggest bottom business businesses but by can change changed companies
    company compare compared comparison contribute contributed did difference do does dollar
    dollars down during each entities entity every for from give go goes going got group
    grew grow growth had has have how i in increase increased increases is it its just
    largest last least less list loss lose losses lost low lower lowest made make making
    many margin me more most much my least of on or our over pay paid per percent percentage
    period please portion quarter rank ranked ranking ratio show so spend spending spent
    share smallest strongest tell terms than that the their them then there these they this
    those to top total under up us versus vs was we weakest went were what whats when where
    which who whose why will with worst year years yes yeah yep you your highest high higher
    greatest bigger mean average avg monthly quarterly yearly annual annually month months
    trend over time each combined overall sum ok okay now same before earlier previous prior
    decline declined decrease decreased drop dropped rise rose fall fell performance perform
    performed did businesses firms firm entities making money red profitable unprofitable
    net gross operating ebit ebitda revenue sales cost costs expenses percent pct proportion
    earn earned generate generated bring brought return returned
    saw see sees seen cut cuts cutting reduce reduced reducing reduction reductions lowered
    trimmed slashed jump jumped jumps jumping rising saving savings side both
    book booked books calendar came come comes coming yoy qoq mom show give list tell get find
    one two three four five six seven eight nine ten twelve please could would should can i
    numbers figures figure number amount amounts value values data result results report
    p&l pnl summary summarise summarize overview performance doing kpi kpis key statement
    sort sorted sorting
    mix split breakdown contribution contributions pull compute calculate display fetch
    provide break chart plot graph need want like see check look hey hi hello so quick quickly
    just only roughly approximately about exactly okay thanks thank name identify negative
    positive instead rather too either respectively variance variances delta
    no not never without didn doesn don wasn weren isn aren hasn haven t others rest"""
    )
)


@dataclass
class Reading:
    """What one question says, before it is combined with the conversation."""

    text: str
    cannot: str | None = None
    metrics: list[str] = field(default_factory=list)  # in order of mention
    metric_at: list[int] = field(default_factory=list)  # where each was mentioned
    spend_word: bool = False
    periods: list[Period] = field(default_factory=list)
    future: bool = False
    companies: Found = field(default_factory=Found)
    excluded: list[str] = field(default_factory=list)  # "except X", "excluding X"
    where: list[tuple[str, str]] = field(default_factory=list)  # dimension values named
    by: str | None = None  # a dimension named without a value ("by region", "which segment")
    days: str | None = None  # a span of days or weeks ("past 90 days"): not whole months
    # a relative period the reader could not place ("the current quarter"): asked back, never
    # answered for every month instead
    unread_period: str | None = None
    rest: str = ""
    # "budget for revenue", "forecast revenue": that scenario's datasets (None: actuals)
    scenario: str | None = None
    versus: bool = False  # "revenue vs budget", "over budget", "budget variance": both
    # "expenses excluding payroll": what an exclusion word names when it left no company out
    # (only companies can be left out of a total; anything else is declined, never ignored)
    left_out: str | None = None
    # "2023 and 2025 combined": periods to add up with a gap between them (declined)
    apart: bool = False
    # "revenue by region, but exclude the West": the dimension's values left out of a breakdown
    values_out: list[str] = field(default_factory=list)
    # "net cash flow", "how much money went out": a bank statement's Money in / Money out
    cash: Cash | None = None
    # "total assets at 30 June", "cash balance at month end": a stored balance at a date
    balance: Measure | None = None


def normalise(question: str) -> str:
    text = question.casefold().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\ba\s*/\s*([rp])\b", r"a\1", text)  # "A/R", "A/P"
    # measure filters written with symbols ("revenue > 10m", "net margin <= 5%")
    text = re.sub(r"(?:>=|\u2265|=>)\s*", " at least ", text)
    text = re.sub(r"(?:<=|\u2264|=<)\s*", " at most ", text)
    text = re.sub(r">\s*", " above ", text)
    text = re.sub(r"<\s*", " below ", text)
    # "Q2-Q3 2025": the quarters from one to the other ("jan-mar" is read as a range already)
    text = re.sub(r"\b(q[1-4])\s*[-\u2013]\s*(q[1-4])\b", r"\1 through \2", text)
    # "CY2025", "CY 25": the calendar year
    text = re.sub(r"\bcy ?(\d{4}|\d{2})\b",
                  lambda m: f"calendar {m.group(1) if len(m.group(1)) == 4 else '20' + m.group(1)}",
                  text)  # fmt: skip
    # a list's order: "in ascending order" is lowest first ("order" alone is an order book)
    text = re.sub(r"\b(?:in |by )?(?:ascending|increasing) order\b|\bascending\b",
                  " lowest first ", text)  # fmt: skip
    text = re.sub(r"\b(?:in |by )?(?:descending|decreasing) order\b|\bdescending\b",
                  " highest first ", text)  # fmt: skip
    # "the back half of 2025", "the final quarter of 2025": the second half, the fourth quarter
    text = re.sub(r"\bback half\b", "second half", text)
    text = re.sub(r"\bfront half\b", "first half", text)
    # "the first half vs the second half of 2025": two halves of the year said once
    text = re.sub(
        r"\b(?:the )?(first|second) half (vs|versus|and|against|compared (?:with|to)) "
        r"(?:the )?(first|second) half (?:of )?(\d{4}|fy ?\d{2,4}|fiscal (?:year )?\d{2,4})\b",
        lambda m: (
            f"h{ORDINAL[m.group(1)]} of {m.group(4)} {m.group(2)} "
            f"h{ORDINAL[m.group(3)]} of {m.group(4)}"
        ),
        text,
    )
    text = re.sub(
        r"\b(?:final|last|closing) (quarter|half) of (?=(?:the )?(?:year |fiscal |fy ?)?\d)",
        lambda m: f"{'fourth' if m.group(1) == 'quarter' else 'second'} {m.group(1)} of ",
        text,
    )
    # "this quarter vs last quarter": the latest complete one against the one before it
    text = re.sub(
        r"\bthis (quarter|month) (vs|versus|against|compared (?:with|to)) (?:the )?"
        r"(?:last|previous|prior) (quarter|month)\b",
        lambda m: (
            f"this {m.group(1)} {m.group(2)} "
            + (f"the {m.group(1)} before" if m.group(1) == m.group(3) else f"last {m.group(3)}")
        ),
        text,
    )
    # "the second half of 2025 compared with the first half": the year said once is both's
    text = re.sub(
        r"\b((?:first|second|third|fourth) (?:half|quarter)|h[12]|q[1-4]) (?:of )?(\d{4}) "
        r"(vs|versus|and|against|compared (?:with|to)) (?:the )?"
        r"(first|second|third|fourth) (half|quarter)\b(?! (?:of )?(?:\d|fy|fiscal|this|last))",
        lambda m: (
            f"{m.group(1)} of {m.group(2)} {m.group(3)} {m.group(4)} {m.group(5)} of {m.group(2)}"
        ),
        text,
    )
    text = _numeric_dates(text)
    text = re.sub(r"(\w)'s\b", r"\1", text)
    text = re.sub(r"(\w)s'(\s|$)", r"\1s\2", text)
    text = re.sub(r"(\d),(\d{3})", r"\1\2", text)
    text = re.sub(r"(\d)\s*%", r"\1 %", text)
    # analysts' shorthand for a margin: "GM%", "GP %", "EBITDA%" (but "EBITDA % of revenue" is a
    # ratio of two metrics)
    text = re.sub(r"\b(?:gm|gp)\s*(?:%|pct\b)", " gross margin ", text)
    text = re.sub(r"\bebitda\s*(?:%|pct\b)(?!\s*of\b)", " ebitda margin ", text)
    text = re.sub(r"[^a-z0-9%&.]+", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    text = _period_ends(f" {' '.join(text.split())} ")
    return f" {' '.join(text.split())} "


# a day of a month ("31 March 2026", "September 30 2026"): the data is monthly, so the month
_DAY_MONTH = re.compile(
    rf"(?<!top )(?<!bottom )\b(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)? {_MONTH} (\d{{4}})\b"
)
_MONTH_DAY = re.compile(rf"\b{_MONTH} (?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)? (\d{{4}})\b")
# "at (the) end of 2025", "as of June 2026", "by the end of Q2": the period that ends there
# ("to the end of March 2026" keeps "to": the months up to it)
_AT_END = re.compile(
    r"\b(?:(?:at|by|as of|as at|for|in) )?(?:the )?(?:very )?(?:end|close) of (?:the )?"
    r"|\b(?:as of|as at)\b"
)


def _numeric_dates(text: str) -> str:
    """ "2026-03-31", "31/03/2026", "03/31/2026": the month, in words (the data is monthly). A
    date whose day and month could be either way round ("03/04/2026") is left as written."""

    def month(number: int, year: str) -> str:
        return f" {MONTHS[number - 1]} {year} " if 1 <= number <= 12 else f" {year} "

    text = re.sub(
        r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", lambda m: month(int(m.group(2)), m.group(1)), text
    )

    def either(m: re.Match[str]) -> str:
        first, second = int(m.group(1)), int(m.group(2))
        if first > 12 >= second:
            return month(second, m.group(3))
        if second > 12 >= first:
            return month(first, m.group(3))
        return m.group(0)

    return re.sub(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b", either, text)


# "H1 vs H2 2025", "Q1 and Q2 2026", "January vs February 2026": the year said once is both's
_PAIR_YEAR = re.compile(
    rf"\b(h[12]|q[1-4]|{_MONTH}) (vs|versus|and|or|against|compared (?:with|to)) "
    rf"(h[12]|q[1-4]|{_MONTH}) (\d{{4}})\b"
)


def _period_ends(text: str) -> str:
    text = _DAY_MONTH.sub(r"\1 \2", text)
    text = _MONTH_DAY.sub(r"\1 \2", text)
    # "to the end of March 2026", "up to the end of Q2": the months through it, not it alone
    text = re.sub(r"\b(?:up )?(?:to|until|till) (?:the )?(?:very )?(?:end|close) of (?:the )?",
                  " through ", text)  # fmt: skip
    text = _PAIR_YEAR.sub(
        lambda m: f"{m.group(1)} {m.group(6)} {m.group(3)} {m.group(4)} {m.group(6)}", text
    )
    return _AT_END.sub(" ", text)


# the words of the metrics' names: a word one typo away ("revnue", "margn", "expences") is read as
# the word meant. Account names are left out: an unknown cost line is asked back with the
# accounts spelled most like it, never answered for one of them.
METRIC_WORDS = frozenset(
    _words(
        """revenue revenues sales margin margins expenses expense operating profit profits income
    ebitda gross earnings turnover overheads"""
    )
)


def _one_typo(word: str, target: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped."""
    if abs(len(word) - len(target)) > 1 or word == target:
        return False
    if len(word) == len(target):
        diff = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == target[diff[1]]
            and word[diff[1]] == target[diff[0]]
        )  # fmt: skip
    short, long = sorted((word, target), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def respell(text: str, known: Iterable[str]) -> str:
    """Misspelled metric words put right, when the word is nothing else the user can ask about
    (a company, account or dimension value word) and one metric word alone is that close."""
    keep = METRIC_WORDS | STOP | set(known) | set(MONTHS) | set(ABBR)

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        # a four-letter word only right before a metric word ("grss margin", "gros profit")
        short = len(word) == 4 and match.group(1) in METRIC_WORDS
        if (len(word) < 5 and not short) or word in keep:
            return word
        near = [t for t in METRIC_WORDS if _one_typo(word, t)]
        return near[0] if len(near) == 1 else word

    return re.sub(r"[a-z]+(?=\s+([a-z]+)|)", fix, text)


def number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


def _cut(
    text: str, pattern: str, make: Callable[[re.Match[str]], Any], out: list[tuple[int, Any]]
) -> str:
    def replace(match: re.Match[str]) -> str:
        item = make(match)
        if item is not None:
            out.append((match.start(), item))
        # same length, so positions in what is left still point into the question
        return " " + "§" * max(len(match.group(0)) - 2, 1) + " "

    return re.sub(pattern, replace, text)


# A question asking how something changed between two months: its "between May and June
# 2026" / "May to June 2026" are the change's two periods, not one range.
_CHANGE_WORDS = re.compile(
    r"\b(chang\w*|grow\w*|grew|increas\w*|decreas\w*|declin\w*|vs|versus|compar\w*|differ\w*)\b"
)

# words that make "from Q2 to Q3" two periods of a change (or of its drivers), not one span
_QUARTER_CHANGE = re.compile(
    r"\b(chang\w*|grow\w*|grew|increas\w*|decreas\w*|declin\w*|vs|versus|compar\w*|differ\w*|"
    r"mov\w*|drop\w*|fall\w*|fell|ris\w*|rose|jump\w*|went|go|gone|drove|driv\w*|behind|why|"
    r"shift\w*|swing\w*|variance|delta|gap|growth)\b"
)


def read_periods(text: str, cal: Calendar) -> tuple[str, list[Period]]:
    """Cut every period phrase out of the text; the periods in order of mention."""
    found: list[tuple[int, Period]] = []
    text, later = _cut_same(text)
    asks_change = _CHANGE_WORDS.search(text) is not None
    rules: list[tuple[str, Callable[[re.Match[str]], Period | None]]] = [
        (rf"\b(?:the )?(first|second|third|fourth|1st|2nd|3rd|4th) quarter (?:of )?{_FY}\b",
         lambda m: cal.fiscal_quarter(_year(m.group(2)), ORDINAL[m.group(1)])),
        (r"\b(?:q([1-4])|(?:the )?(first|second|third|fourth|1st|2nd|3rd|4th) quarter) (?:of )?"
         r"(this|last|the current|current|the previous|previous|the prior|prior)"
         r" (?:calendar )?year\b",
         lambda m: cal.quarter(_relative_year(cal, m.group(3)),
                               int(m.group(1) or 0) or ORDINAL[m.group(2)])),
        (r"\b(?:h([12])|(?:the )?(first|second) half) (?:of )?(this|the current|current) "
         r"(?:calendar )?year\b",
         lambda m: cal.half(cal.anchor.year, int(m.group(1) or 0) or ORDINAL[m.group(2)])),
        (r"\b(?:the )?year before last\b", lambda m: cal.year(cal.last_year().start.year - 1)),
        # "year to date at the end of June 2026" (read as "year to date june 2026"), "June 2026
        # YTD": from January of that year to that month
        (rf"\b(?:(fiscal (?:year to date|ytd)|fytd)|ytd|year to date) (?:to |through |thru |"
         rf"until |till )?{_MONTH} (\d{{4}})\b|\b{_MONTH} (\d{{4}}) (?:ytd|year to date)\b",
         lambda m: _ytd_to(cal, m)),
        (rf"\b(?:the )?first (?:{_NUM} (months|quarters)|(month)) (?:of )?(?:(\d{{4}})|{_FY})\b",
         lambda m: _first_months(cal, m)),
        # "the quarter (month) before last": the one before the latest complete one
        (r"\b(?:the )?(quarter|month) before last\b",
         lambda m: (cal.last_quarter() if m.group(1) == "quarter"
                    else cal.months_back(1, "")).shifted(-3 if m.group(1) == "quarter" else -1)),
        # "the last four months of 2025", "the final two quarters of FY2026": that year's end
        (rf"\b(?:the )?(?:last|final|closing) {_NUM} (months|quarters) (?:of )?"
         rf"(?:(\d{{4}})|{_FY})\b",
         lambda m: _last_months(cal, m)),
        (r"\b(?:q([1-4]) (?:of )?(?:fy ?|fiscal year |fiscal )(\d{4}|\d{2})"
         r"|fiscal q([1-4]) (?:of )?(\d{4}|\d{2})|fy ?(\d{4}|\d{2}) q([1-4]))\b",
         lambda m: cal.fiscal_quarter(*_fq(m))),
        (rf"\b(?:h([12]) (?:of )?{_FY}|(?:the )?(first|second) half of {_FY}|{_FY} h([12]))\b",
         lambda m: cal.fiscal_half(*_fh(m))),
        (r"\b(?:the )?(first|second) half of (?:last|the previous|the prior) (?:calendar )?year\b"
         r"|\bh([12]) (?:of )?last year\b",
         lambda m: cal.half(cal.last_year().start.year, ORDINAL.get(m.group(1) or "", 0)
                            or int(m.group(2) or 1))),
        (rf"\b(?:the )?(?:{_NUM} months?|(quarter|year|half year|half)) (?:ended|ending|to|through)"
         rf" (?:the end of )?{_MONTH} (\d{{4}})\b",
         lambda m: _ended(cal, m)),
        # a range, unless the question asks how it changed from one month to the other
        (rf"\bbetween {_MONTH}(?: (\d{{4}}))? and {_MONTH} (\d{{4}})\b"
         if not asks_change else r"(?!x)x",
         lambda m: _between(cal, m)),
        # "Q1 through Q3 2026", "Q2-Q3 2025": the quarters from one to the other ("from Q2 to
        # Q3" stays the two quarters of a change)
        (r"\bq([1-4])(?: (\d{4}))? (?:through|thru|until|till) q([1-4]) (\d{4})\b",
         lambda m: _quarters(cal, m)),
        # "from Q1 to Q3 2026" with no word of change: the quarters from one to the other
        (r"\bfrom q([1-4])(?: (\d{4}))? to q([1-4]) (\d{4})\b"
         if not _QUARTER_CHANGE.search(text) else r"(?!x)x",
         lambda m: _quarters(cal, m)),
        # "from the start of 2024 to the end of 2025", "2023 through 2025": the years between
        (r"\b(?:from )?(?:the )?(?:start|beginning) of (\d{4}) (?:to|through|thru|until|till) "
         r"(\d{4})\b|\b(?:from )?(\d{4}) (?:through|thru) (\d{4})\b",
         lambda m: _years(cal, m)),
        (rf"\b(?:the )?(?:trailing|last|past|previous|latest) {_NUM} "
         rf"(full |complete |completed |closed )?(quarters|years)\b",
         lambda m: _back(cal, number(m.group(1)), m.group(3), full=bool(m.group(2)))),
        (rf"\b(?:from )?{_MONTH}(?: (\d{{4}}))? (?:to |through |thru |until |till )?"
         rf"{_MONTH} (\d{{4}})\b"
         if not asks_change else r"(?!x)x",
         lambda m: _between(cal, m)),
        # a range that ends at a month or quarter: from January of its year
        (rf"\b(?:through|thru|up to|up until|up till|until|till) (?:and including )?"
         rf"(?:{_MONTH} (\d{{4}})|q([1-4]) (\d{{4}}))\b",
         lambda m: _through(cal, m)),
        (rf"\bsince (?:the (?:start|beginning) of )?(?:{_MONTH}(?: (\d{{4}}))?|(\d{{4}}))\b",
         lambda m: _since(cal, m)),
        # "FY27 YTD", "year to date FY2027": that fiscal year up to the anchor
        (r"\b(?:fy ?|fiscal year |fiscal )(\d{4}|\d{2}) (?:ytd|year to date|to date|so far)\b"
         r"|\b(?:ytd|year to date) (?:fy ?|fiscal year |fiscal )(\d{4}|\d{2})\b",
         lambda m: _fiscal_to_date(cal, _year(m.group(1) or m.group(2)))),
        (r"\b(?:this |the current )?fiscal year to date\b|\bfytd\b|\bfiscal ytd\b"
         r"|\b(?:this|the current|current) fiscal year(?: so far| to date)?\b"
         r"|\bfiscal year so far\b",
         lambda m: cal.fiscal_ytd()),
        (r"\b(?:last|previous|prior|the latest)(?: full| complete| completed| closed)?"
         r" fiscal year\b",
         lambda m: cal.last_fiscal_year()),
        (r"\b(?:the )?(?:last|past|previous|trailing|latest) half(?: a)? year\b",
         lambda m: cal.months_back(6, "the last 6 months")),
        (r"\b(?:fy|fiscal year |fiscal )(\d{4}|\d{2})\b",
         lambda m: cal.fiscal_year(_year(m.group(1)))),
        (r"\bq([1-4]) (?:of )?(\d{4})\b", lambda m: cal.quarter(int(m.group(2)), int(m.group(1)))),
        # shorthand: "Q2'26", "3Q25", "2H 2025", "1H26"
        (r"\bq([1-4]) (\d{2})\b", lambda m: cal.quarter(_year(m.group(2)), int(m.group(1)))),
        (r"\b([1-4])q ?(\d{4}|\d{2})\b",
         lambda m: cal.quarter(_year(m.group(2)), int(m.group(1)))),
        (r"\b([12])h ?(\d{4}|\d{2})\b", lambda m: cal.half(_year(m.group(2)), int(m.group(1)))),
        (r"\b(\d{4}) q([1-4])\b", lambda m: cal.quarter(int(m.group(1)), int(m.group(2)))),
        (r"\b(?:the )?(first|second|third|fourth|1st|2nd|3rd|4th) quarter (?:of )?(\d{4})\b",
         lambda m: cal.quarter(int(m.group(2)), ORDINAL[m.group(1)])),
        (r"\bh([12]) (?:of )?(\d{4})\b", lambda m: cal.half(int(m.group(2)), int(m.group(1)))),
        (r"\b(?:the )?(first|second) half (?:of )?(\d{4})\b",
         lambda m: cal.half(int(m.group(2)), ORDINAL[m.group(1)])),
        (rf"\b{_MONTH} (?:of )?(\d{{4}})\b",
         lambda m: cal.month(int(m.group(2)), _month(m.group(1)))),
        (r"\b(?:the )?(?:trailing|last|past|previous|latest|rolling) (?:twelve|12) months?\b"
         r"|\bttm\b|\bltm\b|\btrailing twelve months\b|\blast 12m\b"
         r"|\b(?:twelve|12) months? (?:rolling|trailing)\b",
         lambda m: cal.months_back(12, "the last twelve months")),
        (rf"\b(?:the )?(?:trailing|last|past|previous|latest|rolling) {_NUM} months\b",
         lambda m: cal.months_back(number(m.group(1)), f"the last {number(m.group(1))} months")),
        (r"\b(?:last|this|previous|prior|latest|the latest|the past|the most recent|most recent)"
         r"(?: full| complete| completed| closed)? month\b"
         r"|\bmtd\b",
         lambda m: cal.months_back(1, f"{cal.anchor:%B %Y}")),
        (r"\b(?:last|this|previous|prior|latest|the latest|the past|the most recent|most recent)"
         r"(?: full| complete| completed| closed)? quarter\b|\bqtd\b",
         lambda m: cal.last_quarter()),
        (r"\b(?:ytd|year to date|this year|so far this year)\b", lambda m: cal.ytd()),
        (r"\b(?:last|latest|the past)(?: full| complete| completed| closed)?"
         r" (?:calendar )?year\b",
         lambda m: cal.last_year()),
        (rf"\b(?:in |during )?{_MONTH}\b(?! \d)",
         lambda m: _latest_month(cal, _month(m.group(1)))),
        # "Q3" / "H2" without a year: the latest complete one
        (r"\bq([1-4])\b(?! ?\d)", lambda m: _latest(cal, cal.quarter, int(m.group(1)))),
        (r"\bh([12])\b(?! ?\d)", lambda m: _latest(cal, cal.half, int(m.group(1)))),
        (r"\b((?:19|20)\d{2})\b", lambda m: cal.year(int(m.group(1)))),
    ]  # fmt: skip
    for pattern, make in rules:
        text = _cut(text, pattern, make, found)
    for at, unit in later:
        found.append((at, _same_last_year(cal, unit, [p for _, p in sorted(found)])))
    return text, [period for _, period in sorted(found, key=lambda item: item[0])]


_SAME = re.compile(
    r"\b(?:the )?same (month|quarter|period|time|half|months|quarters) (?:of |in )?"
    r"(?:last|the previous|the prior|previous|prior|a|one) year(?: ago)?\b"
    r"|\b(?:the )?(?:prior|previous|last) (?:year )?(ytd|year to date)\b"
    r"|\b(ytd|year to date) (?:last|prior|previous) year\b"
    r"|\b(?:a|one) (year) (?:earlier|ago|before)\b|\b(?:the )?(?:prior|previous) (year)\b"
    r"|\bthe (year) before\b(?! last)"
    # a quarter (month) before the other period named: "last quarter vs the quarter before"
    r"|\bthe (quarter|month) before\b(?! last)|\b(?:the )?(?:previous|prior|preceding) "
    r"(quarter|month)\b"
)


def _cut_same(text: str) -> tuple[str, list[tuple[int, str]]]:
    """ "the same month last year", "prior YTD": a year before the other period named; "the
    quarter before": a quarter before it."""
    marks: list[tuple[int, str]] = []

    def unit(m: re.Match[str]) -> str:
        at, word = next((i, g) for i, g in enumerate(m.groups()) if g)
        return f"before {word}" if at >= 6 else word

    text = _cut(text, _SAME.pattern, unit, marks)
    return text, marks


def _same_last_year(cal: Calendar, unit: str, others: list[Period]) -> Period:
    latest = cal.months_back(1, f"{cal.anchor:%B %Y}")
    if unit.startswith("before "):  # "the quarter before", "the prior month"
        if not others:  # "revenue for the prior quarter": the latest one
            return cal.last_quarter() if unit.endswith("quarter") else latest
        return others[0].shifted(-3 if unit.endswith("quarter") else -1)
    if others:
        return others[0].shifted(-12)
    if unit in ("ytd", "year to date"):
        return cal.ytd().shifted(-12)
    if unit == "year":
        return cal.last_year()
    if unit.startswith("quarter"):
        return cal.last_quarter().shifted(-12)
    return latest.shifted(-12)


def _fiscal_to_date(cal: Calendar, year: int) -> Period:
    """A fiscal year up to the anchor: the whole year once it has ended (or before it starts)."""
    whole = cal.fiscal_year(year)
    if whole.start <= cal.anchor < whole.end.replace(day=1):
        return Period(whole.start, month_end(cal.anchor), f"FY{year} to date")
    return whole


def _relative_year(cal: Calendar, word: str) -> int:
    """ "this year" is the anchor's; "last year" the one before."""
    this = "this" in word or "current" in word
    return cal.anchor.year if this else cal.last_year().start.year


def _fq(m: re.Match[str]) -> tuple[int, int]:
    g = m.groups()
    if g[0]:
        return _year(g[1]), int(g[0])
    if g[2]:
        return _year(g[3]), int(g[2])
    return _year(g[4]), int(g[5])


def _fh(m: re.Match[str]) -> tuple[int, int]:
    g = m.groups()
    if g[0]:
        return _year(g[1]), int(g[0])
    if g[2]:
        return _year(g[3]), ORDINAL[g[2]]
    return _year(g[4]), int(g[5])


def _latest(cal: Calendar, make: Callable[[int, int], Period], n: int) -> Period:
    """The latest quarter (half) number `n` complete by the anchor."""
    this = make(cal.anchor.year, n)
    return this if this.end <= month_end(cal.anchor) else make(cal.anchor.year - 1, n)


def _ended(cal: Calendar, m: re.Match[str]) -> Period:
    """ "the 12 months ended June 2026", "the quarter ended March 2026": back from that month."""
    from elara.core.periods import add_months as back
    from elara.core.periods import month_end

    unit = m.group(2)
    months = {"quarter": 3, "year": 12, "half": 6, "half year": 6}.get(unit or "", 0) or number(
        m.group(1)
    )
    end = date(int(m.group(4)), _month(m.group(3)), 1)
    start = back(end, 1 - months)
    return Period(start, month_end(end), f"the {months} months ended {end:%B %Y}")


def _ytd_to(cal: Calendar, m: re.Match[str]) -> Period:
    """The calendar (or fiscal) year to date up to a named month."""
    word, year = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
    end = date(int(year), _month(word), 1)
    if m.group(1):  # "fiscal year to date through August 2026": from that fiscal year's start
        fy = cal.fiscal_year_of(end)
        start = cal.fiscal_year(fy).start
        return Period(start, month_end(end), f"FY{fy} to {end:%B %Y}")
    return Period(date(end.year, 1, 1), month_end(end), f"{end.year} YTD to {end:%B}")


_FROM_BEFORE = re.compile(rf"\b(?:{_MONTH}(?: \d{{4}})?|q[1-4](?: \d{{4}})?) $")


def _through(cal: Calendar, m: re.Match[str]) -> Period:
    """ "through June 2026", "up to Q2 2026": from January of that year to its end. After
    another month or quarter ("from March through June 2026" asking for a change) it is that
    month or quarter alone, the other end of the change."""
    year = int(m.group(2) or m.group(4))
    alone = bool(_FROM_BEFORE.search(m.string[: m.start()]))
    if m.group(1):
        end = date(year, _month(m.group(1)), 1)
        if alone:
            return cal.month(year, end.month)
    else:
        if alone:
            return cal.quarter(year, int(m.group(3)))
        end = add_months(date(year, 3 * int(m.group(3)) - 2, 1), 2)
    return Period(date(year, 1, 1), month_end(end), f"{year} YTD to {end:%B}")


def _back(cal: Calendar, n: int, unit: str, *, full: bool) -> Period:
    """ "the last 2 quarters": the latest 6 months; "the last 2 full quarters": the latest two
    complete calendar quarters (years), whatever month the data ends in."""
    months = n * (3 if unit == "quarters" else 12)
    if not full:
        return cal.months_back(months, f"the last {n} {unit}")
    last = cal.last_quarter() if unit == "quarters" else cal.last_year()
    start = add_months(last.end.replace(day=1), 1 - months)
    return Period(start, last.end, f"the last {n} full {unit}")


def _first_months(cal: Calendar, m: re.Match[str]) -> Period | None:
    """ "the first nine months of 2026" (of FY2026, "the first three quarters of 2025"): from
    the year's first month, n months (quarters)."""
    n = number(m.group(1) or "1") * (3 if m.group(2) == "quarters" else 1)
    if not 1 <= n <= 12:
        return None
    year = cal.year(int(m.group(4))) if m.group(4) else cal.fiscal_year(_year(m.group(5)))
    end = month_end(add_months(year.start, n - 1))
    label = f"the first {n} months of {year.label}" if n > 1 else f"{year.start:%B %Y}"
    return Period(year.start, end, label)


def _last_months(cal: Calendar, m: re.Match[str]) -> Period | None:
    """ "the last four months of 2025" (of FY2026): the year's last n months (quarters)."""
    n = number(m.group(1)) * (3 if m.group(2) == "quarters" else 1)
    if not 1 <= n <= 12:
        return None
    year = cal.year(int(m.group(3))) if m.group(3) else cal.fiscal_year(_year(m.group(4)))
    start = add_months(year.start, 12 - n)
    return Period(start, year.end, f"the last {n} months of {year.label}")


def _quarters(cal: Calendar, m: re.Match[str]) -> Period | None:
    """ "Q1 through Q3 2026": from the first quarter's start to the second's end."""
    first = cal.quarter(int(m.group(2) or m.group(4)), int(m.group(1)))
    last = cal.quarter(int(m.group(4)), int(m.group(3)))
    if first.start > last.start:
        return None
    if first == last:
        return first
    return Period(first.start, last.end, f"{first.label} - {last.label}")


def _years(cal: Calendar, m: re.Match[str]) -> Period | None:
    """ "from the start of 2024 to the end of 2025": every month of the years between."""
    first, last = int(m.group(1) or m.group(3)), int(m.group(2) or m.group(4))
    if first > last:
        return None
    if first == last:
        return cal.year(first)
    return Period(date(first, 1, 1), date(last, 12, 31), f"{first} - {last}")


def _between(cal: Calendar, m: re.Match[str]) -> Period | None:
    """ "between January and March 2026": the months from one to the other (a range)."""
    from elara.core.periods import month_end

    year = int(m.group(4))
    start = date(int(m.group(2) or year), _month(m.group(1)), 1)
    end = date(year, _month(m.group(3)), 1)
    if start > end:
        return None
    return Period(start, month_end(end), f"{start:%b %Y} - {end:%b %Y}")


def _since(cal: Calendar, m: re.Match[str]) -> Period | None:
    """ "since March" (the latest March), "since the start of 2025": from then to the anchor."""
    from elara.core.periods import month_end

    if m.group(3):
        start = date(int(m.group(3)), 1, 1)
    elif m.group(2):
        start = date(int(m.group(2)), _month(m.group(1)), 1)
    else:
        start = _latest_month(cal, _month(m.group(1))).start  # type: ignore[union-attr]
    if start > cal.anchor:
        return None
    end = month_end(cal.anchor)
    return Period(start, end, f"{start:%b %Y} - {end:%b %Y}")


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def _month(word: str) -> int:
    word = word[:3]
    return (MONTHS.index(word) if word in MONTHS else ABBR.index(word)) + 1


def _latest_month(cal: Calendar, month: int) -> Period | None:
    year = cal.anchor.year if month <= cal.anchor.month else cal.anchor.year - 1
    return cal.month(year, month)


# profit or loss said with "money" ("made the most money", "lost money", "lose money")
MONEY_MADE = (
    r"(?:made|make|makes|making|earned|earns|earn|lost|lose|loses|losing) (?:the )?"
    r"(?:most |least |more |less |any |no )?money"
)

_ALIASES: tuple[tuple[str, str], ...] = (
    (r"payroll(?: costs?)?|salaries|salary|wages|staff (?:costs?|expenses?)"
     r"|personnel (?:costs?|expenses?)|compensation",
     r"salar|wage|payroll|personnel|compensation"),
    (r"marketing|advertising|ads", r"marketing|advertis"),
    (r"rent|rental|lease costs?|occupancy", r"\brent|lease|occupancy"),
    (r"depreciation|d&a|amortization|amortisation", r"depreciation|amorti"),
    (r"interest expenses?|interest costs?|interest|finance costs?", r"interest"),
    (r"income tax(?:es)?|taxes|tax expense|tax", r"tax"),
)  # fmt: skip
# "income before taxes" names the KPI, never the tax account ("taxes" alone would).
PRETAX = (
    r"(?:income|profit|earnings) before (?:income )?tax(?:es|ation)?"
    r"|pre-?tax (?:income|profit|earnings)|pbt|ebt"
)
EBIT_SAID = (
    r"(?:income|profit|earnings|result) before (?:net )?interest(?: expenses?)?(?: and|,| &)? "
    r"(?:income )?tax(?:es|ation)?"
)
GROSS_SAID = (
    r"(?:revenues?|sales|turnover|top line) (?:less|minus|net of) (?:the )?(?:cost of goods sold|"
    r"cost of sales|cost of revenue|cogs|direct costs)"
)
METRIC_PHRASES: tuple[tuple[str, str], ...] = (
    (PRETAX, "pretax_income"),
    (r"other income|non-?operating income", "other_income"),
    (r"other expenses?|non-?operating expenses?", "other_expense"),
    (r"gross profit margin|gross margins?", "gross_margin"),
    (r"ebitda margins?", "ebitda_margin"),
    (r"operating profit margin|operating margins?|ebit margins?", "operating_margin"),
    (r"net profit margin|net income margin|net margins?|profit margins?", "net_margin"),
    (r"(?:opex|operating expenses?) ratio|(?:opex|operating expenses?) to (?:revenue|sales)"
     r"(?: ratio)?", "opex_ratio"),
    (r"(?:cost of goods sold|cost of sales|cost of revenue|cogs|direct costs?) ratio",
     "cogs_ratio"),
    (r"gross profit|gross income", "gross_profit"),
    (r"ebitda", "ebitda"),
    (r"operating income|operating profit|operating result|ebit", "operating_income"),
    (r"net income|net profit|net earnings|bottom line|net loss|net result|profits?|earnings"
     # "made the most money", "which companies made money": profit, not sales
     r"|(?:made|make|makes|making|earned|earns|earn) (?:the )?(?:most |least |more |less |any |"
     r"no )?money"
     r"|lost (?:the )?most(?: money)?|lose (?:the )?most(?: money)?"
     r"|(?:(?:most|least) )?profitable|in the black|in profit"
     r"|made a loss|make a loss|loss making|lost money|lose money|loses money|losing money"
     r"|unprofitable|in the red|losses|loss",
     "net_income"),
    (r"operating expenses|operating expense|operating costs|opex|overheads?", "opex"),
    (r"cost of goods sold|cost of sales|cost of revenue|cogs|direct costs", "cogs"),
    (r"total expenses|expenses|expense|costs|expenditure|outgoings|cost base"
     # "the largest cost increase", "cost growth": every cost's movement
     r"|cost(?= (?:increases?|rises?|jumps?|growth|decreases?|drops?|falls?|declines?|changes?"
     r"|cuts?|reductions?|savings?|inflation|trend)\b)", "expenses"),
    (r"revenues?|revs?|sales|turnover|top line", "revenue"),
    (r"margins?|profitability", "net_margin"),
)  # fmt: skip
SPEND = r"\b(spend|spent|spending|pay|paid)\b"


def _const(value: str) -> Callable[[re.Match[str]], str]:
    return lambda match: value


def _is_kpi(account: str) -> bool:
    """A statement's subtotal line named like a KPI ("Gross Profit", "Total Operating Expenses",
    "Net Income"): the question means the KPI, which equals the line, never the line's sign."""
    name = re.sub(r"^(total|net total) ", "", norm(account))
    return any(re.fullmatch(phrase, name) for phrase, _ in METRIC_PHRASES)


def _account_pattern(account: str) -> str:
    """An account's name as a question may write it: "hotels" for Hotel, "meal" for Meals
    (a name of four letters or more: "its" is not the account IT)."""
    name = re.escape(norm(account))
    if len(norm(account)) < 4 or not norm(account)[-1].isalpha():
        return rf"\b{name}\b"
    if norm(account).endswith("s") and not norm(account).endswith("ss"):
        return rf"\b{name[:-1]}s?\b"
    return rf"\b{name}(?:s|es)?\b"


# Lines named like a KPI that restate it ("Net income" as a P&L's subtotal, or as the first
# line of a cash flow statement): the question means the KPI, never the line.
_RESTATING = (K.subtotal, K.non_financial, K.balance_sheet)


def read_metrics(
    text: str,
    accounts: dict[str, str | None],
    kinds: Mapping[str, K | None] | None = None,
) -> tuple[str, list[tuple[int, str]], bool]:
    """Cut the metric phrases out: named accounts first (an account beats "spend"), then KPIs.
    `kinds`: the accounts' kinds as the dashboard gives them (an account it shows as
    Unclassified is named like any line, never taken for revenue by its name)."""
    found: list[tuple[int, str]] = []

    def kind(account: str, category: str | None) -> K | None:
        if kinds is not None and account in kinds:
            return kinds[account]
        return kind_of(account, category)

    costs = [
        a
        for a, c in accounts.items()
        if kind(a, c) not in (K.revenue, K.cost_of_sales)
        and not (kind(a, c) in _RESTATING and _is_kpi(a))
    ]
    # one of several revenue (cost of sales) lines named for itself ("training income" beside
    # "consulting income"), unless its name is the KPI's ("Sales", "Cost of Goods Sold"); a sole
    # revenue line is the revenue
    for k in (K.revenue, K.cost_of_sales):
        lines = [a for a, c in accounts.items() if kind(a, c) is k]
        if len(lines) > 1:
            costs += [a for a in lines if not _is_kpi(a)]
    # "lose money in 2025", "made money in Q3": a profit or a loss, read before an account's
    # words ("Money in", a bank statement's account) can take "money in" out of it
    text = _cut(text, rf"\b(?:{MONEY_MADE})\b", _const("net_income"), found)
    for account in sorted(costs, key=len, reverse=True):
        text = _cut(text, _account_pattern(account), _const(f"account:{account}"), found)
    # spelled-out subtotals, before their words are read as accounts or metrics: "profit before
    # interest and tax" is EBIT (never net income, interest and tax); "sales less cost of sales"
    text = _cut(text, rf"\b(?:{EBIT_SAID})\b", _const("operating_income"), found)
    text = _cut(text, rf"\b(?:{GROSS_SAID})\b", _const("gross_profit"), found)
    text = _cut(text, rf"\b(?:{PRETAX})\b", _const("pretax_income"), found)
    for phrase, target in _ALIASES:
        match = next((a for a in costs if re.search(target, norm(a))), None)
        if match:
            text = _cut(text, rf"\b(?:{phrase})\b", _const(f"account:{match}"), found)
    for phrase, name in METRIC_PHRASES:
        text = _cut(text, rf"\b(?:{phrase})\b", _const(name), found)
    if not found:
        text = _cut(
            text,
            r"\b(?:make|made|makes|earn|earned|earns|bring in|brought in|generate|generated"
            r"|sell|sold|sells|selling)\b",
            _const("revenue"),
            found,
        )
        text = _cut(text, r"\b(?:lose|lost|loses|losing)\b", _const("net_income"), found)
        # "how much did we spend in total": every cost (but "spend on travel" names a line)
        text = _cut(
            text, r"\b(?:spend|spent|spending)\b(?! on\b| for\b)", _const("expenses"), found
        )
    spend = bool(re.search(SPEND, text))
    return text, sorted(found, key=lambda item: item[0]), spend


SLOT = frozenset(_words("of for at about and vs versus between compare by from with than"))


def _named(chunk: list[str], before: str, capitalised: set[str]) -> bool:
    """Whether an unknown run of words was meant as a company: capitalised in the question or
    right after a word that introduces one ("of", "for", "at", "compare" ...)."""
    return before in SLOT or before == "" or any(word in capitalised for word in chunk)


def read_companies(text: str, directory: Directory, question: str = "") -> tuple[str, Found]:
    """Full names and codes first, then every other run of non-filler words."""
    capitalised = {w.casefold() for w in re.findall(r"[A-Za-z0-9&]+", question) if w[0].isupper()}
    parts: list[tuple[int, Found]] = []
    for name in sorted(directory.exact(), key=len, reverse=True):
        pattern = rf"\b{re.escape(name)}\b"
        for match in re.finditer(pattern, text):
            parts.append((match.start(), resolve_chunk(name.split(), directory)))
        text = re.sub(pattern, lambda m: "§" * len(m.group(0)), text)
    chunk: list[str] = []
    before = previous = ""
    for match in re.finditer(r"\S+", text + " §"):
        word = match.group(0)
        # a number, or an amount with its unit ("10m", "5k"), is never a name
        if "§" in word or word in STOP or re.fullmatch(r"-?[\d.%]+(?:k|m|mn|bn)?", word):
            if chunk:
                found = resolve_chunk(chunk, directory)
                if not found.unknown or _named(chunk, before, capitalised):
                    parts.append((match.start(), found))
            chunk = []
        else:
            if not chunk:
                before = previous
            chunk.append(word)
        previous = word
    return text, combine([found for _, found in sorted(parts, key=lambda p: p[0])])


def _name_pattern(name: str) -> str:
    """A dimension's name, singular or plural ("region", "regions", "categories")."""
    word = norm(name)
    if word.endswith("y"):
        return rf"{re.escape(word[:-1])}(?:y|ies)"
    return rf"{re.escape(word)}s?"


def read_dimensions(
    text: str,
    dimensions: dict[str, tuple[str, ...]],
    directory: Directory,
    accounts: Iterable[str] = (),
) -> tuple[str, list[tuple[str, str]], str | None]:
    """Cut imported dimension values ("the West region", "Consumer segment", "furniture") and
    dimension names said without a value ("by region", "which segment") out of the text. A value
    that is a filler word, a company's name or part of an account's name is left alone."""
    names = " | ".join(norm(a) for a in accounts)
    companies = set(directory.exact())
    values = sorted(
        (
            (norm(value), name, value)
            for name, options in dimensions.items()
            for value in options
            if norm(value)
            and norm(value) not in STOP
            and norm(value) not in companies
            and not re.search(rf"\b{re.escape(norm(value))}\b", names)
        ),
        key=lambda item: -len(item[0]),
    )
    found: list[tuple[int, tuple[str, str]]] = []
    for said, name, value in values:
        # "the West region", "western", "technology products", "Consumer customers"
        pattern = (
            rf"\b(?:(?:product|customer|client)s? (?:{_name_pattern(name)} )?)?"
            rf"{re.escape(said)}(?:ern)?"
            rf"(?: (?:{_name_pattern(name)}|products?|customers?|clients?|goods|items))?\b"
        )
        text = _cut(text, pattern, _const((name, value)), found)  # type: ignore[arg-type]
    where = list(dict.fromkeys(pair for _, pair in sorted(found)))  # in the order said
    by = None
    for name in dimensions:
        pattern = (
            rf"(?<!sub )(?<!expense )(?<!cost )(?<!spend )(?<!spending )"
            rf"\b(?:customer |product |sales |business )?{_name_pattern(name)}\b"
        )
        if re.search(pattern, text):
            text = _cut(text, pattern, _const(None), [])  # type: ignore[arg-type]
            if by is None and name not in {n for n, _ in where}:
                by = name
    return text, where, by


_EXCEPT = re.compile(
    r"\b(?:except(?: for)?|excluding|excl|other than|apart from|but not|not counting|"
    r"leaving out|leave out|minus|exclude|excludes|omit|omitting|not including|ignoring)\b"
)


def _leave_values_out(reading: Reading, dimensions: dict[str, tuple[str, ...]]) -> None:
    """ "revenue by region in 2025, but exclude the West": the dimension broken down is shown for
    its other values, side by side. (A value left out of a total, with no breakdown asked, is
    declined as any other exclusion that is not a company.)"""
    cut = _EXCEPT.search(reading.text)
    if cut is None:
        return
    after = reading.text[cut.end() :]
    before = reading.text[: cut.start()]
    out = [
        (name, value)
        for name, value in reading.where
        if re.search(rf"\b{re.escape(norm(value))}", after)
        # the breakdown is asked before the exclusion: "by region", "each region", "regions"
        and re.search(rf"\b{_name_pattern(name)}\b", before)
    ]
    names = {name for name, _ in out}
    if len(names) != 1:
        return
    (by,) = names
    others = [pair for pair in reading.where if pair[0] != by]
    kept = [(by, v) for v in dimensions[by] if (by, v) not in out]
    reading.where, reading.by = others + kept, by
    reading.values_out = [value for _, value in out]


def _companies(rest: str, directory: Directory, question: str) -> tuple[str, Found, list[str]]:
    """The companies named, and those named after "except" / "excluding" (left out of the
    scope: every other visible company, or the others named)."""
    cut = _EXCEPT.search(rest)
    if not cut:
        rest, found = read_companies(rest, directory, question)
        return rest, found, []
    head, found = read_companies(rest[: cut.start()], directory, question)
    tail, left_out = read_companies(rest[cut.end() :], directory, question)
    if left_out.ask is not None or left_out.unknown or not left_out.codes:
        return head + tail, combine([found, left_out]), []
    kept = found.codes or list(directory.names)
    found.codes = [c for c in kept if c not in left_out.codes]
    return head + " " * (cut.end() - cut.start()) + tail, found, left_out.codes


_BUDGET = (
    r"(?:the |our |my )?(?:budget(?:s|ed)?|plan|forecast(?:s|ed)?)(?: figures| numbers| amounts)?"
)
# actual against budget: "vs budget", "over budget", "how far from budget", "budget variance"
_VERSUS = re.compile(
    r"(?:\b|(?=%))(?:(?:the )?actuals? )?(?:vs|versus|against|compared (?:with|to)|relative to|"
    r"over|under|above|below|on|off|within|from|to|behind|ahead of|short of|"
    rf"variances? (?:to|from|against|vs|versus)|(?:%|percent|percentage) of) {_BUDGET}"
    r"(?: (?:vs|versus|and) actuals?)?\b"
    r"|\b(?:the )?(?:budget(?:ed)?|forecast(?:ed)?) (?:vs|versus|and|against) actuals?\b"
    r"|\b(?:the )?(?:budget|forecast) (?:variances?|attainment|gaps?|deviations?)\b"
    r"|\b(?:budget|forecast|actual) ?vs ?(?:budget|forecast|actual)\b"
)
_SCENARIO = re.compile(
    r"\b(?:the |our |my )?(?:(budgets?|budgeted|budget figures?)|(forecasts?|forecasted))"
    r"(?: (?:for|of|figures?|numbers?|amounts?))?\b"
)
_NEXT = re.compile(r"\bnext (?:calendar )?(quarter|month|year)\b")


def read_scenario(text: str, cal: Calendar) -> tuple[str, str | None, bool, Period | None]:
    """Cut the words naming a budget or forecast ("budget for revenue", "revenue vs budget",
    "are we over budget") out of the text: the scenario asked for, whether actuals are compared
    with it, and for a forecast or budget the period "next quarter / month / year" (after the
    latest complete month), which for actuals is the future and declined."""
    against = _VERSUS.search(text)
    versus = against is not None
    scenario = None
    if against is not None:
        scenario = "forecast" if "forecast" in against.group(0) else "budget"
    text = _VERSUS.sub(" ", text)
    found = _SCENARIO.search(text)
    if found and scenario is None:
        scenario = "budget" if found.group(1) else "forecast"
    text = _SCENARIO.sub(" ", text) if scenario else text
    ahead = None
    following = _NEXT.search(text) if scenario else None
    if following:
        unit = following.group(1)
        after = add_months(cal.anchor, 1)
        if unit == "month":
            ahead = cal.month(after.year, after.month)
        elif unit == "year":
            ahead = cal.year(cal.anchor.year + 1)
        else:
            q = (cal.anchor.month - 1) // 3 + 1
            ahead = cal.quarter(cal.anchor.year + (q == 4), q % 4 + 1)
        text = text[: following.start()] + " " + text[following.end() :]
    return f" {' '.join(text.split())} ", scenario, versus, ahead


def _scenario_values(dimensions: dict[str, tuple[str, ...]] | None) -> bool:
    """A scenario column imported as a dimension (Scenario = Budget / Actual): its values are
    read as a slice, as before datasets carried a scenario."""
    said = {norm(v) for values in (dimensions or {}).values() for v in values}
    return bool(said & {"budget", "forecast", "actual", "actuals", "plan"})


def _an_account(text: str, match: re.Match[str], accounts: Iterable[str]) -> bool:
    """The words a decline would stop at are (part of) an account of the data the question
    names: "total discounts given in 2014" with a "Discounts" account is that account's."""
    for account in accounts:
        name = norm(account)
        for said in re.finditer(rf"\b{re.escape(name)}\b", text) if name else ():
            if said.start() <= match.start() and match.end() <= said.end():
                return True
    return False


def read(
    question: str,
    *,
    directory: Directory,
    accounts: dict[str, str | None],
    cal: Calendar,
    dimensions: dict[str, tuple[str, ...]] | None = None,
    kinds: Mapping[str, K | None] | None = None,
) -> Reading:
    """Every part one question states, each word read once."""
    known = [
        *directory.exact(),
        *accounts,
        *(c for c in accounts.values() if c),
        *(v for values in (dimensions or {}).values() for v in values),
    ]
    # a capitalised word is a name ("Marin Corp"), except the question's first word alone
    said = re.findall(r"[A-Za-z]+", question)
    names = {w.casefold() for i, w in enumerate(said) if w[0].isupper() and i > 0}
    if len(said) > 1 and said[0][0].isupper() and said[1][0].isupper():
        names.add(said[0].casefold())
    words = (w for name in known for w in norm(name).split())
    text = respell(normalise(question), [*words, *names])
    ahead = None
    if not _scenario_values(dimensions):
        text, scenario, versus, ahead = read_scenario(text, cal)
        reading = Reading(text=text, scenario=scenario, versus=versus)
    else:
        reading = Reading(text=text)
    if dimensions:
        text, reading.where, reading.by = read_dimensions(text, dimensions, directory, accounts)
    if (cash := read_cash(text, accounts)) is not None:
        reading.cash, text = cash  # answered by the statement's own accounts, not declined
    elif (balance := read_balance(text, kinds or {})) is not None:
        reading.balance, text = balance  # answered by the stored balances, not declined
    cannot = next((m for m in CANNOT.finditer(text) if not _an_account(text, m, accounts)), None)
    if cannot:
        reading.cannot = cannot.group(0)
    days = DAYS.search(text)
    if days:
        reading.days = days.group(0).strip()
    if dimensions:
        _leave_values_out(reading, dimensions)
    rest, reading.periods = read_periods(text, cal)
    unread = UNREAD_PERIOD.search(rest)
    if unread:
        reading.unread_period = unread.group(0).strip()
    if ahead is not None:
        reading.periods.insert(0, ahead)
    # a budget or forecast may be asked of any period; actuals of a future one are declined
    reading.future = reading.scenario is None and (
        (
            any(p.start > add_months(cal.anchor, 0) for p in reading.periods)
            and bool(re.search(r"\b(will|forecast|next|expect|projected)\b", text))
        )
        or any(p.start.year > cal.anchor.year for p in reading.periods)
    )
    rest, found, reading.spend_word = read_metrics(rest, accounts, kinds)
    reading.metrics = [name for _, name in found]
    reading.metric_at = [at for at, _ in found]
    rest, reading.companies, reading.excluded = _companies(rest, directory, question)
    # "revenue minus COGS" is gross profit, not a part left out
    cut = _EXCEPT.search(re.sub(rf"\b(?:{GROSS_SAID})\b", " ", reading.text))
    if cut and not reading.excluded and not reading.values_out:
        after = reading.text[cut.end() :].split()
        named = [w for w in after[:4] if w not in STOP and not w.isdigit()][:2]
        reading.left_out = " ".join([cut.group(0), *named])
    reading.rest = rest
    return reading


# a negation just before what it negates ("did not make a loss", "weren't profitable")
NEGATION = (
    r"not|never|no|without|didn t|did not|don t|do not|doesn t|does not|wasn t|was not|"
    r"weren t|were not|isn t|is not|aren t|are not|haven t|have not|hasn t|has not|failed to"
)


# A condition's sides: strictly below or above the limit, or the limit itself included
# ("at most 10%", "no more than 10%", "up to 10%": 10 % or below; "at least": 10 % or above).
BELOW, AT_OR_BELOW, ABOVE, AT_OR_ABOVE = "below", "at or below", "above", "at or above"
# the side a negation leaves: "not above 45%" is 45 % or below, "not at least" is below
OTHER_SIDE = {BELOW: AT_OR_ABOVE, AT_OR_ABOVE: BELOW, ABOVE: AT_OR_BELOW, AT_OR_BELOW: ABOVE}
_SIDE_OF = {
    **dict.fromkeys(("below", "under", "less than", "lower than"), BELOW),
    **dict.fromkeys(("at most", "up to"), AT_OR_BELOW),
    **dict.fromkeys(("at least", "reach", "reached", "reaches", "hit", "hits"), AT_OR_ABOVE),
}
_UNIT = r"(?:%|percent|million|mn|m|billion|bn|thousand|k)"


def is_below(side: str) -> bool:
    """Whether a condition's side is below its limit (strictly or not)."""
    return side in (BELOW, AT_OR_BELOW)


def holds(value: Decimal, condition: tuple[str, Decimal]) -> bool:
    """Whether a value meets a condition: "at or below 10" takes 10 itself, "below 10" not."""
    side, limit = condition
    if side == AT_OR_BELOW:
        return value <= limit
    if side == AT_OR_ABOVE:
        return value >= limit
    return value < limit if side == BELOW else value > limit


_SCALE = {"million": 6, "mn": 6, "m": 6, "billion": 9, "bn": 9, "thousand": 3, "k": 3}


def _limit(amount: str, unit: str | None) -> Decimal:
    limit = Decimal(amount) * 10 ** _SCALE.get(unit or "", 0)
    # "8.78717171 million" is 8787171.71, never shown as 8,787,171.71000000
    return limit.quantize(Decimal(1)) if limit == limit.to_integral_value() else limit.normalize()


def between(text: str) -> tuple[Decimal, Decimal] | None:
    """ "between 5 million and 10 million", "between 5 and 10m", "between 40% and 50%": both
    ends, taken in (a unit said once is both's). Two years ("between 2024 and 2025") are not."""
    match = re.search(
        rf"\bbetween (-?\d+(?:\.\d+)?)\s*({_UNIT})?(?!\w)\s*(?:and|to|-)\s+"
        rf"(-?\d+(?:\.\d+)?)\s*({_UNIT})?(?!\w)",
        text,
    )
    if not match or not (match.group(2) or match.group(4)):
        return None
    low = _limit(match.group(1), match.group(2) or match.group(4))
    high = _limit(match.group(3), match.group(4) or match.group(2))
    return (low, high) if low <= high else None


def threshold(text: str) -> tuple[str, Decimal] | None:
    """ "below 40%" / "above 15 %" → ("below", 40); "at most 10%", "no more than 10%", "up to
    10%" → ("at or below", 10); "at least 10%" → ("at or above", 10)."""
    span = between(text)
    if span is not None:  # "between 5 and 10 million": the lower end here, the upper in the plan
        return AT_OR_ABOVE, span[0]
    match = re.search(
        rf"\b(?:({NEGATION}) (?:\w+ )?)?"
        r"(below|under|less than|lower than|above|over|more than|greater than|higher than|"
        r"at least|at most|exceeded|exceeds|exceed|exceeding|topped|surpassed|reach|reached|"
        rf"reaches|hit|hits|up to(?=\s+-?\d+(?:\.\d+)?\s*(?:%|{_UNIT}\b)))\s+"
        rf"(-?\d+(?:\.\d+)?)\s*({_UNIT})?\b",
        text,
    )
    if not match:
        sign = re.search(r"\b(negative|positive)\b", text)
        return ((BELOW if sign.group(1) == "negative" else ABOVE), Decimal(0)) if sign else None
    negated, word = match.group(1), match.group(2)
    side = _SIDE_OF.get(word, ABOVE)
    if negated:  # "didn't reach 10 million" (below), "no more than 40%" (40 % or below)
        side = OTHER_SIDE[side]
    return side, _limit(match.group(3), match.group(4))
