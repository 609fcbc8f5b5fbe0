"""Helpers for upload tests: files written on the fly, uploads through the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

CSV_HEADER = "Company,Date,Account,Amount,Currency,Description\n"


def ledger_csv(path: Path, rows: int, *, bad_rows: tuple[int, ...] = ()) -> Path:
    """A simple ledger; each data row i has amount i.01; `bad_rows` (1-based) get a bad amount."""
    lines = [CSV_HEADER]
    for i in range(1, rows + 1):
        amount = "twelve" if i in bad_rows else f"{i}.01"
        lines.append(f"C{i % 3},2024-{(i % 12) + 1:02d}-15,Revenue,{amount},USD,row {i}\n")
    path.write_text("".join(lines))
    return path


def upload(client: TestClient, headers: dict[str, str], path: Path, **form: Any) -> Any:
    """POST /api/datasets with the file and form fields (wait=true unless given)."""
    data = {"wait": "true", **{k: str(v) for k, v in form.items()}}
    with path.open("rb") as handle:
        return client.post("/api/datasets", headers=headers, data=data,
                           files={"file": (path.name, handle, "text/csv")})
