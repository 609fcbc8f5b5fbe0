"""Links from an email into the dashboard, in the web app's own hash form (see viewHash in
web/static/js/screens/dashboard.js): the same filters, within the reader's own access."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import urlencode

from elara.core.config import Settings
from elara.email.messages import base_url

LISTS = ("datasets", "companies", "accounts", "categories")


def dashboard_link(
    settings: Settings, filters: dict[str, Any], period: tuple[date, date] | None = None
) -> str:
    """The dashboard showing `filters` (over `period` when given)."""
    params: dict[str, str] = {}
    for key in LISTS:
        values = filters.get(key) or []
        if values:
            params[key] = ",".join(str(v) for v in values)
    dims = {name: list(values) for name, values in (filters.get("dims") or {}).items() if values}
    if dims:  # as viewHash: {"Region": ["West"]} as JSON
        params["dims"] = json.dumps(dims, separators=(",", ":"), ensure_ascii=False)
    start, end = period if period else (filters.get("from"), filters.get("to"))
    if start:
        params["from"] = str(start)
    if end:
        params["to"] = str(end)
    if filters.get("granularity") and filters["granularity"] != "month":
        params["granularity"] = str(filters["granularity"])
    if filters.get("scenario") and filters["scenario"] != "actual":
        params["scenario"] = str(filters["scenario"])
    query = urlencode(params, safe=",")
    return f"{base_url(settings)}/#/dashboard" + (f"?{query}" if query else "")
