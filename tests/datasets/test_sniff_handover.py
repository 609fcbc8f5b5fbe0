"""The strict inspection's sniff (encoding, delimiter, limits passed) handed to the parse."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from elara.core.state import AppState
from elara.ingest.pipeline import parse_file
from elara.ingest.sniff import TextFormat, sniff_text
from elara.models import DatasetRecord
from elara.uploads.files import note_sniffed, sniffed_format
from elara.uploads.inspect import inspect_for_upload
from tests.amounts import units
from tests.factories import create_user, login

from .conftest import upload

# Windows-1252, semicolons, decimal commas: the three things the sniff decides.
CP1252_ROWS = [
    "Company;Date;Account;Amount;Currency;Description",
    "C1;15/01/2024;Revenue;1.234,50;EUR;Caf\u00e9 cr\u00e8me",
    "C2;31/01/2024;Revenue;-7,25;EUR;\u00c5ngstr\u00f6m \u20ac",
]


def _cp1252(path: Path) -> Path:
    path.write_bytes(("\r\n".join(CP1252_ROWS) + "\r\n").encode("cp1252"))
    return path


def test_inspection_returns_what_it_sniffed(tmp_path: Path) -> None:
    path = _cp1252(tmp_path / "ledger.csv")
    assert inspect_for_upload(path) == TextFormat(encoding="cp1252", delimiter=";")
    assert inspect_for_upload(path) == sniff_text(path)


def test_a_note_holds_for_that_file_only(tmp_path: Path) -> None:
    received = _cp1252(tmp_path / "input")
    noted = TextFormat(encoding="cp1252", delimiter=";")
    assert sniffed_format(received) is None  # nothing noted: the parse sniffs itself
    note_sniffed(received, noted)
    assert sniffed_format(received) == noted
    # Another file put under the noted name (same bytes, even) is sniffed again.
    _cp1252(tmp_path / "other").replace(received)
    assert sniffed_format(received) is None
    note_sniffed(received, noted)
    stat = received.stat()
    received.write_bytes(received.read_bytes() + b"C3;01/02/2024;Revenue;1;EUR;x\r\n")
    os.utime(received, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time, other size
    assert sniffed_format(received) is None
    note_sniffed(received, noted)
    assert sniffed_format(received) == noted
    (tmp_path / "input.sniffed.json").write_text("{not json")
    assert sniffed_format(received) is None
    (tmp_path / "input.sniffed.json").unlink()
    note_sniffed(received, None)  # a workbook: nothing noted
    assert sniffed_format(received) is None


def test_the_parse_reads_with_the_format_handed_to_it(tmp_path: Path) -> None:
    path = _cp1252(tmp_path / "ledger.csv")

    def read(text_format: TextFormat | None) -> tuple[list[tuple[object, ...]], object]:
        parser = parse_file(path, text_format=text_format)
        rows = [r for b in parser for r in b.frame.select("amount_minor", "description").rows()]
        return rows, parser.report.column_mapping

    sniffed = read(None)
    assert read(sniff_text(path)) == sniffed
    expected = [
        (units("1234.50"), "Caf\u00e9 cr\u00e8me"),
        (units("-7.25"), "\u00c5ngstr\u00f6m \u20ac"),
    ]
    assert sniffed[0] == expected
    # What is handed over is what is used: as Latin-1, byte 0x80 is not the euro sign but a
    # control character, and that row is refused.
    assert read(TextFormat(encoding="latin-1", delimiter=";"))[0] == expected[:1]


def test_upload_of_a_cp1252_semicolon_file(
    gateway: TestClient, state: AppState, tmp_path: Path
) -> None:
    headers = login(gateway, create_user(state, role="analyst"))
    response = upload(gateway, headers, _cp1252(tmp_path / "ledger.csv"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["row_count"]) == ("ready", 2)
    with state.db.engine.connect() as connection:
        rows = connection.execute(
            select(DatasetRecord.amount_minor, DatasetRecord.description)
            .where(DatasetRecord.dataset_id == body["id"])
            .order_by(DatasetRecord.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        (units("1234.50"), "Caf\u00e9 cr\u00e8me"),
        (units("-7.25"), "\u00c5ngstr\u00f6m \u20ac"),
    ]


def test_a_refused_file_keeps_no_encrypted_copy(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    """The encrypted original is written while the inspection runs; a refusal removes it."""
    headers = login(client, create_user(state, role="analyst"))
    originals = state.settings.data_dir / "originals"
    missing = tmp_path / "missing.csv"
    missing.write_text("Wer,Datum,Konto,Betrag\nA,2024-01-01,R,1\n")
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(1_500)) + "\n")
    for path, code in ((missing, "missing_columns"), (wide, "csv_too_large")):
        response = upload(client, headers, path)
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == code
        assert not originals.exists() or not list(originals.iterdir())
    response = upload(client, headers, _cp1252(tmp_path / "ledger.csv"))
    assert response.status_code == 200, response.text
    assert len(list(originals.iterdir())) == 1  # kept once the file is accepted
