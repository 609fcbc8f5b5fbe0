"""Faults: a killed process or a lost connection mid-insert leaves nothing partial, and the
job is taken over or retried until the upload is stored exactly once."""

from __future__ import annotations

import os
import re
import select as io_select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from elara.core.state import AppState
from elara.models import Dataset, UploadBatch, UploadJob
from elara.uploads.files import job_dir
from elara.uploads.service import wait_for_upload
from elara.uploads.worker import reap_expired
from tests.conftest import backend_name
from tests.factories import create_user, login

from .conftest import ledger_csv, ledger_total, records_of, rollup_total, upload
from .test_chunked import big_ledger

BIG_BYTES = 24 * 1024 * 1024
STORED = re.compile(rb"stored\s+([\d,]+)")


def _env(state: AppState) -> dict[str, str]:
    settings = state.settings
    return {
        **os.environ,
        "ELARA_ENV": "test",
        "ELARA_DATABASE_URL": settings.database_url,
        "ELARA_DATA_DIR": str(settings.data_dir),
        "ELARA_SECRET_KEY": settings.signing_key,
        "ELARA_JOB_LEASE_SECONDS": "3",
    }


def _kill_once_storing(process: subprocess.Popen[bytes], timeout: float = 900) -> bytes:
    """SIGKILL the import as soon as it reports stored rows; returns what it printed.
    The deadline only ends a hung import: however slow, it is killed while storing."""
    assert process.stderr is not None  # nosec B101
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = io_select.select([process.stderr], [], [], 0.5)
        if ready:
            chunk = os.read(process.stderr.fileno(), 4096)
            if not chunk:
                break
            seen += chunk
            if any(int(m.replace(b",", b"")) > 0 for m in STORED.findall(seen)):
                process.send_signal(signal.SIGKILL)
                break
    else:
        process.kill()
        process.wait(timeout=60)
        pytest.fail(f"the import reported no stored rows in {timeout} s: {seen[-500:]!r}")
    process.wait(timeout=60)
    return seen


def _taken_over(state: AppState, batch_id: int, timeout: float = 300) -> None:
    """Reap, as the reaper thread does, until this app's worker owns the job (or is done
    with it): its dead owner's lease ran out and it was started again."""
    deadline = time.monotonic() + timeout
    while True:
        reap_expired(state)
        with state.db.transaction() as session:
            job = session.get(UploadJob, batch_id)
            if job is None or job.owner == state.worker_id:
                return
        if time.monotonic() > deadline:
            pytest.fail(f"job {batch_id} was not taken over in {timeout} s")
        time.sleep(0.1)


def _status(state: AppState, dataset_id: int) -> tuple[str, str | None]:
    with state.db.transaction() as session:
        dataset = session.get_one(Dataset, dataset_id)
        return dataset.status, dataset.status_reason


def _batches(state: AppState, dataset_id: int) -> list[tuple[int, str]]:
    with state.db.transaction() as session:
        rows = session.query(UploadBatch).filter_by(dataset_id=dataset_id).all()
        return [(b.id, b.status) for b in rows]


def test_killed_import_is_taken_over_and_stored_once(
    app: FastAPI, state: AppState, tmp_path: Path
) -> None:
    create_user(state, role="admin")
    path = tmp_path / "big.csv"
    rows, total = big_ledger(path, BIG_BYTES)
    process = subprocess.Popen(
        [sys.executable, "-m", "elara", "import", str(path), "--name", "killed"],
        env=_env(state),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    output = _kill_once_storing(process)
    assert process.returncode == -signal.SIGKILL, output[-500:]
    with state.db.transaction() as session:
        dataset = session.query(Dataset).filter_by(name="killed").one()
        dataset_id, status = dataset.id, dataset.status
    assert status == "processing"  # what a dead process leaves behind: nothing visible ...
    # (it may have staged some records in committed chunks: no read sees them, no rollup)
    assert len(records_of(state, dataset_id)) < rows and rollup_total(state, dataset_id) == (0, 0)
    [(batch_id, _)] = _batches(state, dataset_id)
    assert job_dir(state.settings, batch_id).exists()  # ... and its temporary files
    # ... until its lease (3 s, the killed process's) expires and a live worker (this
    # app's) takes the job over. The taker's own lease is long and the reaping driven here:
    # with a 3 s lease, a loaded machine could let the taker's renewal wait past it (for
    # the database) and the job be taken over again, and again, until out of attempts.
    state.settings.job_lease_seconds = 3600  # the reaper thread's pace: it sleeps
    with TestClient(app):  # its lifespan runs the queue consumers
        _taken_over(state, batch_id)
        assert wait_for_upload(state, batch_id, timeout=1800) == "ready"
    assert _status(state, dataset_id) == ("ready", None)
    assert _batches(state, dataset_id) == [(batch_id, "ready")]
    assert rollup_total(state, dataset_id) == (total, rows)
    assert len(records_of(state, dataset_id)) == rows  # stored exactly once
    assert not job_dir(state.settings, batch_id).exists()  # the taker cleaned the dead work
    with state.db.transaction() as session:
        assert session.get(UploadJob, batch_id) is None


def _kill_inserting_connection(url: str, stop: threading.Event) -> list[int]:
    engine = create_engine(url)
    killed: list[int] = []
    # Only this test database's running statements: other databases on the server are not ours.
    query = text(
        "SELECT id FROM information_schema.PROCESSLIST WHERE id <> CONNECTION_ID() "
        "AND db = DATABASE() AND command = 'Query' "
        "AND (info LIKE 'LOAD DATA%' OR info LIKE 'INSERT INTO dataset_records%')"
    )
    try:
        with engine.connect() as connection:
            while not stop.is_set() and not killed:
                for (thread_id,) in connection.execute(query):
                    connection.execute(text(f"KILL {int(thread_id)}"))
                    killed.append(int(thread_id))
                time.sleep(0.005)
    finally:
        engine.dispose()
    return killed


def test_lost_connection_mid_insert(
    client: TestClient, state: AppState, tmp_path: Path, database_url: str
) -> None:
    if backend_name(database_url) == "sqlite":
        pytest.skip("a lost server connection needs a database server (MariaDB)")
    headers = login(client, create_user(state))
    path = tmp_path / "big.csv"
    big_rows = big_ledger(path, BIG_BYTES)
    stop = threading.Event()
    killed: list[int] = []
    killer = threading.Thread(
        target=lambda: killed.extend(_kill_inserting_connection(database_url, stop))
    )
    killer.start()
    try:
        body = upload(client, headers, path).json()
    finally:
        stop.set()
        killer.join()
    assert killed, "no insert was caught in flight"
    # The lost connection rolled the insert back; the queue retried the job, once stored.
    assert body["status"] == "ready", body
    rows, total = big_rows
    assert rollup_total(state, body["id"]) == (total, rows)
    assert len(records_of(state, body["id"])) == rows
    again = upload(client, headers, ledger_csv(tmp_path / "small.csv", 20)).json()
    assert again["status"] == "ready" and again["row_count"] == 20


def test_concurrent_uploads_do_not_interfere(
    client: TestClient, state: AppState, tmp_path: Path
) -> None:
    users = [login(client, create_user(state)) for _ in range(2)]
    sizes = (3000, 4000)
    paths = [ledger_csv(tmp_path / f"c{n}.csv", n) for n in sizes]
    answers = [upload(client, h, p, wait="false").json() for h, p in zip(users, paths, strict=True)]
    for answer, rows in zip(answers, sizes, strict=True):
        assert wait_for_upload(state, answer["upload"]["id"], timeout=300) == "ready"
        assert _status(state, answer["id"]) == ("ready", None)
        assert rollup_total(state, answer["id"]) == (ledger_total(rows), rows)
        assert len(records_of(state, answer["id"])) == rows
