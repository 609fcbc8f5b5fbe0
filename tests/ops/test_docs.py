"""Keep the operations docs honest: every setting and every `elara` command is documented."""

from __future__ import annotations

from pathlib import Path

from elara.cli import build_parser
from elara.core.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in Settings.model_fields if f"`ELARA_{name.upper()}`" not in readme]
    assert missing == []


def test_operations_doc_covers_commands_and_thresholds() -> None:
    doc = (ROOT / "docs" / "operations.md").read_text()
    for needle in (
        "elara backup verify",
        "elara restore",
        "--force",
        "ELARA_BACKUP_SCHEDULE",
        "ELARA_ALERT_MEMORY_MB",
        "ELARA_ALERT_DISK_FREE_MB",
        "/health/ready",
        "/metrics",
        "ELARA_SLOW_REQUEST_MS",
        "[Service]",
        "proxy_pass",
        "## Several machines",
        "**Adding a machine:**",
        "ELARA_DATABASE_REPLICA_URLS",
        "elara_db_replica_skipped_total",
        "deploy/systemd/",
        "compose.yaml",
    ):
        assert needle in doc, needle
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"backup", "restore"} <= set(commands)
