"""XML entity declarations in workbooks: refused wherever they sit, never expanded by a reader."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastexcel
import pytest
import python_calamine
from defusedxml import DefusedXmlException

from elara.ingest import UnsafeFileError, UnsupportedFileError, parse_file, sniff
from elara.ingest.sniff import FileKind, detect_kind
from elara.ingest.workbook import _sheet_member
from tests.amounts import units

from .builders import rewrite_part, write_xlsx

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
ROWS = [["Company", "Date", "Account", "Amount"], ["ACME", "2024-01-01", "Revenue", 5]]
DTD = b'<!DOCTYPE worksheet [<!ENTITY a "EXPANDED"><!ENTITY b "&a;&a;&a;&a;">]>'
REFUSED = 'Entry "{}" declares a DOCTYPE/ENTITY; XML entity declarations are refused'


def _after_declaration(insert: bytes) -> Callable[[bytes], bytes]:
    """Put ``insert`` right after the ``<?xml ...?>`` declaration."""

    def edit(data: bytes) -> bytes:
        end = data.index(b"?>") + 2
        return data[:end] + insert + data[end:]

    return edit


def _book(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "book.xlsx", {"S": ROWS})


@pytest.mark.parametrize("member", [SHEET, STRINGS, "xl/workbook.xml"])
def test_entity_declared_past_the_first_4kb_is_refused(tmp_path: Path, member: str) -> None:
    comment = b"<!--" + b"padding " * 1000 + b"-->"  # 8 KB before the DOCTYPE
    path = rewrite_part(_book(tmp_path), member, _after_declaration(comment + DTD))
    with zipfile.ZipFile(path) as archive:
        assert archive.read(member).index(b"<!DOCTYPE") > 4096
    with pytest.raises(UnsafeFileError) as caught:
        list(parse_file(path))
    assert str(caught.value) == REFUSED.format(member)


def test_entity_declared_after_the_root_element_is_refused(tmp_path: Path) -> None:
    path = rewrite_part(_book(tmp_path), SHEET, lambda data: data + b"\n" * 10_000 + DTD)
    with pytest.raises(UnsafeFileError, match="DOCTYPE/ENTITY"):
        detect_kind(path)


@pytest.mark.parametrize("shift", range(10))
def test_marker_split_across_read_chunks_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shift: int
) -> None:
    monkeypatch.setattr(sniff, "XML_SCAN_CHUNK", 16)
    path = rewrite_part(_book(tmp_path), SHEET, _after_declaration(b" " * shift + DTD))
    with pytest.raises(UnsafeFileError, match="DOCTYPE/ENTITY"):
        detect_kind(path)


def test_full_scan_accepts_a_clean_workbook_in_small_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sniff, "XML_SCAN_CHUNK", 7)
    path = _book(tmp_path)
    assert detect_kind(path) is FileKind.XLSX
    assert [r.amount_minor for b in parse_file(path) for r in b.records] == [units("5")]


def test_damaged_entry_is_unsupported_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(_book(tmp_path)) as source:
        parts = [(i.filename, source.read(i)) for i in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    raw = bytearray(path.read_bytes())
    at = raw.index(b"<sheetData>")
    raw[at + 1] ^= 0x20  # same size, wrong CRC
    path.write_bytes(bytes(raw))
    with pytest.raises(UnsupportedFileError, match="damaged zip"):
        detect_kind(path)


def _calamine(path: Path) -> Any:
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python()


def _fastexcel(path: Path) -> Any:
    return fastexcel.read_excel(str(path)).load_sheet(0, header_row=None).to_polars().rows()


@pytest.mark.parametrize("reader", [_calamine, _fastexcel], ids=["calamine", "fastexcel"])
@pytest.mark.parametrize("member", [SHEET, STRINGS])
@pytest.mark.parametrize("entity", ["internal", "external"])
def test_workbook_readers_never_expand_entities(
    tmp_path: Path, reader: Callable[[Path], Any], member: str, entity: str
) -> None:
    """Defence in depth: even past the sniff check, calamine refuses declared entities."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    dtd = DTD.replace(b"]>", f'<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'.encode())
    use = b"&b;" if entity == "internal" else b"&xxe;"
    cell = b'<c r="C2" t="inlineStr"><is><t>' + use + b"</t></is></c>"

    def edit(data: bytes) -> bytes:
        data = _after_declaration(dtd)(data)
        if member == SHEET:
            start = data.index(b'<c r="C2"')
            return data[:start] + cell + data[data.index(b"</c>", start) + 4 :]
        return data.replace(b"<t>Revenue</t>", b"<t>" + use + b"</t>")

    path = rewrite_part(_book(tmp_path), member, edit)
    with pytest.raises(UnsafeFileError):
        detect_kind(path)  # the sniff check refuses it first
    with pytest.raises(Exception, match="unrecognized entity") as caught:
        reader(path)
    assert "EXPANDED" not in str(caught.value)
    assert "TOPSECRET" not in str(caught.value)


def test_own_workbook_xml_parsing_refuses_a_dtd(tmp_path: Path) -> None:
    path = _book(tmp_path)
    with zipfile.ZipFile(path) as archive:
        assert _sheet_member(archive, "S") == SHEET
    rewrite_part(path, "xl/workbook.xml", _after_declaration(DTD))
    with zipfile.ZipFile(path) as archive, pytest.raises(DefusedXmlException):
        _sheet_member(archive, "S")
