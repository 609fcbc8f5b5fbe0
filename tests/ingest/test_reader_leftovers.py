"""A process killed while one of its file readers runs leaves no process behind: the reader
ends, and so does the fork server it came from (each holds about 130 MB)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from elara.ingest import isolate

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 120


def _never_answer() -> None:
    """A reader busy for good without a word to its parent (a long read in one call)."""
    while True:
        time.sleep(1)


def hold_a_reader() -> None:
    """The worker's part: start a reader and wait for it (run in the killed process)."""
    isolate.configure(isolate.IsolationLimits())
    isolate.run_isolated(_never_answer, kwargs={})


def _processes() -> dict[int, int]:
    """Every live process and its parent, from /proc (zombies are not counted)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended while we looked
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if state != "Z":
            found[int(entry.name)] = int(ppid)
    return found


def _descendants(pid: int) -> set[int]:
    processes, found, todo = _processes(), set(), [pid]
    while todo:
        parent = todo.pop()
        children = {child for child, ppid in processes.items() if ppid == parent}
        found |= children
        todo.extend(children)
    return found


def _wait_until(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} after {DEADLINE_SECONDS} s")
        time.sleep(0.1)


def test_a_killed_worker_leaves_no_reader_or_fork_server_behind() -> None:
    # The fork server imports what PYTHONPATH names (Python 3.11 ignores the parent's
    # sys.path there): this checkout, like the worker.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", f"from {__name__} import hold_a_reader; hold_a_reader()"]
    worker = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        # Running: the fork server (and the resource tracker) and the reader it forked.
        _wait_until(lambda: len(_descendants(worker.pid)) >= 3, "no reader started")
        left = _descendants(worker.pid)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        _wait_until(lambda: not left & set(_processes()), "processes left behind")
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=30)
