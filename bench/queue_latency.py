"""Task queue latency: time from enqueue to the task starting, one task at a time on an idle
queue, with the consumer in threads of this process (as Elara runs it).

    .venv/bin/python bench/queue_latency.py --redis redis://127.0.0.1:6379/9

Measures Huey (SQLite and Redis storage) always, and Dramatiq and Celery (both on Redis) when
they are importable (they are not Elara dependencies: install them in a scratch venv to
compare). Prints the median and p95 in milliseconds per queue.
"""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROUNDS = 30


def _measure(enqueue: Callable[[float], None], started: queue.Queue[float]) -> list[float]:
    latencies = []
    for _ in range(ROUNDS):
        sent = time.perf_counter()
        enqueue(sent)
        latencies.append((started.get(timeout=30) - sent) * 1000)
        time.sleep(0.3)  # the queue goes idle between tasks, as between uploads
    return latencies


def _huey(kind: str, redis_url: str, folder: Path) -> None:
    from huey import RedisHuey, SqliteHuey
    from huey.consumer import Consumer

    class EmbeddedConsumer(Consumer):  # as elara.core.queue (kept importable without Elara)
        def _set_signal_handlers(self) -> None:
            return None

    name = f"bench-{uuid.uuid4().hex[:8]}"
    huey = (
        RedisHuey(name, url=redis_url, results=False)
        if kind == "redis"
        else SqliteHuey(name, filename=str(folder / "q.db"), results=False)
    )
    started: queue.Queue[float] = queue.Queue()
    task = huey.task(name="mark")(lambda sent: started.put(time.perf_counter()))
    consumer = EmbeddedConsumer(huey, workers=1, periodic=False, max_delay=0.5)
    consumer.start()
    try:
        _report(f"huey-{kind}", _measure(lambda sent: task(sent), started))
    finally:
        consumer.stop(graceful=True)


def _dramatiq(redis_url: str) -> None:
    import dramatiq
    from dramatiq.brokers.redis import RedisBroker

    broker = RedisBroker(url=redis_url, namespace=f"bench-{uuid.uuid4().hex[:8]}")
    dramatiq.set_broker(broker)
    started: queue.Queue[float] = queue.Queue()

    @dramatiq.actor(broker=broker)
    def mark(sent: float) -> None:
        started.put(time.perf_counter())

    worker = dramatiq.Worker(broker, worker_threads=1)
    worker.start()
    try:
        _report("dramatiq-redis", _measure(lambda sent: mark.send(sent), started))
    finally:
        worker.stop()


def _celery(redis_url: str) -> None:
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    app = Celery("bench", broker=redis_url, backend=None)
    app.conf.task_default_queue = f"bench-{uuid.uuid4().hex[:8]}"
    started: queue.Queue[float] = queue.Queue()

    @app.task
    def mark(sent: float) -> None:
        started.put(time.perf_counter())

    with start_worker(app, pool="solo", perform_ping_check=False):
        _report("celery-redis", _measure(lambda sent: mark.delay(sent), started))


def _report(name: str, latencies: list[float]) -> None:
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(f"{name:16} median {statistics.median(latencies):7.1f} ms   p95 {p95:7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for kind in ("sqlite", "redis"):
            _huey(kind, args.redis, Path(folder))
    for name, runner in (("dramatiq", _dramatiq), ("celery", _celery)):
        try:
            __import__(name)
        except ImportError:
            print(f"{name:16} not installed: skipped")
            continue
        runner(args.redis)
    return 0


if __name__ == "__main__":
    sys.exit(main())
