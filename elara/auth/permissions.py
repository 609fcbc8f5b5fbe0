"""The one map from roles to what they may do."""

from __future__ import annotations

from enum import StrEnum

from elara.models.user import Role


class Permission(StrEnum):
    profile = "profile"
    dashboard_read = "dashboard:read"
    datasets_read = "datasets:read"
    datasets_write = "datasets:write"
    datasets_manage_all = "datasets:manage_all"
    recipes_write = "recipes:write"  # save, list, rename, delete one's own import recipes
    recipes_manage_all = "recipes:manage_all"
    records_export = "records:export"
    users_manage = "users:manage"
    audit_read = "audit:read"
    health_read = "health:read"
    settings_manage = "settings:manage"
    assistant_use = "assistant:use"
    # Subscriptions and alerts sent to oneself; `share` adds other users as recipients.
    subscriptions_write = "subscriptions:write"
    subscriptions_share = "subscriptions:share"


_VIEWER = {
    Permission.profile,
    Permission.dashboard_read,
    Permission.datasets_read,
    Permission.records_export,
    Permission.assistant_use,
    Permission.subscriptions_write,
}
_ANALYST = _VIEWER | {
    Permission.datasets_write,
    Permission.recipes_write,
    Permission.subscriptions_share,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.viewer: frozenset(_VIEWER),
    Role.analyst: frozenset(_ANALYST),
    Role.admin: frozenset(Permission),
}


def has_permission(role: str, permission: Permission) -> bool:
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
