"""Scenarios: whether figures are what happened (actual) or a budget, forecast or prior year.

A dataset holds one scenario; the dashboard never adds two together. The spellings below are
the ones finance exports use in a Scenario / Version / Value Type column (IBCS notation AC,
PL, FC, PY; planning tools' "Actuals", "Budget FY25", "Fcst 3+9", "Latest Estimate"); any
other spelling is not guessed (see docs/import.md, Scenarios).
"""

from __future__ import annotations

import re
from enum import StrEnum


class Scenario(StrEnum):
    actual = "actual"
    budget = "budget"
    forecast = "forecast"
    prior_year = "prior_year"


# How each scenario is named to a person.
SCENARIO_WORDS = {
    Scenario.actual: "Actual",
    Scenario.budget: "Budget",
    Scenario.forecast: "Forecast",
    Scenario.prior_year: "Prior Year",
}

_SPELLINGS: dict[Scenario, tuple[str, ...]] = {
    Scenario.actual: (
        "actual", "actuals", "act", "ac", "acts", "actual results", "ist", "réel", "reel",
    ),
    Scenario.budget: (
        "budget", "budgets", "bud", "budg", "bu", "bgt", "bdgt", "plan", "pl", "original budget",
        "annual budget", "approved budget", "budget original", "working budget", "planned",
    ),
    Scenario.forecast: (
        "forecast", "forecasts", "fc", "fcst", "fct", "fcast", "f cast", "outlook", "le",
        "latest estimate", "latest forecast", "rolling forecast", "rf", "prognose",
        "hochrechnung", "estimate",
    ),
    Scenario.prior_year: (
        "prior year", "py", "last year", "ly", "previous year", "prior year actual",
        "prior year actuals", "py actual", "py actuals", "vorjahr", "année précédente",
    ),
}  # fmt: skip
_BY_SPELLING = {s: scenario for scenario, names in _SPELLINGS.items() for s in names}
# What may stand beside the word: a year (2025, FY25, FY2025/26), a quarter or month, a
# forecast's "3+9" split, a version number ("Budget v2").
_NOISE = re.compile(
    r"\b(?:fy\s?)?(?:19|20)?\d\d(?:\s?[/-]\s?(?:19|20)?\d\d)?\b|\bq[1-4]\b|\b\d{1,2}\s?\+\s?\d{1,2}\b"
    r"|\bv\d+\b|\bversion\b|\bscenario\b|\bdata\b|\bamounts?\b|\bfigures\b"
)


def read_scenario(text: str | None) -> Scenario | None:
    """The scenario a cell names ("Actual", "BUD", "Fcst 3+9", "Budget FY25"), or None."""
    if not text:
        return None
    cleaned = " ".join(re.findall(r"[^\W_]+|\+", text.casefold()))
    cleaned = " ".join(_NOISE.sub(" ", cleaned).split())
    # Numbered forecasts and budgets: FC1, FC2 (the year's first and second), BU2.
    return _BY_SPELLING.get(cleaned) or _BY_SPELLING.get(re.sub(r"(?<=[a-z])\d$", "", cleaned))


_TITLE = re.compile(r"(?i)\b(budget|budgets|forecast|fcst|outlook|latest estimate)\b")
_COMPARED = re.compile(r"(?i)\b(actuals?|vs\.?|versus|variance|var|against|compared)\b")


def scenario_of_title(text: str) -> Scenario | None:
    """The scenario a title or sheet name states ("Budget 2025", "Forecast FY26"), unless it
    compares it with another ("Budget vs Actual": the file holds both)."""
    found = {read_scenario(m) for m in _TITLE.findall(text)}
    if len(found) != 1 or _COMPARED.search(text):
        return None
    return found.pop()
