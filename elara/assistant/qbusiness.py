"""Amazon Q Business: one `chat_sync` call per question, with the user's identity, bounded
retries and AWS errors turned into Elara's error body.

Identity: the bundled `qbusiness` service model (botocore 1.44) still accepts `userId` (a query
parameter) on `ChatSync`; Elara sends the signed-in user's email there, so Q Business applies that
user's document permissions. Applications created for IAM Identity Center identity-aware
sessions reject `userId` and need per-user identity-aware credentials (a trusted token issuer and
`sts:AssumeRole` with provided contexts), which Elara does not implement; use the embedded web
experience for those (docs/assistant.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)

from elara.core.config import Settings
from elara.core.errors import ElaraError

CONNECT_TIMEOUT_SECONDS = 5
MAX_ATTEMPTS = 3


class QBusinessError(ElaraError):
    """Amazon Q Business could not answer; the question's audit entry is kept."""

    status_code = 502
    code = "assistant_upstream_error"
    message = "Amazon Q Business could not answer the question."
    keep_changes = True


class QBusinessThrottled(QBusinessError):
    status_code = 429
    code = "assistant_throttled"
    message = "Amazon Q Business is receiving too many questions; try again in a moment."


class QBusinessDenied(QBusinessError):
    status_code = 403
    code = "assistant_access_denied"
    message = "Amazon Q Business refused the question for this user or application."


class QBusinessInvalid(QBusinessError):
    status_code = 422
    code = "assistant_invalid_request"
    message = "Amazon Q Business did not accept the question (or the conversation is unknown)."


class QBusinessTimeout(QBusinessError):
    status_code = 504
    code = "assistant_timeout"
    message = "Amazon Q Business did not answer in time."


_BY_AWS_CODE: dict[str, type[QBusinessError]] = {
    "ThrottlingException": QBusinessThrottled,
    "AccessDeniedException": QBusinessDenied,
    "LicenseNotFoundException": QBusinessDenied,
    "ValidationException": QBusinessInvalid,
    "ResourceNotFoundException": QBusinessInvalid,
    "ConflictException": QBusinessInvalid,
}


@dataclass(frozen=True)
class QReply:
    """Q Business's answer and the ids that continue the conversation."""

    text: str
    conversation_id: str | None
    parent_message_id: str | None
    sources: list[dict[str, str]] = field(default_factory=list)


def build_client(settings: Settings) -> Any:
    """A `qbusiness` client with bounded retries and time-outs (credentials: the AWS chain)."""
    config = Config(
        # total_max_attempts counts the first call; botocore's "max_attempts" would allow 4 calls.
        retries={"total_max_attempts": MAX_ATTEMPTS, "mode": "standard"},
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=settings.qbusiness_timeout_seconds,
        user_agent_appid="elara",
    )
    return boto3.session.Session().client(
        "qbusiness", region_name=settings.qbusiness_region, config=config
    )


def ask(
    client: Any,
    *,
    application_id: str,
    user_id: str,
    question: str,
    conversation_id: str | None = None,
    parent_message_id: str | None = None,
) -> QReply:
    """Send one question as the given user; raises a `QBusinessError` subclass on failure."""
    params: dict[str, Any] = {
        "applicationId": application_id,
        "userId": user_id,
        "userMessage": question,
    }
    if conversation_id:
        params["conversationId"] = conversation_id
        if parent_message_id:
            params["parentMessageId"] = parent_message_id
    try:
        response = client.chat_sync(**params)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        raise _BY_AWS_CODE.get(code, QBusinessError)(details=[{"aws_error": code}]) from exc
    except (
        ReadTimeoutError,
        ConnectTimeoutError,
        EndpointConnectionError,
        BotoConnectionError,
    ) as exc:
        raise QBusinessTimeout(details=[{"aws_error": type(exc).__name__}]) from exc
    except BotoCoreError as exc:
        raise QBusinessError(details=[{"aws_error": type(exc).__name__}]) from exc
    return _reply(response)


def _reply(response: dict[str, Any]) -> QReply:
    sources = [
        {"title": str(item.get("title") or ""), "url": str(item.get("url") or "")}
        for item in response.get("sourceAttributions") or []
    ]
    return QReply(
        text=str(response.get("systemMessage") or ""),
        conversation_id=response.get("conversationId"),
        parent_message_id=response.get("systemMessageId"),
        sources=sources,
    )


def embed_origin(settings: Settings) -> str | None:
    """The origin of the web experience, for the CSP's `frame-src` (None when not configured)."""
    url = settings.qbusiness_web_experience_url
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
