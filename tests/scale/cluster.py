"""Elara roles as real processes (`elara serve --role ...`) sharing MariaDB and Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from elara.core.state import AppState
from elara.models import UploadBatch, UploadJob
from elara.uploads.files import job_dir
from tests.conftest import backend_name
from tests.datasets.conftest import records_of, rollup_total
from tests.factories import MadeUser
from tests.live import free_port

REDIS_URL = os.environ.get("ELARA_TEST_REDIS_URL", "")


def require_servers(state: AppState) -> None:
    """These tests need a database server and Redis that every process reaches."""
    if backend_name(state.settings.resolved_database_url) == "sqlite":
        pytest.skip("processes of a scaled deployment share MariaDB")
    if not REDIS_URL:
        if os.environ.get("ELARA_REQUIRE_REDIS") == "1":
            pytest.fail("ELARA_REQUIRE_REDIS=1 but ELARA_TEST_REDIS_URL is not set")
        pytest.skip("Redis tests skipped: set ELARA_TEST_REDIS_URL")


def cluster_env(state: AppState, **extra: str) -> dict[str, str]:
    """One deployment's configuration: its own queue name and rate-limit keys in Redis (and
    data-version floor), the state's read replicas; `extra` adds or overrides ELARA_* values."""
    settings, tag = state.settings, uuid.uuid4().hex[:12]
    env = {
        **os.environ,
        "ELARA_ENV": "test",
        "ELARA_DATABASE_URL": settings.resolved_database_url,
        "ELARA_DATA_DIR": str(settings.data_dir),
        "ELARA_SECRET_KEY": settings.signing_key,
        "ELARA_REDIS_URL": REDIS_URL,
        "ELARA_QUEUE_NAME": f"test-{tag}",
        "ELARA_RATE_LIMIT_KEY_PREFIX": f"test-{tag}",
        "ELARA_RATE_LIMIT_UPLOAD": "1000/minute",
        "ELARA_RATE_LIMIT_AUTH": "1000/minute",
        "ELARA_JOB_LEASE_SECONDS": "3",
        "ELARA_UPLOAD_WORKERS": "1",
        "ELARA_ARGON2_TIME_COST": "1",
        "ELARA_ARGON2_MEMORY_KIB": "1024",
        "ELARA_LOG_LEVEL": "WARNING",
    }
    if settings.database_replica_urls:
        env["ELARA_DATABASE_REPLICA_URLS"] = ",".join(settings.database_replica_urls)
    return {**env, **extra}


class Role:
    """One `elara serve --role ROLE` process on its own port."""

    def __init__(self, role: str, env: dict[str, str], logs: Path) -> None:
        self.role, self.env, self.port = role, env, free_port()
        self.log = logs / f"{role}-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.ready = False  # answered /health once: a restart keeps its port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None  # nosec B101
        return self.process.pid

    def owns(self, owner: str | None) -> bool:
        return self.process is not None and owner is not None and f":{self.pid}:" in owner

    def start(self) -> Role:
        return self.launch().wait_ready()

    def launch(self) -> Role:
        """Start the process without waiting for it (several start side by side)."""
        command = [sys.executable, "-m", "elara", "serve", "--role", self.role]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, env=self.env, stdout=out, stderr=out)
        return self

    def wait_ready(self, timeout: float = 120) -> Role:
        """Wait until the process answers /health (it fails when the process exits). A port
        taken between `free_port()` and the bind (another test worker's server) is not this
        test's failure: the first start moves to a fresh port, at most a few times."""
        assert self.process is not None  # nosec B101
        deadline = time.monotonic() + timeout
        moves = 0
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code, tail = self.process.returncode, self.log.read_text()[-2000:]
                if "address already in use" in tail and not self.ready and moves < 3:
                    moves += 1
                    self.port = free_port()
                    self.log = self.log.with_name(f"{self.role}-{self.port}.log")
                    self.launch()
                    continue
                raise RuntimeError(f"{self.role} exited with {code}: {tail}")
            try:
                httpx.get(f"{self.url}/health", timeout=2)
                self.ready = True
                return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.role} did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to clean up or release anything."""
        assert self.process is not None  # nosec B101
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.kill()

    def restart(self) -> None:
        self.stop()
        self.start()


@contextmanager
def cluster(
    state: AppState, tmp_path: Path, *roles: str, env: dict[str, str] | None = None
) -> Iterator[list[Role]]:
    """Start the roles (in order) and stop them all at the end, even when starting fails."""
    env, logs = env or cluster_env(state), tmp_path / "logs"
    logs.mkdir(exist_ok=True)
    started: list[Role] = []
    try:
        for role in roles:
            started.append(Role(role, env, logs).launch())
        for process in started:
            process.wait_ready()
        yield started
    finally:
        for process in started:
            process.stop()


def sign_in(gateway: Role, user: MadeUser) -> dict[str, str]:
    response = httpx.post(
        f"{gateway.url}/api/auth/login",
        json={"email": user.email, "password": user.password},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def send(gateway: Role, headers: dict[str, str], path: Path, **form: Any) -> Any:
    """POST /api/datasets to a gateway process (in the background unless wait=true)."""
    with path.open("rb") as handle:
        response = httpx.post(
            f"{gateway.url}/api/datasets",
            headers=headers,
            data={"wait": "false", **{k: str(v) for k, v in form.items()}},
            files={"file": (path.name, handle, "text/csv")},
            timeout=300,
        )
    assert response.status_code in (200, 202), response.text
    return response.json()


def job_row(state: AppState, batch_id: int) -> tuple[str, str | None, int] | None:
    """(stage, owner, attempts) of an upload's job, None once it ended."""
    with state.db.transaction() as session:
        job = session.get(UploadJob, batch_id)
        return (job.stage, job.owner, job.attempts) if job is not None else None


def batches_of(state: AppState, dataset_id: int) -> list[tuple[int, str]]:
    with state.db.transaction() as session:
        rows = session.query(UploadBatch).filter_by(dataset_id=dataset_id).all()
        return [(b.id, b.status) for b in rows]


def busy_with(state: AppState, workers: list[Role], timeout: float = 300) -> Role:
    """Wait until one of the workers owns some job; returns it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with state.db.transaction() as session:
            owners = session.scalars(select(UploadJob.owner)).all()
        for worker in workers:
            if any(worker.owns(owner) for owner in owners):
                return worker
        time.sleep(0.02)
    pytest.fail("no worker took a job")


def assert_stored_once(state: AppState, dataset_id: int, rows: int, total: int) -> None:
    """One ready upload holding exactly its rows (units and rollups to the cent), its job
    ended and its temp files gone."""
    [(batch_id, status)] = batches_of(state, dataset_id)
    assert status == "ready"
    assert rollup_total(state, dataset_id) == (total, rows)
    stored = records_of(state, dataset_id)
    assert len(stored) == rows and {r[-1] for r in stored} == {batch_id}
    assert job_row(state, batch_id) is None
    assert not job_dir(state.settings, batch_id).exists()


def wait_for_owner(
    state: AppState, batch_id: int, stage: str, timeout: float = 300
) -> tuple[str, str | None, int]:
    """Poll until a worker owns the job in `stage`; fails when the job ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = job_row(state, batch_id)
        if row is None:
            pytest.fail(f"the job ended before a worker was seen owning its {stage} stage")
        if row[0] == stage and row[1] is not None:
            return row
        time.sleep(0.02)
    pytest.fail(f"no worker took the {stage} stage")
