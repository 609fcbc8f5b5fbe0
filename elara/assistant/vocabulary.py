"""The words the assistant knows: metric keywords, and the companies, accounts and categories
the user may see, matched exactly or fuzzily (small typos) with rapidfuzz."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

from elara.assistant.intent import Metric, MetricKind
from elara.assistant.periods import MONTH_ABBR, MONTHS

TOKEN = re.compile(r"\d{4}-\d{2}-\d{2}|[a-z0-9]+(?:[&.'][a-z0-9]+)*|%")
FUZZY_ENTITY = 80.0
FUZZY_KEYWORD = 84.0


def _split(text: str, separator: str = "|") -> list[str]:
    return text.split(separator)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


KPI_PHRASES: dict[str, MetricKind] = {
    **dict.fromkeys(
        _split(
            "revenue|revenues|sales|turnover|income|top line|total income|takings|earn|earned|earns"
        ),
        MetricKind.revenue,
    ),
    **dict.fromkeys(
        _split(
            "expenses|expense|costs|cost|spending|spend|spent|expenditure|expenditures|"
            "outgoings|total expenses"
        ),
        MetricKind.expenses,
    ),
    **dict.fromkeys(
        _split(
            "net income|profit|profits|net profit|earnings|net earnings|bottom line|net result|p&l"
        ),
        MetricKind.net_income,
    ),
    **dict.fromkeys(
        _split("margin|margins|profit margin|net margin|profitability|profitable"),
        MetricKind.margin,
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
_FUNCTION = _words(
    "account accounts and annual annually average avg best between biggest bottom by categories "
    "category change changed companies company compare compared comparison current decline "
    "declined decrease decreased drop dropped each evolution fall fell first fourth fraction "
    "from grew grow growing growth half highest history increase increased largest last leading "
    "least lowest mean month monthly months most over part past per percent percentage portion "
    "previous proportion quarter quarterly quarters rank ranked ranking rise rose second share "
    "since smallest third this time to top trailing trend trends typical versus vs which who "
    "worst year yearly years yoy"
)
FUNCTION_WORDS = _FUNCTION | frozenset(MONTHS) | frozenset(MONTH_ABBR)
STOP_WORDS = _words(
    "a about across all along amount an are as at be been biggest both break breakdown bring "
    "broken brought can chart combined compare data date dates did display do does doing down "
    "during end ended ending entire far figure figures for full fy generate generated get give "
    "go goes graph group had has have how i in into is it its let let's lets level levels like "
    "list look looks made make many me much my number numbers of on our out overall perform "
    "performance performed period periods please plot report respectively s see show so spend "
    "spent split sum tell than the their then there together total up us value versus view vs. "
    "was we went were what what's whats whole with you"
)
NUMBER_WORDS = {
    word: index
    for index, word in enumerate(
        _split("zero one two three four five six seven eight nine ten", " ")
    )
    if index
} | {"twenty": 20}


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
    if any(ch.isdigit() for ch in text):  # "C0043" is another company, not a typo of "C0042"
        return None
    candidates = {
        " ".join(p): meaning
        for p, meaning in table.items()
        if len(p) == len(window) and _is_entity(meaning)
    }
    best = process.extractOne(text, list(candidates), scorer=fuzz.ratio, score_cutoff=FUZZY_ENTITY)
    return candidates[best[0]] if best else None
