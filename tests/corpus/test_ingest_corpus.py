"""The corpus through elara.ingest alone (no API, no database): a fast loop for the engine.

Same questions as test_corpus.py, asked of `suggest_settings` and `parse_file` directly: Elara
must not need more than the layout's constants, and the parsed records summed by account must
equal the file's own totals to the cent, with no non-money column stored as an account.
Skipped until the import engine provides `elara.ingest.suggest` (issue 11).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from elara.core.money import to_decimal
from tests.corpus.layouts import GENERATORS, Layout, generate
from tests.corpus.write import cents


def _suggested(layout: Layout) -> tuple[Any, set[str]]:
    suggest = pytest.importorskip("elara.ingest.suggest")
    suggestion = suggest.suggest_settings(layout.path)
    settings = suggestion.settings
    for key, value in layout.constants.items():
        setattr(
            settings.constants, key, dt.date.fromisoformat(str(value)) if key == "date" else value
        )
    return type(settings).model_validate(settings.model_dump()), set(suggestion.needs)


def _parsed_by_account(layout: Layout, settings: Any) -> tuple[dict[str, Decimal], int]:
    from elara.ingest import pipeline

    parse_file: Any = pipeline.parse_file  # settings= arrives with the import engine
    totals: dict[str, Decimal] = {}
    count = 0
    for batch in parse_file(layout.path, settings=settings):
        columns = batch.columns
        for account, units in zip(columns["account"], columns["amount_minor"], strict=True):
            totals[account] = totals.get(account, Decimal(0)) + to_decimal(units)
            count += 1
    return {account: cents(value) for account, value in totals.items()}, count


@pytest.mark.parametrize("name", list(GENERATORS))
def test_ingest_reads_layout(name: str, tmp_path: Path) -> None:
    layout = generate(name, tmp_path)
    settings, needs = _suggested(layout)
    roles = {c.header: str(c.role) for c in settings.columns}
    assert needs <= set(layout.constants), f"needs {needs - set(layout.constants)}; {roles}"
    parsed, count = _parsed_by_account(layout, settings)
    assert not set(parsed) & layout.not_accounts, roles
    missing = sorted(set(layout.expected_by_account) - set(parsed))
    extra = sorted(set(parsed) - set(layout.expected_by_account))
    assert not missing and not extra, f"missing={missing[:5]} extra={extra[:5]} {roles}"
    assert parsed == layout.expected_by_account
    if layout.record_count is not None:
        assert count == layout.record_count
    dimensions = {c.header.strip() for c in settings.columns if str(c.role) == "dimension"}
    assert layout.dimensions <= dimensions, roles
