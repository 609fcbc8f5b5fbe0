"""A statement's stated opening and closing balance checked against its lines (docs/import.md,
layout 200): opening + money in + money out = closing, else a warning with both numbers (lines
are missing). The parse report says it, so every path says it alike and once: the inspect
preview, POST /api/datasets, POST /api/uploads and `elara import`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from elara.cli import main
from elara.core.state import AppState
from elara.ingest.balances import stated_balances
from elara.models import Role
from tests.corpus.bankcash import statement_opening_closing_csv
from tests.factories import create_user, login


def _inspect(client: TestClient, headers: dict[str, str], path: Path, **form: str) -> Any:
    with path.open("rb") as handle:
        files = {"file": (path.name, handle, "text/csv")}
        response = client.post("/api/datasets/inspect", headers=headers, data=form, files=files)
    assert response.status_code == 200, response.text
    return response.json()


def _settings(client: TestClient, headers: dict[str, str], path: Path) -> dict[str, Any]:
    """The suggested settings with what a person types: the company and the currency."""
    settings: dict[str, Any] = _inspect(client, headers, path)["settings"]
    settings["constants"].update({"company": "Fernhill Joinery Ltd", "currency": "GBP"})
    return settings


def _warnings(client: TestClient, headers: dict[str, str], path: Path) -> list[str]:
    settings = _settings(client, headers, path)
    preview = _inspect(client, headers, path, settings=json.dumps(settings))["preview"]
    assert preview is not None
    return list(preview["warnings"])


def _without_rent(tmp_path: Path) -> Path:
    """Layout 200's statement with one line (1,200.00 out) left out of the export."""
    layout = statement_opening_closing_csv(tmp_path)
    lines = layout.path.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = next(i for i, x in enumerate(lines) if "STANDING ORDER RENT" in x)
    layout.path.write_text("".join(lines[:dropped] + lines[dropped + 1 :]), encoding="utf-8")
    return layout.path


def _said(warnings: list[str]) -> list[str]:
    return [w for w in warnings if "lines may be missing" in w]


def test_a_statement_that_ties_out_says_nothing(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    layout = statement_opening_closing_csv(tmp_path)
    headers = login(client, create_user(state, role=Role.admin))
    assert not [w for w in _warnings(client, headers, layout.path) if "opening balance" in w]


def test_a_missing_line_is_said_with_both_balances(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    layout = statement_opening_closing_csv(tmp_path)
    lines = layout.path.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = next(i for i, x in enumerate(lines) if "STANDING ORDER RENT" in x)  # 1,200.00 out
    layout.path.write_text("".join(lines[:dropped] + lines[dropped + 1 :]), encoding="utf-8")
    headers = login(client, create_user(state, role=Role.admin))
    said = _said(_warnings(client, headers, layout.path))
    assert len(said) == 1 and "a difference of -1200.00" in said[0], said
    opening, closing = stated_balances([x.split(",") for x in lines[:5]])
    assert opening is not None and closing is not None
    assert f"opening balance of {opening / 10**4:.2f}" in said[0]
    assert f"closing balance of {closing / 10**4:.2f}" in said[0]


def test_storing_says_it_too_once(client: TestClient, state: AppState, tmp_path: Path) -> None:
    """POST /api/datasets and POST /api/uploads store the lines as they are, and their
    report says the lines are missing, as the preview does."""
    path = _without_rent(tmp_path)
    headers = login(client, create_user(state, role=Role.admin))
    settings = _settings(client, headers, path)
    with path.open("rb") as handle:
        stored = client.post(
            "/api/datasets",
            headers=headers,
            data={"wait": "true", "name": "Statement", "settings": json.dumps(settings)},
            files={"file": (path.name, handle, "text/csv")},
        )
    assert stored.status_code == 200, stored.text
    body = stored.json()
    assert body["status"] == "ready", body
    said = _said(body["upload"]["report"]["warnings"])
    assert len(said) == 1 and "a difference of -1200.00" in said[0], said

    data = path.read_bytes()
    opened = client.post(
        "/api/uploads",
        headers=headers,
        json={"filename": path.name, "total_size": len(data), "settings": settings},
    )
    assert opened.status_code == 201, opened.text
    upload_id = opened.json()["id"]
    sent = client.put(f"/api/uploads/{upload_id}/chunks/0", headers=headers, content=data)
    assert sent.status_code == 200, sent.text
    done = client.post(f"/api/uploads/{upload_id}/complete", headers=headers, json={"wait": True})
    assert done.status_code == 200, done.text
    said = _said(done.json()["upload"]["report"]["warnings"])
    assert len(said) == 1 and "a difference of -1200.00" in said[0], said


def test_elara_import_says_it(
    client: TestClient,
    state: AppState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`elara import` prints the report's warnings: the missing lines among them."""
    path = _without_rent(tmp_path)
    headers = login(client, create_user(state, role=Role.admin))
    saved = tmp_path / "settings.json"
    saved.write_text(json.dumps(_settings(client, headers, path)), encoding="utf-8")
    for name, value in (
        ("ELARA_DATABASE_URL", state.settings.database_url),
        ("ELARA_DATA_DIR", str(state.settings.data_dir)),
        ("ELARA_SECRET_KEY", state.settings.signing_key),
    ):
        monkeypatch.setenv(name, value)
    assert main(["import", str(path), "--settings", str(saved), "--name", "From CLI"]) == 0
    out = capsys.readouterr().out.splitlines()
    said = [x for x in out if x.startswith("warning: ") and "lines may be missing" in x]
    assert len(said) == 1 and "a difference of -1200.00" in said[0], out


@pytest.mark.parametrize(
    ("rows", "found"),
    [
        (
            [["Alter Kontostand", "3.210,50 EUR"], ["Neuer Kontostand", "4.100,25 EUR"]],
            (3210.5, 4100.25),
        ),
        ([["Solde initial : 1 234,56 €"], ["Solde final", "-50,00"]], (1234.56, -50)),
        ([["Saldo anterior", "01/03/2025", "980,00"], ["Saldo final", "1.020,00"]], (980, 1020)),
        ([["Balance", "12.00"]], (None, None)),
    ],
)
def test_balances_are_read_as_banks_write_them(rows: list[list[str]], found: tuple) -> None:
    units = stated_balances(rows)
    assert tuple(None if u is None else u / 10**4 for u in units) == found
