"""Small CSV files sent to settings routes (accounts, FX rates): size-checked, UTF-8 text."""

from __future__ import annotations

from typing import BinaryIO

from elara.core.errors import InvalidInput, PayloadTooLarge

MAX_CSV_BYTES = 2 * 1024 * 1024


def csv_text(data: bytes, *, what: str) -> str:
    """``data`` as text (UTF-8, a BOM dropped); 413 above 2 MB, 422 ``bad_csv`` if not UTF-8.

    ``what`` names the files in the message ("Rate files are limited to 2 MB.")."""
    if len(data) > MAX_CSV_BYTES:
        raise PayloadTooLarge(f"{what} are limited to 2 MB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("The file is not UTF-8 text.", code="bad_csv") from exc


def read_csv_upload(handle: BinaryIO, *, what: str) -> str:
    """An uploaded file's text, reading at most one byte past the limit."""
    return csv_text(handle.read(MAX_CSV_BYTES + 1), what=what)
