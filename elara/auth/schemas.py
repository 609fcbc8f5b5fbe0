"""Request and response bodies of /api/auth."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import StringConstraints

from elara.core.schemas import Email, InputModel, OutputModel, Password


class LoginRequest(InputModel):
    email: Email
    password: Password


class UserOut(OutputModel):
    id: int
    email: str
    full_name: str
    role: str
    is_active: bool
    allowed_companies: list[str]
    created_at: datetime
    updated_at: datetime
    last_login_at: datetime | None = None
    locked_until: datetime | None = None
    must_change_password: bool = False


class TokenOut(OutputModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    user: UserOut


class MessageOut(OutputModel):
    message: str


class PasswordResetRequest(InputModel):
    email: Email


class PasswordResetConfirm(InputModel):
    token: Annotated[str, StringConstraints(min_length=16, max_length=256)]
    new_password: Password
