"""The built-in analyst: a question (and the conversation so far) → a plan → figures → a reply
that shows its scope, period, metric definition and figures, or asks back, or says plainly that
the data cannot answer it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Literal, cast

from elara.assistant import metrics as m
from elara.assistant.balances import Measure, asked_day, balance_reply, ranked
from elara.assistant.cashflow import MONEY_IN, MONEY_OUT, cash_reply
from elara.assistant.figures import SUMMARY, Calculator, Figure, compute, share_whole
from elara.assistant.ledger import Ledger
from elara.assistant.plan import (
    MULTI_OPS,
    Plan,
    follow,
    has_subject,
    is_followup,
    standalone,
    top_n,
)
from elara.assistant.reading import STOP, Reading, is_below, read
from elara.assistant.scope import Directory, norm
from elara.assistant.timeframe import Calendar, Period, anchor_month
from elara.core.money import grouped_text
from elara.core.periods import month_end, months_between
from elara.finance.kinds import AccountKind

CANNOT = "I can't answer that from your data."
WHAT_I_CAN = (
    "Your data holds amounts per company, account and month, so I can answer questions about "
    "revenue, cost of sales, gross profit and margin, operating expenses, EBITDA, operating and "
    "net income and margins, any single account, rankings, changes, shares and ratios."
)


@dataclass
class Reply:
    kind: Literal["answer", "ask", "cannot"]
    text: str
    plan: Plan | None = None
    metric: m.MetricDef | None = None
    scope: list[str] = field(default_factory=list)
    scope_label: str = ""
    figures: list[Figure] = field(default_factory=list)
    currency: str | None = None
    candidates: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    definition: str = ""

    @property
    def period(self) -> Period | None:
        return self.plan.period if self.plan else None


@dataclass(frozen=True)
class Context:
    """Everything a question is read against, for one user."""

    ledger: Ledger
    directory: Directory
    calendar: Calendar
    default_period: Period
    scenario: str | None = None  # the datasets the ledger reads: budget, forecast (None: actual)
    today: date | None = None  # a balance asked with no date is the latest on or before it


def context(ledger: Ledger, *, names: dict[str, str], today: date, fiscal_start: int) -> Context:
    visible = ledger.visible()
    directory = Directory({code: names.get(code) or code for code in visible.companies})
    anchor = anchor_month(visible.last, today)
    first = (visible.first or anchor).replace(day=1)
    everything = Period(first, month_end(anchor), "all months with data")
    return Context(ledger, directory, Calendar(anchor, fiscal_start), everything, today=today)


def ask(question: str, ctx: Context, state: dict[str, Any] | None) -> tuple[Reply, dict[str, Any]]:
    """Answer one turn; returns the reply and the conversation state to keep."""
    state = dict(state or {})
    visible = ctx.ledger.visible()
    reading = read(
        question,
        directory=ctx.directory,
        accounts=visible.categories,
        cal=ctx.calendar,
        dimensions=visible.dimensions,
        kinds=visible.kinds,
    )
    codes = reading.companies.codes
    if (cal := _companies_calendar(codes, reading.periods, ctx)) is not None:
        # "last month" of a company whose data ends before everyone's: its own latest month
        reading = read(
            question,
            directory=ctx.directory,
            accounts=visible.categories,
            cal=cal,
            dimensions=visible.dimensions,
            kinds=visible.kinds,
        )
        ctx = replace(ctx, calendar=cal)
    previous = Plan.from_state(state["plan"]) if state.get("plan") else None
    pending = Plan.from_state(state["pending"]) if state.get("pending") else None
    if pending is not None and not reading.metrics and not reading.periods:
        # only a name (or "yes") answers the question asked back; anything more is a new question
        chosen = _choice(reading, state.get("candidates") or [], ctx.directory)
        if chosen:
            return _run(replace(pending, companies=pending.companies + chosen), ctx, {})
    if reading.scenario == "forecast" and "forecast" not in visible.scenarios:
        return _cannot(ctx, "forecast"), _keep(state)  # no forecast dataset: nothing to read
    if reading.cannot or reading.future:
        return _cannot(ctx, reading.cannot), _keep(state)
    if SEASONAL.search(reading.text):
        return _seasonal(ctx), _keep(state)
    if reading.days:
        return _whole_months(reading.days, ctx), _keep(state)
    if reading.unread_period:
        return _unread_period(reading.unread_period, ctx), _keep(state)
    line = unknown_line(reading)
    if line is not None:
        return _no_such_line(line, ctx), _keep(state)
    found = reading.companies
    if found.ask is not None or found.unknown:
        plan = _plan(reading, previous, ctx)
        return _ask_back(reading, ctx), {
            **_keep(state),
            "pending": plan.to_state() if plan and plan.metric else None,
            "candidates": found.ask or [],
        }
    if reading.left_out:
        return _not_left_out(reading.left_out, ctx), _keep(state)
    if reading.cash is not None:
        account = MONEY_OUT if reading.cash == "out" else MONEY_IN
        said = replace(reading, metrics=[f"account:{account}"], metric_at=[0])
        plan = standalone(said, ctx.calendar, ctx.default_period)
        return cash_reply(reading.cash, plan, ctx), _keep(state)
    measure = reading.balance or _balance_followup(reading, state)
    if measure is not None:
        return _balance(measure, reading, state, ctx)
    plan = _plan(reading, previous, ctx)
    if plan is None or (plan.metric is None and plan.op != "why"):
        return _cannot(ctx, None), _keep(state)
    return _run(plan, ctx, state)


def _balance_followup(reading: Reading, state: dict[str, Any]) -> Measure | None:
    """ "and at the end of June?" after a balance: the same balance at another date."""
    asked = state.get("balance")
    if not asked or reading.metrics or reading.cash or not reading.periods:
        return None
    return cast("Measure", asked["measure"])


def _balance(
    measure: Measure, reading: Reading, state: dict[str, Any], ctx: Context
) -> tuple[Reply, dict[str, Any]]:
    """A balance at a date: the day written, else the end of the period said, else today."""
    keep = {"balance": state.get("balance")}
    if len(reading.periods) > 1:  # "at the end of June vs 2024": not one balance
        text = (
            f"{CANNOT} A balance is a position at one date, and I give one date at a time: ask "
            "for each date (“total assets at 30 June 2026”, then “and at 31 December 2025?”)."
        )
        return Reply("cannot", text, suggestions=suggestions(ctx)), keep
    codes = tuple(reading.companies.codes)
    if not codes and not reading.balance and state.get("balance"):
        codes = tuple(state["balance"]["companies"])  # a follow-up keeps the companies
    at = asked_day(reading.text)
    if at is None and reading.periods:
        at = reading.periods[-1].end
    at = at or ctx.today or ctx.default_period.end
    rank, lowest = ranked(reading.text)
    top = top_n(reading.text)
    if not reading.balance and state.get("balance"):  # a follow-up ranks as before
        rank, lowest, top = (state["balance"].get(k) for k in ("rank", "lowest", "top"))
    rank = bool(rank) and len(codes) != 1  # one company named: its balance, not a ranking
    plan = Plan(op="balance", metric=f"balance:{measure}", companies=codes)
    reply = balance_reply(measure, plan, at, ctx, rank=rank, lowest=bool(lowest), top=top)
    kept = {"measure": measure, "companies": list(codes), "rank": rank, "lowest": lowest}
    return reply, {"balance": {**kept, "top": top}}


# "is there seasonality in revenue", "is our business cyclical": a judgement over the years, not
# a stored number (never answered with one period's total)
SEASONAL = re.compile(r"\b(seasonal\w*|seasonality|cyclical\w*|cyclicality)\b")


def _seasonal(ctx: Context) -> Reply:
    text = (
        f"{CANNOT} Whether a business is seasonal is a judgement over several years that I don't "
        "make. I can show a metric by month or by quarter, or its best and worst months, for you "
        "to see the pattern (for example “revenue by month in 2025”)."
    )
    return Reply("cannot", text, suggestions=suggestions(ctx))


def _not_left_out(phrase: str, ctx: Context) -> Reply:
    """ "expenses excluding payroll": only companies can be left out of a total; anything else
    is declined rather than answered with it left in."""
    text = (
        f"{CANNOT} I can only leave companies out of a total (“revenue of all companies except "
        f"Globex”), so I can't answer with “{phrase}” taken out. Ask for the total and the part "
        "separately."
    )
    return Reply("cannot", text, suggestions=suggestions(ctx))


def _companies_calendar(codes: list[str], periods: list[Period], ctx: Context) -> Calendar | None:
    """The calendar anchored at the latest month of the named companies' data, when the
    periods read with the user's calendar hold none of their data and it ends before that
    calendar's anchor ("last month" of a company whose books end in October); None: keep."""
    months = {
        month
        for book in (ctx.ledger.book(code) for code in codes)
        for by_month in book.by_currency.values()
        for month, _ in by_month
    }
    if not months or not periods or max(months) >= ctx.calendar.anchor:
        return None
    if any(p.start <= month <= p.end for p in periods for month in months):
        return None  # the question's period has their data: it stands as read
    return replace(ctx.calendar, anchor=max(months))


_LINE_AFTER = re.compile(
    r"\b(?:spend|spent|spending|pay|paid|paying|costs? of|costs? for|expenses? (?:on|for)|"
    r"expenditure on|outlay on)\s+(?:on\s+|for\s+)?(?:the\s+|our\s+|my\s+)?"
    r"((?:[a-z][a-z&]*\s+){0,2}[a-z][a-z&]*)"
)
_LINE_END = frozenset(
    re.findall(
        r"\S+",
        "in during over since from at for by last this per each so until to between and or vs "
        "versus compared year years month months quarter quarters ytd total overall all "
        "consolidated cumulative actual actuals reported recurring typical current recent "
        "latest whole entire full main major key primary biggest largest top",
    )
)


def unknown_line(reading: Reading) -> str | None:
    """ "how much did we spend on travel", "travel expenses in 2025" when no account is called
    so: the line asked for (None when the question names an account or asks something else).
    Read from what is left once periods, metrics and companies are cut out, so "spend on
    marketing" (an account) and "spend at Acme Corp" (a company) are not lines."""
    rest, found = reading.rest, reading.companies
    if found.ask is not None or has_subject(reading.text):
        return None  # a company asked back, or "main spending categories" (the cost accounts)
    for at, name in zip(reading.metric_at, reading.metrics, strict=False):
        # "travel expenses": a word nothing else took, right before "expenses" / "costs"
        if name == "expenses":
            before = rest[:at].split()
            if before and _unknown_word(before[-1]):
                return before[-1]
    if reading.metrics:
        return None
    match = _LINE_AFTER.search(rest)
    if not match:
        return None
    words = []
    for word in match.group(1).split():
        if not _unknown_word(word):
            break
        words.append(word)
    return " ".join(words) or None


def _unknown_word(word: str) -> bool:
    return word.isalpha() and word not in _LINE_END and word not in STOP


def _no_such_line(line: str, ctx: Context) -> Reply:
    """A cost line the user's accounts don't have: say so, and name the closest cost accounts
    the user can see ("did you mean …"), never a figure for something else."""
    visible = ctx.ledger.visible()
    costs = sorted(a for a, c in visible.categories.items() if visible.kind(a, c) in m.COSTS)
    closest = closest_accounts(line, costs)
    text = f"{CANNOT} None of the accounts you can see is called “{line}”."
    if closest:
        text += " Did you mean " + _listed_or(closest) + "?"
    if costs:
        more = f" and {len(costs) - 12} more" if len(costs) > 12 else ""
        text += " Your cost accounts: " + ", ".join(costs[:12]) + more + "."
    asks = [f"How much did we spend on {a} last year?" for a in closest[:2]]
    return Reply("cannot", text, suggestions=asks + suggestions(ctx)[:2])


def closest_accounts(line: str, accounts: list[str], limit: int = 3) -> list[str]:
    """The accounts whose names look most like the words asked for (shared words first, then
    spelling), at most `limit`; none when nothing is alike."""
    from difflib import SequenceMatcher

    asked = norm(line).split()

    def score(account: str) -> float:
        words = norm(account).split()
        best = max((SequenceMatcher(None, a, w).ratio() for a in asked for w in words), default=0.0)
        whole = SequenceMatcher(None, " ".join(asked), " ".join(words)).ratio()
        return max(best, whole)

    scored = sorted(((score(a), a) for a in accounts), key=lambda sa: (-sa[0], sa[1]))
    return [a for s, a in scored if s >= 0.6][:limit]


def _listed_or(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def _keep(state: dict[str, Any]) -> dict[str, Any]:
    return {"plan": state.get("plan")}


ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "last": -1}


def _choice(reading: Reading, candidates: list[str], directory: Directory) -> tuple[str, ...]:
    """The candidate(s) a short reply to an ask-back names: by name or code, by a word of its
    name ("the retail one"), by position ("the second") or "yes" when there was one."""
    codes = tuple(c for c in reading.companies.codes if c in candidates)
    if codes:
        return codes
    words = reading.text.split()
    if len(candidates) == 1 and words and words[0] in ("yes", "yeah", "yep", "correct", "right"):
        return (candidates[0],)
    named = [c for c in candidates if set(norm(directory.names.get(c, c)).split()[1:]) & set(words)]
    if len(named) == 1:
        return (named[0],)
    position = next((ORDINALS[w] for w in words if w in ORDINALS), None)
    if position is not None and -len(candidates) <= position < len(candidates):
        return (candidates[position],)
    return ()


def _plan(reading: Reading, previous: Plan | None, ctx: Context) -> Plan | None:
    if previous is not None and is_followup(reading, previous):
        plan = follow(reading, previous, ctx.calendar)
        if reading.scenario:
            plan = replace(plan, scenario=reading.scenario, versus=reading.versus)
        return plan
    if reading.versus and not reading.metrics:
        # "how far are we from budget": the summary's budget figures
        plan = standalone(reading, ctx.calendar, ctx.default_period)
        plan = replace(plan, metric=VERSUS_METRICS[0], also=VERSUS_METRICS[1:])
    elif not reading.metrics and not has_subject(reading.text):
        return None  # "why?" with nothing before it, or no metric at all
    else:
        plan = standalone(reading, ctx.calendar, ctx.default_period)
    if reading.scenario:
        plan = replace(plan, scenario=reading.scenario, versus=reading.versus)
        if not reading.periods and plan.periods is None:
            # no period said: against the budget, the year to date; a budget alone, all of it
            plan = replace(plan, period=ctx.calendar.ytd() if reading.versus else None)
    return plan


# "how far are we from budget" without a metric: the dashboard summary's budget figures
VERSUS_METRICS = ("revenue", "gross_profit", "operating_income", "expenses", "net_income")


PAIR_OPS = ("change", "which_grew", "rank_change", "why", "account_change")


def _ratio_ok(plan: Plan) -> bool:
    """Two money metrics (a ratio of a percentage is not one)."""
    names = (plan.metric, plan.denominator)
    return all(n is not None and not m.lookup(n).percent for n in names)


def complete(plan: Plan, ctx: Context) -> Plan:
    """Fill what an operation needs but the words did not say (a follow-up may change the
    operation without naming a period): one period, or two to compare, and enough companies."""
    if plan.op in PAIR_OPS and not plan.periods:
        later = plan.period or ctx.default_period
        span = months_between(later.start, later.end)
        plan = replace(
            plan, periods=(later.shifted(-min(span, 12) if span >= 12 else -span), later)
        )
    if plan.op not in PAIR_OPS and plan.period is None:
        plan = replace(plan, period=plan.periods[1] if plan.periods else ctx.default_period)
    if plan.denominator and not _ratio_ok(plan):
        plan = replace(plan, op="value" if plan.op == "ratio" else plan.op, denominator=None)
    if (plan.op == "ratio" and not plan.denominator) or (
        plan.op == "share" and not plan.companies and not plan.where
    ):
        plan = replace(plan, op="value", denominator=None)
    if plan.op in ("compare", "difference") and len(plan.companies) < 2 and not plan.by:
        plan = replace(plan, op="value")
    if plan.metric is None and plan.op != "why":
        plan = replace(plan, metric="revenue")
    return plan


def _cannot(ctx: Context, topic: str | None) -> Reply:
    about = f" It has no {topic} data." if topic else ""
    return Reply(
        "cannot",
        f"{CANNOT}{about} {WHAT_I_CAN}",
        suggestions=suggestions(ctx),
    )


def _whole_months(span: str, ctx: Context) -> Reply:
    """ "the past 90 days": the data is monthly, so ask back with the nearest whole months
    rather than answer for a different span."""
    count = re.search(r"\d+", span)
    days = int(count.group()) * (7 if "week" in span else 1) if count else 1
    months = max(1, round(days / 30))
    label = f"{ctx.calendar.anchor:%B %Y}" if months == 1 else f"the last {months} months"
    nearest = ctx.calendar.months_back(months, label)
    text = (
        f"Your data is by month, so I can't answer for “{span}” exactly. Did you mean "
        f"{nearest.describe()}? Ask again with that period."
    )
    return Reply("ask", text, suggestions=suggestions(ctx))


def _unread_period(span: str, ctx: Context) -> Reply:
    """A relative period the reader cannot place: asked back rather than answered for every
    month with data."""
    latest = ctx.calendar.last_quarter()
    text = (
        f"I can't tell which months “{span}” means, so I won't answer for a different period. "
        f"Name it as a month, quarter, half or year (for example “{latest.label}” or “the last "
        f"6 months”) and ask again."
    )
    return Reply("ask", text, suggestions=suggestions(ctx))


def _ask_back(reading: Reading, ctx: Context) -> Reply:
    found = reading.companies
    if found.ask:
        names = [ctx.directory.label(c) for c in found.ask]
        if len(names) == 1:
            text = f"Did you mean {names[0]}? Say “yes” or name the company."
        else:
            text = "Which company do you mean: " + ", ".join(names[:-1]) + f" or {names[-1]}?"
        return Reply("ask", text, candidates=list(found.ask))
    unknown = ", ".join(f"“{u}”" for u in found.unknown)
    names = [ctx.directory.label(c) for c in ctx.directory.names]
    text = (
        f"I can't find a company called {unknown} among the companies you can see, so I won't "
        f"answer for a different one. You can ask about: {', '.join(names)}."
    )
    return Reply("ask", text, suggestions=suggestions(ctx))


def suggestions(ctx: Context) -> list[str]:
    """Example questions built only from what the user may see."""
    codes = list(ctx.directory.names)
    year = ctx.calendar.last_year().label
    out = [
        f"Top 3 companies by gross profit in {year}",
        "Which companies made a loss last quarter?",
    ]
    if codes:
        name = ctx.directory.names[codes[0]]
        out.insert(0, f"What was {name}'s EBITDA margin in {year}?")
        out.append(f"How did {name}'s revenue change from {int(year) - 1} to {year}?")
    return out


# What the assistant declines, by plan op: why, and what to ask instead.
_DECLINED = {
    "mom_unranked": (
        f"{CANNOT} I can give month-over-month changes for one scope (a company, several "
        "added together, or all you can see), or its months ranked by that change, but I "
        "don't rank companies or dimension values by a month-over-month change. Ask for "
        "one company's month-over-month change, or compare companies over two periods."
    ),
    "periods_apart": (
        f"{CANNOT} I add up periods that follow one another (“2024 and 2025 combined”), "
        "but not periods with a gap between them. Ask for each period on its own, or for "
        "the whole span from the first to the last."
    ),
    "outside_range": (
        f"{CANNOT} I can list the companies (or values) whose figure is between two limits, "
        "below the lower one or above the upper one, but not both sides at once. Ask for "
        "those below the lower limit, then those above the upper one."
    ),
    "growth_versus": (
        f"{CANNOT} I can give each company's change in one metric between two periods, "
        "in money or in percent, but I don't compare the growth of one metric with "
        "another's. Ask for each metric's growth by company (for example “opex growth % by "
        "company from 2024 to 2025”, then the same for revenue)."
    ),
}


def _run(plan: Plan, ctx: Context, state: dict[str, Any]) -> tuple[Reply, dict[str, Any]]:
    if (why := _DECLINED.get(plan.op)) is not None:
        return Reply("cannot", why, suggestions=suggestions(ctx)), {"plan": plan.to_state()}
    if plan.versus and ctx.scenario is None:
        from elara.assistant.budget import against_budget

        return against_budget(plan, ctx), {"plan": plan.to_state()}
    if plan.scenario and ctx.scenario is None:
        return _run_scenario(plan, ctx, state)
    if plan.also and plan.op in MULTI_OPS and not plan.denominator:
        return _run_several(plan, ctx, state)
    visible = ctx.ledger.visible()
    if any(code not in ctx.directory.names for code in plan.companies):
        # a follow-up about a company the user may no longer see (access changed mid-way)
        text = "I can't find that company among the companies you can see."
        return Reply("ask", text, suggestions=suggestions(ctx)), {}
    kinds = visible.all_kinds()
    currencies = ctx.ledger.book(None).currencies()
    plan = complete(plan, ctx)
    if (blocked := _no_statement_lines(plan, ctx, kinds)) is not None:
        return blocked, {"plan": plan.to_state()}
    figures: list[Figure] = []
    for currency in currencies or [None]:
        calc = Calculator(ctx.ledger, kinds, currency, plan.where)
        empty = _without_data(plan, calc, ctx)
        if empty is not None:
            if len(currencies) <= 1:
                return empty, {"plan": plan.to_state()}
            continue  # this currency has nothing for the scope and period
        found = compute(plan, calc, visible.companies, visible.dimensions)
        # several currencies are never added together: one group of figures per currency
        figures += [replace(f, currency=currency) for f in found] if len(currencies) > 1 else found
    if not figures and len(currencies) > 1:
        return _without_data(
            plan, Calculator(ctx.ledger, kinds, currencies[0], plan.where), ctx
        ) or Reply("cannot", CANNOT), {"plan": plan.to_state()}
    single = currencies[0] if len(currencies) == 1 else None
    return describe(plan, figures, ctx, single), {"plan": plan.to_state()}


def _run_scenario(plan: Plan, ctx: Context, state: dict[str, Any]) -> tuple[Reply, dict[str, Any]]:
    """ "the budget for revenue in Q3 2025": the same question asked of the budget (forecast)
    datasets — the dashboard's `scenario=budget` — never added to the actuals."""
    from elara.assistant.budget import no_scenario, scenario_context

    sub = scenario_context(plan, ctx)
    if sub is None:
        return no_scenario(plan, ctx), {"plan": plan.to_state()}
    return _run(plan, sub, state)


def _run_several(plan: Plan, ctx: Context, state: dict[str, Any]) -> tuple[Reply, dict[str, Any]]:
    """ "revenue, COGS and gross profit for Q3": each metric answered on its own, with the same
    operation, scope, period and filters, in the order asked — one reply listing them all."""
    replies = []
    for name in (plan.metric, *plan.also):
        reply, _ = _run(replace(plan, metric=name, also=()), ctx, state)
        if reply.kind != "answer":
            return reply, {"plan": plan.to_state()}
        replies.append(reply)
    first = replies[0]
    assert first.plan is not None  # nosec B101
    metrics = [r.metric for r in replies if r.metric is not None]
    combined = m.MetricDef(
        ",".join(x.name for x in metrics),
        _listed([x.label for x in metrics]),
        "; ".join(f"{x.label} = {x.definition}" for x in metrics),
        False,
    )
    figures = [
        replace(f, metric=r.metric.label if r.metric else None) for r in replies for f in r.figures
    ]
    kept = replace(first.plan, also=plan.also)
    return replace(
        first,
        text="\n\n".join(r.text for r in replies),
        plan=kept,
        metric=combined,
        figures=figures,
        definition="; ".join(r.definition for r in replies),
    ), {"plan": kept.to_state()}


def _listed(labels: list[str]) -> str:
    """ "Revenue, Cost of sales and Gross profit"."""
    return ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else labels[0]


def _without_data(plan: Plan, calc: Calculator, ctx: Context) -> Reply | None:
    """A plain "no data" instead of zeros when the scope has nothing in the period asked."""
    from elara.assistant.wording import scope_label

    periods = plan.periods or ((plan.period,) if plan.period else ())
    missing = [p for p in periods if not calc.has_data(plan.companies, p)]
    if not missing:
        return None
    covered = ctx.default_period
    if ctx.scenario:
        word = ctx.scenario
        text = (
            f"{CANNOT} No {word} has been uploaded for {scope_label(plan, ctx.directory)} in "
            f"{missing[0].describe()}; the {word} you can see covers {covered.start:%b %Y} - "
            f"{covered.end:%b %Y}."
        )
        return Reply("cannot", text, suggestions=suggestions(ctx))
    text = (
        f"{CANNOT} There is no data for {scope_label(plan, ctx.directory)} in "
        f"{missing[0].describe()}; your data covers {covered.start:%b %Y} - {covered.end:%b %Y}."
    )
    return Reply("cannot", text, suggestions=suggestions(ctx))


_NOT_PL = frozenset({m.K.balance_sheet, m.K.non_financial})


def _no_statement_lines(
    plan: Plan, ctx: Context, kinds: dict[str, AccountKind | None]
) -> Reply | None:
    """Balance-sheet and non-financial lines (a balance sheet, a statement of cash flows) are
    never income or expense, and the dashboard's amounts carry none of them: an account of
    theirs asked by name, or a statement metric (revenue, net income…) of a scope whose data
    in the period holds only such lines, is said, never answered as 0.00."""
    from elara.assistant.wording import scope_label

    periods: tuple[Period, ...] = plan.periods or ((plan.period,) if plan.period else ())
    metric = plan.metric or ""
    if metric.startswith("account:") and ctx.ledger.visible().unclassified(metric[8:]):
        return _unclassified_line(plan, metric[8:], ctx)
    if metric.startswith("account:"):
        account = metric.split(":", 1)[1]
        if kinds.get(account) not in _NOT_PL:
            return None
        word = "balance-sheet" if kinds[account] is m.K.balance_sheet else "non-financial"
        text = (
            f"{CANNOT} “{account}” is a {word} line (a balance or a statistic, not income or "
            "expense): the assistant answers income-statement questions, and its amount is "
            "listed with the dataset's records."
        )
        return Reply("cannot", text, suggestions=suggestions(ctx))
    if not periods or _holds_amounts(plan, periods, ctx):
        return None  # an income or expense amount is there: the usual answer (no summary asked)
    if not all(
        ctx.ledger.only_other_lines(plan.companies, p.start, p.end, plan.where) for p in periods
    ):
        return None
    text = (
        f"{CANNOT} {scope_label(plan, ctx.directory)} has no income or expense lines in "
        f"{periods[0].describe()}: its data there is balance-sheet or non-financial lines (a "
        "balance sheet, a statement of cash flows), which are never added into revenue, costs "
        "or net income."
    )
    return Reply("cannot", text, suggestions=suggestions(ctx))


def _unclassified_line(plan: Plan, account: str, ctx: Context) -> Reply:
    """An account the dashboard shows as Unclassified, asked by name: said, with the
    dashboard's Unclassified figure for it (its one total for the period), never put into a
    metric by the assistant's own reading of its name."""
    from elara.assistant.wording import scope_label

    head = (
        f"“{account}” is Unclassified on the dashboard: nothing says whether it is income or "
        "expense, so it is added into no metric (revenue, costs, profit), here as there."
    )
    fix = "An admin can give it a kind (account kinds); it then counts as that kind in both."
    period = plan.period
    if plan.op != "value" or period is None or plan.also:
        text = f"{CANNOT} {head} It is ranked and compared with nothing until it has one. {fix}"
        return Reply("cannot", text, suggestions=suggestions(ctx))
    label = scope_label(plan, ctx.directory)
    found = ctx.ledger.unclassified_amounts(
        account, plan.companies, period.start, period.end, plan.where
    )
    several = len(found) > 1
    figures = [
        Figure("value", account, amount, False, currency=currency if several else None)
        for currency, amount in found
    ]
    lines = [f"{head} The dashboard's Unclassified amount for it, {label}, {period.describe()}:"]
    lines += [f"• {account}: {show(amount, False, currency)}" for currency, amount in found]
    lines += [] if found else ["• none"]
    lines.append(fix)
    reply = answer(
        plan,
        lines,
        metric=m.account_metric(account),
        label=label,
        figures=figures,
        currency=None if several or not found else found[0][0],
        span=(period.start, period.end),
        scenario=ctx.scenario,
        definition="the dashboard's Unclassified figure for this account, as the file states it",
    )
    reply.filters["account"] = [account]
    return reply


def _holds_amounts(plan: Plan, periods: tuple[Period, ...], ctx: Context) -> bool:
    """Whether the scope's books (read for the answer anyway) hold a non-zero amount in the
    periods: the dashboard's amounts are income and expense only, so then it has such lines."""
    books = [ctx.ledger.book(code, plan.where) for code in (plan.companies or (None,))]
    return any(
        amount != 0
        for book in books
        for currency in book.currencies()
        for p in periods
        for amount in book.accounts(currency, p.start, p.end).values()
    )


def metric_of(plan: Plan) -> m.MetricDef:
    metric = m.lookup(plan.metric or "revenue")
    if plan.denominator:
        return m.ratio_metric(metric, m.lookup(plan.denominator))
    return metric


def show(value: Decimal | None, percent: bool, currency: str | None, points: bool = False) -> str:
    if value is None:
        return "n/a (no revenue to divide by)" if percent else "no data"
    if points:
        return f"{grouped_text(value)} pp"
    if percent:
        return f"{grouped_text(value)} %"
    return f"{currency or ''} {grouped_text(value)}".strip()


_RANKED_OPS = frozenset({"rank", "rank_change", "account_change", "mom", "rank_period", "which"})


def describe(plan: Plan, figures: list[Figure], ctx: Context, currency: str | None) -> Reply:
    """The reply: what was computed, for which scope and period, and the figures."""
    from elara.assistant.wording import headline, scope_label

    metric = metric_of(plan)
    if plan.op == "why":
        metric = m.MetricDef("why", "Largest account changes", "each account's change", False)
    if plan.op == "account_change":
        within = {"cogs": "cost of sales ", "opex": "operating expense "}.get(plan.metric or "", "")
        metric = m.MetricDef(
            "account_change",
            f"Change per {within}cost account",
            "each cost account's amount in the later period minus the earlier one (costs "
            "positive: an increase is more spent)",
            False,
        )
    if plan.op == "summary":
        metric = m.MetricDef(
            "summary",
            "Key figures",
            "; ".join(f"{d.label} = {d.definition}" for d in (m.METRICS[n] for n in SUMMARY)),
            False,
        )
    label = scope_label(plan, ctx.directory)
    among = plan.op == "share" and bool(share_whole(plan.where, ctx.ledger.visible().dimensions))
    lines = [headline(plan, metric, label, among)]
    if ctx.scenario:
        lines[0] = (
            f"{ctx.scenario.capitalize()} (the {ctx.scenario} datasets, not actuals): {lines[0]}"
        )
    for f in figures:
        name = ctx.directory.label(f.key) if f.key in ctx.directory.names else f.label
        if f.currency and currency is None:
            name = f"{name} ({f.currency})"
        line = f"• {name}: {show(f.value, f.percent, f.currency or currency, f.points)}"
        end_names = f.end_labels or (tuple(p.label for p in plan.periods) if plan.periods else None)
        if f.ends is not None and end_names:  # "(2024: USD 181,547.93 → 2025: USD …)"
            unit = f.currency or currency  # the metric's own values: money, or a margin's %
            pairs = zip(end_names, f.ends, strict=True)
            both = [f"{n}: {show(v, metric.percent, unit)}" for n, v in pairs]
            line += f" ({' → '.join(both)})"
        lines.append(line)
    in_figures = {f.currency for f in figures}
    several = currency is None and len(ctx.ledger.book(None).currencies()) > 1
    # a ranking over several currencies is one ranking per currency: one that found nothing
    # moving the way asked says so too ("none (USD): …")
    empty = (
        [c for c in ctx.ledger.book(None).currencies() if c not in in_figures] if several else []
    )
    for unit in empty if figures else [None]:
        tag = f" ({unit})" if unit else ""
        if plan.op == "account_change" and plan.condition:
            moved = "fell" if is_below(plan.condition[0]) else "rose"
            lines.append(f"• none{tag}: no cost account {moved} between the two periods")
        elif plan.op in ("rank_change", "mom") and plan.condition:
            moved = "fell" if is_below(plan.condition[0]) else "rose"
            who = {"mom": "month's"}.get(plan.op) or (
                f"{plan.by.lower()}'s" if plan.by else "company's"
            )
            than = "against the month before" if plan.op == "mom" else "between the two periods"
            lines.append(f"• none{tag}: no {who} {metric.label.lower()} {moved} {than}")
        elif not figures:
            lines.append("• none")
    per_unit = max((sum(f.currency == c for f in figures) for c in in_figures), default=0)
    if plan.top and plan.op in _RANKED_OPS and per_unit > plan.top:
        lines.append(
            f"More than {plan.top} shown: the last ones tie at place {plan.top} (the same "
            "value), so none of them is left out."
        )
    if several and len(in_figures) > 1 and plan.op in _RANKED_OPS:
        units = ", ".join(sorted(c or "no currency" for c in in_figures))
        lines.append(
            f"Ranked within each currency ({units}): amounts in different currencies are never "
            "added together or compared."
        )
    if ctx.scenario and not plan.companies:
        held = [c for c in ctx.ledger.visible().companies if c in ctx.directory.names]
        if 0 < len(held) < len(ctx.directory.names):
            names = ", ".join(ctx.directory.label(c) for c in held)
            lines.append(f"The {ctx.scenario} datasets you can see hold only {names}.")
    lines += _partial_periods(plan, ctx, currency)
    period = plan.period or (plan.periods[1] if plan.periods else None)
    span = (
        (plan.periods[0].start, plan.periods[1].end)
        if plan.periods
        else ((period.start, period.end) if period else None)
    )
    return answer(
        plan,
        lines,
        metric=metric,
        label=label,
        figures=figures,
        currency=currency,
        span=span,
        scenario=ctx.scenario,
        definition=f"{metric.label} = {metric.definition}",
    )


def _partial_periods(plan: Plan, ctx: Context, currency: str | None) -> list[str]:
    """Two periods compared whose data covers them unequally ("2013 to 2014" when the data
    starts in September 2013): said, so a change from a part of a period to a whole one is
    not read as growth."""
    if plan.op not in PAIR_OPS or plan.periods is None:
        return []
    units: list[str | None] = [currency] if currency else ctx.ledger.book(None).currencies()
    codes: list[str | None] = list(plan.companies) or [None]
    covered = []
    for p in plan.periods:
        months: set[date] = set()
        for code in codes:
            book = ctx.ledger.book(code, plan.where)
            for unit in units:
                months |= set(book.months(unit, p.start, p.end))
        whole = (p.end.year - p.start.year) * 12 + p.end.month - p.start.month + 1
        covered.append((p, sorted(months), whole))
    if len({len(found) for _, found, _ in covered}) < 2:
        return []  # as many months with data in both: like for like
    return [
        f"{p.label} holds data for {len(found)} of its {whole} months "
        f"({found[0]:%b %Y} - {found[-1]:%b %Y}): the two periods are not like for like."
        for p, found, whole in covered
        if found and len(found) < whole
    ]


def answer(
    plan: Plan,
    lines: list[str],
    *,
    metric: m.MetricDef,
    label: str,
    figures: list[Figure],
    currency: str | None,
    span: tuple[date, date] | None,
    scenario: str | None,
    definition: str,
) -> Reply:
    """An answer as every question gets it: its lines, figures and the dashboard filters that
    show the same figures (companies, dimensions, scenario and the period ``span``)."""
    filters: dict[str, Any] = {}
    if plan.companies:
        filters["company"] = list(plan.companies)
    if plan.where:
        filters["dim"] = [f"{name}={value}" for name, value in plan.where]
    if scenario:
        filters["scenario"] = scenario
    if span:
        filters["from"], filters["to"] = span[0].isoformat(), span[1].isoformat()
    return Reply(
        "answer",
        "\n".join(lines),
        plan=plan,
        metric=metric,
        scope=list(plan.companies),
        scope_label=label,
        figures=figures,
        currency=currency,
        filters=filters,
        definition=definition,
    )
