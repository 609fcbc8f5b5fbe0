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
SQLite the job commits the two halves apart (`PARTIAL` in between: see `Builds.run`).

Never stale: every change to a dataset's uploads (store, append, replace, roll back, failed
upload, delete) calls `forget` in its own transaction, which removes the dataset's pair rows
and build marks together; the next question queues the build again. A pair whose rows for a
dataset would exceed ``ELARA_PAIR_ROLLUP_MAX_ROWS`` is marked `too_large` (no rows) and stays
on the records; 0 turns building off. A name the dataset does not import as a dimension (any
reader may type one) is marked `absent` without reading the records.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

import structlog
from cachetools import LRUCache
from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

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
# SQLite: see `Builds.run`); read as not built, and asked again so that a lost job resumes.
PARTIAL = "partial"

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
    return ready, [d for d in dataset_ids if marks.get(d, PARTIAL) == PARTIAL], plans


def build_pair(
    session: Session, *, dataset_id: int, pair: Pair, max_rows: int, split: bool = False
) -> str | None:
    """Build one dataset's rows of a pair inside the caller's transaction; returns the mark
    (`BUILT`, `TOO_LARGE`), the one already there, or None when the dataset is gone.
    `split`: stop after the per-company rows (mark `PARTIAL`); called again, in another
    transaction, it adds the company-less rows and marks the pair `BUILT`. Called on a built
    pair whose company-less rows were built under another classification plan (an account's
    kind changed since), it builds them again under the dataset's current plan.

    The dataset row is locked first, as every writer of the dataset's uploads does, so the
    records read are those of the published uploads (staged ones excluded) and no change to
    them can commit in between."""
    names = session.scalar(
        select(Dataset.dimensions).where(Dataset.id == dataset_id).with_for_update()
    )
    if names is None:
        return None
    b, p, r = RollupPairBuild, RollupDimensionPair, DatasetRecord
    this = [b.dataset_id == dataset_id, b.dim_a == pair[0], b.dim_b == pair[1]]
    found = session.execute(select(b.status, b.plan).where(*this)).first()
    done, built_under = (found[0], found[1]) if found is not None else (None, None)
    if done in (PARTIAL, BUILT):
        plan = build_plan(session, (dataset_id,))
        if done == PARTIAL or built_under != plan.fingerprint(dataset_id):
            under = _finish(session, dataset_id=dataset_id, pair=pair, plan=plan)
            session.execute(update(b).where(*this).values(status=BUILT, plan=under))
        return BUILT
    if done is not None:
        return str(done)
    if not set(pair) <= set(names):  # any reader may ask any name: no pass over the records
        session.execute(
            insert(b).values(
                dataset_id=dataset_id, dim_a=pair[0], dim_b=pair[1], status=ABSENT, row_count=0
            )
        )
        return ABSENT
    mine = [p.dataset_id == dataset_id, p.dim_a == pair[0], p.dim_b == pair[1]]
    session.execute(delete(p).where(*mine))
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
    value_a, value_b, month, *rest = keys
    rows = (
        select(
            literal(dataset_id),
            r.batch_id,
            literal(pair[0]),
            value_a,
            literal(pair[1]),
            value_b,
            month,
            *rest[:-1],
            func.sum(r.amount_minor),
            func.count(),
        )
        .where(r.dataset_id == dataset_id, staged_hidden(r))
        .group_by(*keys)
    )
    written = session.execute(insert(p).from_select(list(COLUMNS), rows)).rowcount  # type: ignore[attr-defined]
    mark: str = BUILT
    fingerprint: str | None = None
    if written > max_rows:
        session.execute(delete(p).where(*mine))
        mark, written = TOO_LARGE, 0
    elif split:
        mark = PARTIAL
    else:
        plan = build_plan(session, (dataset_id,))
        fingerprint = _finish(session, dataset_id=dataset_id, pair=pair, plan=plan)
    session.execute(
        insert(b).values(
            dataset_id=dataset_id,
            dim_a=pair[0],
            dim_b=pair[1],
            status=mark,
            row_count=written,
            plan=fingerprint,
        )
    )
    return mark


def _finish(session: Session, *, dataset_id: int, pair: Pair, plan: Plan) -> str:
    """The company-less rows of the pair, both sides, under `plan`; returns its fingerprint."""
    t = RollupPairTotals
    both = [t.dataset_id == dataset_id, t.dim_key.in_(pair), t.dim_other.in_(pair)]
    session.execute(delete(t).where(*both))
    for key in pair:
        build_totals(session, dataset_id=dataset_id, pair=pair, key=key, plan=plan)
    return plan.fingerprint(dataset_id)


def build_totals(session: Session, *, dataset_id: int, pair: Pair, key: str, plan: Plan) -> int:
    """The company-less rows of a pair keyed on one of its dimensions (`key`, the one a
    question filters on), summed per statement bucket (`plan`) from the pair's per-company
    rows; in the order of the primary key, so that InnoDB appends its pages. Returns the rows
    written."""
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
        """The job: one dataset's pair in one transaction; on SQLite in two (per company, then
        over every company), since a writer there holds the whole database's write lock and a
        store waits for it at most the busy timeout."""
        pair = pair_of((first, second))
        split = self.state.db.is_sqlite
        mark: str | None = PARTIAL
        while mark == PARTIAL:
            with self.state.db.transaction(read_committed=True) as session:
                mark = build_pair(
                    session,
                    dataset_id=dataset_id,
                    pair=pair,
                    max_rows=self.state.settings.pair_rollup_max_rows,
                    split=split,
                )
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
