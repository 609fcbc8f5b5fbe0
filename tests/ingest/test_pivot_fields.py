"""A pivot's value fields name the account they sum (docs/import.md, layout 65): "Sum of
Sales", "Total of Sales", "Summe von Umsatz", "SUM(Sales)" are stored under "Sales" /
"Umsatz", the header kept as the column's name in the settings and said in the preview;
counts and averages stay no money."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from elara.ingest import preview_file, suggest_settings


@pytest.mark.parametrize(
    ("header", "account"),
    [
        ("Sum of Sales", "Sales"),
        ("Total of Sales", "Sales"),
        ("Summe von Umsatz", "Umsatz"),
        ("SUM(Sales)", "Sales"),
    ],
)
def test_a_summed_field_is_stored_under_the_field(
    header: str, account: str, tmp_path: Path
) -> None:
    path = tmp_path / "pivot.csv"
    path.write_text(
        f"Region,Month,{header},Count of Orders,Average of Discount\n"
        "North,Jan 2025,1200.50,12,0.1\nSouth,Jan 2025,800.25,7,0.2\n",
        encoding="utf-8",
    )
    settings = suggest_settings(path).settings
    settings.constants.company = "Co"
    preview = preview_file(path, settings)
    assert preview.by_account == {account: Decimal("2000.75")}
    assert {c.header: str(c.role) for c in preview.settings.columns}[header] == "measure"
    assert f'"{header}" as "{account}"' in " ".join(preview.warnings)
