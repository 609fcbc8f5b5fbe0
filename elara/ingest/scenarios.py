"""A scenario column (Actual, Budget, Forecast, Prior Year on the rows of one long table):
which scenario the dataset stores, and which rows of the others are counted and left out.

Rows of two scenarios are never stored into one dataset: the dashboard would add the budget
to the actuals. The rows of the chosen scenario are stored; the others are counted per
scenario and named in the report ("240 rows of scenario Budget not stored"); a spelling
Elara does not know is a row error until the settings say which scenario it is.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from elara.core.scenarios import SCENARIO_WORDS, Scenario, read_scenario
from elara.ingest.errors import MappingError
from elara.ingest.settings import ImportSettings


class ScenarioChoiceNeeded(MappingError):
    """A scenario column of several scenarios and no actuals: the user says which to store."""


MAX_SPELLINGS = 1000  # distinct values read before the file is stored; more is no scenario


def canonical(text: str | None, names: dict[str, Scenario]) -> Scenario | None:
    """The scenario a cell names: the settings' own spellings first, then the vocabulary."""
    if not text:
        return None
    wanted = {k.strip().casefold(): v for k, v in names.items()}
    return wanted.get(text.strip().casefold()) or read_scenario(text)


def choose(settings: ImportSettings, spellings: Iterable[str], *, sheet: str | None) -> Scenario:
    """The scenario to store: the settings' choice, else actual when there are actual rows,
    else the one scenario the column holds; several and no actual: the user must say."""
    found = {canonical(s, settings.scenario_names) for s in spellings if s}
    found.discard(None)
    chosen = settings.constants.scenario
    if chosen is not None:
        return Scenario(chosen)
    if Scenario.actual in found or not found:
        return Scenario.actual
    if len(found) == 1:
        return Scenario(found.pop())  # type: ignore[arg-type]
    shown = " and ".join(SCENARIO_WORDS[Scenario(s)] for s in sorted(found, key=str))  # type: ignore[arg-type]
    where = f'Sheet "{sheet}": ' if sheet else ""
    raise ScenarioChoiceNeeded(
        f"{where}The scenario column holds {shown} and no actuals: choose which scenario to "
        "store (the others are left out; upload the file again to keep them)."
    )


def split(
    frame: pl.DataFrame,
    keep: pl.Series,
    position: int,
    settings: ImportSettings,
    counts: dict[str, int],
) -> pl.Series:
    """``keep`` without the rows of other scenarios (counted into ``counts``); rows whose
    scenario is unknown stay, to become row errors (``unknown``)."""
    codes = _codes(frame, position, settings)
    chosen = str(settings.constants.scenario or Scenario.actual)
    other = keep & codes.is_not_null() & (codes != chosen)
    if other.any():
        for scenario, n in codes.filter(other).value_counts().iter_rows():
            counts[scenario] = counts.get(scenario, 0) + int(n)
    return keep & ~other


def unknown(kept: pl.DataFrame, position: int, settings: ImportSettings) -> list[int]:
    """Indexes of kept rows whose scenario cell is empty or a spelling Elara does not know."""
    codes = _codes(kept, position, settings)
    return codes.is_null().arg_true().to_list()


def _codes(frame: pl.DataFrame, position: int, settings: ImportSettings) -> pl.Series:
    cells = frame[f"c{position}"].fill_null("").str.strip_chars()
    lookup = {
        value: (str(found) if (found := canonical(value, settings.scenario_names)) else None)
        for value in cells.unique().to_list()
    }
    return cells.replace_strict(lookup, default=None, return_dtype=pl.String)


def not_stored(counts: dict[str, int], figures: dict[str, int] | None = None) -> list[str]:
    """The report's words for what other scenarios held: rows of a scenario column ("240
    rows of scenario Budget"), figures of columns headed for another scenario ("10 figures
    of scenario Forecast": one per line and "FY2026E" column). ``counts`` holds both;
    ``figures`` the part of it that is figures."""
    figures = figures or {}
    out = []
    for s, n in sorted(counts.items()):
        word = SCENARIO_WORDS[Scenario(s)]
        shown = figures.get(s, 0)
        parts = [_counted(n - shown, "row")] if n > shown else []
        parts += [_counted(shown, "figure")] if shown else []
        out.append(
            f"{' and '.join(parts)} of scenario {word} not stored: upload the file again with "
            f"scenario {word} to keep them (a dataset holds one scenario: two are never added "
            "together)."
        )
    return out


def _counted(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def unknown_message(header: str, value: str) -> str:
    """A row error for a scenario cell Elara cannot read."""
    if not value:
        return f"{header} is empty: the row's scenario (actual, budget …) is not known"
    return (
        f'{header} "{value}" is not a scenario Elara knows (Actual, Budget, Forecast, Prior '
        "Year): say which it is in the settings' scenario names"
    )
