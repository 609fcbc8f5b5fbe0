"""What the analyst assistant reads: monthly amounts per account, per company, for one user —
always through `elara.dashboard.service`, so the dashboard's row-level access, sign convention,
currency conversion and cache apply to every number.

Amounts are profit-signed: income positive, costs negative (the dashboard's revenue minus its
expenses, per account and month).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from elara.assistant import metrics
from elara.dashboard import service
from elara.dashboard.cache import Cache
from elara.dashboard.filters import make_filters
from elara.dashboard.kinds import UNCLASSIFIED, kind_of, plan_for
from elara.dashboard.schemas import Summary
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
    # else the vocabulary; None: the dashboard shows it as Unclassified): the assistant's
    # figures are the dashboard's
    kinds: dict[str, AccountKind | None] = field(default_factory=dict)

    def kind(self, account: str, category: str | None) -> AccountKind | None:
        """The account's kind exactly as the dashboard classifies it: an account it shows as
        Unclassified has none (never the assistant's own name rules, which would put it in a
        metric the dashboard leaves it out of). Only an account the dashboard's plan does not
        list at all falls back to the name rules."""
        if account in self.kinds:
            return self.kinds[account]
        return metrics.kind_of(account, category)

    def unclassified(self, account: str) -> bool:
        """The dashboard shows the account as Unclassified (in every dataset that has it)."""
        return account in self.kinds and self.kinds[account] is None

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
        # accounts whose datasets give them different income or expense kinds: the book keeps
        # one line per kind ("Consulting (revenue)", "Consulting (operating expense)"), each
        # read from its own datasets, as the dashboard counts each dataset's amount
        self._split: dict[str, dict[str, tuple[AccountKind, tuple[int, ...]]]] = {}

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
            kinds = self._kinds(tuple(d.id for d in options.datasets))
            accounts = list(options.accounts)
            categories = self._categories(options.accounts, options.categories)
            for account, parts in self._split.items():
                if account not in categories:
                    continue
                category = categories.pop(account)
                kinds.pop(account, None)
                accounts.remove(account)
                for key, (kind, _) in parts.items():
                    accounts.append(key)
                    categories[key] = category
                    kinds[key] = kind
            self._visible = Visible(
                tuple(options.companies),
                tuple(accounts),
                categories,
                options.first_date,
                options.last_date,
                {d.name: tuple(d.values) for d in options.dimensions if d.values},
                tuple(options.scenarios) or ("actual",),
                kinds,
            )
        return self._visible

    def _kinds(self, dataset_ids: tuple[int, ...]) -> dict[str, AccountKind | None]:
        """Each account's kind as the dashboard classifies it in these datasets (the first
        dataset's, when two disagree); None for an account every dataset leaves unclassified
        (the dashboard shows it apart, as Unclassified, and adds it into no figure)."""
        seen: dict[str, list[AccountKind]] = {}
        per_dataset: dict[str, dict[AccountKind, set[int]]] = {}
        plan = plan_for(self.session, dataset_ids)
        for (dataset_id, account, _), name in sorted(plan.buckets.items()):
            kind = kind_of(name)
            found = seen.setdefault(account, [])
            if kind != UNCLASSIFIED and kind in AccountKind.__members__:
                found.append(AccountKind(kind))
                if _kind_rank(AccountKind(kind)) == 0:
                    per_dataset.setdefault(account, {}).setdefault(AccountKind(kind), set())
                    per_dataset[account][AccountKind(kind)].add(dataset_id)
        # The same name an income in one dataset and an expense (or another income or expense
        # kind) in another: each dataset's amount counts as its own kind on the dashboard, so
        # the book splits the account by kind (never one kind for the sum of both).
        self._split = {
            account: {
                f"{account} ({kind.value.replace('_', ' ')})": (kind, tuple(sorted(ids)))
                for kind, ids in sorted(by_kind.items(), key=lambda kv: kv[0].value)
            }
            for account, by_kind in per_dataset.items()
            if len(by_kind) > 1
        }
        # An account two datasets classify apart ("Depreciation" of a P&L and of a cash flow
        # statement): the dashboard's amounts hold only its income and expense, so an income
        # or expense kind wins, then a subtotal, then the first.
        return {
            account: min(kinds, key=_kind_rank) if kinds else None
            for account, kinds in seen.items()
        }

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

    def _summary(
        self,
        companies: Iterable[str],
        start: date,
        end: date,
        where: Where,
        accounts: list[str] | None = None,
    ) -> Summary:
        """The dashboard's summary for these companies, period, dimension values (and
        accounts), as this user sees it."""
        return service.summary(
            self.session,
            user=self.user,
            filters=make_filters(
                companies=list(companies),
                date_from=start,
                date_to=end,
                accounts=accounts or [],
                dimensions=[f"{name}={value}" for name, value in where],
                scenario=self.scenario,
            ),
            cache=self.cache,
        )

    def only_other_lines(
        self, companies: Iterable[str], start: date, end: date, where: Where = ()
    ) -> bool:
        """The scope holds records in the period and every one is a balance-sheet or a
        non-financial line (a balance sheet, a statement of cash flows), as the dashboard
        classifies them per dataset: its summary then has no income, expense, unclassified
        or stated figure at all. An empty period (start after end) holds nothing."""
        if start > end:
            return False
        answer = self._summary(companies, start, end, where)
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

    def unclassified_amounts(
        self, account: str, companies: Iterable[str], start: date, end: date, where: Where = ()
    ) -> list[tuple[str | None, Decimal]]:
        """The dashboard's Unclassified figure of one account (per currency): what the summary
        shows for the same companies, period, dimension values and account."""
        answer = self._summary(companies, start, end, where, accounts=[account])
        return [
            (block.currency, Decimal(str(block.current.unclassified or 0)))
            for block in answer.by_currency
        ]

    def book(self, company: str | None, where: Where = ()) -> Book:
        """Monthly amounts per account of one visible company (None: every visible company),
        within the imported dimension values `where` names (the dashboard's own filter)."""
        key = (company, where)
        if key not in self._books:
            self._books[key] = self._read(company, where)
        return self._books[key]

    def _read(self, company: str | None, where: Where) -> Book:
        self.visible()  # the accounts split by kind are known once the kinds are read
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
            exact=True,
        )
        book = Book()
        self._fill(book, answer, set(self._split))
        for account, parts in self._split.items():
            for key, (_, ids) in parts.items():
                # the account's amounts in the datasets that give it this kind only
                one = service.timeseries(
                    self.session,
                    user=self.user,
                    filters=replace(filters, dataset_ids=ids, accounts=(account,)),
                    granularity="month",
                    group_by="account",
                    cache=self.cache,
                    exact=True,
                )
                self._fill(book, one, set(), key)
        return book

    @staticmethod
    def _fill(book: Book, answer: Any, skip: set[str], key: str | None = None) -> None:
        """Add a timeseries by account to the book (under `key` when given); `skip`: accounts
        read apart (split by kind)."""
        for block in answer.by_currency:
            months: Months = book.by_currency.setdefault(block.currency, {})
            for line in block.series:
                if line.key is None or line.key in skip:
                    continue
                for i, start in enumerate(answer.periods):
                    if line.record_count[i]:
                        name = key or line.key
                        amount = Decimal(line.net_income[i] or 0)
                        if not amount and line.apart:
                            # a line no figure adds ("Gross Sales" beside Discounts and
                            # Sales): its own stated amount, never a zero
                            amount = Decimal(line.apart[i] or 0)
                        months[(start, name)] = months.get((start, name), ZERO) + amount


@dataclass(frozen=True)
class Closing:
    """One company's balance-sheet lines at its latest balance date on or before a date."""

    company: str
    day: date
    lines: tuple[tuple[str, str | None, str | None, Decimal], ...]  # account, category, cur, amount


def closing_balances(
    ledger: Ledger, accounts: list[str], companies: Iterable[str], at: date
) -> list[Closing]:
    """Each company's stored balance-sheet records (`accounts`) at its latest date on or before
    `at`, read as the user's filtered records (the dashboard's records list: row-level access,
    the same scenario), companies in code order. No company named: every company the user
    sees. Per company, one record (the latest on or before `at`) gives its date, then only the
    records of that date are read (never every balance before it)."""
    from elara.dashboard.records import MAX_LIMIT, records

    out: list[Closing] = []
    for code in sorted(set(companies) or set(ledger.visible().companies)):
        before = make_filters(
            companies=[code], date_to=at, accounts=accounts, scenario=ledger.scenario
        )
        last = records(
            ledger.session, user=ledger.user, filters=before, sort="date", order="desc", limit=1
        )
        if not last.items:
            continue
        day = last.items[0].date
        on_day = make_filters(
            companies=[code],
            date_from=day,
            date_to=day,
            accounts=accounts,
            scenario=ledger.scenario,
        )
        lines: list[tuple[str, str | None, str | None, Decimal]] = []
        cursor = None
        while True:
            page = records(
                ledger.session,
                user=ledger.user,
                filters=on_day,
                sort="date",
                order="asc",
                limit=MAX_LIMIT,
                cursor=cursor,
            )
            for item in page.items:
                amount = Decimal(str(item.amount))
                lines.append((item.account, item.category, item.currency, amount))
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        if lines:
            out.append(Closing(code, day, tuple(lines)))
    return out
