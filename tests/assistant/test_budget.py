"""Budget questions through the HTTP API, on SQLite and MariaDB: an actual ledger and a budget
dataset (scenario budget) for two companies, a third company with actuals only. Every figure is
checked against the dashboard (`GET /api/dashboard/summary?scenario=budget` and the summary's
`budget` block) and against sums of the stored rows; a restricted user sees only their own
company's budget; no budget (or forecast) uploaded is said plainly, with no number."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import insert

from elara.core.money import cents_text
from elara.models import CompanyName
from tests.dashboard.factories import Row, create_dataset
from tests.factories import create_user, login

CHAT = "/api/qbusiness/chat"
SUMMARY = "/api/dashboard/summary"
NAMES = {"ACME": "Acme Corp", "GLBX": "Globex Industries", "INIT": "Initech Software"}
# account, category, share of revenue (costs stored negative, as files state them)
LINES = (
    ("Sales Revenue", "Revenue", Decimal("1")),
    ("Cost of Goods Sold", "Cost of Sales", Decimal("-0.45")),
    ("Salaries and Wages", "Operating Expenses", Decimal("-0.18")),
    ("Rent", "Operating Expenses", Decimal("-0.04")),
    ("Income Tax", "Taxes", Decimal("-0.02")),
)
CENT = Decimal("0.01")


def _months(first: date, last: date) -> list[date]:
    out, day = [], first
    while day <= last:
        out.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return out


def _rows(companies: Iterable[str], first: date, last: date, base: int, step: str) -> list[Row]:
    rows = []
    for index, code in enumerate(companies):
        for n, month in enumerate(_months(first, last)):
            revenue = (Decimal(base + 25_000 * index) + Decimal(step) * n).quantize(CENT)
            for account, category, share in LINES:
                amount = (revenue * share).quantize(CENT)
                rows.append(Row(code, month.replace(day=12), account, amount, category))
    return rows


ACTUALS = _rows(NAMES, date(2025, 1, 1), date(2026, 9, 1), 100_000, "1234.57")
BUDGET = _rows(("ACME", "GLBX"), date(2025, 1, 1), date(2026, 12, 1), 104_000, "999.99")
FORECAST = _rows(("ACME", "GLBX"), date(2026, 10, 1), date(2026, 12, 1), 131_000, "500.05")


def _sum(rows: list[Row], companies: Iterable[str], start: date, end: date, *accounts) -> Decimal:
    """The oracle: stored amounts of the accounts (costs as positive amounts)."""
    total = sum(
        (
            Decimal(r.amount)
            for r in rows
            if r.company in companies and start <= r.date <= end and r.account in accounts
        ),
        Decimal(0),
    )
    return abs(total)


@pytest.fixture
def stored(state, fixed_today):
    create_dataset(state, ACTUALS, name="Actuals", scenario="actual")
    create_dataset(state, BUDGET, name="Budget 2025-26", scenario="budget")
    with state.db.transaction() as session:
        session.execute(insert(CompanyName), [{"code": c, "name": n} for c, n in NAMES.items()])
    return state


def _ask(client, headers, question: str) -> dict:
    response = client.post(CHAT, json={"question": question}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _summary(client, headers, **params) -> dict:
    response = client.get(SUMMARY, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _figures(body: dict) -> dict[str, str]:
    return {f["label"]: f["value"] for f in body["figures"]}


Q3_2025 = (date(2025, 7, 1), date(2025, 9, 30))
Q2_2026 = (date(2026, 4, 1), date(2026, 6, 30))
YTD_2026 = (date(2026, 1, 1), date(2026, 9, 30))
OPEX = ("Salaries and Wages", "Rent")


class TestBudgetFigures:
    def test_budget_for_revenue_equals_the_budget_summary(self, client, state, stored):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "What is the budget for revenue in Q3 2025?")
        assert body["kind"] == "answer", body["answer"]
        assert body["filters"] == {"from": "2025-07-01", "to": "2025-09-30", "scenario": "budget"}
        dashboard = _summary(client, headers, **body["filters"])
        assert dashboard["scenario"] == "budget"
        (figure,) = body["figures"]
        assert figure["value"] == dashboard["current"]["revenue"]
        assert figure["value"] == cents_text(_sum(BUDGET, NAMES, *Q3_2025, "Sales Revenue"))
        actual = _summary(client, headers, **{"from": "2025-07-01", "to": "2025-09-30"})
        assert figure["value"] != actual["current"]["revenue"]  # never the actuals
        assert body["answer"].startswith("Budget") and "Q3 2025" in body["answer"]

    def test_budgeted_opex_this_year(self, client, state, stored):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "budgeted opex this year")
        assert body["kind"] == "answer", body["answer"]
        assert (body["filters"]["from"], body["filters"]["to"]) == ("2026-01-01", "2026-09-30")
        dashboard = _summary(client, headers, **body["filters"])
        (figure,) = body["figures"]
        assert figure["value"] == dashboard["current"]["operating_expenses"]
        assert figure["value"] == cents_text(_sum(BUDGET, NAMES, *YTD_2026, *OPEX))

    def test_actual_questions_still_read_actuals(self, client, state, stored):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "revenue in Q2 2026")
        assert body["figures"][0]["value"] == cents_text(
            _sum(ACTUALS, NAMES, *Q2_2026, "Sales Revenue")
        )
        assert "scenario" not in body["filters"]


class TestAgainstBudget:
    def test_revenue_vs_budget_equals_the_budget_block(self, client, state, stored):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "revenue vs budget for Q2 2026")
        assert body["kind"] == "answer", body["answer"]
        assert body["filters"] == {"from": "2026-04-01", "to": "2026-06-30"}
        dashboard = _summary(client, headers, **body["filters"])
        (block,) = dashboard["budget"]
        got = _figures(body)
        assert got["Budget"] == block["budget"]["revenue"]
        assert got["Variance (actual - budget)"] == block["variance"]["revenue"]["absolute"]
        assert got["% of budget"] == block["percent_of_budget"]["revenue"]
        # Like for like (as the block): Initech has no budget, so its actuals are left out.
        assert block["coverage"]["without_budget"] == ["INIT"]
        actual = _sum(ACTUALS, ("ACME", "GLBX"), *Q2_2026, "Sales Revenue")
        budget = _sum(BUDGET, NAMES, *Q2_2026, "Sales Revenue")
        assert got["Actual"] == cents_text(actual)
        assert got["Variance (actual - budget)"] == cents_text(actual - budget)
        assert "Q2 2026" in body["answer"] and "all 3 companies" in body["answer"]
        assert "no budget has been uploaded for Initech Software (INIT)" in body["answer"]
        assert "left out of the actual figures" in body["answer"]

    def test_over_budget_on_opex(self, client, state, stored):
        """A line the block has no variance for: two service calls (actual, budget)."""
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "are we over budget on operating expenses this year?")
        assert body["kind"] == "answer", body["answer"]
        params = {"from": "2026-01-01", "to": "2026-09-30"}
        assert body["filters"] == params
        # Like for like: Initech has no budget, so the actuals are ACME's and Globex's.
        budgeted = _summary(client, headers, company=["ACME", "GLBX"], **params)
        actual = Decimal(budgeted["current"]["operating_expenses"])
        budget = _summary(client, headers, scenario="budget", **params)
        planned = Decimal(budget["current"]["operating_expenses"])
        got = _figures(body)
        assert Decimal(got["Actual"]) == actual and Decimal(got["Budget"]) == planned
        assert Decimal(got["Variance (actual - budget)"]) == actual - planned
        assert got["% of budget"] == cents_text(actual * 100 / planned)
        assert planned == _sum(BUDGET, NAMES, *YTD_2026, *OPEX)
        word = "over budget by" if actual > planned else "under budget by"
        assert word in body["answer"].lower()

    def test_how_far_from_budget(self, client, state, stored):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "how far are we from budget")
        assert body["kind"] == "answer", body["answer"]
        dashboard = _summary(client, headers, **body["filters"])
        (block,) = dashboard["budget"]
        got = _figures(body)
        for metric, label in (
            ("revenue", "Revenue"),
            ("gross_profit", "Gross profit"),
            ("operating_income", "Operating income (EBIT)"),
            ("expenses", "Total expenses"),
            ("net_income", "Net income"),
        ):
            assert got[f"{label}: Budget"] == block["budget"][metric]
            variance = got[f"{label}: Variance (actual - budget)"]
            assert variance == block["variance"][metric]["absolute"]
            assert got[f"{label}: % of budget"] == block["percent_of_budget"][metric]
        assert "2026" in body["answer"]

    def test_budget_variance_by_company(self, client, state, stored):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "budget variance by company for Q3 2025")
        assert body["kind"] == "answer", body["answer"]
        got = _figures(body)
        for code in ("ACME", "GLBX"):
            params = {"company": code, "from": "2025-07-01", "to": "2025-09-30"}
            dashboard = _summary(client, headers, **params)
            (block,) = dashboard["budget"]
            for metric, label in (("revenue", "Revenue"), ("net_income", "Net income")):
                who = f"{label}: {NAMES[code]} ({code})"
                assert got[f"{who}: Actual"] == dashboard["current"][metric]
                assert got[f"{who}: Budget"] == block["budget"][metric]
                variance = block["variance"][metric]["absolute"]
                assert got[f"{who}: Variance (actual - budget)"] == variance
                assert got[f"{who}: % of budget"] == block["percent_of_budget"][metric]
        # Initech has actuals and no budget: said so, no figure for it
        assert not any("Initech" in label for label in got)
        assert "Initech Software (INIT): no budget uploaded" in body["answer"]


class TestNoBudget:
    def test_restricted_user_sees_only_their_budget(self, client, state, stored):
        headers = login(client, create_user(state, role="viewer", allowed_companies=["ACME"]))
        body = _ask(client, headers, "budget variance by company for Q3 2025")
        assert body["kind"] == "answer", body["answer"]
        text = json.dumps({k: v for k, v in body.items() if k != "question"})
        assert "GLBX" not in text and "Globex" not in text and "INIT" not in text
        params = {"from": "2025-07-01", "to": "2025-09-30"}
        (block,) = _summary(client, headers, **params)["budget"]
        assert _figures(body)["Revenue: Acme Corp (ACME): Budget"] == block["budget"]["revenue"]
        assert block["budget"]["revenue"] == cents_text(
            _sum(BUDGET, ["ACME"], *Q3_2025, "Sales Revenue")
        )
        other = _ask(client, headers, "what is the budget for Globex Industries revenue in 2025")
        assert other["kind"] != "answer" and other["figures"] == []
        assert "GLBX" not in json.dumps({k: v for k, v in other.items() if k != "question"})

    def test_no_budget_uploaded_is_said_without_a_number(self, client, state, stored):
        headers = login(client, create_user(state, role="viewer", allowed_companies=["INIT"]))
        for question in ("what is the budget for revenue in Q3 2025", "revenue vs budget for Q2"):
            body = _ask(client, headers, question)
            assert body["kind"] == "cannot" and body["figures"] == []
            assert "No budget has been uploaded for" in body["answer"]
            text = json.dumps({k: v for k, v in body.items() if k != "question"})
            assert "ACME" not in text and "GLBX" not in text and "Globex" not in text
            assert not any(ch.isdigit() for ch in body["answer"])

    def test_named_company_without_budget(self, client, state, stored):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "Initech Software revenue vs budget in 2025")
        assert body["kind"] == "cannot" and body["figures"] == []
        assert "No budget has been uploaded for Initech Software (INIT)" in body["answer"]


class TestForecast:
    def test_refused_without_a_forecast_dataset(self, client, state, stored):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "forecast revenue for next quarter")
        assert body["kind"] == "cannot" and body["figures"] == []
        assert not any(ch.isdigit() for ch in body["answer"])

    def test_forecast_dataset_answers_next_quarter(self, client, state, stored):
        create_dataset(state, FORECAST, name="Forecast Q4", scenario="forecast")
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "forecast revenue for next quarter")
        assert body["kind"] == "answer", body["answer"]
        assert body["filters"] == {"from": "2026-10-01", "to": "2026-12-31", "scenario": "forecast"}
        dashboard = _summary(client, headers, **body["filters"])
        assert body["figures"][0]["value"] == dashboard["current"]["revenue"]
        q4 = (date(2026, 10, 1), date(2026, 12, 31))
        assert dashboard["current"]["revenue"] == cents_text(
            _sum(FORECAST, NAMES, *q4, "Sales Revenue")
        )
        actual = _ask(client, headers, "What will revenue be next quarter?")
        assert actual["kind"] == "cannot" and actual["figures"] == []

    def test_actual_vs_forecast_is_two_service_calls(self, client, state, stored):
        q3 = _rows(("ACME",), date(2026, 7, 1), date(2026, 9, 1), 101_500, "10.10")
        create_dataset(state, q3, name="Forecast Q3", scenario="forecast")
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "Acme Corp revenue vs forecast for Q3 2026")
        assert body["kind"] == "answer", body["answer"]
        params = {"company": ["ACME"], "from": "2026-07-01", "to": "2026-09-30"}
        assert body["filters"] == params
        actual = Decimal(_summary(client, headers, **params)["current"]["revenue"])
        planned = Decimal(
            _summary(client, headers, scenario="forecast", **params)["current"]["revenue"]
        )
        got = _figures(body)
        assert Decimal(got["Actual"]) == actual and Decimal(got["Forecast"]) == planned
        assert Decimal(got["Variance (actual - forecast)"]) == actual - planned
        assert planned == _sum(q3, ["ACME"], date(2026, 7, 1), date(2026, 9, 30), "Sales Revenue")


class TestConversation:
    def test_follow_up_keeps_the_budget(self, client, state, stored):
        headers = login(client, create_user(state, role="viewer"))
        first = client.post(
            CHAT, json={"question": "budgeted revenue for Acme Corp in 2025"}, headers=headers
        ).json()
        assert first["kind"] == "answer" and first["filters"]["scenario"] == "budget"
        again = client.post(
            CHAT,
            json={"question": "and in 2026?", "conversation_id": first["conversation_id"]},
            headers=headers,
        ).json()
        assert again["kind"] == "answer" and again["filters"]["scenario"] == "budget"
        dashboard = _summary(client, headers, **again["filters"])
        assert again["figures"][0]["value"] == dashboard["current"]["revenue"]
        assert again["figures"][0]["value"] == cents_text(
            _sum(BUDGET, ["ACME"], date(2026, 1, 1), date(2026, 12, 31), "Sales Revenue")
        )
        plain = client.post(
            CHAT,
            json={
                "question": "revenue of Acme Corp in 2025",
                "conversation_id": first["conversation_id"],
            },
            headers=headers,
        ).json()
        assert "scenario" not in plain["filters"]
        assert plain["figures"][0]["value"] == cents_text(
            _sum(ACTUALS, ["ACME"], date(2025, 1, 1), date(2025, 12, 31), "Sales Revenue")
        )
