"""A statement's stated opening and closing balance checked against its lines in the preview
(docs/import.md, layout 200): opening + money in + money out = closing, else a warning with
both numbers (lines are missing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from elara.core.state import AppState
from elara.ingest.balances import stated_balances
from elara.models import Role
from tests.corpus.bankcash import statement_opening_closing_csv
from tests.factories import create_user, login


def _warnings(client: TestClient, headers: dict[str, str], path: Path) -> list[str]:
    def post(**form: str) -> Any:
        with path.open("rb") as handle:
            files = {"file": (path.name, handle, "text/csv")}
            response = client.post("/api/datasets/inspect", headers=headers, data=form, files=files)
        assert response.status_code == 200, response.text
        return response.json()

    settings = post()["settings"]
    settings["constants"].update({"company": "Fernhill Joinery Ltd", "currency": "GBP"})
    preview = post(settings=json.dumps(settings))["preview"]
    assert preview is not None
    return list(preview["warnings"])


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
    said = [w for w in _warnings(client, headers, layout.path) if "opening balance" in w]
    assert len(said) == 1 and "a difference of -1200.00" in said[0], said
    opening, closing = stated_balances([x.split(",") for x in lines[:5]])
    assert opening is not None and closing is not None
    assert f"opening balance of {opening / 10**4:.2f}" in said[0]
    assert f"closing balance of {closing / 10**4:.2f}" in said[0]


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
