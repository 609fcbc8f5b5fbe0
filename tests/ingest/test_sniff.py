"""File type by content, zip-bomb and XML-entity refusal, encodings, delimiters."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from elara.ingest import UnsafeFileError, UnsupportedFileError, ZipLimits, parse_file
from elara.ingest.sniff import FileKind, detect_kind, sniff_text
from tests.amounts import units

from .builders import write_ods, write_text, write_xlsx

CSV = "Company,Date,Account,Amount,Description\nACME,2024-12-31,Revenue,10.00,Café crème\n"


def _records(path: Path) -> list:
    return [r for batch in parse_file(path) for r in batch.records]


def test_png_renamed_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(UnsupportedFileError, match="PNG image"):
        list(parse_file(path))


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(UnsupportedFileError, match="binary"):
        detect_kind(path)


def test_xlsx_named_csv_is_read_as_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "upload.csv",
        {"S": [["Company", "Date", "Account", "Amount"], ["A", "2024-01-01", "R", 5]]},
    )
    assert detect_kind(path) is FileKind.XLSX
    assert [r.amount_minor for r in _records(path)] == [units("5")]


def test_ods_detected_by_mimetype(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "x.bin", {"S": [["a"]]})
    assert detect_kind(path) is FileKind.ODS


def test_other_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(UnsupportedFileError, match="not an XLSX or ODS"):
        detect_kind(path)


def test_zip_bomb_ratio_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bomb.xlsx", {"S": [["a"]]})
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/media/pad.bin", b"\0" * (50 << 20), zipfile.ZIP_DEFLATED)
    with pytest.raises(UnsafeFileError, match="zip bomb"):
        list(parse_file(path))


def test_zip_total_size_and_entry_limits(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "book.xlsx", {"S": [["a"]]})
    with pytest.raises(UnsafeFileError, match="unpacks to"):
        detect_kind(path, ZipLimits(max_total_uncompressed=100))
    with pytest.raises(UnsafeFileError, match="entries"):
        detect_kind(path, ZipLimits(max_entries=3))
    assert detect_kind(path) is FileKind.XLSX


def test_xml_entity_declaration_refused(tmp_path: Path) -> None:
    prolog = '<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    path = write_ods(tmp_path / "lol.ods", {"S": [["Company"]]}, prolog=prolog)
    with pytest.raises(UnsafeFileError, match="DOCTYPE/ENTITY"):
        list(parse_file(path))


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("latin-1", "cp1252"),
        ("cp1252", "cp1252"),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    path = write_text(tmp_path / "x.csv", CSV, encoding=encoding)
    assert sniff_text(path).encoding == expected
    [record] = _records(path)
    assert record.company_code == "ACME"
    assert record.description == "Café crème"


def test_latin1_byte_deep_in_file(tmp_path: Path) -> None:
    rows = "".join(f"ACME,2024-12-31,Revenue,{i}.00,plain\n" for i in range(20_000))
    path = write_text(
        tmp_path / "x.csv",
        CSV.splitlines()[0] + "\n" + rows + "ACME,2024-12-31,R,1,é\n",
        encoding="latin-1",
    )
    assert sniff_text(path).encoding == "cp1252"
    assert _records(path)[-1].description == "é"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(tmp_path: Path, delimiter: str) -> None:
    text = (
        CSV.replace(",", delimiter)
        + delimiter.join(["B", "2024-01-01", "Cost", '"(3.50)"', "x"])
        + "\n"
    )
    path = write_text(tmp_path / "x.txt", text)
    assert sniff_text(path).delimiter == delimiter
    assert [r.amount_minor for r in _records(path)] == [units("10"), units("-3.50")]
