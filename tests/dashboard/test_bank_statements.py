"""A bank statement with nothing naming its lines (docs/finance.md, "Bank statements").

Date | Description | Amount | Balance: receipts and payments are kept apart as "Money in" and
"Money out", unclassified (shown on the Unclassified card, in no revenue or expense figure),
and the preview says so with both totals; never one account netting them. An app bank's Fee
beside its Amount stays an account of its own, an operating expense (a cost), and what is
stored is what the preview showed.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.models import Role
from tests.corpus.exports import revolut_statement_csv
from tests.corpus.gaps import bank_amount_balance_csv
from tests.corpus.test_corpus import _post, inspect, with_constants
from tests.factories import create_user, login


def _stored(
    client: TestClient, headers: dict[str, str], tmp_path: Path, make: Any = bank_amount_balance_csv
) -> tuple[Any, int]:
    layout = make(tmp_path)
    first = inspect(client, headers, layout)
    answer = inspect(client, headers, layout, with_constants(first["settings"], layout))
    stored = _post(
        client,
        "/api/datasets",
        headers,
        layout,
        wait="true",
        name="bank",
        settings=json.dumps(answer["settings"]),
    )
    assert stored.status_code == 200, stored.text
    return answer["preview"], stored.json()["id"]


def test_receipts_and_payments_are_kept_apart_and_left_unclassified(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(client, create_user(state, role=Role.admin))
    preview, dataset_id = _stored(client, headers, tmp_path)
    by_account = {k: Decimal(v) for k, v in preview["totals"]["by_account"].items()}
    assert set(by_account) == {"Money in", "Money out"}
    assert by_account["Money in"] > 0 > by_account["Money out"]
    assert sorted(preview["unclassified"]) == ["Money in", "Money out"]
    [said] = [w for w in preview["warnings"] if "kept apart by direction" in w]
    assert f"({by_account['Money in']:.2f})" in said and f"({by_account['Money out']:.2f})" in said
    summary = client.get(
        "/api/dashboard/summary", headers=headers, params={"dataset_id": dataset_id}
    )
    assert summary.status_code == 200, summary.text
    [block] = summary.json()["by_currency"]
    kpis = block["current"]
    # Elara cannot know which receipts are sales: no revenue, no expenses, all unclassified.
    assert Decimal(kpis["revenue"]) == 0 and Decimal(kpis["expenses"]) == 0
    assert Decimal(kpis["unclassified"]) == by_account["Money in"] + by_account["Money out"]
    assert kpis["unclassified_count"] == kpis["record_count"] == 40


def test_an_app_banks_fee_stays_its_own_account_and_the_store_matches_the_preview(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(client, create_user(state, role=Role.admin))
    preview, dataset_id = _stored(client, headers, tmp_path, revolut_statement_csv)
    by_account = {k: Decimal(v) for k, v in preview["totals"]["by_account"].items()}
    assert set(by_account) == {"Money in", "Money out", "Fee"}
    [said] = [w for w in preview["warnings"] if "kept apart by direction" in w]
    for name, total in by_account.items():
        assert f'"{name}" ({total:.2f})' in said
    summary = client.get(
        "/api/dashboard/summary", headers=headers, params={"dataset_id": dataset_id}
    )
    assert summary.status_code == 200, summary.text
    [block] = summary.json()["by_currency"]
    kpis = block["current"]
    # What the bank took is a cost, shown positive; receipts and payments stay unclassified.
    assert sorted(preview["unclassified"]) == ["Money in", "Money out"]
    assert Decimal(kpis["revenue"]) == 0
    assert Decimal(kpis["expenses"]) == Decimal(kpis["operating_expenses"]) == by_account["Fee"]
    assert by_account["Fee"] > 0
    assert Decimal(kpis["unclassified"]) == by_account["Money in"] + by_account["Money out"]
    assert kpis["record_count"] == 60  # 30 lines, each an amount and a fee
