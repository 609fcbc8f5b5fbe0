"""The dashboard service: KPIs, time series, breakdowns and filter options for one user.

Public API (keyword-only, never commits, returns the typed answers of `schemas.py`):

    summary(session, *, user, filters, cache=None) -> Summary
    timeseries(session, *, user, filters, granularity="month", group_by=None, cache=None)
        -> Timeseries
    breakdown(session, *, user, filters, by="company", top=10, metric="volume", cache=None)
        -> Breakdown
    filter_options(session, *, user, filters, cache=None) -> FilterOptions

Build `filters` with `filters.make_filters(...)`. Row-level access comes from `user`
(`User.allowed_companies`): asking for another company raises `Forbidden`, an unknown or
invisible dataset id raises `InvalidInput` (code `unknown_dataset`). Several currencies give one
block per currency in `by_currency` (and null top-level numbers) unless a reporting currency and
FX rates convert them (`converted_to`); a missing rate leaves the numbers unconverted and says
so in `conversion_error`. Pass the app's `cache=cache.for_state(state)` to share answers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from elara.core.errors import InvalidInput
from elara.core.periods import month_end
from elara.dashboard import budget, compute, repository
from elara.dashboard.cache import Cache
from elara.dashboard.compute import Acc, Folded
from elara.dashboard.context import (
    Context,
    Money,
    cached,
    collect,
    collect_many,
    rate_book,
    resolve,
    sorted_currencies,
)
from elara.dashboard.filters import Filters, previous_period
from elara.dashboard.fx import RateBook
from elara.dashboard.query import GRANULARITIES, GROUP_COLUMNS, is_dimension
from elara.dashboard.schemas import (
    Breakdown,
    BreakdownItem,
    Comparison,
    CurrencyBreakdown,
    CurrencySeries,
    CurrencySummary,
    DatasetOption,
    DimensionOption,
    FilterOptions,
    Meta,
    Period,
    Preset,
    SeriesLine,
    Summary,
    Timeseries,
)
from elara.finance.fiscal import presets as make_presets
from elara.models import User


def _effective_period(session: Session, ctx: Context) -> tuple[date, date] | None:
    f = ctx.filters
    if f.date_from and f.date_to:
        return f.date_from, f.date_to
    undated = f.with_dates(None, None)
    extent = ctx.remember(
        "extent:" + undated.key(),
        lambda: repository.month_extent(session, ctx.builder.with_filters(undated)),
    )
    if extent is None:
        return None
    start = f.date_from or min(extent[0], f.date_to or extent[0])
    end = f.date_to or max(month_end(extent[1]), start)
    return start, end


def summary(
    session: Session, *, user: User, filters: Filters, cache: Cache | None = None
) -> Summary:
    """Revenue, expenses, net income, margin and counts, against the previous equal period."""
    ctx = resolve(session, user=user, filters=filters)
    plan = budget.budget_context(session, user=user, ctx=ctx)
    params = "" if plan is None else f"budget={plan.builder.dataset_ids}"
    return cached(
        session, ctx, cache, "summary", params, Summary, lambda: _summary(session, ctx, plan)
    )


def _comparison(period: Period, current: Money, previous: Money) -> Comparison:
    """Comparable only when the previous period has data in as many months as this one."""
    months = len(compute.axis(period.date_from, period.date_to, "month", limit=10_000) or [])
    cur, prev = len(current.months), len(previous.months)
    comparable = prev > 0 and prev >= cur
    note = None
    if prev == 0:
        note = "No comparable data: the previous period holds no data."
    elif not comparable:
        note = f"No comparable data: the previous period has data in {prev} of {months} months."
    return Comparison(
        comparable=comparable,
        months=months,
        current_months_with_data=cur,
        previous_months_with_data=prev,
        note=note,
    )


def _summary(session: Session, ctx: Context, plan: Context | None = None) -> Summary:
    period = _effective_period(session, ctx)
    book = rate_book(session, ctx)
    if period is None:
        empty = Money({}, Meta(source="rollup_monthly", scenario=ctx.scenario))
        return _summary_answer(None, None, empty, empty, None)
    prev = previous_period(*period)
    current_filters = ctx.filters.with_dates(*period)
    prev_filters = ctx.filters.with_dates(*prev)

    def both(book: RateBook | None) -> tuple[Money, Money]:
        current, previous = collect_many(
            session,
            ctx,
            filters=[current_filters, prev_filters],
            key=lambda f: None,
            granularity="month",
            book=book,
        )
        return current, previous

    current, previous = both(book)
    comparison = _comparison(Period(date_from=period[0], date_to=period[1]), current, previous)
    errors = [m.meta.conversion_error for m in (current, previous) if m.meta.conversion_error]
    if errors:
        # Both periods unconverted, so they stay comparable; the error lists what was missing.
        current, previous = both(None)
        missing = [item for error in errors for item in error.missing]
        error = errors[0].model_copy(update={"missing": missing[:50]})
        current.meta = Meta(source="dataset_records", conversion_error=error, scenario=ctx.scenario)
    answer = _summary_answer(period, prev, current, previous, comparison)
    if plan is not None:
        answer.budget = budget.beside(session, plan, period, current, actual_ctx=ctx)
    return answer


def _summary_answer(
    period: tuple[date, date] | None,
    prev: tuple[date, date] | None,
    current: Money,
    previous: Money,
    comparison: Comparison | None,
) -> Summary:
    comparable = comparison is not None and comparison.comparable
    meta = current.meta
    blocks = []
    for currency in sorted_currencies(current.folded, previous.folded):
        cur = current.folded.get(currency, {}).get(None, Acc())
        old = previous.folded.get(currency, {}).get(None, Acc())
        blocks.append(
            CurrencySummary(
                currency=currency,
                current=compute.kpis(cur),
                previous=compute.kpis(old),
                change=compute.change(cur, old) if comparable else None,
            )
        )
    top = blocks[0] if len(blocks) == 1 else None
    if not blocks:
        zero = Acc()
        top = CurrencySummary(
            currency=None,
            current=compute.kpis(zero),
            previous=compute.kpis(zero),
            change=None,
        )
    return Summary(
        **meta.model_dump(exclude={"currency"}),
        currency=top.currency if top else None,
        period=Period(date_from=period[0], date_to=period[1]) if period else None,
        previous_period=Period(date_from=prev[0], date_to=prev[1]) if prev else None,
        comparison=comparison,
        current=top.current if top else None,
        previous=top.previous if top else None,
        change=top.change if top else None,
        by_currency=blocks,
    )


def filter_options(
    session: Session, *, user: User, filters: Filters, cache: Cache | None = None
) -> FilterOptions:
    """What the user may pick: visible datasets and the companies, accounts, categories in them."""
    ctx = resolve(session, user=user, filters=filters)
    return cached(session, ctx, cache, "filters", "", FilterOptions, lambda: _options(session, ctx))


def _options(session: Session, ctx: Context) -> FilterOptions:
    narrowed = ctx.builder.with_filters(
        Filters(
            dataset_ids=ctx.filters.dataset_ids,
            date_from=ctx.filters.date_from,
            date_to=ctx.filters.date_to,
        )
    )
    free = not ctx.scope.restricted  # no company involved: the company-less rollups answer
    extent = repository.month_extent(session, narrowed)
    everything = ctx.remember(
        "extent:" + Filters(dataset_ids=ctx.filters.dataset_ids).key(),
        lambda: repository.month_extent(
            session, ctx.builder.with_filters(Filters(dataset_ids=ctx.filters.dataset_ids))
        ),
    )
    first = last = None
    if extent:
        first = repository.exact_date(
            session, narrowed, month=extent[0], last=False, companyless=free
        )
        last = repository.exact_date(
            session, narrowed, month=extent[1], last=True, companyless=free
        )
    counts = {d.id: d.row_count for d in ctx.datasets}
    if ctx.scope.restricted:  # the user's own rows, not the dataset's
        counts = repository.visible_row_counts(session, ctx.scope, list(counts))
    return FilterOptions(
        datasets=[
            DatasetOption(id=d.id, name=d.name, currency=d.currency, row_count=counts.get(d.id, 0))
            for d in ctx.datasets
        ],
        companies=repository.distinct_values(session, narrowed, "company", kinds=ctx.kinds_ready),
        accounts=repository.distinct_values(session, narrowed, "account", companyless=free),
        categories=[
            c
            for c in repository.distinct_values(session, narrowed, "category", companyless=free)
            if c
        ],
        currencies=repository.distinct_values(session, narrowed, "currency", companyless=free),
        first_date=first,
        last_date=last,
        reporting_currency=ctx.reporting,
        fiscal_year_start=ctx.fiscal_start,
        dimensions=[
            DimensionOption(
                name=name,
                values=repository.dimension_values(
                    session, narrowed, name, limit=DIMENSION_VALUES_SHOWN
                ),
            )
            for name in repository.dimension_names(session, ctx.builder.dataset_ids)
        ],
        presets=[
            Preset(
                key=p.key,
                label=p.label,
                date_from=p.date_from,
                date_to=p.date_to,
                anchored=p.anchored,
                note=p.note,
            )
            for p in make_presets(
                today=date.today(),
                latest=everything[1] if everything else None,
                start_month=ctx.fiscal_start,
            )
        ],
        scenarios=list(ctx.scenarios),
        scenario=ctx.scenario,
    )


METRICS = ("volume", "revenue", "expenses", "net_income")
# an imported dimension's values listed for the pickers (and the assistant) at most
DIMENSION_VALUES_SHOWN = 200
MAX_TOP = 100
MAX_PERIODS = 5000


def _choice(value: str | None, allowed: tuple[str, ...], name: str) -> None:
    if value in GROUP_COLUMNS and value in allowed:
        return
    if allowed is GROUP_COLUMNS and is_dimension(value) and 4 < len(str(value)) <= 132:
        return
    if value not in allowed:
        raise InvalidInput(details=[{"field": name, "message": f"one of {', '.join(allowed)}"}])


def timeseries(
    session: Session,
    *,
    user: User,
    filters: Filters,
    granularity: str = "month",
    group_by: str | None = None,
    cache: Cache | None = None,
    exact: bool = False,
) -> Timeseries:
    """Revenue, expenses, net income and counts per period, optionally one line per group.
    `exact` (the assistant's reads, never the API): each value unrounded, so that a caller
    adding periods up rounds once, as the dashboard's own totals do."""
    _choice(granularity, GRANULARITIES, "granularity")
    if group_by is not None:
        _choice(group_by, GROUP_COLUMNS, "group_by")
    ctx = resolve(session, user=user, filters=filters)
    return cached(
        session,
        ctx,
        cache,
        "timeseries",
        f"{granularity}|{group_by}|{'exact' if exact else 'cents'}",
        Timeseries,
        lambda: _timeseries(session, ctx, granularity, group_by, exact),
    )


def _timeseries(
    session: Session, ctx: Context, granularity: str, group_by: str | None, exact: bool
) -> Timeseries:
    found = collect(
        session,
        ctx,
        filters=ctx.filters,
        key=lambda f: (f.group, compute.bucket(f.period, granularity, ctx.fiscal_start)),
        group=group_by,
        granularity=granularity,
        book=rate_book(session, ctx),
    )
    periods = _axis(ctx.filters, found.folded, granularity, ctx.fiscal_start)
    blocks = [
        CurrencySeries(
            currency=currency, series=_lines(found.folded[currency], periods, group_by, exact)
        )
        for currency in sorted_currencies(found.folded)
    ]
    top = blocks[0] if len(blocks) == 1 else None
    return Timeseries(
        **found.meta.model_dump(exclude={"currency"}),
        currency=top.currency if top else None,
        granularity=granularity,
        group_by=group_by,
        periods=periods,
        series=top.series if top else ([] if not blocks else None),
        by_currency=blocks,
    )


def _axis(filters: Filters, folded: Folded, granularity: str, fiscal_start: int) -> list[date]:
    seen: list[date] = [key[1] for per_key in folded.values() for key in per_key]  # type: ignore[index]
    first = filters.date_from or (min(seen) if seen else None)
    last = filters.date_to or (max(seen) if seen else None)
    if first is None or last is None or (not seen and not (filters.date_from and filters.date_to)):
        return []
    periods = compute.axis(first, last, granularity, limit=MAX_PERIODS, fiscal_start=fiscal_start)
    if periods is None:
        raise InvalidInput(
            f"More than {MAX_PERIODS} periods; choose a coarser granularity or a shorter range.",
            code="too_many_periods",
        )
    return periods


def _lines(
    accs: dict[Any, Acc], periods: list[date], group_by: str | None, exact: bool = False
) -> list[SeriesLine]:
    text = compute.exact_money if exact else compute.money
    keys = sorted({key for key, _ in accs}, key=lambda k: (k is None, k or ""))
    metrics = ("revenue", "expenses", "gross_profit", "operating_income", "net")
    lines = []
    for key in keys:
        cells = [accs.get((key, period)) for period in periods]
        # Each cell's figures once (every figure reads the same per-kind totals).
        figures = [
            dict(zip(metrics, map(text, a.series_figures()), strict=True))
            if a and a.count
            else None
            for a in cells
        ]

        def values(metric: str, figures: list[dict[str, str] | None] = figures) -> list[str | None]:
            return [f[metric] if f else None for f in figures]

        lines.append(
            SeriesLine(
                key=key if group_by else "total",
                revenue=values("revenue"),
                expenses=values("expenses"),
                gross_profit=values("gross_profit"),
                operating_income=values("operating_income"),
                net_income=values("net"),
                record_count=[a.count if a else 0 for a in cells],
                apart=[text(a.apart) if a and a.count else None for a in cells] if exact else None,
            )
        )
    return lines


def breakdown(
    session: Session,
    *,
    user: User,
    filters: Filters,
    by: str = "company",
    top: int = 10,
    metric: str = "volume",
    cache: Cache | None = None,
) -> Breakdown:
    """The top `top` groups by `metric`, the rest summed as `other`."""
    _choice(by, GROUP_COLUMNS, "by")
    _choice(metric, METRICS, "metric")
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(details=[{"field": "top", "message": f"between 1 and {MAX_TOP}"}])
    ctx = resolve(session, user=user, filters=filters)
    return cached(
        session,
        ctx,
        cache,
        "breakdown",
        f"{by}|{top}|{metric}",
        Breakdown,
        lambda: _breakdown(session, ctx, by, top, metric),
    )


def _breakdown(session: Session, ctx: Context, by: str, top: int, metric: str) -> Breakdown:
    found = collect(
        session,
        ctx,
        filters=ctx.filters,
        group=by,
        key=lambda f: f.group,
        book=rate_book(session, ctx),
    )
    one_line = by == "account"  # each group one account: a non-financial line shows its figure
    blocks = [
        _ranked(currency, found.folded[currency], top, metric, one_line=one_line)
        for currency in sorted_currencies(found.folded)
    ]
    one = blocks[0] if len(blocks) == 1 else None
    return Breakdown(
        **found.meta.model_dump(exclude={"currency"}),
        currency=one.currency if one else None,
        by=by,
        metric=metric,
        top=top,
        items=one.items if one else ([] if not blocks else None),
        other=one.other if one else None,
        by_currency=blocks,
    )


def _item(key: str | None, acc: Acc, metric: str, *, one_line: bool = False) -> BreakdownItem:
    return BreakdownItem(
        key=key,
        value=compute.money(acc.metric(metric, one_line=one_line)),
        revenue=compute.money(acc.revenue),
        expenses=compute.money(acc.expenses),
        net_income=compute.money(acc.net),
        unclassified=compute.money(acc.other),
        record_count=acc.count,
    )


def _ranked(
    currency: str | None, accs: dict[Any, Acc], top: int, metric: str, *, one_line: bool = False
) -> CurrencyBreakdown:
    ranked = sorted(
        accs.items(),
        key=lambda kv: (-kv[1].metric(metric, one_line=one_line), kv[0] is None, kv[0] or ""),
    )
    rest = Acc()
    for _, acc in ranked[top:]:
        rest.merge(acc)
    other = _item("Other", rest, metric) if len(ranked) > top else None
    return CurrencyBreakdown(
        currency=currency,
        items=[_item(k, a, metric, one_line=one_line) for k, a in ranked[:top]],
        other=other,
    )
