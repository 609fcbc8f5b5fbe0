"""Suggest a role for every column from its header and its values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from elara.ingest.periods import (
    first_day_months,
    is_year_to_date,
    period_end,
    read_header_period,
    summary_columns,
)
from elara.ingest.profile import Profile
from elara.ingest.settings import ColumnRole as R
from elara.ingest.settings import ColumnSetting
from elara.ingest.values import header_currency
from elara.ingest.vocabulary import (
    AGE_BUCKET,
    FEE_HEADERS,
    IN_OUT_HEADERS,
    IN_OUT_SIDES,
    MONEY_ROLES,
    SCENARIO_HEADERS,
    SIDE_WORDS_IN_PAIRS,
    cumulative_header,
    header_role,
    is_aging,
    is_exact,
    key,
    words,
)

_TEXT_ROLES = (R.company, R.account, R.category, R.currency, R.description, R.dimension)
_BALANCES = (
    "balance", "running balance", "closing balance", "accumulated balance", "saldo", "solde",
    "kontostand", "bokfoert saldo", "bokfort saldo",  # Swedish "Bokfört saldo"
)  # fmt: skip


@dataclass
class _Draft:
    """Roles being decided, by position."""

    profiles: list[Profile]
    forced: dict[int, R]
    roles: dict[int, R] = field(default_factory=dict)
    statement: bool = False  # a title says it is a bank statement

    def first(self, role: R) -> int | None:
        found = [p for p, r in self.roles.items() if r is role]
        return min(found) if found else None

    def free(self) -> list[Profile]:
        return [p for p in self.profiles if p.position not in self.roles]

    def hint(self, profile: Profile) -> R | None:
        return header_role(profile.header)


def suggest_roles(
    profiles: list[Profile], *, forced: dict[int, R] | None = None, statement: bool = False
) -> list[R]:
    """One role per column, in column order; ``forced`` roles are kept as given.
    ``statement``: a title above the table says it is a bank statement (see `_bank_in_out`)."""
    draft = _Draft(profiles, dict(forced or {}), statement=statement)
    draft.roles.update(draft.forced)
    _period_headers(draft)
    _aging(draft)
    _dates_and_periods(draft)
    _drcr(draft)
    _scenario(draft)
    _labels(draft)
    _money(draft)
    _rest(draft)
    return [draft.roles.get(p.position, R.ignore) for p in profiles]


def _period_headers(draft: _Draft) -> None:
    """Columns headed by a period (JAN, 2024, FY2024, Q1, Current Year) hold amounts."""
    for p in draft.free():
        if read_header_period(p.header) is None:
            continue
        if p.empty or p.numbers >= 0.6:
            draft.roles[p.position] = R.amount
    headers = {i: draft.profiles[i].header for i, r in _items(draft) if r is R.amount}
    if any(read_header_period(h) for h in headers.values()):
        for p in draft.free():  # a "Total" or "TTM" column repeats the periods' sum
            named = key(p.header)
            total = "total" in named.split() or named in ("ttm", "full year", "annual")
            if total or is_year_to_date(p.header):  # "Year to Date" is no period column
                draft.roles[p.position] = R.ignore


def _aging(draft: _Draft) -> None:
    """An aged receivables or payables report: the age buckets (Current, 1 - 30 … 91 and
    over) are what the money is, each an account; the customer or supplier beside them is a
    dimension, and the Total restates the buckets (never stored)."""
    buckets = [p for p in draft.free() if AGE_BUCKET.match(p.header) and (p.numeric or p.empty)]
    if not is_aging([p.header for p in buckets]):
        return
    for p in buckets:
        draft.roles[p.position] = R.measure
    for p in draft.free():
        if "total" in key(p.header).split() and not p.textual:
            draft.roles[p.position] = R.ignore
        elif not p.textual and not p.empty and draft.hint(p) not in (R.date, R.period):
            # beside the buckets a figure of days ("Past Due Average": -23.33) or a credit
            # limit: the buckets are the money owed
            draft.roles[p.position] = R.quantity
    for p in draft.free():  # the customer (or supplier) names the row, not an account
        if p.textual and draft.hint(p) in (None, R.account, R.dimension):
            draft.roles[p.position] = R.dimension
            return


def _drcr(draft: _Draft) -> None:
    """A column of Dr/Cr (D/C) indicators beside one unsigned amount: it signs the amount.

    Read as anything else (a category, the account), the amounts would all be added as
    positive: money in and money out summed together."""
    amounts = [
        p
        for p in draft.free()
        if draft.hint(p) is R.amount and "balance" not in key(p.header).split() and not _balance(p)
    ]  # a running Balance (Saldo na mutatie) beside the amount does not count
    if draft.first(R.drcr) is not None or len(amounts) != 1 or amounts[0].signed > 0:
        return  # amounts that carry their own sign (a card export's DEBIT/CREDIT "Details")
    for p in draft.free():
        # "Debit/Credit" or "CR/DR" headers name a credit or debit: the values decide.
        if p.drcr >= 0.95 and p.count >= 2 and draft.hint(p) not in (R.amount, R.measure):
            draft.roles[p.position] = R.drcr
            return


def _scenario(draft: _Draft) -> None:
    """A Scenario column, or a Version / Value Type / Category column whose values are
    Actual, Budget, FC, PY: rows of different scenarios, never to be added together."""
    if draft.first(R.scenario) is not None:
        return
    for p in draft.free():
        named = draft.hint(p) is R.scenario
        if (named and not p.numeric) or _scenario_values(draft, p):
            draft.roles[p.position] = R.scenario
            return


def _scenario_values(draft: _Draft, p: Profile) -> bool:
    """Values read as scenarios: codes (AC, PL) under a Version / Type header, words (Actual,
    BUD) under any header that does not say otherwise ("PL" alone may be a statement)."""
    if not p.textual or p.count < 2:
        return False
    if key(p.header) in SCENARIO_HEADERS:
        return p.scenarios >= 0.9
    return draft.hint(p) in (None, R.dimension, R.category) and p.scenario_words >= 0.9


def _items(draft: _Draft) -> list[tuple[int, R]]:
    return list(draft.roles.items())


_POSTING = frozenset(
    key(h)
    for h in (
        "Posting Date", "Pstng Date", "Posting", "GL Date", "Buchungsdatum", "Date comptable",
        "Booking Date", "Posted Date", "Completed Date", "Completion Date", "Effective Date",
        "Accounting Date", "Acctg Date", "Period Date",
    )
)  # fmt: skip
# When a line was typed in or last touched, not when it counts: the books' date is another.
_RECORDED = frozenset(
    key(h)
    for h in (
        "Entered Date", "Date Entered", "Entered", "Entered On", "Created", "Created Date",
        "Date Created", "Created On", "Creation Date", "Modified", "Modified Date",
        "Date Modified", "Last Modified", "Updated", "Updated At", "Created At", "Due Date",
        "Printed", "Date Printed", "Timestamp",
    )
)  # fmt: skip


def _dates_and_periods(draft: _Draft) -> None:
    free = draft.free()
    posting = [p for p in free if key(p.header) in _POSTING and (p.dates >= 0.8 or p.empty)]
    if posting and draft.first(R.date) is None:  # the ledger's date, not the document's
        draft.roles[posting[0].position] = R.date
    recorded = [p for p in free if key(p.header) in _RECORDED and p.dates >= 0.8]
    others = [
        p
        for p in free
        if p.dates >= 0.8 and p.periods < 0.5 and p not in recorded
        if draft.hint(p) in (R.date, R.period, None)
    ]
    if recorded and (posting or others) and draft.first(R.date) is None:
        draft.roles[(posting or others)[0].position] = R.date  # not when it was typed in
    for p in draft.free():
        hint = draft.hint(p)
        looks = p.dates >= 0.8 or (hint is R.date and p.dates + p.serials >= 0.5)
        looks = looks or (hint is R.date and p.compact >= 0.9)  # "20241231" under "ddate"
        if looks and p.periods < 0.5 and hint not in (R.ignore, R.quantity):
            if draft.first(R.date) is None and hint in (R.date, R.period, None):
                draft.roles[p.position] = R.date
            else:
                draft.roles[p.position] = R.ignore
        elif p.empty and hint is R.date and draft.first(R.date) is None:
            draft.roles[p.position] = R.date
    for p in draft.free():
        hint = draft.hint(p)
        by_values = p.months >= 0.9 or p.periods >= 0.8 or (p.years >= 0.9 and p.integers >= 0.9)
        named = hint is R.period or hint is R.date
        by_values = by_values or (named and p.months + p.integers >= 0.9)  # Month: Feb, 12
        # A bare column of years with an unknown header may be anything (ids, a count).
        if (named and (by_values or p.empty)) or (by_values and hint is None and p.years < 0.9):
            draft.roles[p.position] = R.period
    if draft.first(R.date) is not None:  # a date says it all: year/month columns repeat it
        for position, role in _items(draft):
            if role is R.period and position not in draft.forced:
                draft.roles[position] = R.ignore


def _labels(draft: _Draft) -> None:
    """Company, account, category, currency, description from names and values."""
    for role in (R.company, R.currency):
        for p in draft.free():
            numeric_ok = role is R.company  # company codes are often numbers (SAP 1000)
            fits = numeric_ok or not p.numeric
            if draft.hint(p) is role and fits and draft.first(role) is None:
                draft.roles[p.position] = role
    _one_organisation(draft)
    _account(draft)
    _description(draft)
    # A column called "Category" ("Spending Category") beats a "Type" before it (a bank's
    # "Card payment", "FASTER PAYMENT").
    named = [p for p in draft.free() if draft.hint(p) is R.category and p.textual]
    named.sort(
        key=lambda p: (not is_exact(p.header, "Category"), words(p.header)[-1:] != ["category"])
    )
    if named and draft.first(R.category) is None:
        draft.roles[named[0].position] = R.category
    _accounts_beside_categories(draft)
    # A column of the chart of accounts' classes under another name (a Xero trial balance's
    # "Section": Revenue, Expenses, Assets, Liabilities, Equity) says what each account is.
    classes = [
        p
        for p in draft.free()
        if p.textual
        and p.classes >= 0.9
        and p.distinct >= 2
        and draft.hint(p) in (None, R.dimension)
        and not _SPENDING_KIND.search(key(p.header))
    ]
    if classes and draft.first(R.category) is None:
        draft.roles[classes[0].position] = R.category
    _spending_kind_is_no_class(draft)


def _spending_kind_is_no_class(draft: _Draft) -> None:
    """Payments whose account names what was spent on ("Expenditure Category", "Expense
    Type") beside a "Type" of Revenue | Capital: revenue expenditure, never income. The
    column is kept to filter by, not read as the accounts' class."""
    account, category = draft.first(R.account), draft.first(R.category)
    if account is None or category is None or category in draft.forced:
        return
    spent = _SPENDING_KIND.search(key(draft.profiles[account].header))
    if spent and draft.profiles[category].classes >= 0.5:  # "Capital" is no class word
        draft.roles[category] = R.dimension


# An accounting API's name for the books a report was drawn from ("Tenant" of a cloud
# package's connection, "Organisation"): with one name on every line, the file's company.
_ORGANISATION = frozenset(
    key(h)
    for h in (
        "Tenant", "Tenant Name", "Organisation", "Organization", "Organisation Name",
        "Organization Name", "Org", "Org Name",
        "Body Name", "Body",  # a public body's payments as its transparency code heads them
    )
)  # fmt: skip


def _one_organisation(draft: _Draft) -> None:
    """A column naming the organisation whose books the file holds, the same name on every
    line: the company. With several names it may be anything (a rent roll's tenants)."""
    if draft.first(R.company) is not None:
        return
    for p in draft.free():
        if key(p.header) in _ORGANISATION and p.textual and p.distinct == 1 and p.count > 1:
            draft.roles[p.position] = R.company
            return


# A public body's "Type of Expenditure" of Revenue | Capital says whether the spending was
# running costs or investment: "Revenue" there is revenue expenditure, never income.
_SPENDING_KIND = re.compile(r"\b(?:expenditure|spend|spending|expense|expenses)\b")


def _accounts_beside_categories(draft: _Draft) -> None:
    """A dated list of a person's money across a few accounts (a budgeting app's register, an
    aggregator's transactions: "Account" Checking, Visa; "Category" Groceries, Rent, Paycheck)
    whose category names more lines than there are accounts: the account says where the
    money sat, the category what it was for. The categories name the lines; the accounts are
    kept to filter by. A ledger's category groups its accounts, so it has fewer names."""
    account, category = draft.first(R.account), draft.first(R.category)
    if (
        draft.first(R.date) is None
        or account is None
        or category is None
        or account in draft.forced
        or category in draft.forced
    ):
        return
    held, named = draft.profiles[account], draft.profiles[category]
    if (
        named.textual
        and held.few_distinct
        and named.count >= held.count > 0
        and held.distinct < named.distinct
    ):
        draft.roles[account] = R.dimension
        draft.roles[category] = R.account


_NOMINAL = frozenset(key(h) for h in ("Nominal", "Nominal Code", "N/C", "NC", "Nominal A/C"))
_LEDGER_PARTY = frozenset(key(h) for h in ("Account", "A/C", "Account Ref", "A/C Ref"))


def _account(draft: _Draft) -> None:
    for p in draft.free():
        if draft.hint(p) is R.account and p.ibans >= 0.8:
            # A bank download's "Kontonummer" / "Account number" of IBANs is the other
            # party's bank account, not a ledger account: kept, filterable.
            draft.roles[p.position] = R.dimension
        elif draft.hint(p) is R.account and p.numbers >= 0.8 and p.signed >= 0.8:
            # A card issuer's "Account #" of "-41007" (the card's ending after a dash) reads
            # as a negative number: no ledger account is one, and a number never names an
            # account. It says which card: kept, filterable.
            draft.roles[p.position] = R.dimension
    named = [p for p in draft.free() if draft.hint(p) is R.account]
    nominal = [p for p in named if key(p.header) in _NOMINAL]
    party = [p for p in named if key(p.header) in _LEDGER_PARTY]
    if nominal and party and draft.first(R.account) is None:
        # An audit trail: "Account" is the customer, supplier or bank the line was entered
        # against; "Nominal" is the ledger account it posts to.
        draft.roles[nominal[0].position] = R.account
        for p in party:
            draft.roles[p.position] = R.dimension
    if draft.first(R.account) is None and not named:
        _full_name_beside_sides(draft)
    if draft.first(R.account) is None and named:
        texts = [p for p in named if p.textual or p.empty]
        # An "AccountID" of opaque keys ("00000000-0000-…-0001") beside the "AccountName"
        # names nothing a person reads: the longest text that is no id names the account.
        best = (
            max(texts, key=lambda p: (p.ids < 0.8, p.mean_length, -p.position))
            if texts
            else named[0]
        )
        draft.roles[best.position] = R.account
    for p in named:
        if p.position not in draft.roles:  # account numbers next to names: labels only
            draft.roles[p.position] = R.ignore
    if draft.first(R.account) is None:
        _group_headings(draft)
    _names_over_codes(draft)
    dated = draft.first(R.date) is not None
    named_category = any(
        p.textual and is_exact(p.header, "Category") and (dated or p.distinct < p.count)
        for p in draft.free()
    )  # an expense list's "Category" names its lines (`_promote_category`), not a "Tag";
    # an undated report's "Category" of lines each stated once (a budget-vs-actual pack's
    # Product Sales, Personnel, Marketing) is its line items, as a blank header would be
    if draft.first(R.account) is None and _has_value_columns(draft) and not named_category:
        for p in draft.free():  # the line items of a statement: the first text column
            if dated and p.distinct < 2:
                continue  # one text on every line ("Umsatz gebucht") names no accounts
            # An undated report (a VAT return, a summary) whose only text is a "Description":
            # it names the lines; a dated list's description is each movement's free text.
            named_by = (None, R.account) if dated else (None, R.account, R.description)
            lines = not dated and draft.hint(p) is R.category and p.distinct == p.count
            if not (p.textual and (draft.hint(p) in named_by or lines)):
                continue
            if not p.ids >= 0.8 and p.ibans < 0.8:
                draft.roles[p.position] = R.account
                break


def _full_name_beside_sides(draft: _Draft) -> None:
    """A cloud package's Journal report names each line's account in "Full name" ("Job
    Materials:Lumber", "Accounts Receivable (A/R)") beside its Debit | Credit pair and a
    Name (the customer or vendor): beside both sides it is the account; elsewhere a "Full
    name" is a person's."""
    sides = {draft.hint(p) for p in draft.profiles if not p.textual}
    if not {R.debit, R.credit} <= sides:
        return
    for p in draft.free():
        if key(p.header) == "full name" and p.textual:
            draft.roles[p.position] = R.account
            return


def _has_value_columns(draft: _Draft) -> bool:
    """Periods as columns, or a header naming an amount (a one-column statement)."""
    if any(r is R.amount for r in draft.roles.values()):
        return True
    return any(draft.hint(p) in (R.amount, R.debit, R.credit) for p in draft.free())


def _group_headings(draft: _Draft) -> None:
    """A column whose text stands alone on its rows names the account of the lines below."""
    for p in draft.free():
        if p.textual and p.sole >= 0.9 and draft.hint(p) in (None, R.account):
            draft.roles[p.position] = R.account
            return


def _names_over_codes(draft: _Draft) -> None:
    """Account codes beside account names: outside a dated ledger, the name is the account."""
    account = draft.first(R.account)
    if account is None or account in draft.forced or draft.first(R.date) is not None:
        return
    code = draft.profiles[account]
    if code.textual and code.ids < 0.8:
        return
    for p in draft.free():
        if p.textual and draft.hint(p) in (R.description, R.dimension, None):
            draft.roles[p.position] = R.account
            draft.roles[account] = R.ignore
            return


def _description(draft: _Draft) -> None:
    named = [p for p in draft.free() if draft.hint(p) is R.description and not p.numeric]
    exact = [p for p in named if is_exact(p.header, "Description")]
    chosen = (exact or named)[0] if (exact or named) else None
    if chosen is not None and draft.first(R.description) is None:
        draft.roles[chosen.position] = R.description
    for p in named:
        if p.position not in draft.roles:
            draft.roles[p.position] = R.dimension if p.few_distinct else R.ignore


_CLOSING = frozenset(
    key(h)
    for h in (
        "Ending Balance", "Closing Balance", "End Balance", "Balance End", "Ending Bal",
        "Closing Bal", "End of Period Balance", "Period End Balance", "Balance at End",
        "Balance at End of Period", "Endsaldo", "Solde final", "Solde de clôture",
        "期末余额", "年末余额",  # a Chinese balance table's
    )
)  # fmt: skip
_OPENING = frozenset(
    key(h)
    for h in (
        "Beginning Balance", "Opening Balance", "Begin Balance", "Start Balance",
        "Balance Forward", "Beginning Bal", "Opening Bal", "Anfangssaldo", "Solde initial",
        "期初余额", "年初余额",
    )
)  # fmt: skip


def _closing_balance(draft: _Draft) -> None:
    """An undated trial balance with opening, debit, credit and closing columns: the as-of
    balance is the closing one; the others restate it and are kept as numbers, not money
    (read as debit minus credit, the period's movement would pass for the balance)."""
    if draft.first(R.date) is not None:
        return  # a dated ledger or bank statement: its closing balance runs along the lines
    closing = [p for p in draft.free() if key(p.header) in _CLOSING and not p.textual]
    opening = [p for p in draft.free() if key(p.header) in _OPENING and not p.textual]
    movements = [p for p in draft.free() if draft.hint(p) in (R.debit, R.credit)]
    if len(closing) != 1 or not (opening or movements):
        return
    draft.roles[closing[0].position] = R.amount
    for p in draft.free():
        if not p.textual and (p in opening or p in movements or key(p.header) == "net change"):
            draft.roles[p.position] = R.quantity


def _money(draft: _Draft) -> None:
    """Amount, debit/credit, measures; numbers that are not money become quantities."""
    _closing_balance(draft)
    _stated_total(draft)
    named = (R.amount, R.debit, R.credit)
    numeric = [
        p
        for p in draft.free()
        if p.numeric
        or (p.empty and draft.hint(p) in MONEY_ROLES)
        or (draft.hint(p) in named and p.dates < 0.5)
    ]
    _in_out_beside_accounts(draft, numeric)
    debit = [p for p in numeric if draft.hint(p) is R.debit]
    credit = [p for p in numeric if draft.hint(p) is R.credit]
    # "Cargo" / "Abono" are a Spanish-speaking bank's sides only beside each other: alone,
    # "Cargo" is an airline's freight revenue beside "Passenger" (a money column).
    debit = [p for p in debit if key(p.header) not in SIDE_WORDS_IN_PAIRS or credit]
    credit = [p for p in credit if key(p.header) not in SIDE_WORDS_IN_PAIRS or debit]
    if debit or credit:
        if _undated(draft):  # a trial balance: the balance pair, not the month's
            debit.sort(key=lambda p: not _cumulative(p))
            credit.sort(key=lambda p: not _cumulative(p))
        for p in debit[:1] + credit[:1]:
            draft.roles[p.position] = draft.hint(p)  # type: ignore[assignment]
    # A column named as the amount ("Actual", "Amount") is placed before the other numbers,
    # and a balance ("Saldo" before "Betrag") after the movements it runs along.
    for p in sorted(numeric, key=lambda q: (draft.hint(q) is not R.amount, _balance(q))):
        if p.position in draft.roles:
            continue
        draft.roles[p.position] = _number_role(draft, p)
    _in_out_restated(draft)
    _bank_in_out(draft)
    if draft.first(R.debit) is not None or draft.first(R.credit) is not None:
        for i, r in _items(draft):  # Gross and GST beside Debit/Credit restate the movement;
            fee = key(draft.profiles[i].header) in FEE_HEADERS  # a fee is what the bank took
            if r is R.measure and i not in draft.forced and not fee:
                draft.roles[i] = R.quantity
    has_account = draft.first(R.account) is not None
    amounts = [i for i, r in _items(draft) if r is R.amount and not _period_header(draft, i)]
    if (not has_account and len(amounts) > 1) or (amounts and draft.first(R.measure) is not None):
        for i in amounts:  # several money columns and no account column: a wide sheet
            if i not in draft.forced:
                draft.roles[i] = R.measure
    _promote_category(draft)


def _stated_total(draft: _Draft) -> None:
    """A dated list whose "Total …" column is filled once, above the lines, beside an
    "Amount" filled on them (a marketplace settlement's summary line: total-amount and the
    currency, then one line per amount): the total is the file's own sum of the lines, a
    number to check (`elara.ingest.rows`), never money of its own."""
    if draft.first(R.date) is None:
        return
    amounts = [p for p in draft.free() if draft.hint(p) is R.amount and p.count >= 3]
    for p in draft.free():
        named = words(p.header)
        if named[:1] == ["total"] and p.count == 1 and any(q is not p for q in amounts):
            draft.roles[p.position] = R.quantity


_IN_OUT = IN_OUT_HEADERS


def _in_out_restated(draft: _Draft) -> None:
    """One signed amount beside unsigned Money In / Money Out columns: those restate it (each
    line's amount split by direction); counted too, every line would be counted twice."""
    signed = [
        i
        for i, r in _items(draft)
        if r is R.amount and draft.profiles[i].signed > 0 and not _period_header(draft, i)
    ]
    if len(signed) != 1:
        return
    for i, r in _items(draft):
        header = key(draft.profiles[i].header)
        if r is R.measure and header in _IN_OUT and i not in draft.forced:
            draft.roles[i] = R.quantity


def _bank_in_out(draft: _Draft) -> None:
    """A bank's own download with one column of money in and one of money out ("Paid in" /
    "Paid out", "Deposits" / "Withdrawals", "Receipts" / "Payments"), dated, with nothing
    naming its lines: its sides, as a bank statement's Credit / Debit are (the money in a
    credit, the money out a debit), so the lines are read as cash, "Money in" positive and
    "Money out" negative (`elara.ingest.direction`). Only when the sheet is a statement: a
    running balance beside them, or a title saying so; otherwise they stay accounts of their
    own, as the file states them (a cash book's columns, a budget's)."""
    if draft.first(R.date) is None or any(
        draft.first(r) is not None for r in (R.account, R.category, R.debit, R.credit, R.amount)
    ):
        return
    measures = [i for i, r in _items(draft) if r is R.measure]
    ways = _in_out_sides(draft, measures)
    if ways is None or any(i in draft.forced for i in ways.values()):
        return
    sides = ways.values()
    if any(key(draft.profiles[i].header) not in FEE_HEADERS for i in measures if i not in sides):
        return  # another money column names its own lines
    running = any(r is R.quantity and _balance(draft.profiles[i]) for i, r in _items(draft))
    if not (running or draft.statement):
        return
    for role, i in ways.items():
        draft.roles[i] = role


def _in_out_sides(draft: _Draft, positions: list[int]) -> dict[R, int] | None:
    """The two columns of `positions` named as money in and money out (IN_OUT_SIDES), each
    with its side (the money in a credit, the money out a debit); None unless exactly two,
    one of each. Read by both rules on them: a bank's own download without an account column
    (`_bank_in_out`, after the money roles: its columns are measures then) and a cash book's
    accounts beside them (`_in_out_beside_accounts`, before: else one is taken as the amount)."""
    sides = [i for i in positions if key(draft.profiles[i].header) in IN_OUT_SIDES]
    ways = {IN_OUT_SIDES[key(draft.profiles[i].header)]: i for i in sides}
    return ways if len(sides) == 2 and set(ways) == {R.credit, R.debit} else None


def _in_out_beside_accounts(draft: _Draft, numeric: list[Profile]) -> None:
    """A cash book: each line's account (Sales, Stationery) beside Receipts | Payments (or
    Money in | Money out, Paid in | Paid out…) and no other amount. The two columns are the
    line's two sides, a payment debiting its account and a receipt crediting it, as a
    ledger's Debit | Credit; read as an amount and a number, every payment would be lost.
    The bank account's own download (one account on every line, or a running balance)
    gets the same columns the other way round."""
    account = draft.first(R.account)
    if account is None or draft.first(R.date) is None:
        return
    if any(draft.hint(p) in (R.amount, R.debit, R.credit) and not _balance(p) for p in numeric):
        return  # another money column (a running balance is none: its own rule reads it)
    ways = _in_out_sides(draft, [p.position for p in numeric if p.position not in draft.forced])
    if ways is None:
        return
    # One bank account named on every line, or a running balance beside the two columns: a
    # bank's own download, the account the bank account itself, which a receipt debits and a
    # payment credits (the cash book's sides the other way round).
    own = draft.profiles[account].distinct < 2 or any(_balance(p) for p in numeric)
    for role, i in ways.items():
        draft.roles[i] = (R.debit if role is R.credit else R.credit) if own else role


def _undated(draft: _Draft) -> bool:
    """No date column, or one date on every line: a report's date repeated beside each
    account (an API trial balance's "ReportDate"), which dates the table, not its lines."""
    date = draft.first(R.date)
    return date is None or (draft.profiles[date].distinct == 1 and draft.profiles[date].count > 1)


def _cumulative(p: Profile) -> bool:
    return cumulative_header(p.header)


def _period_header(draft: _Draft, position: int) -> bool:
    return read_header_period(draft.profiles[position].header) is not None


def _number_role(draft: _Draft, p: Profile) -> R:
    hint = draft.hint(p)
    if hint in (R.debit, R.credit) and key(p.header) in SIDE_WORDS_IN_PAIRS:
        hint = None  # "Cargo" without its "Abono": a money column like any other
    if hint is R.dimension and p.signed > 0:
        # named like a dimension ("Activity") but holding negative numbers: a figure (a
        # trial balance's debit - credit), never a code to filter by
        return R.quantity
    if hint in (R.ignore, R.quantity, R.dimension, R.period, R.date, R.company):
        return R.ignore if hint in (R.period, R.date, R.company) or hint is None else hint
    if hint is None and _looks_like_id(p):
        return R.ignore
    if hint is None and p.years >= 0.9:
        return R.ignore
    if p.unit_interval and hint not in (R.measure, R.amount):
        return R.quantity  # a rate; a column named as money (a "Fee" of 0.50) stays money
    has_account = draft.first(R.account) is not None
    money = [r for r in draft.roles.values() if r in (R.amount, R.debit, R.credit)]
    if _balance(p) and (money or _other_money(draft, p)):
        return R.quantity  # a running balance beside the movements is not summable
    if has_account or hint is R.amount:
        return R.amount if not money or _another_currency(draft, p) else R.quantity
    return R.measure if hint in (R.measure, None, R.account, R.description) else R.quantity


def _another_currency(draft: _Draft, p: Profile) -> bool:
    """A money column in a currency of its own beside others ("USD$" beside "CAD$", a bank
    download of several accounts): its amounts are money too, in the header's currency."""
    own = header_currency(p.header) if not p.empty else None
    taken = [i for i, r in draft.roles.items() if r in (R.amount, R.debit, R.credit)]
    others = [header_currency(draft.profiles[i].header) for i in taken]
    return (
        own is not None
        and all(r is R.amount for i, r in draft.roles.items() if i in taken)
        and all(c is not None and c != own for c in others)
    )


def _balance(p: Profile) -> bool:
    """A balance after each line: "Balance", "Saldo", and spelled out ("Saldo na mutatie",
    "Saldo nach Buchung", "Solde après opération", "Balance after")."""
    named = key(p.header)
    return (
        named in _BALANCES
        or re.match(r"(?:saldo|solde|kontostand|balance after)\b", named) is not None
    )


def _other_money(draft: _Draft, p: Profile) -> bool:
    return any(
        q.position != p.position and q.numeric and draft.hint(q) in MONEY_ROLES
        for q in draft.profiles
    )


def _looks_like_id(p: Profile) -> bool:
    return p.integers >= 0.95 and p.distinct == p.count and p.count >= 5 and p.position == 0


def _promote_category(draft: _Draft) -> None:
    """A single amount and no account column: the category names the account."""
    amounts = [i for i, r in _items(draft) if r is R.amount]
    _category_of_some_sides(draft)
    if (
        draft.first(R.account) is None
        and len(amounts) == 1
        and not _period_header(draft, amounts[0])
    ):
        category = draft.first(R.category)
        if category is None or category in draft.forced:
            return
        if draft.first(R.date) is not None and is_exact(draft.profiles[category].header, "Type"):
            # A dated list's "Type" (CARD_PAYMENT, TOPUP, Faster payment) says how the money
            # moved, not what it was for: a filter, not the account.
            draft.roles[category] = R.dimension
            return
        if draft.profiles[category].count < draft.profiles[amounts[0]].count:
            # Lines without one (a card's payments) would have no account, and one account
            # would mix kinds: the category only filters the lines.
            draft.roles[category] = R.dimension
            return
        draft.roles[category] = R.account


def _category_of_some_sides(draft: _Draft) -> None:
    """A bank's Debit | Credit pair (no amount, no account) beside a category filled on only
    some lines (a Swiss bank's "Kategorie" the customer set on a few): the lines without
    one would have no account, so the category only filters them, as with one amount."""
    category = draft.first(R.category)
    sides = [i for i, r in _items(draft) if r in (R.debit, R.credit)]
    if (
        category is None
        or category in draft.forced
        or draft.first(R.account) is not None
        or any(r is R.amount for _, r in _items(draft))
        or not sides
    ):
        return
    lines = sum(draft.profiles[i].count for i in sides)
    if draft.profiles[category].count < lines:
        draft.roles[category] = R.dimension
    elif draft.first(R.date) is not None and draft.profiles[category].textual:
        # filled on every line (a card issuer's Grocery, Dining, Payment/Credit): as beside
        # one amount, the category names the lines
        draft.roles[category] = R.account


def _rest(draft: _Draft) -> None:
    measures = draft.first(R.measure) is not None
    for p in draft.free():
        hint = draft.hint(p)
        if p.empty:
            draft.roles[p.position] = R.ignore
        elif hint is R.quantity:
            draft.roles[p.position] = R.quantity
        elif hint is R.dimension or (hint in _TEXT_ROLES and p.textual):
            draft.roles[p.position] = R.dimension
        elif hint is R.ignore or _looks_like_id(p) or p.ids >= 0.8:
            draft.roles[p.position] = R.ignore
        elif p.textual and (p.few_distinct or hint is R.dimension):
            draft.roles[p.position] = R.dimension
        elif p.textual and draft.first(R.description) is None:
            draft.roles[p.position] = R.description
        else:
            draft.roles[p.position] = R.ignore
    category = draft.first(R.category)
    if measures and category is not None and category not in draft.forced:
        draft.roles[category] = R.dimension  # a wide sheet's category is a filter


def column_settings(profiles: list[Profile], roles: list[R]) -> list[ColumnSetting]:
    """Settings for every column, with the period end of period headers. A year or quarter
    column that adds up the months (or quarters) beside it ("Q1 Total", "FY 2026" after
    JAN…DEC) is a total, not a period: it is checked against them, never stored."""
    amounts = {
        p.position: p.header for p, role in zip(profiles, roles, strict=True) if role is R.amount
    }
    summaries = summary_columns(amounts)
    roles = [R.ignore if i in summaries else role for i, role in enumerate(roles)]
    periods = {
        p.position: read_header_period(p.header)
        for p, role in zip(profiles, roles, strict=True)
        if role is R.amount
    }
    months = first_day_months(periods.values())
    ends = {i: period_end(p, months=months) for i, p in periods.items() if p is not None}
    return [
        ColumnSetting(header=p.header, role=role, period_end=ends.get(p.position))
        for p, role in zip(profiles, roles, strict=True)
    ]


def other_dates(profiles: list[Profile], columns: list[ColumnSetting]) -> str | None:
    """Say which column dates the records when other columns hold dates too."""
    dated = next((c.header for c in columns if c.role is R.date), None)
    others = [
        f'"{p.header}"' for p in profiles if p.dates >= 0.8 and columns[p.position].role is R.ignore
    ]
    if dated is None or not others:
        return None
    return (
        f'The records are dated by "{dated}"; {", ".join(others)} also '
        f"{'holds dates' if len(others) == 1 else 'hold dates'}, not stored: choose "
        "another date column in the mapping if the books date by it."
    )
