"""Input sanitisation of JSON bodies: HTML in text fields is refused or neutralised with nh3.

Per field type: secrets (passwords, tokens) are never touched; free-text fields (descriptions,
notes, questions) are neutralised to plain text; every other string (names, emails, codes,
filters) is refused with `422 unsafe_input`. Multipart uploads and other bodies pass untouched,
so uploaded financial records are never altered. Each attempt is a security event.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import nh3

from elara.security.events import record_security_event

SECRET_FIELDS = frozenset(
    {
        "password",
        "current_password",
        "new_password",
        "token",
        "refresh_token",
        "access_token",
        "temporary_password",
    }
)
FREE_TEXT_FIELDS = frozenset(
    {"description", "note", "notes", "comment", "question", "message", "body", "text"}
)
_TAG_START = re.compile(r"<[A-Za-z!/?]")
_SQLI = re.compile(
    r"(?i)(\bunion\b\s+(all\s+)?select\b|\b(or|and)\b\s+['\"]?\w+['\"]?\s*=\s*['\"]?\w+"
    r"|;\s*(drop|delete|insert|update|alter|truncate|exec)\b|'\s*(or|and)\s+'|'\s*--"
    r"|\bsleep\s*\(\s*\d|\bbenchmark\s*\(|\binformation_schema\b|\bxp_cmdshell\b)"
)


def looks_like_html(text: str) -> bool:
    """True for markup (tags, comments, entity-encoded tags) a browser could run."""
    return (
        nh3.is_html(text)
        or bool(_TAG_START.search(text))
        or bool(_TAG_START.search(html.unescape(text)))
    )


def looks_like_sqli(text: str) -> bool:
    return bool(_SQLI.search(text))


def neutralise(text: str) -> str:
    """The text with every tag removed, as plain text (nh3 with no tags allowed)."""
    for _ in range(3):
        text = html.unescape(nh3.clean(text, tags=set(), strip_comments=True))
        if not looks_like_html(text):
            return text
    return nh3.clean(text, tags=set())


class Findings:
    def __init__(self) -> None:
        self.refused: list[str] = []
        self.neutralised: list[str] = []
        self.sqli: list[str] = []


def _clean_string(value: str, field: str | None, where: str, found: Findings) -> str:
    if field in SECRET_FIELDS:
        return value
    if looks_like_sqli(value):
        found.sqli.append(where)
    if not looks_like_html(value):
        return value
    if field in FREE_TEXT_FIELDS:
        found.neutralised.append(where)
        return neutralise(value)
    found.refused.append(where)
    return value


def clean_json(value: Any, found: Findings, field: str | None = None, where: str = "") -> Any:
    """A copy of a parsed JSON document with free-text fields neutralised; notes findings."""
    if isinstance(value, str):
        return _clean_string(value, field, where or "body", found)
    if isinstance(value, list):
        return [
            clean_json(item, found, field, f"{where}.{i}".lstrip("."))
            for i, item in enumerate(value)
        ]
    if isinstance(value, dict):
        return {
            key: clean_json(item, found, str(key), f"{where}.{key}".lstrip("."))
            for key, item in value.items()
        }
    return value


def inspect_body(raw: bytes, *, path: str) -> tuple[bytes | None, list[str]]:
    """(new body or None when unchanged, fields refused) for a JSON request body."""
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None, []  # the route answers 400 malformed_json
    found = Findings()
    cleaned = clean_json(document, found)
    if found.sqli:
        record_security_event("sqli_attempt", path=path, fields=found.sqli[:10])
    if found.refused or found.neutralised:
        record_security_event(
            "xss_attempt", path=path, refused=found.refused[:10], neutralised=found.neutralised[:10]
        )
    if found.refused:
        return None, found.refused
    if found.neutralised:
        return json.dumps(cleaned, ensure_ascii=False).encode(), []
    return None, []


def inspect_query(query: str, *, path: str) -> None:
    """Count XSS- or SQL-injection-looking query strings (parameters are bound, never spliced)."""
    from urllib.parse import parse_qsl

    values = [value for _, value in parse_qsl(query, keep_blank_values=True)]
    if any(looks_like_html(value) for value in values):
        record_security_event("xss_attempt", path=path, where="query")
    if any(looks_like_sqli(value) for value in values):
        record_security_event("sqli_attempt", path=path, where="query")
