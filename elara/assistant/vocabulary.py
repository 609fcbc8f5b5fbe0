"""The words the assistant knows: metric keywords, and the companies, accounts and categories
the user may see, matched exactly or fuzzily (small typos) with rapidfuzz."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

from elara.assistant.intent import Metric, MetricKind
from elara.assistant.periods import MONTH_ABBR, MONTHS

TOKEN = re.compile(r"[a-z0-9]+(?:[&.'][a-z0-9]+)*|%")
FUZZY_ENTITY = 80.0
FUZZY_KEYWORD = 84.0

KPI_PHRASES: dict[str, MetricKind] = {
    **dict.fromkeys(
        [
            "revenue",
            "revenues",
            "sales",
            "turnover",
            "income",
            "top line",
            "total income",
            "takings",
        ],
        MetricKind.revenue,
    ),
    **dict.fromkeys(
        [
            "expenses",
            "expense",
            "costs",
            "cost",
            "spending",
            "spend",
            "spent",
            "expenditure",
            "expenditures",
            "outgoings",
            "total expenses",
        ],
        MetricKind.expenses,
    ),
    **dict.fromkeys(
        [
            "net income",
            "profit",
            "profits",
            "net profit",
            "earnings",
            "net earnings",
            "bottom line",
            "net result",
            "p&l",
        ],
        MetricKind.net_income,
    ),
    **dict.fromkeys(
        ["margin", "margins", "profit margin", "net margin", "profitability"], MetricKind.margin
    ),
}
# Common names for accounts and categories: the first one the user can see is used.
ALIASES: dict[str, tuple[str, ...]] = {
    "cogs": ("cogs", "cost of goods sold", "cost of sales"),
    "cost of goods sold": ("cogs", "cost of goods sold", "cost of sales"),
    "cost of goods": ("cogs", "cost of goods sold", "cost of sales"),
    "opex": ("operating expenses", "opex"),
    "operating costs": ("operating expenses", "opex"),
    "salaries": ("payroll", "salaries", "wages"),
    "salary": ("payroll", "salaries", "wages"),
    "wages": ("payroll", "salaries", "wages"),
    "staff costs": ("payroll", "salaries", "wages"),
    "advertising": ("marketing", "advertising"),
    "research and development": ("r&d", "research and development"),
    "research": ("r&d", "research and development"),
    "admin": ("g&a", "general and administrative"),
    "general and administrative": ("g&a", "general and administrative"),
}
FUNCTION_WORDS = (
    frozenset(
        [
            "average",
            "avg",
            "mean",
            "typical",
            "monthly",
            "quarterly",
            "yearly",
            "annual",
            "annually",
            "month",
            "months",
            "quarter",
            "quarters",
            "year",
            "years",
            "compare",
            "comparison",
            "compared",
            "versus",
            "vs",
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
            "share",
            "percentage",
            "percent",
            "proportion",
            "portion",
            "part",
            "fraction",
            "top",
            "bottom",
            "highest",
            "lowest",
            "biggest",
            "largest",
            "smallest",
            "best",
            "worst",
            "most",
            "least",
            "rank",
            "ranking",
            "ranked",
            "leading",
            "trend",
            "trends",
            "evolution",
            "history",
            "over",
            "time",
            "company",
            "companies",
            "account",
            "accounts",
            "category",
            "categories",
            "by",
            "per",
            "each",
            "which",
            "who",
            "between",
            "from",
            "since",
            "to",
            "and",
            "half",
            "first",
            "second",
            "third",
            "fourth",
            "last",
            "previous",
            "this",
            "current",
            "past",
            "trailing",
        ]
    )
    | frozenset(MONTHS)
    | frozenset(MONTH_ABBR)
)
STOP_WORDS = frozenset(
    [
        "what",
        "what's",
        "whats",
        "was",
        "is",
        "are",
        "were",
        "the",
        "a",
        "an",
        "of",
        "for",
        "in",
        "on",
        "at",
        "me",
        "show",
        "tell",
        "give",
        "please",
        "how",
        "much",
        "many",
        "did",
        "do",
        "does",
        "has",
        "have",
        "had",
        "our",
        "my",
        "we",
        "us",
        "total",
        "sum",
        "overall",
        "all",
        "with",
        "its",
        "it",
        "their",
        "during",
        "be",
        "been",
        "there",
        "i",
        "can",
        "you",
        "see",
        "get",
        "list",
        "display",
        "make",
        "made",
        "earn",
        "earned",
        "generate",
        "generated",
        "value",
        "amount",
        "number",
        "figure",
        "figures",
        "numbers",
        "data",
        "so",
        "far",
        "as",
        "than",
        "bring",
        "brought",
        "s",
        "plot",
        "chart",
        "graph",
        "break",
        "down",
        "breakdown",
        "split",
        "broken",
        "across",
        "group",
        "combined",
        "together",
        "both",
        "respectively",
        "up",
        "look",
        "like",
        "looks",
        "been",
        "compare",
        "along",
        "vs.",
        "versus",
        "then",
        "fy",
        "our",
        "whole",
        "entire",
        "period",
        "periods",
        "out",
        "spend",
        "spent",
        "on",
        "into",
        "about",
        "let",
        "let's",
        "lets",
        "see",
        "view",
        "report",
        "give",
        "biggest",
        "level",
        "levels",
        "been",
        "go",
        "went",
        "goes",
        "is",
        "was",
        "were",
        "performed",
        "perform",
        "doing",
        "did",
        "performance",
        "figure",
        "end",
        "ended",
        "ending",
        "date",
        "dates",
        "full",
    ]
)
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
}


@dataclass(frozen=True)
class Vocabulary:
    """What the user may see; nothing outside it is ever matched or named."""

    companies: tuple[str, ...]
    accounts: tuple[str, ...]
    categories: tuple[str, ...]
    first_date: date | None = None
    last_date: date | None = None


@dataclass(frozen=True)
class Term:
    kind: str  # "company" | "metric"
    value: str | Metric
    start: int  # token index
    end: int


def tokens(text: str) -> list[str]:
    """Lower-case words, keeping names like "r&d" and "p&l" whole and dropping "'s"."""
    return [re.sub(r"'s$", "", word) for word in TOKEN.findall(text.lower())]


def _phrases(vocab: Vocabulary) -> dict[tuple[str, ...], tuple[str, str | Metric]]:
    """Every known phrase (as tokens) and what it means; metric keywords win ties."""
    table: dict[tuple[str, ...], tuple[str, str | Metric]] = {}
    for code in vocab.companies:
        table[tuple(tokens(code))] = ("company", code)
    for name in vocab.categories:
        table[tuple(tokens(name))] = ("metric", Metric(MetricKind.category, name))
    for name in vocab.accounts:
        table[tuple(tokens(name))] = ("metric", Metric(MetricKind.account, name))
    for alias, targets in ALIASES.items():
        metric = resolve_alias(targets, vocab)
        if metric is not None:
            table.setdefault(tuple(tokens(alias)), ("metric", metric))
    for phrase, kind in KPI_PHRASES.items():
        table[tuple(tokens(phrase))] = ("metric", Metric(kind))
    return table


def resolve_alias(targets: tuple[str, ...], vocab: Vocabulary) -> Metric | None:
    for target in targets:
        for name in vocab.accounts:
            if name.lower() == target:
                return Metric(MetricKind.account, name)
        for name in vocab.categories:
            if name.lower() == target:
                return Metric(MetricKind.category, name)
    return None


def known_words(vocab: Vocabulary) -> frozenset[str]:
    words = set(FUNCTION_WORDS) | set(STOP_WORDS) | set(NUMBER_WORDS)
    for phrase in _phrases(vocab):
        words.update(phrase)
    return frozenset(words)


def correct_typos(words: list[str], vocab: Vocabulary) -> list[str]:
    """Replace misspelt keywords ("revnue", "quater") by the keyword they are closest to."""
    known = known_words(vocab)
    keywords = sorted(w for w in known if len(w) >= 4 and w.isalpha())
    entities = [w for phrase in _phrases(vocab) for w in phrase if len(w) >= 3]
    fixed = []
    for word in words:
        if word in known or len(word) < 4 or not word.isalpha():
            fixed.append(word)
            continue
        best = process.extractOne(word, keywords, scorer=fuzz.ratio)
        entity = process.extractOne(word, entities, scorer=fuzz.ratio) if entities else None
        entity_score = entity[1] if entity else 0.0
        if best and best[1] >= FUZZY_KEYWORD and best[1] >= entity_score:
            fixed.append(best[0])
        else:
            fixed.append(word)
    return fixed


def match_terms(
    words: list[str], vocab: Vocabulary, *, skip: set[int] | None = None
) -> tuple[list[Term], set[int]]:
    """Known phrases in the words, longest first, exact then fuzzy; and the indexes used."""
    table = _phrases(vocab)
    used: set[int] = set(skip or ())
    terms: list[Term] = []
    longest = max((len(p) for p in table), default=1)
    for fuzzy in (False, True):
        for size in range(longest, 0, -1):
            for start in range(len(words) - size + 1):
                span = range(start, start + size)
                if any(i in used for i in span):
                    continue
                hit = _lookup(tuple(words[start : start + size]), table, fuzzy=fuzzy)
                if hit is not None:
                    terms.append(Term(hit[0], hit[1], start, start + size))
                    used.update(span)
    return sorted(terms, key=lambda t: t.start), used


def _is_entity(meaning: tuple[str, str | Metric]) -> bool:
    if meaning[0] == "company":
        return True
    value = meaning[1]
    return isinstance(value, Metric) and value.kind in (MetricKind.account, MetricKind.category)


def _lookup(
    window: tuple[str, ...], table: dict[tuple[str, ...], tuple[str, str | Metric]], *, fuzzy: bool
) -> tuple[str, str | Metric] | None:
    if not fuzzy:
        return table.get(window)
    text = " ".join(window)
    if len(text) < 4 or any(w in STOP_WORDS or w in FUNCTION_WORDS for w in window):
        return None
    candidates = {
        " ".join(p): meaning
        for p, meaning in table.items()
        if len(p) == len(window) and _is_entity(meaning)
    }
    best = process.extractOne(text, list(candidates), scorer=fuzz.ratio, score_cutoff=FUZZY_ENTITY)
    return candidates[best[0]] if best else None
