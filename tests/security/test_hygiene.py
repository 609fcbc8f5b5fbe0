"""Data hygiene and files: control characters, mixed encodings, left-over temp files,
complete and private backups with an authenticated manifest, no caching of API answers."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tarfile
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from elara.backup.archive import MANIFEST
from elara.core.config import Settings
from elara.core.state import AppState
from elara.uploads.files import work_dir
from elara.uploads.recovery import recover_on_start
from tests.datasets.conftest import records_of, upload
from tests.factories import create_user, login
from tests.ops.conftest import cli_env, run_cli

HEADER = "Company,Date,Account,Amount\n"


def _padded_csv(path: Path, last: str) -> Path:
    """About 80 KB of good rows, then ``last``: past the 64 KB the type sniffer reads."""
    rows = [f"ACME,2024-01-31,Revenue {i},1\n" for i in range(3000)]
    path.write_bytes((HEADER + "".join(rows) + last).encode())
    return path


class TestControlCharacters:
    def test_nul_past_64kb_is_a_row_error(
        self, client: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(client, create_user(state))
        path = _padded_csv(tmp_path / "nul.csv", "ACME,2024-01-31,Rev\x00enue,5\n")
        body = upload(client, headers, path, on_error="skip").json()
        assert body["status"] == "ready" and body["error_count"] == 1, body
        assert all("\x00" not in r[2] for r in records_of(state, body["id"]))
        errors = client.get(f"/api/datasets/{body['id']}/errors", headers=headers).json()
        (error,) = errors["items"]
        assert error["row"] == 3002 and error["column"] == "Account"
        assert "U+0000" in error["message"]

    def test_or_removed_with_a_warning(
        self, client: TestClient, state: AppState, tmp_path: Path
    ) -> None:
        headers = login(client, create_user(state))
        path = _padded_csv(tmp_path / "nul.csv", "ACME,2024-01-31,Rev\x00enue\x07,5\n")
        body = upload(client, headers, path, control_characters="remove").json()
        assert body["status"] == "ready" and body["error_count"] == 0, body
        assert records_of(state, body["id"])[-1][2] == "Revenue"
        assert any("control characters" in w for w in body["upload"]["report"]["warnings"])


@pytest.mark.parametrize("url", ["/api/datasets/inspect", "/api/datasets"])
def test_mixed_encodings_are_reported(
    client: TestClient, state: AppState, tmp_path: Path, url: str
) -> None:
    headers = login(client, create_user(state))
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        HEADER.encode()
        + "ACME,2024-01-31,Café,1\n".encode()
        + "ACME,2024-01-31,Müller,2\n".encode("cp1252")
    )
    with path.open("rb") as handle:
        response = client.post(
            url, headers=headers, data={"wait": "true"}, files={"file": ("m.csv", handle)}
        )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "mixed_encoding"
    assert error["details"] == [{"utf8_line": 2, "single_byte_line": 3}]


def test_temp_files_of_interrupted_work_are_removed_at_start_up(state: AppState) -> None:
    folder = work_dir(state.settings)
    spool = folder / "spool-dead"
    spool.mkdir()
    (spool / "000000.arrow").write_bytes(b"x" * 1000)
    (folder / "in-dead").write_bytes(b"half an upload")
    old = time.time() - 3600
    for path in (spool / "000000.arrow", spool, folder / "in-dead"):
        os.utime(path, (old, old))
    live = folder / "in-live"
    live.write_bytes(b"being received by a running process")
    recover_on_start(state)
    assert sorted(p.name for p in folder.iterdir()) == ["in-live"]


class TestBackups:
    @pytest.fixture
    def cli(self, monkeypatch: pytest.MonkeyPatch, settings: Settings) -> Settings:
        cli_env(monkeypatch, settings)
        return settings

    def test_originals_are_included_and_files_are_private(
        self, cli: Settings, state: AppState, capsys: pytest.CaptureFixture[str]
    ) -> None:
        originals = cli.data_dir / "originals"
        originals.mkdir(parents=True, exist_ok=True)
        (originals / "f00d.enc").write_bytes(b"encrypted original")
        code, out, err = run_cli(capsys, "backup")
        assert code == 0, err
        archive = Path(out.strip().splitlines()[-1])
        with tarfile.open(archive, "r:gz") as tar:
            names = tar.getnames()
        assert "originals/f00d.enc" in names
        assert stat.S_IMODE(archive.stat().st_mode) == 0o600
        database = cli.data_dir / "elara.db"
        if database.exists():  # SQLite runs
            assert stat.S_IMODE(database.stat().st_mode) == 0o600
        (originals / "f00d.enc").unlink()
        code, _, err = run_cli(capsys, "restore", str(archive), "--force")
        assert code == 0, err
        assert (originals / "f00d.enc").read_bytes() == b"encrypted original"

    def test_edited_archive_with_a_recomputed_manifest_is_refused(
        self, cli: Settings, state: AppState, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The review's attack: change a file, recompute its checksum in the manifest."""
        create_user(state, role="admin")
        originals = cli.data_dir / "originals"
        originals.mkdir(parents=True, exist_ok=True)
        (originals / "a.enc").write_bytes(b"genuine")
        code, out, _ = run_cli(capsys, "backup")
        archive = Path(out.strip().splitlines()[-1])
        with tarfile.open(archive, "r:gz") as tar:
            members = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]
        members["originals/a.enc"] = b"forged"
        manifest = json.loads(members[MANIFEST])
        for entry in manifest["files"]:
            if entry["path"] == "originals/a.enc":
                entry["size"], entry["sha256"] = 6, hashlib.sha256(b"forged").hexdigest()
        members[MANIFEST] = json.dumps(manifest).encode()
        with tarfile.open(archive, "w:gz") as tar:
            for name, data in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        code, _, err = run_cli(capsys, "backup", "verify", str(archive))
        assert code == 2 and "signature" in err
        code, _, err = run_cli(capsys, "restore", str(archive), "--force")
        assert code == 2 and (originals / "a.enc").read_bytes() == b"genuine"


@pytest.mark.parametrize(
    "url",
    [
        "/api/records",
        "/api/users",
        "/api/records/export?format=csv",
        "/api/dashboard/summary",
        "/api/dashboard/filters",
        "/api/datasets",
        "/api/profile",
    ],
)
def test_authenticated_api_answers_are_not_cached(
    client: TestClient, state: AppState, url: str
) -> None:
    headers = login(client, create_user(state, role="admin"))
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
