"""What the analyst assistant reads: monthly amounts per account, per company, for one user —
always through `elara.dashboard.service`, so the dashboard's row-level access, sign convention,
currency conversion and cache apply to every number.

Amounts are profit-signed: income positive, costs negative (the dashboard's revenue minus its
expenses, per account and month).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from elara.assistant import metrics
from elara.dashboard import service
from elara.dashboard.cache import Cache
from elara.dashboard.filters import make_filters
from elara.dashboard.kinds import UNCLASSIFIED, kind_of, plan_for
from elara.finance.kinds import AccountKind
from elara.models import User

ZERO = Decimal(0)
MAX_CATEGORIES = 60
# (month start, account) -> profit-signed amount, for one company and one currency
Months = dict[tuple[date, str], Decimal]
# imported dimension filters: ((dimension, value), ...), e.g. (("Region", "West"),)
Where = tuple[tuple[str, str], ...]


@dataclass
class Book:
    """One company's (or the whole scope's) months, per currency."""

    by_currency: dict[str | None, Months] = field(default_factory=dict)

    def currencies(self) -> list[str | None]:
        return sorted(self.by_currency, key=lambda c: c or "")

    def accounts(self, currency: str | None, start: date, end: date) -> dict[str, Decimal]:
        """Totals per account over whole months from `start` to `end` (inclusive)."""
        out: dict[str, Decimal] = {}
        for (month, account), amount in self.by_currency.get(currency, {}).items():
            if start <= month <= end:
                out[account] = out.get(account, ZERO) + amount
        return out

    def months(self, currency: str | None, start: date, end: date) -> list[date]:
        found = {m for m, _ in self.by_currency.get(currency, {}) if start <= m <= end}
        return sorted(found)


@dataclass(frozen=True)
class Visible:
    """What the user may see: company codes, accounts (with category) and the data's extent."""

    companies: tuple[str, ...]
    accounts: tuple[str, ...]
    categories: dict[str, str | None]
    first: date | None
    last: date | None
    dimensions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> values
    # the scenarios (actual, budget, forecast, prior_year) among the datasets the user may see
    scenarios: tuple[str, ...] = ("actual",)
    # the kinds the dashboard gives accounts (an admin's, the dataset's or the import's choice,
    # else the vocabulary): the assistant's figures are the dashboard's
    kinds: dict[str, AccountKind] = field(default_factory=dict)

    def kind(self, account: str, category: str | None) -> AccountKind | None:
        """The account's kind: the dashboard's, else the assistant's own name rules."""
        return self.kinds.get(account) or metrics.kind_of(account, category)

    def all_kinds(self) -> dict[str, AccountKind | None]:
        """Every visible account's kind (None: nothing says what it is)."""
        return {a: self.kind(a, c) for a, c in self.categories.items()}


_LATER_KINDS = {AccountKind.subtotal: 1, AccountKind.balance_sheet: 2, AccountKind.non_financial: 2}


def _kind_rank(kind: AccountKind) -> int:
    """Income and expense kinds first (0), then subtotals, then lines never added."""
    return _LATER_KINDS.get(kind, 0)


class Ledger:
    """Reads for one user and one question; each company's months are read once. A ledger
    reads one scenario's datasets (None: the dashboard's default, actual), exactly as the
    dashboard does with `scenario=`, so a budget is never added to actuals."""

    def __init__(
        self,
        session: Session,
        user: User,
        *,
        cache: Cache | None = None,
        scenario: str | None = None,
    ) -> None:
        self.session, self.user, self.cache = session, user, cache
        self.scenario = scenario
        self._books: dict[tuple[str | None, Where], Book] = {}
        self._visible: Visible | None = None
        self._others: dict[str, Ledger] = {}

    def of(self, scenario: str) -> Ledger:
        """The same user's ledger of another scenario's datasets (budget, forecast)."""
        if scenario == (self.scenario or "actual"):
            return self
        if scenario not in self._others:
            self._others[scenario] = Ledger(
                self.session, self.user, cache=self.cache, scenario=scenario
            )
        return self._others[scenario]

    def visible(self) -> Visible:
        """The dashboard's filter options for this user."""
        if self._visible is None:
            options = service.filter_options(
                self.session,
                user=self.user,
                filters=make_filters(scenario=self.scenario),
                cache=self.cache,
            )
            self._visible = Visible(
                tuple(options.companies),
                tuple(options.accounts),
                self._categories(options.accounts, options.categories),
                options.first_date,
                options.last_date,
                {d.name: tuple(d.values) for d in options.dimensions if d.values},
                tuple(options.scenarios) or ("actual",),
                self._kinds(tuple(d.id for d in options.datasets)),
            )
        return self._visible

    def _kinds(self, dataset_ids: tuple[int, ...]) -> dict[str, AccountKind]:
        """Each account's kind as the dashboard classifies it in these datasets (the first
        dataset's, when two disagree); accounts it leaves unclassified are not listed."""
        seen: dict[str, list[AccountKind]] = {}
        plan = plan_for(self.session, dataset_ids)
        for (_, account, _), name in sorted(plan.buckets.items()):
            kind = kind_of(name)
            if kind != UNCLASSIFIED and kind in AccountKind.__members__:
                seen.setdefault(account, []).append(AccountKind(kind))
        # An account two datasets classify apart ("Depreciation" of a P&L and of a cash flow
        # statement): the dashboard's amounts hold only its income and expense, so an income
        # or expense kind wins, then a subtotal, then the first.
        return {account: min(kinds, key=_kind_rank) for account, kinds in seen.items()}

    def _categories(
        self, accounts: Iterable[str], categories: Iterable[str]
    ) -> dict[str, str | None]:
        """Each account's category: one breakdown by account per category (categories are few;
        past MAX_CATEGORIES the accounts are classified by name alone)."""
        out: dict[str, str | None] = dict.fromkeys(accounts)
        names = list(categories)
        if len(names) > MAX_CATEGORIES:
            return out
        for category in names:
            answer = service.breakdown(
                self.session,
                user=self.user,
                filters=make_filters(categories=[category], scenario=self.scenario),
                by="account",
                top=service.MAX_TOP,
                cache=self.cache,
            )
            for block in answer.by_currency:
                for item in block.items:
                    if item.key in out and out[item.key] is None:
                        out[item.key] = category
        return out

    def only_other_lines(
        self, companies: Iterable[str], start: date, end: date, where: Where = ()
    ) -> bool:
        """The scope holds records in the period and every one is a balance-sheet or a
        non-financial line (a balance sheet, a statement of cash flows), as the dashboard
        classifies them per dataset: its summary then has no income, expense, unclassified
        or stated figure at all. An empty period (start after end) holds nothing."""
        if start > end:
            return False
        answer = service.summary(
            self.session,
            user=self.user,
            filters=make_filters(
                companies=list(companies),
                date_from=start,
                date_to=end,
                dimensions=[f"{name}={value}" for name, value in where],
                scenario=self.scenario,
            ),
            cache=self.cache,
        )
        records = 0
        for block in answer.by_currency:
            kpis = block.current
            figures = (
                kpis.revenue, kpis.cost_of_sales, kpis.operating_expenses, kpis.other_income,
                kpis.other_expenses, kpis.tax, kpis.unclassified,
            )  # fmt: skip
            if any(Decimal(str(f)) != 0 for f in figures) or kpis.unclassified_count or kpis.stated:
                return False
            records += kpis.record_count
        return records > 0

    def book(self, company: str | None, where: Where = ()) -> Book:
        """Monthly amounts per account of one visible company (None: every visible company),
        within the imported dimension values `where` names (the dashboard's own filter)."""
        key = (company, where)
        if key not in self._books:
            self._books[key] = self._read(company, where)
        return self._books[key]

    def _read(self, company: str | None, where: Where) -> Book:
        filters = make_filters(
            companies=[company] if company else [],
            dimensions=[f"{name}={value}" for name, value in where],
            scenario=self.scenario,
        )
        answer = service.timeseries(
            self.session,
            user=self.user,
            filters=filters,
            granularity="month",
            group_by="account",
            cache=self.cache,
        )
        book = Book()
        for block in answer.by_currency:
            months: Months = book.by_currency.setdefault(block.currency, {})
            for line in block.series:
                for i, start in enumerate(answer.periods):
                    if line.record_count[i] and line.key is not None:
                        months[(start, line.key)] = Decimal(line.net_income[i] or 0)
        return book
