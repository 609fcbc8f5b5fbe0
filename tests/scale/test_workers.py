"""Gateway, upload and db workers as separate processes on Redis and MariaDB: each role
alone, a worker killed mid-job, a restart beside running work, and a small topology."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from websockets.sync.client import connect

from elara.core.state import AppState
from elara.dashboard.query import staged_hidden
from elara.models import DatasetRecord
from elara.uploads.service import wait_for_upload
from tests.datasets.conftest import ledger_csv, ledger_total
from tests.datasets.test_chunked import big_ledger
from tests.factories import create_user

from .cluster import (
    assert_stored_once,
    busy_with,
    cluster,
    job_row,
    require_servers,
    send,
    sign_in,
    wait_for_owner,
)

BIG_BYTES = 12 * 1024 * 1024


@pytest.fixture(autouse=True)
def _servers(state: AppState) -> None:
    require_servers(state)


def test_each_role_in_its_own_process(state: AppState, tmp_path: Path) -> None:
    """The gateway only enqueues; the upload worker parses, the db worker stores, and the
    progress reaches the gateway's /ws through Redis."""
    user = create_user(state)
    with cluster(state, tmp_path, "gateway", "upload", "db") as (gateway, _, _):
        headers = sign_in(gateway, user)
        ws_url = gateway.url.replace("http", "ws") + "/ws"
        with connect(ws_url, open_timeout=30) as socket:
            socket.send(json.dumps({"type": "auth", "token": headers["Authorization"][7:]}))
            assert json.loads(socket.recv(timeout=30))["type"] == "auth.ok"
            body = send(gateway, headers, ledger_csv(tmp_path / "a.csv", 40), wait="true")
            events = []
            while not events or events[-1]["type"] != "data.changed":
                events.append(json.loads(socket.recv(timeout=60)))
    assert body["status"] == "ready" and body["row_count"] == 40
    progress = [e for e in events if e["type"] == "upload.progress"]
    assert progress[-1]["status"] == "ready" and progress[-1]["rows_stored"] == 40
    assert_stored_once(state, body["id"], 40, ledger_total(40))


def _count(state: AppState, dataset_id: int, *, visible: bool) -> int:
    """Records of the dataset: all of them, or those a read sees (staged rows of an
    unfinished upload are not)."""
    query = select(func.count()).where(DatasetRecord.dataset_id == dataset_id)
    if visible:
        query = query.where(staged_hidden(DatasetRecord))
    with state.db.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def _wait_for_staged(state: AppState, dataset_id: int, timeout: float = 300) -> None:
    """Wait until some of the upload's records are staged (written, not yet visible)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _count(state, dataset_id, visible=False):
            return
        time.sleep(0.01)
    pytest.fail("no record was ever staged")


@pytest.mark.parametrize("stage", ["parse", "staging", "store"])
def test_worker_killed_mid_job_is_replaced_once(
    state: AppState, tmp_path: Path, stage: str
) -> None:
    """SIGKILL the worker owning the job: another takes it over once its lease expires.
    ``staging``: the upload worker dies after it staged some records while its reader read
    on; the takeover removes them and the upload is stored exactly once."""
    user = create_user(state)
    # Staging: more batches, so the kill lands while some are still to be staged.
    size = 2 * BIG_BYTES if stage == "staging" else BIG_BYTES
    rows, total = big_ledger(tmp_path / "big.csv", size)
    roles = ("gateway", "upload", "upload", "db", "db")
    with cluster(state, tmp_path, *roles) as started:
        gateway, workers = started[0], started[1:]
        body = send(gateway, sign_in(gateway, user), tmp_path / "big.csv")
        batch_id = body["upload"]["id"]
        _, owner, _ = wait_for_owner(state, batch_id, "store" if stage == "store" else "parse")
        if stage == "staging":
            _wait_for_staged(state, body["id"])
        [victim] = [w for w in workers if w.owns(owner)]
        victim.kill()
        if stage == "staging":  # killed mid-staging: some rows staged, not all
            assert 0 < _count(state, body["id"], visible=False) < rows
        assert _count(state, body["id"], visible=True) == 0  # nothing of the dead work shows
        assert wait_for_upload(state, batch_id, timeout=600) == "ready"
    assert_stored_once(state, body["id"], rows, total)


class Watch:
    """Records a job's (stage, owner, attempts) every few milliseconds in a thread."""

    def __init__(self, state: AppState, batch_id: int) -> None:
        self.state, self.batch_id = state, batch_id
        self.seen: list[tuple[float, tuple[str, str | None, int]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            row = job_row(self.state, self.batch_id)
            if row is None:
                return
            self.seen.append((time.monotonic(), row))

    def __enter__(self) -> Watch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


def test_restarts_leave_other_processes_work_alone(state: AppState, tmp_path: Path) -> None:
    """While one upload worker parses, the other upload worker, the gateway and the db
    worker restart: the job keeps its owner (no takeover, no failure) and is stored once."""
    user = create_user(state)
    rows, total = big_ledger(tmp_path / "big.csv", 2 * BIG_BYTES)
    roles = ("gateway", "upload", "upload", "db")
    with cluster(state, tmp_path, *roles) as (gateway, first, second, storer):
        body = send(gateway, sign_in(gateway, user), tmp_path / "big.csv")
        batch_id = body["upload"]["id"]
        with Watch(state, batch_id) as watch:
            _, owner, _ = wait_for_owner(state, batch_id, "parse")
            other = second if first.owns(owner) else first
            restarting = time.monotonic()
            other.restart()
            gateway.restart()
            storer.restart()
            assert wait_for_upload(state, batch_id, timeout=600) == "ready"
    parsing = [row for _, row in watch.seen if row[0] == "parse" and row[1] is not None]
    assert parsing and all(row == ("parse", owner, 1) for row in parsing)
    assert all(row[2] <= 2 for _, row in watch.seen)  # one claim per stage: no takeover
    # The restarts began while the job was still being worked on (with parse and staging
    # overlapping, the job may end before a restarted process is up again).
    assert any(at > restarting and row[1] is not None for at, row in watch.seen)
    assert_stored_once(state, body["id"], rows, total)


def test_two_of_each_role_ten_uploads_a_worker_killed(state: AppState, tmp_path: Path) -> None:
    """2 gateways, 2 upload and 2 db workers; 10 uploads while an upload worker is killed
    and started again: each upload ends ready exactly once with its own rows."""
    user = create_user(state)
    sizes = [2000 + 500 * i for i in range(10)]
    files = [ledger_csv(tmp_path / f"u{i}.csv", n) for i, n in enumerate(sizes)]
    roles = ("gateway", "gateway", "upload", "upload", "db", "db")
    with cluster(state, tmp_path, *roles) as started:
        gateways = started[:2]
        headers = sign_in(gateways[0], user)
        answers = [send(gateways[i % 2], headers, path) for i, path in enumerate(files[:5])]
        # Whichever upload worker holds a job (the other may have taken every job so far).
        victim = busy_with(state, list(started[2:4]))
        victim.kill()  # in the middle of one of the uploads
        answers += [send(gateways[i % 2], headers, path) for i, path in enumerate(files[5:])]
        victim.start()
        for answer in answers:
            assert wait_for_upload(state, answer["upload"]["id"], timeout=600) == "ready"
    for answer, rows in zip(answers, sizes, strict=True):
        assert_stored_once(state, answer["id"], rows, ledger_total(rows))
