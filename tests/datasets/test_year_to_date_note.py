"""A 10-Q's "Nine Months Ended" columns beside its "Three Months Ended" ones: the preview
shows the quarter's money only and says which columns were taken as year to date, on the
first inspection and on the one with the settings sent back (docs/import.md, layout 153)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.corpus.write import write_csv
from tests.datasets.conftest import inspected


def test_year_to_date_columns_are_said_and_not_counted(
    client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "q3.csv"
    write_csv(
        path,
        [
            ["Birch Tools Inc."],
            ["Statements of Operations"],
            ["", "Three Months Ended September 30,", "", "Nine Months Ended September 30,", ""],
            ["", "2025", "2024", "2025", "2024"],
            ["Net sales", "900.00", "800.00", "2700.00", "2350.00"],
            ["Operating expenses", "600.00", "550.00", "1790.00", "1600.00"],
        ],
    )
    first = inspected(client, admin_headers, path, default_currency="USD")
    roles = {c["header"]: c["role"] for c in first["settings"]["columns"]}
    assert roles["2025 (2)"] == roles["2024 (2)"] == "ignore"
    said = [w for w in first["preview"]["warnings"] if "year to date" in w]
    assert len(said) == 1, first["preview"]["warnings"]
    assert '"2025 (2)", "2024 (2)" under "Nine Months Ended September 30,"' in said[0]
    # The quarter's money once (900 + 800, 600 + 550), not the nine months as well.
    totals = first["preview"]["totals"]
    assert totals["by_account"] == {"Net sales": "1700", "Operating expenses": "1150"}
    assert totals["records"] == 4
    assert {s["date"] for s in first["preview"]["sample"]} == {"2025-09-30", "2024-09-30"}
    again = inspected(client, admin_headers, path, first["settings"], default_currency="USD")
    assert [w for w in again["preview"]["warnings"] if "year to date" in w] == said
