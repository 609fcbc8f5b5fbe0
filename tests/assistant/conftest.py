"""Assistant fixtures: the generated dataset stored once per module on SQLite for the evaluation,
and per test (SQLite and MariaDB) for the HTTP tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from elara.assistant.endpoints import get_today
from elara.core.state import AppState
from elara.models import User
from tests.assistant import analyst_data as adata
from tests.assistant.dataset import TODAY, Row, generate, load
from tests.conftest import clean_tables, make_settings, reset_schema
from tests.factories import create_user


@dataclass
class EvalData:
    state: AppState
    rows: list[Row]
    users: dict[str, int]

    def user(self, session: Session, name: str) -> User:
        user = session.get(User, self.users[name])
        assert user is not None
        return user


@pytest.fixture(scope="module")
def eval_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EvalData]:
    """The generated dataset in a migrated SQLite database, with an unrestricted and an
    ACME-only user."""
    folder = tmp_path_factory.mktemp("assistant-eval")
    url = f"sqlite:///{folder / 'eval.db'}"
    reset_schema(url)
    state = AppState.build(make_settings(url, folder / "data"), pool_size=2)
    clean_tables(state)
    rows = generate()
    load(state, rows)
    users = {
        "all": create_user(state, role="viewer").id,
        "restricted": create_user(state, role="viewer", allowed_companies=["ACME"]).id,
    }
    yield EvalData(state, rows, users)
    state.db.dispose()


@pytest.fixture
def loaded(state: AppState) -> list[Row]:
    """The generated dataset stored in the test's database (SQLite or MariaDB)."""
    rows = generate()
    load(state, rows)
    return rows


@pytest.fixture
def fixed_today(app):  # type: ignore[no-untyped-def]
    app.dependency_overrides[get_today] = lambda: TODAY
    yield TODAY
    app.dependency_overrides.pop(get_today, None)


@dataclass
class AnalystData:
    state: AppState
    rows: list[adata.Row]
    users: dict[str, int]

    def user(self, session: Session, name: str) -> User:
        user = session.get(User, self.users[name])
        assert user is not None
        return user

    def names(self, session: Session) -> dict[str, str]:
        return dict(adata.COMPANIES)


@pytest.fixture(scope="module")
def analyst_data_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnalystData]:
    """The analyst evaluation's data in a migrated SQLite database: an unrestricted user and one
    who may see Acme Corp only."""
    folder = tmp_path_factory.mktemp("assistant-analyst")
    url = f"sqlite:///{folder / 'analyst.db'}"
    reset_schema(url)
    state = AppState.build(make_settings(url, folder / "data"), pool_size=2)
    clean_tables(state)
    rows = adata.generate()
    adata.load(state, rows)
    users = {
        "all": create_user(state, role="viewer").id,
        "acme_only": create_user(state, role="viewer", allowed_companies=["ACME"]).id,
    }
    yield AnalystData(state, rows, users)
    state.db.dispose()


@pytest.fixture(scope="module")
def analyst_data(analyst_data_fixture: AnalystData) -> AnalystData:
    return analyst_data_fixture
