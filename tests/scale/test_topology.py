"""The deployment of docs/architecture.md, natively: Debian's nginx in front of 2 gateways,
2 upload and 2 db workers (`elara serve --role ...`, each its own process), Redis, and a private
MariaDB primary with its binlog replica. 20 uploads go through nginx while a gateway and a
worker are killed and started again; the client sees only answers the docs promise."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from elara.core.data_version import counter
from elara.core.deps import DATA_VERSION_HEADER, READ_SOURCE_HEADER
from elara.core.state import AppState
from elara.models import Role as UserRole
from tests.conftest import make_settings
from tests.datasets.conftest import ledger_csv, ledger_total
from tests.deploy.nginx_render import Nginx, render
from tests.factories import MadeUser, create_user
from tests.live import free_port
from tests.scale.mariadb_pair import ReplicatedPair

from .cluster import REDIS_URL, Role, assert_stored_once, busy_with, cluster, cluster_env

pytestmark = [pytest.mark.scale("nginx", "mariadbd", "mariadb-install-db")]

NGINX_ADDRESS = "127.0.0.2"  # nginx connects to the gateways from here; they trust only it
CLIENT_ADDRESS = "127.0.0.3"  # the uploading client
READER_ADDRESS = "127.0.0.4"  # a dashboard reader running beside it
SUMMARY = "/api/dashboard/summary?from=2024-01-01&to=2024-12-31"
VIEWER_LIMIT = 8  # requests per minute of the viewer tier: small, to see it shared
# Small files, but the sixth is large enough that a worker is surely busy with it when killed.
SIZES = [40_000 if i == 5 else 1500 + 250 * i for i in range(20)]
# Answers the docs promise a retry for (docs/api.md): 429 and 503 with Retry-After.
RETRYABLE = {429, 503}


def ledger_revenue(rows: int) -> Decimal:
    """What `ledger_csv(rows)` adds to revenue: rows i.01 for i = 1..rows."""
    return sum((Decimal(f"{i}.01") for i in range(1, rows + 1)), Decimal(0))


@dataclass
class Client:
    """An API client through nginx that follows the docs: it retries 429/503 after their
    Retry-After, sends back the newest data version it has seen, and records anything else."""

    nginx: Nginx
    source: str
    token: str = ""
    version: int = 0
    errors: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.http = self.nginx.client(self.source, timeout=120)

    def sign_in(self, user: MadeUser) -> Client:
        body = self.call(
            "POST", "/api/auth/login", json={"email": user.email, "password": user.password}
        )
        self.token = body.json()["access_token"]
        return self

    def call(self, method: str, path: str, **options: Any) -> httpx.Response:
        headers = {**options.pop("headers", {})}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.version:
            headers[DATA_VERSION_HEADER] = str(self.version)
        for _ in range(30):
            for item in options.get("files", {}).values():  # a retried upload resends its file
                item[1].seek(0)
            response = self.http.request(
                method, f"{self.nginx.url}{path}", headers=headers, **options
            )
            self.version = max(self.version, counter(response.headers.get(DATA_VERSION_HEADER)))
            if READ_SOURCE_HEADER in response.headers:
                self.sources.append(response.headers[READ_SOURCE_HEADER])
            if response.status_code in RETRYABLE and "retry-after" in response.headers:
                time.sleep(min(float(response.headers["retry-after"]), 2.0))
                continue
            if response.status_code >= 400:
                self.errors.append(f"{method} {path}: {response.status_code} {response.text[:300]}")
            return response
        self.errors.append(f"{method} {path}: still refused after 30 tries")
        return response

    def upload(self, path: Path) -> tuple[dict[str, Any], str]:
        """POST a file (background processing); the answer and the X-Request-ID nginx gave."""
        with path.open("rb") as handle:
            response = self.call(
                "POST",
                "/api/datasets",
                data={"wait": "false"},
                files={"file": (path.name, handle, "text/csv")},
            )
        assert response.status_code in (200, 202), response.text
        return response.json(), response.headers["x-request-id"]

    def wait_ready(self, dataset_id: int, timeout: float = 300) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body: dict[str, Any] = self.call("GET", f"/api/datasets/{dataset_id}").json()
            if body["status"] != "processing":
                return body
            time.sleep(0.2)
        pytest.fail(f"dataset {dataset_id} still processing after {timeout} s")

    def revenue(self) -> tuple[Decimal, str]:
        response = self.call("GET", SUMMARY)
        current = response.json()["current"]
        return Decimal(current["revenue"] if current else "0"), response.headers[READ_SOURCE_HEADER]


class Reader(threading.Thread):
    """Reads the dashboard through nginx again and again (from its own address) until stopped."""

    def __init__(self, client: Client) -> None:
        super().__init__(daemon=True)
        self.client, self.stop = client, threading.Event()
        self.reads = 0

    def run(self) -> None:
        while not self.stop.wait(0.05):
            self.client.revenue()
            self.reads += 1


class Socket(threading.Thread):
    """A /ws client on one gateway: collects every event until stopped."""

    def __init__(self, socket: ClientConnection, token: str) -> None:
        super().__init__(daemon=True)
        self.socket = socket
        self.socket.send(json.dumps({"type": "auth", "token": token}))
        assert json.loads(self.socket.recv(timeout=30))["type"] == "auth.ok"
        self.events: list[dict[str, Any]] = []

    def run(self) -> None:
        with contextlib.suppress(ConnectionClosed):  # closed at the end
            for message in self.socket:
                self.events.append(json.loads(message))

    def ready(self) -> set[int]:
        return {
            e["dataset_id"]
            for e in list(self.events)
            if e.get("type") == "upload.progress" and e.get("status") == "ready"
        }


@dataclass
class Topology:
    pair: ReplicatedPair
    state: AppState
    nginx: Nginx
    gateways: list[Role]
    workers: list[Role]
    folder: Path


@pytest.fixture
def topology(pair: ReplicatedPair) -> Iterator[Topology]:
    if not REDIS_URL:
        if os.environ.get("ELARA_REQUIRE_REDIS") == "1":
            pytest.fail("ELARA_REQUIRE_REDIS=1 but ELARA_TEST_REDIS_URL is not set")
        pytest.skip("the topology test needs Redis: set ELARA_TEST_REDIS_URL")
    folder = Path(tempfile.mkdtemp(prefix="elara-topology-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        settings = make_settings(
            pair.primary.url(),
            folder / "data",
            database_replica_urls=[pair.replica.url()],
            redis_url=REDIS_URL,
        )
        state = AppState.build(settings, pool_size=2)
        stack.callback(state.db.dispose)
        env = cluster_env(
            state,
            ELARA_TRUSTED_PROXIES=f"{NGINX_ADDRESS}/32",
            ELARA_RATE_LIMIT_VIEWER=f"{VIEWER_LIMIT}/minute",
            ELARA_REPLICA_RETRY_SECONDS="1",
        )
        roles = ("gateway", "gateway", "upload", "upload", "db", "db")
        started = stack.enter_context(cluster(state, folder, *roles, env=env))
        rendered = render(
            folder / "nginx",
            gateways=[gateway.port for gateway in started[:2]],
            http_port=free_port(),
            https_port=free_port(),
            bind=NGINX_ADDRESS,
        )
        nginx = Nginx(rendered)
        stack.callback(nginx.stop)
        yield Topology(pair, state, nginx, started[:2], started[2:], folder)


def test_twenty_uploads_through_nginx_while_a_gateway_and_a_worker_die(
    topology: Topology,
) -> None:
    top, state = topology, topology.state
    admin = create_user(state, role=UserRole.admin)
    viewer = create_user(state, role=UserRole.viewer)
    files = [ledger_csv(top.folder / f"u{i:02d}.csv", n) for i, n in enumerate(SIZES)]
    client = Client(top.nginx, CLIENT_ADDRESS).sign_in(admin)
    reader = Reader(Client(top.nginx, READER_ADDRESS).sign_in(admin))
    first, second = top.gateways
    ws_url = first.url.replace("http", "ws") + "/ws"  # the first gateway stays up
    answers: list[tuple[dict[str, Any], str]] = []
    started = time.monotonic()
    with connect(ws_url, open_timeout=30) as connection:
        socket = Socket(connection, client.token)
        socket.start()
        reader.start()
        try:
            for path in files[:6]:
                answers.append(client.upload(path))
            victim = busy_with(state, top.workers)  # a worker in the middle of a job
            victim.kill()
            second.kill()
            for path in files[6:13]:
                answers.append(client.upload(path))
            second.launch(), victim.launch()
            second.wait_ready(), victim.wait_ready()
            for path in files[13:]:
                answers.append(client.upload(path))
            sent = time.monotonic()
            finished = [client.wait_ready(answer["id"]) for answer, _ in answers]
            # Read-your-own-writes: the first dashboard read after the last `ready` has it all.
            expected = sum((ledger_revenue(n) for n in SIZES), Decimal(0))
            assert client.revenue()[0] == expected
            # Progress reaches /ws through Redis a moment after the status row says ready.
            on_second = {
                answer["id"]
                for answer, request_id in answers
                if top.nginx.upstream_of(request_id) == f"127.0.0.1:{second.port}"
            }
            deadline = time.monotonic() + 60
            while not on_second <= socket.ready() and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            reader.stop.set()
            reader.join(timeout=60)
    socket.join(timeout=10)
    print(f"20 uploads sent in {sent - started:.1f} s, ready in {time.monotonic() - started:.1f} s")

    # Every upload ready exactly once, with its rows, to the cent.
    assert [body["status"] for body in finished] == ["ready"] * len(SIZES)
    for (answer, _), rows in zip(answers, SIZES, strict=True):
        assert_stored_once(state, answer["id"], rows, ledger_total(rows))
    # The /ws client on the first gateway saw uploads the second gateway received finish.
    assert on_second and on_second <= socket.ready()
    # Killing a gateway and a worker cost the clients nothing the docs do not promise.
    assert client.errors == [] and reader.client.errors == []
    assert reader.reads > 0

    # Dashboard reads go to the replica once it has caught up.
    top.pair.wait_caught_up()
    reads = [client.revenue() for _ in range(4)]  # nginx takes turns: both gateways read
    assert reads == [(expected, "replica")] * 4
    # Each gateway reports what its own last replica read found.
    health = client.call("GET", "/health").json()["checks"]["replicas"]
    assert health["status"] == "up"

    # A new upload is seen at once, though the replica is behind: that read is the primary's.
    extra = ledger_csv(top.folder / "extra.csv", 100)
    top.pair.pause_replication()
    try:
        answer, _ = client.upload(extra)
        assert client.wait_ready(answer["id"])["status"] == "ready"
        assert client.revenue() == (expected + ledger_revenue(100), "primary")
    finally:
        top.pair.resume_replication()
    top.pair.wait_caught_up()
    assert client.revenue() == (expected + ledger_revenue(100), "replica")

    # Rate limits are counted in Redis, for all gateways together.
    limited = Client(top.nginx, READER_ADDRESS).sign_in(viewer)
    before = len(top.nginx.upstreams())
    statuses = [
        limited.http.get(
            f"{top.nginx.url}/api/dashboard/filters",
            headers={"Authorization": f"Bearer {limited.token}"},
        ).status_code
        for _ in range(2 * VIEWER_LIMIT)
    ]
    assert statuses == [200] * VIEWER_LIMIT + [429] * VIEWER_LIMIT
    answered = {hop.rstrip(",") for hop in top.nginx.upstreams()[before:]}
    assert answered == {f"127.0.0.1:{gateway.port}" for gateway in top.gateways}
