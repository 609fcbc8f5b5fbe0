"""The Amazon Q Business path: requests checked against the real service model by botocore's
Stubber, errors turned into Elara's error body, bounded retries on time-outs. No network."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from botocore.exceptions import ReadTimeoutError
from botocore.stub import Stubber
from fastapi.testclient import TestClient
from sqlalchemy import select

from elara.assistant import qbusiness
from elara.audit.events import Action
from elara.gateway import create_app
from elara.models import AuditEntry
from tests.factories import create_user, login

APP_ID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
CONVERSATION = "c0c0c0c0-1111-4222-8333-444455556666"
SYSTEM_MESSAGE = "5e5e5e5e-aaaa-4bbb-8ccc-dddddddddddd"
SECOND_MESSAGE = "6f6f6f6f-aaaa-4bbb-8ccc-dddddddddddd"
USER_MESSAGE = "7a7a7a7a-aaaa-4bbb-8ccc-dddddddddddd"
EMBED = "https://abcd1234.chat.qbusiness.us-east-1.on.aws/"
CHAT = "/api/qbusiness/chat"


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dummy credentials so the real client can sign requests; nothing is ever sent."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def q_settings(settings):
    return settings.model_copy(
        update={
            "qbusiness_application_id": APP_ID,
            "qbusiness_region": "us-east-1",
            "qbusiness_web_experience_url": EMBED,
            "qbusiness_timeout_seconds": 2.0,
        }
    )


@pytest.fixture
def q_client(q_settings, aws_env):
    return qbusiness.build_client(q_settings)


@pytest.fixture
def q_http(state, q_settings, q_client) -> Iterator[tuple[TestClient, object]]:
    app = create_app(state=replace(state, settings=q_settings))
    app.state.qbusiness_client = q_client
    with TestClient(app) as http:
        yield http, q_client


def _reply(message: str, message_id: str = SYSTEM_MESSAGE) -> dict:
    return {
        "conversationId": CONVERSATION,
        "systemMessage": message,
        "systemMessageId": message_id,
        "userMessageId": USER_MESSAGE,
        "sourceAttributions": [{"title": "FY24 report", "url": "https://example.com/fy24"}],
    }


class TestConfig:
    def test_qbusiness_active(self, q_http, state):
        http, _ = q_http
        headers = login(http, create_user(state, role="viewer"))
        body = http.get("/api/qbusiness/config", headers=headers).json()
        assert body["backend"] == "qbusiness" and body["region"] == "us-east-1"
        assert body["embed_url"] == EMBED
        assert body["embed_origin"] == "https://abcd1234.chat.qbusiness.us-east-1.on.aws"

    def test_embed_url_must_be_https(self, settings):
        with pytest.raises(ValueError, match="https"):
            type(settings)(
                **{**settings.model_dump(), "qbusiness_web_experience_url": "http://example.com"}
            )


class TestChat:
    def test_conversation_with_user_identity(self, q_http, state):
        http, client = q_http
        user = create_user(state, role="analyst")
        headers = login(http, user)
        with Stubber(client) as stub:
            stub.add_response(
                "chat_sync",
                _reply("Revenue grew 12%."),
                {
                    "applicationId": APP_ID,
                    "userId": user.email,
                    "userMessage": "How did revenue develop?",
                },
            )
            stub.add_response(
                "chat_sync",
                _reply("By 3%.", SECOND_MESSAGE),
                {
                    "applicationId": APP_ID,
                    "userId": user.email,
                    "userMessage": "And costs?",
                    "conversationId": CONVERSATION,
                    "parentMessageId": SYSTEM_MESSAGE,
                },
            )
            first = http.post(
                CHAT, json={"question": "How did revenue develop?"}, headers=headers
            ).json()
            second = http.post(
                CHAT,
                json={
                    "question": "And costs?",
                    "conversation_id": first["conversation_id"],
                    "parent_message_id": first["parent_message_id"],
                },
                headers=headers,
            ).json()
            stub.assert_no_pending_responses()
        assert first["backend"] == "qbusiness" and first["answer"] == "Revenue grew 12%."
        assert first["conversation_id"] == CONVERSATION
        assert first["parent_message_id"] == SYSTEM_MESSAGE
        assert first["sources"] == [{"title": "FY24 report", "url": "https://example.com/fy24"}]
        assert second["answer"] == "By 3%." and second["parent_message_id"] == SECOND_MESSAGE

    @pytest.mark.parametrize(
        ("aws_code", "aws_status", "status", "code"),
        [
            ("ThrottlingException", 429, 429, "assistant_throttled"),
            ("AccessDeniedException", 403, 403, "assistant_access_denied"),
            ("ValidationException", 400, 422, "assistant_invalid_request"),
            ("ResourceNotFoundException", 404, 422, "assistant_invalid_request"),
            ("InternalServerException", 500, 502, "assistant_upstream_error"),
        ],
    )
    def test_aws_errors(self, q_http, state, aws_code, aws_status, status, code):
        http, client = q_http
        headers = login(http, create_user(state, role="viewer"))
        with Stubber(client) as stub:
            stub.add_client_error(
                "chat_sync",
                service_error_code=aws_code,
                service_message="no",
                http_status_code=aws_status,
            )
            response = http.post(CHAT, json={"question": "revenue?"}, headers=headers)
        assert response.status_code == status
        error = response.json()["error"]
        assert error["code"] == code and error["details"] == [{"aws_error": aws_code}]
        assert error["correlation_id"]
        entries = _audit(state)
        assert [(e.changes["answered"], e.changes["error"], e.outcome) for e in entries] == [
            (False, code, "failure")
        ]

    def test_timeouts_are_retried_then_504(self, q_http, state):
        http, client = q_http
        attempts = []

        def time_out(request, **_):
            attempts.append(request.url)
            raise ReadTimeoutError(endpoint_url=request.url)

        client.meta.events.register("before-send.qbusiness.ChatSync", time_out)
        headers = login(http, create_user(state, role="viewer"))
        response = http.post(CHAT, json={"question": "revenue?"}, headers=headers)
        assert response.status_code == 504
        assert response.json()["error"]["code"] == "assistant_timeout"
        assert len(attempts) == qbusiness.MAX_ATTEMPTS
        assert f"/applications/{APP_ID}/conversations" in attempts[0]

    def test_bad_conversation_id_rejected_before_aws(self, q_http, state):
        http, client = q_http
        headers = login(http, create_user(state, role="viewer"))
        with Stubber(client) as stub:  # no response queued: any AWS call would fail the test
            response = http.post(
                CHAT, json={"question": "hi", "conversation_id": "a/b"}, headers=headers
            )
            stub.assert_no_pending_responses()
        assert response.status_code == 422


def test_client_is_bounded(q_client):
    config = q_client.meta.config
    assert config.retries == {"total_max_attempts": 3, "mode": "standard"}
    assert config.connect_timeout == qbusiness.CONNECT_TIMEOUT_SECONDS
    assert config.read_timeout == 2.0
    assert q_client.meta.region_name == "us-east-1"


def _audit(state):
    with state.db.transaction() as session:
        return session.scalars(
            select(AuditEntry).where(AuditEntry.action == Action.assistant_question.value)
        ).all()
