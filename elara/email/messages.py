"""The messages Elara sends: password reset, account created, upload result, security alert."""

from __future__ import annotations

from elara.core.config import Settings
from elara.email.mailer import deliver, new_message


def base_url(settings: Settings) -> str:
    """Where users reach Elara: ELARA_PUBLIC_URL, else the host and port it serves on."""
    if settings.public_url:
        return settings.public_url.rstrip("/")
    return f"http://{settings.host}:{settings.port}"


def send_password_reset(settings: Settings, *, to: str, token: str, minutes: int) -> bool:
    """The reset link, valid for `minutes`, single use."""
    link = f"{base_url(settings)}/#/reset?token={token}"
    body = (
        "Someone asked to reset the password of your Elara account.\n\n"
        f"Choose a new password here (the link works once, for {minutes} minutes):\n{link}\n\n"
        "If it was not you, ignore this message; your password stays as it is.\n"
    )
    return deliver(
        settings, new_message(settings, to=to, subject="Reset your Elara password", body=body)
    )


def send_account_created(settings: Settings, *, to: str, full_name: str, role: str) -> bool:
    """Tell a new user where to sign in (never the password itself)."""
    greeting = f"Hello {full_name}," if full_name else "Hello,"
    body = (
        f"{greeting}\n\nAn Elara account with the role {role} was created for {to}.\n"
        f"Sign in at {base_url(settings)}/ — your administrator gives you the first password, "
        f"or use 'Forgot password' to choose one.\n"
    )
    return deliver(settings, new_message(settings, to=to, subject="Your Elara account", body=body))


def send_upload_result(
    settings: Settings,
    *,
    to: str,
    filename: str,
    succeeded: bool,
    dataset_id: int | None = None,
    rows: int | None = None,
    error_count: int | None = None,
    detail: str | None = None,
) -> bool:
    """Tell the uploader that an upload finished (with row count) or failed (with why)."""
    if succeeded:
        subject = f"Upload finished: {filename}"
        lines = [f"Your file {filename} was loaded."]
        if rows is not None:
            lines.append(f"Rows stored: {rows}.")
    else:
        subject = f"Upload failed: {filename}"
        lines = [f"Your file {filename} could not be loaded; nothing was stored."]
        if error_count:
            lines.append(f"Problems found: {error_count}.")
    if detail:
        lines.append(detail)
    if dataset_id is not None:
        lines.append(f"See {base_url(settings)}/#/datasets/{dataset_id}")
    return deliver(
        settings, new_message(settings, to=to, subject=subject, body="\n".join(lines) + "\n")
    )


def send_security_alert(
    settings: Settings, *, to: list[str], kind: str, count: int, window_seconds: int
) -> bool:
    """Warn admins that a kind of security event passed its threshold."""
    if not to:
        return False
    body = (
        f"Elara recorded {count} security events of kind '{kind}' in the last "
        f"{window_seconds} seconds. Check the audit trail and the logs.\n"
    )
    message = new_message(
        settings, to=", ".join(to), subject=f"Elara security alert: {kind}", body=body
    )
    return deliver(settings, message)
