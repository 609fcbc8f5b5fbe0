"""Fixtures of the scale tests: a private MariaDB primary and binlog replica per module."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import reset_schema
from tests.scale.mariadb_pair import ReplicatedPair


@pytest.fixture(scope="module")
def pair() -> Iterator[ReplicatedPair]:
    """Two mariadbd of the module's own, migrated, replica caught up; stopped after it and
    their data folders removed, also when the module fails."""
    root = Path(tempfile.mkdtemp(prefix="elara-mariadb-pair-"))
    try:
        servers = ReplicatedPair.start(root)
        try:
            reset_schema(servers.primary.url())
            servers.wait_caught_up()
            yield servers
        finally:
            servers.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
