"""A dataset stored before the company-less and dimension rollups existed gets them when the
database is migrated, and the dashboard answers from them with the same figures."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, MetaData, Table, create_engine, insert, inspect, text
from sqlalchemy.engine import make_url

from elara.core import migrate
from elara.core.money import to_units
from elara.core.state import AppState
from elara.gateway import create_app
from elara.models import Dataset, DatasetRecord, RollupMonthly, UploadBatch
from tests.conftest import BACKENDS, MARIADB_URL, make_settings
from tests.factories import create_user, login

BEFORE = "2026_11_29_web"
NOW = datetime(2024, 3, 1, tzinfo=UTC)
RECORDS = [  # company, day, account, amount, Region
    ("ACME", date(2024, 1, 5), "Sales", "100.00", "East"),
    ("ACME", date(2024, 1, 20), "Sales", "40.50", "West"),
    ("GLOBEX", date(2024, 2, 3), "Sales", "7.00", "East"),
    ("GLOBEX", date(2024, 2, 3), "Rent", "-20.00", "East"),
]


@pytest.fixture(params=BACKENDS)
def old_url(request, tmp_path):
    """An empty database of its own, migrated to the revision before the new rollups."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'backfill.db'}"
        migrate.upgrade(url, BEFORE)
        yield url
        return
    base = make_url(MARIADB_URL)
    name = f"{base.database}_backfill"
    server = create_engine(base.set(database=""))
    with server.begin() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    url = base.set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url, BEFORE)
    yield url
    with server.begin() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    server.dispose()


def _as_it_was(table: Table, engine: Engine) -> Table:
    """The model's table with only the columns the old database has (later revisions add
    some, with defaults the old schema does not know)."""
    existing = {column["name"] for column in inspect(engine).get_columns(table.name)}
    columns = [column._copy() for column in table.columns if column.name in existing]
    return Table(table.name, MetaData(), *columns)


def _store_the_old_way(url: str) -> None:
    """Records and monthly rollups only, as the store wrote them before this revision."""
    engine = create_engine(url)
    options = {"settings": {"columns": [{"header": "Region", "role": "dimension"}]}}
    with engine.begin() as connection:
        connection.execute(
            insert(_as_it_was(Dataset.__table__, engine)).values(
                id=1,
                name="Old",
                description="",
                status="ready",
                row_count=len(RECORDS),
                error_count=0,
                currency="USD",
                dimensions=["Region"],
                created_at=NOW,
                updated_at=NOW,
            )
        )
        connection.execute(
            insert(UploadBatch.__table__).values(
                id=1,
                dataset_id=1,
                filename="old.csv",
                sha256="0" * 64,
                mode="create",
                status="ready",
                row_count=len(RECORDS),
                error_count=0,
                options=options,
                report={},
                created_at=NOW,
            )
        )
        connection.execute(
            insert(DatasetRecord.__table__),
            [
                {
                    "dataset_id": 1,
                    "batch_id": 1,
                    "company_code": company,
                    "date": day,
                    "account": account,
                    "category": None,
                    "amount_minor": to_units(Decimal(amount)),
                    "currency": "USD",
                    "attributes": json.loads(json.dumps({"Region": region})),
                }
                for company, day, account, amount, region in RECORDS
            ],
        )
        sums: dict[tuple[object, ...], list[int]] = {}
        for company, day, account, amount, _ in RECORDS:
            key = (day.replace(day=1), company, account)
            total = sums.setdefault(key, [0, 0])
            total[0] += to_units(Decimal(amount))
            total[1] += 1
        connection.execute(
            insert(RollupMonthly.__table__),
            [
                {
                    "dataset_id": 1,
                    "batch_id": 1,
                    "month": month,
                    "company_code": company,
                    "account": account,
                    "category": None,
                    "currency": "USD",
                    "amount_minor": total,
                    "record_count": count,
                }
                for (month, company, account), (total, count) in sums.items()
            ],
        )
    engine.dispose()


def test_migration_builds_rollups_of_datasets_stored_before(old_url, tmp_path):
    _store_the_old_way(old_url)
    migrate.upgrade(old_url)
    state = AppState.build(make_settings(old_url, tmp_path))
    try:
        with TestClient(create_app(state=state)) as client:
            viewer = login(client, create_user(state, role="viewer"))
            by_region = client.get(
                "/api/dashboard/breakdown?by=dim:Region&metric=revenue", headers=viewer
            ).json()
            assert by_region["source"] == "rollup_account_monthly"
            assert [(i["key"], i["revenue"], i["record_count"]) for i in by_region["items"]] == [
                ("East", "107.00", 3),
                ("West", "40.50", 1),
            ]
            scoped = login(client, create_user(state, role="viewer", allowed_companies=["GLOBEX"]))
            theirs = client.get("/api/dashboard/breakdown?by=dim:Region", headers=scoped).json()
            assert theirs["source"] == "rollup_dimension_monthly"
            assert [(i["key"], i["net_income"]) for i in theirs["items"]] == [("East", "-13.00")]
            cut = client.get(
                "/api/dashboard/summary?from=2024-01-10&to=2024-02-29", headers=viewer
            ).json()
            assert cut["source"] == "rollup_account_daily+rollup_account_monthly"
            assert cut["current"]["revenue"] == "47.50"
            assert cut["current"]["expenses"] == "20.00"
    finally:
        state.db.dispose()
