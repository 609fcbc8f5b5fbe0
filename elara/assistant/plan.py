"""A question's structure — operation, metric, scope, period — built from one `Reading` and,
for a follow-up, from the previous turn's plan (kept in the conversation)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from elara.assistant.reading import (
    AT_OR_ABOVE,
    NEGATION,
    NUMBERS,
    OTHER_SIDE,
    Reading,
    between,
    threshold,
)
from elara.assistant.timeframe import ABBR, MONTHS, Calendar, Period
from elara.core.periods import add_months, months_between

_N = r"(\d+|" + "|".join(NUMBERS) + r")"
_SUPERLATIVE = (
    r"(?:top|bottom|lowest|highest|best|worst|weakest|strongest|largest|biggest|smallest)"
)
_TOP = re.compile(
    rf"\b(?:{_SUPERLATIVE}|first)\s+{_N}\b"
    rf"|\b{_N}\s+(?:{_SUPERLATIVE}|most|least|compan(?:y|ies)|businesses)\b"
)
_ASC = re.compile(r"\b(lowest|bottom|weakest|worst|least|smallest|fewest|poorest)\b")
_RANK = re.compile(
    r"\b(top|bottom|rank|ranked|ranking|which|who|highest|lowest|most|least|best|worst|weakest|"
    r"strongest|biggest|largest|smallest|leader|leaders|leading|how many)\b"
)
_LOSS = re.compile(r"\b(made a loss|make a loss|loss making|lost money|lose money|loses money|"
                   r"losing money|unprofitable|in the red|losses|loss)\b")  # fmt: skip
_GREW = re.compile(
    r"\b(grew|grow|growth|increase|increased|increases|rose|rise|improved|added|add|gained|"
    r"jump|jumped|jumps|went up|go up|goes up|gone up)\b"
)
_CHANGE = re.compile(
    r"\b(change|changed|changes|growth|grew|grow|increase|increased|decrease|decreased|decline|"
    r"declined|drop|dropped|yoy|year over year|qoq|quarter over quarter|vs prior|versus|"
    r"variance|variances|delta|jump|jumped|rose|fell|reduction|reductions|"
    r"(?:went|go|goes|gone) (?:up|down))\b"
)
_SERIES = re.compile(
    r"\b(by|per|each|every) (month|quarter|year)\b|\b(monthly|quarterly|yearly|annually|trend|"
    r"over time|month by month|quarter by quarter)\b"
    # "for each of the last 4 quarters"
    r"|\b(?:each|every) of the (?:last|past|previous|prior|trailing|latest) \S+ "
    r"(month|quarter|year)s\b"
)
SUMMARY_WORDS = re.compile(
    r"\b(p&l|pnl|p l|income statement|profit and loss|summary|summari[sz]e|overview|key figures|"
    r"kpis?|how (?:is|was|are|were|did) .* (?:doing|do|perform\w*)|performance)\b"
)
_MIX = re.compile(r"\b(mix|split|breakdown|contribution|contributions)\b")
_SHARE_WORD = re.compile(r"\b(?:shares?|percentages?|proportions?|percent) of\b")
_BY_COMPANY = re.compile(
    r"\b(?:by|per|for each|each|every) (?:company|business|entity)\b"
    r"|\bcompare\b.*\ball (?:the )?(?:companies|businesses)\b"
)
_ACCOUNT_LIST = re.compile(
    r"\b(cost|expense|spend|spending) (lines?|items?|accounts?|breakdown|categor(?:y|ies)|"
    r"types?|buckets?)\b|\bline items?\b|\bby account\b"
    rf"|\b(biggest|largest|main|top)(?: {_N})? (costs|expenses|cost lines)\b"
    r"|\b(biggest|largest|main|single biggest) (cost|expense)\b"
    # "the largest cost increase" is a change of costs, not the largest cost line
    r"(?! (?:month|quarter|year|company|companies|ratio|margin|growth|increases?|rises?|jumps?|"
    r"decreases?|drops?|falls?|declines?|changes?|cuts?|savings?|reductions?))"
    r"|\bwhere (?:did|do|does) .* "
    # "where did we lose money" asks which made a loss; "where did the money go" the costs
    r"(?:(?:lose|lost|losing)(?! money)|spend|spent|go)\b|\bcost drivers?\b"
)
_TOGETHER = re.compile(r"\b(combined|together|altogether|in total|sum of|aggregate)\b")
_WHY = re.compile(
    r"\b(why|what drove|what drives|what caused|what explains|explain|drivers?|reasons?|"
    r"what is behind|what's behind)\b"
)
_AVERAGE = re.compile(r"\b(average|avg|mean|typical)\b")
_FOLLOW = re.compile(
    r"^ (and|what about|how about|same for|also|compare (?:it |that |this )?(?:with|to|against)|"
    r"vs|versus|by|why|yes|yeah|yep|correct|right|as a|as an|in|for|now|then|ok|okay|what if)\b"
)
_SHIFT_YEAR = re.compile(
    r"\b(the |a )?(year before|previous year|prior year|year earlier|year ago)\b"
    r"|\bsame \w+ (?:of |in )?(?:last|the previous|the prior|previous|prior|a) year\b"
)
_SHIFT_QUARTER = re.compile(r"\b(the |a )?(quarter before|previous quarter|prior quarter)\b")
_RATIO_OF = re.compile(r"(?:\b(?:percentage|percent|share|proportion|ratio|fraction)|%) of\b")
_LOST_MOST = re.compile(r"\b(?:lost|lose|loses|losing) (?:the )?most\b|\b(?:biggest|largest) loss")
_VS = re.compile(
    r"^ (?:(?:and|but|so|how|what) (?:is it |was it |does it |did it |about )?)?(?:vs|versus"
    r"|compared? (?:it |that |this )?(?:with|to)|against|relative to)\b"
)
# "best month", "worst quarter", "which month had the highest revenue": the periods ranked
_PERIOD_RANK = re.compile(
    r"\b(?:best|worst|highest|lowest|strongest|weakest|biggest|smallest|peak|top|record|"
    r"busiest|slowest)(?: (?!last|this|previous|prior|recent|latest|past|same|each|per|every)"
    r"(?:\d+|[a-z]+))? (month|quarter)s?\b(?! (?:ended|ending|to|over|of \d))"
    r"|\b(?:which|what) (month|quarter)s?\b(?! (?:ended|ending))(?=.*\b(?:best|worst|highest|"
    r"lowest|most|least|strongest|weakest|biggest|largest|smallest|peak|top|record)\b)"
    r"|\b(month|quarter)s? (?:with|had|has|having|showed|saw) the (?:highest|lowest|most|least|"
    r"best|worst|biggest|smallest|strongest|weakest)\b"
)
# growth as a rate, not in dollars: "grew fastest", "highest growth rate"
_RATE = re.compile(
    r"\b(fastest|quickest|slowest|growth rates?|in percent(?:age)? terms|percentage growth|"
    r"% growth|growth in %|growth %|relative growth)(?!\w)"
)
_FALL = re.compile(
    r"\b(drop|dropped|drops|fall|fell|falls|decline|declined|declines|decrease|decreased|"
    r"shrank|shrink|deteriorat\w*|worsen\w*|cut|cuts|reduced|reduce|reduction|reductions|"
    r"lowered|trimmed|slashed|went down|go down|goes down)\b"
)
_LEADING = re.compile(
    r"^ (?:what is |what was |what s |whats |who has |who had |show |show me )?(?:the )?"
    r"(?:highest|lowest|best|worst|weakest|strongest|largest|biggest|smallest)\b"
)
# month over month: each month against the one before it (never a year-over-year change)
MOM = re.compile(
    r"\b(?:month over month|month on month|month to month|mom|m o m|m m|"
    r"(?:monthly|month s|each month s?|per month) (?:change|changes|growth|increase|decrease|"
    r"drop|swing|variation|movement)s?)\b"
)
_PART_OF = re.compile(
    r"\b(?:how much|what part|what portion|what fraction) of\b.*"
    r"\b(?:came|come|comes|coming|contributed|contribute|contributes|was|is) (?:from|by)\b"
)
# one metric's growth against another's: "opex grew faster than revenue" (not answered)
_OUTGREW = re.compile(
    r"\b(?:grew|grow|grows|growing|growth|increased|increasing|rose|rising)\b.*"
    r"\b(?:faster|slower|quicker|more|less)(?: quickly| rapidly)? than\b"
    r"|\b(?:outpac\w*|outgr[eo]w\w*|outstrip\w*)\b"
)
_VS_LAST_YEAR = re.compile(
    r"\b(?:vs|versus|against|compared (?:with|to)|relative to) (?:the )?last year\b"
)
_YEAR_AGAIN = re.compile(
    r"^ (?:and )?(?:compared? (?:it |that |this |them )?(?:with|to|against)|vs|versus|against|"
    r"relative to) (?:the )?(?:last|previous|prior) year\b"
)
# "has revenue been increasing", "is opex still rising": a trend over the period
_TRENDING = re.compile(
    r"\b(?:been|be|is|are|was|were|keeps?|kept|still) (?:increasing|growing|rising|declining|"
    r"decreasing|falling|improving|shrinking|dropping|going (?:up|down))\b"
    r"|\btrending (?:up|down|upwards|downwards|higher|lower)\b"
)
# "rank companies by gross margin change from 2024 to 2025": a ranking of the change
_MOVED = re.compile(r"\b(change|changes|changed|movement|movements|delta|deltas)\b")
_AS_SHARE = re.compile(r"\bas an? (percentage|percent|share|proportion|%|fraction|ratio) of\b|"
                       r"\bas % of\b|\bratio of\b|\bto revenue\b|\bper dollar of\b")  # fmt: skip


# "which expense line grew the most", "which costs increased the most last quarter", "biggest
# cost increases year over year": cost accounts ranked by their change between two periods
_COST_LINES = re.compile(
    r"\b(?:which|what) (?:costs?|expenses?|spend(?:ing)?)(?: (?:lines?|items?|accounts?|"
    r"categor(?:y|ies)|types?|buckets?))?\b(?! (?:ratio|margin))"
    r"|\b(?:cost|expense|spend(?:ing)?) (?:lines?|items?|accounts?|categor(?:y|ies)|types?|"
    r"buckets?)\b|\bline items?\b"
    r"|\b(?:cost|expense|spend(?:ing)?) (?:increases?|rises?|jumps?|decreases?|drops?|falls?|"
    r"declines?|changes?|movers?)\b"
)
_COST_MOVE = re.compile(
    r"\b(grew|grow|growth|increases?|increased|rose|rises?|jump|jumps|jumped|went up|"
    r"drops?|dropped|falls?|fell|declines?|declined|decreases?|decreased|went down|shrank|"
    r"changes?|changed|movers?)\b"
)
_COST_MOST = re.compile(
    r"\b(most|biggest|largest|highest|top|greatest|steepest|sharpest|least|smallest|"
    r"increases|rises|jumps|decreases|drops|falls|declines|changes|movers)\b"
)
_COST_RISE = re.compile(
    r"\b(grew|grow|growth|increases?|increased|rose|rises?|jump|jumps|jumped|went up)\b"
)
ACCOUNT_CHANGE_LIST = 3  # "which costs rose the most": a short list unless a number is said


@dataclass(frozen=True)
class Plan:
    op: str
    metric: str | None = None
    denominator: str | None = None  # ratio: metric / denominator
    companies: tuple[str, ...] = ()  # () = every company the user can see
    period: Period | None = None
    periods: tuple[Period, Period] | None = None
    granularity: str | None = None
    top: int | None = None
    ascending: bool = False
    condition: tuple[str, Decimal] | None = None
    where: tuple[tuple[str, str], ...] = ()  # imported dimension values the figures are within
    by: str | None = None  # rank (pick, share out) this dimension's values instead of companies
    percent: bool = False  # rank_change by the percentage change rather than the amount
    also: tuple[str, ...] = ()  # further metrics asked for, each answered the same way
    scenario: str | None = None  # the datasets read: budget, forecast (None: actuals)
    versus: bool = False  # actuals against the budget: actual, budget, variance, % of budget
    upper: Decimal | None = None  # "which": "between 5 and 10 million", the upper end (taken in)

    def to_state(self) -> dict[str, Any]:
        def p(period: Period | None) -> list[str] | None:
            if period is None:
                return None
            return [period.start.isoformat(), period.end.isoformat(), period.label]

        return {
            "op": self.op,
            "metric": self.metric,
            "denominator": self.denominator,
            "companies": list(self.companies),
            "period": p(self.period),
            "periods": [p(x) for x in self.periods] if self.periods else None,
            "granularity": self.granularity,
            "top": self.top,
            "ascending": self.ascending,
            "condition": [self.condition[0], str(self.condition[1])] if self.condition else None,
            "where": [list(pair) for pair in self.where],
            "by": self.by,
            "percent": self.percent,
            "also": list(self.also),
            "scenario": self.scenario,
            "versus": self.versus,
            "upper": str(self.upper) if self.upper is not None else None,
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> Plan:
        from datetime import date

        def p(raw: list[str] | None) -> Period | None:
            if not raw:
                return None
            return Period(date.fromisoformat(raw[0]), date.fromisoformat(raw[1]), raw[2])

        periods = data.get("periods")
        condition = data.get("condition")
        return cls(
            op=data["op"],
            metric=data.get("metric"),
            denominator=data.get("denominator"),
            companies=tuple(data.get("companies") or ()),
            period=p(data.get("period")),
            periods=(p(periods[0]), p(periods[1])) if periods else None,  # type: ignore[arg-type]
            granularity=data.get("granularity"),
            top=data.get("top"),
            ascending=bool(data.get("ascending")),
            condition=(condition[0], Decimal(condition[1])) if condition else None,
            where=tuple((str(n), str(v)) for n, v in data.get("where") or ()),
            by=data.get("by"),
            percent=bool(data.get("percent")),
            also=tuple(str(x) for x in data.get("also") or ()),
            scenario=data.get("scenario"),
            versus=bool(data.get("versus")),
            upper=Decimal(data["upper"]) if data.get("upper") is not None else None,
        )


def has_subject(text: str) -> bool:
    """A question without a metric that still asks something answerable (key figures, the
    largest cost accounts, "which region grew fastest": growth is of revenue, and says so)."""
    return bool(
        SUMMARY_WORDS.search(text)
        or _ACCOUNT_LIST.search(text)
        or _grew_alone(text)
        # "which cost increased the most": the cost accounts ranked by their change
        or (_COST_LINES.search(text) and _COST_MOVE.search(text) and _COST_MOST.search(text))
    )


def _grew_alone(text: str) -> bool:
    """ "which region grew fastest", "what was our best month": a growth or period ranking that
    names no metric (revenue's; the answer's first line says so)."""
    grew = re.search(r"\b(grew|grow|growing|growth)\b", text) and re.search(
        r"\b(which|who|fastest|quickest|most|rank)\b", text
    )
    return bool(grew or _PERIOD_RANK.search(text))


def is_followup(reading: Reading, previous: Plan | None) -> bool:
    if previous is None:
        return False
    has_subject = bool(reading.metrics) and (bool(reading.companies.codes) or bool(reading.periods))
    return (
        bool(_FOLLOW.search(reading.text))
        or not reading.metrics
        or (not has_subject and len(reading.text.split()) <= 5)
    )


def ascending(text: str, metric: str | None = None) -> bool:
    """Lowest first: "bottom 3", "weakest", "lost the most" (but "bottom line" is a metric).
    For a cost or a cost ratio, "worst" / "weakest" is the highest and "best" the lowest."""
    text = re.sub(r"\bbottom line\b", " ", text)
    if metric in COST_METRICS or (metric or "").startswith("account:"):
        plain = re.search(r"\b(lowest|highest|bottom|top|least|most|smallest|largest|biggest)\b",
                          text)  # fmt: skip
        judged = re.search(r"\b(worst|weakest|poorest|best|strongest)\b", text)
        if judged and not plain:
            return judged.group(1) in ("best", "strongest")
    return bool(_ASC.search(text) or _LOST_MOST.search(text))


COST_METRICS = frozenset(["cogs", "opex", "expenses", "cogs_ratio", "opex_ratio"])


def _singular(text: str, by: str | None) -> bool:
    """ "which company", "who", "which region": one answer."""
    names = r"company|business|entity|firm"
    if by:
        word = re.escape(by.casefold().rstrip("y"))
        names += rf"|(?:customer |product )?{word}(?:y)?"
    if re.search(rf"\b(?:which|what) (?:{names})\b|\bwho\b", text):
        return True
    # "our most profitable region", "the highest-revenue company": one, named in the singular
    if re.search(
        r"\b(?:most|least|highest|lowest|best|worst|biggest|largest|strongest|weakest)"
        rf"(?: [a-z]+)? (?:{names})\b(?! and)",
        text,
    ):
        return True
    if re.search(
        r"\bwhich (?:one )?of (?:our|the|my|all|these|those|all the) (?:\w+ )?"
        r"(?:companies|businesses|entities|firms)\b",
        text,
    ):
        return True
    # "lowest net margin among all companies": one answer, unless companies are what is listed
    lead = _LEADING.search(text)
    return lead is not None and not re.search(
        r"^ \S+(?: \S+)? (?:\d+ )?(?:companies|businesses|firms|entities)\b", text[lead.end() :]
    )


_PROFIT = re.compile(
    r"(?<!most )(?<!least )(?<!more )(?<!less )(?<!how )\b(profitable|made a profit|make a profit|"
    r"makes a profit|in profit|in the black|turned a profit|turn a profit|made money|"
    r"make money|makes money|making money)\b"
)
# "did any company lose money", "were any of our businesses unprofitable": which ones
_ANY = re.compile(
    r"\b(?:did|do|does|have|has|had|were|was|are|is) any (?:of (?:our|the) )?"
    r"(?:companies|company|businesses|business|entities|entity|firms?)\b"
)
# "where did we lose money", "where are we making money": which companies (or values) did
_WHERE_MONEY = re.compile(
    r"\bwhere (?:did|do|does|are|were|have|has|is|was) (?:we|i|our \w+|the \w+) "
    r"(?:lose|lost|losing|make|made|making|earn|earned|earning) (?:any )?money\b"
)
_NEGATED = re.compile(rf"\b(?:{NEGATION})\s+(?:\w+\s+)?$")


def profit_condition(text: str, most_too: bool = False) -> tuple[str, Decimal] | None:
    """ "made a loss" (net income below 0), "did not make a loss" (above); "which companies were
    profitable" (above), "weren't profitable" (below). A profit said without "which / who /
    what" is no condition; "lost the most" is a loss only when `most_too`."""
    loss = _LOSS.search(text)
    if loss and (most_too or not _LOST_MOST.search(text)):
        return ("above" if _NEGATED.search(text[: loss.start()]) else "below", Decimal(0))
    gain = _PROFIT.search(text)
    if gain and (
        re.search(r"\b(which|who|what|how many)\b", text)
        or _ANY.search(text)
        or _WHERE_MONEY.search(text)
    ):
        return ("below" if _NEGATED.search(text[: gain.start()]) else "above", Decimal(0))
    return None


def by_dimension(reading: Reading, base: Plan) -> Plan:
    """ "top 3 regions by profit", "which segment lost money", "revenue mix by category"."""
    text = reading.text
    condition = threshold(text) or profit_condition(text)
    if condition is not None and re.search(r"\b(which|who|what)\b", text):
        return replace(base, op="which", metric=base.metric or "net_income", condition=condition)
    if not base.denominator and (
        _MIX.search(text) or re.search(r"\b(share|percentage|proportion)\b", text)
    ):
        return replace(base, op="mix")
    top = top_n(text) or (1 if _singular(text, base.by) else None)
    return replace(base, op="rank", top=top, ascending=ascending(text, base.metric))


def granularity(text: str) -> str | None:
    match = _SERIES.search(text)
    if not match:
        return None
    word = match.group(2) or match.group(3) or match.group(4)
    if word in ("quarterly", "quarter by quarter"):
        return "quarter"
    if word in ("yearly", "annually", "year"):
        return "year"
    if word == "quarter":
        return "quarter"
    if word == "trend" and re.search(r"\bquarter", text):
        return "quarter"
    return "month"


def top_n(text: str) -> int | None:
    for match in _TOP.finditer(text):
        word = match.group(1) or match.group(2)
        if re.fullmatch(r"(?:19|20)\d\d", word):  # "2025 highest first": a year, not a count
            continue
        return int(word) if word.isdigit() else NUMBERS[word]
    return None


def two_periods(reading: Reading, cal: Calendar) -> tuple[Period, Period] | None:
    """Two periods named, or one with a growth word: the one before it of equal length."""
    text = reading.text
    if len(reading.periods) >= 2:
        first, second = reading.periods[0], reading.periods[1]
        first, second = (first, second) if first.start <= second.start else (second, first)
        if (
            "YTD" in second.label
            and first == cal.year(first.start.year)
            and first.start.year < second.start.year
        ):  # "this year vs last year", "through March 2026 vs 2025": the same months of that
            # year, not all twelve
            first = second.shifted(-12 * (second.start.year - first.start.year))
        return first, second
    if (
        len(reading.periods) == 1
        and reading.periods[0] == cal.last_year()
        and _VS_LAST_YEAR.search(text)
    ):
        # "how are we tracking vs last year": this year so far against the same months then
        return cal.ytd().shifted(-12), cal.ytd()
    if len(reading.periods) == 1 and _CHANGE.search(text):
        later = reading.periods[0]
        if re.search(r"\b(qoq|quarter over quarter)\b", text):
            return later.shifted(-3), later
        if (
            re.search(r"\b(yoy|year over year)\b", text)
            or months_between(later.start, later.end) >= 12
        ):
            return later.shifted(-12), later
        return later.shifted(-months_between(later.start, later.end)), later
    return None


def _account_change(
    reading: Reading,
    base: Plan,
    pair: tuple[Period, Period] | None,
    cal: Calendar,
) -> Plan | None:
    """ "Which expense line grew the most at Acme Corp in 2025 vs 2024?", "which costs fell the
    most last quarter": the cost accounts (of cost of sales, opex or every cost, as named)
    ranked by their change in amount between two periods, costs positive (None: not asked)."""
    text = reading.text
    metrics = list(dict.fromkeys(reading.metrics))  # as said ("grew" alone is not revenue here)
    subject = _COST_LINES.search(text)
    if (
        subject is None
        or reading.by
        or not _COST_MOVE.search(text)
        or not _COST_MOST.search(text)
        or any(x not in ("expenses", "cogs", "opex") for x in metrics)
        or re.search(r"\b(?:which|what) (?:compan|business|entit|month|quarter|year)", text)
        or re.search(r"\b(?:by|per|each|every) (?:company|business|entity)\b", text)
    ):
        return None
    if pair is None and reading.periods:
        # "which costs rose the most in 2025": against the period before it of equal length
        later = reading.periods[0]
        span = months_between(later.start, later.end)
        yearly = span >= 12 or re.search(r"\b(yoy|year over year)\b", text)
        pair = (later.shifted(-12 if yearly else -span), later)
    if pair is None:  # "year over year", "vs last year": this year so far against those months
        pair = (cal.ytd().shifted(-12), cal.ytd())
    plural = subject.group().split()[-1].endswith("s") and not subject.group().endswith("ss")
    rises = bool(_COST_RISE.search(text))
    falls = bool(_FALL.search(text) or re.search(r"\bwent down\b", text)) and not rises
    least = bool(re.search(r"\b(least|smallest)\b", text))
    # rises only (falls only), never a smaller rise shown as a fall; "changed the most", "the
    # biggest movers": neither (the largest changes either way first)
    sign: tuple[str, Decimal] | None = None
    if rises or falls:
        sign = ("below" if falls else "above", Decimal(0))
    return replace(
        base,
        op="account_change",
        metric=metrics[0] if metrics and metrics[0] != "expenses" else "expenses",
        period=None,
        periods=pair,
        top=top_n(text) or (ACCOUNT_CHANGE_LIST if plural else 1),
        ascending=falls != least,  # the largest falls first; "fell the least": the smallest
        condition=sign,
    )


def _dimension_plan(
    reading: Reading, base: Plan, pair: tuple[Period, Period] | None, metrics: list[str]
) -> Plan | None:
    """Questions about an imported dimension's values: side by side, their changes, a ranking
    (None: the question is not about one)."""
    text = reading.text
    named = [name for name, _ in reading.where]
    twice = next((name for name in named if named.count(name) > 1), None)
    if twice and not _TOGETHER.search(
        text
    ):  # "West vs East", "furniture and technology": side by side
        gap = re.search(r"\b(difference|gap|variance)\b", text) and named.count(twice) == 2
        return replace(base, op="difference" if gap else "compare", by=twice)
    if reading.by and pair:
        # "which region grew revenue the most from 2024 to 2025", "each segment's change"
        if (
            _GREW.search(text)
            and re.search(r"\b(which|who)\b", text)
            and not re.search(r"\b(most|biggest|largest|highest|top|fastest)\b", text)
        ):
            return grew_by(replace(base, op="which_grew", periods=pair), text)
        top = top_n(text) or (1 if _singular(text, reading.by) else None)
        return replace(
            base,
            op="rank_change",
            periods=pair,
            top=top,
            ascending=ascending(text) or bool(_FALL.search(text)),
            percent=bool(_RATE.search(text)),
            condition=moved_only(text),
        )
    if reading.by:
        if len(metrics) >= 2 and (_AS_SHARE.search(text) or _RATIO_OF.search(text)):
            # "opex as % of revenue by region": the ratio, per value of the dimension
            base = replace(base, metric=metrics[0], denominator=metrics[1])
        return by_dimension(reading, base)
    return None


# operations that answer several metrics named together ("revenue, COGS and gross profit"),
# each on its own with the same scope, period and filters
MULTI_OPS = ("value", "series", "average", "change", "compare", "difference", "rank", "mom")


def several(plan: Plan, metrics: list[str]) -> Plan:
    """The other metrics named beside the plan's own, in the order asked (none for a ratio,
    which uses two of them, nor for an operation that answers one metric only)."""
    if plan.denominator or plan.op not in MULTI_OPS or plan.metric not in metrics:
        return replace(plan, also=())
    rest = tuple(x for x in metrics if x != plan.metric)
    return replace(plan, also=rest)


def standalone(reading: Reading, cal: Calendar, default: Period) -> Plan:
    """The plan of a question read on its own."""
    reading = _joined(reading)
    if reading.apart:
        return Plan(op="periods_apart", metric=reading.metrics[0] if reading.metrics else None)
    return with_upper(
        several(_standalone(reading, cal, default), _named_metrics(reading)), reading.text
    )


def _joined(reading: Reading) -> Reading:
    """ "opex for 2024 and 2025 combined", "Q1 and Q2 2026 together": periods that follow one
    another, added up into one (a change word keeps them two; periods with a gap are not one)."""
    periods = reading.periods
    if (
        len(periods) != 2
        or not _TOGETHER.search(reading.text)
        or _CHANGE.search(reading.text)
        or re.search(r"\b(vs|versus|compared?|against)\b", reading.text)
    ):
        return reading
    first, second = sorted(periods, key=lambda p: p.start)
    if add_months(first.end.replace(day=1), 1) != second.start:
        return replace(reading, apart=True)  # a gap between them: declined, never a change
    whole = Period(first.start, second.end, f"{first.label} and {second.label}")
    return replace(reading, periods=[whole])


def with_upper(plan: Plan, text: str) -> Plan:
    """ "which companies had revenue between 5 and 10 million": the range's upper end too."""
    span = between(text)
    if plan.op != "which" or span is None or plan.condition != (AT_OR_ABOVE, span[0]):
        return replace(plan, upper=None)
    return replace(plan, upper=span[1])


def _named_metrics(reading: Reading) -> list[str]:
    """The metrics named, once each, in order; "expenses" right after an account is that
    account's word ("marketing expenses"), but "salaries and total expenses" names both."""
    named: list[str] = []
    last_account: int | None = None
    for at, name in zip(reading.metric_at, reading.metrics, strict=False):
        if name.startswith("account:"):
            last_account = at
        elif (
            name == "expenses"
            and last_account is not None
            and not re.search(r"\b(and|vs|versus|plus|with|or|against)\b|%",
                              reading.text[last_account:at])
            and not (_AS_SHARE.search(reading.text) or _RATIO_OF.search(reading.text))
        ):  # fmt: skip
            continue
        if (
            name == "net_margin"
            and named
            and named[-1] in _MARGIN_OF
            and re.search(r"\b(?:and|&) (?:its |the |their )?$", reading.text[:at])
            and re.match(r"margins?\b", reading.text[at:])
        ):  # "gross profit and margin": that profit's margin
            name = _MARGIN_OF[named[-1]]
        if name not in named:
            named.append(name)
    return named


_MARGIN_OF = {
    "gross_profit": "gross_margin",
    "ebitda": "ebitda_margin",
    "operating_income": "operating_margin",
    "net_income": "net_margin",
}


def _standalone(reading: Reading, cal: Calendar, default: Period) -> Plan:
    text = reading.text
    metrics = list(dict.fromkeys(reading.metrics))
    if not metrics and _grew_alone(text):
        metrics = ["revenue"]
    if any(m.startswith("account:") for m in metrics) and not (
        _AS_SHARE.search(text) or _RATIO_OF.search(text)
    ):  # "marketing expenses" is the account; "what % of costs were salaries" a ratio
        metrics = [m for m in metrics if m != "expenses"] or metrics
    companies = tuple(reading.companies.codes)
    period = reading.periods[0] if reading.periods else default
    base = Plan(
        op="value",
        metric=metrics[0] if metrics else None,
        companies=companies,
        period=period,
        where=tuple(reading.where),
        by=reading.by,
    )
    pair = two_periods(reading, cal)
    if (
        pair is None
        and not reading.periods
        and not companies
        and _RANK.search(text)
        and (_GREW.search(text) or _FALL.search(text) or _RATE.search(text))
        and not _PERIOD_RANK.search(text)
    ):  # "which company had the largest cost increase", "which segment grew the most" with no
        # period: this year so far against the same months of last year (as "vs last year")
        pair = (cal.ytd().shifted(-12), cal.ytd())
    condition = threshold(text)
    if condition is None and not companies:
        condition = profit_condition(text, most_too=True)
    ranked = (
        bool(_RANK.search(text))
        and len(companies) <= 1
        and not (companies and not re.search(r"\b(which|who)\b", text))
    )
    if not metrics and SUMMARY_WORDS.search(text):
        return replace(base, op="summary", metric="net_income")
    if MOM.search(text):
        return month_over_month(reading, base)
    if len(metrics) >= 2 and _OUTGREW.search(text):
        return replace(base, op="growth_versus")  # declined: one metric's growth at a time
    moved = _account_change(reading, base, pair, cal)
    if moved is not None:
        return moved
    sliced = _dimension_plan(reading, base, pair, metrics)
    if sliced is not None:
        return sliced
    if pair and re.search(r"^ (?:why|what drove|what caused|what explains|explain)\b", text):
        return replace(base, op="why", periods=pair)
    ranked_periods = _PERIOD_RANK.search(text)
    if (
        ranked_periods
        and len(reading.periods) < 2
        and next(g for g in ranked_periods.groups() if g) == "month"
        and (
            _FALL.search(text) or re.search(r"\b(increase|increased|rise|rose|jump|jumped)\b", text)
        )
    ):  # "which month had the biggest drop in revenue": against the month before
        return month_over_month(reading, base)
    if ranked_periods and len(companies) <= 1 and not re.search(r"\b(which|what) compan", text):
        unit = next(g for g in ranked_periods.groups() if g)
        return replace(
            base,
            op="rank_period",
            granularity=unit,
            top=top_n(text) or 1,
            ascending=ascending(text, base.metric),
        )
    if _ACCOUNT_LIST.search(text):
        singular = re.search(
            r"\b(biggest|largest|top|main|highest) (cost|expense|spend|spending) "
            r"(line|item|account|category|type|bucket)\b"
            r"|\b(biggest|largest|main) (cost|expense)\b(?! (lines|items|accounts))",
            text,
        )
        # "biggest cost lines": a few, as a ranking of changes lists ("main spending
        # categories" stays the whole breakdown)
        few = re.search(
            r"\b(biggest|largest|highest|top)(?: (cost|expense|spend|spending))? (costs|expenses|"
            r"lines|items|accounts|categories|types|buckets)\b",
            text,
        )
        top = top_n(text) or (1 if singular else ACCOUNT_CHANGE_LIST if few else None)
        return replace(base, op="accounts", metric="expenses", top=top, periods=None)
    if _WHY.search(text) and not metrics:
        return replace(base, op="why", periods=pair)
    if len(metrics) >= 2 and (_AS_SHARE.search(text) or _RATIO_OF.search(text)):
        numerator, denominator = metrics[0], metrics[1]
        ratio_at = _RATIO_OF.search(text)
        if ratio_at and not _AS_SHARE.search(text) and ratio_at.start() < reading.metric_at[0]:
            numerator, denominator = metrics[1], metrics[0]
        op = "rank" if (ranked or _BY_COMPANY.search(text)) and not companies else "ratio"
        if op == "ratio" and pair and (_CHANGE.search(text) or len(reading.periods) >= 2):
            # "opex as % of revenue, Q3 2026 vs Q3 2025": the ratio's change, in points
            return replace(
                base, op="change", metric=numerator, denominator=denominator, periods=pair
            )
        if op == "rank" and condition and re.search(r"\b(which|who|what)\b", text):
            return replace(
                base, op="which", metric=numerator, denominator=denominator, condition=condition
            )
        top = top_n(text) or (
            1 if re.search(r"\b(which|what) (company|business)\b|\bwho\b", text) else None
        )
        return replace(
            base,
            op=op,
            metric=numerator,
            denominator=denominator,
            top=top if op == "rank" else None,
            ascending=bool(_ASC.search(text)) if op == "rank" else False,
        )
    if (
        (companies or reading.where)
        and _RATIO_OF.search(text)
        and re.search(r"\b(share|percentage|proportion|percent)\b|%", text)
    ) or ((companies or reading.where) and not pair and _PART_OF.search(text)):
        return replace(base, op="share")
    if len(companies) == 2 and re.search(
        r"\b(difference|more|less|gap|higher|lower) .*\bthan\b|\b(difference|gap)\b", text
    ):
        return replace(base, op="difference")
    if pair and not companies and _GREW.search(text) and re.search(r"\b(which|who)\b", text):
        if re.search(
            r"\b(most|biggest|largest|highest|top|fastest|quickest|least|smallest|lowest|"
            r"slowest)\b",
            text,
        ):  # "which company had the smallest cost increase": the smallest rise first
            return replace(
                base,
                op="rank_change",
                periods=pair,
                top=top_n(text) or 1,
                ascending=ascending(text) or bool(re.search(r"\bslowest\b", text)),
                percent=bool(_RATE.search(text)),
                condition=moved_only(text),
            )
        return grew_by(replace(base, op="which_grew", periods=pair), text)
    if (
        pair
        and not companies
        and ranked
        and (
            _FALL.search(text)
            or _RATE.search(text)
            or _GREW.search(text)
            or _MOVED.search(text)
            or len(reading.periods) >= 2  # "top 3 companies by revenue, 2025 vs 2024"
        )
    ):
        # "which company had the biggest drop in net income between 2024 and 2025"
        return replace(
            base,
            op="rank_change",
            periods=pair,
            top=top_n(text) or (1 if _singular(text, None) else None),
            ascending=ascending(text) or bool(_FALL.search(text)),
            percent=bool(_RATE.search(text)),
            condition=moved_only(text),
        )
    if pair and not companies and _BY_COMPANY.search(text):
        return replace(base, op="rank_change", periods=pair, top=top_n(text))
    if not companies and (
        (_MIX.search(text) and (_BY_COMPANY.search(text) or not metrics[1:]))
        or (_SHARE_WORD.search(text) and _BY_COMPANY.search(text) and not metrics[1:])
    ):  # "revenue mix", "share of revenue by company": each company's share
        return replace(base, op="mix")
    if not companies and _BY_COMPANY.search(text) and not pair and condition is None:
        return replace(base, op="rank", top=top_n(text), ascending=ascending(text, base.metric))
    if (
        not companies
        and condition is not None
        and (
            (ranked and re.search(r"\b(which|who|what|how many)\b", text))
            or _ANY.search(text)
            or _WHERE_MONEY.search(text)
            or re.search(
                r"^ (?:show |list |show me |give me )?(?:all )?(?:the )?"
                r"(?:companies|businesses|entities) (?:with|that|where|whose)\b",
                text,
            )
        )
    ):
        metric = base.metric or "net_income"
        return replace(base, op="which", metric=metric, condition=condition)
    if ranked and not companies:
        top = top_n(text) or (1 if _singular(text, None) else None)
        return replace(base, op="rank", top=top, ascending=ascending(text, base.metric))
    if pair and (_CHANGE.search(text) or len(reading.periods) >= 2 or _VS_LAST_YEAR.search(text)):
        return replace(base, op="change", periods=pair)
    if len(companies) >= 2 and not reading.excluded and not _TOGETHER.search(text):
        return replace(base, op="compare")
    if _AVERAGE.search(text):
        return replace(base, op="average", granularity=granularity(text) or "month")
    if _TRENDING.search(text) and not pair:
        # "has X's revenue been increasing over the last 4 quarters": the trend, not one total
        unit = "quarter" if re.search(r"\bquarters?\b", text) else "month"
        return replace(base, op="series", granularity=granularity(text) or unit)
    if granularity(text):
        return replace(base, op="series", granularity=granularity(text))
    return base


_MOST = re.compile(r"\b(most|biggest|largest|highest|top|fastest|quickest|steepest|sharpest)\b")
_LEAST = re.compile(r"\b(least|smallest|lowest|slowest)\b")


def moved_only(text: str) -> tuple[str, Decimal] | None:
    """A ranked change that asks for the largest rises ("the largest cost increase", "grew the
    most") ranks only what rose, and the largest falls only what fell: when nothing moved that
    way the answer says so, never naming a fall as the largest increase. "The smallest
    increase", "changed the most": no condition."""
    rises, falls = bool(_GREW.search(text)), bool(_FALL.search(text))
    if rises == falls or _LEAST.search(text) or not _MOST.search(text):
        return None
    return ("above", Decimal(0)) if rises else ("below", Decimal(0))


def grew_by(plan: Plan, text: str) -> Plan:
    """ "which companies grew revenue more than 10%": those whose growth passes the threshold
    (in percent when the threshold is, else in money); without one, every one that grew."""
    condition = threshold(text)
    if condition is None:
        return plan
    rate = bool(re.search(r"\d\s*%|\bpercent\b", text))
    return replace(plan, condition=condition, percent=plan.percent or rate)


def month_over_month(reading: Reading, base: Plan) -> Plan:
    """ "revenue MoM change for the last 6 months", "largest month-over-month drop in revenue",
    "which month had the biggest MoM increase in expenses": each month of the period against
    the month before it. Companies or a dimension's values ranked by such a change are not
    answered (op `mom_unranked`: declined, not replaced by a yearly change)."""
    text = reading.text
    if reading.by or (
        not base.companies and re.search(r"\b(?:which|what|who) (?:compan|business|entit)", text)
    ):
        return replace(base, op="mom_unranked")
    rises, falls = bool(_GREW.search(text)), bool(_FALL.search(text))
    ranked = bool(
        top_n(text)
        or _PERIOD_RANK.search(text)
        or re.search(r"\b(largest|biggest|highest|lowest|smallest|steepest|sharpest|worst|best|"
                     r"most|which month|what month)\b", text)
    )  # fmt: skip
    period = base.period
    if not ranked and period and months_between(period.start, period.end) == 1:
        # "month over month change in opex for September 2026": that month against the one before
        return replace(base, op="change", periods=(period.shifted(-1), period))
    if not ranked:
        return replace(base, op="mom")
    condition = ("below", Decimal(0)) if falls and not rises else None
    if rises and not falls:
        condition = ("above", Decimal(0))
    return replace(
        base,
        op="mom",
        top=top_n(text) or 1,
        ascending=bool(falls and not rises) or ascending(text),
        condition=condition,
    )


def follow(reading: Reading, previous: Plan, cal: Calendar) -> Plan:
    """A follow-up: the previous plan, changed only where this turn says so."""
    text = reading.text
    plan = previous
    codes = tuple(reading.companies.codes)
    if codes:
        if re.search(r"\b(compare|vs|versus|against)\b", text):
            plan = replace(
                plan, op="compare", companies=tuple(dict.fromkeys(plan.companies + codes))
            )
        else:
            plan = replace(plan, companies=codes)
    if reading.where:
        named = {name for name, _ in reading.where}
        kept = tuple(pair for pair in plan.where if pair[0] not in named)
        plan = replace(plan, where=kept + tuple(reading.where))
        if plan.by in named:  # "only Corporate" after "revenue by segment": that value's figure
            op = {"rank_change": "change", "which_grew": "change"}.get(plan.op, "value")
            plan = replace(plan, op=op, by=None, top=None, ascending=False, condition=None)
    if reading.by:
        plan = by_dimension(reading, replace(plan, by=reading.by))
    if _SHIFT_YEAR.search(text) or _SHIFT_QUARTER.search(text):
        months = -12 if _SHIFT_YEAR.search(text) else -3
        plan = _shift(plan, months)
    elif (
        _YEAR_AGAIN.search(text)
        and plan.period
        and not plan.periods
        and plan.op in ("value", "rank")
        and months_between(plan.period.start, plan.period.end) < 12
    ):  # "compare with last year" after Q3 2026: against Q3 2025
        op = "change" if plan.op == "value" else "rank_change"  # every value's change shown
        year_ago = (plan.period.shifted(-12), plan.period)
        plan = replace(plan, op=op, periods=year_ago, period=None, top=None, ascending=False)
    elif reading.periods and _VS.search(text) and plan.period and not plan.periods:
        # "vs 2024?" after one period: the change between the two
        pair = sorted((plan.period, reading.periods[0]), key=lambda p: p.start)
        plan = replace(plan, op="change", periods=(pair[0], pair[1]), period=None)
    elif reading.periods:
        plan = _repoint(plan, _in_year_of(plan, reading.periods, text))
    metrics = list(dict.fromkeys(reading.metrics))
    if metrics and (_AS_SHARE.search(text) or _RATIO_OF.search(text)) and len(metrics) == 1:
        plan = replace(plan, op="ratio", metric=previous.metric, denominator=metrics[0])
    elif metrics:
        plan = replace(plan, metric=metrics[0], denominator=None)
        if plan.op == "ratio":
            plan = replace(plan, op="value")
        plan = several(plan, _named_metrics(reading))
    if SUMMARY_WORDS.search(text) and not metrics:
        period = plan.period or (plan.periods[1] if plan.periods else None)
        plan = replace(plan, op="summary", period=period, periods=None)
    if _WHY.search(text):
        compared: tuple[Period, Period] | None = plan.periods or (
            (plan.period.shifted(-12), plan.period) if plan.period else None
        )
        plan = replace(plan, op="why", periods=compared)
    if MOM.search(text):  # "and month over month?"
        period = plan.period or (plan.periods[1] if plan.periods else None)
        plan = month_over_month(reading, replace(plan, period=period, periods=None, top=None))
    gran = granularity(text)
    if gran and not re.search(r"\bby (ebitda|revenue|margin|net|gross|operating)", text):
        plan = replace(plan, op="series", granularity=gran)
    if (
        plan.op == "which"
        and plan.condition
        and threshold(text) is None
        and set(metrics) <= {plan.metric}
        and (re.search(rf"\b(?:{NEGATION})\b", text) or re.search(r"\bthe (?:others|rest)\b", text))
    ):  # "and which were not?" / "the others?" after "which companies made a loss": the rest
        plan = replace(plan, condition=(OTHER_SIDE[plan.condition[0]], plan.condition[1]))
        if plan.upper is not None:  # outside a range: two sides, which one condition is not
            plan = replace(plan, op="outside_range")
    top = top_n(text)
    if plan.op in _RANKINGS and not _ASC.search(text):
        # "top 5?" after a ranking of changes (companies, values, cost accounts, months): more
        # of the same ranking, ordered as before
        plan = replace(plan, top=top or plan.top)
    elif plan.op in _RANKINGS:  # "and the bottom 3?": the same ranking from the other end
        plan = replace(plan, top=top or plan.top, ascending=not plan.ascending)
        if plan.op == "rank_change":  # every company's change, rises and falls alike
            plan = replace(plan, condition=None)
    elif top or _ASC.search(text):
        plan = replace(plan, op="rank", top=top or plan.top, ascending=bool(_ASC.search(text)))
    return plan


# rankings of their own kind that "top 3?" / "bottom 3?" keep (not a ranking of one period's values)
_RANKINGS = ("account_change", "rank_change", "rank_period")


# a quarter, half or month named without its year ("and Q2?", "what about March?")
_YEARLESS = re.compile(
    r"\b(?:q[1-4]|h[12]|(?:the )?(?:first|second|third|fourth) (?:quarter|half)|"
    + "|".join([*MONTHS, "sept", *ABBR])
    + r")\b"
)
_YEAR_SAID = re.compile(
    r"\b(?:19|20)\d{2}\b|'\d{2}\b|\bfy ?\d|\b(?:q[1-4]|h[12]) ?\d{2}\b"
    r"|\b(?:last|this|previous|prior|latest|next|current|recent|past|ago|before|ytd)\b"
)


def _in_year_of(plan: Plan, periods: list[Period], text: str) -> list[Period]:
    """A follow-up's one period named without a year, in the year of the period asked before:
    "and Q2?" after "revenue Q1 2024" is Q2 2024, not the latest Q2."""
    before = plan.period or (plan.periods[1] if plan.periods else None)
    if before is None or len(periods) != 1 or _YEAR_SAID.search(text):
        return periods
    if not _YEARLESS.search(text):
        return periods
    period = periods[0]
    return [period.shifted(12 * (before.start.year - period.start.year))]


def _shift(plan: Plan, months: int) -> Plan:
    if plan.periods:
        first, second = plan.periods
        return replace(plan, periods=(first.shifted(months), second.shifted(months)))
    if plan.period:
        return replace(plan, period=plan.period.shifted(months))
    return plan


def _repoint(plan: Plan, periods: list[Period]) -> Plan:
    if plan.periods and len(periods) >= 2:
        return replace(plan, periods=(periods[0], periods[1]))
    if plan.periods:
        later = periods[0]
        span = months_between(later.start, later.end)
        return replace(plan, periods=(later.shifted(-span), later))
    return replace(plan, period=periods[0])
