"""Hostile files written on the fly: each is a few kilobytes that once hurt the server."""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

from tests.ingest.builders import rewrite_part, write_xlsx

SHEET = "xl/worksheets/sheet1.xml"
ROWS = [["Company", "Date", "Account", "Amount"], ["ACME", "2024-01-31", "Revenue", 10]]


def _ledger(path: Path, extra: list[list[object]] | None = None) -> Path:
    return write_xlsx(path, {"Sheet1": ROWS + (extra or [])})


def declared_dimension(path: Path, ref: str = "A1:XFD1048576") -> Path:
    """A small sheet whose <dimension> claims the whole Excel grid."""
    return rewrite_part(
        _ledger(path),
        SHEET,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml),
    )


def far_cell(path: Path, ref: str = "XFD1048576", *, separator: str = " ") -> Path:
    """One extra cell placed at ``ref`` (so the used grid is huge, the file tiny)."""
    row = re.sub(r"[A-Z]+", "", ref)

    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b'<row r="3"', f'<row r="{row}"'.encode())
        return xml.replace(b' r="A3"', f'{separator}r="{ref}"'.encode())

    return rewrite_part(_ledger(path, [["X"]]), SHEET, edit)


def shared_string_count(path: Path, count: int = 2_000_000_000) -> Path:
    """A shared-string table that declares ``count`` strings."""
    return rewrite_part(
        _ledger(path),
        "xl/sharedStrings.xml",
        lambda xml: re.sub(
            rb'count="\d+" uniqueCount="\d+"',
            f'count="{count}" uniqueCount="{count}"'.encode(),
            xml,
        ),
    )


def long_cell(path: Path, chars: int = 40_000) -> Path:
    """A text cell longer than any spreadsheet application allows (32,767)."""
    _ledger(path, [["ACME", "2024-02-29", "LONG", 1]])
    return rewrite_part(
        path, "xl/sharedStrings.xml", lambda xml: xml.replace(b">LONG<", b">" + b"x" * chars + b"<")
    )


def uppercase_part_with_doctype(path: Path) -> Path:
    """The sheet stored as ``sheet1.XML`` and declaring a DOCTYPE with an entity."""
    _ledger(path)
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = parts.pop(SHEET)
    doctype = b'<!DOCTYPE x [<!ENTITY e "boom">]>'
    parts["xl/worksheets/sheet1.XML"] = sheet.replace(b"?>", b"?>" + doctype, 1)
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[name] = parts[name].replace(b"sheet1.xml", b"sheet1.XML")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def false_entry_size(path: Path, member: str = SHEET, size: int = 50) -> Path:
    """The zip declares ``size`` bytes for ``member`` (local and central headers alike)."""
    _ledger(path)
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, offset, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            if data[at + name_at : at + name_at + len(name)] == name:
                struct.pack_into("<I", data, at + offset, size)
            start = at + 4
    path.write_bytes(bytes(data))
    return path


def wide_csv(path: Path, columns: int = 5_000) -> Path:
    """A CSV whose header has ``columns`` columns."""
    header = ",".join(f"c{i}" for i in range(columns))
    path.write_text(f"Company,Date,Account,Amount,{header}\nACME,2024-01-31,Revenue,1\n")
    return path


def long_line_csv(path: Path, size: int = 3 << 20) -> Path:
    """A CSV with one description several megabytes long."""
    path.write_text(
        f"Company,Date,Account,Amount,Description\nACME,2024-01-31,Revenue,1,{'y' * size}\n"
    )
    return path
