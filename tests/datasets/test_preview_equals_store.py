"""The preview refuses what the store refuses: companies outside the uploader's access, codes
with invisible or control characters, control characters in text. Same row errors, same
records, same totals in POST /api/datasets/inspect as after POST /api/datasets."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from elara.core.state import AppState
from tests.factories import create_user, login

from .conftest import upload
from .test_inspect_settings import inspect

HEADER = "Company,Date,Account,Amount\n"
PADDING = 3000  # rows of about 27 bytes: past the 64 KB the type sniffer reads for binary data


def _file(path: Path, *tail: str) -> Path:
    """Good ACME rows, then ``tail`` past the first 64 KB (a control byte before that point
    makes the whole file binary data, refused before any row is read)."""
    rows = [f"ACME,2024-01-31,Revenue {i % 7},1.25\n" for i in range(PADDING)]
    path.write_bytes((HEADER + "".join(rows) + "".join(tail)).encode())
    return path


TAIL = (
    "GLOBEX,2024-01-31,Tail 1,1000000\n",  # outside the uploader's access
    "AC\x07ME,2024-01-31,Tail 2,5\n",  # a control character in the code
    "AC\u200bME,2024-01-31,Tail 3,6\n",  # an invisible character in the code
    "acme,2024-01-31,Ta\x00il,7\n",  # a control character in another text cell
    "\uff41\uff43\uff4d\uff45,2024-02-29,Tail 4,2.5\n",  # full-width acme: stored as ACME
)
ERROR_KEYS = ("row", "column", "value", "message", "sheet")


def _errors(items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [tuple(e[k] for k in ERROR_KEYS) for e in items]


def _stored(client: TestClient, headers: dict[str, str], dataset_id: int) -> dict[str, Decimal]:
    answer = client.get(
        f"/api/dashboard/breakdown?by=account&dataset_id={dataset_id}&top=100", headers=headers
    )
    assert answer.status_code == 200, answer.text
    return {i["key"]: Decimal(str(i["value"])) for i in answer.json()["items"]}


@pytest.mark.parametrize("control_characters", ["error", "remove"])
def test_preview_errors_totals_and_counts_equal_the_store(
    gateway: TestClient, state: AppState, tmp_path: Path, control_characters: str
) -> None:
    headers = login(gateway, create_user(state, allowed_companies=["ACME"]))
    path = _file(tmp_path / "scoped.csv", *TAIL)
    currency = "USD"  # the file states none: given, as the mapping screen asks
    seen = inspect(
        gateway, headers, path, control_characters=control_characters, default_currency=currency
    )
    assert seen.status_code == 200, seen.text
    preview = seen.json()["preview"]
    body = upload(
        gateway,
        headers,
        path,
        on_error="skip",
        control_characters=control_characters,
        default_currency=currency,
    ).json()
    assert body["status"] == "ready", body
    listed = gateway.get(f"/api/datasets/{body['id']}/errors", headers=headers).json()["items"]

    assert _errors(preview["errors"]) == _errors(listed)
    assert preview["error_count"] == body["error_count"]
    assert preview["totals"]["records"] == body["row_count"]
    assert preview["rows_read"] == body["upload"]["report"]["rows_read"]
    previewed = {k: Decimal(v) for k, v in preview["totals"]["by_account"].items()}
    assert previewed == _stored(gateway, headers, body["id"])

    messages = {e["row"]: e["message"] for e in listed}
    first = PADDING + 2
    assert messages[first] == "company GLOBEX is outside your access"
    assert "ZERO WIDTH SPACE" in messages[first + 2]
    if control_characters == "error":
        assert "U+0007" in messages[first + 1] and "U+0000" in messages[first + 3]
        assert len(listed) == 4, listed
    else:  # cleaned: AC<BEL>ME is ACME, Ta<NUL>il is Tail; both stored
        assert sorted(messages) == [first, first + 2]
        assert previewed["Tail"] == Decimal(7) and previewed["Tail 2"] == Decimal(5)
    assert previewed["Tail 4"] == Decimal("2.5")  # full-width acme is ACME, in scope
    assert {r["company"] for r in preview["sample"]} == {"ACME"}
