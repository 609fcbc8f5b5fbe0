"""Staged stores: records are written in committed chunks that no read sees until the upload
is made visible in one short transaction; a crash mid-way leaves nothing visible."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from elara.audit.events import Actor
from elara.core.state import AppState
from elara.datasets import service as datasets
from elara.datasets.repository import delete_staged_rows
from elara.ingest import parse_file
from elara.models import UploadBatch, UploadJob
from elara.storage import bulk
from elara.storage.spool import Spool
from elara.uploads import leases, tasks
from elara.uploads.files import work_dir
from elara.uploads.heartbeat import LeaseLost
from elara.uploads.recovery import recover_on_start
from elara.uploads.service import wait_for_upload
from tests.factories import create_user, login

from .conftest import ledger_csv, ledger_total, records_of, rollup_total, upload

ROWS = 1000
CHUNK = 100


class Crash(BaseException):
    """Not an Exception: it skips the upload's own failure handling, like a killed process."""


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "STAGE_CHUNK", CHUNK)


class Pause:
    """A stage hook that holds the store after its first committed chunk."""

    def __init__(self) -> None:
        self.paused, self.resume = threading.Event(), threading.Event()

    def __call__(self, batch_id: int, staged: int) -> None:
        if not self.paused.is_set():
            self.paused.set()
            assert self.resume.wait(120), "the test never resumed the store"  # nosec B101


@contextmanager
def hooked(hook: Callable[[int, int], None]) -> Iterator[None]:
    bulk.stage_hooks.append(hook)
    try:
        yield
    finally:
        bulk.stage_hooks.remove(hook)


def _exported_rows(client: TestClient, headers: dict[str, str], dataset_id: int) -> int:
    """Records a reader gets for the dataset (the CSV export reads the raw records)."""
    response = client.get(f"/api/records/export?dataset_id={dataset_id}", headers=headers)
    assert response.status_code == 200, response.text
    return len(response.text.strip().splitlines()) - 1


class Ready(NamedTuple):
    headers: dict[str, str]
    dataset_id: int


@pytest.fixture
def ready(client: TestClient, state: AppState, tmp_path: Path) -> Ready:
    """An admin signed in, and a dataset of 20 stored records for a store to add to."""
    headers = login(client, create_user(state, role="admin"))
    body = upload(client, headers, ledger_csv(tmp_path / "first.csv", 20)).json()
    assert body["status"] == "ready", body
    return Ready(headers, int(body["id"]))


def _processing_batch(state: AppState, dataset_id: int, filename: str = "more.csv") -> int:
    """An append's batch being processed, with no job row (the store run by hand)."""
    with state.db.transaction() as session:
        batch = UploadBatch(
            dataset_id=dataset_id,
            filename=filename,
            sha256="4" * 64,
            status="processing",
            mode="append",
            options={},
            report={},
        )
        session.add(batch)
        session.flush()
        return batch.id


def _append_in_background(
    client: TestClient, headers: dict[str, str], path: Path, dataset_id: int
) -> int:
    """The append's upload id (its batch): the job runs on the queue."""
    response = upload(client, headers, path, mode="append", dataset_id=dataset_id, wait="false")
    assert response.status_code in (200, 201, 202), response.text
    return int(response.json()["upload"]["id"])


def test_sign_in_and_reads_during_a_staged_append(
    client: TestClient, state: AppState, tmp_path: Path, ready: Ready
) -> None:
    headers, dataset_id = ready
    pause = Pause()
    with hooked(pause):
        path = ledger_csv(tmp_path / "big.csv", ROWS)
        batch_id = _append_in_background(client, headers, path, dataset_id)
        try:
            assert pause.paused.wait(120), "the store never committed a chunk"
            # Mid-store: one chunk committed, the rest waits; a sign-in (a write) succeeds.
            assert len(records_of(state, dataset_id)) == 20 + CHUNK
            assert login(client, create_user(state, role="viewer"))
            assert _exported_rows(client, headers, dataset_id) == 20  # staged rows are not read
            assert rollup_total(state, dataset_id) == (ledger_total(20), 20)
            dataset = client.get(f"/api/datasets/{dataset_id}", headers=headers).json()
            assert dataset["row_count"] == 20
        finally:
            pause.resume.set()
        assert wait_for_upload(state, batch_id, timeout=120) == "ready"
    assert _exported_rows(client, headers, dataset_id) == 20 + ROWS
    assert rollup_total(state, dataset_id) == (ledger_total(20) + ledger_total(ROWS), 20 + ROWS)


def test_failure_mid_store_removes_the_staged_rows(
    client: TestClient, state: AppState, tmp_path: Path, ready: Ready
) -> None:
    headers, dataset_id = ready

    def fail(batch_id: int, staged: int) -> None:
        raise RuntimeError("disk full")

    with hooked(fail):
        path = ledger_csv(tmp_path / "big.csv", ROWS)
        body = upload(client, headers, path, mode="append", dataset_id=dataset_id).json()
    uploads = client.get(f"/api/datasets/{dataset_id}/uploads", headers=headers).json()
    assert [u["status"] for u in uploads] == ["ready", "failed"], (body, uploads)
    assert len(records_of(state, dataset_id)) == 20
    assert _exported_rows(client, headers, dataset_id) == 20


def test_crash_mid_store_leaves_nothing_visible_until_cleanup(
    client: TestClient, state: AppState, tmp_path: Path, ready: Ready
) -> None:
    headers, dataset_id = ready

    def crash(batch_id: int, staged: int) -> None:
        if staged >= 3 * CHUNK:
            raise Crash

    # The store as a worker runs it (a fresh session: staged in committed chunks), dying
    # mid-way in a way no failure handling sees; the batch has no job row, as after a crash
    # of a process that owned no lease yet.
    path = ledger_csv(tmp_path / "big.csv", ROWS)
    batch_id = _processing_batch(state, dataset_id, path.name)
    parser = parse_file(path)
    with hooked(crash), Spool(work_dir(state.settings)) as spool:
        for parsed in parser:
            spool.add(parsed)
        with pytest.raises(Crash), state.db.transaction() as session:
            datasets.store_upload(
                session,
                dataset_id=dataset_id,
                batch_id=batch_id,
                spool=spool,
                report=parser.report,
                actor=Actor(user_id=None, email="test"),
            )
    assert len(records_of(state, dataset_id)) == 20 + 3 * CHUNK  # left behind, unread
    assert _exported_rows(client, headers, dataset_id) == 20
    assert rollup_total(state, dataset_id) == (ledger_total(20), 20)
    recover_on_start(state)  # the next start
    assert len(records_of(state, dataset_id)) == 20
    assert _exported_rows(client, headers, dataset_id) == 20
    assert client.get(f"/api/datasets/{dataset_id}", headers=headers).json()["status"] == "ready"


PARSE_BATCH = 50_000  # the reader's batch size: a later batch is read while one is staged


@pytest.mark.parametrize("mode", ["append", "replace"])
def test_an_error_in_the_last_batch_leaves_nothing_staged_or_visible(
    client: TestClient,
    state: AppState,
    tmp_path: Path,
    ready: Ready,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
) -> None:
    """Batches are staged while the reader reads on; a row error it finds only in the last
    batch refuses the file (on_error=reject): the staged rows go, the old ones stay."""
    monkeypatch.setattr(bulk, "STAGE_CHUNK", 10_000)
    headers, dataset_id = ready
    staged: list[int] = []
    rows = PARSE_BATCH + 10
    path = ledger_csv(tmp_path / "late.csv", rows, bad_rows=(rows,))
    with hooked(lambda batch_id, count: staged.append(count)):
        upload(client, headers, path, mode=mode, dataset_id=dataset_id)
    assert staged and max(staged) >= 10_000  # the first batch was staged before the error
    uploads = client.get(f"/api/datasets/{dataset_id}/uploads", headers=headers).json()
    assert [u["status"] for u in uploads] == ["ready", "failed"], uploads
    assert uploads[1]["error_count"] == 1
    assert len(records_of(state, dataset_id)) == 20  # no staged row is left behind either
    assert _exported_rows(client, headers, dataset_id) == 20
    assert rollup_total(state, dataset_id) == (ledger_total(20), 20)
    dataset = client.get(f"/api/datasets/{dataset_id}", headers=headers).json()
    assert (dataset["status"], dataset["row_count"]) == ("ready", 20)


def test_a_worker_that_lost_its_job_stages_nothing_more(
    client: TestClient, state: AppState, tmp_path: Path, ready: Ready
) -> None:
    """Every staged chunk renews the lease in its own transaction: once another worker took
    the job over (and removed what was staged), the old owner cannot add a single row."""
    headers, dataset_id = ready
    batch_id = _processing_batch(state, dataset_id, "late.csv")
    with state.db.transaction() as session:
        leases.create(
            session, batch_id=batch_id, actor=Actor(user_id=None, email="test"), lease_seconds=60
        )
    claimed = tasks._claim(state, batch_id, leases.PARSE)
    assert claimed is not None
    spool = Spool(work_dir(state.settings))
    with tasks._Overlap(state, claimed, spool, tasks.Progress(dataset_id, batch_id)) as overlap:
        written = [spool.add(parsed) for parsed in parse_file(ledger_csv(tmp_path / "b.csv", 300))]
        overlap.on_batch(written[0])
        overlap.stager.wait()  # a LOAD DATA chunk commits on the stager's own thread
        assert len(records_of(state, dataset_id)) == 20 + 300  # staged (unread)
        _take_over(state, batch_id)  # the lease ran out; another worker claims it
        with state.db.transaction() as session:
            delete_staged_rows(session, [batch_id])
        with pytest.raises(LeaseLost):
            overlap.on_batch(written[0])
            overlap.stager.wait()
    assert len(records_of(state, dataset_id)) == 20
    assert _exported_rows(client, headers, dataset_id) == 20
    spool.close()


def test_load_data_writes_the_next_chunk_while_the_previous_one_loads(
    state: AppState, tmp_path: Path, ready: Ready
) -> None:
    """With LOAD DATA the server does not wait for the parent between two chunks: the next
    chunk's file is written while the previous chunk's transaction is still open, and every
    chunk is committed (and its file removed) by the time the staging ends."""
    if state.db.is_sqlite:
        pytest.skip("LOAD DATA is the MariaDB path")
    dataset_id = ready.dataset_id
    batch_id = _processing_batch(state, dataset_id)
    spool = Spool(work_dir(state.settings))
    for parsed in parse_file(ledger_csv(tmp_path / "more.csv", 3 * CHUNK)):
        spool.add(parsed)
    folder = tmp_path / "loads"
    folder.mkdir()
    seen: list[int] = []

    def hook(_batch_id: int, staged: int) -> None:
        if staged == CHUNK:  # the first chunk is committed; its thread has not returned yet
            for _ in range(100):
                if len(list(folder.glob("*.csv"))) == 1:  # the second chunk's file, ready
                    break
                threading.Event().wait(0.1)
            seen.append(len(list(folder.glob("*.csv"))))

    with (
        hooked(hook),
        bulk.Stager(
            state.db.engine, dataset_id=dataset_id, batch_id=batch_id, folder=folder
        ) as stager,
    ):
        for frame in spool.frames():
            stager.stage(frame)
    assert stager.path == "load_data"
    assert seen == [1]
    assert stager.staged == 3 * CHUNK
    assert len(records_of(state, dataset_id)) == 20 + 3 * CHUNK
    assert not list(folder.glob("*.csv"))
    spool.close()


class Original(Exception):
    """The error a staging's own caller raises."""


def _spooled_for_load_data(
    state: AppState, tmp_path: Path, dataset_id: int, rows: int
) -> tuple[int, Spool, Path]:
    """A processing append of `rows` spooled records and a folder for the LOAD DATA files
    (the test is skipped on SQLite: LOAD DATA is the MariaDB path)."""
    if state.db.is_sqlite:
        pytest.skip("LOAD DATA is the MariaDB path")
    batch_id = _processing_batch(state, dataset_id)
    spool = Spool(work_dir(state.settings))
    for parsed in parse_file(ledger_csv(tmp_path / "more.csv", rows)):
        spool.add(parsed)
    folder = tmp_path / "loads"
    folder.mkdir()
    return batch_id, spool, folder


def test_an_error_leaving_the_staging_is_not_masked_by_the_chunk_in_flight(
    state: AppState, tmp_path: Path, ready: Ready
) -> None:
    """The chunk in flight fails too (its batch stopped processing: a real check), but the
    error that ended the staging is the one raised; the chunk's failure is only logged."""
    dataset_id = ready.dataset_id
    batch_id, spool, folder = _spooled_for_load_data(state, tmp_path, dataset_id, CHUNK)
    with state.db.transaction() as session:
        session.execute(
            update(UploadBatch).where(UploadBatch.id == batch_id).values(status="failed")
        )
    stager = bulk.Stager(state.db.engine, dataset_id=dataset_id, batch_id=batch_id, folder=folder)
    with pytest.raises(Original), stager:
        for frame in spool.frames():
            stager.stage(frame)  # its one chunk goes to the loader's thread, and fails there
        raise Original("the caller's own error")
    assert stager.staged == 0
    assert len(records_of(state, dataset_id)) == 20
    # with no other error leaving, the chunk's failure is raised
    stager = bulk.Stager(state.db.engine, dataset_id=dataset_id, batch_id=batch_id, folder=folder)
    with pytest.raises(bulk.StagingStopped), stager:
        for frame in spool.frames():
            stager.stage(frame)
    spool.close()


def _take_over(state: AppState, batch_id: int) -> None:
    """The job's lease runs out and another worker claims it."""
    with state.db.transaction() as session:
        session.execute(
            update(UploadJob)
            .where(UploadJob.batch_id == batch_id)
            .values(lease_until=datetime(2000, 1, 1, tzinfo=UTC))
        )
    with state.db.transaction() as session:
        assert leases.claim(
            session, batch_id=batch_id, stage=leases.PARSE, owner="other", lease_seconds=60
        )


def test_an_error_leaving_the_parse_job_is_not_masked_by_its_chunk_in_flight(
    state: AppState, tmp_path: Path, ready: Ready
) -> None:
    """The parse job's overlap ends as the Stager does: its chunk in flight fails (the job was
    taken over), but the error that ended the parse is the one raised."""
    if state.db.is_sqlite:
        pytest.skip("a chunk is in flight only on the LOAD DATA path (MariaDB)")
    dataset_id = ready.dataset_id
    batch_id = _processing_batch(state, dataset_id, "late.csv")
    with state.db.transaction() as session:
        leases.create(
            session, batch_id=batch_id, actor=Actor(user_id=None, email="test"), lease_seconds=60
        )
    claimed = tasks._claim(state, batch_id, leases.PARSE)
    assert claimed is not None
    spool = Spool(work_dir(state.settings))
    _take_over(state, batch_id)
    progress = tasks.Progress(dataset_id, batch_id)
    with pytest.raises(Original), tasks._Overlap(state, claimed, spool, progress) as overlap:
        written = [spool.add(parsed) for parsed in parse_file(ledger_csv(tmp_path / "b.csv", 50))]
        overlap.on_batch(written[0])  # its chunk fails on the loader's thread: LeaseLost
        raise Original("the parse's own error")
    assert len(records_of(state, dataset_id)) == 20
    spool.close()
