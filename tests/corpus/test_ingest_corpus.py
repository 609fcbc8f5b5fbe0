"""The corpus through elara.ingest alone (no API, no database): a fast loop for the engine.

Same questions as test_corpus.py, asked of `suggest_settings` and `parse_file` directly: Elara
must not need more than the layout's constants, and the parsed records summed by account must
equal the file's own totals to the cent, with no non-money column stored as an account.
Skipped until the import engine provides `elara.ingest.suggest` (issue 11).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
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


@dataclass
class Parsed:
    """What parsing a file produced, summed the way the dashboard will sum it."""

    by_account: dict[str, Decimal] = field(default_factory=dict)
    by_date: Counter[dt.date] = field(default_factory=Counter)
    companies: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (value of every record's attribute named as the layout's member dimension, account)
    by_member: dict[tuple[Any, str], Decimal] = field(default_factory=dict)


def _parse(layout: Layout, settings: Any) -> Parsed:
    from elara.ingest import pipeline

    parse_file: Any = pipeline.parse_file  # settings= arrives with the import engine
    parsed = Parsed()
    parser = parse_file(layout.path, settings=settings)
    for batch in parser:
        c = batch.columns
        for account, units in zip(c["account"], c["amount_minor"], strict=True):
            parsed.by_account[account] = parsed.by_account.get(account, Decimal(0)) + to_decimal(
                units
            )
        if layout.by_member is not None:
            for attributes, account, units in zip(
                c["attributes"], c["account"], c["amount_minor"], strict=True
            ):
                found = (attributes.get(layout.by_member[0]), account)
                parsed.by_member[found] = parsed.by_member.get(found, Decimal(0)) + to_decimal(
                    units
                )
        parsed.by_date.update(c["date"])
        parsed.companies.update(c["company_code"])
    parsed.by_account = {account: cents(value) for account, value in parsed.by_account.items()}
    parsed.by_member = {found: cents(value) for found, value in parsed.by_member.items()}
    # A row error would make the upload fail (on_error=reject): totals lines must be recognised.
    parsed.errors = [f"row {e.row} {e.column}: {e.message}" for e in parser.report.errors]
    parsed.warnings = list(parser.report.warnings)
    return parsed


@pytest.mark.parametrize("name", list(GENERATORS))
def test_ingest_reads_layout(name: str, tmp_path: Path) -> None:
    layout = generate(name, tmp_path)
    settings, needs = _suggested(layout)
    roles = {c.header: str(c.role) for c in settings.columns}
    assert needs <= set(layout.constants), f"needs {needs - set(layout.constants)}; {roles}"
    parsed = _parse(layout, settings)
    assert not parsed.errors, parsed.errors[:3]
    # The file's own totals (totals rows, a row's Total column) tie to its lines: no warning
    # may say they differ (a false tie-out warning teaches people to ignore real ones).
    assert not [w for w in parsed.warnings if "add up to" in w], parsed.warnings
    # Every layout's numbers are written one way its file shows (docs/import.md, "Three-digit
    # groups"): none is left saying a column "could be read either way".
    assert not [w for w in parsed.warnings if "could be read either way" in w], parsed.warnings
    assert not set(parsed.by_account) & layout.not_accounts, roles
    missing = sorted(set(layout.expected_by_account) - set(parsed.by_account))
    extra = sorted(set(parsed.by_account) - set(layout.expected_by_account))
    assert not missing and not extra, f"missing={missing[:5]} extra={extra[:5]} {roles}"
    assert parsed.by_account == layout.stored_by_account
    assert (settings.constants.unit_multiplier or 1) == layout.unit_multiplier
    if layout.record_count is not None:
        assert sum(parsed.by_date.values()) == layout.record_count
    assert dict(parsed.by_date) == layout.records_by_date, "records dated wrongly"
    assert parsed.companies == set(layout.companies)
    dimensions = {c.header.strip() for c in settings.columns if str(c.role) == "dimension"}
    assert layout.dimensions <= dimensions, roles
    if layout.by_member is not None:  # every record carries its column's member
        expected = {
            (member, account): cents(value)
            for member, totals in layout.by_member[1].items()
            for account, value in totals.items()
        }
        assert parsed.by_member == expected, roles
        assert settings.constants.dimension == layout.by_member[0], roles
