"""Remembered import recipes: save, found again by layout, used by uploads and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from elara.cli import main
from elara.core.state import AppState
from elara.models import AuditEntry, Dataset
from tests.factories import create_user, login

from .conftest import upload
from .test_inspect_settings import WIDE, inspect

SECOND = WIDE.replace("1000.20", "2000.20").replace("-700.5", "-800.5")


def _confirmed(client: TestClient, headers: dict[str, str], path: Path) -> dict[str, Any]:
    """Inspect a file and confirm its settings as a person would (the year typed in)."""
    answer = inspect(client, headers, path).json()
    answer["settings"]["constants"].update(year=2024, currency="USD")
    return answer


def _save(client: TestClient, headers: dict[str, str], answer: dict[str, Any], name: str) -> Any:
    body = {"name": name, "fingerprint": answer["fingerprint"], "settings": answer["settings"]}
    return client.post("/api/recipes", headers=headers, json=body)


class TestRecipes:
    def test_anonymous(self, client: TestClient) -> None:
        assert client.get("/api/recipes").status_code == 401

    def test_forbidden_role(self, client: TestClient, state: AppState, tmp_path: Path) -> None:
        headers = login(client, create_user(state, role="viewer"))
        assert client.get("/api/recipes", headers=headers).status_code == 403
        body = {"name": "x", "fingerprint": "0" * 64, "settings": {}}
        assert client.post("/api/recipes", headers=headers, json=body).status_code == 403

    def test_valid(self, gateway: TestClient, state: AppState, tmp_path: Path) -> None:
        owner = login(gateway, create_user(state))
        first = tmp_path / "jan.csv"
        first.write_text(WIDE)
        saved = _save(gateway, owner, _confirmed(gateway, owner, first), "Academy P&L")
        assert saved.status_code == 201, saved.text
        recipe = saved.json()
        second = tmp_path / "feb.csv"
        second.write_text(SECOND)
        again = inspect(gateway, owner, second).json()
        assert again["recipe"] == {"id": recipe["id"], "name": "Academy P&L"}
        assert again["needs"] == [] and again["settings"]["constants"]["year"] == 2024
        totals = again["preview"]["totals"]
        assert totals["by_account"] == {"Salaries": "-2200.5", "Tuition": "5501.6"}
        stored = upload(gateway, owner, second, recipe=str(recipe["id"])).json()
        assert stored["status"] == "ready" and stored["row_count"] == totals["records"]
        renamed = gateway.patch(
            f"/api/recipes/{recipe['id']}", headers=owner, json={"name": "Academy monthly"}
        )
        assert renamed.status_code == 200 and renamed.json()["name"] == "Academy monthly"
        listed = gateway.get("/api/recipes", headers=owner).json()
        assert [r["name"] for r in listed] == ["Academy monthly"]
        gone = gateway.delete(f"/api/recipes/{recipe['id']}", headers=owner)
        assert gone.status_code == 204
        assert inspect(gateway, owner, second).json()["recipe"] is None
        with state.db.transaction() as session:
            actions = set(session.scalars(select(AuditEntry.action)))
        assert {"recipe.create", "recipe.rename", "recipe.delete"} <= actions

    def test_analysts_see_their_own_and_admins_all(
        self, client: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        owner, other = login(client, create_user(state)), login(client, create_user(state))
        admin = login(client, create_user(state, role="admin"))
        path = tmp_path / "jan.csv"
        path.write_text(WIDE)
        recipe = _save(client, owner, _confirmed(client, owner, path), "Mine").json()
        assert client.get("/api/recipes", headers=other).json() == []
        for method in ("GET", "PATCH", "DELETE"):
            answer = client.request(
                method, f"/api/recipes/{recipe['id']}", headers=other, json={"name": "Theirs"}
            )
            assert answer.status_code == 404, method
        assert inspect(client, other, path).json()["recipe"] is None
        refused = upload(client, other, path, recipe=str(recipe["id"]))
        assert refused.status_code == 404
        assert [r["id"] for r in client.get("/api/recipes", headers=admin).json()] == [recipe["id"]]
        renamed = client.patch(
            f"/api/recipes/{recipe['id']}", headers=admin, json={"name": "Checked"}
        )
        assert renamed.status_code == 200 and renamed.json()["owner_id"] == recipe["owner_id"]

    @pytest.mark.parametrize(
        "body",
        [
            {"name": "", "fingerprint": "0" * 64, "settings": {}},
            {"name": "x", "fingerprint": "not hex", "settings": {}},
            {"name": "x", "fingerprint": "0" * 64, "settings": {"sign": "sideways"}},
        ],
    )
    def test_invalid(self, client: TestClient, state: AppState, body: dict[str, Any]) -> None:
        headers = login(client, create_user(state))
        answer = client.post("/api/recipes", headers=headers, json=body)
        assert answer.status_code == 422 and answer.json()["error"]["details"]

    def test_name_taken(self, client: TestClient, state: AppState) -> None:
        headers = login(client, create_user(state))
        body = {"name": "Same", "fingerprint": "0" * 64, "settings": {}}
        assert client.post("/api/recipes", headers=headers, json=body).status_code == 201
        again = client.post("/api/recipes", headers=headers, json=body)
        assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_cli_imports_with_settings_or_a_recipe(
    client: TestClient,
    state: AppState,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    admin = create_user(state, role="admin")
    settings = state.settings
    monkeypatch.setenv("ELARA_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("ELARA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ELARA_SECRET_KEY", settings.signing_key)
    headers = login(client, admin)
    path = tmp_path / "jan.csv"
    path.write_text(WIDE)
    answer = _confirmed(client, headers, path)
    assert main(["import", str(path)]) == 2  # the year is not in the file
    assert "year" in capsys.readouterr().err
    saved = tmp_path / "settings.json"
    saved.write_text(json.dumps(answer["settings"]))
    assert main(["import", str(path), "--settings", str(saved), "--name", "By settings"]) == 0
    assert _save(client, headers, answer, "Academy").status_code == 201
    second = tmp_path / "feb.csv"
    second.write_text(SECOND)
    assert main(["import", str(second), "--recipe", "Academy", "--name", "By recipe"]) == 0
    assert main(["import", str(second), "--recipe", "Nope"]) == 2
    assert 'No recipe named "Nope"' in capsys.readouterr().err
    with state.db.transaction() as session:
        counts = dict(session.execute(select(Dataset.name, Dataset.row_count)).tuples().all())
    assert counts["By settings"] == counts["By recipe"] == 9


ROLLING = (
    "Acme Ltd\nProfit and Loss (USD)\nAccount,{0},{1}\n"
    "Sales,1000.00,1100.00\nRent,-400.00,-400.00\n"
)


def test_next_months_export_finds_the_recipe_and_is_dated_by_its_own_headers(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    """A monthly report's period headers change every month ("Jan 2026" then "Mar 2026"): the
    recipe is found for the same layout, and each column is dated by the new file's header,
    never by the month the recipe was saved from."""
    owner = login(gateway, create_user(state))
    first = tmp_path / "jan.csv"
    first.write_text(ROLLING.format("Jan 2026", "Feb 2026"))
    answer = inspect(gateway, owner, first).json()
    saved = _save(gateway, owner, answer, "Acme rolling P&L")
    assert saved.status_code == 201, saved.text
    later = tmp_path / "mar.csv"
    later.write_text(ROLLING.format("Mar 2026", "Apr 2026"))
    again = inspect(gateway, owner, later).json()
    assert again["recipe"] == {"id": saved.json()["id"], "name": "Acme rolling P&L"}
    ends = {c["header"]: c["period_end"] for c in again["settings"]["columns"]}
    assert ends["Mar 2026"] == "2026-03-31" and ends["Apr 2026"] == "2026-04-30"
    assert "Jan 2026" not in ends
    dates = {r["date"] for r in again["preview"]["sample"]}
    assert dates == {"2026-03-31", "2026-04-30"}


def test_a_recipe_saved_under_the_older_layout_identity_is_still_found(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    from elara.models import ImportRecipe
    from elara.recipes.service import fingerprint

    owner = login(gateway, create_user(state))
    path = tmp_path / "jan.csv"
    path.write_text(ROLLING.format("Jan 2026", "Feb 2026"))
    answer = inspect(gateway, owner, path).json()
    saved = _save(gateway, owner, answer, "Older identity")
    headers = ["Account", "Jan 2026", "Feb 2026"]
    assert answer["fingerprint"] == fingerprint(None, headers)
    with state.db.transaction() as session:
        recipe = session.get(ImportRecipe, saved.json()["id"])
        assert recipe is not None
        recipe.fingerprint = fingerprint(None, headers, periods=False)
    assert inspect(gateway, owner, path).json()["recipe"]["name"] == "Older identity"


def _dated(answer: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], Any]:
    """What an inspect dates and adds up: each column's period end, each sample line's
    date and amount by account, and the totals."""
    ends = {c["header"]: c["period_end"] for c in answer["settings"]["columns"]}
    by_date: dict[str, Any] = {}
    for line in answer["preview"]["sample"]:
        by_date.setdefault(line["date"], {})[line["account"]] = line["amount"]
    return ends, by_date, answer["preview"]["totals"]


def test_a_recipe_dates_first_day_headers_as_a_fresh_inspect_does(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    """Month headers written as dates ("1 Jan 2025", "1 Feb 2025") name months: next month's
    file read through the saved recipe is dated at month ends, as inspecting it afresh is
    (read as days, its figures would land a month apart from the fresh reading's)."""
    owner = login(gateway, create_user(state))
    later = tmp_path / "feb.csv"
    later.write_text(ROLLING.format("1 Feb 2025", "1 Mar 2025"))
    fresh = inspect(gateway, owner, later).json()
    assert fresh["recipe"] is None
    first = tmp_path / "jan.csv"
    first.write_text(ROLLING.format("1 Jan 2025", "1 Feb 2025"))
    saved = _save(gateway, owner, inspect(gateway, owner, first).json(), "Dated months")
    assert saved.status_code == 201, saved.text
    again = inspect(gateway, owner, later).json()
    assert again["recipe"] == {"id": saved.json()["id"], "name": "Dated months"}
    assert _dated(again) == _dated(fresh)
    ends = _dated(again)[0]
    assert ends["1 Feb 2025"] == "2025-02-28" and ends["1 Mar 2025"] == "2025-03-31"
