"""Retention: keep the newest archive of each of the last M hours, N days and K weeks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import structlog

log = structlog.get_logger(__name__)

ARCHIVE_NAME = re.compile(
    r"^elara-backup-(?P<kind>[a-z+]+)-(?P<stamp>\d{8}T\d{6}Z)(-\d+)?\.tar\.gz(\.enc)?$"
)


@dataclass(frozen=True)
class Archive:
    path: Path
    kind: str
    created: datetime


def list_archives(folder: Path) -> list[Archive]:
    """Elara archives in a folder, newest first (other files are ignored)."""
    found = []
    for path in folder.glob("elara-backup-*") if folder.is_dir() else ():
        match = ARCHIVE_NAME.match(path.name)
        if match:
            created = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            found.append(Archive(path, match["kind"], created))
    return sorted(found, key=lambda a: (a.created, a.path.name), reverse=True)


def _bucket_keepers(
    archives: list[Archive], count: int, bucket: Callable[[datetime], object], since: datetime
) -> set[Path]:
    keep: dict[object, Path] = {}
    for archive in archives:  # newest first: the first seen in a bucket is its newest
        if archive.created <= since:
            break
        key = bucket(archive.created)
        if key not in keep:
            keep[key] = archive.path
        if len(keep) >= count:
            break
    return set(keep.values()) if count else set()


def plan_retention(
    archives: Iterable[Archive], *, hourly: int, daily: int, weekly: int, now: datetime
) -> set[Path]:
    """The archives to keep (of one kind): per-bucket newest within each window, plus the newest."""
    ordered = sorted(archives, key=lambda a: (a.created, a.path.name), reverse=True)
    if not ordered:
        return set()
    keep = {ordered[0].path}
    keep |= _bucket_keepers(
        ordered, hourly, lambda t: t.strftime("%Y%m%d%H"), now - timedelta(hours=hourly)
    )
    keep |= _bucket_keepers(ordered, daily, lambda t: t.date(), now - timedelta(days=daily))
    keep |= _bucket_keepers(
        ordered, weekly, lambda t: t.isocalendar()[:2], now - timedelta(weeks=weekly)
    )
    return keep


def prune(
    folder: Path, *, hourly: int, daily: int, weekly: int, now: datetime | None = None
) -> list[Path]:
    """Delete archives outside the retention plan, kind by kind; returns what was deleted."""
    now = now or datetime.now(UTC)
    archives = list_archives(folder)
    deleted: list[Path] = []
    for kind in sorted({a.kind for a in archives}):
        of_kind = [a for a in archives if a.kind == kind]
        keep = plan_retention(of_kind, hourly=hourly, daily=daily, weekly=weekly, now=now)
        for archive in of_kind:
            if archive.path not in keep:
                archive.path.unlink(missing_ok=True)
                deleted.append(archive.path)
    if deleted:
        log.info("backups_pruned", deleted=[p.name for p in deleted])
    return deleted
