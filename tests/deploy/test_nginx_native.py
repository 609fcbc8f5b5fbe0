"""deploy/nginx.conf served by Debian's nginx in front of two real `elara serve` processes on one
SQLite file: requests are balanced, /ws upgrades, X-Forwarded-For counts only from nginx, and a
gateway that is down is skipped."""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from tests.deploy.nginx_render import Nginx, render
from tests.live import free_port

pytestmark = pytest.mark.scale("nginx")

NGINX_ADDRESS = "127.0.0.2"  # nginx connects to the gateways from here; they trust only it
CLIENT_ADDRESS = "127.0.0.3"  # the "browser"
SPOOFED = "203.0.113.66"
EMAIL, PASSWORD = "ops@example.com", "Correct-Horse-Battery-Staple-42"


def _env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ELARA_")}
    env.update(
        {
            "ELARA_DATA_DIR": str(folder / "var"),
            "ELARA_DATABASE_URL": f"sqlite:///{folder / 'elara.db'}",
            "ELARA_SECRET_KEY": "nginx-test-secret-key-0123456789-abcdefghij",
            "ELARA_ARGON2_MEMORY_KIB": "1024",
            "ELARA_ARGON2_TIME_COST": "1",
            "ELARA_RATE_LIMIT_AUTH": "200/minute",
            "ELARA_TRUSTED_PROXIES": f"{NGINX_ADDRESS}/32",
        }
    )
    return env


def _elara(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # nosec B603
        [sys.executable, "-m", "elara", *args],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def _wait(url: str, process: subprocess.Popen[bytes], **options: object) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1, **options).status_code < 500:  # type: ignore[arg-type]
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Topology:
    nginx: Nginx
    gateways: dict[int, subprocess.Popen[bytes]]

    @property
    def url(self) -> str:
        return self.nginx.url

    def client(self, source: str = CLIENT_ADDRESS) -> httpx.Client:
        return self.nginx.client(source, timeout=10)

    def tls(self) -> ssl.SSLContext:
        return self.nginx.tls()

    def upstreams(self) -> list[str]:
        return self.nginx.upstreams()


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Topology]:
    folder = tmp_path_factory.mktemp("nginx-topology")
    env = _env(folder)
    _elara(env, "db", "upgrade")
    _elara(env, "users", "create", "--email", EMAIL, "--role", "admin", "--password", PASSWORD)
    ports = [free_port(), free_port()]
    gateways: dict[int, subprocess.Popen[bytes]] = {}
    nginx: Nginx | None = None
    try:
        for port in ports:
            gateways[port] = subprocess.Popen(  # nosec B603
                [
                    sys.executable,
                    "-m",
                    "elara",
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=(folder / f"gateway-{port}.log").open("wb"),
            )
        for port, process in gateways.items():
            _wait(f"http://127.0.0.1:{port}/health/live", process)
        rendered = render(
            folder / "nginx",
            gateways=ports,
            http_port=free_port(),
            https_port=free_port(),
            bind=NGINX_ADDRESS,
        )
        nginx = Nginx(rendered)
        yield Topology(nginx, gateways)
    finally:
        if nginx is not None:
            nginx.stop()
        for process in gateways.values():
            _stop(process)


def _login(client: httpx.Client, base: str, **headers: str) -> str:
    response = client.post(
        f"{base}/api/auth/login", json={"email": EMAIL, "password": PASSWORD}, headers=headers
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def _session_addresses(client: httpx.Client, base: str, token: str) -> set[str]:
    response = client.get(
        f"{base}/api/profile/sessions", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    return {item["ip"] for item in response.json()}


def test_plain_http_is_redirected_to_https(topology: Topology) -> None:
    with topology.client() as client:
        response = client.get(f"http://127.0.0.1:{topology.nginx.rendered.http_port}/api/profile")

    assert response.status_code == 301
    assert response.headers["location"].startswith("https://")


def test_requests_are_balanced_over_both_gateways(topology: Topology) -> None:
    before = len(topology.upstreams())
    with topology.client() as client:
        statuses = [client.get(f"{topology.url}/health/ready").status_code for _ in range(6)]

    assert statuses == [200] * 6
    used = set(topology.upstreams()[before:])
    assert used == {f"127.0.0.1:{port}" for port in topology.gateways}


def test_forwarded_for_is_believed_from_nginx_only(topology: Topology) -> None:
    spoof = {"X-Forwarded-For": SPOOFED}
    gateway = f"http://127.0.0.1:{next(iter(topology.gateways))}"
    with topology.client() as client:
        through_nginx = _login(client, topology.url, **spoof)
        _login(client, gateway, **spoof)  # straight to a gateway, claiming another address

        addresses = _session_addresses(client, topology.url, through_nginx)

    # nginx's word is taken (else its own 127.0.0.2 would show); the client's claim never is.
    assert addresses == {CLIENT_ADDRESS}


def test_websocket_upgrades_through_nginx(topology: Topology) -> None:
    with topology.client() as client:
        token = _login(client, topology.url)
    url = f"wss://127.0.0.1:{topology.nginx.rendered.https_port}/ws"

    with connect(url, ssl=topology.tls(), open_timeout=10) as socket:
        socket.send(json.dumps({"type": "auth", "token": token}))
        reply = json.loads(socket.recv(timeout=10))

    assert reply["type"] == "auth.ok"


def test_too_large_body_is_refused_by_elara_not_nginx(topology: Topology) -> None:
    with topology.client() as client:
        token = _login(client, topology.url)
        response = client.post(
            f"{topology.url}/api/datasets",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "multipart/form-data"},
            content=b"x" * (53 << 20),  # over ELARA_MAX_UPLOAD_MB (50 + slack), under nginx cap
        )

    # nginx's cap is above Elara's: the refusal is Elara's JSON error, not nginx's HTML page.
    assert response.status_code == 413
    assert response.json()["error"]["code"]


def test_a_gateway_that_is_down_is_skipped(topology: Topology) -> None:
    down, process = next(iter(topology.gateways.items()))
    _stop(process)
    before = len(topology.upstreams())
    with topology.client() as client:
        token = _login(client, topology.url)
        auth = {"Authorization": f"Bearer {token}"}
        statuses = [
            client.get(f"{topology.url}/api/dashboard/filters", headers=auth).status_code
            for _ in range(6)
        ]

    assert statuses == [200] * 6
    answered = [hop.split(",")[-1].strip() for hop in topology.upstreams()[before:]]
    assert f"127.0.0.1:{down}" not in answered
