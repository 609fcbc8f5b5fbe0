"""Detect a file's type from its bytes, guard workbooks against zip bombs and XML
entity expansion, and sniff text encoding and delimiter."""

from __future__ import annotations

import csv
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from elara.ingest.errors import MixedEncodingError, UnsafeFileError, UnsupportedFileError
from elara.ingest.limits import SizeLimits, check_ods, check_text_file, check_xlsx
from elara.ingest.sheet_cells import SheetCells

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
DELIMITERS = ",;\t|"
SAMPLE_BYTES = 64 * 1024
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_DOCTYPE_RE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_MARKER_OVERLAP = len(b"<!DOCTYPE") - 1
XML_SCAN_CHUNK = 1 << 20
_BINARY_PARTS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin")
_KNOWN_BINARY = {
    b"\x89PNG": "PNG image",
    b"%PDF": "PDF document",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\x1f\x8b": "gzip archive",
    b"MZ": "executable",
    b"\x7fELF": "executable",
}


class FileKind(StrEnum):
    """What the bytes say the file is."""

    XLSX = "xlsx"
    ODS = "ods"
    XLS = "xls"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """Zip-bomb limits applied to xlsx/ods before any parsing."""

    max_total_uncompressed: int = 1 << 30
    max_entries: int = 10_000
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1 << 20  # tiny entries compress absurdly well; ignore them
    size: SizeLimits = field(default_factory=SizeLimits)  # rows, columns, cells, text


@dataclass(frozen=True, slots=True)
class TextFormat:
    """Encoding and delimiter of a delimited text file."""

    encoding: str  # "utf-8", "utf-8-sig", "utf-16" or "cp1252"/"latin-1"
    delimiter: str


def detect_kind(path: Path, limits: ZipLimits | None = None) -> FileKind:
    """Classify the file by content; workbooks are safety-checked on the way."""
    return detect(path, limits)[0]


def detect(path: Path, limits: ZipLimits | None = None) -> tuple[FileKind, dict[str, SheetCells]]:
    """``detect_kind``, with what an .xlsx's sheets' cells do not show (by zip member), found
    in the same read as its size checks ({} for other files)."""
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    if head.startswith(OLE2_MAGIC):
        return FileKind.XLS, {}
    if head.startswith(ZIP_MAGIC):
        return _check_zip_workbook(path, limits or ZipLimits())
    for magic, what in _KNOWN_BINARY.items():
        if head.startswith(magic):
            raise UnsupportedFileError(f"The file is a {what}, not a spreadsheet")
    if head.startswith(UTF16_BOMS):  # Excel's "Unicode Text": NUL bytes, yet text
        return FileKind.TEXT, {}
    if _looks_binary(head):
        raise UnsupportedFileError("The file is binary data, not a spreadsheet or CSV")
    return FileKind.TEXT, {}


def _looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters mean this is not text."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    return controls / len(head) > 0.01


def _check_zip_workbook(path: Path, limits: ZipLimits) -> tuple[FileKind, dict[str, SheetCells]]:
    """Identify xlsx/ods inside a zip and refuse bombs and entity declarations."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise UnsupportedFileError("The file is a damaged zip archive") from exc
    with archive:
        infos = archive.infolist()
        check_zip_limits(infos, limits)
        names = {info.filename for info in infos}
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            kind = FileKind.XLSX
        elif "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
            kind = FileKind.ODS
        else:
            raise UnsupportedFileError("The zip archive is not an XLSX or ODS workbook")
        for info in infos:
            if not info.filename.lower().endswith(_BINARY_PARTS):
                _check_xml_entry(archive, info)  # any other part may be read as XML
        cells = _check_sizes(archive, kind, limits.size)
    return kind, cells


def _check_sizes(
    archive: zipfile.ZipFile, kind: FileKind, limits: SizeLimits
) -> dict[str, SheetCells]:
    """Declared and used sizes, read before any reader allocates for them."""
    try:
        if kind is FileKind.XLSX:
            return check_xlsx(archive, limits)
        check_ods(archive, limits)
        return {}
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise UnsupportedFileError("The file is a damaged zip archive") from exc


def check_zip_limits(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    """Raise UnsafeFileError if the declared sizes look like a zip bomb."""
    if len(infos) > limits.max_entries:
        raise UnsafeFileError(f"The workbook has {len(infos)} entries (limit {limits.max_entries})")
    total = sum(info.file_size for info in infos)
    if total > limits.max_total_uncompressed:
        raise UnsafeFileError(
            f"The workbook unpacks to {total} bytes (limit {limits.max_total_uncompressed})"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise UnsafeFileError(
                f'Entry "{info.filename}" compresses {ratio:.0f}:1 '
                f"(limit {limits.max_ratio:.0f}:1); refusing a likely zip bomb"
            )


def _check_xml_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse DOCTYPE/ENTITY declarations anywhere in the entry, not just its first bytes.

    The entry is read in chunks; zipfile stops at the declared size, which
    ``check_zip_limits`` has already bounded, so a bomb cannot make this run long.
    """
    tail = b""
    try:
        with archive.open(info) as entry:
            while block := entry.read(XML_SCAN_CHUNK):
                if _DOCTYPE_RE.search(tail + block):
                    raise UnsafeFileError(
                        f'Entry "{info.filename}" declares a DOCTYPE/ENTITY; '
                        "XML entity declarations are refused"
                    )
                tail = block[-_MARKER_OVERLAP:]  # a marker may straddle two chunks
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise UnsupportedFileError("The file is a damaged zip archive") from exc
    except (NotImplementedError, RuntimeError) as exc:  # unknown compression, encryption
        raise UnsupportedFileError(f"The workbook cannot be read: {exc}") from exc


def sniff_text(path: Path, limits: SizeLimits | None = None) -> TextFormat:
    """Guess encoding (UTF-8 with/without BOM, else cp1252/latin-1) and delimiter;
    refuse over-long lines and too many columns."""
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    encoding = sniff_encoding(head, path)
    text = head.decode(encoding, errors="ignore")
    delimiter = sniff_delimiter(text)
    check_text_file(path, delimiter, limits or SizeLimits())
    return TextFormat(encoding=encoding, delimiter=delimiter)


def sniff_encoding(head: bytes, path: Path) -> str:
    """UTF-8 if the whole file decodes as UTF-8, else Shift_JIS when it reads as Japanese,
    else Windows-1250 when Polish or Czech letters show, else Windows-1252 (or Latin-1).

    A file that is neither (UTF-8 text in one place, single-byte text in another)
    is refused with MixedEncodingError: any one reading garbles part of it.
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith(UTF16_BOMS):
        return "utf-16"
    if _is_utf8(path):
        return "utf-8"
    if _japanese(path):
        return "cp932"
    _refuse_mixed(path)
    if _central_european(path):
        return "cp1250"
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


# Bytes that are letters in Windows-1250 (Polish, Czech: ą ł ź ż Ą Ł Ź Ż ť Ť) and symbols in
# Windows-1252 (¹ ³ Ÿ ¿ ¥ £ ¯ and the unassigned 0x8D 0x8F 0x9D), found inside a word. Not
# 0x9C / 0x8C: Windows-1252's œ / Œ stand inside French words ("cœur").
_CP1250_IN_WORD = re.compile(rb"[A-Za-z][\x8d\x8f\x9d\x9f\xa3\xa5\xaf\xb3\xb9\xbf][A-Za-z]")


def _central_european(path: Path, size: int = 1 << 16) -> bool:
    """Single-byte text in Windows-1250: two or more words read with a Polish or Czech
    letter ("Z\xa3OTY", "Ksi\xeag") where Windows-1252 would put a symbol ("Z£OTY")."""
    with path.open("rb") as handle:
        head = handle.read(size)
    return len(_CP1250_IN_WORD.findall(head)) >= 2


# Full-width hiragana and katakana (ぁ-ゖ, ァ-ヶ, ー): in Shift_JIS two bytes led by 0x82 or
# 0x83, which Windows-1252 text almost never holds (a low quote and a florin sign).
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fc]")


def _japanese(path: Path) -> bool:
    """Japanese text in Shift_JIS (Windows code page 932, what Japanese banks and packages
    write): the whole file decodes so, and its words hold two or more full-width kana."""
    import codecs

    decoder = codecs.getincrementaldecoder("cp932")()
    kana = 0
    with path.open("rb") as handle:
        try:
            while block := handle.read(1 << 20):
                kana += len(_KANA.findall(decoder.decode(block)))
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return kana >= 2


def _is_utf8(path: Path, chunk: int = 1 << 20) -> bool:
    """Decode the whole file incrementally; a Latin-1 byte may sit anywhere."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while block := handle.read(chunk):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


# A multi-byte UTF-8 sequence; in genuine Windows-1252 text these pairs ("Ã©") are rare.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_UTF8_PIECE = re.compile(rb"[\x80-\xff]+")


def _refuse_mixed(path: Path, chunk: int = 1 << 20) -> None:
    """Raise MixedEncodingError when a non-UTF-8 file also holds UTF-8 sequences."""
    utf8_line = single_line = 0
    with path.open("rb") as handle:
        line = 1
        tail = b""
        while block := handle.read(chunk):
            data = tail + block
            for run in _UTF8_PIECE.finditer(data):
                is_utf8 = _is_utf8_run(run.group())
                at = line + data.count(b"\n", 0, run.start())
                if is_utf8 and not utf8_line:
                    utf8_line = at
                if not is_utf8 and not single_line:
                    single_line = at
                if utf8_line and single_line:
                    raise MixedEncodingError(utf8_line=utf8_line, single_line=single_line)
            cut = max(len(data) - 3, 0)  # a sequence may straddle two blocks
            line += data.count(b"\n", 0, cut)
            tail = data[cut:]


def _is_utf8_run(run: bytes) -> bool:
    try:
        run.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return bool(_UTF8_SEQUENCE.match(run))


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter among , ; TAB | that splits the sample lines most consistently.

    Each delimiter is scored by the largest block of lines it splits into the same number of
    fields (fields x lines): the table. A bank's export with a preamble of two-cell lines and a
    closing balance line wider than the table ("Umsatzanzeige" of German banks, amounts
    "12.450,33" in quotes) is read by its table, not by the comma inside its amounts; a first
    line of 31 batch fields above a table of 14 columns (DATEV) is one line, not the table."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) > 1:
        lines = lines[:-1]  # the sample may cut the last line in half
    best, best_score = ",", -1.0
    for delimiter in DELIMITERS:
        counts = Counter(len(row) - 1 for row in csv.reader(lines, delimiter=delimiter))
        counts.pop(0, None)
        if not counts:
            continue
        score = max(width * times for width, times in counts.items()) / len(lines)
        if score > best_score:
            best, best_score = delimiter, score
    return best
