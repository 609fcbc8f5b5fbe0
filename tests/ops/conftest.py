"""Fixtures for the operations tests: settings with a log file, log reading, the CLI."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from elara.cli import main
from elara.core.config import Settings
from tests.conftest import make_settings


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """The shared test settings plus a rotating log file in the test's folder."""
    return make_settings(database_url, tmp_path / "data", log_file=tmp_path / "logs" / "elara.log")


@pytest.fixture(autouse=True)
def _release_log_handlers() -> Iterator[None]:
    """Close the file handlers a test's app installed, so the next test starts clean."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_elara_handler", False)]:
        root.removeHandler(handler)
        handler.close()


def read_log(path: Path) -> list[dict[str, Any]]:
    """Every JSON line of a log file."""
    for handler in logging.getLogger().handlers:
        handler.flush()
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def cli_env(monkeypatch: pytest.MonkeyPatch, settings: Settings, **extra: str) -> None:
    """Point the `elara` command at the test's database and data folder."""
    monkeypatch.chdir(settings.data_dir.parent)
    values = {
        "ELARA_ENV": "test",
        "ELARA_DATABASE_URL": settings.resolved_database_url,
        "ELARA_DATA_DIR": str(settings.data_dir),
        "ELARA_SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "ELARA_BACKUP_DIR": str(settings.data_dir.parent / "backups"),
        **extra,
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `elara ARGS` in-process; returns the exit code, stdout and stderr."""
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
