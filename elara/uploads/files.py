"""Originals kept encrypted at rest (AES-256-GCM in 1 MiB frames) under generated names."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import shutil
import struct
import uuid
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import BinaryIO

from elara.core import sealed
from elara.core.config import Settings
from elara.core.errors import ServiceUnavailable
from elara.ingest.limits import SizeLimits
from elara.ingest.sniff import TextFormat

MAGIC = b"ELARA-ENC1\n"
FRAME = 1 << 20
KEY_FILE = "upload_key"
_HEADER = struct.Struct(">I?")  # frame length, last frame


def upload_key(settings: Settings) -> bytes:
    """The 32-byte key: ELARA_UPLOAD_KEY (base64), else a key file in the data folder."""
    if settings.upload_key is not None:
        key = base64.b64decode(settings.upload_key.get_secret_value())
        if len(key) != 32:
            raise ServiceUnavailable("ELARA_UPLOAD_KEY must be 32 bytes, base64-encoded.")
        return key
    path = settings.data_dir / KEY_FILE
    if not path.exists():
        if settings.is_production:
            raise ServiceUnavailable("Set ELARA_UPLOAD_KEY to keep uploaded originals encrypted.")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(base64.b64encode(secrets.token_bytes(32)).decode())
    return base64.b64decode(path.read_text().strip())


def originals_dir(settings: Settings) -> Path:
    return settings.data_dir / "originals"


def work_dir(settings: Settings) -> Path:
    path = settings.data_dir / "work"
    path.mkdir(parents=True, exist_ok=True)
    return path


def job_dir(settings: Settings, batch_id: int) -> Path:
    """The folder of one upload job: the received file, then each attempt's temporary files."""
    return work_dir(settings) / f"job-{int(batch_id)}"


def attempt_dir(settings: Settings, batch_id: int, attempt: int) -> Path:
    """A fresh folder for this attempt; earlier attempts' files (dead work) are removed."""
    folder = job_dir(settings, batch_id)
    folder.mkdir(parents=True, exist_ok=True)
    mine = folder / f"attempt-{int(attempt)}"
    for entry in folder.glob("attempt-*"):
        if entry != mine:
            shutil.rmtree(entry, ignore_errors=True)
    mine.mkdir(exist_ok=True)
    return mine


def _identity(path: Path) -> list[int]:
    """What ties a note to one file: inode, size and modification time (a rename keeps them)."""
    stat = path.stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def note_sniffed(received: Path, text_format: TextFormat | None) -> None:
    """Note beside a received file what its strict inspection sniffed (encoding, delimiter;
    its lines checked against the default limits), so the parse need not read it twice more.

    Written by the gateway in its own job folder after the inspection passed; read back only
    by ``sniffed_format`` for exactly this file."""
    if text_format is None:
        return
    note = {
        "encoding": text_format.encoding,
        "delimiter": text_format.delimiter,
        "limits": asdict(SizeLimits()),
        "file": _identity(received),
    }
    received.with_name(received.name + ".sniffed.json").write_text(json.dumps(note))


def sniffed_format(received: Path) -> TextFormat | None:
    """What the inspection noted of this received file (``note_sniffed``), if it was noted for
    this very file under the limits in force; else None (the parse sniffs it itself)."""
    try:
        note = json.loads(received.with_name(received.name + ".sniffed.json").read_text())
        if note["file"] != _identity(received) or note["limits"] != asdict(SizeLimits()):
            return None
        return TextFormat(encoding=str(note["encoding"]), delimiter=str(note["delimiter"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove_job_dir(settings: Settings, batch_id: int) -> None:
    shutil.rmtree(job_dir(settings, batch_id), ignore_errors=True)


def clean_work_dir(settings: Settings, *, before: float) -> int:
    """Remove temporary files of interrupted work (not touched since ``before``, a Unix time).

    Received files, spools and transcoded copies live in <data>/work only while an
    upload runs; what a killed process left there would otherwise stay forever.
    Returns how many entries were removed.
    """
    removed = 0
    for entry in work_dir(settings).iterdir():
        if entry.name.startswith("job-"):
            continue  # a queued job's: cleaned by whoever takes the job over
        try:
            if entry.lstat().st_mtime >= before:
                continue  # written since start-up: another live process's work
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed += 1
        except FileNotFoundError:
            continue
    return removed


def _random_nonce(_number: int, _last: bool) -> bytes:
    return secrets.token_bytes(12)


def _frame_aad(number: int, last: bool) -> bytes:
    # The frame number and the last-frame flag are authenticated: no reordering or cuts.
    return struct.pack(">Q?", number, last)


class _Hashing:
    """A binary file read through SHA-256 (one pass for the digest and the copy)."""

    def __init__(self, source: BinaryIO) -> None:
        self.source, self.digest = source, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        block = self.source.read(size)
        self.digest.update(block)
        return block


def encrypt_and_hash(source: Path, *, settings: Settings) -> tuple[str, str]:
    """Encrypt a file into the originals folder in one read of it; returns its generated
    relative name and the SHA-256 of its plaintext (hex)."""
    key = upload_key(settings)
    name = f"{uuid.uuid4().hex}.enc"
    target = originals_dir(settings) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as handle, target.open("wb") as out:
        plain = _Hashing(handle)
        out.write(MAGIC)
        for nonce, data, last in sealed.seal(
            key,
            plain,  # type: ignore[arg-type]
            nonce=_random_nonce,
            aad=_frame_aad,
            size=FRAME,
        ):
            out.write(_HEADER.pack(len(data), last) + nonce + data)
    return name, plain.digest.hexdigest()


def _stored_frames(source: BinaryIO) -> Iterator[tuple[bytes, bytes, bool]]:
    last = False
    while not last:
        length, last = _HEADER.unpack(source.read(_HEADER.size))
        nonce = source.read(12)
        yield nonce, source.read(length), last


def decrypt_file(name: str, target: Path, *, settings: Settings) -> Path:
    """Decrypt a stored original to `target` (raises on any tampering)."""
    key = upload_key(settings)
    source = originals_dir(settings) / Path(name).name
    with source.open("rb") as stored, target.open("wb") as out:
        if stored.read(len(MAGIC)) != MAGIC:
            raise ValueError("not an Elara encrypted file")
        for plain in sealed.unseal(key, _stored_frames(stored), aad=_frame_aad):
            out.write(plain)
    return target


def remove_original(name: str, *, settings: Settings) -> None:
    (originals_dir(settings) / Path(name).name).unlink(missing_ok=True)
