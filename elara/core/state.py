"""What one running Elara holds: settings, the database and the security primitives."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from elara.core.config import Settings
from elara.core.db import Database
from elara.core.events import EventHub
from elara.core.queue import JobQueue
from elara.core.security import PasswordHashing, TokenSigner

T = TypeVar("T")


@dataclass
class AppState:
    settings: Settings
    db: Database
    passwords: PasswordHashing
    tokens: TokenSigner
    started_at: float = field(default_factory=time.time)
    events: EventHub = field(default_factory=EventHub)
    # Objects a domain builds once per app on first use (the dashboard's answer cache).
    _per_app: dict[str, Any] = field(default_factory=dict, repr=False)
    _per_app_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    queue: JobQueue = field(init=False)
    # This process as the owner of the jobs it works on (a restart is a new owner).
    worker_id: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    )

    def __post_init__(self) -> None:
        self.queue = JobQueue(self.settings)

    def per_app(self, name: str, build: Callable[[], T]) -> T:
        """The object named `name`, built by `build` the first time this app asks for it."""
        with self._per_app_lock:
            if name not in self._per_app:
                self._per_app[name] = build()
            value: T = self._per_app[name]
            return value

    @classmethod
    def build(cls, settings: Settings, *, pool_size: int | None = None) -> AppState:
        """Open the database and prepare hashing and signing from settings."""
        _run_build_hooks(settings)
        db = Database(
            settings.resolved_database_url,
            pool_size=pool_size or settings.pool_size_gateway,
            busy_timeout_ms=settings.sqlite_busy_timeout_ms,
            replica_urls=settings.database_replica_urls,
            redis_url=settings.redis_url,
            redis_namespace=settings.queue_name,
            replica_retry_seconds=settings.replica_retry_seconds,
        )
        passwords = PasswordHashing(
            time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib
        )
        tokens = TokenSigner(
            key=settings.signing_key, lifetime=timedelta(minutes=settings.access_token_minutes)
        )
        return cls(
            settings=settings,
            db=db,
            passwords=passwords,
            tokens=tokens,
            events=EventHub(
                settings.redis_url,
                data_version=lambda: db.floor.committed,
                namespace=settings.queue_name,
            ),
        )


# Domains that configure process-wide parts from settings (the file readers' limits) register
# here, so the core needs not import them. A hook registered after a build is run at once with
# the settings of the latest build: import order never decides what is configured.
BuildHook = Callable[[Settings], None]
_build_hooks: list[BuildHook] = []
_latest_settings: list[Settings] = []


def on_build(hook: BuildHook) -> None:
    """Call `hook(settings)` on every AppState.build (and now, if one already happened)."""
    if hook in _build_hooks:
        return
    _build_hooks.append(hook)
    if _latest_settings:
        hook(_latest_settings[-1])


def _run_build_hooks(settings: Settings) -> None:
    _latest_settings[:] = [settings]
    for hook in _build_hooks:
        hook(settings)
