"""A statement of cash flows or a balance sheet uploaded as it comes: their lines move cash
(depreciation added back, changes in receivables) or are balances at a date, not income and
expenses. Elara says so in the preview and suggests their kinds (non-financial; balance
sheet), so the dashboard's revenue, costs and net income are not made up from them — and
their "Net income" line is no subtotal that "does not tie out"; the lines are still stored."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.ingest.settings import ColumnRole
from elara.ingest.suggest import _statement_of, suggest_settings
from elara.models import Role
from elara.uploads.preview import BALANCE_SHEET_NOTE, CASH_FLOW_NOTE
from tests.corpus.write import fmt, write_csv
from tests.datasets.conftest import inspected
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


def test_cash_flow_lines_are_stored_but_never_income_or_expense(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(client, create_user(state, role=Role.admin))
    for titled in (True, False):  # the title says it, or two of its lines do
        path = tmp_path / f"cash_flows_{titled}.csv"
        totals = _statement(path, title=titled)
        answer = inspected(client, headers, path, default_currency="USD")
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
        # the breakdown by account shows each line's own figure (it was 0.00: not P&L money)
        items = client.get(
            "/api/dashboard/breakdown",
            params={"dataset_id": dataset, "by": "account", "top": 100},
            headers=headers,
        ).json()["items"]
        assert {i["key"]: Decimal(i["value"]) for i in items} == {
            account: abs(amount) for account, amount in totals.items()
        }
        assert all(Decimal(i["revenue"]) == Decimal(i["expenses"]) == 0 for i in items)
        client.delete(f"/api/datasets/{dataset}", headers=headers)


def test_which_statement_a_file_is() -> None:
    assert _statement_of(["Income Statement"], ["Revenue", "Cash flow hedge reserve"]) is None
    assert _statement_of(["Trial Balance"], ["Total assets", "Sales"]) is None
    assert _statement_of(["Cash Flow Forecast 2026"], []) == "cash_flow"
    lines = ["Net cash from operating activities", "Net cash used in investing activities"]
    assert _statement_of([], lines) == "cash_flow"
    assert _statement_of(["Statement of Financial Position"], []) == "balance_sheet"
    assert _statement_of([], ["TOTAL ASSETS", "Total Liabilities and Equity"]) == "balance_sheet"


BALANCE_SHEET = [
    ("ASSETS", None), ("Current Assets", None), ("Operating Account", "84,210.55"),
    ("Accounts Receivable (A/R)", "36,420.10"), ("Inventory Asset", "22,118.00"),
    ("Total Current Assets", "142,748.65"), ("Equipment", "48,500.00"),
    ("Accumulated Depreciation", "-12,125.00"), ("TOTAL ASSETS", "179,123.65"),
    ("LIABILITIES AND EQUITY", None), ("Accounts Payable (A/P)", "18,904.33"),
    ("Credit Card", "3,210.77"), ("Loan Payable", "50,000.00"),
    ("Total Liabilities", "72,115.10"), ("Owner's Investment", "60,000.00"),
    ("Retained Earnings", "3,697.30"), ("Net Income", "43,311.25"),
    ("Total Equity", "107,008.55"), ("TOTAL LIABILITIES AND EQUITY", "179,123.65"),
]  # fmt: skip


def test_a_balance_sheet_is_balances_never_income_or_expense(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    """A small-business package's balance sheet as CSV: "As of December 31, 2025" split in
    two cells by its own comma (still the as-of date), accounts the vocabulary does not know
    (Operating Account, Credit Card, Owner's Investment) and a Net Income line in equity."""
    headers = login(client, create_user(state, role=Role.admin))
    path = tmp_path / "balance_sheet.csv"
    rows: list[list[object]] = [
        ["Northwind Traders LLC"],
        ["Balance Sheet"],
        ["As of December 31", " 2025"],
        ["", "Total"],
    ]
    rows += [[line] if amount is None else [line, amount] for line, amount in BALANCE_SHEET]
    write_csv(path, rows)
    answer = inspected(client, headers, path, default_currency="USD")
    settings = answer["settings"]
    assert answer["needs"] == [] and settings["constants"]["date"] == "2025-12-31"
    assert BALANCE_SHEET_NOTE in answer["preview"]["warnings"]
    lines = [line for line, amount in BALANCE_SHEET if amount is not None]
    assert settings["account_kinds"] == dict.fromkeys(lines, "balance_sheet")
    assert answer["preview"]["unclassified"] == []
    settings["constants"]["currency"] = "USD"
    with path.open("rb") as handle:
        stored = client.post(
            "/api/datasets",
            headers=headers,
            data={"wait": "true", "name": "bs", "settings": json.dumps(settings)},
            files={"file": (path.name, handle, "text/csv")},
        )
    assert stored.status_code == 200 and stored.json()["status"] == "ready", stored.text
    kpis = client.get(
        "/api/dashboard/summary", params={"dataset_id": stored.json()["id"]}, headers=headers
    ).json()["current"]
    assert kpis["tie_outs"] == [] and kpis["stated"] == [], kpis
    assert Decimal(kpis["net_income"]) == Decimal(kpis["unclassified"]) == 0
    assert kpis["record_count"] == len(lines)


def test_the_assistant_says_what_a_cash_flow_statement_cannot_answer(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    """The assistant never answers 0.00 from a statement whose lines are not income and
    expense; and a P&L's "Depreciation and amortization" stays an expense for the assistant
    when a cash flow statement stored before it has a line of the same name."""
    headers = login(client, create_user(state, role=Role.admin))
    flows = tmp_path / "flows.csv"
    _statement(flows, title=True)
    settings = inspected(client, headers, flows, default_currency="USD")["settings"]
    settings["constants"]["currency"] = "USD"
    pl = tmp_path / "pl.csv"
    write_csv(
        pl,
        [
            ["Company", "Date", "Account", "Amount", "Currency"],
            ["ACME", "2025-12-31", "Sales", "1000.00", "USD"],
            ["ACME", "2025-12-31", "Depreciation and amortization", "-150.00", "USD"],
        ],
    )
    for path, chosen in (
        (flows, settings),
        (pl, inspected(client, headers, pl, default_currency="USD")["settings"]),
    ):
        with path.open("rb") as handle:
            stored = client.post(
                "/api/datasets",
                headers=headers,
                data={"wait": "true", "name": path.stem, "settings": json.dumps(chosen)},
                files={"file": (path.name, handle, "text/csv")},
            )
        assert stored.status_code == 200 and stored.json()["status"] == "ready", stored.text

    def ask(question: str) -> dict:
        reply = client.post("/api/qbusiness/chat", json={"question": question}, headers=headers)
        assert reply.status_code == 200, reply.text
        return reply.json()

    reply = ask("What was Harbor Lights' net income in 2025?")
    assert reply["kind"] == "cannot" and "no income or expense lines" in reply["answer"], reply[
        "answer"
    ]
    assert reply["figures"] == []
    reply = ask("Dividends paid of Harbor Lights in 2025")
    assert reply["kind"] == "cannot" and "non-financial line" in reply["answer"], reply
    reply = ask("What was ACME's net income in 2025?")
    assert reply["kind"] == "answer", reply
    assert Decimal(reply["figures"][0]["value"]) == Decimal("850.00"), reply


def test_a_statement_s_headings_are_read_in_its_label_column(tmp_path: Path) -> None:
    """A balance sheet whose lines are labelled in the second column (a code comes first, and
    is blank on the section headings): the headings (ASSETS, Current Assets …) are told apart
    in the label column, not the first cell, so they get no kind; every line with a figure is
    a balance-sheet account."""
    rows: list[list[object]] = [
        ["Northwind Traders LLC"],
        ["Balance Sheet"],
        ["As of December 31", " 2025"],
        ["Ref", "Line", "Total"],
    ]
    for number, (line, amount) in enumerate(BALANCE_SHEET):
        rows.append(["", line] if amount is None else [f"BS-{number:02d}", line, amount])
    path = tmp_path / "balance_sheet_with_codes.csv"
    write_csv(path, rows)
    suggestion = suggest_settings(path)
    roles = {c.header: c.role for c in suggestion.settings.columns}
    assert roles["Line"] is ColumnRole.account
    lines = [line for line, amount in BALANCE_SHEET if amount is not None]
    assert suggestion.settings.account_kinds == dict.fromkeys(lines, "balance_sheet")
