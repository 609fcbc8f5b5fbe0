"""After append and replace the dataset answers the rows it now holds; an upload says how many
rows it read and how many records it stored (a wide sheet makes several records of one row)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from elara.core.state import AppState
from elara.storage import bulk
from elara.uploads.service import wait_for_upload
from tests.factories import create_user, login

from .conftest import ledger_csv, upload


def _settle(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    """Poll the dataset until the upload this answer started is finished."""
    upload_id = body["upload"]["id"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        current = client.get(f"/api/datasets/{body['id']}", headers=headers).json()
        latest = current["latest_upload"]
        if latest["id"] == upload_id and latest["status"] != "processing":
            return current
        time.sleep(0.1)
    raise AssertionError("the upload did not finish")


def test_append_and_replace_answer_the_rows_the_dataset_now_holds(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(gateway, create_user(state))
    base = upload(gateway, headers, ledger_csv(tmp_path / "a.csv", 5)).json()
    more = upload(
        gateway,
        headers,
        ledger_csv(tmp_path / "b.csv", 3),
        mode="append",
        dataset_id=base["id"],
        wait="false",
    ).json()
    done = _settle(gateway, headers, more)
    assert done["row_count"] == 8 and done["status"] == "ready", done["latest_upload"]
    latest = done["latest_upload"]
    # Rows read are the data rows: the three of them, not the header.
    assert (latest["mode"], latest["rows_read"], latest["records_stored"]) == ("append", 3, 3)
    again = upload(
        gateway,
        headers,
        ledger_csv(tmp_path / "c.csv", 7),
        mode="replace",
        dataset_id=base["id"],
        wait="false",
    ).json()
    done = _settle(gateway, headers, again)
    assert done["row_count"] == 7 and done["latest_upload"]["records_stored"] == 7
    listed = gateway.get("/api/datasets", headers=headers).json()["items"]
    assert [d["row_count"] for d in listed if d["id"] == base["id"]] == [7]


def test_one_answer_shows_the_dataset_and_its_upload_at_one_moment(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    """An append that finishes while a dataset is being read is not shown finished beside the
    rows from before it: the dataset and its latest upload are read at one moment. (On SQLite
    each statement used to read the newest commit, so the count read before the store's
    commit and the upload read after it disagreed: `test_append_and_replace…` once saw 5.)"""
    headers = login(gateway, create_user(state))
    base = upload(gateway, headers, ledger_csv(tmp_path / "a.csv", 5)).json()
    staged, resume = threading.Event(), threading.Event()

    def hold_the_append(batch_id: int, rows: int) -> None:  # the append's first staged chunk
        staged.set()
        assert resume.wait(60), "the read never let the append go on"  # nosec B101

    finished: list[str | None] = []

    def finish_between(*args: Any) -> None:
        # Before the read of the latest upload, the dataset read already: the append is
        # stored now, in between (the reader's connection holds no lock on either backend).
        if "max(upload_batches.id)" in str(args[2]).lower() and not finished:
            resume.set()
            finished.append(wait_for_upload(state, more["upload"]["id"], timeout=60))

    bulk.stage_hooks.append(hold_the_append)
    try:
        more = upload(
            gateway,
            headers,
            ledger_csv(tmp_path / "b.csv", 3),
            mode="append",
            dataset_id=base["id"],
            wait="false",
        ).json()
        assert staged.wait(60), "the append never staged its rows"
        event.listen(state.db.engine, "before_cursor_execute", finish_between)
        try:
            seen = gateway.get(f"/api/datasets/{base['id']}", headers=headers).json()
        finally:
            event.remove(state.db.engine, "before_cursor_execute", finish_between)
    finally:
        resume.set()
        bulk.stage_hooks.remove(hold_the_append)
    assert finished == ["ready"], finished  # the append finished between the two reads
    latest = seen["latest_upload"]
    assert latest["id"] == more["upload"]["id"]
    # The moment the read began: the append still processing, the dataset its five rows.
    assert (latest["status"], seen["row_count"]) == ("processing", 5), latest
    now = gateway.get(f"/api/datasets/{base['id']}", headers=headers).json()
    assert (now["latest_upload"]["status"], now["row_count"]) == ("ready", 8)


def test_a_wide_sheet_reads_rows_and_stores_records(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(gateway, create_user(state))
    path = tmp_path / "wide.csv"
    path.write_text("Date,Sales,Costs\n2024-01-31,100.50,-40.25\n2024-02-29,110.00,-41.00\n")
    settings = {
        "columns": [
            {"header": "Date", "role": "date"},
            {"header": "Sales", "role": "measure"},
            {"header": "Costs", "role": "measure"},
        ],
        "constants": {"company": "ACME", "currency": "USD"},
    }
    body = upload(gateway, headers, path, settings=json.dumps(settings)).json()
    assert body["status"] == "ready", body
    assert (body["upload"]["rows_read"], body["upload"]["records_stored"]) == (2, 4)
    assert body["row_count"] == 4


def test_rows_read_are_data_rows_only(gateway: TestClient, state: AppState, tmp_path: Path) -> None:
    """Title, header, blank, heading, totals and footer lines are not rows read; a refused
    row is (it was read, and reported). Inspect and the upload count alike."""
    headers = login(gateway, create_user(state))
    path = tmp_path / "statement.csv"
    path.write_text(
        "ACME Ltd\n"
        "Profit and Loss\n"
        "\n"
        "Account,JAN 2024,FEB 2024\n"
        "Income\n"
        "Sales,100.00,110.00\n"
        "Services,20.00,twenty\n"
        "Rent,-30.00,-30.00\n"
        "\n"
        "Total,90.00,80.00\n"
        "Generated on 3 March 2024\n"
    )
    seen = gateway.post(
        "/api/datasets/inspect",
        headers=headers,
        data={"default_currency": "USD"},  # the file states none
        files={"file": (path.name, path.read_bytes(), "text/csv")},
    ).json()
    preview = seen["preview"]
    assert (preview["rows_read"], preview["totals"]["records"], preview["error_count"]) == (3, 4, 1)
    body = upload(gateway, headers, path, on_error="skip", default_currency="USD").json()
    assert body["status"] == "ready", body
    assert (body["upload"]["rows_read"], body["upload"]["records_stored"]) == (3, 4)
    assert body["upload"]["report"]["rows_read"] == 3
