"""Security monitoring of request input: script-like or SQL-injection-like values are
logged and counted as security events, never altered or refused.

Values are kept exactly: `Sales <EU>` is an account name, not an attack. Safety
comes from parameterised SQL and output escaping (the web app writes text with
``textContent``); field rules (e.g. no control characters in a person's name)
are types on the schemas. Only the JSON *structure* is checked here, because the
parsers behind it fail on it: nesting deeper than ``MAX_JSON_DEPTH`` and text
with unpaired surrogates are answered 422 before any route sees them.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from elara.security.events import record_security_event

MAX_JSON_DEPTH = 64
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
# Markup that runs script in a browser, not any text between angle brackets.
_SCRIPT_LIKE = re.compile(
    r"(?i)<\s*/?\s*(script|iframe|object|embed|svg|math|img|image|video|audio|source|link|meta"
    r"|style|base|form|input|button|textarea|select|details|marquee|frame|frameset|body|html"
    r"|template|noscript|a)\b"
    r"|<!--|\bon[a-z]{3,}\s*=|\bjavascript\s*:|\bvbscript\s*:|\bdata\s*:\s*text/html|\bsrcdoc\s*="
)
_SQLI = re.compile(
    r"(?i)(\bunion\b\s+(all\s+)?select\b|\b(or|and)\b\s+['\"]?\w+['\"]?\s*=\s*['\"]?\w+"
    r"|;\s*(drop|delete|insert|update|alter|truncate|exec)\b|'\s*(or|and)\s+'|'\s*--"
    r"|\bsleep\s*\(\s*\d|\bbenchmark\s*\(|\binformation_schema\b|\bxp_cmdshell\b)"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def looks_like_html(text: str) -> bool:
    """True for markup a browser could run (tags, handlers, script URLs), entity-encoded too."""
    return bool(_SCRIPT_LIKE.search(text)) or (
        "&" in text and bool(_SCRIPT_LIKE.search(html.unescape(text)))
    )


def looks_like_sqli(text: str) -> bool:
    return bool(_SQLI.search(text))


class BadStructure(ValueError):
    """The JSON document cannot be handled safely (too deep, not Unicode)."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def json_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest, counted on the bytes (strings skipped)."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return 0  # cannot nest deeper than the limit: skip the byte-by-byte scan
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                return deepest
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _strings(document: Any) -> list[tuple[str, str, str]]:
    """(field name, location, value) of every string in the document, without recursion."""
    found: list[tuple[str, str, str]] = []
    stack: list[tuple[Any, str, str]] = [(document, "", "body")]
    while stack:
        value, field, where = stack.pop()
        if isinstance(value, str):
            found.append((field, where, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                found.append(("", f"{where}.{key}", str(key)))  # keys are text too
                stack.append((item, str(key), f"{where}.{key}"))
        elif isinstance(value, list):
            stack.extend((item, field, f"{where}.{i}") for i, item in enumerate(value))
    return found


def inspect_body(raw: bytes, *, path: str) -> None:
    """Count script- or SQL-injection-looking values; raise BadStructure for unusable JSON."""
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise BadStructure(
            "json_too_deep", f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels."
        )
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return  # the route answers 400 malformed_json
    xss: list[str] = []
    sqli: list[str] = []
    for field, where, value in _strings(document):
        if _SURROGATE.search(value):
            raise BadStructure(
                "invalid_text", f"{where.removeprefix('body.')}: the text is not valid Unicode."
            )
        if field in SECRET_FIELDS:
            continue
        if looks_like_sqli(value):
            sqli.append(where)
        if looks_like_html(value):
            xss.append(where)
    if sqli:
        record_security_event("sqli_attempt", path=path, fields=sqli[:10])
    if xss:
        record_security_event("xss_attempt", path=path, fields=xss[:10])


def inspect_query(query: str, *, path: str) -> None:
    """Count XSS- or SQL-injection-looking query strings (parameters are bound, never spliced)."""
    from urllib.parse import parse_qsl

    values = [value for _, value in parse_qsl(query, keep_blank_values=True)]
    if any(looks_like_html(value) for value in values):
        record_security_event("xss_attempt", path=path, where="query")
    if any(looks_like_sqli(value) for value in values):
        record_security_event("sqli_attempt", path=path, where="query")
