"""A statement of cash flows uploaded as it comes: its lines move cash (depreciation added
back, changes in receivables), they are not income and expenses. Elara says so in the
preview and suggests every line as non-financial, so the dashboard's revenue, costs and net
income are not made up from it; the lines are still stored and shown."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.ingest.suggest import _cash_flow_statement
from elara.models import Role
from elara.uploads.preview import CASH_FLOW_NOTE
from tests.corpus.write import fmt, write_csv
from tests.factories import create_user, login

LINES = (
    "Net income", "Depreciation and amortization", "Accounts receivable", "Inventory",
    "Accounts payable", "Net cash provided by operating activities",
    "Purchases of property and equipment", "Net cash used in investing activities",
    "Dividends paid", "Net cash used in financing activities", "Net increase in cash",
)  # fmt: skip
SECTIONS = {
    "Net income": "Cash flows from operating activities",
    "Purchases of property and equipment": "Cash flows from investing activities",
    "Dividends paid": "Cash flows from financing activities",
}


def _statement(path: Path, *, title: bool, seed: int = 7) -> dict[str, Decimal]:
    """A two-year statement; a line's figures are random (the test checks what is stored, not
    the arithmetic of cash flows). Returns each line's total over both years."""
    rng = random.Random(seed)
    rows: list[list[object]] = [["Harbor Lights Inc."]]
    rows += [["Statement of Cash Flows"]] if title else []
    rows += [["For the year ended December 31, 2025"], ["", "2025", "2024"]]
    totals: dict[str, Decimal] = {}
    for line in LINES:
        if line in SECTIONS:
            rows.append([SECTIONS[line]])
        values = [Decimal(rng.randint(-90_000_00, 90_000_00)) / 100 for _ in range(2)]
        totals[line] = sum(values, Decimal(0))
        rows.append([line, *(fmt(v, thousands=",", negative="parens") for v in values)])
    write_csv(path, rows)
    return totals


def _inspect(client: TestClient, headers: dict[str, str], path: Path, settings=None) -> dict:
    form = {} if settings is None else {"settings": json.dumps(settings)}
    with path.open("rb") as handle:
        files = {"file": (path.name, handle, "text/csv")}
        answer = client.post("/api/datasets/inspect", headers=headers, data=form, files=files)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_cash_flow_lines_are_stored_but_never_income_or_expense(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(client, create_user(state, role=Role.admin))
    for titled in (True, False):  # the title says it, or two of its lines do
        path = tmp_path / f"cash_flows_{titled}.csv"
        totals = _statement(path, title=titled)
        answer = _inspect(client, headers, path)
        settings = answer["settings"]
        assert CASH_FLOW_NOTE in answer["preview"]["warnings"], answer["preview"]["warnings"]
        assert settings["account_kinds"] == dict.fromkeys(LINES, "non_financial"), settings
        assert answer["preview"]["unclassified"] == []
        settings["constants"]["currency"] = "USD"
        with path.open("rb") as handle:
            stored = client.post(
                "/api/datasets",
                headers=headers,
                data={"wait": "true", "name": path.stem, "settings": json.dumps(settings)},
                files={"file": (path.name, handle, "text/csv")},
            )
        assert stored.status_code == 200 and stored.json()["status"] == "ready", stored.text
        dataset = stored.json()["id"]
        kpis = client.get(
            "/api/dashboard/summary", params={"dataset_id": dataset}, headers=headers
        ).json()["current"]
        for line in ("revenue", "expenses", "operating_expenses", "net_income", "unclassified"):
            assert Decimal(kpis[line]) == 0, (line, kpis)
        assert kpis["record_count"] == 2 * len(LINES)
        page = client.get(
            "/api/records", params={"dataset_id": dataset, "limit": 100}, headers=headers
        ).json()
        shown: dict[str, Decimal] = {}
        for item in page["items"]:  # stored exactly as the file states them
            shown[item["account"]] = shown.get(item["account"], Decimal(0)) + Decimal(
                item["amount"]
            )
        assert shown == totals
        client.delete(f"/api/datasets/{dataset}", headers=headers)


def test_one_cash_flow_word_in_a_pl_is_no_cash_flow_statement() -> None:
    assert not _cash_flow_statement(["Income Statement"], ["Revenue", "Cash flow hedge reserve"])
    assert _cash_flow_statement(["Cash Flow Forecast 2026"], [])
    assert _cash_flow_statement([], ["Net cash from operating activities", "Net cash used in"])
