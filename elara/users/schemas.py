"""Request bodies of /api/users."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from elara.auth.schemas import UserOut
from elara.core.schemas import CompanyCode, Email, InputModel, OutputModel, Password, PersonName
from elara.models import Role

FullName = PersonName
Companies = Annotated[list[CompanyCode], Field(max_length=1000)]


class UserCreate(InputModel):
    email: Email
    full_name: FullName = ""
    role: Role = Role.viewer
    password: Password | None = None
    allowed_companies: Companies = []


class UserUpdate(InputModel):
    full_name: FullName | None = None
    role: Role | None = None
    is_active: bool | None = None
    allowed_companies: Companies | None = None


class PasswordResetByAdmin(InputModel):
    password: Password | None = None


class UserCreated(OutputModel):
    user: UserOut
    temporary_password: str | None = None
