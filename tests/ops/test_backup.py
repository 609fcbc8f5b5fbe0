"""`elara backup`, `elara backup verify` and `elara restore` on SQLite and MariaDB."""

from __future__ import annotations

import base64
import io
import json
import os
import struct
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from elara.backup import database as backup_db
from elara.backup.archive import MANIFEST
from elara.backup.crypto import _HEADER, MAGIC
from elara.core.config import Settings
from elara.core.state import AppState
from elara.models import User
from tests.conftest import backend_name
from tests.factories import create_user
from tests.ops.conftest import cli_env, run_cli

KEY = base64.b64encode(bytes(range(32))).decode()


def _user_count(state: AppState) -> int:
    with state.db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(User)) or 0)


def _uploads(settings: Settings) -> Path:
    folder = settings.data_dir / "uploads" / "2026" / "11"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a1b2.bin").write_bytes(os.urandom(3000))
    (settings.data_dir / "uploads" / "top.bin").write_bytes(b"stored upload")
    return settings.data_dir / "uploads"


def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> Settings:
    cli_env(monkeypatch, settings)
    return settings


def test_backup_verify_restore(cli: Settings, state: AppState, capsys) -> None:
    create_user(state, role="admin", email="keep@example.com")
    _uploads(cli)
    code, out, err = run_cli(capsys, "backup")
    assert code == 0, err
    archive = Path(out.strip().splitlines()[-1])
    assert archive.parent == cli.data_dir.parent / "backups"
    assert archive.name.startswith("elara-backup-full-") and archive.name.endswith(".tar.gz")
    members = _members(archive)
    manifest = json.loads(members[MANIFEST])
    assert manifest["components"] == ["database", "files", "config"]
    assert manifest["database"]["backend"] == backend_name(cli.resolved_database_url)
    assert manifest["database"]["format"] == (
        "sqlite-backup" if manifest["database"]["backend"] == "sqlite" else "mysqldump"
    )
    assert manifest["database"]["alembic_revision"]
    listed = {entry["path"] for entry in manifest["files"]}
    assert {"uploads/top.bin", "uploads/2026/11/a1b2.bin", "config/settings.json"} <= listed
    config = members["config/settings.json"].decode()
    assert "test-secret-key" not in config and ":elara@" not in config
    assert "secret_key" not in json.loads(config) and manifest["key_files"] == []

    code, out, _ = run_cli(capsys, "backup", "verify", str(archive))
    assert code == 0 and out.startswith("ok:")

    code, _, err = run_cli(capsys, "restore", str(archive))
    assert code == 2 and "--force" in err

    create_user(state, role="viewer", email="later@example.com")
    (cli.data_dir / "uploads" / "top.bin").write_bytes(b"changed")
    code, _, err = run_cli(capsys, "restore", str(archive), "--force")
    assert code == 0, err
    assert _user_count(state) == 1
    assert (cli.data_dir / "uploads" / "top.bin").read_bytes() == b"stored upload"
    assert (cli.data_dir / "restored-settings.json").exists()


def test_encrypted_round_trip_with_backup_key(
    cli: Settings, state: AppState, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ELARA_BACKUP_KEY", KEY)
    cli.data_dir.mkdir(parents=True, exist_ok=True)
    (cli.data_dir / "upload_key").write_text("upload-encryption-key")
    create_user(state, role="admin")
    code, out, err = run_cli(capsys, "backup", "--encrypt", "--only", "database,config")
    assert code == 0, err
    archive = Path(out.strip())
    assert archive.name.startswith("elara-backup-database+config-")
    assert archive.name.endswith(".tar.gz.enc")
    assert archive.read_bytes().startswith(b"ELARAENC1\n")
    assert b"upload-encryption-key" not in archive.read_bytes()

    (cli.data_dir / "upload_key").unlink()
    code, _, err = run_cli(capsys, "restore", str(archive), "--force")
    assert code == 0, err
    assert (cli.data_dir / "upload_key").read_text() == "upload-encryption-key"
    assert _user_count(state) == 1

    monkeypatch.delenv("ELARA_BACKUP_KEY")
    code, _, err = run_cli(capsys, "backup", "verify", str(archive))
    assert code == 2 and "encrypted" in err


def test_passphrase_round_trip_and_wrong_passphrase(cli: Settings, state: AppState, capsys) -> None:
    create_user(state, role="admin")
    code, out, err = run_cli(
        capsys, "backup", "--passphrase", "correct horse", "--only", "database"
    )
    assert code == 0, err
    archive = Path(out.strip())
    code, out, err = run_cli(
        capsys, "backup", "verify", str(archive), "--passphrase", "correct horse"
    )
    assert code == 0, err
    code, _, err = run_cli(capsys, "backup", "verify", str(archive), "--passphrase", "wrong")
    assert code == 2 and "wrong key or passphrase" in err


def _chunk_offsets(data: bytes) -> list[int]:
    """Where each encrypted chunk starts (after the magic and the header)."""
    offset, offsets = len(MAGIC) + _HEADER.size, []
    while offset < len(data):
        offsets.append(offset)
        offset += 4 + struct.unpack(">I", data[offset : offset + 4])[0]
    assert offset == len(data) and len(offsets) > 2
    return offsets


@pytest.mark.parametrize("damage", ["flip", "truncate", "drop_last_chunk"])
def test_tampered_encrypted_archive_is_refused(
    cli: Settings, state: AppState, capsys, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    monkeypatch.setenv("ELARA_BACKUP_KEY", KEY)
    monkeypatch.setattr("elara.backup.crypto.CHUNK", 1024)  # several chunks
    create_user(state, role="admin")
    _uploads(cli)
    code, out, _ = run_cli(capsys, "backup", "--encrypt")
    archive = Path(out.strip())
    data = bytearray(archive.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) - 10]
    else:
        data = data[: _chunk_offsets(bytes(data))[-1]]
    archive.write_bytes(bytes(data))
    code, _, err = run_cli(capsys, "backup", "verify", str(archive))
    assert code == 2
    assert "decrypted" in err or "truncated" in err
    code, _, _ = run_cli(capsys, "restore", str(archive), "--force")
    assert code == 2 and _user_count(state) == 1


def _rewrite(archive: Path, changes: dict[str, bytes]) -> None:
    members = _members(archive)
    members.update(changes)
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"uploads/top.bin": b"evil"}, "uploads/top.bin: checksum mismatch"),
        ({"uploads/extra.bin": b"smuggled"}, "uploads/extra.bin: not in the manifest"),
        ({"../escape.txt": b"x"}, "unsafe entry"),
    ],
)
def test_tampered_plain_archive_is_refused(
    cli: Settings, state: AppState, capsys, change: dict[str, bytes], message: str
) -> None:
    create_user(state, role="admin")
    _uploads(cli)
    code, out, _ = run_cli(capsys, "backup")
    archive = Path(out.strip())
    _rewrite(archive, change)
    code, _, err = run_cli(capsys, "backup", "verify", str(archive))
    assert code == 2 and message in err
    code, _, err = run_cli(capsys, "restore", str(archive), "--force")
    assert code == 2 and message in err
    assert (cli.data_dir / "uploads" / "top.bin").read_bytes() == b"stored upload"
    assert not (cli.data_dir.parent / "escape.txt").exists()


def test_manifest_cannot_name_key_files_outside_the_data_folder(
    cli: Settings, state: AppState, capsys
) -> None:
    create_user(state, role="admin")
    code, out, _ = run_cli(capsys, "backup", "--only", "config")
    archive = Path(out.strip())
    manifest = json.loads(_members(archive)[MANIFEST])
    manifest["key_files"] = ["../settings.json"]
    _rewrite(archive, {MANIFEST: json.dumps(manifest).encode()})
    code, _, err = run_cli(capsys, "restore", str(archive), "--force")
    assert code == 2 and "manifest signature does not match" in err
    assert not (cli.data_dir.parent / "settings.json").exists()


def test_without_mysqldump_the_builtin_export_is_used(
    cli: Settings, state: AppState, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_db, "mysqldump_available", lambda: False)
    create_user(state, role="admin", email="one@example.com")
    code, out, _ = run_cli(capsys, "backup", "--only", "database")
    archive = Path(out.strip())
    manifest = json.loads(_members(archive)[MANIFEST])
    sqlite = backend_name(cli.resolved_database_url) == "sqlite"
    assert manifest["database"]["format"] == ("sqlite-backup" if sqlite else "jsonl")
    create_user(state, role="viewer")
    code, _, err = run_cli(capsys, "restore", str(archive), "--force")
    assert code == 0, err
    assert _user_count(state) == 1


def test_unknown_component_and_missing_archive(cli: Settings, capsys) -> None:
    code, _, err = run_cli(capsys, "backup", "--only", "database,photos")
    assert code == 2 and "photos" in err
    code, _, err = run_cli(capsys, "backup", "verify", str(cli.data_dir / "nope.tar.gz"))
    assert code == 2 and "No archive" in err
    code, _, err = run_cli(capsys, "backup", "--encrypt")
    assert code == 2 and "ELARA_BACKUP_KEY" in err
