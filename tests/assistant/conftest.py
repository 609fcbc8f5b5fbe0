"""Assistant fixtures: the analyst evaluation's generated data stored once per module on SQLite
for the evaluation, and per test (SQLite and MariaDB) for the HTTP tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from elara.assistant.endpoints import get_today
from elara.core.state import AppState
from elara.models import User
from tests.assistant import analyst_data as adata
from tests.assistant.analyst_data import store
from tests.conftest import clean_tables, make_settings, reset_schema
from tests.factories import create_user


@dataclass
class AnalystData:
    state: AppState
    rows: list[adata.Row]
    users: dict[str, int]

    def user(self, session: Session, name: str) -> User:
        user = session.get(User, self.users[name])
        assert user is not None
        return user


def _stored(tmp_path_factory: pytest.TempPathFactory, rows: list[adata.Row]) -> AnalystData:
    folder = tmp_path_factory.mktemp("assistant-analyst")
    url = f"sqlite:///{folder / 'analyst.db'}"
    reset_schema(url)
    state = AppState.build(make_settings(url, folder / "data"), pool_size=2)
    clean_tables(state)
    store(state, rows)
    users = {
        "all": create_user(state, role="viewer").id,
        "acme_only": create_user(state, role="viewer", allowed_companies=["ACME"]).id,
    }
    return AnalystData(state, rows, users)


@pytest.fixture(scope="module")
def analyst_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnalystData]:
    """The analyst evaluation's data in a migrated SQLite database: an unrestricted user and one
    who may see Acme Corp only."""
    data = _stored(tmp_path_factory, adata.generate())
    yield data
    data.state.db.dispose()


@pytest.fixture(scope="module")
def analyst_data_extended(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnalystData]:
    """The same data with trial-balance closing balances and bank statements (batch 12 on)."""
    data = _stored(tmp_path_factory, adata.extended())
    yield data
    data.state.db.dispose()


@pytest.fixture
def loaded(state: AppState) -> list[adata.Row]:
    """The generated data stored in the test's database (SQLite or MariaDB)."""
    rows = adata.generate()
    store(state, rows)
    return rows


@pytest.fixture
def fixed_today(app):  # type: ignore[no-untyped-def]
    app.dependency_overrides[get_today] = lambda: adata.TODAY
    yield adata.TODAY
    app.dependency_overrides.pop(get_today, None)
