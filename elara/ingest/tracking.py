"""A cloud package's tracking columns in pairs: "TrackingName1 | TrackingOption1" (also
"Tracking Name 1", "Tracking Category 1"). The name column holds the dimension's name
("Region") on every line and the option column its value ("West"): the options are stored as
that dimension, the name column not at all. When the name is not one throughout the file,
both columns stay dimensions named by their headers, and that is said."""

from __future__ import annotations

import re

import polars as pl

from elara.ingest.members import DIMENSION_LIMIT
from elara.ingest.vocabulary import key

_PAIRED = re.compile(r"^tracking(name|category|option)(\d?)$")
# Names kept per pair while reading: two are enough to know it varies.
_KEPT = 3


def tracking_pairs(headers: list[str], dimensions: list[int]) -> dict[int, int]:
    """Option column -> its name column, among the dimension columns."""
    names: dict[str, int] = {}
    options: dict[str, int] = {}
    for position in dimensions:
        found = _PAIRED.match(key(headers[position]).replace(" ", ""))
        if found is not None:
            side = options if found.group(1) == "option" else names
            side.setdefault(found.group(2) or "1", position)
    return {options[n]: names[n] for n in sorted(options) if n in names}


def names_seen(frame: pl.DataFrame, option: int, name: int, seen: set[str]) -> None:
    """Add the names standing beside a filled option ("" for none) to ``seen``."""
    if len(seen) >= _KEPT:
        return
    options = frame[f"c{option}"].str.strip_chars().fill_null("")
    names = frame[f"c{name}"].str.strip_chars().fill_null("").filter(options != "")
    seen.update(names.unique().head(_KEPT).to_list())


def decide(
    headers: list[str], pairs: dict[int, int], seen: dict[int, set[str]]
) -> tuple[dict[int, str], list[str]]:
    """Each option column's dimension name (when its name column holds one name on every
    line with an option), and what is said of the pairs left under their headers."""
    named: dict[int, str] = {}
    warnings: list[str] = []
    taken = {h for p, h in enumerate(headers) if p not in pairs and p not in pairs.values()}
    for option, name in pairs.items():
        names = seen.get(option, set())
        if not names:
            continue  # no line is tracked: nothing to name
        (only,) = names if len(names) == 1 else ("",)
        label = f'"{headers[name]}" | "{headers[option]}"'
        if only and len(only) <= DIMENSION_LIMIT and only not in taken | set(named.values()):
            named[option] = only
            continue
        shown = ", ".join(f'"{n}"' if n else "(empty)" for n in sorted(names))
        reason = (
            f"names {shown} on different lines"
            if len(names) > 1
            else "name is empty"
            if not only
            else f"name is longer than {DIMENSION_LIMIT} characters"
            if len(only) > DIMENSION_LIMIT
            else f'name "{only}" is also another column\'s header'
        )
        warnings.append(
            f"Tracking columns {label}: the {reason}, so the options are kept under the "
            f'header "{headers[option]}" and the names under "{headers[name]}". Split the '
            "file by tracking category to store each as a dimension of its own."
        )
    return named, warnings
