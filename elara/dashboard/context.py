"""Resolving a dashboard question: access checks, datasets, facts, conversion and cache."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from elara.core import data_version
from elara.core.errors import InvalidInput
from elara.core.periods import month_end, month_start
from elara.dashboard import cache as cache_module
from elara.dashboard import compute, repository
from elara.dashboard.cache import Cache
from elara.dashboard.compute import Folded
from elara.dashboard.filters import Filters, Scope, restrict
from elara.dashboard.fx import MissingRate, RateBook, load_rates, reporting_currency
from elara.dashboard.kinds import Plan, plan_for
from elara.dashboard.query import (
    DIMENSION_PREFIX,
    RAW,
    ROLLUP,
    QueryBuilder,
    Source,
    dimension_rollup,
    is_dimension,
)
from elara.dashboard.repository import Fact
from elara.dashboard.schemas import (
    Answer,
    ConversionError,
    Meta,
)
from elara.finance.fiscal import fiscal_year_start
from elara.models import Dataset, User

A = TypeVar("A", bound=Answer)


@dataclass
class Context:
    """Everything one question needs: who asks, what, over which datasets."""

    scope: Scope
    filters: Filters
    builder: QueryBuilder
    datasets: list[Dataset]
    plan: Plan
    fiscal_start: int


def resolve(session: Session, *, user: User, filters: Filters) -> Context:
    """Check the filters against the user's access and pick the datasets to read."""
    scope = Scope.of(user)
    restrict(filters, scope)
    visible = repository.visible_datasets(session, scope)
    ids = {dataset.id for dataset in visible}
    unknown = set(filters.dataset_ids) - ids
    if unknown:
        raise InvalidInput(
            "Unknown dataset.",
            code="unknown_dataset",
            details=[{"field": "dataset_id", "message": "no such dataset"}],
        )
    chosen = filters.dataset_ids or tuple(sorted(ids))
    builder = QueryBuilder(scope, filters, chosen)
    plan = plan_for(session, chosen)
    return Context(scope, filters, builder, visible, plan, fiscal_year_start(session))


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
        data_version.current(session),
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


def rate_book(session: Session, ctx: Context) -> RateBook | None:
    reporting = reporting_currency(session)
    if reporting is None:
        return None
    present = set(
        repository.currencies(
            session, ctx.builder.with_filters(Filters(dataset_ids=ctx.filters.dataset_ids))
        )
    )
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
    filters: Filters, granularity: str | None, group: str | None = None
) -> list[tuple[Filters, Source]]:
    """Whole months from the rollups, the cut months at either end from the records.

    A question about one imported dimension reads that dimension's rollups; one about several
    reads the records.
    """
    rollup = _rollup_for(filters, group)
    if granularity in ("day", "week") or rollup is None:
        return [(filters, RAW)]
    if filters.month_aligned:
        return [(filters, rollup)]
    start, end = filters.date_from, filters.date_to
    if start and end and month_start(start) == month_start(end):
        return [(filters, RAW)]
    parts: list[tuple[Filters, Source]] = []
    if start is not None and start.day != 1:
        parts.append((filters.with_dates(start, month_end(start)), RAW))
        start = month_end(start) + timedelta(days=1)
    if end is not None and end != month_end(end):
        parts.append((filters.with_dates(month_start(end), end), RAW))
        end = month_start(end) - timedelta(days=1)
    if start is None or end is None or start <= end:
        parts.append((filters.with_dates(start, end), rollup))
    return parts


def _rollup_for(filters: Filters, group: str | None) -> Source | None:
    names = {name for name, _ in filters.dimensions}
    if is_dimension(group):
        names.add(str(group)[len(DIMENSION_PREFIX) :])
    if not names:
        return ROLLUP
    return dimension_rollup(names.pop()) if len(names) == 1 else None


def _source_name(parts: list[tuple[Filters, Source]], convert: bool) -> str:
    names = sorted({source.name for _, source in parts})
    return "dataset_records" if convert else "+".join(names)


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
    convert = book is not None and book.needed
    parts = [(filters, RAW)] if convert else pieces(filters, granularity, group)
    facts: list[Fact] = []
    for part, source in parts:
        facts += repository.aggregate(
            session,
            ctx.builder.with_filters(part),
            source=source,
            plan=ctx.plan,
            group=group,
            granularity=granularity,
            by_day=convert,
        )
    used = _source_name(parts, convert)
    if book is None:
        folded, _ = compute.fold(facts, plan=ctx.plan, key=key)
        return Money(folded, Meta(source=used))
    folded, missing = compute.fold(facts, plan=ctx.plan, key=key, book=book if convert else None)
    if not convert:
        return Money(folded, Meta(source=used, converted_to=book.reporting))
    if missing:
        folded, _ = compute.fold(facts, plan=ctx.plan, key=key)
        return Money(folded, Meta(source=used, conversion_error=_conversion_error(book, missing)))
    return Money(folded, Meta(source=used, converted_to=book.reporting))


def sorted_currencies(*folds: Folded) -> list[str | None]:
    names = {c for folded in folds for c in folded}
    return sorted(names, key=lambda c: (c is None, c or ""))
