"""Income or expense: the record's category when it names a kind, else its account.

Matching is exact after trimming and ASCII lower-casing. `DEFAULT_KINDS` is the documented
default map; admins extend or override it per account through the `account_categories` table
(`/api/dashboard/account-categories`). Categories are only matched against the defaults, so an
admin entry describes an account, never a whole category.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from elara.models import AccountCategory

INCOME = "income"
EXPENSE = "expense"
OTHER = "other"
KINDS = (INCOME, EXPENSE)

_INCOME_TERMS = (
    "revenue",
    "revenues",
    "sales",
    "net sales",
    "income",
    "other income",
    "interest income",
    "turnover",
    "operating income",
)
_EXPENSE_TERMS = (
    "cogs",
    "cost of sales",
    "cost of goods sold",
    "cost of revenue",
    "expense",
    "expenses",
    "operating expenses",
    "opex",
    "payroll",
    "salaries",
    "wages",
    "rent",
    "marketing",
    "r&d",
    "research and development",
    "g&a",
    "general and administrative",
    "sg&a",
    "depreciation",
    "amortization",
    "interest expense",
    "tax",
    "taxes",
    "income tax",
    "utilities",
    "insurance",
    "travel",
    "professional fees",
)
DEFAULT_KINDS: dict[str, str] = {
    **{term: INCOME for term in _INCOME_TERMS},
    **{term: EXPENSE for term in _EXPENSE_TERMS},
}


def normalise(term: str | None) -> str:
    """The form a category or account is matched in."""
    return (term or "").strip().lower()


@dataclass(frozen=True)
class KindMap:
    """Category terms (defaults) and account terms (defaults + admin entries) to a kind."""

    categories: dict[str, str]
    accounts: dict[str, str]

    def kind_of(self, *, category: str | None, account: str) -> str:
        """The kind of one record, by the documented rule."""
        by_category = self.categories.get(normalise(category))
        return by_category or self.accounts.get(normalise(account)) or OTHER

    def terms(self, which: str, kind: str) -> list[str]:
        source = self.categories if which == "category" else self.accounts
        return sorted(term for term, value in source.items() if value == kind)

    def key(self) -> str:
        custom = sorted(set(self.accounts.items()) - set(DEFAULT_KINDS.items()))
        return repr(custom)


def load_kind_map(session: Session) -> KindMap:
    """The defaults overlaid with the admins' account entries."""
    accounts = dict(DEFAULT_KINDS)
    for account, kind in session.execute(select(AccountCategory.account, AccountCategory.kind)):
        accounts[normalise(account)] = kind
    return KindMap(categories=dict(DEFAULT_KINDS), accounts=accounts)
