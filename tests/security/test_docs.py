"""Docs stay honest: every setting is in the README table, every API route in docs/api.md."""

from __future__ import annotations

import re
from pathlib import Path

from elara.core.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in Settings.model_fields if f"`ELARA_{name.upper()}`" not in readme]
    assert not missing, f"settings missing from the README table: {missing}"


def test_security_routes_are_documented():
    api = (ROOT / "docs" / "api.md").read_text()
    for route in (
        "POST /api/auth/password-reset/request",
        "POST /api/auth/password-reset/confirm",
        "GET /api/audit",
        "GET /api/audit/{id}",
        "GET /api/audit/verify",
        "GET /api/audit/report",
        "GET /api/admin/outbox",
    ):
        assert re.search(re.escape(route) + r"[`?\s]", api), route
