import os
import uuid

import pytest

from elara.core import data_version
from elara.core.db import VersionFloor
from elara.core.events import EventHub


def test_bump_changes_the_version(state):
    with state.db.transaction() as session:
        before = data_version.current(session)
        bumped = data_version.bump(session)
    with state.db.transaction() as session:
        assert data_version.current(session) == bumped != before


def test_versions_are_read_once_per_session_and_follow_own_bump(state):
    with state.db.transaction() as session:
        first = data_version.versions(session)
        assert data_version.versions(session) is first  # remembered: no second query
        bumped = data_version.bump(session)
        assert data_version.seen(session) == bumped
    with state.db.reading() as session:
        assert data_version.seen(session) == bumped


def test_data_changed_events_carry_the_committed_version(state):
    """A client that sends the event's version back is never served older data."""
    seen = []
    state.events.add_listener(seen.append)
    with state.db.transaction() as session:
        bumped = data_version.counter(data_version.bump(session))
    state.events.publish({"type": "data.changed", "dataset_id": 1})
    state.events.publish({"type": "upload.progress", "dataset_id": 1, "status": "ready"})

    assert seen[0] == {"type": "data.changed", "dataset_id": 1, "data_version": bumped}
    assert "data_version" not in seen[1]
    assert EventHub().publish({"type": "data.changed"}) is None  # no database: nothing stamped


def test_deployments_sharing_redis_keep_their_own_floor():
    """The floor is per deployment (queue name): another's newer data holds no reads back."""
    url = os.environ.get("ELARA_TEST_REDIS_URL")
    if not url:
        if os.environ.get("ELARA_REQUIRE_REDIS") == "1":
            pytest.fail("ELARA_REQUIRE_REDIS=1 but ELARA_TEST_REDIS_URL is not set")
        pytest.skip("needs ELARA_TEST_REDIS_URL")
    one, other = (f"test-{uuid.uuid4().hex[:12]}" for _ in range(2))
    writer, same, elsewhere = (
        VersionFloor(url, one),
        VersionFloor(url, one),
        VersionFloor(url, other),
    )
    try:
        writer.note(42)

        assert (same.get(), elsewhere.get(), writer.committed) == (42, 0, 42)
        assert VersionFloor.key_for("elara") == VersionFloor.REDIS_KEY
    finally:
        writer._redis.delete(writer.key)
