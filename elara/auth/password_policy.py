"""The password policy: 12 to 128 characters and not a common or trivially varied password.

"Common" is the 30,000 most frequent passwords of public breach corpora as shipped by the
pinned ``zxcvbn`` package (its ``passwords`` frequency list), plus Elara's own short list
of product-specific words; a password is refused when it, or it without trailing digits and
symbols (``liverpool123``), is on the list.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from elara.core.errors import InvalidInput

MIN_LENGTH = 12
MAX_LENGTH = 128
_TRAILING_NOISE = re.compile(r"[\d\W_]+$")


@cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    text = resources.files("elara.auth").joinpath("common-passwords.txt").read_text()
    lines = (line.strip().lower() for line in text.splitlines())
    own = {line for line in lines if line and not line.startswith("#")}
    return frozenset(own | {p.lower() for p in FREQUENCY_LISTS["passwords"]})


def breached_list_size() -> int:
    """How many passwords the policy refuses outright (for the docs and tests)."""
    return len(_common_passwords())


def _is_common(password: str) -> bool:
    lowered = password.lower()
    stripped = _TRAILING_NOISE.sub("", lowered)
    common = _common_passwords()
    return (
        lowered in common
        or stripped in common
        or len(set(lowered)) <= 2
        or (not stripped and len(lowered) >= MIN_LENGTH)
    )


def password_problems(password: str, *, email: str | None = None) -> list[str]:
    """Why a password is not acceptable; empty when it is."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"must be at most {MAX_LENGTH} characters")
    if _is_common(password):
        problems.append("is too common; choose something less predictable")
    if email and email.split("@")[0].lower() in password.lower() and len(email) > 3:
        problems.append("must not contain your email name")
    return problems


def check_password(password: str, *, field: str = "password", email: str | None = None) -> None:
    """Raise InvalidInput naming every problem with the password."""
    problems = password_problems(password, email=email)
    if problems:
        raise InvalidInput(
            "The password does not meet the policy.",
            details=[
                {"field": field, "message": f"Password {p}.", "type": "password_policy"}
                for p in problems
            ],
        )
