"""A question in plain words → a typed `Intent` (or a reasoned decline). Pure: no database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    parsed.unknown = _unknown_names(corrected, raw, used | in_periods, vocabulary)
    return parsed


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
    metric = _main_metric(parsed.metrics)
    granularity = _granularity(parsed.text)
    common = {"companies": tuple(parsed.companies), "granularity": granularity}
    if words & _SHARE:
        return _share(parsed, common)
    growth = bool(words & _GROWTH) or "year over year" in parsed.text
    if growth or (_period_pair(parsed) and len(parsed.companies) <= 1 and not granularity):
        return _growth(parsed, metric, today=today, common=common)
    period = _single_period(parsed, today=today)
    if ranking or (words & {"compare"} and len(parsed.companies) < 2):
        return _ranking(parsed, metric, period)
    if len(parsed.companies) >= 2:
        return Intent(IntentKind.compare, metric, period=period, **common)
    if words & _AVERAGE:
        common["granularity"] = granularity or Granularity.month
        return Intent(IntentKind.average, metric, period=period, **common)
    if granularity or _TREND.search(parsed.text):
        common["granularity"] = granularity or Granularity.month
        return Intent(IntentKind.series, metric, period=period, **common)
    return Intent(IntentKind.total, metric, period=period, **common)


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


def _growth(parsed: Parsed, metric: Metric, *, today: date, common: dict[str, object]) -> Intent:
    found = parsed.periods
    if len(found) >= 2:
        pair = (found[0].period, found[1].period)
        if pair[0].start > pair[1].start:
            pair = (pair[1], pair[0])
    else:
        later = found[0].period if found else previous_period(None, today=today)
        pair = (previous_period(later, today=today), later)
    return Intent(IntentKind.growth, metric, periods=pair, **common)  # type: ignore[arg-type]


def _top(parsed: Parsed) -> int | None:
    match = re.search(
        r"\b(?:top|bottom|best|worst|first|last|highest|lowest|biggest|largest|"
        r"smallest)\s+(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")\b",
        parsed.text,
    )
    if match:
        value = match.group(1)
        return int(value) if value.isdigit() else NUMBER_WORDS[value]
    if re.search(r"\b(?:which|what|who)\b", parsed.text) and not re.search(
        r"\b(?:companies|accounts|categories)\b", parsed.text
    ):
        return 1
    return 5 if parsed.words & {"top", "bottom"} else None


def _ranking(parsed: Parsed, metric: Metric, period: Period | None) -> Intent:
    group_by = _group_by(parsed.words)
    if metric.kind in (MetricKind.account, MetricKind.category) and group_by is GroupBy.company:
        metric = metric  # rank companies by that account
    return Intent(
        IntentKind.ranking,
        metric,
        companies=tuple(parsed.companies),
        period=period,
        group_by=group_by,
        top=_top(parsed),
        descending=not (parsed.words & _RANK_DOWN),
    )


def _share(parsed: Parsed, common: dict[str, object]) -> Intent:
    metrics = parsed.metrics or [Metric(MetricKind.revenue)]
    kpis = [m for m in metrics if m.kind in (MetricKind.revenue, MetricKind.expenses)]
    specific = [m for m in metrics if m.kind in (MetricKind.account, MetricKind.category)]
    period = _single_period(parsed, today=date.min) if parsed.periods else None
    common = {**common, "granularity": None}
    if specific and kpis:
        return Intent(IntentKind.share, specific[0], period=period, whole=kpis[0], **common)
    if len(specific) >= 2:
        return Intent(IntentKind.share, specific[0], period=period, whole=specific[1], **common)
    metric = specific[0] if specific else metrics[0]
    if parsed.companies and not parsed.words & {"by", "each", "per"}:
        return Intent(IntentKind.share, metric, period=period, whole=metric, **common)
    return Intent(
        IntentKind.share,
        metric,
        period=period,
        group_by=_group_by(parsed.words),
        **{**common, "companies": ()},
    )
