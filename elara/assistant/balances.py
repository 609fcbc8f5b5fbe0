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
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, cast

from elara.assistant import metrics as m
from elara.assistant.ledger import Closing, closing_balances
from elara.finance.kinds import AccountKind, BalanceSide, balance_side

if TYPE_CHECKING:
    from elara.assistant.analyst import Context, Reply
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
    ("receivables", r"accounts receivable|receivables?|ar|debtors"),
    ("payables", r"accounts payable|payables?|ap|creditors"),
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
    against each other are a ratio, which is not read); None otherwise."""
    if not has_balances(kinds):
        return None
    found = list(_FOUND.finditer(text))
    asked = {next(k for k, v in f.groupdict().items() if v) for f in found}
    if len(asked) != 1 or (len(found) > 1 and _RATIO.search(text)):
        return None
    if _RATIO.search(text[found[0].end() : found[0].end() + 12]):
        return None  # "debt to ebitda", "assets per employee"
    rest = text
    for f in reversed(found):
        rest = f"{rest[: f.start()]} {rest[f.end() :]}"
    return cast("Measure", asked.pop()), rest


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


def balance_reply(measure: Measure, plan: Plan, at: date, ctx: Context) -> Reply:
    """The measure for the plan's companies (the user's own, as every answer), each at its
    latest balance date on or before `at`; the dates are said."""
    from elara.assistant.analyst import CANNOT, answer, show
    from elara.assistant.figures import Figure
    from elara.assistant.wording import scope_label

    visible = ctx.ledger.visible()
    accounts = [a for a, k in visible.all_kinds().items() if k is AccountKind.balance_sheet]
    closings = closing_balances(ctx.ledger, accounts, plan.companies, at)
    want = DEFS[measure]
    label = scope_label(plan, ctx.directory)
    missing = [c for c in plan.companies if c not in {x.company for x in closings}]
    if not closings or missing:
        who = ", ".join(ctx.directory.label(c) for c in missing) if missing else label
        return _cannot(
            f"{CANNOT} There is no balance-sheet record for {who} on or before {_day(at)}, so I "
            "have no balance to give (a balance comes from a stored trial balance or balance "
            "sheet).",
            ctx,
        )
    currencies = sorted({cur for c in closings for _, _, cur, _ in c.lines}, key=lambda x: x or "")
    several = len(currencies) > 1
    figures, lines = (
        [],
        [f"{want.label}, {label}, as at {_day(at)} (the latest balance on or before it):"],
    )
    for currency in currencies:
        total, parts, unsaid = ZERO, [], []
        for closing in closings:
            value, took = _value(measure, closing, currency)
            if value is None:
                unsaid.append(ctx.directory.label(closing.company))
                continue
            total += value
            parts.append((closing, value, took))
        if unsaid:
            return _cannot(
                f"{CANNOT} The balance-sheet records of {', '.join(unsaid)} do not say which "
                f"accounts make up {want.label.lower()} (as at {_day(at)}), so I won't guess it.",
                ctx,
            )
        shown = currency if several else None
        figures.append(Figure("value", want.label, total, False, currency=shown))
        lines.append(f"• {show(total, False, currency)}")
        for closing, value, took in parts:
            lines.append(
                f"  - {ctx.directory.label(closing.company)}: {show(value, False, currency)} "
                f"at {_day(closing.day)} ({', '.join(took)})"
            )
    dates = {c.day for c in closings}
    if dates != {at}:
        lines.append(
            "The balance is from "
            + ", ".join(sorted({_day(d) for d in dates}))
            + f", the latest stored on or before {_day(at)}."
        )
    lines.append(
        f"{want.label}: {want.definition}, from the stored balance-sheet records (trial balance"
        " or balance sheet); liabilities and equity are shown as positive amounts."
    )
    metric = m.MetricDef(f"balance:{measure}", want.label, want.definition, False)
    first = min(dates)
    reply = answer(
        plan,
        lines,
        metric=metric,
        label=label,
        figures=figures,
        currency=None if several else currencies[0],
        span=(first, max(dates)),
        scenario=ctx.scenario,
        definition=want.definition,
    )
    return reply


def _cannot(text: str, ctx: Context) -> Reply:
    from elara.assistant.analyst import Reply, suggestions

    return Reply("cannot", text, suggestions=suggestions(ctx))
