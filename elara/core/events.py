"""In-process pub/sub for live events (upload progress, data changes), shared via Redis if set.

Publishers may be worker threads; every subscriber is an asyncio queue fed on its own loop
with `call_soon_threadsafe`. With `ELARA_REDIS_URL` every event goes through one Redis channel
so all instances (gateway, upload service) see the same stream.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import structlog

log = structlog.get_logger(__name__)

CHANNEL = "elara:events"
QUEUE_SIZE = 1000
KEEP_PROGRESS = 1000

Event = dict[str, Any]


class _Subscriber:
    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_SIZE)

    def offer(self, event: Event) -> None:
        # A slow client loses events rather than slowing every publisher down.
        if not self.queue.full():
            self.queue.put_nowait(event)


def channel_for(namespace: str) -> str:
    """The Redis channel of a deployment's events (the default one keeps its old name)."""
    return CHANNEL if namespace == "elara" else f"elara:{namespace}:events"


class EventHub:
    """Fan events out to every subscriber; remembers the latest progress per dataset."""

    def __init__(
        self,
        redis_url: str | None = None,
        data_version: Callable[[], int] | None = None,
        *,
        namespace: str = "elara",
    ) -> None:
        # One channel per deployment (its queue name), so two deployments or test runs that
        # share a Redis server never see each other's events (pub/sub ignores DB numbers).
        self.channel = channel_for(namespace)
        # The newest data version this process committed: stamped on its "data.changed" events
        # (published after the commit), so a client that sends it back as X-Elara-Data-Version
        # is never served older data by a replica, whichever gateway it reaches.
        self._data_version = data_version
        self._subscribers: set[_Subscriber] = set()
        self._lock = threading.Lock()
        self._progress: OrderedDict[int, Event] = OrderedDict()
        self._redis_url = redis_url
        self._redis: Any = None
        self._listener: Any = None
        self._callbacks: list[Callable[[Event], None]] = []

    def add_listener(self, callback: Callable[[Event], None]) -> None:
        """Call `callback` (on the publishing thread) for every event; for CLIs and tests."""
        self._callbacks.append(callback)

    def publish(self, event: Event) -> None:
        """Send an event to every subscriber (safe from any thread)."""
        if event.get("type") == "data.changed" and self._data_version is not None:
            event = {**event, "data_version": event.get("data_version", self._data_version())}
        if self._redis_url and self._send_redis(event):
            return
        self._dispatch(event)

    def progress_of(self, dataset_id: int) -> Event | None:
        with self._lock:
            return self._progress.get(dataset_id)

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[Event]]:
        """A queue receiving every event published while the block runs."""
        self._ensure_listener()
        subscriber = _Subscriber()
        with self._lock:
            self._subscribers.add(subscriber)
        try:
            yield subscriber.queue
        finally:
            with self._lock:
                self._subscribers.discard(subscriber)

    def _dispatch(self, event: Event) -> None:
        with self._lock:
            if event.get("type") == "upload.progress":
                self._progress[int(event["dataset_id"])] = event
                self._progress.move_to_end(int(event["dataset_id"]))
                while len(self._progress) > KEEP_PROGRESS:
                    self._progress.popitem(last=False)
            subscribers = list(self._subscribers)
        for callback in list(self._callbacks):
            callback(event)
        for subscriber in subscribers:
            try:
                subscriber.loop.call_soon_threadsafe(subscriber.offer, event)
            except RuntimeError:  # that subscriber's loop has closed
                with self._lock:
                    self._subscribers.discard(subscriber)

    def _client(self) -> Any:
        if self._redis is None:
            import redis

            self._redis = redis.Redis.from_url(self._redis_url or "", socket_timeout=5)
        return self._redis

    def _send_redis(self, event: Event) -> bool:
        try:
            self._ensure_listener()
            self._client().publish(self.channel, json.dumps(event))
            return True
        except Exception as exc:
            log.warning("events.redis_unavailable", error=type(exc).__name__)
            return False

    def _ensure_listener(self) -> None:
        if not self._redis_url or self._listener is not None:
            return
        with self._lock:
            if self._listener is not None:
                return
            pubsub = self._client().pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(**{self.channel: self._on_redis})
            self._listener = pubsub.run_in_thread(sleep_time=0.05, daemon=True)

    def _on_redis(self, message: dict[str, Any]) -> None:
        try:
            self._dispatch(json.loads(message["data"]))
        except (ValueError, KeyError, TypeError):
            log.warning("events.bad_message")

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener.join(timeout=2)
            self._listener = None
        if self._redis is not None:
            self._redis.close()
            self._redis = None
