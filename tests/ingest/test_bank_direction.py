"""Bank statements with nothing naming their lines (docs/finance.md, "Bank statements"):
one signed amount (or debit/credit) is kept apart as "Money in" / "Money out"; a statement's
own unsigned in / out columns stay two accounts; both are unclassified and said so."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from elara.ingest import Preview, preview_file, suggest_settings
from elara.ingest.settings import ColumnRole

SIGNED = "Date,Description,Amount,Balance\n03/01/2025,Client,1200.00,2200.00\n"
SIGNED += "04/01/2025,Rent,-800.00,1400.00\n05/01/2025,Coffee,-4.50,1395.50\n"
IN_OUT = "Date,Description,Paid out,Paid in,Balance\n03/01/2025,Client,,1200.00,2200.00\n"
IN_OUT += "04/01/2025,Rent,800.00,,1400.00\n05/01/2025,Coffee,4.50,,1395.50\n"
WITH_CATEGORY = "Date,Description,Category,Amount\n03/01/2025,Client,Sales,1200.00\n"
WITH_CATEGORY += "04/01/2025,Rent,Rent,-800.00\n"


def preview_of(tmp_path: Path, text: str, *, measures: tuple[str, ...] = ()) -> Preview:
    """The statement previewed as suggested, for company "Co" (`measures`: headers set to
    money of their own)."""
    path = tmp_path / "statement.csv"
    path.write_text(text, encoding="utf-8")
    settings = suggest_settings(path).settings
    settings.constants.company = "Co"
    for column in settings.columns:
        if column.header in measures:
            column.role = ColumnRole.measure
    return preview_file(path, settings)


def assert_left_to_classify(preview: Preview, accounts: dict[str, Decimal], said: str) -> None:
    """Exactly these accounts, every one unclassified, and the preview says `said`."""
    assert preview.by_account == accounts
    assert sorted(preview.unclassified) == sorted(accounts)
    assert said in " ".join(preview.warnings)


@pytest.mark.parametrize(
    ("text", "accounts", "said"),
    [
        (
            SIGNED,
            {"Money in": Decimal("1200"), "Money out": Decimal("-804.5")},
            'kept apart by direction, "Money in" (1200.00) and "Money out" (-804.50)',
        ),
        (
            IN_OUT,
            {"Paid in": Decimal("1200"), "Paid out": Decimal("804.5")},
            '"Paid out" and "Paid in" are kept as accounts of their own',
        ),
    ],
)
def test_lines_named_by_nothing_are_kept_apart_and_left_to_classify(
    tmp_path: Path, text: str, accounts: dict[str, Decimal], said: str
) -> None:
    assert_left_to_classify(preview_of(tmp_path, text), accounts, said)


def test_a_category_column_names_the_lines(tmp_path: Path) -> None:
    preview = preview_of(tmp_path, WITH_CATEGORY)
    assert "Money in" not in preview.by_account
    assert not [w for w in preview.warnings if "No account or category column" in w]
