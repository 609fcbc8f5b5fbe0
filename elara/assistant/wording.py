"""The words of an answer's first line: what was computed, for whom, over which period."""

from __future__ import annotations

from elara.assistant.metrics import MetricDef
from elara.assistant.plan import Plan
from elara.assistant.reading import AT_OR_ABOVE, AT_OR_BELOW, is_below
from elara.assistant.scope import Directory

_OWN_WORDS = frozenset(
    ["Revenue", "Gross", "Operating", "Net", "Total", "Cost", "Opex", "Key", "Largest"]
)


def _low(label: str) -> str:
    """ "Revenue" -> "revenue", but "EBITDA" stays."""
    words = label.split()
    if words and words[0] in _OWN_WORDS:
        return label[:1].lower() + label[1:]
    return label  # "EBITDA", an account's own name


def scope_label(plan: Plan, directory: Directory) -> str:
    if plan.companies:
        who = " and ".join(directory.label(c) for c in plan.companies)
    else:
        count = len(directory.names)
        who = f"all {count} companies you can see" if count != 1 else "the one company you can see"
    if plan.where:
        who += f" ({_where(plan)})"
    return who


def _where(plan: Plan) -> str:
    return ", ".join(f"{name} {value}" for name, value in plan.where)


def _limit(plan: Plan, percent: bool) -> str:
    """The threshold as said: "40" (a percentage) or "5,000,000" (money)."""
    if not plan.condition:
        return ""
    return str(plan.condition[1]) if percent else f"{plan.condition[1]:,}"


def _condition(plan: Plan, percent: bool) -> str:
    """The condition as it is applied: "below 10 %", "above 5,000,000", or with the limit
    itself taken in, "10 % or below" / "10 % or above"."""
    if not plan.condition:
        return ""
    limit = f"{_limit(plan, percent)}{' %' if percent else ''}"
    if plan.upper is not None:  # "between 5,000,000 and 10,000,000" (both ends taken in)
        upper = str(plan.upper) if percent else f"{plan.upper:,}"
        return f"between {limit} and {upper}{' %' if percent else ''}"
    side = plan.condition[0]
    if side in (AT_OR_BELOW, AT_OR_ABOVE):
        return f"{limit} or {'below' if side == AT_OR_BELOW else 'above'}"
    return f"{side} {limit}"


def _grew_by(plan: Plan) -> str:
    """ "by more than 10 %", "by less than 10 %", or inclusive "by 10 % or more" / "or less"."""
    if not plan.condition:
        return ""
    limit = f"{_limit(plan, plan.percent)}{' %' if plan.percent else ''}"
    more = not is_below(plan.condition[0])
    if plan.condition[0] in (AT_OR_BELOW, AT_OR_ABOVE):
        return f" by {limit} or {'more' if more else 'less'}"
    return f" by {'more' if more else 'less'} than {limit}"


def _companies(plan: Plan) -> str:
    """ "Companies", or "Companies (Segment Consumer)" when ranked within a slice."""
    return f"Companies ({_where(plan)})" if plan.where else "Companies"


def _plural(name: str) -> str:
    """ "Region" -> "Regions", "Category" -> "Categories"."""
    return name[:-1] + "ies" if name.endswith("y") else name + "s"


def _when(plan: Plan) -> str:
    if plan.periods:
        first, second = plan.periods
        return f"from {first.describe()} to {second.describe()}"
    return f"in {plan.period.describe()}" if plan.period else ""


def _moves(plan: Plan) -> str:
    """How cost accounts' changes are ordered: rises or falls only, or either way."""
    if plan.condition is None:
        return "largest changes either way"
    rises = not is_below(plan.condition[0])
    largest = rises != plan.ascending  # "fell the least": falls, the smallest first
    return f"{'largest' if largest else 'smallest'} {'increases' if rises else 'falls'}"


def headline(plan: Plan, metric: MetricDef, scope: str, among: bool = False) -> str:
    """One sentence naming the operation, metric, scope and period; `among`: a slice's share
    is of every value of its dimension (figures.share_whole)."""
    when = _when(plan)
    what = metric.label
    order = "lowest" if plan.ascending else "highest"
    text = {
        "value": f"{what} of {scope} {when}:",
        "ratio": f"{what} for {scope} {when}:",
        "average": f"Average {plan.granularity}ly {_low(what)} of {scope} {when}:",
        "series": f"{what} of {scope} by {plan.granularity} {when}:",
        "compare": f"{what} {'of ' + scope + ' ' if plan.by else ''}{when}, side by side:",
        "difference": f"{what} {'of ' + scope + ' ' if plan.by else ''}{when} and the difference:",
        "rank": f"{_plural(plan.by) if plan.by else _companies(plan)} by {_low(what)} {when}, "
        + (f"for {scope}, " if plan.by else "")
        + f"{order} first"
        + (f" (top {plan.top})" if plan.top else "")
        + ":",
        "which": f"{_plural(plan.by) + ' of ' + scope if plan.by else _companies(plan)} whose "
        + f"{_low(what)} is {_condition(plan, metric.percent)} {when}:",
        "change": f"{what} of {scope} {when}:",
        "which_grew": f"{_plural(plan.by) + ' of ' + scope if plan.by else _companies(plan)} "
        + "whose "
        + f"{_low(what)} grew"
        + _grew_by(plan)
        + f" {when} ({'growth in %' if plan.percent else 'change'}):",
        "rank_period": f"{(plan.granularity or 'month').capitalize()}s of {scope} by "
        + f"{_low(what)} {when}, "
        + f"{order} first"
        + (f" (top {plan.top})" if plan.top else "")
        + ":",
        "rank_change": f"{'Growth in % of' if plan.percent else 'Change in'} {_low(what)} "
        + f"by {(plan.by or 'company').lower()}"
        + (f" ({_where(plan)})" if plan.where and not plan.by else "")
        + (f" for {scope}" if plan.by else "")
        + f" {when}, {'smallest' if plan.ascending else 'largest'} first:",
        "share": f"{scope}'s share of the {_low(what)} of all companies you can see {when}:"
        if not plan.where
        # a slice's share is of the same companies' whole (of every visible one's without any)
        else f"The share of {_where(plan)} in the {_low(what)} of "
        + (f"every {plan.where[0][0]} of " if among else "")
        + (
            scope.removesuffix(f" ({_where(plan)})")
            if plan.companies
            else "all companies you can see"
        )
        + f" {when}:",
        "mom": (
            f"Months of {scope} by month-over-month change in {_low(what)} {when}, "
            + ("largest falls" if plan.ascending else "largest rises")
            + f" first (top {plan.top}; each month against the month before):"
            if plan.top
            else f"Month-over-month change in {_low(what)} of {scope} {when} "
            + "(each month against the month before):"
        ),
        "why": f"The accounts that changed most for {scope} {when}:",
        "accounts": f"The largest cost accounts of {scope} {when}:",
        "account_change": f"{what} of {scope} {when}, "
        + _moves(plan)
        + f" first (top {plan.top}; costs positive):",
        "summary": f"Key figures of {scope} {when}:",
        "mix": f"Each {(plan.by or 'company').lower()}'s share of the {_low(what)} of {scope} "
        + f"{when}:",
    }[plan.op]
    return " ".join(text.split())
