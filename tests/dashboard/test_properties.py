"""Property tests: summary, time series and breakdown equal a Decimal recomputation over the
raw rows, for random filters and both access scopes, on SQLite and MariaDB."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elara.dashboard import service
from elara.dashboard.filters import make_filters
from elara.dashboard.kinds import load_kind_map
from elara.models import AccountCategory, User
from tests.dashboard.factories import Row, create_dataset
from tests.dashboard.oracle import Oracle, Question, Stored, Totals, bucket, fmt, previous
from tests.factories import create_user

COMPANIES = ("ACME", "GLOBEX", "INITECH", "UMBRELLA")
ALLOWED = ("ACME", "INITECH")
# (account, category): income, expense, unclassified, account-only and admin-mapped lines
LINES = (
    ("Revenue", "Revenue"),
    ("COGS", "Cost of Sales"),
    ("Payroll", None),
    ("Misc", "Various"),
    ("Consulting", None),
    ("Interest", "Sales"),
)
START = date(2023, 1, 1)
DAYS = 730
PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _rows(rng: random.Random, n: int, *, negative_expenses: bool, currency: str) -> list[Row]:
    rows = []
    for _ in range(n):
        account, category = rng.choice(LINES)
        # Ten-thousandths, so totals are rounded once, never per record.
        amount = Decimal(rng.randint(-500_000, 50_000_000)).scaleb(-4)
        if account in ("COGS", "Payroll") and negative_expenses:
            amount = -abs(amount)
        day = START + timedelta(days=rng.randrange(DAYS))
        rows.append(Row(rng.choice(COMPANIES), day, account, amount, category, currency))
    return rows


def build(state) -> tuple[list[Stored], list[int]]:
    """Three datasets: expenses stored negative, stored positive, and one in EUR."""
    rng = random.Random(20261124)
    with state.db.transaction() as session:
        session.add(AccountCategory(account="Consulting", category="Services", kind="income"))
    specs = [(True, "USD", 160), (False, "USD", 120), (True, "EUR", 60)]
    stored, ids = [], []
    for negative, currency, n in specs:
        rows = _rows(rng, n, negative_expenses=negative, currency=currency)
        dataset_id = create_dataset(state, rows, currency=currency)
        ids.append(dataset_id)
        stored += [Stored(dataset_id, row) for row in rows]
    return stored, ids


def _bound(draw, kind: str) -> date | None:
    choice = draw(st.sampled_from(["none", "month", "day"]))
    if choice == "none":
        return None
    day = START + timedelta(days=draw(st.integers(-40, DAYS + 40)))
    if choice == "day":
        return day
    if kind == "from":
        return day.replace(day=1)
    next_month = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return next_month - timedelta(days=1)


@st.composite
def questions(draw, dataset_ids: list[int]) -> tuple[bool, Question]:
    restricted = draw(st.booleans())
    companies = ALLOWED if restricted else COMPANIES
    date_from, date_to = _bound(draw, "from"), _bound(draw, "to")
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to.replace(day=1), date_from
    subset = lambda values: tuple(sorted(draw(st.sets(st.sampled_from(values), max_size=2))))  # noqa: E731
    return restricted, Question(
        dataset_ids=subset(dataset_ids),
        companies=subset(companies),
        date_from=date_from,
        date_to=date_to,
        accounts=subset([a for a, _ in LINES]),
        categories=subset(["Revenue", "Cost of Sales", "Various", "Sales"]),
    )


def _filters(q: Question):
    return make_filters(
        dataset_ids=list(q.dataset_ids),
        companies=list(q.companies),
        date_from=q.date_from,
        date_to=q.date_to,
        accounts=list(q.accounts),
        categories=list(q.categories),
    )


def _setup(state):
    stored, ids = build(state)
    admin = create_user(state, role="admin")
    limited = create_user(state, role="viewer", allowed_companies=list(ALLOWED))
    with state.db.transaction() as session:
        kinds = load_kind_map(session)
    oracles = {False: Oracle(stored, kinds), True: Oracle(stored, kinds, ALLOWED)}
    return ids, {False: admin.id, True: limited.id}, oracles


def _currencies(*maps) -> list:
    return sorted({c for m in maps for c in m}, key=lambda c: (c is None, c or ""))


def test_summary_matches_recomputation(state):
    ids, users, oracles = _setup(state)

    @PROPERTY
    @given(questions(ids))
    def check(case):
        restricted, q = case
        oracle = oracles[restricted]
        with state.db.transaction() as session:
            answer = service.summary(
                session, user=session.get(User, users[restricted]), filters=_filters(q)
            )
        period = oracle.period(q)
        assert (answer.period is None) == (period is None)
        if period is None:
            assert answer.by_currency == []
            return
        prev = previous(*period)
        assert (answer.period.date_from, answer.period.date_to) == period
        assert (answer.previous_period.date_from, answer.previous_period.date_to) == prev
        cur = oracle.totals(
            oracle.select(Question(**{**q.__dict__, "date_from": period[0], "date_to": period[1]}))
        )
        old = oracle.totals(
            oracle.select(Question(**{**q.__dict__, "date_from": prev[0], "date_to": prev[1]}))
        )
        expected = [
            (c, cur.get(c, {}).get(None), old.get(c, {}).get(None)) for c in _currencies(cur, old)
        ]
        assert [b.currency for b in answer.by_currency] == [c for c, _, _ in expected]
        for block, (_, now, before) in zip(answer.by_currency, expected, strict=True):
            assert block.current.model_dump() == (now or Totals()).kpis()
            assert block.previous.model_dump() == (before or Totals()).kpis()

    check()


def test_timeseries_matches_recomputation(state):
    ids, users, oracles = _setup(state)

    @PROPERTY
    @given(
        questions(ids),
        st.sampled_from(["day", "week", "month", "quarter", "year"]),
        st.sampled_from([None, "company", "account", "category"]),
    )
    def check(case, granularity, group_by):
        restricted, q = case
        oracle = oracles[restricted]
        with state.db.transaction() as session:
            answer = service.timeseries(
                session,
                user=session.get(User, users[restricted]),
                filters=_filters(q),
                granularity=granularity,
                group_by=group_by,
            )
        rows = oracle.select(q)

        def key(s):
            return (
                getattr(s.row, group_by) if group_by else "total",
                bucket(s.row.date, granularity),
            )

        expected = oracle.totals(rows, key)
        assert [b.currency for b in answer.by_currency] == _currencies(expected)
        for block in answer.by_currency:
            cells = expected[block.currency]
            assert {line.key for line in block.series} == {k for k, _ in cells}
            for line in block.series:
                for index, period in enumerate(answer.periods):
                    acc = cells.get((line.key, period))
                    assert line.revenue[index] == fmt(acc.revenue if acc else 0)
                    assert line.expenses[index] == fmt(acc.expenses if acc else 0)
                    assert line.record_count[index] == (acc.count if acc else 0)
            seen = {p for _, p in cells}
            assert seen <= set(answer.periods)

    check()


def test_breakdown_matches_recomputation(state):
    ids, users, oracles = _setup(state)

    @PROPERTY
    @given(
        questions(ids),
        st.sampled_from(["company", "account", "category"]),
        st.integers(1, 4),
        st.sampled_from(["volume", "revenue", "expenses", "net_income"]),
    )
    def check(case, by, top, metric):
        restricted, q = case
        oracle = oracles[restricted]
        with state.db.transaction() as session:
            answer = service.breakdown(
                session,
                user=session.get(User, users[restricted]),
                filters=_filters(q),
                by=by,
                top=top,
                metric=metric,
            )
        expected = oracle.totals(oracle.select(q), lambda s: getattr(s.row, by))
        assert [b.currency for b in answer.by_currency] == _currencies(expected)
        for block in answer.by_currency:
            ranked = sorted(
                expected[block.currency].items(),
                key=lambda kv: (-kv[1].metric(metric), kv[0] is None, kv[0] or ""),
            )
            assert [(i.key, i.value) for i in block.items] == [
                (k, fmt(t.metric(metric))) for k, t in ranked[:top]
            ]
            rest = ranked[top:]
            if not rest:
                assert block.other is None
            else:
                assert block.other.record_count == sum(t.count for _, t in rest)
                assert block.other.revenue == fmt(sum(t.revenue for _, t in rest))
                assert block.other.expenses == fmt(sum(t.expenses for _, t in rest))

    check()
