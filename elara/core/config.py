"""One typed settings object, read from ELARA_* environment variables and `.env`."""

from __future__ import annotations

import secrets
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_SECRET_PLACEHOLDER = "change-me"
MIN_SECRET_LENGTH = 32


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    """Every knob Elara has; see the configuration table in README.md."""

    model_config = SettingsConfigDict(
        env_prefix="ELARA_", env_file=".env", extra="ignore", validate_default=True
    )

    env: Environment = Environment.development
    data_dir: Path = Path("./var")
    database_url: str = ""
    # Read replicas for dashboard, records, exports and assistant reads (docs/operations.md).
    database_replica_urls: Annotated[list[str], NoDecode] = []
    replica_retry_seconds: float = Field(5.0, gt=0, le=3600)
    secret_key: SecretStr | None = None

    host: str = "127.0.0.1"
    port: int = Field(3000, ge=1, le=65535)
    upload_port: int = Field(5000, ge=1, le=65535)
    db_port: int = Field(5001, ge=1, le=65535)

    # Processes of a scaled gateway (`elara serve --role gateway`); 0: one per usable core, at
    # most 4 (docs/operations.md). `make run` (role all, one process) ignores it.
    gateway_workers: int = Field(0, ge=0, le=64)
    pool_size_gateway: int = Field(20, ge=1)
    pool_size_upload: int = Field(10, ge=1)
    pool_size_db: int = Field(15, ge=1)
    sqlite_busy_timeout_ms: int = Field(30_000, ge=0, le=600_000)

    access_token_minutes: int = Field(15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(14, ge=1, le=365)
    session_absolute_hours: int = Field(7 * 24, ge=1, le=365 * 24)
    session_idle_hours: int = Field(24, ge=1, le=365 * 24)
    # Failed sign-ins slow an account down instead of locking it (docs/security.md).
    lockout_threshold: int = Field(5, ge=1)
    lockout_minutes: int = Field(15, ge=1)
    argon2_time_cost: int = Field(3, ge=1)
    argon2_memory_kib: int = Field(65536, ge=8)

    admin_email: str = "admin@elara.local"
    admin_password: SecretStr | None = None

    cors_origins: Annotated[list[str], NoDecode] = []
    public_url: str | None = None
    redis_url: str | None = None
    dashboard_cache_ttl_seconds: int = Field(300, ge=1, le=86_400)
    dashboard_cache_max_entries: int = Field(1024, ge=1, le=1_000_000)
    log_level: str = "INFO"
    log_file: Path | None = None
    log_max_bytes: int = Field(10 * 1024 * 1024, ge=1024)
    log_backup_count: int = Field(5, ge=0)
    slow_request_ms: int = Field(1000, ge=0)

    metrics_bind: str | None = None
    alert_memory_mb: int = Field(1024, ge=1)
    alert_disk_free_mb: int = Field(500, ge=0)
    alert_interval_seconds: int = Field(60, ge=0)

    backup_dir: Path | None = None
    backup_key: SecretStr | None = None
    backup_schedule: bool = False
    backup_keep_hourly: int = Field(24, ge=0)
    backup_keep_daily: int = Field(7, ge=0)
    backup_keep_weekly: int = Field(4, ge=0)

    # Subscriptions and threshold alerts (docs/operations.md, "Subscriptions and alerts").
    subscription_schedule: bool = True
    # Rebuild per-kind company rollups after a reclassification (elara/dashboard/kinds_refresh.py);
    # seconds between safety-net passes, 0 = never (data.changed events wake it sooner).
    kinds_refresh_seconds: int = Field(300, ge=0, le=86_400)
    # Rollups of two dimensions at once, built when first asked (elara/dashboard/pairs.py): a
    # pair whose rows for one dataset would exceed this is not built (its questions keep
    # reading the records); 0 = never build pair rollups.
    pair_rollup_max_rows: int = Field(2_000_000, ge=0)
    subscription_interval_seconds: int = Field(60, ge=1, le=3600)
    subscription_xlsx_max_rows: int = Field(100_000, ge=0, le=1_048_575)
    alerts_check_minutes: int = Field(60, ge=1, le=7 * 24 * 60)

    # Security: proxies, rate limits, headers, password reset, alerts (docs/security.md).
    trusted_proxies: Annotated[list[str], NoDecode] = []
    rate_limit_enabled: bool = True
    rate_limit_auth: str = "10/15 minutes"
    rate_limit_upload: str = "5/minute"
    rate_limit_reset_account: str = "3/hour"
    rate_limit_anonymous: str = "120/minute"
    rate_limit_viewer: str = "300/minute"
    rate_limit_analyst: str = "600/minute"
    rate_limit_admin: str = "1200/minute"
    rate_limit_key_prefix: str = "elara"
    qbusiness_web_experience_url: str | None = None
    password_reset_minutes: int = Field(30, ge=5, le=24 * 60)
    security_alert_threshold: int = Field(20, ge=1)
    security_alert_window_seconds: int = Field(300, ge=10)

    # Email: SMTP when a host is set, else .eml files in <data dir>/outbox.
    smtp_host: str | None = None
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    smtp_ca_file: Path | None = None
    smtp_timeout_seconds: float = Field(10.0, gt=0)
    mail_from: str = "Elara <elara@localhost>"

    # Assistant and Amazon Q Business (docs/assistant.md).
    assistant_rate_limit: str = "30/minute"
    qbusiness_application_id: str | None = None
    qbusiness_region: str | None = None
    qbusiness_timeout_seconds: float = Field(30.0, gt=0, le=300)

    # Uploads (docs/api.md, Datasets and Uploads).
    upload_key: SecretStr | None = None
    max_upload_mb: int = Field(50, ge=1)
    max_chunked_upload_mb: int = Field(2048, ge=1)
    upload_expiry_hours: int = Field(24, ge=1)
    upload_workers: int = Field(2, ge=1, le=32)
    # The task queue between gateway and workers, and how long a worker's claim on a job
    # lasts without renewal before another worker takes the job over (docs/architecture.md).
    queue_name: str = Field("elara", pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    job_lease_seconds: int = Field(60, ge=2, le=3600)
    job_max_attempts: int = Field(5, ge=1, le=100)
    # Untrusted files are read in a child process with these limits (docs/security.md).
    ingest_isolation: bool = True
    ingest_memory_mb: int = Field(4096, ge=256)
    ingest_cpu_seconds: int = Field(900, ge=5)

    @field_validator("cors_origins", "trusted_proxies", "database_replica_urls", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator(
        "rate_limit_auth",
        "rate_limit_upload",
        "rate_limit_reset_account",
        "rate_limit_anonymous",
        "rate_limit_viewer",
        "rate_limit_analyst",
        "rate_limit_admin",
    )
    @classmethod
    def _check_limit(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError as exc:
            raise ValueError(f"is not a rate limit like '10/15 minutes': {value!r}") from exc
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _check_proxies(cls, value: list[str]) -> list[str]:
        import ipaddress

        for item in value:
            ipaddress.ip_network(item, strict=False)
        return value

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @model_validator(mode="after")
    def _check_secret(self) -> Settings:
        if self.env is not Environment.production:
            return self
        secret = self.secret_key.get_secret_value() if self.secret_key else ""
        if len(secret) < MIN_SECRET_LENGTH or secret == DEFAULT_SECRET_PLACEHOLDER:
            raise ValueError(
                f"ELARA_SECRET_KEY must be set to a random value of at least "
                f"{MIN_SECRET_LENGTH} characters in production"
            )
        return self

    @field_validator("assistant_rate_limit")
    @classmethod
    def _check_rate_limit(cls, value: str) -> str:
        from limits import parse_many

        parse_many(value)  # raises ValueError on a malformed limit such as "thirty a minute"
        return value

    @field_validator("qbusiness_web_experience_url")
    @classmethod
    def _check_embed_url(cls, value: str | None) -> str | None:
        if value and not value.startswith("https://"):
            raise ValueError("ELARA_QBUSINESS_WEB_EXPERIENCE_URL must be an https:// URL")
        return value or None

    @property
    def qbusiness_enabled(self) -> bool:
        """Amazon Q Business answers when an application id and a region are configured."""
        return bool(self.qbusiness_application_id and self.qbusiness_region)

    @property
    def resolved_backup_dir(self) -> Path:
        """Where backups go: ELARA_BACKUP_DIR or `backups/` in the data folder."""
        return self.backup_dir or self.data_dir / "backups"

    @property
    def is_production(self) -> bool:
        return self.env is Environment.production

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to an SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'elara.db'}"

    @cached_property
    def signing_key(self) -> str:
        """The secret used to sign tokens; generated once into the data folder in development."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        key_file = self.data_dir / "secret_key"
        if not key_file.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        return key_file.read_text().strip()


def get_settings() -> Settings:
    """Settings read from the environment (validated; raises on a bad configuration)."""
    return Settings()
