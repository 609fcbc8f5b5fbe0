"""End to end on real components: a generated income statement (periods as columns, its own
subtotal lines) read with the suggested import settings, stored through the datasets service
with those settings on the upload batch, answers KPIs equal to its subtotal lines, per period,
whether its costs are written negative or positive. SQLite and MariaDB."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.corpus.statements import mgmt_pack_month_ytd_csv
from tests.factories import create_user, login

MONTHS = ("Jan 2025", "Feb 2025", "Mar 2025")
ENDS = ("2025-01-31", "2025-02-28", "2025-03-31")
LINES = [
    ("Product sales", ("1000.00", "1100.00", "1200.50"), False),
    ("Service revenue", ("500.00", "450.00", "525.25"), False),
    ("Total Revenue", ("1500.00", "1550.00", "1725.75"), False),
    ("Cost of goods sold", ("600.00", "620.00", "700.10"), True),
    ("Gross Profit", ("900.00", "930.00", "1025.65"), False),
    ("Selling, general and administrative", ("300.00", "310.00", "320.00"), True),
    ("Depreciation and amortization", ("50.00", "50.00", "50.00"), True),
    ("Operating Income", ("550.00", "570.00", "655.65"), False),
    ("Interest expense", ("20.00", "20.00", "20.00"), True),
    ("Income tax expense", ("106.00", "110.00", "127.13"), True),
    ("Net Income", ("424.00", "440.00", "508.52"), False),
]


def _statement(path: Path, *, costs_negative: bool, brackets: bool = False) -> Path:
    rows = ["Income Statement," + ",".join(MONTHS)]
    negative = "({})" if brackets else "-{}"
    for name, amounts, cost in LINES:
        signed = [negative.format(a) if cost and costs_negative else a for a in amounts]
        rows.append(",".join([f'"{name}"', *signed]))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _inspect(client, headers, path: Path, settings: dict | None = None) -> dict:
    form = {} if settings is None else {"settings": json.dumps(settings)}
    with path.open("rb") as handle:
        files = {"file": (path.name, handle, "text/csv")}
        answer = client.post("/api/datasets/inspect", headers=headers, data=form, files=files)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _import(client, headers, path: Path) -> dict:
    """Through the API as the mapping screen does it: inspect, type the company, store."""
    settings = _inspect(client, headers, path)["settings"]
    settings["constants"].update(company="ACME", currency="USD")
    answer = _inspect(client, headers, path, settings)
    assert answer["needs"] == [] and answer["preview"] is not None, answer
    with path.open("rb") as handle:
        stored = client.post(
            "/api/datasets",
            headers=headers,
            data={"wait": "true", "name": path.stem, "settings": json.dumps(answer["settings"])},
            files={"file": (path.name, handle, "text/csv")},
        )
    assert stored.status_code == 200 and stored.json()["status"] == "ready", stored.text
    return answer


@pytest.mark.parametrize("costs_negative", [False, True])
def test_statement_kpis_equal_its_subtotal_lines(client, state, tmp_path, costs_negative):
    path = _statement(tmp_path / "statement.csv", costs_negative=costs_negative)
    answer = _import(client, login(client, create_user(state, role="admin")), path)
    # Nobody typed a sign: the totals told it, and the preview says it.
    expected = "expenses_negative" if costs_negative else "natural"
    assert answer["settings"]["sign"] == expected
    assert answer["preview"]["warnings"] == []
    headers = login(client, create_user(state, role="viewer"))
    stated = {name: amounts for name, amounts, _ in LINES}
    for index, end in enumerate(ENDS):
        url = f"/api/dashboard/summary?from={end[:8]}01&to={end}"
        kpis = client.get(url, headers=headers).json()["current"]
        assert kpis["revenue"] == stated["Total Revenue"][index]
        assert kpis["gross_profit"] == stated["Gross Profit"][index]
        assert kpis["operating_income"] == stated["Operating Income"][index]
        assert kpis["net_income"] == stated["Net Income"][index]
        assert kpis["tie_outs"] == [] and kpis["unclassified_count"] == 0
        assert kpis["depreciation_amortization"] == "50.00"


def test_a_sign_the_user_sets_against_the_totals_is_warned_about(client, state, tmp_path):
    path = _statement(tmp_path / "brackets.csv", costs_negative=True, brackets=True)
    headers = login(client, create_user(state, role="admin"))
    settings = _inspect(client, headers, path)["settings"]
    assert settings["sign"] is None  # no preview yet (the company is missing): not decided
    settings["constants"].update(company="ACME", currency="USD")
    settings = _inspect(client, headers, path, settings)["settings"]
    assert settings["sign"] == "expenses_negative"  # costs in brackets are negative
    settings["sign"] = "natural"
    warnings = _inspect(client, headers, path, settings)["preview"]["warnings"]
    assert any("costs shown as negative numbers" in w and "sign" in w for w in warnings), warnings


def _store(client, headers, path: Path, settings: dict) -> None:
    with path.open("rb") as handle:
        stored = client.post(
            "/api/datasets",
            headers=headers,
            data={"wait": "true", "name": path.stem, "settings": json.dumps(settings)},
            files={"file": (path.name, handle, "text/csv")},
        )
    assert stored.status_code == 200 and stored.json()["status"] == "ready", stored.text


def test_the_assistant_reads_a_management_pack_as_the_dashboard_does(client, state, tmp_path):
    """A UK management pack (Month | Year to date over Actual | Budget | Variance, £'000,
    "Interest payable" between operating profit and profit before tax) needs nothing typed;
    the dashboard's net income is its "Profit after tax" line, and so is the assistant's —
    asked "last month" while another company's data runs two months later, and after an
    admin reclassifies a line."""
    layout = mgmt_pack_month_ytd_csv(tmp_path)
    admin = login(client, create_user(state, role="admin"))
    answer = _inspect(client, admin, layout.path)
    assert answer["needs"] == [] and answer["settings"]["constants"]["currency"] == "GBP"
    _store(client, admin, layout.path, answer["settings"])
    later = tmp_path / "later.csv"
    later.write_text("Company,Date,Account,Amount,Currency\nOther Co,2025-12-31,Sales,10,GBP\n")
    _store(client, admin, later, _inspect(client, admin, later)["settings"])

    stated = layout.stored_by_account
    october = {"company": "Riverside Bakeries Ltd", "from": "2025-10-01", "to": "2025-10-31"}
    kpis = client.get("/api/dashboard/summary", params=october, headers=admin).json()["current"]
    assert Decimal(kpis["net_income"]) == stated["Profit after tax"], kpis
    assert Decimal(kpis["other_expenses"]) == -stated["Interest payable"]
    assert kpis["tie_outs"] == [] and kpis["unclassified_count"] == 0

    def asked() -> dict:
        reply = client.post(
            "/api/qbusiness/chat",
            json={"question": "net profit riverside last month"},
            headers=admin,
        )
        assert reply.status_code == 200 and reply.json()["kind"] == "answer", reply.text
        return reply.json()

    reply = asked()
    assert reply["periods"][0]["date_from"] == "2025-10-01", reply["periods"]
    assert Decimal(reply["figures"][0]["value"]) == stated["Profit after tax"], reply

    # an admin says the wholesale line is not revenue: both the dashboard and the assistant move
    moved = client.put(
        "/api/finance/accounts",
        json={"account": "Wholesale", "kind": "non_financial"},
        headers=admin,
    )
    assert moved.status_code == 200, moved.text
    kpis = client.get("/api/dashboard/summary", params=october, headers=admin).json()["current"]
    expected = stated["Profit after tax"] - stated["Wholesale"]
    assert Decimal(kpis["net_income"]) == expected
    assert Decimal(asked()["figures"][0]["value"]) == expected
