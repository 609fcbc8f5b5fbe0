"""`elara serve --certfile --keyfile` speaks TLS 1.3 only: a TLS 1.2 handshake is refused."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from elara.core.tls import server_config
from tests.live import free_port
from tests.security.conftest import CertPair


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stdout.read().decode() if process.stdout else "exited")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("elara serve did not start")


@pytest.fixture(scope="module")
def https_server(tmp_path_factory: pytest.TempPathFactory, cert: CertPair) -> Iterator[int]:
    folder: Path = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {
        **os.environ,
        "ELARA_ENV": "test",
        "ELARA_DATA_DIR": str(folder),
        "ELARA_DATABASE_URL": f"sqlite:///{folder / 'elara.db'}",
        "ELARA_SECRET_KEY": "tls-test-secret-key-that-is-long-enough-123",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "elara",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--certfile",
            str(cert.certfile),
            "--keyfile",
            str(cert.keyfile),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _handshake(port: int, cert: CertPair, version: ssl.TLSVersion) -> str:
    context = ssl.create_default_context(cafile=str(cert.certfile))
    context.minimum_version = version
    context.maximum_version = version
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        context.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        return str(tls.version())


def test_tls12_is_refused(https_server, cert):
    with pytest.raises(ssl.SSLError):
        _handshake(https_server, cert, ssl.TLSVersion.TLSv1_2)


def test_tls13_works_with_hsts(https_server, cert):
    assert _handshake(https_server, cert, ssl.TLSVersion.TLSv1_3) == "TLSv1.3"
    response = httpx.get(
        f"https://localhost:{https_server}/",
        verify=ssl.create_default_context(cafile=str(cert.certfile)),
    )
    assert response.status_code == 200
    assert "max-age=" in response.headers["strict-transport-security"]
    assert response.headers["x-frame-options"] == "DENY"


def test_server_config_sets_tls13_minimum(cert):
    config = server_config(
        lambda *a: None,
        host="127.0.0.1",
        port=1,
        certfile=str(cert.certfile),
        keyfile=str(cert.keyfile),
    )
    config.load()
    assert config.ssl.minimum_version == ssl.TLSVersion.TLSv1_3
    plain = server_config(lambda *a: None, host="127.0.0.1", port=1, certfile=None, keyfile=None)
    plain.load()
    assert plain.ssl is None
