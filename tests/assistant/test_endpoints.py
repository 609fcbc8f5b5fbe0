"""POST /api/qbusiness/chat and GET /api/qbusiness/config with the built-in assistant, over real
HTTP semantics on SQLite and MariaDB: answers, row-level access, audit, validation, limits."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from elara.assistant.endpoints import router
from elara.assistant.ratelimit import QuestionLimiter
from elara.audit.events import Action
from elara.auth.permissions import Permission
from elara.models import AuditEntry
from tests.assistant.dataset import COMPANIES, cents, measure
from tests.factories import create_user, login

CHAT = "/api/qbusiness/chat"
Y2024 = (__import__("datetime").date(2024, 1, 1), __import__("datetime").date(2024, 12, 31))


def _ask(client, headers, question, **extra):
    return client.post(CHAT, json={"question": question, **extra}, headers=headers)


def _audit_entries(state):
    with state.db.transaction() as session:
        return session.scalars(
            select(AuditEntry).where(AuditEntry.action == Action.assistant_question.value)
        ).all()


class TestChat:
    def test_anonymous(self, client):
        response = client.post(CHAT, json={"question": "revenue of ACME in 2024"})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"

    def test_routes_declare_the_permission(self):
        for route in router.routes:
            needs = [
                getattr(d.call, "required_permission", None) for d in route.dependant.dependencies
            ]  # type: ignore[attr-defined]
            assert Permission.assistant_use in needs, route.path  # type: ignore[attr-defined]

    def test_valid(self, client, state, loaded, fixed_today):
        headers = login(client, create_user(state, role="viewer"))
        response = _ask(client, headers, "What was the revnue of acme in 2024?")
        assert response.status_code == 200, response.text
        body = response.json()
        expected = cents(measure(loaded, "revenue", companies=("ACME",), period=Y2024))
        assert body["backend"] == "builtin" and body["understood"] is True
        assert body["values"][0]["value"] == expected
        assert f"USD {Decimal(expected):,.2f}" in body["answer"]
        assert body["filters"] == {"company": ["ACME"], "from": "2024-01-01", "to": "2024-12-31"}
        assert body["chart"]["type"] == "bar" and body["chart"]["datasets"][0]["data"] == [expected]
        assert "ACME" in body["computed"] and body["conversation_id"]

    def test_audited_without_numbers(self, client, state, loaded, fixed_today):
        user = create_user(state, role="analyst")
        headers = login(client, user)
        answered = _ask(client, headers, "net income of GLOBEX in 2023").json()
        _ask(client, headers, "tell me a joke")
        entries = _audit_entries(state)
        assert [(e.changes["question"], e.changes["answered"]) for e in entries] == [
            ("net income of GLOBEX in 2023", True),
            ("tell me a joke", False),
        ]
        assert all(e.user_id == user.id for e in entries)
        stored = json.dumps([e.changes for e in entries])
        assert answered["values"][0]["value"] not in stored

    def test_not_understood_suggests(self, client, state, loaded, fixed_today):
        headers = login(client, create_user(state, role="viewer"))
        body = _ask(client, headers, "what's the weather in Paris?").json()
        assert body["understood"] is False and body["answer"].startswith("Sorry")
        assert len(body["suggestions"]) >= 3 and body["chart"] is None and body["values"] == []

    @pytest.mark.parametrize(
        ("payload", "status"),
        [
            ({"question": ""}, 422),
            ({"question": "   "}, 422),
            ({"question": "x" * 1001}, 422),
            ({"question": "revenue", "role": "admin"}, 422),
            ({"question": "revenue", "conversation_id": "../../etc"}, 422),
            ({"question": 12}, 422),
            ({}, 422),
        ],
    )
    def test_bad_input(self, client, state, payload, status):
        headers = login(client, create_user(state, role="viewer"))
        response = client.post(CHAT, json=payload, headers=headers)
        assert response.status_code == status
        assert set(response.json()["error"]) == {"code", "message", "details", "correlation_id"}

    def test_malformed_json(self, client, state):
        headers = login(client, create_user(state, role="viewer"))
        response = client.post(
            CHAT, content=b"{not json", headers={**headers, "Content-Type": "application/json"}
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "malformed_json"

    def test_rate_limited(self, app, client, state, loaded, fixed_today):
        limited = state.settings.model_copy(update={"assistant_rate_limit": "2/minute"})
        app.state.assistant_limiter = QuestionLimiter(limited)
        first, second = create_user(state, role="viewer"), create_user(state, role="viewer")
        headers = login(client, first)
        assert [_ask(client, headers, "revenue in 2024").status_code for _ in range(3)] == [
            200,
            200,
            429,
        ]
        response = _ask(client, headers, "revenue in 2024")
        assert response.json()["error"]["code"] == "assistant_rate_limited"
        assert int(response.headers["Retry-After"]) >= 1
        assert _ask(client, login(client, second), "revenue in 2024").status_code == 200


class TestRestrictedUser:
    """A user who may see only ACME learns nothing about other companies, not even that they
    exist: naming one is declined exactly like naming a company that does not exist."""

    @pytest.fixture
    def headers(self, client, state, loaded, fixed_today):
        return login(client, create_user(state, role="viewer", allowed_companies=["ACME"]))

    def test_other_company_declined_like_unknown(self, client, headers):
        other = _ask(client, headers, "revenue of GLOBEX in 2024").json()
        unknown = _ask(client, headers, "revenue of ZORBO in 2024").json()
        assert other["understood"] is False and other["values"] == [] and other["chart"] is None
        assert other["answer"].replace("GLOBEX", "ZORBO") == unknown["answer"]
        assert other["suggestions"] == unknown["suggestions"]
        assert not _mentions_others(other, allow="GLOBEX")

    @pytest.mark.parametrize(
        "question",
        [
            "top 5 companies",
            "top 5 companies by net income in 2023",
            "share of revenue by company in 2024",
            "revenue in 2024",
            "rank companies by margin",
        ],
    )
    def test_only_own_data(self, client, headers, loaded, question):
        body = _ask(client, headers, question).json()
        assert body["understood"] is True
        assert not _mentions_others(body)
        labels = [v["label"] for v in body["values"]]
        assert "ACME" in labels or question == "revenue in 2024"
        if question == "revenue in 2024":
            acme = cents(measure(loaded, "revenue", companies=("ACME",), period=Y2024))
            assert body["values"][0]["value"] == acme

    def test_compare_with_hidden_company_declined(self, client, headers):
        body = _ask(client, headers, "compare revenue of ACME and GLOBEX by month").json()
        assert body["understood"] is False and body["values"] == []


def _mentions_others(body, allow=None) -> bool:
    text = json.dumps(body)
    if allow:
        text = text.replace(allow, "")
    return any(code in text for code in COMPANIES if code != "ACME")


class TestConfig:
    def test_anonymous(self, client):
        assert client.get("/api/qbusiness/config").status_code == 401

    def test_builtin(self, client, state):
        headers = login(client, create_user(state, role="viewer"))
        body = client.get("/api/qbusiness/config", headers=headers).json()
        assert body["backend"] == "builtin" and body["embed_url"] is None
        assert body["max_question_length"] == 1000 and body["rate_limit"] == "30/minute"
