"""Settings validation and the README's configuration table kept honest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from elara.core.config import Settings

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("secret", [None, "change-me", "short"])
def test_production_refuses_weak_secret(secret, tmp_path):
    with pytest.raises(ValidationError, match="ELARA_SECRET_KEY"):
        Settings(env="production", secret_key=secret, data_dir=tmp_path)


def test_production_accepts_a_real_secret(tmp_path):
    settings = Settings(env="production", secret_key="k" * 40, data_dir=tmp_path)
    assert settings.signing_key == "k" * 40


def test_development_generates_a_key_once(tmp_path):
    first = Settings(env="development", data_dir=tmp_path).signing_key
    assert len(first) >= 32
    assert Settings(env="development", data_dir=tmp_path).signing_key == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_defaults(tmp_path, monkeypatch):
    for name in list(__import__("os").environ):
        if name.startswith("ELARA_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.resolved_database_url == "sqlite:///var/elara.db"
    assert (settings.port, settings.upload_port, settings.db_port) == (3000, 5000, 5001)
    assert (settings.pool_size_gateway, settings.pool_size_upload, settings.pool_size_db) == (
        20,
        10,
        15,
    )
    assert settings.access_token_minutes == 15


def test_cors_origins_from_comma_list(monkeypatch, tmp_path):
    monkeypatch.setenv("ELARA_CORS_ORIGINS", "https://a.example, https://b.example")
    assert Settings(data_dir=tmp_path).cors_origins == ["https://a.example", "https://b.example"]


def test_every_setting_is_documented():
    documented = set(re.findall(r"`(ELARA_[A-Z0-9_]+)`", README.read_text()))
    expected = {f"ELARA_{name.upper()}" for name in Settings.model_fields}
    assert expected - documented == set(), "document these in README.md's configuration table"
