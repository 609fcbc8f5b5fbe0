"""Finance fixtures: a clean dashboard answer cache per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from elara.dashboard import cache


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.for_url(None).clear()
    yield
    cache.for_url(None).clear()
