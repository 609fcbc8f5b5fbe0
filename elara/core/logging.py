"""Structured JSON logs: stdout and a rotating file, with secrets redacted from every line.

Every line carries timestamp, level, service, correlation_id (bound by the correlation
middleware) and user_id (bound once the caller is known).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from collections.abc import Mapping
from typing import Any, TextIO

import structlog
from structlog.types import EventDict, Processor

from elara.core.config import Settings
from elara.core.context import request_notes_var

REDACTED = "[REDACTED]"
_SENSITIVE_KEY = re.compile(
    r"pass(word|wd|phrase)?$|passwd|password|token|secret|authorization|cookie|api[_-]?key"
    r"|private[_-]?key|credential|backup_key",
    re.IGNORECASE,
)
# Values that look like credentials even under an innocent key.
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}")
_URL_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")
_SERVICE = {"name": "gateway"}
_HANDLER_MARK = "_elara_handler"
_KEEP = frozenset({"event", "level", "timestamp", "service", "correlation_id", "user_id"})


def is_sensitive_key(key: object) -> bool:
    """Whether a field name suggests a credential (password, token, secret, cookie, ...)."""
    return isinstance(key, str) and key not in _KEEP and bool(_SENSITIVE_KEY.search(key))


def _mask_text(text: str) -> str:
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _JWT.sub(REDACTED, text)
    return _URL_PASSWORD.sub(rf"\1{REDACTED}@", text)


def redact_value(value: Any, depth: int = 0) -> Any:
    """A copy of value with sensitive keys masked at any depth and credentials masked in text."""
    if depth > 8:
        return value
    if isinstance(value, Mapping):
        return {
            k: REDACTED if is_sensitive_key(k) else redact_value(v, depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple | set):
        return [redact_value(item, depth + 1) for item in value]
    if isinstance(value, str):
        return _mask_text(value)
    return value


def redact_processor(_: Any, __: str, event_dict: EventDict) -> EventDict:
    """structlog processor: never let a password, token or secret reach a log line."""
    return redact_value(event_dict)  # type: ignore[no-any-return,unused-ignore]


def _add_service(_: Any, __: str, event_dict: EventDict) -> EventDict:
    event_dict.setdefault("service", _SERVICE["name"])
    return event_dict


def _add_request_user(_: Any, __: str, event_dict: EventDict) -> EventDict:
    # The user is learnt in a dependency that ran in another thread's copy of the context;
    # the request's shared notes carry it to every later line of the request.
    notes = request_notes_var.get()
    if notes is not None and notes.user_id is not None:
        event_dict.setdefault("user_id", notes.user_id)
    return event_dict


class _ConsoleHandler(logging.StreamHandler):
    """Writes to whatever sys.stdout/sys.stderr is at the time (test runners swap them)."""

    def __init__(self, name: str) -> None:
        self._stream_name = name
        super().__init__()

    @property
    def stream(self) -> TextIO:
        return getattr(sys, self._stream_name)

    @stream.setter
    def stream(self, _: object) -> None:
        pass


def _shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        _add_service,
        _add_request_user,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
        structlog.stdlib.ExtraAdder(),
    ]


def _formatter() -> logging.Formatter:
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared_processors(),
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            redact_processor,
            structlog.processors.JSONRenderer(default=str),
        ],
    )


def _handlers(settings: Settings, stream: str) -> list[logging.Handler]:
    handlers: list[logging.Handler] = [_ConsoleHandler(stream)]
    if settings.log_file:
        settings.log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                settings.log_file,
                maxBytes=settings.log_max_bytes,
                backupCount=settings.log_backup_count,
                encoding="utf-8",
            )
        )
    return handlers


def configure_logging(
    settings: Settings, *, service: str = "gateway", stream: str = "stdout"
) -> None:
    """Route structlog and stdlib logging to JSON on stdout (or stderr) and the rotating file."""
    _SERVICE["name"] = service
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_shared_processors(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
        old.close()
    formatter = _formatter()
    for handler in _handlers(settings, stream):
        setattr(handler, _HANDLER_MARK, True)
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    # We write one line per request ourselves; uvicorn's access log would duplicate it.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("uvicorn.access").propagate = False
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    # Alembic narrates every plugin it loads at INFO; a newcomer only needs its warnings.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # Huey logs every task it enqueues, runs and finishes at INFO: one upload is a dozen lines
    # that say nothing our own upload log does not. Its warnings and errors still come through.
    logging.getLogger("huey").setLevel(logging.WARNING)
