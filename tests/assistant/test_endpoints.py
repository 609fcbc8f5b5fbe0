"""The assistant's HTTP API with the built-in analyst, on SQLite and MariaDB: answers that show
their work, conversations kept per user, row-level access, company names, audit, validation."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from sqlalchemy import select

from elara.assistant.endpoints import admin_router, router
from elara.assistant.ratelimit import QuestionLimiter
from elara.audit.events import Action
from elara.auth.permissions import Permission
from elara.models import AuditEntry
from tests.assistant.analyst_data import COMPANIES
from tests.assistant.analyst_oracle import q, value
from tests.factories import create_user, login

CHAT = "/api/qbusiness/chat"
Y2025 = (date(2025, 1, 1), date(2025, 12, 31))
NAMES = "/api/assistant/company-names"


def _ask(client, headers, question, **extra):
    return client.post(CHAT, json={"question": question, **extra}, headers=headers)


def _entries(state, action):
    with state.db.transaction() as session:
        return session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def _needs(route) -> list[object]:
    return [getattr(d.call, "required_permission", None) for d in route.dependant.dependencies]


class TestChat:
    def test_anonymous(self, client):
        response = client.post(CHAT, json={"question": "revenue of Acme Corp in 2025"})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"

    def test_routes_declare_the_permission(self):
        for route in router.routes:
            assert Permission.assistant_use in _needs(route), route.path
        for route in admin_router.routes:
            assert Permission.settings_manage in _needs(route), route.path

    def test_answer_shows_its_work(self, client, state, loaded, fixed_today):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "What was Umbrella Health's net margin in 2025?").json()
        expected = q(value(loaded, "net_margin", ["UMBR"], Y2025))
        assert body["kind"] == "answer" and body["understood"] is True
        assert body["figures"][0]["value"] == expected and body["figures"][0]["unit"] == "%"
        assert body["scope"]["companies"] == [{"code": "UMBR", "name": "Umbrella Health"}]
        assert body["periods"] == [
            {"label": "2025", "date_from": "2025-01-01", "date_to": "2025-12-31"}
        ]
        assert body["metric"]["definition"].startswith("Net margin = net income")
        assert body["filters"] == {"company": ["UMBR"], "from": "2025-01-01", "to": "2025-12-31"}
        assert f"{expected} %" in body["answer"] and "Umbrella Health (UMBR)" in body["answer"]
        assert body["chart"]["datasets"][0]["data"] == [expected]

    def test_asks_back_between_similar_names(self, client, state, loaded, fixed_today):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "revenue of Acme in 2025").json()
        assert body["kind"] == "ask" and body["figures"] == [] and body["chart"] is None
        assert {c["code"] for c in body["candidates"]} == {"ACME", "ACMR"}

    def test_cannot_answer_without_a_number(self, client, state, loaded, fixed_today):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "What will Acme Corp's revenue be next quarter?").json()
        assert body["kind"] == "cannot" and body["understood"] is False
        assert body["answer"].startswith("I can't answer that from your data.")
        assert body["figures"] == [] and body["values"] == [] and len(body["suggestions"]) >= 3
        assert not any(ch.isdigit() for ch in body["answer"])

    def test_audited_without_numbers(self, client, state, loaded, fixed_today):
        user = create_user(state, role="analyst")
        headers = login(client, user)
        answered = _ask(client, headers, "net income of Globex Industries in 2025").json()
        _ask(client, headers, "tell me a joke")
        entries = _entries(state, Action.assistant_question.value)
        assert [(e.changes["question"], e.changes["answered"]) for e in entries] == [
            ("net income of Globex Industries in 2025", True),
            ("tell me a joke", False),
        ]
        assert answered["figures"][0]["value"] not in json.dumps([e.changes for e in entries])

    @pytest.mark.parametrize(
        "payload",
        [
            {"question": ""},
            {"question": "   "},
            {"question": "x" * 1001},
            {"question": "revenue", "role": "admin"},
            {"question": "revenue", "conversation_id": "../../etc"},
            {"question": 12},
            {},
        ],
    )
    def test_bad_input(self, client, state, payload):
        headers = login(client, create_user(state, role="viewer"))
        response = client.post(CHAT, json=payload, headers=headers)
        assert response.status_code == 422
        assert set(response.json()["error"]) == {"code", "message", "details", "correlation_id"}

    def test_rate_limited(self, app, client, state, loaded, fixed_today):
        limited = state.settings.model_copy(update={"assistant_rate_limit": "2/minute"})
        app.state.assistant_limiter = QuestionLimiter(limited)
        headers = login(client, create_user(state, role="viewer"))
        codes = [_ask(client, headers, "revenue in 2025").status_code for _ in range(3)]
        assert codes == [200, 200, 429]


class TestSeveralMetricsAndMonthOverMonth:
    def test_several_metrics_equal_the_dashboard(self, client, state, loaded, fixed_today):
        """Each metric named is answered, in the order asked, equal to the dashboard's KPI for
        the answer's own filters (and to the oracle)."""
        headers = login(client, create_user(state, role="viewer"))
        question = "Acme Corp revenue, COGS and gross profit for Q3 2026"
        body = _ask(client, headers, question).json()
        assert body["kind"] == "answer"
        labels = [f["label"] for f in body["figures"]]
        assert labels == ["Revenue", "Cost of sales", "Gross profit"]
        params = {**body["filters"]}
        kpis = client.get("/api/dashboard/summary", headers=headers, params=params).json()
        current = kpis["current"]
        q3 = ("2026-07-01", "2026-09-30")
        for figure, kpi, name in zip(
            body["figures"],
            ("revenue", "cost_of_sales", "gross_profit"),
            ("revenue", "cogs", "gross_profit"),
            strict=True,
        ):
            assert Decimal(figure["value"]) == Decimal(current[kpi])
            assert figure["value"] == q(value(loaded, name, ["ACME"], q3))
        assert body["answer"].index("Revenue of") < body["answer"].index("Cost of sales of")

    def test_month_over_month(self, client, state, loaded, fixed_today):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "Globex Industries revenue MoM for the last 3 months").json()
        months = {"2026-06": None, "2026-07": None, "2026-08": None, "2026-09": None}
        for month in months:
            start = date.fromisoformat(f"{month}-01")
            end = date(start.year, start.month, 30 if start.month in (6, 9) else 31)
            months[month] = value(loaded, "revenue", ["GLBX"], (start, end))
        keys = list(months)
        want = [q(months[b] - months[a]) for a, b in pairwise(keys)]
        assert [f["value"] for f in body["figures"]] == want
        assert [f["label"] for f in body["figures"]] == keys[1:]

    def test_a_ranked_change_gives_both_periods_amounts(self, client, state, loaded, fixed_today):
        """ "Which company had the largest cost increase": companies ranked by the change of their
        costs, each figure with its earlier and later amount; kept when the turn is reloaded."""
        headers = login(client, create_user(state, role="viewer"))
        question = "Which company had the largest cost increase in 2025 vs 2024?"
        body = _ask(client, headers, question).json()
        y2024 = (date(2024, 1, 1), date(2024, 12, 31))
        costs = {c: (value(loaded, "expenses", [c], y2024), value(loaded, "expenses", [c], Y2025))
                 for c in COMPANIES}  # fmt: skip
        top = max(costs, key=lambda c: costs[c][1] - costs[c][0])
        before, after = costs[top]
        assert [p["label"] for p in body["periods"]] == ["2024", "2025"]
        assert body["figures"] == [
            {"key": top, "label": f"{COMPANIES[top]} ({top})", "value": q(after - before),
             "unit": "USD", "earlier": q(before), "later": q(after)}
        ]  # fmt: skip
        one = _ask(client, headers, "Revenue of Acme Corp in 2025").json()
        assert one["figures"][0]["earlier"] is None and one["figures"][0]["later"] is None
        cid = body["conversation_id"]
        shown = client.get(f"/api/qbusiness/conversations/{cid}", headers=headers).json()
        assert shown["turns"][0]["figures"] == body["figures"]

    def test_a_ranked_change_stays_within_own_companies(self, client, state, loaded, fixed_today):
        headers = login(client, create_user(state, role="viewer", allowed_companies=["ACME"]))
        question = "Which company had the largest cost increase in 2025 vs 2024?"
        body = _ask(client, headers, question).json()
        y2024 = (date(2024, 1, 1), date(2024, 12, 31))
        before = value(loaded, "expenses", ["ACME"], y2024)
        after = value(loaded, "expenses", ["ACME"], Y2025)
        if after > before:
            assert [f["key"] for f in body["figures"]] == ["ACME"]
            assert body["figures"][0]["earlier"] == q(before)
        else:  # Acme Corp's costs fell: none rose, and no fall is named as the largest increase
            assert body["kind"] == "answer" and body["figures"] == []
            assert "none: no company's total expenses rose" in body["answer"]
        assert not _mentions_others(body)

    def test_unknown_cost_line_names_only_own_accounts(self, client, state, loaded, fixed_today):
        headers = login(client, create_user(state, role="viewer", allowed_companies=["ACME"]))
        body = _ask(client, headers, "How much did we spend on travel last year?").json()
        assert body["kind"] == "cannot" and body["figures"] == []
        assert "“travel”" in body["answer"] and "Your cost accounts: " in body["answer"]
        assert not _mentions_others(body)


class TestConversation:
    def test_follow_up_and_reload(self, client, state, loaded, fixed_today):
        headers = login(client, create_user(state, role="viewer"))
        first = _ask(client, headers, "Gross margin of Globex Industries in 2025").json()
        cid = first["conversation_id"]
        second = _ask(client, headers, "and the year before?", conversation_id=cid).json()
        assert second["conversation_id"] == cid
        assert second["periods"][0]["label"] == "2024"
        assert second["scope"]["companies"][0]["code"] == "GLBX"
        expected = q(
            value(loaded, "gross_margin", ["GLBX"], (date(2024, 1, 1), date(2024, 12, 31)))
        )
        assert second["figures"][0]["value"] == expected
        shown = client.get(f"/api/qbusiness/conversations/{cid}", headers=headers).json()
        assert [t["question"] for t in shown["turns"]] == [
            "Gross margin of Globex Industries in 2025",
            "and the year before?",
        ]
        assert shown["turns"][1]["figures"] == second["figures"]

    def test_another_users_conversation_is_not_theirs(self, client, state, loaded, fixed_today):
        owner = login(client, create_user(state, role="viewer"))
        cid = _ask(client, owner, "Revenue of Wayne Enterprises in 2025").json()["conversation_id"]
        other = login(client, create_user(state, role="viewer"))
        assert client.get(f"/api/qbusiness/conversations/{cid}", headers=other).status_code == 404
        body = _ask(client, other, "and in 2024?", conversation_id=cid).json()
        assert body["kind"] == "cannot" and body["conversation_id"] != cid
        assert (
            client.delete(f"/api/qbusiness/conversations/{cid}", headers=other).status_code == 404
        )
        assert (
            client.delete(f"/api/qbusiness/conversations/{cid}", headers=owner).status_code == 204
        )
        assert client.get(f"/api/qbusiness/conversations/{cid}", headers=owner).status_code == 404


class TestRestrictedUser:
    """A user who may see only Acme Corp learns nothing about other companies."""

    @pytest.fixture
    def headers(self, client, state, loaded, fixed_today):
        return login(client, create_user(state, role="viewer", allowed_companies=["ACME"]))

    def test_other_company_declined_like_unknown(self, client, headers):
        other = _ask(client, headers, "revenue of Globex Industries in 2025").json()
        unknown = _ask(client, headers, "revenue of Zorbo Industries in 2025").json()
        assert other["kind"] == unknown["kind"] == "ask" and other["figures"] == []
        assert other["answer"].replace("globex", "zorbo") == unknown["answer"]
        assert not _mentions_others(other, allow="globex")

    @pytest.mark.parametrize(
        "question",
        [
            "top 5 companies by net income in 2025",
            "which companies made a loss in 2025?",
            "what share of group revenue is Acme in 2025",
            "revenue in 2025",
            "rank companies by EBITDA margin",
        ],
    )
    def test_only_own_data(self, client, headers, loaded, question):
        body = _ask(client, headers, question).json()
        assert not _mentions_others(body)
        if question == "revenue in 2025":
            assert body["figures"][0]["value"] == q(value(loaded, "revenue", ["ACME"], Y2025))


def _mentions_others(body, allow=None) -> bool:
    """Any other company in the answer (the user's own question, echoed back, aside)."""
    text = json.dumps({k: v for k, v in body.items() if k != "question"})
    if allow:
        text = text.replace(allow, "")
    return any(c in text or n in text for c, n in COMPANIES.items() if c != "ACME")


class TestCompanyNames:
    def test_anonymous(self, client):
        assert client.get(NAMES).status_code == 401

    def test_forbidden_role(self, client, state):
        headers = login(client, create_user(state, role="analyst"))
        assert client.put(f"{NAMES}/ACME", json={"name": "X"}, headers=headers).status_code == 403

    def test_valid(self, client, state, loaded, fixed_today):
        admin = login(client, create_user(state, role="admin"))
        response = client.put(f"{NAMES}/GLBX", json={"name": " Globex Holdings "}, headers=admin)
        assert response.status_code == 200 and response.json() == {
            "code": "GLBX",
            "name": "Globex Holdings",
        }
        assert {"code": "GLBX", "name": "Globex Holdings"} in client.get(
            NAMES, headers=admin
        ).json()
        body = _ask(client, admin, "revenue of Globex Holdings in 2025").json()
        assert body["scope"]["companies"] == [{"code": "GLBX", "name": "Globex Holdings"}]
        entries = _entries(state, Action.setting_change.value)
        assert entries[-1].entity_type == "company_name" and entries[-1].entity_id == "GLBX"
        assert client.delete(f"{NAMES}/GLBX", headers=admin).status_code == 204
        assert client.delete(f"{NAMES}/GLBX", headers=admin).status_code == 404

    @pytest.mark.parametrize(
        "payload", [{"name": ""}, {"name": "x" * 201}, {}, {"name": "a", "x": 1}]
    )
    def test_bad_input(self, client, state, payload):
        admin = login(client, create_user(state, role="admin"))
        response = client.put(f"{NAMES}/ACME", json=payload, headers=admin)
        assert response.status_code == 422
        assert set(response.json()["error"]) == {"code", "message", "details", "correlation_id"}


class TestConfig:
    def test_builtin(self, client, state):
        headers = login(client, create_user(state, role="viewer"))
        body = client.get("/api/qbusiness/config", headers=headers).json()
        assert body["backend"] == "builtin" and body["embed_url"] is None


class TestCurrencies:
    """Figures in several currencies are never added together: one figure per currency."""

    def test_one_figure_per_currency(self, client, state, fixed_today):
        from tests.dashboard import factories

        day = date(2025, 3, 15)
        usd = [
            factories.Row("ACME", day, "Sales Revenue", Decimal("10000"), "Revenue", "USD"),
            factories.Row("ACME", day, "Cost of Goods Sold", Decimal("-4000"), "Cost of Sales"),
        ]
        eur = [
            factories.Row("BETA", day, "Sales Revenue", Decimal("20000"), "Revenue", "EUR"),
            factories.Row(
                "BETA",
                day,
                "Cost of Goods Sold",
                Decimal("-5000"),
                "Cost of Sales",
                "EUR",
            ),
        ]
        factories.create_dataset(state, usd, name="US", currency="USD")
        factories.create_dataset(state, eur, name="EU", currency="EUR")
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "gross profit in 2025").json()
        assert body["kind"] == "answer"
        assert sorted((f["unit"], f["value"]) for f in body["figures"]) == [
            ("EUR", "15000.00"),
            ("USD", "6000.00"),
        ]
        one = _ask(client, headers, "gross profit of ACME in 2025").json()
        assert [(f["unit"], f["value"]) for f in one["figures"]] == [("USD", "6000.00")]


class TestCurrenciesRankedApart:
    """Rankings, changes and month over month over data in two currencies: one group per
    currency, each equal to the dashboard's summary of that company; never added or compared."""

    def _data(self, state):
        from tests.dashboard import factories

        usd, eur = [], []
        for year, scale in ((2024, 1), (2025, 2)):
            for month in (1, 2, 3):
                day = date(year, month, 15)
                usd += [
                    factories.Row(
                        "ACME", day, "Sales Revenue", str(1000 * month * scale), "Revenue"
                    ),
                    factories.Row("ACME", day, "Rent", str(-100 * month * (3 - scale))),
                ]
                eur += [
                    factories.Row(
                        "BETA", day, "Sales Revenue", str(5000 * month), "Revenue", "EUR"
                    ),
                    factories.Row("BETA", day, "Rent", str(-300 * month * scale), None, "EUR"),
                ]
        factories.create_dataset(state, usd, name="US", currency="USD")
        factories.create_dataset(state, eur, name="EU", currency="EUR")

    def test_ranked_apart_and_equal_to_the_dashboard(self, client, state, fixed_today):
        self._data(state)
        headers = login(client, create_user(state, role="viewer"))
        top = _ask(client, headers, "top 2 companies by revenue in Q1 2025").json()
        assert [(f["key"], f["unit"]) for f in top["figures"]] == [("BETA", "EUR"), ("ACME", "USD")]
        assert "Ranked within each currency (EUR, USD)" in top["answer"]
        for figure in top["figures"]:
            params = {"company": figure["key"], "from": "2025-01-01", "to": "2025-03-31"}
            kpis = client.get("/api/dashboard/summary", headers=headers, params=params).json()
            assert kpis["currency"] == figure["unit"]
            assert figure["value"] == kpis["current"]["revenue"]
        # ACME's (USD) costs fell, BETA's (EUR) rose: BETA alone, and USD says none rose
        rise = _ask(
            client, headers, "Which company had the largest cost increase in Q1 2025 vs Q1 2024?"
        )
        body = rise.json()
        assert [(f["key"], f["unit"], f["earlier"], f["later"]) for f in body["figures"]] == [
            ("BETA", "EUR", "1800.00", "3600.00")
        ]
        assert "• none (USD): no company's total expenses rose" in body["answer"]
        mom = _ask(client, headers, "BETA revenue MoM in Q1 2025").json()
        assert [(f["label"], f["earlier"], f["later"], f["unit"]) for f in mom["figures"]] == [
            ("2025-02 (EUR)", "5000.00", "10000.00", "EUR"),
            ("2025-03 (EUR)", "10000.00", "15000.00", "EUR"),
        ]
        assert "(2025-01: EUR 5,000.00 → 2025-02: EUR 10,000.00)" in mom["answer"]


class TestTopWithTies:
    def test_a_tie_at_the_cut_is_kept(self, client, state, fixed_today):
        """ "top 2" when the second and third tie: both shown, and said; a value each equal
        to the dashboard's revenue for that company."""
        from tests.dashboard import factories

        day = date(2025, 5, 15)
        amounts = {"ACME": "5000", "BETA": "3000", "GAMA": "3000", "DELT": "1000"}
        rows = [factories.Row(c, day, "Sales Revenue", a, "Revenue") for c, a in amounts.items()]
        factories.create_dataset(state, rows, name="Ties")
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "top 2 companies by revenue in 2025").json()
        assert [f["key"] for f in body["figures"]] == ["ACME", "BETA", "GAMA"]
        assert "the last ones tie at place 2" in body["answer"]
        for figure in body["figures"]:
            params = {"company": figure["key"], "from": "2025-01-01", "to": "2025-12-31"}
            kpis = client.get("/api/dashboard/summary", headers=headers, params=params).json()
            assert figure["value"] == kpis["current"]["revenue"]
        one = _ask(client, headers, "top 1 company by revenue in 2025").json()
        assert [f["key"] for f in one["figures"]] == ["ACME"] and "tie" not in one["answer"]


class TestKindsAsOnTheDashboard:
    """The assistant classifies every account exactly as the dashboard does: an account the
    dashboard shows as Unclassified is in no metric and is never put into one by its name, and
    an account two datasets classify apart counts as each dataset's kind. Every figure is
    checked against GET /api/dashboard/summary with the answer's own filters."""

    KPIS = (
        ("revenue", "revenue"),
        ("opex", "operating_expenses"),
        ("cost of sales", "cost_of_sales"),
        ("total expenses", "expenses"),
        ("net income", "net_income"),
    )

    def _check_kpis(self, client, headers, company):
        for words, kpi in self.KPIS:
            body = _ask(client, headers, f"{company} {words} in 2025").json()
            assert body["kind"] == "answer", body["answer"]
            summary = client.get("/api/dashboard/summary", headers=headers, params=body["filters"])
            want = summary.json()["current"][kpi]
            assert [Decimal(f["value"]) for f in body["figures"]] == [Decimal(want)], words

    def test_unclassified_accounts_as_on_the_dashboard(self, client, state, fixed_today):
        from tests.dashboard import factories

        day = date(2025, 3, 15)
        # names the assistant's own rules would read as revenue, an operating expense and a
        # finance cost, but the dashboard's vocabulary leaves Unclassified
        rows = [
            factories.Row("ACME", day, "Sales Revenue", "10000", "Revenue"),
            factories.Row("ACME", day, "Cost of Goods Sold", "-4000", "Cost of Sales"),
            factories.Row("ACME", day, "Rent", "-1000"),
            factories.Row("ACME", day, "Fees earned", "700"),
            factories.Row("ACME", day, "Research", "-300"),
            factories.Row("ACME", day, "Finance charges", "-50"),
            factories.Row("ACME", day, "Software licences", "-120"),
        ]
        factories.create_dataset(state, rows, name="US")
        headers = login(client, create_user(state, role="viewer"))
        summary = client.get(
            "/api/dashboard/summary",
            headers=headers,
            params={"company": "ACME", "from": "2025-01-01", "to": "2025-12-31"},
        ).json()["current"]
        assert summary["unclassified_count"] == 4  # the dashboard's own reading of the names
        self._check_kpis(client, headers, "ACME")
        for account in ("Research", "Fees earned"):
            body = _ask(client, headers, f"{account} for ACME in 2025").json()
            assert body["kind"] == "answer", body["answer"]
            assert "Unclassified on the dashboard" in body["answer"]
            assert body["filters"]["account"] == [account]
            kpis = client.get("/api/dashboard/summary", headers=headers, params=body["filters"])
            assert [f["value"] for f in body["figures"]] == [kpis.json()["current"]["unclassified"]]
        ranked = _ask(client, headers, "ACME's largest cost accounts in 2025").json()
        shown = {f["key"] for f in ranked["figures"]}
        assert shown and not shown & {"Research", "Finance charges", "Software licences"}
        travel = _ask(client, headers, "How much did ACME spend on travel in 2025?").json()
        assert "Your cost accounts: Cost of Goods Sold, Rent." in travel["answer"]

    def test_same_account_two_kinds_as_on_the_dashboard(self, client, state, fixed_today):
        """ "Consulting": income in one dataset, an operating expense in another (each upload's
        chosen kind); the dashboard counts each dataset's amount as its own kind."""
        from tests.dashboard import factories as dash
        from tests.finance.factories import store as store_batch

        day = date(2025, 6, 10)
        sold = [
            dash.Row("ACME", day, "Sales Revenue", Decimal("20000"), "Revenue"),
            dash.Row("ACME", day, "Consulting", Decimal("5000")),
        ]
        bought = [
            dash.Row("ACME", day, "Cost of Goods Sold", Decimal("-6000"), "Cost of Sales"),
            dash.Row("ACME", day, "Consulting", Decimal("-1500")),
        ]
        store_batch(state, sold, settings={"account_kinds": {"Consulting": "revenue"}}, name="A")
        store_batch(
            state,
            bought,
            settings={"account_kinds": {"Consulting": "operating_expense"}},
            name="B",
        )
        headers = login(client, create_user(state, role="viewer"))
        summary = client.get(
            "/api/dashboard/summary",
            headers=headers,
            params={"company": "ACME", "from": "2025-01-01", "to": "2025-12-31"},
        ).json()["current"]
        assert Decimal(summary["revenue"]) == Decimal("25000")  # the dashboard's own split
        assert Decimal(summary["operating_expenses"]) == Decimal("1500")
        self._check_kpis(client, headers, "ACME")
        body = _ask(client, headers, "ACME's largest cost accounts in 2025").json()
        assert {f["key"]: f["value"] for f in body["figures"]} == {
            "Cost of Goods Sold": "6000.00",
            "Consulting (operating expense)": "1500.00",
        }
