"""Typed audit events, emitted after the change they describe has been made."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from elara.core.actor import Actor as Actor  # re-exported: audit events name their actor


class Action(StrEnum):
    login = "auth.login"
    login_failed = "auth.login_failed"
    lockout = "auth.lockout"
    logout = "auth.logout"
    refresh_reuse = "auth.refresh_reuse"
    password_change = "auth.password_change"
    password_reset_request = "auth.password_reset_request"
    password_reset = "auth.password_reset"
    session_revoke = "auth.session_revoke"
    user_create = "user.create"
    user_update = "user.update"
    user_deactivate = "user.deactivate"
    user_password_reset = "user.password_reset"
    profile_update = "profile.update"
    dataset_upload = "dataset.upload"
    dataset_append = "dataset.append"
    dataset_replace = "dataset.replace"
    dataset_delete = "dataset.delete"
    dataset_update = "dataset.update"
    upload_rollback = "dataset.upload_rollback"
    recipe_create = "recipe.create"
    recipe_rename = "recipe.rename"
    recipe_delete = "recipe.delete"
    records_export = "records.export"
    assistant_question = "assistant.question"
    setting_change = "settings.change"
    access_denied = "security.access_denied"
    audit_export = "audit.export"
    audit_verify = "audit.verify"
    outbox_read = "admin.outbox_read"
    view_create = "view.create"
    view_update = "view.update"
    view_delete = "view.delete"
    view_default = "view.default"
    subscription_create = "subscription.create"
    subscription_update = "subscription.update"
    subscription_delete = "subscription.delete"
    subscription_send = "subscription.send"
    alert_create = "alert.create"
    alert_update = "alert.update"
    alert_delete = "alert.delete"
    alert_test = "alert.test"
    alert_breach = "alert.breach"


@dataclass(frozen=True)
class AuditEvent:
    action: Action | str
    entity_type: str | None = None
    entity_id: str | int | None = None
    changes: dict[str, Any] | None = None
    outcome: str = "success"
    extra: dict[str, Any] = field(default_factory=dict)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Before/after pairs of the fields that changed."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
