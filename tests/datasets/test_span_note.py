"""A one-column statement whose title states a span ("Jan 2025 - Mar 2025"): the preview says
that every record is dated the span's last day, so month views show the whole period there."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from elara.ingest.suggest import title_constants
from tests.corpus import fifth, statements
from tests.corpus.test_corpus import inspect, with_constants
from tests.corpus.write import write_csv


def test_span_of_a_title() -> None:
    spans = {
        "Jan 2025 - Mar 2025": "2025-01-01",
        "January - December 2024": "2024-01-01",
        "1 Jan 2025 to 31 Mar 2025": "2025-01-01",
        "For the year ended 31 December 2024": "2024-01-01",
        "Three months ended March 31, 2025": "2025-01-01",
        "As at 31 October 2025": None,
        "March 2025": None,
    }
    for title, start in spans.items():
        found = title_constants([[title]], []).covers_from
        assert (found.isoformat() if found else None) == start, title


def test_quarter_statement_is_said_to_be_dated_at_its_end(
    client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    layout = statements.erp_income_statement_xlsx(tmp_path)
    first = inspect(client, admin_headers, layout)
    answer = inspect(client, admin_headers, layout, with_constants(first["settings"], layout))
    warnings = answer["preview"]["warnings"]
    note = [w for w in warnings if w.startswith("The title says")]
    assert "covers_from" not in answer["offered"]  # said in the note, not a setting
    assert note == [
        "The title says these figures cover 01 Jan 2025 to 31 Mar 2025; every record is "
        "dated 31 Mar 2025, so month views and charts show the whole period in that month."
    ]


def test_month_columns_need_no_note(
    client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "pl.csv"
    write_csv(
        path,
        [
            ["Harbour Ltd"],
            ["Profit and Loss"],
            ["January - March 2025"],
            [],
            ["", "Jan 2025", "Feb 2025", "Mar 2025"],
            ["Sales", "100.00", "110.00", "120.00"],
            ["Rent", "50.00", "50.00", "50.00"],
        ],
    )
    with path.open("rb") as handle:
        response = client.post(
            "/api/datasets/inspect",
            headers=admin_headers,
            data={"default_currency": "USD"},  # the file states none
            files={"file": ("pl.csv", handle, "text/csv")},
        )
    assert response.status_code == 200, response.text
    assert not any(w.startswith("The title says") for w in response.json()["preview"]["warnings"])


def test_fiscal_period_columns_are_said_to_be_calendar_months(
    client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    """A planning tool's "FY25 P01" … "FY25 P12": dated as calendar months (P01 = January),
    which is wrong for a fiscal year starting in April; the preview says so."""
    layout = fifth.fy_periods_budget_csv(tmp_path)
    first = inspect(client, admin_headers, layout)
    answer = inspect(client, admin_headers, layout, with_constants(first["settings"], layout))
    notes = [w for w in answer["preview"]["warnings"] if "are read as calendar months" in w]
    assert len(notes) == 1 and "(period 1 = January)" in notes[0], answer["preview"]["warnings"]
    assert "2025-01-31" in notes[0], notes
