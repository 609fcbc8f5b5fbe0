"""Layouts studied and reproduced that Elara does not read right yet (docs/import.md, "Not
handled yet"). Each must still fail the fast loop's question (strict xfail): once one reads
right, this test fails and the layout moves into the corpus (tests/corpus/layouts.py). The
list of gaps and the docs' list must agree, so neither can drift from the other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.corpus import fifth, platforms, round185, seventh, sixth
from tests.corpus.layouts import GENERATORS
from tests.corpus.test_ingest_corpus import _parse, _suggested

GAPS = {**platforms.GAPS, **fifth.GAPS, **sixth.GAPS, **seventh.GAPS, **round185.GAPS}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "import.md"


def _not_handled_yet() -> str:
    """The docs' "Not handled yet" section."""
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("### Not handled yet")
    end = text.index("\n### ", start + 1)
    return text[start:end]


def test_the_known_gaps_are_the_documented_ones() -> None:
    """Every reproduced gap is named in "Not handled yet" (as `[generator]`), every gap named
    there is reproduced, none is also in the corpus, and every layout number the section cites
    is a documented layout."""
    section = _not_handled_yet()
    assert set(re.findall(r"\[([a-z0-9_]+)\]", section)) == set(GAPS)
    assert not set(GAPS) & set(GENERATORS), "a layout is either read right or a gap"
    headings = set(re.findall(r"^### (\d+)\. ", DOCS.read_text(encoding="utf-8"), re.M))
    cited = re.findall(r"\blayouts? (\d+(?:(?:, | and )\d+)*)", section)
    numbers = {n for group in cited for n in re.findall(r"\d+", group)}
    assert numbers and numbers <= headings, sorted(numbers - headings)


@pytest.mark.xfail(strict=True, reason="a known gap, docs/import.md 'Not handled yet'")
@pytest.mark.parametrize("name", list(GAPS))
def test_gap_is_still_open(name: str, tmp_path: Path) -> None:
    layout = GAPS[name](tmp_path)
    settings, needs = _suggested(layout)
    assert needs <= set(layout.constants), needs
    parsed = _parse(layout, settings)
    assert not parsed.errors, parsed.errors[:3]
    assert not [w for w in parsed.warnings if "add up to" in w], parsed.warnings
    assert parsed.by_account == layout.stored_by_account
    assert dict(parsed.by_date) == layout.records_by_date
    assert parsed.companies == set(layout.companies)
