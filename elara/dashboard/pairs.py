"""Rollups of two imported dimensions at once, materialised when first asked.

A question about two dimensions (a breakdown by one filtered by the other, a filter on both)
has no one-dimension rollup to read. Building every pair at upload would cost as many rows as
records for three dimensions (docs/benchmarks.md), for questions few ask; so an upload builds
none. The first such question is answered from the records, as before, and queues the pair's
build on the database workers' queue (`TASK`, the queue the store jobs use); once a dataset's
pair is built (one transaction: its `rollup_dimension_pair` rows and its `rollup_pair_builds`
row), the question reads the pair rollup for the whole months, under the same row-level rules
as the one-dimension rollups (`QueryBuilder.conditions`); the cut days of a range still come
from the records, as for one dimension. The same transaction sums the pair over every
company into `rollup_pair_totals`, once on each dimension's side, clustered on its value
(`build_totals`), accounts folded into statement buckets under the dataset's classification
plan (kept in the mark): a question that needs no company and no account (an unrestricted
user, no company, account or category filter or breakdown) reads the side of a dimension it
filters on, one contiguous range of rows, while its plan is the one they were built under. On
SQLite the job commits one calendar month per transaction (`BUILDING` until the last step
marks it built: see `build_in_steps`).

Never stale: every change to a dataset's uploads (store, append, replace, roll back, failed
upload, delete) calls `forget` in its own transaction, which removes the dataset's pair rows
and build marks together; the next question queues the build again. A pair whose rows for a
dataset would exceed ``ELARA_PAIR_ROLLUP_MAX_ROWS`` is marked `too_large` (no rows) and stays
on the records; 0 turns building off. A name the dataset does not import as a dimension (any
reader may type one) is marked `absent` without reading the records.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import structlog
from cachetools import LRUCache
from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from elara.core.db import Database
from elara.core.state import AppState
from elara.dashboard.kinds import Plan, build_plan
from elara.dashboard.query import RAW, dimension_value, period_expr, staged_hidden
from elara.models import (
    Dataset,
    DatasetRecord,
    RollupDimensionPair,
    RollupPairBuild,
    RollupPairTotals,
)

log = structlog.get_logger(__name__)

TASK = "dashboard.build_pair"
BUILT = "built"
TOO_LARGE = "too_large"
ABSENT = "absent"  # a name the dataset does not import as a dimension: nothing to build
# The per-company rows are in, the company-less ones not yet (a build in two transactions,
# SQLite, before the month steps); read as not built, and asked again so that a lost job resumes.
PARTIAL = "partial"
# SQLite: being built month by month (`build_in_steps`) by the job whose token is the mark's
# `plan`; read as not built, and asked again (a new job takes over, a lost one is redone).
BUILDING = "building"

COLUMNS = (
    "dataset_id",
    "batch_id",
    "dim_a",
    "value_a",
    "dim_b",
    "value_b",
    "month",
    "company_code",
    "account",
    "category",
    "currency",
    "amount_minor",
    "record_count",
)

Pair = tuple[str, str]


def pair_of(names: Iterable[str]) -> Pair:
    """The two dimension names in the order the tables keep them."""
    a, b = sorted(names)
    return a, b


def status(
    session: Session, dataset_ids: Sequence[int], pair: Pair
) -> tuple[bool, list[int], dict[int, str | None]]:
    """Whether the pair is built for every dataset given, the datasets with no mark yet
    (neither built nor refused: those to build) or half built, and the classification plan
    each dataset's company-less rows were built under."""
    b = RollupPairBuild
    query = select(b.dataset_id, b.status, b.plan).where(
        b.dataset_id.in_(list(dataset_ids)), b.dim_a == pair[0], b.dim_b == pair[1]
    )
    marks, plans = {}, {}
    for dataset_id, mark, plan in session.execute(query):
        marks[int(dataset_id)], plans[int(dataset_id)] = str(mark), plan
    ready = bool(dataset_ids) and all(marks.get(d) == BUILT for d in dataset_ids)
    to_build = [d for d in dataset_ids if marks.get(d, PARTIAL) in (PARTIAL, BUILDING)]
    return ready, to_build, plans


def build_pair(session: Session, *, dataset_id: int, pair: Pair, max_rows: int) -> str | None:
    """Build one dataset's rows of a pair inside the caller's transaction; returns the mark
    (`BUILT`, `TOO_LARGE`), the one already there, or None when the dataset is gone. A pair
    left `PARTIAL` (per-company rows only) gets its company-less rows; one left `BUILDING` by a
    month-by-month build is built again. Called on a built pair whose company-less rows were
    built under another classification plan (an account's kind changed since), it builds them
    again under the dataset's current plan.

    The dataset row is locked first, as every writer of the dataset's uploads does, so the
    records read are those of the published uploads (staged ones excluded) and no change to
    them can commit in between."""
    names = session.scalar(
        select(Dataset.dimensions).where(Dataset.id == dataset_id).with_for_update()
    )
    if names is None:
        return None
    b, p = RollupPairBuild, RollupDimensionPair
    this = [b.dataset_id == dataset_id, b.dim_a == pair[0], b.dim_b == pair[1]]
    found = session.execute(select(b.status, b.plan).where(*this)).first()
    done, built_under = (found[0], found[1]) if found is not None else (None, None)
    if done == BUILDING:  # a month-by-month build (SQLite) left half done: start again
        session.execute(delete(b).where(*this))
        done = None
    if done in (PARTIAL, BUILT):
        plan = build_plan(session, (dataset_id,))
        if done == PARTIAL or built_under != plan.fingerprint(dataset_id):
            under = _finish(session, dataset_id=dataset_id, pair=pair, plan=plan)
            session.execute(update(b).where(*this).values(status=BUILT, plan=under))
        return BUILT
    if done is not None:
        return str(done)
    if not set(pair) <= set(names):  # any reader may ask any name: no pass over the records
        _mark(session, dataset_id, pair, ABSENT)
        return ABSENT
    mine = [p.dataset_id == dataset_id, p.dim_a == pair[0], p.dim_b == pair[1]]
    session.execute(delete(p).where(*mine))
    written = _insert_rows(session, dataset_id=dataset_id, pair=pair)
    mark: str = BUILT
    fingerprint: str | None = None
    if written > max_rows:
        session.execute(delete(p).where(*mine))
        mark, written = TOO_LARGE, 0
    else:
        plan = build_plan(session, (dataset_id,))
        fingerprint = _finish(session, dataset_id=dataset_id, pair=pair, plan=plan)
    _mark(session, dataset_id, pair, mark, rows=written, plan=fingerprint)
    return mark


def _insert_rows(
    session: Session, *, dataset_id: int, pair: Pair, month: date | None = None
) -> int:
    """The per-company rows of the pair from the dataset's published records (of one calendar
    month when `month` is given); returns the rows written."""
    p, r = RollupDimensionPair, DatasetRecord
    dialect = session.get_bind().dialect.name
    keys = [
        func.substr(dimension_value(pair[0]), 1, 255),
        func.substr(dimension_value(pair[1]), 1, 255),
        period_expr(RAW, "month", dialect),
        r.company_code,
        r.account,
        r.category,
        r.currency,
        r.batch_id,
    ]
    value_a, value_b, period, *rest = keys
    where = [r.dataset_id == dataset_id, staged_hidden(r)]
    if month is not None:
        where += [r.date >= month, r.date < _next_month(month)]
    rows = (
        select(
            literal(dataset_id),
            r.batch_id,
            literal(pair[0]),
            value_a,
            literal(pair[1]),
            value_b,
            period,
            *rest[:-1],
            func.sum(r.amount_minor),
            func.count(),
        )
        .where(*where)
        .group_by(*keys)
    )
    result = session.execute(insert(p).from_select(list(COLUMNS), rows))
    return int(result.rowcount)  # type: ignore[attr-defined]


def _next_month(month: date) -> date:
    return (month.replace(day=1) + timedelta(days=32)).replace(day=1)


def _finish(session: Session, *, dataset_id: int, pair: Pair, plan: Plan) -> str:
    """The company-less rows of the pair, both sides, under `plan`; returns its fingerprint."""
    t = RollupPairTotals
    both = [t.dataset_id == dataset_id, t.dim_key.in_(pair), t.dim_other.in_(pair)]
    session.execute(delete(t).where(*both))
    for key in pair:
        build_totals(session, dataset_id=dataset_id, pair=pair, key=key, plan=plan)
    return plan.fingerprint(dataset_id)


def build_totals(
    session: Session,
    *,
    dataset_id: int,
    pair: Pair,
    key: str,
    plan: Plan,
    month: date | None = None,
) -> int:
    """The company-less rows of a pair keyed on one of its dimensions (`key`, the one a
    question filters on), summed per statement bucket (`plan`) from the pair's per-company
    rows (of one month when `month` is given: `seq` is numbered within it, and the month is in
    the key); in the order of the primary key, so that InnoDB appends its pages. Returns the
    rows written."""
    p, t = RollupDimensionPair, RollupPairTotals
    value = p.value_a if key == pair[0] else p.value_b
    other = p.value_b if key == pair[0] else p.value_a
    bucket = plan.case(p)
    keys = [value, p.month, other, p.batch_id, bucket, p.currency]
    rows = (
        select(
            literal(dataset_id),
            literal(key),
            literal(pair[1] if key == pair[0] else pair[0]),
            value,
            p.month,
            func.row_number().over(),
            other,
            p.batch_id,
            bucket,
            p.currency,
            func.sum(p.amount_minor),
            func.sum(p.record_count),
        )
        .where(
            p.dataset_id == dataset_id,
            p.dim_a == pair[0],
            p.dim_b == pair[1],
            value.is_not(None),  # a filter on `key` never matches a record without it
            *([p.month == month] if month is not None else []),
        )
        .group_by(*keys)
        .order_by(value, p.month)
    )
    columns = [
        "dataset_id",
        "dim_key",
        "dim_other",
        "key_value",
        "month",
        "seq",
        "other_value",
        "batch_id",
        "bucket",
        "currency",
        "amount_minor",
        "record_count",
    ]
    result = session.execute(insert(t).from_select(columns, rows))
    return int(result.rowcount)  # type: ignore[attr-defined]


ABORTED = "aborted"  # the mark is no longer this build's: the dataset changed, or a newer job


def build_in_steps(
    db: Database,
    *,
    dataset_id: int,
    pair: Pair,
    max_rows: int,
    after_step: Callable[[], None] | None = None,
) -> str | None:
    """Build one dataset's pair in short transactions, one calendar month each (SQLite: a
    writer holds the whole database's write lock, and a store waits for it at most the busy
    timeout). The first marks the pair `BUILDING` under a token of this build and clears its
    rows; each next one writes one month of per-company rows, then one month of company-less
    rows, each only while the mark is still this build's (every change to the dataset's
    uploads removes the mark: the build then stops, `ABORTED`, and the next question asks
    again); the last marks it `BUILT`. Until then questions read the records. Returns the mark
    (`BUILT`, `TOO_LARGE`, `ABSENT`, `ABORTED`), or None when the dataset is gone.
    `after_step` is called between the transactions (with no lock held)."""
    token = uuid.uuid4().hex
    with db.transaction() as session:
        mark = _begin(session, dataset_id=dataset_id, pair=pair, token=token)
    if mark != BUILDING:
        return mark
    written, month = 0, None
    while True:  # the per-company rows, month by month
        if after_step is not None:
            after_step()
        with db.transaction() as session:
            if not _mine(session, dataset_id, pair, token):
                return ABORTED
            month = _first_month(session, dataset_id, month)
            if month is None:
                break
            written += _insert_rows(session, dataset_id=dataset_id, pair=pair, month=month)
            if written > max_rows:
                _refuse(session, dataset_id, pair)
                return TOO_LARGE
            _set_mark(session, dataset_id, pair, row_count=written)
            month = _next_month(month)
    fingerprint: str | None = None
    while True:  # the company-less rows, month by month, under one classification plan
        if after_step is not None:
            after_step()
        with db.transaction() as session:
            if not _mine(session, dataset_id, pair, token):
                return ABORTED
            plan = build_plan(session, (dataset_id,))
            if fingerprint != plan.fingerprint(dataset_id):  # first step, or the plan changed
                fingerprint, month = plan.fingerprint(dataset_id), None
                t = RollupPairTotals
                both = [t.dataset_id == dataset_id, t.dim_key.in_(pair), t.dim_other.in_(pair)]
                session.execute(delete(t).where(*both))
            month = _first_pair_month(session, dataset_id, pair, month)
            if month is None:
                _set_mark(session, dataset_id, pair, status=BUILT, plan=fingerprint)
                return BUILT
            for key in pair:
                build_totals(
                    session, dataset_id=dataset_id, pair=pair, key=key, plan=plan, month=month
                )
            month = _next_month(month)


def _this(dataset_id: int, pair: Pair) -> list[Any]:
    b = RollupPairBuild
    return [b.dataset_id == dataset_id, b.dim_a == pair[0], b.dim_b == pair[1]]


def _begin(session: Session, *, dataset_id: int, pair: Pair, token: str) -> str | None:
    """The first step: the mark already final (built under the current plan, too large,
    absent), else the pair's rows cleared and the mark `BUILDING` under `token` (taking over
    a build left half done)."""
    names = session.scalar(
        select(Dataset.dimensions).where(Dataset.id == dataset_id).with_for_update()
    )
    if names is None:
        return None
    b = RollupPairBuild
    found = session.execute(select(b.status, b.plan).where(*_this(dataset_id, pair))).first()
    if found is not None and found[0] in (TOO_LARGE, ABSENT):
        return str(found[0])
    # Built under another classification plan (an account's kind changed): built again.
    plan = build_plan(session, (dataset_id,)) if found is not None and found[0] == BUILT else None
    if found is not None and plan is not None and found[1] == plan.fingerprint(dataset_id):
        return BUILT
    if not set(pair) <= set(names):  # any reader may ask any name: no pass over the records
        session.execute(delete(b).where(*_this(dataset_id, pair)))
        _mark(session, dataset_id, pair, ABSENT)
        return ABSENT
    _clear(session, dataset_id, pair)
    _mark(session, dataset_id, pair, BUILDING, plan=token)
    return BUILDING


def _clear(session: Session, dataset_id: int, pair: Pair) -> None:
    """The pair's rows and mark for one dataset, gone."""
    p, t = RollupDimensionPair, RollupPairTotals
    session.execute(delete(RollupPairBuild).where(*_this(dataset_id, pair)))
    session.execute(
        delete(p).where(p.dataset_id == dataset_id, p.dim_a == pair[0], p.dim_b == pair[1])
    )
    session.execute(
        delete(t).where(t.dataset_id == dataset_id, t.dim_key.in_(pair), t.dim_other.in_(pair))
    )


def _refuse(session: Session, dataset_id: int, pair: Pair) -> None:
    """Over the cap: no rows, the mark `TOO_LARGE`."""
    _clear(session, dataset_id, pair)
    _mark(session, dataset_id, pair, TOO_LARGE)


def _mine(session: Session, dataset_id: int, pair: Pair, token: str) -> bool:
    """Whether the mark is still this build's; the dataset row locked first, as every writer
    of the dataset's uploads does (on MariaDB; SQLite's one writer is the lock)."""
    names = session.scalar(
        select(Dataset.dimensions).where(Dataset.id == dataset_id).with_for_update()
    )
    b = RollupPairBuild
    found = session.execute(select(b.status, b.plan).where(*_this(dataset_id, pair))).first()
    return names is not None and found is not None and tuple(found) == (BUILDING, token)


def _mark(
    session: Session,
    dataset_id: int,
    pair: Pair,
    status: str,
    *,
    rows: int = 0,
    plan: str | None = None,
) -> None:
    """Write the pair's build mark for one dataset (none there yet): its status, the rows
    written, and the plan they were built under (or a step-by-step build's token)."""
    session.execute(
        insert(RollupPairBuild).values(
            dataset_id=dataset_id,
            dim_a=pair[0],
            dim_b=pair[1],
            status=status,
            row_count=rows,
            plan=plan,
        )
    )


def _set_mark(session: Session, dataset_id: int, pair: Pair, **values: Any) -> None:
    session.execute(update(RollupPairBuild).where(*_this(dataset_id, pair)).values(**values))


def _first_month(session: Session, dataset_id: int, since: date | None) -> date | None:
    """The first calendar month from `since` on holding a published record of the dataset."""
    r = DatasetRecord
    query = select(func.min(r.date)).where(r.dataset_id == dataset_id, staged_hidden(r))
    if since is not None:
        query = query.where(r.date >= since)
    first = session.scalar(query)
    return None if first is None else _as_date(first).replace(day=1)


def _first_pair_month(
    session: Session, dataset_id: int, pair: Pair, since: date | None
) -> date | None:
    """The first month from `since` on holding per-company rows of the pair."""
    p = RollupDimensionPair
    query = select(func.min(p.month)).where(
        p.dataset_id == dataset_id, p.dim_a == pair[0], p.dim_b == pair[1]
    )
    if since is not None:
        query = query.where(p.month >= since)
    first = session.scalar(query)
    return None if first is None else _as_date(first)


def _as_date(value: Any) -> date:
    """A date as SQLite's MIN() gives it back (text) or MariaDB's (a date)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def forget(session: Session, dataset_id: int) -> None:
    """Remove every pair rollup of a dataset and its marks (its uploads changed)."""
    for table in (RollupPairBuild, RollupDimensionPair, RollupPairTotals):
        session.execute(delete(table).where(table.dataset_id == dataset_id))


class Builds:
    """This process's side of the queue: asks each (dataset, pair) once per data version
    (the build itself skips what is already marked, so a repeated ask costs one lookup)."""

    def __init__(self, state: AppState) -> None:
        self.state = state
        self._asked: LRUCache[tuple[str, int, Pair], bool] = LRUCache(maxsize=10_000)
        self._lock = threading.Lock()

    def request(self, dataset_ids: Sequence[int], pair: Pair, version: str) -> None:
        if self.state.settings.pair_rollup_max_rows <= 0:
            return
        for dataset_id in dataset_ids:
            key = (version, dataset_id, pair)
            with self._lock:
                if key in self._asked:
                    continue
                self._asked[key] = True
            try:
                self.state.queue.enqueue(TASK, dataset_id, pair[0], pair[1])
            except Exception as exc:  # the queue is away: the records answer, ask next time
                with self._lock:
                    self._asked.pop(key, None)
                log.warning("pairs.enqueue_failed", error=type(exc).__name__)

    def run(self, dataset_id: int, first: str, second: str) -> str | None:
        """The job: one dataset's pair in one transaction; on SQLite in one short transaction
        per month (`build_in_steps`), since a writer there holds the whole database's write
        lock and a store waits for it at most the busy timeout."""
        pair = pair_of((first, second))
        max_rows = self.state.settings.pair_rollup_max_rows
        mark: str | None
        if self.state.db.is_sqlite:
            mark = build_in_steps(
                self.state.db, dataset_id=dataset_id, pair=pair, max_rows=max_rows
            )
        else:
            with self.state.db.transaction(read_committed=True) as session:
                mark = build_pair(session, dataset_id=dataset_id, pair=pair, max_rows=max_rows)
        log.info("pairs.built", dataset_id=dataset_id, pair=list(pair), mark=mark)
        return mark


_current: Builds | None = None


def install(state: AppState) -> Builds:
    """Register the build job on this process's db queue and make it the one questions ask
    (a process serves one app; the latest installed wins)."""
    global _current
    builds = state.per_app("dashboard.pairs", lambda: Builds(state))
    if not state.queue.registered(TASK):
        state.queue.register("db", TASK, builds.run, retries=3, delay=1)
    _current = builds
    return builds


def request(dataset_ids: Sequence[int], pair: Pair, version: str) -> None:
    """Queue the pair's build for these datasets (nothing when no queue is installed: a
    script or a test without the app)."""
    if _current is not None and dataset_ids:
        _current.request(dataset_ids, pair, version)
