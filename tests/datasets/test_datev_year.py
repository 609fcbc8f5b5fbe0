"""A booking batch's table with no batch line above it (docs/import.md, layout 157): its
Belegdatum "0501" has no year, so the inspection asks for one (`needs`), and the preview
dates the bookings in the year typed, never in one guessed."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.datasets.conftest import inspected
from tests.ingest.builders import write_text

TABLE = (
    '"Umsatz (ohne Soll/Haben-Kz)";"Soll/Haben-Kennzeichen";"WKZ Umsatz";"Konto";'
    '"Gegenkonto (ohne BU-Schlüssel)";"Belegdatum";"Buchungstext"\r\n'
    '1250,00;"H";"EUR";"4400";"1800";"1512";"Erlöse"\r\n'
    '300,10;"S";"EUR";"6310";"1800";"0201";"Miete"\r\n'
)


def test_days_and_months_with_no_batch_line_ask_for_the_year(
    client: TestClient, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    path = write_text(tmp_path / "buchungen.csv", TABLE, encoding="cp1252")
    first = inspected(client, admin_headers, path)
    assert first["needs"] == ["company", "year"]
    assert first["preview"] is None
    settings = first["settings"]
    settings["constants"] |= {"company": "Confiserie Brandt KG", "year": 2025}
    answer = inspected(client, admin_headers, path, settings)
    assert answer["needs"] == []
    preview = answer["preview"]
    assert preview["error_count"] == 0
    assert preview["totals"]["by_account"] == {"4400": "-1250", "6310": "300.1"}
    assert [row["date"] for row in preview["sample"]] == ["2025-12-15", "2025-01-02"]
    assert "Gegenkonto (ohne BU-Schlüssel)" in preview["dimensions"]
    assert "day_months" not in answer["offered"]  # said by `needs`, never a setting
