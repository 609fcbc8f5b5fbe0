"""The archive itself: a tar.gz of staged files and upload files with a manifest of checksums."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from elara.core.errors import BadRequest

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"  # HMAC-SHA256 of the manifest: only Elara's key can write it
FORMAT_VERSION = 1
_READ = 1024 * 1024


class ArchiveInvalid(BadRequest):
    code = "backup_invalid"
    message = "The backup archive failed verification."


class _HashingReader:
    """Reads at most `size` bytes from a file, hashing exactly what was handed to tar."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


@dataclass
class ArchiveWriter:
    """Streams files into a gzip'd tar and records each one's size and SHA-256."""

    path: Path
    entries: list[dict[str, Any]] = field(default_factory=list)

    key: bytes = b""

    def __post_init__(self) -> None:
        private_file(self.path)
        self._tar = tarfile.open(self.path, "w:gz")  # noqa: SIM115 - closed in finish()

    def add_file(self, source: Path, name: str) -> None:
        info = tarfile.TarInfo(name)
        with source.open("rb") as handle:
            info.size = source.stat().st_size
            info.mtime = int(source.stat().st_mtime)
            info.mode = 0o600
            reader = _HashingReader(handle)
            self._tar.addfile(info, reader)  # type: ignore[arg-type,unused-ignore]
        self.entries.append({"path": name, "size": info.size, "sha256": reader.digest.hexdigest()})

    def add_tree(self, folder: Path, prefix: str) -> None:
        if not folder.is_dir():
            return
        for source in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
            self.add_file(source, f"{prefix}/{source.relative_to(folder).as_posix()}")

    def finish(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """Write the manifest last (it lists everything before it) and close the archive."""
        manifest = {**manifest, "format": FORMAT_VERSION, "files": self.entries}
        data = json.dumps(manifest, indent=2, sort_keys=True).encode()
        for name, content in ((MANIFEST, data), (SIGNATURE, sign(self.key, data).encode())):
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(content), 0o600
            self._tar.addfile(info, io.BytesIO(content))
        self._tar.close()
        return manifest

    def abort(self) -> None:
        self._tar.close()
        self.path.unlink(missing_ok=True)


def private_file(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only (before any data goes in)."""
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)


def sign(key: bytes, manifest: bytes) -> str:
    """The manifest's authentication tag."""
    return hmac.new(key, manifest, hashlib.sha256).hexdigest()


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def _members(tar: tarfile.TarFile) -> Iterator[tuple[tarfile.TarInfo, IO[bytes] | None]]:
    for member in tar:
        yield member, tar.extractfile(member) if member.isfile() else None


def _hash(handle: IO[bytes]) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(_READ):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _scan(path: Path) -> tuple[bytes | None, str, dict[str, tuple[int, str]], list[str]]:
    seen: dict[str, tuple[int, str]] = {}
    problems: list[str] = []
    manifest: bytes | None = None
    signature = ""
    with tarfile.open(path, "r|gz") as tar:
        for member, handle in _members(tar):
            if not _safe_name(member.name) or not (member.isfile() or member.isdir()):
                problems.append(f"unsafe entry {member.name!r}")
            elif handle is not None and member.name == MANIFEST:
                manifest = handle.read(10 * _READ)
            elif handle is not None and member.name == SIGNATURE:
                signature = handle.read(256).decode("ascii", errors="replace").strip()
            elif handle is not None:
                seen[member.name] = _hash(handle)
    return manifest, signature, seen, problems


def verify_archive(path: Path, *, key: bytes) -> dict[str, Any]:
    """Check the manifest's signature, then every file against it; returns the manifest."""
    try:
        raw, signature, seen, problems = _scan(path)
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        raise ArchiveInvalid(f"The archive cannot be read: {type(exc).__name__}.") from exc
    if raw is None:
        raise ArchiveInvalid("The archive has no manifest.")
    if not hmac.compare_digest(signature, sign(key, raw)):
        raise ArchiveInvalid(
            "The manifest signature does not match: this archive was not written by Elara "
            "with this installation's key (ELARA_BACKUP_KEY, else ELARA_SECRET_KEY)."
        )
    try:
        manifest: dict[str, Any] = json.loads(raw)
    except ValueError as exc:
        raise ArchiveInvalid("The manifest is not valid JSON.") from exc
    listed = {entry["path"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
    for name, expected in listed.items():
        if name not in seen:
            problems.append(f"{name}: missing")
        elif seen[name] != expected:
            problems.append(f"{name}: checksum mismatch")
    problems.extend(f"{name}: not in the manifest" for name in seen if name not in listed)
    if problems:
        raise ArchiveInvalid(details=[{"message": problem} for problem in problems])
    return manifest


def extract_archive(path: Path, target: Path) -> None:
    """Unpack a verified archive with tarfile's safe `data` filter."""
    with tarfile.open(path, "r:gz") as tar:
        tar.extractall(target, filter="data")
