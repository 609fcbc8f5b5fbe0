"""A net other line named for both directions ("Other (income) expense, net") with no
subtotal of the statement to decide which way it counts: the preview says the direction is
assumed, on the first inspection and on the one with the settings sent back."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.corpus.write import write_csv
from tests.datasets.conftest import inspected


def test_an_undecided_both_ways_line_is_said(
    client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "ops.csv"
    write_csv(
        path,
        [
            ["Birch Tools Inc."],
            ["Statements of Operations"],
            ["", "Three Months Ended March 31,", ""],
            ["", "2025", "2024"],
            ["Net sales", "900.00", "800.00"],
            ["Operating expenses", "600.00", "550.00"],
            ["Other (income) expense, net", "(25.00)", "12.00"],
        ],
    )
    first = inspected(client, admin_headers, path, default_currency="USD")
    assert first["settings"]["account_kinds"]["Other (income) expense, net"] == "other_expense"
    said = [w for w in first["preview"]["warnings"] if "named for both directions" in w]
    assert len(said) == 1, first["preview"]["warnings"]
    assert "notes" not in first["offered"]  # said in the preview, not a setting
    again = inspected(client, admin_headers, path, first["settings"], default_currency="USD")
    assert [w for w in again["preview"]["warnings"] if "named for both directions" in w] == said
    chosen = first["settings"] | {
        "account_kinds": first["settings"]["account_kinds"]
        | {"Other (income) expense, net": "other_income"}
    }
    mine = inspected(client, admin_headers, path, chosen, default_currency="USD")
    assert not [w for w in mine["preview"]["warnings"] if "named for both directions" in w]
