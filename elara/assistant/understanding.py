"""A question in plain words → a typed `Intent` (or a reasoned decline). Pure: no database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from elara.assistant.intent import (
    Granularity,
    GroupBy,
    Intent,
    IntentKind,
    Metric,
    MetricKind,
    NotUnderstood,
    Period,
)
from elara.assistant.periods import Found, find_periods, join_kind, since, span
from elara.assistant.shifts import previous_period
from elara.assistant.vocabulary import (
    NUMBER_WORDS,
    TOKEN,
    Term,
    Vocabulary,
    correct_typos,
    known_words,
    match_terms,
)

UNKNOWN_COMPANY = "I can't find a company called {names} among the companies you can see."
_SLOT_BEFORE = {
    "of",
    "for",
    "at",
    "and",
    "vs",
    "versus",
    "compare",
    "between",
    "company",
    "did",
    "was",
    "is",
    "with",
    "against",
}
_GROWTH = {
    "growth",
    "grow",
    "grew",
    "growing",
    "change",
    "changed",
    "increase",
    "increased",
    "decrease",
    "decreased",
    "rise",
    "rose",
    "fall",
    "fell",
    "drop",
    "dropped",
    "decline",
    "declined",
    "yoy",
}
_SHARE = {"share", "percentage", "percent", "proportion", "portion", "fraction", "%"}
_RANK_DOWN = {"bottom", "lowest", "smallest", "worst", "least"}
_RANK = {
    "top",
    "highest",
    "biggest",
    "largest",
    "best",
    "most",
    "rank",
    "ranking",
    "ranked",
    "leading",
} | _RANK_DOWN
_AVERAGE = {"average", "avg", "mean", "typical"}
_GRANULARITY = [
    (
        re.compile(
            r"\b(?:by|per|each|every|a)\s+month\b|\bmonthly\b|\bmonth (?:by|over|on) month\b"
            r"|\bmom\b"
        ),
        Granularity.month,
    ),
    (
        re.compile(r"\b(?:by|per|each|every|a)\s+quarter\b|\bquarterly\b|\bqoq\b"),
        Granularity.quarter,
    ),
    (
        re.compile(
            r"\b(?:by|per|each|every|a)\s+year\b|\byearly\b|\bannual(?:ly)?\b"
            r"|\byear (?:by|over|on) year\b"
        ),
        Granularity.year,
    ),
]
_PER_GROUP = re.compile(
    r"\b(?:by|per|each|for each|for every|across)\s+(?:company|companies|account|accounts"
    r"|category|categories)\b"
)
_TREND = re.compile(r"\btrends?\b|\bover time\b|\bevolution\b|\bhistory\b|\bhistorical\b")


@dataclass
class Parsed:
    """The pieces found in a question before deciding what it asks."""

    text: str
    periods: list[Found]
    metrics: list[Metric] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)
    share_whole: Metric | None = None


def understand(question: str, *, vocabulary: Vocabulary, today: date) -> Intent | NotUnderstood:
    """What the question asks for, in terms of what the user may see."""
    parsed = parse(question, vocabulary=vocabulary, today=today)
    if parsed.unknown:
        names = ", ".join(f'"{name}"' for name in parsed.unknown)
        return NotUnderstood(UNKNOWN_COMPANY.format(names=names), tuple(parsed.unknown))
    return decide(parsed, today=today)


def parse(question: str, *, vocabulary: Vocabulary, today: date) -> Parsed:
    """Correct typos, then find periods, metrics, companies and the remaining key words."""
    original = TOKEN.findall(question.lower().replace("\u2019", "'"))
    raw = [m.group(0) for m in re.finditer(TOKEN.pattern, question.replace("\u2019", "'"), re.I)]
    corrected = correct_typos([re.sub(r"'s$", "", w) for w in original], vocabulary)
    text = " ".join(corrected)
    periods = find_periods(text, today=today)
    in_periods = _period_tokens(corrected, periods)
    terms, used = match_terms(corrected, vocabulary, skip=in_periods)
    words = [w for i, w in enumerate(corrected) if i not in in_periods]
    parsed = Parsed(text=text, periods=periods, words=set(words))
    for term in terms:
        if term.kind == "company":
            if term.value not in parsed.companies:
                parsed.companies.append(str(term.value))
        elif isinstance(term.value, Metric):
            parsed.metrics.append(term.value)
    parsed.share_whole = _share_whole(corrected, terms)
    parsed.unknown = _unknown_names(corrected, raw, used | in_periods, vocabulary)
    return parsed


def _share_whole(words: list[str], terms: list[Term]) -> Metric | None:
    """In "share of expenses is payroll" or "payroll as a share of expenses", the whole is the
    metric right after the share word."""
    marks = [i for i, word in enumerate(words) if word in _SHARE]
    if not marks:
        return None
    after = [t.value for t in terms if t.start > marks[0] and isinstance(t.value, Metric)]
    return after[0] if after else None


def _period_tokens(words: list[str], periods: list[Found]) -> set[int]:
    """Indexes of the words that belong to a period phrase."""
    inside: set[int] = set()
    offset = 0
    for index, word in enumerate(words):
        if any(f.start <= offset and offset + len(word) <= f.end for f in periods):
            inside.add(index)
        offset += len(word) + 1
    return inside


def _unknown_names(
    words: list[str], raw: list[str], used: set[int], vocabulary: Vocabulary
) -> list[str]:
    """Leftover words in a company's place ("revenue of ZORBO") that name nothing we know."""
    known = known_words(vocabulary)
    aligned = raw if len(raw) == len(words) else words
    unknown: list[str] = []
    previous = ""
    for index, word in enumerate(words):
        candidate = index not in used and word not in known and not word.isdigit()
        shouty = aligned[index].isupper() and len(word) >= 2
        possessive = aligned[index].lower().endswith("'s")
        if candidate and word.isalnum() and (shouty or possessive or previous in _SLOT_BEFORE):
            unknown.append(aligned[index].removesuffix("'s").removesuffix("'S"))
        previous = word
    return unknown


def decide(parsed: Parsed, *, today: date) -> Intent | NotUnderstood:
    """Turn the found pieces into one intent, or decline."""
    words = parsed.words
    ranking = bool(words & _RANK) or bool(
        re.search(r"\bwhich (?:company|account|categor)", parsed.text)
    )
    if not parsed.metrics and not (ranking or words & {"compare"}):
        return NotUnderstood(
            "I did not find what to compute (revenue, expenses, net income, "
            "margin or an account) in the question."
        )
    granularity = _granularity(parsed.text)
    base = Intent(
        IntentKind.total,
        _main_metric(parsed.metrics),
        companies=tuple(parsed.companies),
        granularity=granularity,
    )
    if words & _SHARE:
        return _share(parsed, base, today=today)
    growth = bool(words & _GROWTH) or "year over year" in parsed.text
    if growth and ranking:  # "which company grew revenue the most from 2023 to 2024"
        return _ranking(parsed, replace(base, periods=_growth_periods(parsed, today=today)))
    if growth or (_period_pair(parsed) and len(parsed.companies) <= 1 and not granularity):
        return replace(base, kind=IntentKind.growth, periods=_growth_periods(parsed, today=today))
    base = replace(base, period=_single_period(parsed, today=today))
    per_group = bool(_PER_GROUP.search(parsed.text)) and len(parsed.companies) < 2
    if per_group and granularity and not ranking:
        return replace(base, kind=IntentKind.compare, companies=(), group_by=_group_by(words))
    if ranking or (len(parsed.companies) < 2 and (words & {"compare"} or per_group)):
        return _ranking(parsed, base)
    if len(parsed.companies) >= 2:
        return replace(base, kind=IntentKind.compare)
    if words & _AVERAGE:
        return replace(base, kind=IntentKind.average, granularity=granularity or Granularity.month)
    if granularity or _TREND.search(parsed.text):
        return replace(base, kind=IntentKind.series, granularity=granularity or Granularity.month)
    return base


def _main_metric(metrics: list[Metric]) -> Metric:
    """An account or category is more specific than "expenses" or "revenue" said alongside it."""
    for metric in metrics:
        if metric.kind in (MetricKind.account, MetricKind.category):
            return metric
    return metrics[0] if metrics else Metric(MetricKind.revenue)


def _granularity(text: str) -> Granularity | None:
    for pattern, granularity in _GRANULARITY:
        if pattern.search(text):
            return granularity
    return None


def _group_by(words: set[str]) -> GroupBy:
    if words & {"account", "accounts"}:
        return GroupBy.account
    if words & {"category", "categories"}:
        return GroupBy.category
    return GroupBy.company


def _period_pair(parsed: Parsed) -> tuple[Period, Period] | None:
    if len(parsed.periods) != 2:
        return None
    first, second = parsed.periods
    if join_kind(parsed.text, first, second) == "pair":
        return first.period, second.period
    return None


def _single_period(parsed: Parsed, *, today: date) -> Period | None:
    found = parsed.periods
    if not found:
        return None
    if len(found) >= 2 and join_kind(parsed.text, found[0], found[1]) == "range":
        return span(found[0].period, found[1].period)
    if re.search(r"\bsince\s*$", parsed.text[: found[0].start]):
        return since(found[0], today=today)
    return found[0].period


def _growth_periods(parsed: Parsed, *, today: date) -> tuple[Period, Period]:
    """The two periods named (earlier first), or one and the period before it."""
    found = parsed.periods
    if len(found) >= 2:
        first, second = found[0].period, found[1].period
        return (first, second) if first.start <= second.start else (second, first)
    later = found[0].period if found else previous_period(None, today=today)
    return previous_period(later, today=today), later


_COUNT = r"(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
_TOP_N = [
    re.compile(
        r"\b(?:top|bottom|best|worst|first|last|highest|lowest|biggest|largest|smallest)"
        r"\s+" + _COUNT + r"\b"
    ),
    re.compile(r"\b" + _COUNT + r"\s+(?:\w+\s+)?(?:companies|accounts|categories)\b"),
]


def _top(parsed: Parsed) -> int | None:
    """How many to list: "top 5", "which 3 companies", one for "which company", else all."""
    for pattern in _TOP_N:
        match = pattern.search(parsed.text)
        if match:
            value = match.group(1)
            return int(value) if value.isdigit() else NUMBER_WORDS[value]
    if re.search(r"\b(?:which|what|who)\b", parsed.text) and not re.search(
        r"\b(?:companies|accounts|categories)\b", parsed.text
    ):
        return 1
    return 5 if parsed.words & {"top", "bottom"} else None


def _ranking(parsed: Parsed, base: Intent) -> Intent:
    return replace(
        base,
        kind=IntentKind.ranking,
        granularity=None,
        group_by=_group_by(parsed.words),
        top=_top(parsed),
        descending=not (parsed.words & _RANK_DOWN),
    )


def _share(parsed: Parsed, base: Intent, *, today: date) -> Intent:
    metrics = parsed.metrics or [Metric(MetricKind.revenue)]
    specific = [m for m in metrics if m.kind in (MetricKind.account, MetricKind.category)]
    base = replace(
        base, kind=IntentKind.share, granularity=None, period=_single_period(parsed, today=today)
    )
    whole = parsed.share_whole
    parts = [m for m in metrics if m != whole]
    if whole is not None and parts:
        return replace(
            base, metric=next((m for m in parts if m in specific), parts[0]), whole=whole
        )
    metric = specific[0] if specific else metrics[0]
    if parsed.companies and not parsed.words & {"by", "each", "per"}:
        return replace(base, metric=metric, whole=metric)
    return replace(base, metric=metric, companies=(), group_by=_group_by(parsed.words))
