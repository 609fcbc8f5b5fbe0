"""A minimal writer of old binary Excel workbooks (.xls, BIFF8 in a compound file).

Finance teams still receive "Excel 97-2003" files from older desktop packages. No .xls writer
is a project dependency, so the corpus writes the format itself: one sheet of text, numbers
and dates, the way those packages store it (a shared-string table, NUMBER cells, a date
format on date cells). Only what a reader needs is written: no fonts, styles or formulas.
"""

from __future__ import annotations

import datetime as dt
import struct
from decimal import Decimal
from pathlib import Path

Cell = str | Decimal | int | dt.date | None

_SECTOR = 512
_END, _FREE, _FAT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
_EPOCH = dt.date(1899, 12, 30)


def _record(kind: int, body: bytes) -> bytes:
    assert len(body) <= 8224, "a BIFF record this long needs CONTINUE records"  # nosec B101
    return struct.pack("<HH", kind, len(body)) + body


def _text(value: str, length_bytes: int = 2) -> bytes:
    """An XLUnicodeString: Latin-1 compressed when it fits, else UTF-16."""
    try:
        raw, flags = value.encode("latin-1"), 0
    except UnicodeEncodeError:
        raw, flags = value.encode("utf-16-le"), 1
    size = struct.pack("<H" if length_bytes == 2 else "<B", len(value))
    return size + bytes([flags]) + raw


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _xf(number_format: int) -> bytes:
    return _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, number_format, 0, 0x20, 0, 0, 0, 0, 0, 0))


def _workbook_stream(sheet: str, rows: list[list[Cell]]) -> bytes:
    strings: dict[str, int] = {}
    cells = b""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                index = strings.setdefault(value, len(strings))
                cells += _record(0x00FD, struct.pack("<HHHI", r, c, 0, index))
            elif isinstance(value, dt.date):
                serial = float((value - _EPOCH).days)
                cells += _record(0x0203, struct.pack("<HHHd", r, c, 1, serial))
            else:
                cells += _record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))
    width = max((len(row) for row in rows), default=0)
    sheet_part = (
        _bof(0x0010)
        + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        + cells
        + _record(0x000A, b"")
    )
    total = len(strings)
    sst = _record(0x00FC, struct.pack("<II", total, total) + b"".join(map(_text, strings)))
    head = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200)) + _xf(0) + _xf(14)
    name = _text(sheet, length_bytes=1)
    tail = sst + _record(0x000A, b"")
    offset = len(head) + 4 + 6 + len(name) + len(tail)  # where the sheet's BOF will be
    bound = _record(0x0085, struct.pack("<IBB", offset, 0, 0) + name)
    return head + bound + tail + sheet_part


def _directory_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _FREE, _FREE, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<III", start, size, 0)
    )


def write_xls(path: Path, sheet: str, rows: list[list[Cell]]) -> Path:
    """One sheet as an Excel 97-2003 workbook: FAT, directory, then the Workbook stream."""
    stream = _workbook_stream(sheet, rows)
    stream = stream.ljust(max(4096, -(-len(stream) // _SECTOR) * _SECTOR), b"\0")
    sectors = len(stream) // _SECTOR
    assert sectors + 2 <= _SECTOR // 4, "one FAT sector holds this writer's files"  # nosec B101
    fat = [_FAT, _END] + [2 + i + 1 for i in range(sectors - 1)] + [_END]
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", 0, *([_FREE] * 108))
    )
    directory = (
        _directory_entry("Root Entry", 5, 1, _END, 0)
        + _directory_entry("Workbook", 2, _FREE, 2, len(stream))
        + _directory_entry("", 0, _FREE, 0, 0) * 2
    )
    path.write_bytes(header + struct.pack(f"<{len(fat)}I", *fat) + directory + stream)
    return path
