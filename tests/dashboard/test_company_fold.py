"""Company questions fold the statement buckets into their figures in SQL (one row per company,
period and upload, `repository.folded_parts`) and give the same answers, to the cent, as the
buckets read one by one and folded in Python: beside a plain ledger, a dataset that states its
own subtotal lines (one of which does not tie out), costs stated negative in one and positive
in the other, an income offset inside operating costs, an unclassified account, and a user
restricted to two companies."""

from __future__ import annotations

from datetime import date

import pytest

from elara.core import data_version
from elara.dashboard import compute, repository
from elara.dashboard.context import pieces, resolve
from elara.dashboard.filters import make_filters
from elara.dashboard.query import COMPANY_KINDS
from elara.models import RollupKindPlan, User
from tests.dashboard.factories import Row, create_dataset, pnl
from tests.factories import create_user, login

YEAR = "from=2024-01-01&to=2024-12-31"


def _statement(company: str, day: date, scale: int, net: str) -> list[Row]:
    """An income statement with its subtotal lines, costs stated positive."""
    lines = [
        ("Total Revenue", 1000),
        ("Cost of Sales", 400),
        ("Gross Profit", 600),
        ("Selling, General and Administrative", 150),
        ("Operating Income", 450),
        ("Interest Expense", 50),
        ("Income Tax Expense", 100),
    ]
    rows = [Row(company, day, name, f"{amount * scale}.25") for name, amount in lines]
    return [*rows, Row(company, day, "Net Income", net)]


def _ledger(company: str, day: date, revenue: str) -> list[Row]:
    """A ledger, costs stated negative, with lines of every kind the figures read."""
    return [
        *pnl(company, day, revenue=revenue, cogs="40.10", payroll="10.05"),
        Row(company, day, "Other Operating Income", "3.33", "Other Operating Income"),
        Row(company, day, "Depreciation", "-7.77", "D&A"),
        Row(company, day, "Interest Expense", "-1.11", "Finance"),
        Row(company, day, "Income Tax", "-2.22", "Tax"),
        Row(company, day, "Repairs", "-0.99"),  # unclassified: shown apart
        Row(company, day, "Headcount", "12", "Statistics"),
    ]


@pytest.fixture
def world(state, client):
    statement: list[Row] = []
    ledger: list[Row] = []
    for year in (2023, 2024):
        for month in (1, 2, 7):
            day = date(year, month, 10)
            statement += _statement("ACME", day, 1, "299.25")  # ties out (450-50-100)
            statement += _statement("GLOBEX", day, 2, "777.00")  # does not tie out
            for company in ("ACME", "GLOBEX", "INITECH"):
                ledger += _ledger(company, day, f"{month * 100 + year % 10}.37")
    create_dataset(state, statement, name="Statement")
    create_dataset(state, ledger, name="Ledger")
    admin = create_user(state, role="admin")
    limited = create_user(state, role="viewer", allowed_companies=["ACME", "GLOBEX"])
    return {
        "admin": login(client, admin),
        "limited": login(client, limited),
        "users": (admin, limited),
    }


QUESTIONS = [
    ("admin", f"/api/dashboard/summary?{YEAR}&company=ACME"),
    ("admin", f"/api/dashboard/summary?{YEAR}&company=GLOBEX&company=INITECH"),
    ("limited", f"/api/dashboard/summary?{YEAR}"),
    ("admin", f"/api/dashboard/breakdown?{YEAR}&by=company"),
    ("admin", f"/api/dashboard/breakdown?{YEAR}&by=company&metric=net_income&top=1"),
    ("admin", f"/api/dashboard/breakdown?{YEAR}&by=company&metric=revenue&top=2"),
    ("limited", "/api/dashboard/breakdown?by=company&metric=expenses&top=1"),
    ("admin", "/api/dashboard/timeseries?group_by=company"),
    ("admin", "/api/dashboard/timeseries?group_by=company&granularity=quarter"),
    ("limited", "/api/dashboard/timeseries?granularity=year"),
    ("limited", "/api/dashboard/timeseries?group_by=company"),
]


def _get(client, path, headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_folded_answers_equal_the_bucket_by_bucket_ones(client, state, world):
    folded = {}
    for who, path in QUESTIONS:
        body = _get(client, path, world[who])
        assert body["source"] == "rollup_company_kind", path
        folded[(who, path)] = body
    some = folded[("admin", f"/api/dashboard/summary?{YEAR}&company=GLOBEX&company=INITECH")]
    assert some["current"]["tie_outs"], "the statement's stated net income does not tie out"
    # Forget the plans the bucket rows were built under: the same questions read
    # rollup_monthly, bucket by bucket (the CASE in SQL, signs and sums in Python).
    with state.db.transaction() as session:
        session.query(RollupKindPlan).delete()
        data_version.bump(session)
    for (who, path), body in folded.items():
        plain = _get(client, path, world[who])
        assert plain["source"] == "rollup_monthly", path
        assert {**body, "source": None} == {**plain, "source": None}, path


@pytest.mark.parametrize("who", [0, 1])
@pytest.mark.parametrize(
    ("group", "granularity", "key"),
    [
        ("company", "month", lambda f: (f.group, compute.bucket(f.period, "month"))),
        ("company", None, lambda f: f.group),
        (None, "month", lambda f: None),
    ],
)
def test_folded_rows_equal_the_bucket_rows_of_the_same_table(
    state, world, who, group, granularity, key
):
    """Service level, over `rollup_company_kind` itself: the rows folded in SQL against its
    bucket rows folded by `compute.fold`, every figure an answer shows."""
    made = world["users"][who]
    with state.db.session_factory() as session:
        user = session.get(User, made.id)
        # The admin asks for companies by name where the question would otherwise need none.
        companies = ["GLOBEX", "INITECH"] if who == 0 and group is None else None
        ctx = resolve(session, user=user, filters=make_filters(companies=companies))
        assert ctx.kinds_ready
        parts = pieces(ctx.filters, granularity, group, scope=ctx.scope, kinds=True)
        assert [source for _, source in parts] == [COMPANY_KINDS]
        builder = ctx.builder.with_filters(parts[0][0])
        pivot = compute.pivot_for(ctx.plan, ctx.builder.dataset_ids)
        (rows,) = repository.folded_parts(  # type: ignore[misc]
            session, [builder], pivot=pivot, group=group, granularity=granularity
        )
        (facts,) = repository.aggregate_parts(
            session, [(builder, COMPANY_KINDS)], plan=ctx.plan, group=group, granularity=granularity
        )
    assert len(rows) * 4 < len(facts)  # the fold happened in the database
    mine = compute.fold_rows(rows, plan=ctx.plan, pivot=pivot, key=key)
    theirs, _ = compute.fold(facts, plan=ctx.plan, key=key)
    assert mine.keys() == theirs.keys()
    for currency, accs in theirs.items():
        assert mine[currency].keys() == accs.keys()
        for k, acc in accs.items():
            got = mine[currency][k]
            assert compute.kpis(got) == compute.kpis(acc), k
            assert got.series_figures() == acc.series_figures(), k
            for metric in ("volume", "revenue", "expenses", "net_income"):
                assert got.metric(metric) == acc.metric(metric), (k, metric)
