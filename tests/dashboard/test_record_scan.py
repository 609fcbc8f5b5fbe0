"""A question no rollup answers (two dimensions at once) over a large share of the records reads
them in table order on MariaDB (`USE INDEX ()`), with the same answers; a short range or a
user restricted to companies keeps the indexes. SQLite and MariaDB."""

from __future__ import annotations

from datetime import date

from elara.dashboard.context import _scan_or, pieces, resolve
from elara.dashboard.filters import make_filters
from elara.dashboard.query import RAW, RAW_SCAN
from elara.dashboard.repository import _part
from elara.models import User
from tests.dashboard.factories import Row
from tests.factories import create_user, login
from tests.finance.factories import store

SETTINGS = {
    "columns": [
        {"header": "Company", "role": "company"},
        {"header": "Region", "role": "dimension"},
        {"header": "Product", "role": "dimension"},
    ]
}


def _store(state) -> None:
    rows, attributes = [], []
    for month in range(1, 13):
        for company, region, product, amount in (
            ("ACME", "West", "P1", "10.01"),
            ("ACME", "East", "P1", "20.02"),
            ("GLOBEX", "West", "P2", "30.03"),
        ):
            rows.append(Row(company, date(2024, month, 3), "Sales", amount, "Revenue"))
            attributes.append({"Region": region, "Product": product})
    store(state, rows, settings=SETTINGS, attributes=attributes)


def _source(state, made, **filters):
    with state.db.session_factory() as session:
        user = session.get(User, made.id)
        ctx = resolve(session, user=user, filters=make_filters(**filters))
        ((part, source),) = pieces(ctx.filters, None, "dim:Product", scope=ctx.scope)
        chosen = _scan_or(session, ctx, part, source)
        dialect = session.get_bind().dialect.name
        sql = str(
            _part(
                ctx.builder.with_filters(part),
                chosen,
                0,
                ctx.plan,
                "dim:Product",
                None,
                False,
                dialect,
            ).compile(session.get_bind())
        )
        return chosen, dialect, sql


def test_two_dimensions_over_most_records_read_the_table_in_order(client, state):
    _store(state)
    admin = create_user(state, role="admin")
    limited = create_user(state, role="viewer", allowed_companies=["ACME"])
    whole, dialect, sql = _source(state, admin, dimensions=["Region=West"])
    assert whole is RAW_SCAN
    assert ("USE INDEX ()" in sql) == (dialect != "sqlite")
    short, _, sql = _source(
        state,
        admin,
        dimensions=["Region=West"],
        date_from=date(2024, 3, 1),
        date_to=date(2024, 3, 5),
    )
    assert short is RAW and "USE INDEX" not in sql  # 5 days of a year: the index
    assert _source(state, limited, dimensions=["Region=West"])[0] is RAW
    headers = login(client, admin)
    body = client.get(
        "/api/dashboard/breakdown?by=dim:Product&dim=Region%3DWest&metric=revenue", headers=headers
    ).json()
    assert body["source"] == "dataset_records"
    assert [(i["key"], i["revenue"], i["record_count"]) for i in body["items"]] == [
        ("P2", "360.36", 12),
        ("P1", "120.12", 12),
    ]
