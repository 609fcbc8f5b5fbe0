"""What one running Elara holds: settings, the database and the security primitives."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta

from elara.core.config import Settings
from elara.core.db import Database
from elara.core.events import EventHub
from elara.core.jobs import JobRunner
from elara.core.security import PasswordHashing, TokenSigner


@dataclass
class AppState:
    settings: Settings
    db: Database
    passwords: PasswordHashing
    tokens: TokenSigner
    started_at: float = field(default_factory=time.time)
    events: EventHub = field(default_factory=EventHub)
    jobs: JobRunner = field(default_factory=JobRunner)

    @classmethod
    def build(cls, settings: Settings, *, pool_size: int | None = None) -> AppState:
        """Open the database and prepare hashing and signing from settings."""
        _configure_readers(settings)
        db = Database(
            settings.resolved_database_url,
            pool_size=pool_size or settings.pool_size_gateway,
            busy_timeout_ms=settings.sqlite_busy_timeout_ms,
            replica_urls=settings.database_replica_urls,
            redis_url=settings.redis_url,
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
            events=EventHub(settings.redis_url),
            jobs=JobRunner(settings.upload_workers),
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
