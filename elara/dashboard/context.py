"""Resolving a dashboard question: access checks, datasets, facts, conversion and cache."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from cachetools import LRUCache
from sqlalchemy.orm import Session

from elara.core import data_version
from elara.core.errors import InvalidInput
from elara.core.periods import month_end, month_start
from elara.core.scenarios import Scenario
from elara.dashboard import cache as cache_module
from elara.dashboard import compute, pairs, repository
from elara.dashboard.cache import Cache
from elara.dashboard.compute import Folded
from elara.dashboard.filters import Filters, Scope, restrict
from elara.dashboard.fx import MissingRate, RateBook, load_rates, reporting_currency
from elara.dashboard.kinds import Plan, plan_for
from elara.dashboard.query import (
    COMPANY_KINDS,
    DAILY_TOTALS,
    DIMENSION_PREFIX,
    RAW,
    RAW_SCAN,
    ROLLUP,
    QueryBuilder,
    Source,
    dimension_rollup,
    is_dimension,
    monthly_totals,
    pair_rollup,
    pair_totals,
)
from elara.dashboard.repository import Fact
from elara.dashboard.schemas import (
    Answer,
    ConversionError,
    Meta,
)
from elara.finance.fiscal import fiscal_year_start
from elara.models import User

A = TypeVar("A", bound=Answer)


@dataclass(frozen=True)
class DatasetInfo:
    """What the dashboard shows of a visible dataset (kept between requests, no ORM object)."""

    id: int
    name: str
    currency: str | None
    row_count: int
    scenario: str = Scenario.actual.value


@dataclass
class Context:
    """Everything one question needs: who asks, what, over which datasets."""

    scope: Scope
    filters: Filters
    builder: QueryBuilder
    datasets: list[DatasetInfo]
    plan: Plan
    fiscal_start: int
    version: str = "0"
    reporting: str | None = None
    kinds_ready: bool = False  # rollup_company_kind was built under this plan (every dataset)
    scenario: str = Scenario.actual.value  # the one scenario every figure reads
    # The scenarios among all the caller's visible datasets (the dashboard's scenario picker).
    scenarios: tuple[str, ...] = (Scenario.actual.value,)

    def remember(self, name: str, compute_value: Callable[[], T]) -> T:
        """A value derived from the data alone, kept per data version, scope and datasets."""
        key = (self.version, self.scope.key(), self.builder.dataset_ids, name)
        return _remember(key, self.version, compute_value)


T = TypeVar("T")
_MEMO: OrderedDict[tuple[object, ...], object] = OrderedDict()
_MEMO_LOCK = threading.Lock()
_MEMO_SIZE = 2048


def _remember(key: tuple[object, ...], version: str, compute_value: Callable[[], T]) -> T:
    if version == "0":  # nothing stored yet: too common a key to share between databases
        return compute_value()
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key]  # type: ignore[return-value]
    value = compute_value()
    with _MEMO_LOCK:
        _MEMO[key] = value
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    return value


@dataclass(frozen=True)
class _Seen:
    datasets: list[DatasetInfo]
    fiscal_start: int
    reporting: str | None


def _seen(session: Session, scope: Scope) -> _Seen:
    visible = repository.visible_datasets(session, scope)
    return _Seen(
        [DatasetInfo(d.id, d.name, d.currency, d.row_count, d.scenario) for d in visible],
        fiscal_year_start(session),
        reporting_currency(session),
    )


def resolve(session: Session, *, user: User, filters: Filters) -> Context:
    """Check the filters against the user's access and pick the datasets to read.

    One query (the data version) when this user's scope was resolved before under the same
    version: the visible datasets, fiscal year and reporting currency are kept per version
    and scope (every change of data or settings bumps the version).
    """
    scope = Scope.of(user)
    restrict(filters, scope)
    version = data_version.seen(session)
    seen = _remember((version, scope.key(), "seen"), version, lambda: _seen(session, scope))
    scenario = _scenario(filters, seen.datasets)
    datasets = [d for d in seen.datasets if d.scenario == scenario]
    ids = {dataset.id for dataset in datasets}
    chosen = filters.dataset_ids or tuple(sorted(ids))
    builder = QueryBuilder(scope, filters, chosen)
    plan = plan_for(session, chosen, version=version)
    built = _remember(
        (version, chosen, "kind_plans"),
        version,
        lambda: repository.kind_fingerprints(session, chosen),
    )
    return Context(
        scope,
        filters,
        builder,
        datasets,
        plan,
        seen.fiscal_start,
        version=version,
        reporting=seen.reporting,
        kinds_ready=bool(chosen) and all(built.get(d) == plan.fingerprint(d) for d in chosen),
        scenario=scenario,
        scenarios=tuple(s.value for s in Scenario if any(d.scenario == s for d in seen.datasets)),
    )


def _scenario(filters: Filters, visible: list[DatasetInfo]) -> str:
    """The one scenario of the question: asked for, else that of the datasets asked for by
    id, else actual. Datasets of two scenarios are refused, never added together."""
    by_id = {d.id: d.scenario for d in visible}
    if set(filters.dataset_ids) - set(by_id):
        raise InvalidInput(
            "Unknown dataset.",
            code="unknown_dataset",
            details=[{"field": "dataset_id", "message": "no such dataset"}],
        )
    found = {by_id[i] for i in filters.dataset_ids}
    if filters.scenario is not None:
        found.add(filters.scenario)
    if len(found) > 1:
        raise InvalidInput(
            "These datasets hold different scenarios (actual, budget …): pick one scenario.",
            code="mixed_scenarios",
            details=[{"field": "scenario", "message": "datasets of one scenario at a time"}],
        )
    return found.pop() if found else Scenario.actual.value


def cached(
    session: Session,
    ctx: Context,
    cache: Cache | None,
    name: str,
    params: str,
    model: type[A],
    compute_answer: Callable[[], A],
) -> A:
    """The answer from the cache when the data version, scope and question match."""
    if cache is None:
        return compute_answer()
    key = cache_module.make_key(
        name,
        ctx.filters.key(),
        params,
        ctx.scope.key(),
        repr(ctx.builder.dataset_ids),
        ctx.version,
    )
    hit = cache.get(key)
    if hit is not None:
        cache_module.count("hits")
        return model.model_validate_json(hit)
    cache_module.count("misses")
    answer = compute_answer()
    cache.set(key, answer.model_dump_json())
    return answer


@dataclass
class Money:
    """Facts folded per currency, with how they were (or were not) converted."""

    folded: Folded
    meta: Meta
    months: frozenset[date] = frozenset()  # months holding data (when asked per period)


def rate_book(session: Session, ctx: Context) -> RateBook | None:
    reporting = ctx.reporting
    if reporting is None:
        return None
    return ctx.remember("rates", lambda: _rate_book(session, ctx, reporting))


def _rate_book(session: Session, ctx: Context, reporting: str) -> RateBook:
    everything = ctx.builder.with_filters(Filters(dataset_ids=ctx.filters.dataset_ids))
    present = set(repository.currencies(session, everything))
    if present <= {reporting}:
        return RateBook(reporting=reporting, needed=False)  # nothing to convert; still say so
    return load_rates(session, reporting=reporting, currencies={c for c in present if c})


def _conversion_error(book: RateBook, missing: list[MissingRate]) -> ConversionError:
    items = [{"currency": m.currency, "date": m.date.isoformat()} for m in missing[:50]]
    return ConversionError(
        reporting_currency=book.reporting,
        message="Some amounts have no exchange rate on or before their date; not converted.",
        missing=items,
    )


def pieces(
    filters: Filters,
    granularity: str | None,
    group: str | None = None,
    *,
    scope: Scope | None = None,
    kinds: bool = False,
    pair: bool = False,
    companyless_pair: bool = False,
) -> list[tuple[Filters, Source]]:
    """Whole months from a monthly rollup, the cut days at either end from a daily one.

    A question that needs no company (an unrestricted user, no company filter or breakdown)
    reads the company-less rollups: monthly (plain or per value of one dimension) and daily
    (plain). Otherwise whole months come from `rollup_company_kind` (`kinds`: built under
    the current plan; no account, category or dimension asked), else `rollup_monthly` (or the
    one dimension's rollups), and cut days from the records. Two dimensions at once read
    their pair rollup for whole months when it is built for every dataset asked (`pair`, see
    `elara.dashboard.pairs`): needing no company nor account, its company-less rows when
    built under the question's plan (`companyless_pair`); else the records, as do three or more.
    """
    companyless = scope is not None and _companyless(filters, group, scope)
    rollup = _rollup_for(filters, group, companyless, pair, companyless_pair)
    if rollup is ROLLUP and kinds and _by_company_kind(filters, group):
        rollup = COMPANY_KINDS
    days = DAILY_TOTALS if companyless and not _dimension_names(filters, group) else RAW
    if granularity in ("day", "week") or rollup is None:
        return [(filters, days if rollup is not None else RAW)]
    if filters.month_aligned:
        return [(filters, rollup)]
    start, end = filters.date_from, filters.date_to
    if start and end and month_start(start) == month_start(end):
        return [(filters, days)]
    parts: list[tuple[Filters, Source]] = []
    if start is not None and start.day != 1:
        parts.append((filters.with_dates(start, month_end(start)), days))
        start = month_end(start) + timedelta(days=1)
    if end is not None and end != month_end(end):
        parts.append((filters.with_dates(month_start(end), end), days))
        end = month_start(end) - timedelta(days=1)
    if start is None or end is None or start <= end:
        parts.append((filters.with_dates(start, end), rollup))
    return parts


def _companyless(filters: Filters, group: str | None, scope: Scope) -> bool:
    return not (scope.restricted or filters.companies or group == "company")


def _by_company_kind(filters: Filters, group: str | None) -> bool:
    """Whether per-company bucket totals answer: no account or category asked."""
    return group in (None, "company") and not (filters.accounts or filters.categories)


def _dimension_names(filters: Filters, group: str | None) -> set[str]:
    names = {name for name, _ in filters.dimensions}
    if is_dimension(group):
        names.add(str(group)[len(DIMENSION_PREFIX) :])
    return names


def _rollup_for(
    filters: Filters,
    group: str | None,
    companyless: bool,
    pair: bool = False,
    companyless_pair: bool = False,
) -> Source | None:
    names = _dimension_names(filters, group)
    if len(names) == 2 and pair:
        # the company-less pair rows hold statement buckets, no account or category
        by_account = filters.accounts or filters.categories or group in ("account", "category")
        if companyless and companyless_pair and not by_account:
            first, second = sorted(names)
            return pair_totals(first, second, _pair_key(filters, group))
        return pair_rollup(*names)
    if len(names) > 1:
        return None
    name = names.pop() if names else None
    if companyless:
        return monthly_totals(name)
    return ROLLUP if name is None else dimension_rollup(name)


def _pair_key(filters: Filters, group: str | None) -> str:
    """The dimension a company-less pair question is read on: one it filters on (the other
    being grouped by, when one is); two dimension names always hold at least one filter."""
    filtered = [name for name, _ in filters.dimensions]
    others = [name for name in filtered if DIMENSION_PREFIX + name != group]
    return (others or filtered)[0]


def _source_name(parts: list[tuple[Filters, Source]]) -> str:
    return "+".join(sorted({source.name for _, source in parts}))


def collect(
    session: Session,
    ctx: Context,
    *,
    filters: Filters,
    key: Callable[[Fact], object],
    group: str | None = None,
    granularity: str | None = None,
    book: RateBook | None,
) -> Money:
    """Aggregate, sign and (when asked and possible) convert the facts of one question."""
    (money,) = collect_many(
        session, ctx, filters=[filters], key=key, group=group, granularity=granularity, book=book
    )
    return money


def collect_many(
    session: Session,
    ctx: Context,
    *,
    filters: list[Filters],
    key: Callable[[Fact], object],
    group: str | None = None,
    granularity: str | None = None,
    book: RateBook | None,
) -> list[Money]:
    """`collect` for several periods of one question, all read in one statement."""
    convert = book is not None and book.needed
    plans = []
    for one in filters:
        if convert:  # every amount at its own date's rate
            days = pieces(one, "day", group, scope=ctx.scope, kinds=ctx.kinds_ready)[0][1]
            plans.append([(one, days if days.totals else RAW)])
        else:
            pair, totals = _pair_built(session, ctx, one, group, granularity)
            plans.append(
                pieces(
                    one,
                    granularity,
                    group,
                    scope=ctx.scope,
                    kinds=ctx.kinds_ready,
                    pair=pair,
                    companyless_pair=totals,
                )
            )
    plans = [[(part, _scan_or(session, ctx, part, source)) for part, source in p] for p in plans]
    flat = [(index, part, source) for index, parts in enumerate(plans) for part, source in parts]
    # Folded in SQL where it pays: an answer by company (hundreds of groups, thousands of
    # cells). Without a group the buckets are a few hundred rows and the SQL CASE columns cost
    # more than the Python fold they save (SQLite, 10 companies x 2 years: 17 ms against 11 ms).
    if not convert and group is not None and all(source.kinds for _, _, source in flat):
        folded = _collect_folded(session, ctx, plans, flat, key, group, granularity, book)
        if folded is not None:
            return folded
    found = repository.aggregate_parts(
        session,
        [(ctx.builder.with_filters(part), source) for _, part, source in flat],
        plan=ctx.plan,
        group=group,
        granularity=granularity,
        by_day=convert,
    )
    facts: list[list[Fact]] = [[] for _ in filters]
    for (index, _, _), part_facts in zip(flat, found, strict=True):
        facts[index] += part_facts
    return [
        _money(ctx, facts[index], _source_name(plans[index]), key=key, book=book)
        for index in range(len(filters))
    ]


def _pair_built(
    session: Session, ctx: Context, filters: Filters, group: str | None, granularity: str | None
) -> tuple[bool, bool]:
    """Whether a question about exactly two dimensions may read their pair rollup (built for
    every dataset asked), and its company-less rows (built under the question's classification
    plan); the datasets not built yet (or built under another plan) are queued for building,
    and the question reads the records (the per-company rows) meanwhile. Day and week series
    read the records anyway."""
    names = _dimension_names(filters, group)
    ids = ctx.builder.dataset_ids
    if len(names) != 2 or not ids or granularity in ("day", "week"):
        return False, False
    pair = pairs.pair_of(names)
    key = (ctx.version, ids, pair)
    with _PAIR_LOCK:
        known = _PAIR_MARKS.get(key)
    if known is not None:
        return known
    ready, missing, plans = pairs.status(session, ids, pair)
    totals = ready and all(plans.get(d) == ctx.plan.fingerprint(d) for d in ids)
    if ready and not totals:
        missing = [d for d in ids if plans.get(d) != ctx.plan.fingerprint(d)]
    if missing:
        pairs.request(missing, pair, ctx.version)
    elif ctx.version != "0":
        # Every dataset marked (built, too large, absent) and, if built, under this plan: the
        # marks change only with the datasets' uploads and the plan with the settings, and so
        # does the data version. Not kept while a build is to come.
        with _PAIR_LOCK:
            _PAIR_MARKS[key] = (ready, totals)
    return ready, totals


_PAIR_MARKS: LRUCache[tuple[str, tuple[int, ...], tuple[str, str]], tuple[bool, bool]] = LRUCache(
    4096
)
_PAIR_LOCK = threading.Lock()


SCAN_SHARE = 1 / 32  # the share of the table above which records are read in table order


def _scan_or(session: Session, ctx: Context, filters: Filters, source: Source) -> Source:
    """The records of a question no rollup answers (several dimensions at once), when they are
    a large share of the table: read in table order (`RAW_SCAN`). The share is estimated from
    the asked datasets' records among the visible ones and the range's days among the data's
    (a restricted user or a company filter reads the company index instead)."""
    if source is not RAW or ctx.scope.restricted or filters.companies:
        return source
    if not filters.dimensions:
        return source
    everything = Filters(dataset_ids=ctx.filters.dataset_ids)
    extent = ctx.remember(
        "extent:" + everything.key(),
        lambda: repository.month_extent(session, ctx.builder.with_filters(everything)),
    )
    if extent is None:
        return source
    first, last = extent[0], month_end(extent[1])
    start, end = max(filters.date_from or first, first), min(filters.date_to or last, last)
    days = max((end - start).days + 1, 0) / ((last - first).days + 1)
    rows = {d.id: d.row_count for d in ctx.datasets}
    asked = sum(rows.get(d, 0) for d in ctx.builder.dataset_ids)
    share = asked / max(sum(rows.values()), 1)
    return RAW_SCAN if days * share >= SCAN_SHARE else source


def _collect_folded(
    session: Session,
    ctx: Context,
    plans: list[list[tuple[Filters, Source]]],
    flat: list[tuple[int, Filters, Source]],
    key: Callable[[Fact], object],
    group: str | None,
    granularity: str | None,
    book: RateBook | None,
) -> list[Money] | None:
    """A question read wholly from `rollup_company_kind` (no conversion): the buckets folded
    into their figures' columns in SQL, one row per group, period, currency and upload. None
    when a row holds a bucket the plan does not know (then the buckets are read as they are)."""
    pivot = ctx.remember("pivot", lambda: compute.pivot_for(ctx.plan, ctx.builder.dataset_ids))
    found = repository.folded_parts(
        session,
        [ctx.builder.with_filters(part) for _, part, _ in flat],
        pivot=pivot,
        group=group,
        granularity=granularity,
    )
    if found is None:
        return None
    rows: list[list[repository.FoldedRow]] = [[] for _ in plans]
    for (index, _, _), part_rows in zip(flat, found, strict=True):
        rows[index] += part_rows
    out = []
    for index, one in enumerate(rows):
        months = frozenset(
            compute.bucket(r.period, "month")
            for r in one
            if r.period is not None and any(r.values[1::2])
        )
        folded = compute.fold_rows(one, plan=ctx.plan, pivot=pivot, key=key)
        used = _source_name(plans[index])
        reporting = book.reporting if book is not None else None
        meta = Meta(source=used, converted_to=reporting, scenario=ctx.scenario)
        out.append(Money(folded, meta, months))
    return out


def _money(
    ctx: Context,
    facts: list[Fact],
    used: str,
    *,
    key: Callable[[Fact], object],
    book: RateBook | None,
) -> Money:
    convert = book is not None and book.needed
    months = frozenset(
        compute.bucket(f.period, "month") for f in facts if f.count and f.period is not None
    )
    if book is None:
        folded, _ = compute.fold(facts, plan=ctx.plan, key=key)
        return Money(folded, Meta(source=used, scenario=ctx.scenario), months)
    folded, missing = compute.fold(facts, plan=ctx.plan, key=key, book=book if convert else None)
    if not convert:
        return Money(
            folded, Meta(source=used, converted_to=book.reporting, scenario=ctx.scenario), months
        )
    if missing:
        folded, _ = compute.fold(facts, plan=ctx.plan, key=key)
        meta = Meta(
            source=used,
            conversion_error=_conversion_error(book, missing),
            scenario=ctx.scenario,
        )
        return Money(folded, meta, months)
    return Money(
        folded, Meta(source=used, converted_to=book.reporting, scenario=ctx.scenario), months
    )


def sorted_currencies(*folds: Folded) -> list[str | None]:
    names = {c for folded in folds for c in folded}
    return sorted(names, key=lambda c: (c is None, c or ""))
