"""Read untrusted files in a separate, resource-limited process.

The size checks in ``limits`` refuse what a file declares; this is the second
wall for what they cannot foresee: a reader bug that allocates without bound,
panics or aborts (Rust readers abort the whole process on a failed allocation).
Each parse or inspection runs in a child process with an address-space and a
CPU-time limit (``resource.setrlimit``); if the child dies, that one upload or
inspection fails with a clear reason and the server keeps answering.

Children are forked from a small fork server that has already imported the
readers, so starting one costs milliseconds, and no server thread is forked. A child ends
when the process that started it is gone (even SIGKILLed), and the fork server, which
lives while any child does, then ends too: a killed worker leaves no process behind.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import resource
import select
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import context as mp_context
from multiprocessing import forkserver, popen_forkserver, reduction, spawn, util
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol, TypeVar

import structlog

from elara.core import state as app_state
from elara.core.config import Settings
from elara.ingest.errors import IngestError

log = structlog.get_logger(__name__)
T = TypeVar("T")
_POLL_SECONDS = 0.2
_PRELOAD = ["elara.ingest", "elara.ingest.isolate", "elara.storage.spool"]


@dataclass(frozen=True, slots=True)
class IsolationLimits:
    """Resources one file reader may use (settings ``ingest_*``)."""

    memory_mb: int = 4096  # address space, not resident memory
    cpu_seconds: int = 900
    enabled: bool = True

    @property
    def wall_seconds(self) -> float:
        """A reader blocked without using CPU is stopped after this long."""
        return self.cpu_seconds * 3.0


class ReaderFailedError(IngestError):
    """The reader process died or ran out of its limits; the file was not read."""


class Sink(Protocol):
    """Where parsed batches go (e.g. a Spool); pickled to the child and back.

    What ``add`` returns for a batch (e.g. the spool file it wrote, or None) reaches the
    parent's ``on_batch`` while the child goes on reading.
    """

    def add(self, batch: Any) -> Any: ...


_limits = IsolationLimits()
_lock = threading.Lock()
_context: Any = None


def configure(limits: IsolationLimits) -> None:
    """Set the limits for this process (called once when the app state is built).

    With isolation on, the fork server starts in the background now, so the first upload
    does not wait for it to import the readers.
    """
    global _limits
    _limits = limits
    if limits.enabled:
        threading.Thread(target=_start_fork_server, name="reader-forkserver", daemon=True).start()


def _start_fork_server() -> None:
    try:
        _get_context()
        forkserver.ensure_running()
    except Exception:  # the first reader starts it instead
        log.warning("ingest.forkserver_not_started", exc_info=True)


def configure_from_settings(settings: Settings) -> None:
    """The limits ELARA_INGEST_* set (run on every AppState.build)."""
    configure(
        IsolationLimits(
            memory_mb=settings.ingest_memory_mb,
            cpu_seconds=settings.ingest_cpu_seconds,
            enabled=settings.ingest_isolation,
        )
    )


app_state.on_build(configure_from_settings)


def current_limits() -> IsolationLimits:
    """The limits readers run with in this process."""
    return _limits


class _ReaderPopen(popen_forkserver.Popen):
    """Starts a child of the fork server without re-running the main script in it.

    multiprocessing re-imports the parent's main script in every forkserver child (the
    `elara` console script imports the whole application: seconds per upload on a loaded
    machine). A reader child needs only the preloaded readers and this module, so the
    preparation data leaves the main module out; otherwise this is the stdlib's ``_launch``.
    """

    def _launch(self, process_obj: Any) -> None:
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_path", None)
        prep_data.pop("init_main_from_name", None)
        buf = io.BytesIO()
        mp_context.set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            mp_context.set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)  # type: ignore[attr-defined]
        parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))  # type: ignore[attr-defined]
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _ReaderProcess(mp_context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> Any:
        return _ReaderPopen(process_obj)


def _get_context() -> Any:
    """The fork-server context, started once with the readers preloaded."""
    global _context
    with _lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            _context = context
        return _context


def _apply_limits(limits: IsolationLimits) -> None:
    memory = limits.memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # The soft limit sends SIGXCPU; the hard one, a little later, SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    os.environ["POLARS_MAX_THREADS"] = os.environ.get("POLARS_MAX_THREADS", "2")


def _end_with_parent(conn: Connection) -> None:
    """Kill this child once the process reading its results is gone: nobody would use
    what it reads. The parent is the fork server, not the worker, so the parent-death
    signal cannot tell; the pipe can: its writing end reports an error once no process
    holds the reading end (a parent that exits, is killed or stops listening)."""

    def watch() -> None:
        poller = select.poll()
        poller.register(conn.fileno(), select.POLLERR)
        poller.poll()
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="reader-parent-watch", daemon=True).start()


def _portable(exc: BaseException) -> tuple[type[BaseException], tuple[Any, ...], dict[str, Any]]:
    """An exception as parts that always pickle (some have keyword-only constructors)."""
    if not isinstance(exc, IngestError):
        reason = f"{type(exc).__name__}: {str(exc)[:200]}"
        exc = ReaderFailedError(f"The file cannot be read ({reason}); nothing was stored.")
    return type(exc), exc.args, dict(exc.__dict__)


def _rebuild(parts: tuple[type[BaseException], tuple[Any, ...], dict[str, Any]]) -> BaseException:
    cls, args, state = parts
    exc = cls.__new__(cls)
    BaseException.__init__(exc, *args)
    exc.__dict__.update(state)
    return exc


def _child(
    conn: Connection,
    limits: IsolationLimits,
    target: Callable[..., Any],
    kwargs: dict[str, Any],
    progress: bool,
    batches: bool = False,
) -> None:
    """Run ``target`` under the limits and send back its result or its error."""
    _end_with_parent(conn)
    _apply_limits(limits)
    if progress:
        kwargs = {**kwargs, "send": lambda message: conn.send(("progress", message))}
    if batches:
        kwargs = {**kwargs, "emit": lambda message: conn.send(("batch", message))}
    try:
        result = target(**kwargs)
    except BaseException as exc:  # every failure goes back to the parent as data
        conn.send(("error", _portable(exc)))
    else:
        conn.send(("ok", result))
    finally:
        conn.close()


def _death_reason(exitcode: int | None, limits: IsolationLimits) -> str:
    """A user-facing reason for a reader process that died without answering."""
    if exitcode == -signal.SIGXCPU or exitcode == -signal.SIGKILL:
        return (
            f"Reading the file used more than its limits ({limits.cpu_seconds} s of CPU time, "
            f"{limits.memory_mb} MB of memory) and was stopped; nothing was stored."
        )
    if exitcode is not None and exitcode > 0:  # the child failed before it could answer
        return f"The file reader failed (exit {exitcode}); nothing was stored."
    return (
        f"The file reader stopped unexpectedly (exit {exitcode}), most likely because the "
        f"file needs more than {limits.memory_mb} MB of memory; nothing was stored."
    )


def run_isolated(
    target: Callable[..., T],
    *,
    kwargs: dict[str, Any],
    on_progress: Callable[[Any], None] | None = None,
    on_batch: Callable[[Any], None] | None = None,
    limits: IsolationLimits | None = None,
) -> T:
    """Call ``target(**kwargs)`` in a limited child process and return its result.

    ``target`` must be a module-level function; with ``on_progress`` it also gets
    a ``send`` keyword whose messages reach ``on_progress`` in this process, and with
    ``on_batch`` an ``emit`` keyword whose messages reach ``on_batch`` (run here while the
    child goes on: the two processes work in parallel). An exception ``on_batch`` raises
    stops the child and is raised here.
    IngestErrors raised by the target are raised here; any other failure, or the
    child's death, raises ReaderFailedError.
    """
    limits = limits or _limits
    if not limits.enabled:
        if on_progress is not None:
            kwargs = {**kwargs, "send": on_progress}
        if on_batch is not None:
            kwargs = {**kwargs, "emit": on_batch}
        return target(**kwargs)
    context = _get_context()
    parent, child = context.Pipe(duplex=False)
    process = _ReaderProcess(
        target=_child,
        args=(child, limits, target, kwargs, on_progress is not None, on_batch is not None),
        daemon=True,
    )
    process.start()
    child.close()
    try:
        return _collect(parent, process, limits, on_progress, on_batch)
    finally:
        parent.close()
        if process.is_alive():
            process.kill()
        process.join(timeout=5)


def _collect(
    conn: Connection,
    process: Any,
    limits: IsolationLimits,
    on_progress: Callable[[Any], None] | None,
    on_batch: Callable[[Any], None] | None = None,
) -> Any:
    """Relay progress until the child answers, dies or outlives the wall-clock limit.

    Time spent in ``on_batch`` (this process's own work) does not count against the
    child's wall-clock limit.
    """
    deadline = time.monotonic() + limits.wall_seconds
    while True:
        if time.monotonic() > deadline:
            process.kill()
            raise ReaderFailedError(_death_reason(-signal.SIGKILL, limits))
        if not conn.poll(_POLL_SECONDS):
            if not process.is_alive() and not conn.poll(0):
                process.join(timeout=5)
                raise _died(process.exitcode, limits)
            continue
        try:
            kind, payload = conn.recv()
        except (EOFError, OSError):
            process.join(timeout=5)
            raise _died(process.exitcode, limits) from None
        if kind == "progress" and on_progress is not None:
            on_progress(payload)
        elif kind == "batch" and on_batch is not None:
            started = time.monotonic()
            on_batch(payload)
            deadline += time.monotonic() - started
        elif kind == "ok":
            return payload
        elif kind == "error":
            raise _rebuild(payload)


def _died(exitcode: int | None, limits: IsolationLimits) -> ReaderFailedError:
    log.warning("ingest.reader_died", exitcode=exitcode)
    return ReaderFailedError(_death_reason(exitcode, limits))


# --- The entry points callers use -------------------------------------------------------


def _describe(**kwargs: Any) -> Any:
    from elara.ingest.describe import describe_file

    return describe_file(**kwargs)


def describe_isolated(path: Path, **kwargs: Any) -> Any:
    """``describe_file`` in a limited child process (same arguments, same result)."""
    return run_isolated(_describe, kwargs={"path": Path(path), **kwargs})


def _parse_into(
    *,
    sink: Sink,
    send: Callable[[Any], None] | None = None,
    emit: Callable[[Any], None] | None = None,
    **kwargs: Any,
) -> Any:
    from elara.ingest.pipeline import parse_file

    kwargs.setdefault("scope", getattr(sink, "scope", None))
    parser = parse_file(progress=send, **kwargs)
    for batch in parser:
        added = sink.add(batch)
        if emit is not None and added is not None:
            emit(added)
    return sink, parser.report


def parse_isolated(
    path: Path,
    *,
    sink: Sink,
    on_progress: Callable[[Any], None] | None = None,
    on_batch: Callable[[Any], None] | None = None,
    **kwargs: Any,
) -> tuple[Any, Any]:
    """``parse_file`` in a limited child that hands every batch to ``sink.add``.

    Returns ``(sink, report)``: the sink as the child left it (it must pickle, and
    write its batches where this process can read them) and the ParseReport.
    With ``on_batch``, what ``sink.add`` returns for each batch (unless None) is handed to
    it in this process as soon as the batch is written, while the child reads the next one
    (a progress message for a batch always arrives before its ``on_batch``).
    Other keyword arguments go to ``parse_file`` unchanged; without a ``scope`` among them,
    the sink's ``scope`` (e.g. ``elara.uploads.scope.CompanyGate``) is used.
    """
    return run_isolated(
        _parse_into,
        kwargs={"path": Path(path), "sink": sink, **kwargs},
        on_progress=on_progress,
        on_batch=on_batch,
    )
