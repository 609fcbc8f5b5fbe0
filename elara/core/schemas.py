"""Schema building blocks shared by every domain."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Generic, TypeVar

from fastapi import Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

_EMAIL = re.compile(r"^[^@\s<>\"']{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251})\.[A-Za-z0-9-]{2,63}$")


def _normalise_email(value: str) -> str:
    value = value.strip().lower()
    if not _EMAIL.match(value) or ".." in value:
        raise ValueError("is not a valid email address")
    return value


Email = Annotated[
    str, StringConstraints(min_length=3, max_length=254), AfterValidator(_normalise_email)
]
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
CompanyCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


# Dates Elara accepts anywhere in the API: wide enough for any ledger, narrow enough
# that date arithmetic (a year before, a month after) never leaves Python's range.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2200, 12, 31)


def _check_date(value: date) -> date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"must be between {MIN_DATE} and {MAX_DATE}")
    return value


BoundedDate = Annotated[date, AfterValidator(_check_date)]


def _printable(value: str) -> str:
    """Refuse control, format (zero-width, bidi) and unpaired-surrogate characters."""
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise ValueError(f"contains an invisible or control character (U+{ord(char):04X})")
    return value


# A person's name: printable text only (the web app shows it as text, never as HTML).
PersonName = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_printable)
]


class InputModel(BaseModel):
    """Request bodies refuse unknown fields, so nobody can slip in `role` or `is_active`."""

    model_config = ConfigDict(extra="forbid", str_max_length=10_000)


class OutputModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


T = TypeVar("T")


class Page(OutputModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


PageNumber = Annotated[int, Field(ge=1, le=1_000_000)]
PageSize = Annotated[int, Field(ge=1, le=500)]

# Ids in paths are bounded so an absurd number is a 422, not a database overflow.
MAX_ID = 2**63 - 1
EntityId = Annotated[int, Path(ge=1, le=MAX_ID)]
