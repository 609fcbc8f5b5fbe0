"""Budget (and forecast) questions: the same reading of the question, with the figures taken from
the datasets of that scenario — through the dashboard service with `scenario=budget`, exactly as
`GET /api/dashboard/summary?scenario=budget` — and actuals against the budget (actual, budget,
actual - budget, % of budget: the summary's `budget` block). Never a budget added to actuals,
never a budget of a company the user may not see, never a number when none was uploaded."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from elara.assistant import metrics as m
from elara.assistant.analyst import (
    CANNOT,
    Context,
    Reply,
    answer,
    complete,
    metric_of,
    show,
    suggestions,
)
from elara.assistant.figures import Calculator, Figure
from elara.assistant.ledger import Ledger
from elara.assistant.plan import Plan
from elara.assistant.timeframe import Period
from elara.assistant.wording import scope_label
from elara.core.money import round_cents
from elara.core.periods import month_end

# operations that name several companies: the budget is compared per company
_PER_COMPANY = ("compare", "difference", "rank", "rank_change", "which", "mix", "share")
_COST_METRICS = frozenset(("cogs", "opex", "expenses"))


def _holds(ctx: Context, scenario: str, companies: tuple[str, ...]) -> Ledger | None:
    """The user's ledger of `scenario` when its datasets hold every company asked (or any, when
    none is named); None otherwise. Only the user's own datasets are ever looked at."""
    if scenario not in ctx.ledger.visible().scenarios:
        return None
    other = ctx.ledger.of(scenario)
    held = other.visible().companies
    if not held or any(code not in held for code in companies):
        return None
    return other


def scenario_context(plan: Plan, ctx: Context) -> Context | None:
    """The context a budget (forecast) question is answered in: the same user, calendar and
    names, the scenario's ledger, and "no period" meaning every month that scenario holds."""
    scenario = plan.scenario or "budget"
    other = _holds(ctx, scenario, plan.companies)
    if other is None:
        return None
    seen = other.visible()
    first = (seen.first or ctx.calendar.anchor).replace(day=1)
    last = (seen.last or first).replace(day=1)
    everything = Period(first, month_end(last), f"all {scenario} months")
    return replace(ctx, ledger=other, default_period=everything, scenario=scenario)


def no_scenario(plan: Plan, ctx: Context) -> Reply:
    """No budget (forecast) of the scope among the user's datasets: said plainly, no figure.
    Only the user's own companies are named."""
    scenario = plan.scenario or "budget"
    who = scope_label(replace(plan, where=()), ctx.directory)
    text = f"{CANNOT} No {scenario} has been uploaded for {who}."
    if scenario in ctx.ledger.visible().scenarios:
        held = [c for c in ctx.ledger.of(scenario).visible().companies if c in ctx.directory.names]
        if held:
            names = ", ".join(ctx.directory.label(c) for c in held)
            text += f" The {scenario} datasets you can see hold {names}."
    return Reply("cannot", text, suggestions=suggestions(ctx))


def _is_cost(metric: m.MetricDef, ctx: Context) -> bool:
    if metric.name in _COST_METRICS:
        return True
    if metric.name.startswith("account:"):
        account = metric.name.split(":", 1)[1]
        visible = ctx.ledger.visible()
        return visible.kind(account, visible.categories.get(account)) in m.COSTS
    return False


def _verdict(
    actual: Decimal, budget: Decimal, cost: bool, shown: str, percent: bool, word: str
) -> str:
    actual, budget = round_cents(actual), round_cents(budget)  # as shown
    if actual == budget:
        return f"on {word}"
    if percent:
        return f"above {word}" if actual > budget else f"below {word}"
    if cost:
        return f"over {word} by {shown}" if actual > budget else f"under {word} by {shown}"
    return f"above {word} by {shown}" if actual > budget else f"below {word} by {shown}"


def against_budget(plan: Plan, ctx: Context) -> Reply:
    """Actual, budget, actual - budget and actual as % of the budget's magnitude, per metric
    and per company (or for the scope added together), for one period — each figure what the
    dashboard summary's `budget` block gives for the same filters."""
    word = plan.scenario if plan.scenario in ("budget", "forecast") else "budget"
    plan = replace(plan, scenario=word)
    visible = ctx.ledger.visible()
    # "salaries vs budget by department", "which department was furthest over budget": each
    # value of the dimension, over the companies asked (the dimension's values side by side)
    by = plan.by if plan.by in visible.dimensions else None
    per_company = by is None and (plan.op in _PER_COMPANY or len(plan.companies) > 1)
    if plan.periods and plan.period is None:
        plan = replace(plan, period=plan.periods[1])
    plan = complete(replace(plan, op="compare" if per_company else "value", periods=None), ctx)
    if not per_company:
        plan = replace(plan, op="value")
    period = plan.period
    assert period is not None  # nosec B101
    budget = _holds(ctx, word, plan.companies)
    if budget is None:
        return no_scenario(plan, ctx)
    planned = budget.visible()
    where = tuple(plan.where)
    targets: list[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]]
    if by is not None:
        kept = tuple(pair for pair in where if pair[0] != by)
        chosen = [v for n, v in where if n == by] or list(visible.dimensions[by])
        targets = [(f"{by} {v}", plan.companies, (*kept, (by, v))) for v in chosen]
    elif per_company:
        codes = plan.companies or tuple(c for c in visible.companies if c in ctx.directory.names)
        targets = [(ctx.directory.label(c), (c,), where) for c in codes]
    else:
        targets = [("", plan.companies, where)]
    kinds = visible.all_kinds()
    budget_kinds = planned.all_kinds()
    actual_currencies = ctx.ledger.book(None).currencies()
    budget_currencies = budget.book(None).currencies()
    currencies = [c for c in actual_currencies if c in budget_currencies]
    label = scope_label(plan, ctx.directory)
    if not currencies:
        text = (
            f"{CANNOT} The {word} you can see for {label} is in "
            f"{', '.join(c or 'no currency' for c in budget_currencies)} and the actuals in "
            f"{', '.join(c or 'no currency' for c in actual_currencies)}; amounts in different "
            "currencies are never compared."
        )
        return Reply("cannot", text, suggestions=suggestions(ctx))
    names = (plan.metric or "revenue", *plan.also)
    several = len(names) > 1
    lines: list[str] = []
    figures: list[Figure] = []
    budgeted = noted = False
    for name in names:
        metric = metric_of(replace(plan, metric=name, denominator=plan.denominator))
        cost = _is_cost(metric, ctx)
        lines.append(f"{metric.label} of {label} against {word} in {period.describe()}:")
        for currency in currencies:
            tag = f" ({currency})" if len(currencies) > 1 else ""
            for who, companies, sliced in targets:
                actual_calc = Calculator(ctx.ledger, kinds, currency, sliced)
                budget_calc = Calculator(budget, budget_kinds, currency, sliced)
                head = f"{who}{tag}: " if who or tag else ""
                if not budget_calc.has_data(companies, period):
                    lines.append(f"• {head}no {word} uploaded for {period.describe()}")
                    continue
                if not actual_calc.has_data(companies, period):
                    lines.append(f"• {head}no actuals in {period.describe()}")
                    continue
                budgeted = True
                missing = (
                    []
                    if per_company
                    else _unbudgeted(ctx, actual_calc, budget_calc, companies, period)
                )
                if missing:  # like for like, as the dashboard: the budgeted companies only
                    codes = companies or tuple(ctx.ledger.visible().companies)
                    companies = tuple(c for c in codes if c not in missing)
                lines += _block(
                    metric, cost, actual_calc, budget_calc, companies, period, currency, head, word
                )
                if missing and not noted:  # said once, under the first metric
                    lines += _unbudgeted_note(ctx, missing, period, word)
                    noted = True
                figures += _figures(
                    metric,
                    actual_calc.value(metric, companies, period),
                    budget_calc.value(metric, companies, period),
                    who,
                    currency if len(currencies) > 1 else None,
                    metric.label if several else None,
                    word,
                )
        lines.append("")
    if not budgeted:
        text = (
            f"{CANNOT} No {word} has been uploaded for {label} in {period.describe()} "
            "(or there are no actuals to set beside it)."
        )
        return Reply("cannot", text, suggestions=suggestions(ctx))
    definitions = [metric_of(replace(plan, metric=n)) for n in names]
    shown = m.MetricDef(
        ",".join(d.name for d in definitions),
        " and ".join(d.label for d in definitions) + f" against {word}",
        "; ".join(f"{d.label} = {d.definition}" for d in definitions),
        False,
    )
    lines.append(
        f"Variance = actual - {word}; % of {word} = actual ÷ the {word}'s magnitude. The {word} "
        f"is read from the {word} datasets (the dashboard's {word.capitalize()} scenario), never "
        "added to the actuals."
    )
    return answer(
        plan,
        lines,
        metric=shown,
        label=label,
        figures=figures,
        currency=currencies[0] if len(currencies) == 1 else None,
        span=(period.start, period.end),
        scenario=None,  # actuals, with the budget beside them: the summary's budget block
        definition=(
            f"{shown.definition}; variance = actual - {word}; % of {word} = actual ÷ |{word}|"
        ),
    )


def _block(
    metric: m.MetricDef,
    cost: bool,
    actual_calc: Calculator,
    budget_calc: Calculator,
    companies: tuple[str, ...],
    period: Period,
    currency: str | None,
    head: str,
    word: str,
) -> list[str]:
    actual = actual_calc.value(metric, companies, period)
    budget = budget_calc.value(metric, companies, period)
    if actual is None or budget is None:
        return [f"• {head}actual {show(actual, metric.percent, currency)}, {word} "
                f"{show(budget, metric.percent, currency)}"]  # fmt: skip
    variance = actual - budget
    gap = show(abs(variance), False, currency, points=metric.percent)
    verdict = _verdict(actual, budget, cost, gap, metric.percent, word)
    out = [
        f"• {head}Actual: {show(actual, metric.percent, currency)}",
        f"• {head}{word.capitalize()}: {show(budget, metric.percent, currency)}",
        f"• {head}Variance (actual - {word}): "
        f"{show(variance, False, currency, points=metric.percent)}",
    ]
    if not metric.percent:
        reached = _percent_of(actual, budget)
        out.append(f"• {head}% of {word}: {show(reached, True, None)}")
    out.append(f"• {head}{verdict[:1].upper()}{verdict[1:]}.")
    return out


def _unbudgeted(
    ctx: Context,
    actual_calc: Calculator,
    budget_calc: Calculator,
    companies: tuple[str, ...],
    period: Period,
) -> list[str]:
    """Companies of the scope with actuals but no budget in the period: left out of the
    comparison (as in the dashboard's budget block), so actuals and budget are like for like."""
    codes = companies or tuple(c for c in ctx.ledger.visible().companies)
    return [
        c
        for c in codes
        if c in ctx.directory.names
        and actual_calc.has_data((c,), period)
        and not budget_calc.has_data((c,), period)
    ]


def _unbudgeted_note(ctx: Context, missing: list[str], period: Period, word: str) -> list[str]:
    names = ", ".join(ctx.directory.label(c) for c in missing)
    return [
        f"• Note: no {word} has been uploaded for {names} in {period.describe()}; "
        f"{'its' if len(missing) == 1 else 'their'} actuals are left out of the actual figures "
        f"above (as on the dashboard), so actuals and {word} compare the same companies — ask "
        f"“{word} variance by company” to see each company."
    ]


def _percent_of(actual: Decimal, budget: Decimal) -> Decimal | None:
    """Actual as a percentage of the budget's magnitude (the dashboard's `percent_of_budget`);
    None when the budget is 0."""
    return None if budget == 0 else actual * 100 / abs(budget)


def _figures(
    metric: m.MetricDef,
    actual: Decimal | None,
    budget: Decimal | None,
    who: str,
    currency: str | None,
    label: str | None,
    word: str = "budget",
) -> list[Figure]:
    pct = metric.percent
    lead = f"{who}: " if who else ""
    variance = None if actual is None or budget is None else actual - budget
    out = [
        Figure("actual", f"{lead}Actual", actual, pct, currency=currency, metric=label),
        Figure(word, f"{lead}{word.capitalize()}", budget, pct, currency=currency, metric=label),
        Figure(
            "variance",
            f"{lead}Variance (actual - {word})",
            variance,
            pct,
            points=pct,
            currency=currency,
            metric=label,
        ),
    ]
    if not pct:
        reached = None if actual is None or budget is None else _percent_of(actual, budget)
        out.append(Figure(f"percent_of_{word}", f"{lead}% of {word}", reached, True, metric=label))
    return out
