"""Cash questions a bank statement answers: "what was the net cash flow", "how much money
went out", "how much came in in March".

A bank or card statement with nothing naming its lines is stored as two accounts, "Money in"
(positive) and "Money out" (negative), as cash (docs/finance.md, "Bank statements"). They are
Unclassified on the dashboard, never revenue or costs, but they are the cash that moved: the
net cash flow is their sum, the money that went out the size of "Money out". Other cash
questions (free cash flow, a cash balance, runway) stay declined: no statement states them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from elara.assistant import metrics as m

if TYPE_CHECKING:
    from elara.assistant.analyst import Context, Reply
    from elara.assistant.plan import Plan

# The accounts elara.ingest.direction stores a statement's lines under (a sibling domain:
# named here, not imported).
MONEY_IN, MONEY_OUT = "Money in", "Money out"
Cash = Literal["net", "in", "out"]

_NOT_A_STATEMENT = r"(?<!free )(?<!operating )(?<!investing )(?<!financing )"
# "lose money in 2025", "made money in Q3": a profit or a loss in a period, not money in
_NOT_EARNED = "".join(
    f"(?<!{verb} )"
    for verb in (
        "lose", "loses", "lost", "losing", "make", "makes", "made", "making", "earn", "earns",
        "earned", "earning", "bleed", "bleeding", "bled",
    )
)  # fmt: skip
_SAID = re.compile(
    rf"\b{_NOT_A_STATEMENT}(?P<net>net cash ?flows?|net cash|cash ?flows?)\b"
    r"|\b(?P<out>money (?:went|go(?:es)?|going|gone) out|(?:went|gone) out|money out|"
    r"cash (?:went out|outflows?|out)|outflows?)\b"
    rf"|\b(?P<in>money (?:came|comes?|coming) in|came in|{_NOT_EARNED}money in|"
    r"cash (?:came in|inflows?|in)|inflows?)\b"
)


def read_cash(text: str, accounts: Iterable[str]) -> tuple[Cash, str] | None:
    """The cash a question asks of ("net", "in" or "out") and the text without those words,
    when the user's accounts hold a statement's Money in or Money out; None otherwise."""
    if not {MONEY_IN, MONEY_OUT} & set(accounts):
        return None
    found = _SAID.search(text)
    if found is None:
        return None
    asked: Cash = "net" if found["net"] else "out" if found["out"] else "in"
    return asked, f"{text[: found.start()]} {text[found.end() :]}"


_METRICS: dict[Cash, m.MetricDef] = {
    "net": m.MetricDef(
        "cash:net",
        "Net cash flow",
        "money in + money out, the bank statements' Money in and Money out accounts",
        False,
    ),
    "in": m.MetricDef("cash:in", "Money in", "the bank statements' Money in account", False),
    "out": m.MetricDef(
        "cash:out",
        "Money out",
        "the size of the bank statements' Money out account (money out is stored negative)",
        False,
    ),
}


def cash_reply(asked: Cash, plan: Plan, ctx: Context) -> Reply:
    """The cash a statement's Money in / Money out accounts state, for the plan's companies
    (the user's own, as every answer) and period, per currency."""
    from elara.assistant.analyst import answer, show
    from elara.assistant.figures import Figure
    from elara.assistant.wording import scope_label

    period = plan.period or ctx.default_period
    label = scope_label(plan, ctx.directory)
    sums: dict[str | None, dict[str, Decimal]] = {}
    for account in (MONEY_IN, MONEY_OUT):
        for currency, amount in ctx.ledger.unclassified_amounts(
            account, plan.companies, period.start, period.end, plan.where
        ):
            sums.setdefault(currency, {})[account] = amount
    metric = _METRICS[asked]
    several = len(sums) > 1
    figures, lines = [], [f"{metric.label}, {label}, {period.describe()}:"]
    for currency, found in sums.items():
        got_in, got_out = found.get(MONEY_IN, Decimal(0)), found.get(MONEY_OUT, Decimal(0))
        amount = {"net": got_in + got_out, "in": got_in, "out": -got_out}[asked]
        shown = currency if several else None
        figures.append(Figure("value", metric.label, amount, False, currency=shown))
        said = f"• {show(amount, False, currency)}"
        if asked == "net":
            said += f" (money in {show(got_in, False, currency)}, "
            said += f"money out {show(got_out, False, currency)})"
        lines.append(said)
    lines += [] if sums else ["• none"]
    lines.append(
        "From the bank statements' “Money in” and “Money out” accounts (money in positive, "
        "money out negative); they are Unclassified on the dashboard, in no revenue or cost."
    )
    reply = answer(
        plan,
        lines,
        metric=metric,
        label=label,
        figures=figures,
        currency=None if several or not sums else next(iter(sums)),
        span=(period.start, period.end),
        scenario=ctx.scenario,
        definition=metric.definition,
    )
    reply.filters["account"] = [MONEY_IN, MONEY_OUT] if asked == "net" else [metric.label]
    return reply
