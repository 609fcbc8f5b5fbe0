"""Budget beside actuals: the budget datasets' KPIs for the period and filters of an actual
summary, with the variance and the percentage of budget reached, per currency.

The budget is read as its own question (`scenario=budget`, the same filters but no dataset
ids, the actual summary's period) through the same context, so it follows the same scope,
rollups and conversion; it is never added to the actuals, only set beside them.

Like for like: when some companies in scope hold actuals for the period but no budget, the
variance and the % of budget compare the budget with the actuals of the budgeted companies
only (a partial budget against every company's actuals would overstate what was reached);
`coverage` says so, naming the companies left out. A budgeted company without actuals stays
in the budget: nothing reached is a real shortfall.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from elara.core.scenarios import Scenario
from elara.dashboard import compute
from elara.dashboard.compute import Acc
from elara.dashboard.context import Context, Money, collect_many, rate_book, resolve
from elara.dashboard.schemas import BudgetBlock, BudgetCoverage
from elara.models import User

# Figure -> the Acc property holding it.
FIGURES = {
    "revenue": "revenue",
    "gross_profit": "gross_profit",
    "operating_income": "operating_income",
    "expenses": "expenses",
    "net_income": "net",
}


def budget_context(session: Session, *, user: User, ctx: Context) -> Context | None:
    """The budget question beside an actual one (all of the user's budget datasets), or None
    when the question is not about actuals, names datasets, or no budget is stored."""
    if ctx.scenario != Scenario.actual or ctx.filters.dataset_ids:
        return None
    filters = replace(ctx.filters, scenario=Scenario.budget.value)
    budget = resolve(session, user=user, filters=filters)
    return budget if budget.builder.dataset_ids else None


def _companies(session: Session, ctx: Context, period: tuple[date, date]) -> set[str]:
    """The companies holding records of this question in the period (any currency)."""
    (found,) = collect_many(
        session,
        ctx,
        filters=[ctx.filters.with_dates(*period)],
        key=lambda f: f.group,
        group="company",
        granularity="month",
        book=None,
    )
    return {
        str(company)
        for by_company in found.folded.values()
        for company, acc in by_company.items()
        if company is not None and acc.count
    }


def _like_for_like(
    session: Session,
    *,
    budget: Context,
    actual_ctx: Context,
    period: tuple[date, date],
    actual: Money,
) -> tuple[Money, BudgetCoverage]:
    """The actuals to compare with the budget, and which companies the budget covers."""
    with_actuals = _companies(session, actual_ctx, period)
    budgeted = _companies(session, budget, period)
    covered = with_actuals & budgeted
    left_out = sorted(with_actuals - budgeted)
    coverage = BudgetCoverage(
        companies=len(with_actuals),
        budgeted=len(covered),
        without_budget=left_out[:50],
        partial=bool(left_out),
    )
    if not left_out or not covered:
        return actual, coverage
    (compared,) = collect_many(
        session,
        actual_ctx,
        filters=[replace(actual_ctx.filters, companies=tuple(sorted(covered))).with_dates(*period)],
        key=lambda f: None,
        granularity="month",
        book=rate_book(session, actual_ctx),
    )
    return compared, coverage


def beside(
    session: Session,
    budget: Context,
    period: tuple[date, date] | None,
    actual: Money,
    *,
    actual_ctx: Context,
) -> list[BudgetBlock]:
    """One block per currency both hold: the budget's KPIs, actual - budget, % of budget,
    over the companies the budget covers (see the module's docstring)."""
    if period is None:
        return []
    start, end = period
    (planned,) = collect_many(
        session,
        budget,
        filters=[budget.filters.with_dates(start, end)],
        key=lambda f: None,
        granularity="month",
        book=rate_book(session, budget),
    )
    if planned.meta.conversion_error is not None or actual.meta.conversion_error is not None:
        return []
    actual, coverage = _like_for_like(
        session, budget=budget, actual_ctx=actual_ctx, period=period, actual=actual
    )
    if actual.meta.conversion_error is not None:
        return []
    blocks = []
    for currency in sorted(set(actual.folded) & set(planned.folded), key=lambda c: c or ""):
        done = actual.folded[currency].get(None, Acc())
        plan = planned.folded[currency].get(None, Acc())
        reached = {
            name: compute.percent(getattr(done, held), abs(getattr(plan, held)))
            for name, held in FIGURES.items()
        }
        blocks.append(
            BudgetBlock(
                currency=currency,
                budget=compute.kpis(plan),
                variance=compute.change(done, plan),
                percent_of_budget=reached,
                coverage=coverage,
            )
        )
    return blocks
