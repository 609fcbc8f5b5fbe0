"""Delivering a message: SMTP (STARTTLS, AUTH) when a host is set, else the outbox folder."""

from __future__ import annotations

import smtplib
import ssl
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import structlog

from elara.core.config import Settings

log = structlog.get_logger(__name__)


def new_message(settings: Settings, *, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message from the configured sender."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="elara.local")
    message.set_content(body)
    return message


def _send_smtp(settings: Settings, message: EmailMessage) -> None:
    with smtplib.SMTP(
        settings.smtp_host or "localhost", settings.smtp_port, timeout=settings.smtp_timeout_seconds
    ) as smtp:
        smtp.ehlo()
        if settings.smtp_starttls:
            cafile = str(settings.smtp_ca_file) if settings.smtp_ca_file else None
            context = ssl.create_default_context(cafile=cafile)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.smtp_username:
            password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
            smtp.login(settings.smtp_username, password)
        smtp.send_message(message)


def _write_outbox(settings: Settings, message: EmailMessage) -> Path:
    folder = settings.outbox_dir
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    path.chmod(0o600)
    return path


def deliver(settings: Settings, message: EmailMessage) -> bool:
    """Send or store one message; a failure is logged (never raised) and returns False."""
    kind = "smtp" if settings.smtp_host else "outbox"
    try:
        if settings.smtp_host:
            _send_smtp(settings, message)
        else:
            _write_outbox(settings, message)
    except (OSError, smtplib.SMTPException) as exc:
        log.error(
            "email_failed",
            transport=kind,
            error_type=type(exc).__name__,
            subject=message["Subject"],
        )
        return False
    log.info("email_sent", transport=kind, subject=message["Subject"])
    return True


# Mail goes out on its own threads, never on the request's connection: a slow SMTP server must
# neither slow a response nor (on a keep-alive connection) the next one, which would reveal
# whether a password-reset address exists.
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="elara-mail")
_pending: set[Future[object]] = set()
_pending_lock = threading.Lock()


def send_in_background(action: Callable[..., object], /, *args: object, **kwargs: object) -> None:
    """Run a send function on the mail threads; failures are logged by `deliver`."""
    future = _executor.submit(action, *args, **kwargs)
    with _pending_lock:
        _pending.add(future)
    future.add_done_callback(_forget)


def _forget(future: Future[object]) -> None:
    with _pending_lock:
        _pending.discard(future)
    if future.exception() is not None:
        log.error("email_task_failed", error_type=type(future.exception()).__name__)


def wait_for_pending(timeout: float = 10.0) -> None:
    """Block until queued messages are sent (for tests and orderly shutdown)."""
    with _pending_lock:
        pending = list(_pending)
    wait_futures(pending, timeout=timeout)
