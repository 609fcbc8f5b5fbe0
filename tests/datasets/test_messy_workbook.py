"""End to end through the API: a messy workbook and awkward text stored exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from elara.core.state import AppState
from elara.models import DatasetRecord, RollupMonthly
from tests.amounts import units
from tests.conftest import backend_name
from tests.factories import create_user, login
from tests.ingest.builders import write_xlsx
from tests.ingest.test_pipeline import LEDGER, PNL

from .conftest import upload


def _rollups(state: AppState, dataset_id: int) -> dict[tuple[dt.date, str], int]:
    with state.db.engine.connect() as connection:
        rows = connection.execute(
            select(RollupMonthly.month, RollupMonthly.account, RollupMonthly.amount_minor).where(
                RollupMonthly.dataset_id == dataset_id
            )
        )
        totals: dict[tuple[dt.date, str], int] = {}
        for month, account, amount in rows:
            totals[(month, account)] = totals.get((month, account), 0) + amount
    return totals


def test_messy_workbook_totals_to_the_cent(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(gateway, create_user(state))
    path = write_xlsx(tmp_path / "Group results FY24.xlsx", {"Ledger": LEDGER, "P&L": PNL})
    body = upload(gateway, headers, path, sheet="*", default_currency="USD").json()
    assert (body["status"], body["row_count"], body["error_count"]) == ("ready", 11, 0), body
    report = body["upload"]["report"]
    assert report["sheets"] == ["Ledger", "P&L"] and report["wide"] is True
    assert {"row": 10, "reason": "totals row", "sheet": "Ledger"} in report["skipped_rows"]
    totals = _rollups(state, body["id"])
    assert sum(totals.values()) == units("1884.62") + units("6590.00")
    assert totals[(dt.date(2024, 1, 1), "Revenue")] == units("1000.10") + units("5000.00")
    assert totals[(dt.date(2024, 2, 1), "COGS")] == units("-250.05") + units("-2100.00")
    assert totals[(dt.date(2024, 3, 1), "Opex")] == units("-99.99")
    with state.db.engine.connect() as connection:
        described = set(
            connection.scalars(
                select(DatasetRecord.description).where(DatasetRecord.dataset_id == body["id"])
            )
        )
    assert {"=SUM(A1)", "<script>alert(1)</script>"} <= described


AWKWARD = [
    'He said "hi", then left',
    "line one\nline two",
    "NULL",
    "back\\slash and \\N and tab\there",
    '=HYPERLINK("http://x")',
    "emoji 💶 and ümlaut",
    '"",',
]


def test_awkward_text_stored_exactly(
    client: TestClient, state: AppState, tmp_path: Path, database_url: str
) -> None:
    headers = login(client, create_user(state))
    rows = [["Company", "Date", "Account", "Amount", "Description", "Region"]]
    rows += [
        ["ACME", dt.date(2024, 1, i + 1), "Revenue", i + 1, text, text]
        for i, text in enumerate(AWKWARD)
    ]
    path = write_xlsx(tmp_path / "awkward.xlsx", {"Sheet1": rows})
    body = upload(client, headers, path, default_currency="EUR").json()
    assert body["status"] == "ready", body
    fast_path = "executemany" if backend_name(database_url) == "sqlite" else "load_data"
    assert body["upload"]["report"]["insert_path"] == fast_path
    with state.db.engine.connect() as connection:
        stored = connection.execute(
            select(DatasetRecord.description, DatasetRecord.attributes, DatasetRecord.currency)
            .where(DatasetRecord.dataset_id == body["id"])
            .order_by(DatasetRecord.date)
        ).all()
    assert [row[0] for row in stored] == AWKWARD
    assert [row[1]["Region"] for row in stored] == AWKWARD
    assert {row[2] for row in stored} == {"EUR"}
