"""The event hub: thread-safe fan-out in one process, and across processes through Redis."""

from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from elara.core.events import EventHub

REDIS_URL = os.environ.get("ELARA_TEST_REDIS_URL", "")


def _run(coroutine: Any) -> Any:
    # Its own thread and loop: a session-wide Playwright may own this thread's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _receive_from(publisher: EventHub, subscriber: EventHub) -> dict:
    async with subscriber.subscribe() as queue:
        await asyncio.sleep(0.3)  # let a Redis subscription settle
        event = {
            "type": "upload.progress",
            "dataset_id": 7,
            "bytes_received": 1,
            "rows_parsed": 2,
            "rows_stored": 3,
            "status": "processing",
        }
        threading.Thread(target=publisher.publish, args=(event,)).start()
        return await asyncio.wait_for(queue.get(), timeout=10)


def test_in_process_fan_out_from_a_thread() -> None:
    hub = EventHub()
    received = _run(_receive_from(hub, hub))
    assert received["rows_stored"] == 3
    assert hub.progress_of(7) == received


def test_events_shared_through_redis() -> None:
    if not REDIS_URL:
        if os.environ.get("ELARA_REQUIRE_REDIS") == "1":
            pytest.fail("ELARA_REQUIRE_REDIS=1 but ELARA_TEST_REDIS_URL is not set")
        pytest.skip("Redis tests skipped: set ELARA_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/3)")
    gateway, upload = EventHub(REDIS_URL), EventHub(REDIS_URL)
    try:
        received = _run(_receive_from(upload, gateway))
    finally:
        gateway.close()
        upload.close()
    assert received["dataset_id"] == 7
    assert gateway.progress_of(7) is not None


def test_deployments_sharing_redis_do_not_see_each_others_events() -> None:
    """Pub/sub ignores Redis DB numbers: the channel is per deployment (its queue name)."""
    if not REDIS_URL:
        if os.environ.get("ELARA_REQUIRE_REDIS") == "1":
            pytest.fail("ELARA_REQUIRE_REDIS=1 but ELARA_TEST_REDIS_URL is not set")
        pytest.skip("Redis tests skipped: set ELARA_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/3)")
    import uuid

    ours, theirs = (f"test-{uuid.uuid4().hex[:12]}" for _ in range(2))
    publisher = EventHub(REDIS_URL, namespace=theirs)
    listener = EventHub(REDIS_URL, namespace=ours)
    try:
        with pytest.raises(TimeoutError):
            _run(_receive_from(publisher, listener))
        same = EventHub(REDIS_URL, namespace=theirs)
        try:
            assert _run(_receive_from(same, publisher))["dataset_id"] == 7
        finally:
            same.close()
    finally:
        publisher.close()
        listener.close()
