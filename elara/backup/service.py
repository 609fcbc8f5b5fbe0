"""Making, verifying and restoring backups of the database, upload files and configuration."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy.engine import make_url

from elara import __version__
from elara.backup import database as db
from elara.backup.archive import (
    ArchiveInvalid,
    ArchiveWriter,
    extract_archive,
    private_file,
    verify_archive,
)
from elara.backup.crypto import Secret, decode_key, decrypt_stream, encrypt_stream, is_encrypted
from elara.core.config import Settings
from elara.core.db import create_db_engine
from elara.core.errors import Conflict
from elara.core.logging import is_sensitive_key

log = structlog.get_logger(__name__)

COMPONENTS = ("database", "files", "config")
UPLOADS = "uploads"
ORIGINALS = "originals"  # uploaded files as received, encrypted with the upload key
FILE_TREES = (UPLOADS, ORIGINALS)
KEY_FILES = ("secret_key", "upload_key", "upload.key")


def archive_kind(components: tuple[str, ...]) -> str:
    """`full` for everything, else the components joined (`database`, `files`, ...)."""
    chosen = [c for c in COMPONENTS if c in components]
    return "full" if len(chosen) == len(COMPONENTS) else "+".join(chosen)


def resolve_secret(
    settings: Settings, *, passphrase: str | None = None, required: bool = False
) -> Secret | None:
    """The passphrase when given, else ELARA_BACKUP_KEY, else None (or an error if required)."""
    if passphrase:
        return Secret(passphrase=passphrase)
    if settings.backup_key is not None:
        return Secret(key=decode_key(settings.backup_key.get_secret_value()))
    if required:
        raise ArchiveInvalid("Encryption needs ELARA_BACKUP_KEY or a passphrase.")
    return None


def manifest_key(settings: Settings) -> bytes:
    """The key that signs backup manifests: from ELARA_BACKUP_KEY, else the secret key."""
    if settings.backup_key is not None:
        material = settings.backup_key.get_secret_value().encode()
    else:
        material = settings.signing_key.encode()
    return hmac.new(material, b"elara backup manifest v1", hashlib.sha256).digest()


def public_settings(settings: Settings) -> dict[str, Any]:
    """The ELARA_* settings with every secret left out and passwords masked in URLs."""
    values = settings.model_dump(mode="json")
    safe = {k: v for k, v in values.items() if not is_sensitive_key(k) and k != "secret_key"}
    if settings.database_url:
        safe["database_url"] = make_url(settings.database_url).render_as_string(hide_password=True)
    return safe


def _database(settings: Settings, staging: Path, *, portable: bool) -> dict[str, Any]:
    from elara.core import migrate

    url = settings.resolved_database_url
    engine = create_db_engine(url, pool_size=1)
    try:
        if portable:
            fmt = db.dump_builtin(engine, staging)
        elif engine.dialect.name == "sqlite":
            fmt = db.dump_sqlite(url, staging)
        elif db.mysqldump_available():
            fmt = db.dump_mysqldump(url, staging)
        else:
            fmt = db.dump_builtin(engine, staging)
    finally:
        engine.dispose()
    return {
        "backend": make_url(url).get_backend_name(),
        "format": fmt,
        "alembic_revision": migrate.current_revision(url),
    }


def _config(settings: Settings, staging: Path, *, with_secrets: bool) -> list[str]:
    folder = staging / "config"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps(public_settings(settings), indent=2))
    if not with_secrets:
        return []
    keys = [name for name in KEY_FILES if (settings.data_dir / name).is_file()]
    for name in keys:
        shutil.copy2(settings.data_dir / name, folder / name)
    return keys


def _target_name(folder: Path, kind: str, now: datetime, encrypted: bool) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = ".tar.gz.enc" if encrypted else ".tar.gz"
    path, n = folder / f"elara-backup-{kind}-{stamp}{suffix}", 1
    while path.exists():
        path, n = folder / f"elara-backup-{kind}-{stamp}-{n}{suffix}", n + 1
    return path


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]


def create_backup(
    settings: Settings,
    *,
    components: tuple[str, ...] = COMPONENTS,
    output_dir: Path | None = None,
    secret: Secret | None = None,
    now: datetime | None = None,
    portable: bool = False,
) -> BackupResult:
    """Write one timestamped archive (encrypted when a secret is given) with its manifest.

    `portable` stores the database as JSON lines (restorable into SQLite or MySQL alike).
    """
    now = now or datetime.now(UTC)
    folder = output_dir or settings.resolved_backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    target = _target_name(folder, archive_kind(components), now, secret is not None)
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=folder) as tmp:
        staging = Path(tmp)
        manifest: dict[str, Any] = {
            "elara_version": __version__,
            "created": now.isoformat(),
            "components": [c for c in COMPONENTS if c in components],
            "encrypted": secret is not None,
        }
        if "database" in components:
            manifest["database"] = _database(settings, staging, portable=portable)
        if "config" in components:
            manifest["key_files"] = _config(settings, staging, with_secrets=secret is not None)
        plain = staging / "archive.tar.gz" if secret else target.with_suffix(".partial")
        writer = ArchiveWriter(plain, key=manifest_key(settings))
        try:
            writer.add_tree(staging / "database", "database")
            writer.add_tree(staging / "config", "config")
            if "files" in components:
                for tree in FILE_TREES:
                    writer.add_tree(settings.data_dir / tree, tree)
            manifest = writer.finish(manifest)
        except BaseException:
            writer.abort()
            raise
        if secret is not None:
            private_file(target.with_suffix(".partial"))
            with plain.open("rb") as source, target.with_suffix(".partial").open("wb") as out:
                encrypt_stream(source, out, secret)
        target.with_suffix(".partial").rename(target)
        target.chmod(0o600)
    log.info(
        "backup_created",
        archive=target.name,
        files=len(manifest["files"]),
        size=target.stat().st_size,
        encrypted=secret is not None,
    )
    return BackupResult(target, manifest)


@contextmanager
def opened_archive(path: Path, secret: Secret | None) -> Iterator[Path]:
    """The plain tar.gz of an archive (decrypted into a private temporary file if needed)."""
    if not path.is_file():
        raise ArchiveInvalid(f"No archive at {path}.")
    if not is_encrypted(path):
        yield path
        return
    if secret is None:
        raise ArchiveInvalid("This archive is encrypted: give ELARA_BACKUP_KEY or --passphrase.")
    with tempfile.TemporaryDirectory(prefix=".elara-restore-", dir=path.parent) as tmp:
        plain = Path(tmp) / "archive.tar.gz"
        with path.open("rb") as source, plain.open("wb") as out:
            decrypt_stream(source, out, secret)
        yield plain


def verify_backup(path: Path, *, key: bytes, secret: Secret | None = None) -> dict[str, Any]:
    """Decrypt if needed, check the manifest's signature and every checksum."""
    with opened_archive(path, secret) as plain:
        return verify_archive(plain, key=key)


def _uploads_have_files(settings: Settings) -> bool:
    folders = [settings.data_dir / tree for tree in FILE_TREES]
    return any(f.is_dir() and any(p.is_file() for p in f.rglob("*")) for f in folders)


def _restore_database(settings: Settings, extracted: Path, info: dict[str, Any]) -> None:
    url = settings.resolved_database_url
    engine = create_db_engine(url, pool_size=1)
    try:
        if info["format"] == "sqlite-backup":
            if engine.dialect.name != "sqlite":
                raise ArchiveInvalid("An SQLite backup restores only into SQLite.")
            db.restore_sqlite(url, extracted)
        elif info["format"] == "mysqldump":
            if engine.dialect.name == "sqlite":
                raise ArchiveInvalid("A mysqldump backup restores only into MySQL/MariaDB.")
            db.restore_mysqldump(url, engine, extracted)
        elif info["format"] == "jsonl":
            db.restore_builtin(url, engine, extracted, info.get("alembic_revision"))
        else:
            raise ArchiveInvalid(f"Unknown database format {info['format']!r}.")
    finally:
        engine.dispose()


def _restore_files(settings: Settings, extracted: Path) -> None:
    for tree in FILE_TREES:
        target = settings.data_dir / tree
        if target.exists():
            shutil.rmtree(target)
        if (extracted / tree).is_dir():
            shutil.copytree(extracted / tree, target)


def _restore_config(settings: Settings, extracted: Path, manifest: dict[str, Any]) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(
        extracted / "config" / "settings.json", settings.data_dir / "restored-settings.json"
    )
    for name in manifest.get("key_files", []):
        (settings.data_dir / name).unlink(missing_ok=True)
        shutil.copy2(extracted / "config" / name, settings.data_dir / name)
        (settings.data_dir / name).chmod(0o600)


def target_has_data(settings: Settings, components: list[str]) -> bool:
    """Whether restoring these components would overwrite existing data."""
    if "files" in components and _uploads_have_files(settings):
        return True
    if "database" not in components:
        return False
    engine = create_db_engine(settings.resolved_database_url, pool_size=1)
    try:
        return db.database_has_data(engine)
    finally:
        engine.dispose()


def restore_backup(
    settings: Settings, path: Path, *, secret: Secret | None = None, force: bool = False
) -> dict[str, Any]:
    """Verify, then restore every component of the archive into this installation."""
    with opened_archive(path, secret) as plain:
        manifest = verify_archive(plain, key=manifest_key(settings))
        components = manifest["components"]
        unexpected = set(manifest.get("key_files", [])) - set(KEY_FILES)
        if unexpected:  # never let a manifest name a path outside the data folder
            raise ArchiveInvalid(f"Unexpected key files in the manifest: {sorted(unexpected)}.")
        if not force and target_has_data(settings, components):
            raise Conflict("The target already holds data; restore with --force to replace it.")
        with tempfile.TemporaryDirectory(prefix=".elara-extract-", dir=plain.parent) as tmp:
            extracted = Path(tmp)
            extract_archive(plain, extracted)
            if "database" in components:
                _restore_database(settings, extracted, manifest["database"])
            if "files" in components:
                _restore_files(settings, extracted)
            if "config" in components:
                _restore_config(settings, extracted, manifest)
    log.info("backup_restored", archive=path.name, components=components)
    return manifest
