"""The `elara` command as a newcomer runs it: setup, serve, sign in with what was printed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from alembic.script import ScriptDirectory

from elara.core import migrate
from tests.live import free_port


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ELARA_")}
    env.update(
        {
            "ELARA_DATA_DIR": str(tmp_path / "var"),
            "ELARA_ARGON2_MEMORY_KIB": "1024",
            "ELARA_ARGON2_TIME_COST": "1",
        }
    )
    env.update(extra)
    return env


def _elara(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "-m", "elara", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )


@pytest.fixture
def served(tmp_path):
    env = _env(tmp_path)
    setup = _elara(env, "setup")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "elara", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    try:
        yield url, setup.stdout, env
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_fresh_setup_serves_a_working_login_with_demo_data(served):
    url, output, env = served
    password = re.search(r"password: (\S+)", output).group(1)
    assert "admin@elara.local" in output and "demo records" in output
    response = httpx.post(
        f"{url}/api/auth/login", json={"email": "admin@elara.local", "password": password}
    )
    assert response.status_code == 200
    token = response.json()["access_token"]
    users = httpx.get(f"{url}/api/users", headers={"Authorization": f"Bearer {token}"})
    assert users.json()["total"] == 1
    again = _elara(env, "setup").stdout
    assert "demo records" not in again and password not in again


def test_admin_password_from_settings_and_users_create(tmp_path):
    env = _env(tmp_path, ELARA_ADMIN_PASSWORD="a-Chosen-root-pass-1")
    output = _elara(env, "setup", "--no-demo").stdout
    assert "a-Chosen-root-pass-1" not in output
    created = _elara(env, "users", "create", "--email", "ann@example.com", "--role", "analyst")
    assert "created analyst ann@example.com" in created.stdout
    assert re.search(r"temporary password: \S{16,}", created.stdout)
    duplicate = _elara(
        env, "users", "create", "--email", "ann@example.com", "--role", "viewer", check=False
    )
    assert duplicate.returncode == 2
    assert "already exists" in duplicate.stderr
    weak = _elara(
        env,
        "users",
        "create",
        "--email",
        "b@example.com",
        "--role",
        "viewer",
        "--password",
        "password1234",
        check=False,
    )
    assert weak.returncode == 2 and "too common" in weak.stderr


def test_db_commands(tmp_path):
    env = _env(tmp_path)
    config = migrate.alembic_config("sqlite://")
    head = ScriptDirectory.from_config(config).get_current_head()
    assert f"revision {head}" in _elara(env, "db", "upgrade").stdout
    assert "revision None" in _elara(env, "db", "downgrade", "--revision", "base").stdout


def test_weak_admin_password_is_named(tmp_path):
    env = _env(tmp_path, ELARA_ADMIN_PASSWORD="password1234")
    result = _elara(env, "setup", "--no-demo", check=False)
    assert result.returncode == 2
    assert "ELARA_ADMIN_PASSWORD is not acceptable" in result.stderr


def test_a_scaled_gateway_serves_from_several_processes(tmp_path):
    """With Redis, `elara serve` is a gateway of `--workers` processes on one port."""
    redis_url = os.environ.get("ELARA_TEST_REDIS_URL")
    if not redis_url:
        if os.environ.get("ELARA_REQUIRE_REDIS") == "1":
            pytest.fail("ELARA_REQUIRE_REDIS=1 but ELARA_TEST_REDIS_URL is not set")
        pytest.skip("needs ELARA_TEST_REDIS_URL")
    env = _env(tmp_path, ELARA_REDIS_URL=redis_url)
    _elara(env, "db", "upgrade")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "elara", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first = server.stdout.readline() if server.stdout else ""
        assert "gateway" in first and "(2 processes)" in first, first
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=1).is_success:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("the scaled gateway did not answer")
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
        workers = children.read_text().split()
        assert len(workers) >= 2  # the supervisor's worker processes (and its resource tracker)
    finally:
        server.terminate()
        server.wait(timeout=30)
