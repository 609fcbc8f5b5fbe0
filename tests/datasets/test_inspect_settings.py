"""POST /api/datasets/inspect with settings, and storing exactly what the preview showed."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from elara.core.state import AppState
from elara.models import Dataset, UploadBatch
from tests.factories import create_user, login

from .conftest import upload

# A single-entity P&L with the months as columns: the company is in the title, the year is not.
WIDE = (
    "Helena's Academy\n"
    "Profit and Loss\n"
    "Account,Region,JAN,FEB,MAR\n"
    'Tuition,North,"1,000.10",1000.20,1000.30\n'
    "Tuition,South,500.3333,500.3333,500.3334\n"
    "Salaries,North,-700,-700,-700.5\n"
)


def _file(tmp_path: Path, text: str = WIDE, name: str = "pnl.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def inspect(client: TestClient, headers: dict[str, str], path: Path, **form: Any) -> Any:
    with path.open("rb") as handle:
        return client.post(
            "/api/datasets/inspect",
            headers=headers,
            data={k: v if isinstance(v, str) else json.dumps(v) for k, v in form.items()},
            files={"file": (path.name, handle, "text/csv")},
        )


def _breakdown(client: TestClient, headers: dict[str, str], dataset_id: int) -> dict[str, str]:
    answer = client.get(
        f"/api/dashboard/breakdown?by=account&dataset_id={dataset_id}&top=100", headers=headers
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return {i["key"]: i for i in body["items"]} if body["items"] is not None else {}


class TestInspectSettings:
    def test_valid(self, gateway: TestClient, state: AppState, tmp_path: Path) -> None:
        headers = login(gateway, create_user(state))
        path = _file(tmp_path)
        first = inspect(gateway, headers, path)
        assert first.status_code == 200, first.text
        body = first.json()
        assert body["needs"] == ["year", "currency"] and body["preview"] is None  # none stated
        assert body["offered"]["company"] == "Helena's Academy"
        assert body["header_row"] == 3 and body["headers"][:2] == ["Account", "Region"]
        roles = {c["header"]: c["role"] for c in body["settings"]["columns"]}
        assert roles["Region"] == "dimension"
        settings = body["settings"]
        settings["constants"]["year"] = 2024
        settings["constants"]["currency"] = "USD"
        second = inspect(gateway, headers, path, settings=settings)
        assert second.status_code == 200, second.text
        answer = second.json()
        preview = answer["preview"]
        assert answer["needs"] == [] and preview["totals"]["records"] == 9
        assert preview["totals"]["by_account"] == {"Salaries": "-2100.5", "Tuition": "4501.6"}
        assert preview["rows_read"] == 3 and preview["dimensions"] == ["Region"]  # data rows
        assert preview["sample"][0]["date"] == "2024-01-31"
        assert preview["sample"][0]["attributes"] == {"Region": "North"}
        assert preview["unclassified"] == ["Tuition"]  # "Salaries" is in the vocabulary

    @pytest.mark.parametrize(
        ("sent", "code", "field"),
        [
            ("{not json", "invalid_settings", "settings"),
            ({"columns": [{"header": "Account", "role": "wizard"}]}, "invalid_settings", None),
            ({"sign": "upside_down"}, "invalid_settings", "settings.sign"),
            ({"columns": [{"header": "Nope", "role": "amount"}]}, "invalid_mapping", None),
        ],
    )
    def test_bad_settings(
        self,
        client: TestClient,
        state: AppState,
        tmp_path: Path,
        sent: Any,
        code: str,
        field: str | None,
    ) -> None:
        headers = login(client, create_user(state))
        for answer in (
            inspect(client, headers, _file(tmp_path), settings=sent),
            upload(
                client,
                headers,
                _file(tmp_path),
                settings=sent if isinstance(sent, str) else json.dumps(sent),
            ),
        ):
            assert answer.status_code == 422, answer.text
            error = answer.json()["error"]
            assert error["code"] == code and error["correlation_id"]
            if field is not None:
                assert field in {d.get("field") for d in error["details"]}

    def test_forbidden_role(self, client: TestClient, state: AppState, tmp_path: Path) -> None:
        headers = login(client, create_user(state, role="viewer"))
        assert inspect(client, headers, _file(tmp_path)).status_code == 403


def test_store_exactly_what_the_preview_showed(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    """The dashboard's totals by account after storing equal the preview's, to the cent."""
    headers = login(gateway, create_user(state))
    path = _file(tmp_path)
    settings = inspect(gateway, headers, path).json()["settings"]
    settings["constants"].update(year=2024, currency="USD")
    preview = inspect(gateway, headers, path, settings=settings).json()["preview"]
    stored = upload(gateway, headers, path, settings=json.dumps(settings)).json()
    assert stored["status"] == "ready", stored
    assert stored["row_count"] == preview["totals"]["records"] == 9
    assert stored["dimensions"] == ["Region"]
    shown = _breakdown(gateway, headers, stored["id"])
    for account, amount in preview["totals"]["by_account"].items():
        cents = Decimal(amount).quantize(Decimal("0.01"))
        assert Decimal(shown[account]["value"]) == abs(cents), account
    with state.db.transaction() as session:
        batch = session.scalars(
            select(UploadBatch).where(UploadBatch.id == stored["upload"]["id"])
        ).one()
        assert batch.options["settings"]["constants"]["year"] == 2024
        assert batch.options["settings"]["sign"] == "expenses_negative"  # Salaries are -700
        assert session.get_one(Dataset, stored["id"]).dimensions == ["Region"]


def test_missing_constant_then_retry_costs_one_upload(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    """Inspections and refused uploads are free; only accepted files count (5 a minute)."""
    headers = login(client, create_user(state))
    path = _file(tmp_path)
    settings = inspect(client, headers, path).json()["settings"]
    for _ in range(6):
        assert inspect(client, headers, path, settings=settings).status_code == 200
    refused = upload(client, headers, path, settings=json.dumps(settings))
    assert refused.status_code == 422 and refused.json()["error"]["details"][0]["missing"] == [
        "year"
    ]
    settings["constants"]["year"] = 2024
    codes = [
        upload(client, headers, path, settings=json.dumps(settings)).status_code for _ in range(6)
    ]
    assert codes == [200] * 5 + [429]


def test_older_mapping_and_default_currency_still_work(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(gateway, create_user(state))
    path = _file(tmp_path, "Firm,When,Line,Money\nACME,2025-01-31,Revenue,100.00\n", "odd.csv")
    mapping = {"Firm": "company_code", "When": "date", "Line": "account", "Money": "amount"}
    answer = inspect(gateway, headers, path, mapping=mapping, default_currency="EUR").json()
    assert answer["settings"]["constants"]["currency"] == "EUR"
    assert answer["preview"]["totals"] == {
        "by_account": {"Revenue": "100"},
        "by_currency": [{"currency": "EUR", "by_account": {"Revenue": "100"}}],
        "records": 1,
    }
    stored = upload(
        gateway, headers, path, mapping=json.dumps(mapping), default_currency="EUR"
    ).json()
    assert stored["status"] == "ready" and stored["row_count"] == 1


def test_chunked_upload_takes_settings_and_a_retry_at_completion(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(gateway, create_user(state))
    data = WIDE.encode()
    settings = inspect(gateway, headers, _file(tmp_path)).json()["settings"]
    opened = gateway.post(
        "/api/uploads",
        headers=headers,
        json={"filename": "pnl.csv", "total_size": len(data), "settings": settings},
    )
    assert opened.status_code == 201, opened.text
    upload_id = opened.json()["id"]
    sent = gateway.put(f"/api/uploads/{upload_id}/chunks/0", headers=headers, content=data)
    assert sent.status_code == 200, sent.text
    refused = gateway.post(f"/api/uploads/{upload_id}/complete", headers=headers, json={})
    assert refused.status_code == 422, refused.text
    settings["constants"]["year"] = 2025
    done = gateway.post(
        f"/api/uploads/{upload_id}/complete",
        headers=headers,
        json={"wait": True, "settings": settings},
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "ready" and body["row_count"] == 9
