"""What one running Elara holds: settings, the database and the security primitives."""

from __future__ import annotations

import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from elara.core.config import Settings
from elara.core.db import Database
from elara.core.events import EventHub
from elara.core.queue import JobQueue
from elara.core.security import PasswordHashing, TokenSigner


@dataclass
class AppState:
    settings: Settings
    db: Database
    passwords: PasswordHashing
    tokens: TokenSigner
    started_at: float = field(default_factory=time.time)
    events: EventHub = field(default_factory=EventHub)
    queue: JobQueue = field(init=False)
    # This process as the owner of the jobs it works on (a restart is a new owner).
    worker_id: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    )

    def __post_init__(self) -> None:
        self.queue = JobQueue(self.settings)

    @classmethod
    def build(cls, settings: Settings, *, pool_size: int | None = None) -> AppState:
        """Open the database and prepare hashing and signing from settings."""
        _configure_readers(settings)
        db = Database(
            settings.resolved_database_url,
            pool_size=pool_size or settings.pool_size_gateway,
            busy_timeout_ms=settings.sqlite_busy_timeout_ms,
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
            events=EventHub(settings.redis_url),
        )


def _configure_readers(settings: Settings) -> None:
    """Limits for the child processes that read uploaded files."""
    from elara.ingest import isolate

    isolate.configure(
        isolate.IsolationLimits(
            memory_mb=settings.ingest_memory_mb,
            cpu_seconds=settings.ingest_cpu_seconds,
            enabled=settings.ingest_isolation,
        )
    )
