"""Layouts studied and reproduced that Elara does not read right yet (docs/import.md, "Not
handled yet"). Each must still fail the fast loop's question (strict xfail): once one reads
right, this test fails and the layout moves into the corpus (tests/corpus/layouts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus import fifth, platforms
from tests.corpus.test_ingest_corpus import _parse, _suggested

GAPS = {**platforms.GAPS, **fifth.GAPS}


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
