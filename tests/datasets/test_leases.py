"""Job leases: one owner at a time, takeover only after expiry, the end counted once, the
reaper's requeue and give-up, and a takeover removing the dead attempt's files."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from elara.audit.events import Actor
from elara.core.state import AppState
from elara.models import Dataset, UploadBatch, UploadJob, utcnow
from elara.uploads import leases, tasks
from elara.uploads.files import attempt_dir, job_dir
from elara.uploads.worker import reap_expired
from tests.factories import create_user


def create_job(state: AppState) -> int:
    """A processing upload with its queued job (no file: only the lease is exercised)."""
    user = create_user(state)
    with state.db.transaction() as session:
        dataset = Dataset(name="leased", owner_id=user.id, status="processing")
        session.add(dataset)
        session.flush()
        batch = UploadBatch(
            dataset_id=dataset.id,
            filename="f.csv",
            sha256="0" * 64,
            uploaded_by=user.id,
            status="processing",
            options={},
            report={},
        )
        session.add(batch)
        session.flush()
        leases.create(session, batch_id=batch.id, actor=Actor(user_id=user.id), lease_seconds=60)
        return batch.id


def expire(state: AppState, batch_id: int, **values: object) -> None:
    """The clock moved past the lease (the one edge mocked: time)."""
    with state.db.transaction() as session:
        session.execute(
            update(UploadJob)
            .where(UploadJob.batch_id == batch_id)
            .values(lease_until=utcnow() - timedelta(seconds=1), **values)
        )


def claim(state: AppState, batch_id: int, owner: str) -> int | None:
    with state.db.transaction() as session:
        job = leases.claim(
            session, batch_id=batch_id, stage=leases.PARSE, owner=owner, lease_seconds=60
        )
        return job.attempts if job is not None else None


def test_only_an_expired_lease_is_taken_over(state: AppState) -> None:
    batch_id = create_job(state)
    assert claim(state, batch_id, "a") == 1
    assert claim(state, batch_id, "b") is None  # a live lease is not taken
    with state.db.transaction() as session:
        assert not leases.renew(session, batch_id=batch_id, owner="b", lease_seconds=60)
        assert leases.renew(session, batch_id=batch_id, owner="a", lease_seconds=60)
    expire(state, batch_id)
    assert claim(state, batch_id, "b") == 2
    with state.db.transaction() as session:
        assert not leases.finish(session, batch_id=batch_id, owner="a")  # "a" lost it
        assert leases.finish(session, batch_id=batch_id, owner="b")
    with state.db.transaction() as session:
        assert not leases.finish(session, batch_id=batch_id, owner="b")  # ended once


def test_reaper_requeues_once_then_gives_up(state: AppState) -> None:
    tasks.install(state)
    batch_id = create_job(state)
    assert claim(state, batch_id, "dead") == 1
    assert reap_expired(state) == []  # the owner's lease is live
    expire(state, batch_id)
    assert reap_expired(state) == [batch_id]
    assert reap_expired(state) == []  # requeued with a fresh deadline: not twice
    assert state.queue.pending()["upload"] == 1
    with state.db.transaction() as session:
        job = session.get_one(UploadJob, batch_id)
        assert (job.stage, job.owner) == (leases.PARSE, None)
    expire(state, batch_id, attempts=state.settings.job_max_attempts)
    assert reap_expired(state) == []
    with state.db.transaction() as session:
        assert session.get(UploadJob, batch_id) is None
        batch = session.get_one(UploadBatch, batch_id)
        assert batch.status == "failed" and "interrupted" in (batch.status_reason or "")
        assert session.get_one(Dataset, batch.dataset_id).status == "failed"


def test_takeover_removes_the_dead_attempts_files(state: AppState) -> None:
    settings = state.settings
    dead = attempt_dir(settings, 7, 1)
    (dead / "000000.arrow").write_bytes(b"half a spool")
    received = job_dir(settings, 7) / "input"
    received.write_bytes(b"the upload")
    mine = attempt_dir(settings, 7, 2)
    assert not dead.exists() and mine.is_dir()
    assert received.read_bytes() == b"the upload"  # the input is the job's, kept
