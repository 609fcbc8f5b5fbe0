"""Streaming AES-256-GCM for whole archives: chunked, so large archives never sit in memory.

Layout: MAGIC, a header (key derivation, salt, nonce prefix), then chunks of
`len(4 bytes) || ciphertext+tag`. Each chunk's nonce is prefix || counter || final-flag and the
header is authenticated with every chunk, so reordering, truncation or an edited header fail.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from elara.core import sealed
from elara.core.errors import BadRequest

MAGIC = b"ELARAENC1\n"
CHUNK = 1024 * 1024
_HEADER = struct.Struct(">B16sBBB7s")  # kdf, salt, log2(n), r, p, nonce prefix
KDF_KEY, KDF_SCRYPT = 0, 1
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1


class BackupKeyError(BadRequest):
    code = "backup_key_error"
    message = "The backup could not be decrypted: wrong key or passphrase, or a damaged file."


def decode_key(value: str) -> bytes:
    """ELARA_BACKUP_KEY: base64 of exactly 32 random bytes."""
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BackupKeyError("ELARA_BACKUP_KEY is not valid base64.") from exc
    if len(key) != 32:
        raise BackupKeyError("ELARA_BACKUP_KEY must decode to 32 bytes (AES-256).")
    return key


def _scrypt(passphrase: str, salt: bytes, log2n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**log2n, r=r, p=p).derive(passphrase.encode())


class Secret:
    """Either a raw 32-byte key or a passphrase (stretched with scrypt per archive)."""

    def __init__(self, *, key: bytes | None = None, passphrase: str | None = None) -> None:
        if (key is None) == (passphrase is None):
            raise ValueError("give exactly one of key or passphrase")
        self.key = key
        self.passphrase = passphrase

    def header(self) -> bytes:
        kdf = KDF_KEY if self.key is not None else KDF_SCRYPT
        return _HEADER.pack(kdf, os.urandom(16), SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, os.urandom(7))

    def derive(self, header: bytes) -> bytes:
        kdf, salt, log2n, r, p, _ = _HEADER.unpack(header)
        if kdf == KDF_KEY and self.key is not None:
            return self.key
        if kdf == KDF_SCRYPT and self.passphrase is not None:
            if not (10 <= log2n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
                raise BackupKeyError("The archive header is damaged.")
            return _scrypt(self.passphrase, salt, log2n, r, p)
        wanted = "a passphrase" if kdf == KDF_SCRYPT else "ELARA_BACKUP_KEY"
        raise BackupKeyError(f"This archive was encrypted with {wanted}.")


def _nonce(prefix: bytes, counter: int, final: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if final else 0)


def encrypt_stream(source: BinaryIO, target: BinaryIO, secret: Secret) -> None:
    """Encrypt source into target chunk by chunk."""
    header = secret.header()
    prefix = header[-7:]
    target.write(MAGIC + header)
    for _, data, _ in sealed.seal(
        secret.derive(header),
        source,
        nonce=lambda number, final: _nonce(prefix, number, final),
        aad=lambda _number, _final: MAGIC + header,
        size=CHUNK,
    ):
        target.write(struct.pack(">I", len(data)) + data)


def _read_exact(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise BackupKeyError("The encrypted archive is truncated.")
    return data


def decrypt_stream(source: BinaryIO, target: BinaryIO, secret: Secret) -> None:
    """Decrypt and authenticate every chunk; raises BackupKeyError on any tampering."""
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupKeyError("This is not an encrypted Elara backup.")
    header = _read_exact(source, _HEADER.size)
    key = secret.derive(header)
    try:
        for plain in sealed.unseal(
            key, _stored_chunks(source, header[-7:]), aad=lambda *_: MAGIC + header
        ):
            target.write(plain)
    except InvalidTag as exc:
        raise BackupKeyError() from exc


def _stored_chunks(source: BinaryIO, prefix: bytes) -> Iterator[tuple[bytes, bytes, bool]]:
    """(nonce, ciphertext, is last) per chunk: the last is the one no length follows."""
    length, number = source.read(4), 0
    while True:
        if len(length) != 4:
            raise BackupKeyError("The encrypted archive is truncated.")
        data = _read_exact(source, struct.unpack(">I", length)[0])
        length = source.read(4)
        final = not length
        yield _nonce(prefix, number, final), data, final
        if final:
            return
        number += 1


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC
