"""The inspect answer's preview says once, in `number_format_note`, how a file's three-digit
groups ("$12,500") were read when the rest of the file decided it (docs/import.md,
"Three-digit groups"), instead of a warning."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.corpus import whole_dollars
from tests.corpus.test_corpus import inspect, with_constants


def test_the_preview_says_once_how_whole_dollars_were_read(
    client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    layout = whole_dollars.purchase_orders_whole_dollars_csv(tmp_path)
    first = inspect(client, admin_headers, layout)
    answer = inspect(client, admin_headers, layout, with_constants(first["settings"], layout))
    preview = answer["preview"]
    note = preview["number_format_note"]
    assert note.startswith('Values like "12,500" in "Amount" are read with thousands separators')
    assert "comma-delimited" in note and '"$"' in note and "month-first" in note
    assert not [w for w in preview["warnings"] if "either way" in w], preview["warnings"]
    assert preview["number_formats"] == {"Amount": "1,234.56"}
