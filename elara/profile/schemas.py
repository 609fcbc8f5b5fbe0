"""Request and response bodies of /api/profile."""

from __future__ import annotations

from datetime import datetime

from elara.core.schemas import Email, InputModel, OutputModel, Password
from elara.users.schemas import FullName


class ProfileUpdate(InputModel):
    full_name: FullName | None = None
    email: Email | None = None
    current_password: Password | None = None


class PasswordChange(InputModel):
    current_password: Password
    new_password: Password


class SessionOut(OutputModel):
    id: int
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    ip: str | None
    user_agent: str | None
    current: bool = False
