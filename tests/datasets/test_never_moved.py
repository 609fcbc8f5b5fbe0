"""Rows whose status says the money never moved (docs/import.md, layouts 60 and 64).

An app bank's REVERTED and DECLINED card payments have no completed date: they used to refuse
the whole upload. They are not stored, the preview lists them among the rows not stored with
the reason, and the upload's report counts them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.models import Role
from tests.corpus.gaps import app_bank_not_completed_csv
from tests.corpus.test_corpus import _post, inspect, with_constants
from tests.factories import create_user, login


def test_reverted_declined_and_pending_rows_are_listed_not_stored(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(client, create_user(state, role=Role.admin))
    layout = app_bank_not_completed_csv(tmp_path)
    first = inspect(client, headers, layout)
    answer = inspect(client, headers, layout, with_constants(first["settings"], layout))
    preview = answer["preview"]
    reasons = {s["row"]: s["reason"] for s in preview["skipped_rows"]}
    assert sorted(reasons.values()) == sorted(
        f'State "{s}": the money never moved'
        for s in ("REVERTED", "REVERTED", "DECLINED", "PENDING")
    )
    assert 'rows marked "REVERTED" in State were not stored' in " ".join(preview["warnings"])
    assert {k: Decimal(v) for k, v in preview["totals"]["by_account"].items()} == (
        layout.stored_by_account
    )
    stored = _post(
        client,
        "/api/datasets",
        headers,
        layout,
        wait="true",
        name="app bank",
        settings=json.dumps(answer["settings"]),
    )
    assert stored.status_code == 200, stored.text
    assert stored.json()["status"] == "ready", stored.text
    body = client.get(f"/api/datasets/{stored.json()['id']}", headers=headers).json()
    report = body["latest_upload"]["report"]
    said = [w for w in report["warnings"] if "the money never moved" in w]
    assert len(said) == 3, report["warnings"]  # REVERTED (2), DECLINED, PENDING
    assert body["row_count"] == 2 * 24  # Amount and Fee of the 24 completed rows
