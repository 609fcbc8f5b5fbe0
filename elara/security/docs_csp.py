"""A narrow CSP for the developer API docs (Swagger UI), which are off in production.

Swagger UI loads from a CDN and starts with one inline script; instead of `unsafe-inline`,
the policy allows exactly that script by its SHA-256, on the docs paths only.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html

CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def script_hashes(html: str) -> list[str]:
    """CSP source expressions for every inline script of a page."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    ]


def _policy(hashes: list[str]) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {CDN} {' '.join(hashes)}".strip(),
            f"style-src 'self' {CDN}",
            "img-src 'self' data: https://fastapi.tiangolo.com",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def docs_policies(app: FastAPI) -> dict[str, str]:
    """Path -> CSP for the docs pages, matching what FastAPI renders there."""
    if not (app.docs_url and app.openapi_url):
        return {}
    page = bytes(
        get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=app.swagger_ui_oauth2_redirect_url,
            init_oauth=app.swagger_ui_init_oauth,
            swagger_ui_parameters=app.swagger_ui_parameters,
        ).body
    ).decode()
    policies = {app.docs_url: _policy(script_hashes(page))}
    if app.swagger_ui_oauth2_redirect_url:
        redirect = bytes(get_swagger_ui_oauth2_redirect_html().body).decode()
        policies[app.swagger_ui_oauth2_redirect_url] = _policy(script_hashes(redirect))
    return policies
