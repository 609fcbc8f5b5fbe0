"""Balance questions the stored balances answer: "total assets at 30 June", "cash balance at month
end", "working capital as of March 31", "how much debt does X have".

A trial balance or a balance sheet stores its lines as balance-sheet accounts (never added into
revenue or costs). A balance is a position at a date, not a sum over a period: the answer is
each company's lines at its **latest balance date on or before the date asked** (the end of the
period asked, or the day when one is written; today when none is), and it says that date. The
side of each account (asset, liability, equity; current or not; cash, receivable, payable,
debt) comes from its class and else its name (`elara.finance.kinds.balance_side`). Liabilities
and equity are shown as positive sizes when the records store credits negative, as a trial
balance does. Without balance-sheet accounts the question is declined as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal, cast

from elara.assistant import metrics as m
from elara.assistant.ledger import Closing, closing_balances
from elara.finance.kinds import AccountKind, BalanceSide, balance_side

if TYPE_CHECKING:
    from elara.assistant.analyst import Context, Reply
    from elara.assistant.figures import Figure
    from elara.assistant.plan import Plan

Measure = Literal[
    "total_assets",
    "current_assets",
    "cash",
    "receivables",
    "inventory",
    "total_liabilities",
    "current_liabilities",
    "payables",
    "debt",
    "equity",
    "working_capital",
    # ratios of two balances, each company's from its own records at the same date
    "current_ratio",
    "quick_ratio",
    "debt_to_equity",
]
ZERO = Decimal(0)

# the words of each measure, in the normalised question (lower case, punctuation as spaces)
_SAID: tuple[tuple[Measure, str], ...] = (
    ("working_capital", r"(?:net )?working capital"),
    ("current_assets", r"(?:total )?current assets"),
    ("current_liabilities", r"(?:total )?current liabilities"),
    ("total_assets", r"(?:total )?assets"),
    ("total_liabilities", r"(?:total )?liabilities"),
    ("equity", r"(?:total |shareholders |stockholders |owners |book )?equity|net assets"),
    ("debt", r"(?:total |net )?(?:debt|borrowings|bank loans?|loans?)"),
    (
        "receivables",
        r"accounts receivable|receivables?|ar|debtors"
        r"|(?:owed (?:to us )?by|owing from) (?:our )?(?:customers|clients|debtors)"
        r"|(?:customers|clients) owe(?: us)?",
    ),
    (
        "payables",
        r"accounts payable|payables?|ap|creditors"
        r"|(?:owe|owed to|owing to|due to) (?:our )?(?:suppliers|vendors|creditors)",
    ),
    ("inventory", r"inventor(?:y|ies)|stock on hand"),
    (
        "cash",
        r"(?:closing |ending |opening )?(?:cash(?: and cash equivalents)?|bank)"
        r"(?: balances?| position| on hand| at bank| in (?:the )?bank)?"
        r"|(?:closing |ending )?bank balances?",
    ),
)
# cash that moved (a flow), burnt or projected is not a balance; "free cash" neither
_NOT_CASH_AFTER = r"(?! ?flows?\b| burn| runway| out\b| in\b(?! (?:the )?bank)| conversion)"
_NOT_CASH_BEFORE = r"(?<!free )(?<!operating )(?<!net )"
_FOUND = re.compile(
    "|".join(
        rf"\b{_NOT_CASH_BEFORE}(?P<{name}>{words}){_NOT_CASH_AFTER if name == 'cash' else ''}\b"
        for name, words in _SAID
    )
)
# the ratios read (one at a time): their own words, read before the balances they set apart
_RATIOS: tuple[tuple[Measure, str], ...] = (
    ("current_ratio", r"current ratios?|working capital ratios?"),
    ("quick_ratio", r"quick ratios?|acid test(?: ratios?)?"),
    ("debt_to_equity", r"debt (?:to )?equity(?: ratios?)?|d e ratios?"),
)
_RATIO_FOUND = re.compile("|".join(rf"\b(?P<{name}>{words})\b" for name, words in _RATIOS))
# companies ranked by a balance: "which company has the most cash", "rank our companies by ..."
_RANKED = re.compile(
    r"\b(?:rank|ranked|ranking|rankings|order(?:ed)? by|sort(?:ed)? by|which (?:compan(?:y|ies)|"
    r"business(?:es)?|entit(?:y|ies)|one|ones)|who|highest|lowest|(?:the )?most(?! recent)|"
    r"least|biggest|largest|smallest|top|bottom|(?:compan(?:y|ies)|entities) by)\b"
)
_LOWEST = re.compile(r"\b(?:lowest|least|smallest|bottom|fewest|weakest)\b")
# two balances set against each other are a ratio ("debt to equity", "current ratio"): not read
_RATIO = re.compile(r"\bratios?\b|\b(?:to|per|over|divided by|as a (?:%|percent\w*) of)\b")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
_MONTH += r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH},? (\d{{4}})\b")
_MONTH_FIRST = re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b")
_ISO = re.compile(r"\b(\d{4}) (\d{1,2}) (\d{1,2})\b")


def has_balances(kinds: Mapping[str, AccountKind | None]) -> bool:
    return any(kind is AccountKind.balance_sheet for kind in kinds.values())


def read_balance(text: str, kinds: Mapping[str, AccountKind | None]) -> tuple[Measure, str] | None:
    """The balance a question asks of and the text without its words, when the user's
    accounts hold balance-sheet lines and the question names exactly one balance (two set
    against each other are a ratio, which is not read, except the current ratio, the quick
    ratio and debt to equity, read by their own words); None otherwise."""
    if not has_balances(kinds):
        return None
    ratios = list(_RATIO_FOUND.finditer(text))
    if ratios:
        named = {next(k for k, v in f.groupdict().items() if v) for f in ratios}
        rest = _without(text, ratios)
        if len(named) != 1 or _FOUND.search(rest):
            return None  # two ratios, or a ratio and a balance, at once: declined as before
        return cast("Measure", named.pop()), rest
    found = list(_FOUND.finditer(text))
    asked = {next(k for k, v in f.groupdict().items() if v) for f in found}
    if len(asked) != 1 or (len(found) > 1 and _RATIO.search(text)):
        return None
    if _RATIO.search(text[found[0].end() : found[0].end() + 12]):
        return None  # "debt to ebitda", "assets per employee"
    return cast("Measure", asked.pop()), _without(text, found)


def _without(text: str, found: list[re.Match[str]]) -> str:
    """The text with the words found cut out (a space where each stood)."""
    for f in reversed(found):
        text = f"{text[: f.start()]} {text[f.end() :]}"
    return text


def _month(word: str) -> int:
    return _MONTHS.index(word[:3]) + 1


def asked_day(text: str) -> date | None:
    """A day written in the question ("30 June 2026", "March 31, 2026", "2025-12-31")."""
    try:
        if found := _DAY_FIRST.search(text):
            return date(int(found[3]), _month(found[2]), int(found[1]))
        if found := _MONTH_FIRST.search(text):
            return date(int(found[3]), _month(found[1]), int(found[2]))
        if found := _ISO.search(text):
            return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class _Def:
    label: str
    definition: str
    side: str | None  # None: working capital (current assets less current liabilities)
    current: bool | None = None
    line: str | None = None


_ASSET, _OWED = "asset", "liability"
DEFS: dict[Measure, _Def] = {
    "total_assets": _Def("Total assets", "every asset account's balance", _ASSET),
    "current_assets": _Def(
        "Current assets", "the balances of the accounts under a current-assets class", _ASSET, True
    ),
    "cash": _Def("Cash", "the balances of the cash and bank accounts", _ASSET, None, "cash"),
    "receivables": _Def(
        "Accounts receivable", "the balances of the receivable accounts", _ASSET, None, "receivable"
    ),
    "inventory": _Def(
        "Inventory", "the balances of the inventory accounts", _ASSET, None, "inventory"
    ),
    "total_liabilities": _Def("Total liabilities", "every liability account's balance", _OWED),
    "current_liabilities": _Def(
        "Current liabilities",
        "the balances of the accounts under a current-liabilities class",
        _OWED,
        True,
    ),
    "payables": _Def(
        "Accounts payable", "the balances of the payable accounts", _OWED, None, "payable"
    ),
    "debt": _Def(
        "Debt", "the balances of the loan, borrowing and credit-line accounts", _OWED, None, "debt"
    ),
    "equity": _Def("Equity", "every equity account's balance", "equity"),
    "working_capital": _Def("Working capital", "current assets less current liabilities", None),
}


@dataclass(frozen=True)
class _RatioDef:
    label: str
    definition: str
    over: Measure  # the numerator's balance
    under: Measure  # the denominator's balance
    less: Measure | None = None  # taken from the numerator (the quick ratio's inventory)


RATIO_DEFS: dict[Measure, _RatioDef] = {
    "current_ratio": _RatioDef(
        "Current ratio",
        "current assets divided by current liabilities",
        "current_assets",
        "current_liabilities",
    ),
    "quick_ratio": _RatioDef(
        "Quick ratio",
        "current assets less inventory, divided by current liabilities (no inventory account:"
        " none held)",
        "current_assets",
        "current_liabilities",
        "inventory",
    ),
    "debt_to_equity": _RatioDef(
        "Debt to equity",
        "debt (the loan, borrowing and credit-line accounts) divided by equity",
        "debt",
        "equity",
    ),
}
CENT = Decimal("0.01")


def ranked(text: str) -> tuple[bool, bool]:
    """Whether the question ranks companies by a balance, and lowest first."""
    return bool(_RANKED.search(text)), bool(_LOWEST.search(text))


def label_of(measure: Measure) -> str:
    return RATIO_DEFS[measure].label if measure in RATIO_DEFS else DEFS[measure].label


def definition_of(measure: Measure) -> str:
    return RATIO_DEFS[measure].definition if measure in RATIO_DEFS else DEFS[measure].definition


def _of(measure: Measure, closing: Closing, currency: str | None) -> tuple[Decimal | None, str]:
    """One company's balance or ratio in one currency and how it was made (the accounts, or
    the ratio's parts); None and why not when its records cannot give it."""
    if measure not in RATIO_DEFS:
        value, took = _value(measure, closing, currency)
        if value is None:
            what = label_of(measure).lower()
            return None, f"its records do not say which accounts make up {what}"
        return value, ", ".join(took)
    want = RATIO_DEFS[measure]
    over, _ = _value(want.over, closing, currency)
    under, _ = _value(want.under, closing, currency)
    if over is None or under is None:
        part = want.over if over is None else want.under
        return None, f"its records show no {DEFS[part].label.lower()} ({DEFS[part].definition})"
    if under == 0:
        return None, f"its {DEFS[want.under].label.lower()} are 0, so the ratio is not defined"
    parts = [f"{DEFS[want.over].label.lower()} {show_amount(over, currency)}"]
    if want.less is not None:
        less, _ = _value(want.less, closing, currency)
        over -= less or ZERO
        parts.append(
            f"less {DEFS[want.less].label.lower()} {show_amount(less, currency)}"
            if less is not None
            else f"no {DEFS[want.less].label.lower()} account"
        )
    parts.append(f"{DEFS[want.under].label.lower()} {show_amount(under, currency)}")
    return (over / under).quantize(CENT, ROUND_HALF_UP), ", ".join(parts)


def show_amount(value: Decimal, currency: str | None) -> str:
    from elara.assistant.analyst import show

    return show(value, False, currency)


def _shown(measure: Measure, value: Decimal, currency: str | None) -> str:
    """A balance as an amount, a ratio to 2 decimals."""
    if measure in RATIO_DEFS:
        return f"{value.quantize(CENT, ROUND_HALF_UP)}"
    return show_amount(value, currency)


def _in(measure: _Def, side: BalanceSide) -> bool:
    if side.side != measure.side:
        return False
    if measure.current is not None and side.current is not measure.current:
        return False
    return measure.line is None or side.line == measure.line


def _value(
    measure: Measure, closing: Closing, currency: str | None
) -> tuple[Decimal | None, list[str]]:
    """The measure of one company's closing lines in one currency (None: its lines cannot say
    it), and the accounts it took."""
    lines = [
        (account, side, amount)
        for account, category, cur, amount in closing.lines
        if cur == currency and (side := balance_side(account, category)) is not None
    ]
    # a trial balance stores credits negative: liabilities and equity are shown as their size
    credit = sum((a for _, s, a in lines if s.side != "asset"), ZERO)
    sign = Decimal(-1) if credit <= 0 else Decimal(1)
    want = DEFS[measure]
    if want.side is None:  # working capital
        assets = [(n, a) for n, s, a in lines if s.side == "asset" and s.current]
        owed = [(n, a) for n, s, a in lines if s.side == "liability" and s.current]
        if not assets or not any(s.current is not None for _, s, _ in lines):
            return None, []
        total = sum((a for _, a in assets), ZERO) - sign * sum((a for _, a in owed), ZERO)
        return total, [n for n, _ in assets + owed]
    took = [(n, a) for n, s, a in lines if _in(want, s)]
    if not took:
        return None, []
    total = sum((a for _, a in took), ZERO)
    return (total if want.side == "asset" else sign * total), [n for n, _ in took]


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def balance_reply(
    measure: Measure,
    plan: Plan,
    at: date,
    ctx: Context,
    *,
    rank: bool = False,
    lowest: bool = False,
    top: int | None = None,
) -> Reply:
    """The measure (a balance or a ratio of two) for the plan's companies (the user's own, as
    every answer), each at its latest balance date on or before `at`; the dates are said.
    `rank`: the companies ranked by it (highest first, or `lowest` first; the `top` few)."""
    from elara.assistant.analyst import CANNOT
    from elara.assistant.wording import scope_label

    visible = ctx.ledger.visible()
    accounts = [a for a, k in visible.all_kinds().items() if k is AccountKind.balance_sheet]
    closings = closing_balances(ctx.ledger, accounts, plan.companies, at)
    label = scope_label(plan, ctx.directory)
    name = label_of(measure)
    asked = plan.companies or visible.companies
    missing = [c for c in asked if c not in {x.company for x in closings}]
    if not closings or (missing and plan.companies and not rank):
        who = ", ".join(ctx.directory.label(c) for c in missing) if missing else label
        return _cannot(
            f"{CANNOT} There is no balance-sheet record for {who} on or before {_day(at)}, so I "
            "have no balance to give (a balance comes from a stored trial balance or balance "
            "sheet).",
            ctx,
        )
    if rank:
        return _rank_reply(measure, plan, at, ctx, closings, missing, lowest, top)
    currencies = _currencies(closings)
    several = len(currencies) > 1
    figures, lines = (
        [],
        [f"{name}, {label}, as at {_day(at)} (the latest balance on or before it):"],
    )
    for currency in currencies:
        parts, unsaid = [], []
        for closing in closings:
            value, how = _of(measure, closing, currency)
            if value is None:
                unsaid.append(f"{ctx.directory.label(closing.company)} ({how})")
                continue
            parts.append((closing, value, how))
        if unsaid:
            return _cannot(
                f"{CANNOT} The balance-sheet records of {', '.join(unsaid)} as at {_day(at)} "
                f"cannot give {name.lower()}, so I won't guess it.",
                ctx,
            )
        if measure in RATIO_DEFS:
            total = _combined(measure, closings, currency)
            if total is None:
                return _cannot(
                    f"{CANNOT} The {name.lower()} of {label} together is not defined (its "
                    f"{DEFS[RATIO_DEFS[measure].under].label.lower()} add up to 0).",
                    ctx,
                )
        else:
            total = sum((v for _, v, _ in parts), ZERO)
        figures.append(_figure(measure, "value", name, total, currency if several else None))
        lines.append(f"• {_shown(measure, total, currency)}")
        for closing, value, how in parts:
            lines.append(
                f"  - {ctx.directory.label(closing.company)}: {_shown(measure, value, currency)} "
                f"at {_day(closing.day)} ({how})"
            )
    dates = {c.day for c in closings}
    if dates != {at}:
        lines.append(
            "The balance is from "
            + ", ".join(sorted({_day(d) for d in dates}))
            + f", the latest stored on or before {_day(at)}."
        )
    lines.append(_said(measure))
    return _balance_answer(measure, plan, ctx, lines, label, figures, currencies, closings)


def _figure(measure: Measure, key: str, label: str, value: Decimal, currency: str | None) -> Figure:
    """A balance's figure is an amount in its currency; a ratio has none (its balances' currency
    is said in its label when there are several)."""
    from elara.assistant.figures import Figure

    if measure in RATIO_DEFS:
        return Figure(key, f"{label} ({currency} balances)" if currency else label, value, False)
    return Figure(key, label, value, False, currency=currency)


def _said(measure: Measure) -> str:
    ratio = ""
    if measure in RATIO_DEFS:
        ratio = " (to 2 decimals, each company's parts from the same date)"
    return (
        f"{label_of(measure)}: {definition_of(measure)}{ratio}, from the stored balance-sheet "
        "records (trial balance or balance sheet); liabilities and equity are shown as positive "
        "amounts."
    )


def _combined(measure: Measure, closings: list[Closing], currency: str | None) -> Decimal | None:
    """A ratio of several companies together: their parts added, then divided."""
    want = RATIO_DEFS[measure]
    over = under = ZERO
    for closing in closings:
        over += _value(want.over, closing, currency)[0] or ZERO
        under += _value(want.under, closing, currency)[0] or ZERO
        if want.less is not None:
            over -= _value(want.less, closing, currency)[0] or ZERO
    return None if under == 0 else (over / under).quantize(CENT, ROUND_HALF_UP)


def _rank_reply(
    measure: Measure,
    plan: Plan,
    at: date,
    ctx: Context,
    closings: list[Closing],
    missing: list[str],
    lowest: bool,
    top: int | None,
) -> Reply:
    """The companies ranked by the measure, each at its own latest balance date on or before
    `at` (each date said); those without a balance or whose records cannot give it are named
    apart, never ranked as 0."""
    from elara.assistant.analyst import CANNOT
    from elara.assistant.wording import scope_label

    label = scope_label(plan, ctx.directory)
    name = label_of(measure)
    currencies = _currencies(closings)
    several = len(currencies) > 1
    order = "lowest" if lowest else "highest"
    lines = [
        f"{name}, {label} ranked {order} first, each company at its latest balance on or before "
        f"{_day(at)}:"
    ]
    figures: list[Figure] = []
    unsaid: dict[str, str] = {}
    for currency in currencies:
        rows = []
        for closing in closings:
            if not any(cur == currency for _, _, cur, _ in closing.lines):
                continue
            value, how = _of(measure, closing, currency)
            if value is None:
                unsaid[ctx.directory.label(closing.company)] = how
            else:
                rows.append((closing, value, how))
        rows.sort(key=lambda r: r[0].company)
        rows.sort(key=lambda r: r[1], reverse=not lowest)
        rows = rows[:top] if top else rows
        if several and rows:
            lines.append(f"In {currency or 'no currency'}:")
        for i, (closing, value, how) in enumerate(rows, 1):
            company = ctx.directory.label(closing.company)
            shown = currency if several else None
            figures.append(_figure(measure, closing.company, company, value, shown))
            lines.append(
                f"{i}. {company}: {_shown(measure, value, currency)} at {_day(closing.day)} ({how})"
            )
    if not figures:
        why = "; ".join(f"{c}: {w}" for c, w in unsaid.items())
        return _cannot(
            f"{CANNOT} No company's balance-sheet records as at {_day(at)} can give "
            f"{name.lower()} ({why}), so I have nothing to rank.",
            ctx,
        )
    for company, why in unsaid.items():
        lines.append(f"Not ranked: {company} ({why}).")
    if missing:
        lines.append(
            f"No balance-sheet record on or before {_day(at)}, so not ranked: "
            + ", ".join(ctx.directory.label(c) for c in missing)
            + "."
        )
    lines.append(_said(measure))
    ranking = replace(plan, op="rank", top=top, ascending=lowest)
    return _balance_answer(measure, ranking, ctx, lines, label, figures, currencies, closings)


def _balance_answer(
    measure: Measure,
    plan: Plan,
    ctx: Context,
    lines: list[str],
    label: str,
    figures: list[Figure],
    currencies: list[str | None],
    closings: list[Closing],
) -> Reply:
    """The answer of a balance or a ranking by it: its metric, one currency when all the
    balances share it (a ratio has none), the span of the balance dates."""
    from elara.assistant.analyst import answer

    dates = {c.day for c in closings}
    several = len(currencies) > 1
    return answer(
        plan,
        lines,
        metric=m.MetricDef(f"balance:{measure}", label_of(measure), definition_of(measure), False),
        label=label,
        figures=figures,
        currency=None if several or measure in RATIO_DEFS else currencies[0],
        span=(min(dates), max(dates)),
        scenario=ctx.scenario,
        definition=definition_of(measure),
    )


def _currencies(closings: list[Closing]) -> list[str | None]:
    """The currencies of the closing lines, no currency first."""
    return sorted({cur for c in closings for _, _, cur, _ in c.lines}, key=lambda x: x or "")


def _cannot(text: str, ctx: Context) -> Reply:
    from elara.assistant.analyst import Reply, suggestions

    return Reply("cannot", text, suggestions=suggestions(ctx))
