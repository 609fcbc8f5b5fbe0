"""Company codes in one normal form, so `acme`, ` ACME ` and full-width ACME are one company.

A code is stored NFKC-normalised and trimmed, spelled the way it was first seen
(``display``), and matched case-insensitively (``match_key``). Invisible and
control characters are refused: `AC\u200bME` must not pass for ACME.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Format (Cf: zero-width, bidi controls), control (Cc), separators other than a space,
# unassigned and private-use characters have no place in a company code.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
COMPANY_LIMIT = 64  # the longest code the database holds (``company_code`` columns)


def normal_form(code: str) -> str:
    """The code as stored: NFKC-normalised and trimmed."""
    return unicodedata.normalize("NFKC", code).strip()


def match_key(code: str) -> str:
    """What two spellings of one company have in common."""
    return normal_form(code).casefold()


def code_problem(code: str) -> str | None:
    """Why ``code`` cannot be a company code (None when it can)."""
    for char in normal_form(code):
        category = unicodedata.category(char)
        if category in _REFUSED_CATEGORIES or (category == "Zs" and char != " "):
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            return f"the company code contains an invisible or control character ({name})"
    return None


def keys_of(codes: Iterable[str]) -> frozenset[str]:
    """Match keys of several codes (e.g. a user's allowed companies)."""
    return frozenset(match_key(c) for c in codes)
