"""Account kinds: what a line of a statement or a ledger account means.

This module is a leaf (standard library only) so that import, dashboard and assistant can all
use one vocabulary. Matching is case- and punctuation-insensitive ("SG&A", "sg & a" and
"S.G.&A." are one term) and ignores a leading account number ("4000 - Sales").

`classify(account, category)` gives a `Classification`: the kind and, for the lines a
statement computes, which figure the line states (`line`): a subtotal line says which KPI it
is ("gross_profit", "operating_income", "net_income"…), an operating expense line says
"depreciation" when it is depreciation or amortisation (so EBITDA can be computed).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class AccountKind(StrEnum):
    revenue = "revenue"
    cost_of_sales = "cost_of_sales"
    operating_expense = "operating_expense"
    other_income = "other_income"
    other_expense = "other_expense"
    tax = "tax"
    subtotal = "subtotal"  # Gross Profit, Operating Income, Net Income, "Total …": never summed
    non_financial = "non_financial"  # units, headcount: never money
    balance_sheet = "balance_sheet"  # assets, liabilities, equity of a trial balance


INCOME_KINDS = frozenset({AccountKind.revenue, AccountKind.other_income})
EXPENSE_KINDS = frozenset(
    {
        AccountKind.cost_of_sales,
        AccountKind.operating_expense,
        AccountKind.other_expense,
        AccountKind.tax,
    }
)

# What a subtotal line states; the dashboard ties each against the figure it computes.
SUBTOTAL_LINES = (
    "revenue",
    "cost_of_sales",
    "gross_profit",
    "operating_expenses",
    "operating_income",
    "ebitda",
    "pretax_income",
    "net_income",
    "other",
)
DEPRECIATION = "depreciation"
INCOME_OFFSET = "income_offset"  # an income inside operating costs (other operating income)


@dataclass(frozen=True)
class Classification:
    kind: AccountKind
    line: str | None = None


# The longest name or category whose normalised form and classification are remembered: a
# file repeats its few hundred accounts on every line, and each is matched against the whole
# vocabulary. Longer texts (a description in the wrong column) are worked out every time, so
# the caches stay small whatever a file holds.
CACHED_LENGTH = 200
CACHED_NAMES = 8192


def normalise_name(name: str | None) -> str:
    """The form account names and categories are matched in (stored as ``account_key``).

    Not ``elara.ingest.headers.normalise_header`` (headers: words joined, digits kept)."""
    if _remembered(name):
        return _normalised(name)
    return _normalise(name)


def _remembered(text: object) -> bool:
    """A text short enough to be remembered (anything else, even a wrong type, is worked out,
    and fails, as before)."""
    return isinstance(text, str) and len(text) <= CACHED_LENGTH


@functools.lru_cache(maxsize=CACHED_NAMES)
def _normalised(name: str) -> str:
    return _normalise(name)


def _normalise(name: str | None) -> str:
    text = (name or "").casefold().replace("&", " and ").replace(".", "")
    text = re.sub(r"[\W_]+", " ", text).strip()
    return re.sub(r"^\d[\d ]*(?=[a-z])", "", text).strip()  # "4000 sales" -> "sales"


_K = AccountKind


@dataclass(frozen=True)
class _Class:
    """An account class of a chart of accounts, as a trial balance's class column ("Account
    Type", a Xero "Section") states it: the kind it gives every account under it, but the
    account kinds and lines it `keeps` (a bare "Expense" keeps "Cost of Goods Sold")."""

    kind: AccountKind
    keeps: frozenset[AccountKind] = frozenset()
    lines: frozenset[str] = frozenset()


def _balance_classes() -> tuple[str, ...]:
    """The balance-sheet classes in their spellings: "Contra-Asset", "Other Current
    Liabilities", "Owner's Equity", "Liability/Equity" (the credit side of a journal)."""
    sides = [
        f"{contra}{other}{term}{word}"
        for contra in ("", "contra ")
        for other in ("", "other ")
        for term in ("", "current ", "non current ", "noncurrent ", "fixed ", "long term ",
                     "short term ")
        for word in ("asset", "assets", "liability", "liabilities")
    ]  # fmt: skip
    owners = [
        spelling.format(owner)
        for owner in ("owner", "shareholder", "stockholder", "member", "partner")
        for spelling in ("{} equity", "{}s equity", "{} s equity", "{}s s equity")
    ]
    credit = [f"{side} {a}equity" for side in ("liability", "liabilities") for a in ("", "and ")]
    return (*sides, "equity", *owners, *credit, "capital and reserves")


_KEEP_LINES = frozenset({DEPRECIATION, INCOME_OFFSET})
_BARE_EXPENSE = _Class(
    _K.operating_expense,
    frozenset({_K.cost_of_sales, _K.other_expense, _K.tax}),
    frozenset({DEPRECIATION}),
)
# fmt: off
# Every class word (in `normalise_name` form), the one vocabulary of `is_account_class`, of
# `classify` under a class and of the class word as an account's own name. Under a
# balance-sheet class every account is a balance-sheet account whatever its name suggests
# ("Sales Tax" under "Liabilities", "Accum Depreciation" typed "ASSET"). A bare "Expense"
# keeps the finer kinds of its side ("Cost of Goods Sold" and "Interest Expense" are typed
# "Expense" by many charts of accounts); under a bare "Income" / "Revenue" every line is
# revenue, as the file totals it (a charity's "Total income" includes its "Investment
# income"). A narrower class decides its lines but keeps a balance-sheet account, and an
# expense class a tax line.
_CLASSES: dict[str, _Class] = {
    **dict.fromkeys(_balance_classes(), _Class(_K.balance_sheet)),
    **dict.fromkeys(("expense", "expenses", "expenditure", "expenditures"), _BARE_EXPENSE),
    **dict.fromkeys(
        ("revenue", "revenues", "income"), _Class(_K.revenue, lines=frozenset({DEPRECIATION}))
    ),
    **dict.fromkeys(
        ("cost of sales", "cost of goods sold", "cogs", "direct costs"),
        _Class(_K.cost_of_sales, frozenset({_K.balance_sheet})),
    ),
    "other income": _Class(_K.other_income, frozenset({_K.balance_sheet})),
    **dict.fromkeys(
        ("other expense", "other expenses"),
        _Class(_K.other_expense, frozenset({_K.balance_sheet, _K.tax})),
    ),
    **dict.fromkeys(
        ("overheads", "operating expenses"),
        _Class(_K.operating_expense, frozenset({_K.balance_sheet, _K.tax}), _KEEP_LINES),
    ),
}
# fmt: on

# fmt: off
# The names of the lines (the class words, "Revenue", "Expenses", "Assets", are in _CLASSES).
_TERMS: dict[AccountKind, tuple[str, ...]] = {
    _K.revenue: (
        "sales", "net sales", "gross sales", "sales revenue",
        "net revenue", "net revenues", "turnover", "operating revenue",
        "service revenue", "services revenue", "product revenue", "product sales",
        "subscription revenue", "recurring revenue", "license revenue", "fee income",
        "commission income", "consulting revenue", "contract revenue", "rental income",
        "sales returns and allowances", "sales returns", "sales discounts", "top line",
        "donations", "donations and legacies", "legacies", "grants", "grant income",
        "trading activities", "other trading activities", "membership fees",
    ),
    _K.cost_of_sales: (
        "cost of revenue", "cost of revenues",
        "cost of services", "cost of goods", "direct cost", "purchases",
        "materials", "raw materials", "direct labor", "direct labour", "freight in",
        "cost of products sold", "cost of merchandise sold", "subcontractors",
        "inventory adjustments", "manufacturing overhead", "direct materials", "direct material",
    ),
    _K.operating_expense: (
        "operating expense", "opex", "operating costs",
        "marketing and advertising", "software and it", "rent and facilities",
        "bank service charges", "consulting and accounting", "entertainment",
        "printing and stationery",
        "overhead", "sg and a", "selling general and administrative",
        "selling general and administrative expenses", "general and administrative",
        "general and administrative expenses", "g and a", "selling and marketing",
        "sales and marketing", "selling expenses", "distribution costs", "marketing",
        "advertising", "advertising and marketing", "research and development", "r and d",
        "payroll", "salaries", "wages", "salaries and wages", "wages and salaries",
        "employee benefits", "benefits", "personnel", "personnel costs", "personnel expenses",
        "staff costs", "employee costs", "compensation", "payroll taxes", "pension",
        "rent", "rent expense", "rent and rates", "lease expense", "occupancy", "utilities",
        "insurance", "travel", "travel and entertainment", "meals and entertainment",
        "professional fees", "legal fees", "accounting fees", "audit fees", "consulting",
        "consulting fees", "office supplies", "office expenses", "supplies", "software",
        "subscriptions", "telephone", "telephone and internet", "internet", "communications",
        "repairs and maintenance", "maintenance", "bank fees", "bank charges",
        "merchant fees", "bad debt", "bad debts", "bad debt expense", "training",
        "recruiting", "recruitment", "commissions", "sales commissions", "shipping",
        "postage", "postage and delivery", "dues and subscriptions", "licenses and permits",
        "hosting", "it", "contractors", "outside services", "restructuring", "impairment",
        "other operating expenses", "miscellaneous", "charitable contributions",
        "premises", "premises costs", "property costs", "establishment costs",
        "other overheads", "administrative overheads", "motor expenses", "motor and travel",
        # an expense report's expense types (card and claim exports)
        "airfare", "air travel", "flights", "hotel", "hotels", "lodging", "accommodation",
        "meals", "meals and drinks", "taxi", "taxis", "ground transportation", "car rental",
        "mileage", "parking", "tolls", "conference fees", "conferences", "per diem",
    ),
    _K.other_income: (
        "interest income", "investment income", "dividend income",
        "finance income", "financial income", "gain on sale", "gain on sale of assets",
        "gains", "foreign exchange gain", "fx gain", "non operating income",
        "other income expense", "other income expense net", "other income net",
        "interest and other income", "interest and other income net",
        "other non operating income", "share of profit of associates", "financial result",
        "interest receivable and similar income", "other interest receivable and similar income",
        "finance result", "net finance income", "net financial result",
    ),
    _K.other_expense: (
        "interest expense", "interest", "interest paid", "finance costs", "finance cost",
        "financial expenses", "financial costs", "finance expense", "finance expenses",
        "borrowing costs", "non operating expenses",
        "non operating expense", "loss on sale", "loss on sale of assets", "losses",
        "foreign exchange loss", "fx loss", "interest expense net", "interest and fees",
        "interest payable and similar charges", "interest payable and similar expenses",
        "other expense net", "other expenses net", "other expense income net",
        "other expense income", "other non operating expense", "other non operating expenses",
    ),
    _K.tax: (
        "tax", "taxes", "income tax", "income taxes", "income tax expense",
        "income tax expense benefit", "provision for income taxes",
        "provision for benefit from income taxes", "benefit from income taxes",
        "provision for income tax", "tax expense", "taxation", "taxes on income",
        "corporate tax", "corporation tax", "income tax provision", "current tax",
        "tax on profit", "tax on profit on ordinary activities",
        "deferred tax", "deferred tax expense", "direct taxes", "taxes on profit",
        "tax provision", "tax charge", "provision for taxes",
    ),
    _K.non_financial: (
        "units", "units sold", "quantity", "qty", "headcount", "head count", "fte", "ftes",
        "employees", "number of employees", "customers", "number of customers", "orders",
        "hours", "volume",
    ),
    _K.balance_sheet: (
        "cash", "cash and cash equivalents", "bank", "accounts receivable", "receivables",
        "inventory", "inventories", "prepaid expenses", "fixed assets",
        "property plant and equipment", "accumulated depreciation", "goodwill",
        "intangible assets", "accounts payable", "payables", "accrued expenses",
        "accrued liabilities", "deferred revenue", "unearned revenue", "notes payable",
        "loans", "long term debt", "short term debt", "retained earnings", "common stock",
        "share capital", "total assets", "total liabilities", "total equity",
        "total liabilities and equity", "sales tax payable", "vat payable",
        "income tax payable", "checking", "checking account",
        "savings", "savings account", "petty cash", "undeposited funds", "current account",
    ),
}
_SUBTOTALS: dict[str, tuple[str, ...]] = {
    "revenue": (
        "total revenue", "total revenues", "total net revenue", "total net revenues",
        "total sales", "total net sales", "total income", "total operating revenue",
    ),
    "cost_of_sales": (
        "total cost of sales", "total cost of revenue", "total cost of revenues",
        "total cogs", "total cost of goods sold", "total direct costs",
    ),
    "gross_profit": (
        "gross profit", "gross margin", "gross income", "gross profit loss", "gross loss",
    ),
    "operating_expenses": (
        "total operating expenses", "total opex", "total operating costs",
        "total overheads", "total sg and a",
    ),
    "operating_income": (
        "operating income", "operating profit", "operating loss", "operating income loss",
        "operating profit loss", "income from operations", "loss from operations",
        "income loss from operations", "profit from operations", "ebit", "net operating income",
        "earnings before interest and taxes", "operating result",
        # desktop packages' and cloud ERPs' P&L: before other income and expense
        "net ordinary income", "net ordinary income loss",
    ),
    "ebitda": ("ebitda", "adjusted ebitda"),
    "pretax_income": (
        "income before taxes", "income before income taxes", "profit before tax",
        "profit before taxation", "profit before taxes", "loss before tax", "pbt", "ebt",
        "pre tax income",
        "pretax income", "earnings before taxes", "earnings before income taxes",
        "income loss before income taxes", "income before provision for income taxes",
    ),
    "net_income": (
        "net income", "net profit", "net loss", "net income loss", "net profit loss",
        "net earnings", "profit", "profit loss", "profit for the year", "profit for the period",
        "profit after tax", "pat", "net result", "bottom line", "net income after tax",
        "net surplus", "net deficit", "annual profit", "annual result", "annual loss",
        "profit for the financial year", "net income expenditure", "net income expenses",
    ),
    "other": (
        "total expenses", "total costs", "total other income expense",
        "total other income", "total other expenses", "net income attributable to common "
        "stockholders", "net income attributable to noncontrolling interests",
        "comprehensive income", "total comprehensive income", "ebitda margin",
        "gross margin percent", "subtotal", "total", "grand total", "net other income",
    ),
}
# IFRS "nature of expense"/"function of expense" statements put other operating income
# between gross profit and operating profit: it is not revenue (gross profit would then miss
# the statement's) but an income that offsets operating costs. Its bucket is an operating
# expense marked as an offset, which counts with the income sign, negated (dashboard.kinds).
_OPERATING_INCOME_TERMS = (
    "other operating income", "other operating income and expenses",
    "other operating income expense", "other operating income expenses net",
    "other operating income net",
)
_DEPRECIATION_TERMS = (
    "depreciation", "amortization", "amortisation", "depreciation and amortization",
    "depreciation and amortisation", "d and a", "depreciation expense",
    "amortization expense", "amortisation expense", "depreciation amortization",
    "depreciation of property plant and equipment", "amortization of intangible assets",
    "amortization of intangibles",
)
# fmt: on


def _build() -> dict[str, Classification]:
    vocabulary: dict[str, Classification] = {}
    for kind, terms in _TERMS.items():
        for term in terms:
            vocabulary[normalise_name(term)] = Classification(kind)
    for word, account_class in _CLASSES.items():
        vocabulary[word] = Classification(account_class.kind)
    for term in _DEPRECIATION_TERMS:
        vocabulary[normalise_name(term)] = Classification(_K.operating_expense, DEPRECIATION)
    for term in _OPERATING_INCOME_TERMS:
        vocabulary[normalise_name(term)] = Classification(_K.operating_expense, INCOME_OFFSET)
    for line, terms in _SUBTOTALS.items():
        for term in terms:
            vocabulary[normalise_name(term)] = Classification(_K.subtotal, line)
    return vocabulary


VOCABULARY: dict[str, Classification] = _build()

# Word rules for names the exact terms miss, tried in order; the first match decides.
# fmt: off
_RULES: tuple[tuple[re.Pattern[str], Classification], ...] = tuple(
    (re.compile(pattern), result)
    for pattern, result in (
        (r"\b(payable|receivable|accrued|prepaid|accumulated|accum|deferred revenue)\b",
         Classification(_K.balance_sheet)),
        (r"^cash\b(?! flow)|\bbank account\b", Classification(_K.balance_sheet)),
        # tax collected for the state, owed until paid: never the income tax charge
        (r"^(sales|use|goods and services|value added) tax(es)?$|^(vat|gst|hst|gst hst)$",
         Classification(_K.balance_sheet)),
        (r"^((office|computer|plant and|motor|capital|it|furniture and) )?equipment$",
         Classification(_K.balance_sheet)),
        (r"^total (revenue|net revenue|sales|net sales)", Classification(_K.subtotal, "revenue")),
        (r"^total cost of", Classification(_K.subtotal, "cost_of_sales")),
        (r"^total operating expense", Classification(_K.subtotal, "operating_expenses")),
        (r"^(total|sub ?total)\b|\btotal$", Classification(_K.subtotal, "other")),
        (r"^net (income|profit|loss|earnings)\b", Classification(_K.subtotal, "net_income")),
        # "Net Other Income", "Net Non-Operating Income": a line netting the lines above it.
        (r"^net (other|non ?operating|nonoperating)( \w+)? (income|expenses?|loss)$",
         Classification(_K.subtotal, "other")),
        (r"^operating (result|profit|income|loss)\b",
         Classification(_K.subtotal, "operating_income")),
        (r"\bbefore (income )?tax", Classification(_K.subtotal, "pretax_income")),
        (r"\b(depreciation|amorti[sz]ation)\b",
         Classification(_K.operating_expense, DEPRECIATION)),
        (r"\b(income tax|corporate tax|corporation tax)|\btax(es)?( (provision|expense|charge))?$",
         Classification(_K.tax)),
        (r"^cost of\b", Classification(_K.cost_of_sales)),
        (r"\binterest income\b|\bgain\b", Classification(_K.other_income)),
        (r"\binterest\b|\bfinance cost|\bloss on\b", Classification(_K.other_expense)),
        (r"\b(revenue|revenues|sales|turnover)$|^(net )?(revenue|revenues|sales|turnover)\b",
         Classification(_K.revenue)),
        (r"^other income\b", Classification(_K.other_income)),
        (r"\w \bincome$", Classification(_K.revenue)),  # "Consulting income", "Fee income"
        (r"\w \b(salar(y|ies)|wages?|payroll|rent|fees|expenses?|costs?|insurance|supplies)$",
         Classification(_K.operating_expense)),
    )
)
# fmt: on


# A cloud package's account code after the name: "Sales Tax (220)", "Rent (660)".
_TRAILING_CODE = re.compile(r"\s*[(\[]\d[\d.\-]*[)\]]\s*$")


def _lookup(term: str | None) -> Classification | None:
    name = normalise_name(_TRAILING_CODE.sub("", term or ""))
    if not name:
        return None
    found = VOCABULARY.get(name)
    if found is not None:
        return found
    for pattern, result in _RULES:
        if pattern.search(name):
            return result
    return None


# An account that names one of these is specific enough to beat its category.
_ACCOUNT_FIRST = frozenset({_K.subtotal, _K.balance_sheet, _K.non_financial})
_EXPENSES = frozenset({_K.operating_expense, _K.other_expense})


def _by_class(by_account: Classification | None, category: str) -> Classification | None:
    """What an account class word as the category makes of an account, or None when the
    category is not a class."""
    account_class = _CLASSES.get(category)
    if account_class is None:
        return None
    if by_account is not None and (
        by_account.kind in account_class.keeps or by_account.line in account_class.lines
    ):
        return by_account
    return Classification(account_class.kind)


# The words a report names its parts by ("Expense Analysis", "Sales Summary"): a section
# heading ends in one (read as its class, `classify`), and an import's title holding one is a
# report's title, not a company's name (`elara.ingest.suggest`).
REPORT_PART_WORDS = ("analysis", "summary", "breakdown", "detail", "overview")
_SECTION_TAIL = re.compile(rf"(?i)\s+(?:{'|'.join(REPORT_PART_WORDS)}|details|section)\s*$")


def classify(account: str | None, category: str | None = None) -> Classification | None:
    """The built-in classification of an account (with its category), or None (see
    ``_classify``; remembered for short names, see ``CACHED_LENGTH``)."""
    if (account is None or _remembered(account)) and (category is None or _remembered(category)):
        return _classified(account, category)
    return _classify(account, category)


@functools.lru_cache(maxsize=CACHED_NAMES)
def _classified(account: str | None, category: str | None) -> Classification | None:
    return _classify(account, category)


def _classify(account: str | None, category: str | None = None) -> Classification | None:
    """The built-in classification of an account (with its category), or None.

    A subtotal or statistics account wins over its category ("Total Revenue" under "Revenue"
    is a subtotal); a bare account class ("ASSET", "Expense") decides next, letting a more
    specific kind of its side through ("Cost of Goods Sold" typed "Expense"); then a
    balance-sheet account; otherwise the category decides ("Interest" under "Finance Costs"),
    and the account when the category says nothing. An operating expense keeps the
    account's depreciation mark.
    """
    by_account = _lookup(account)
    if by_account is None and balance_side(account) is not None:
        # "Bank Loan", "Mortgage", "Loan from Director": the balance sheet's own words for
        # what the vocabulary does not list (the assistant's balances read the same words)
        by_account = Classification(_K.balance_sheet)
    if by_account is not None and by_account.kind in (_K.subtotal, _K.non_financial):
        return by_account
    if category:  # a report's section heading: "Expense Analysis", "Revenue Summary"
        category = _SECTION_TAIL.sub("", category) or category
    by_class = _by_class(by_account, normalise_name(category))
    if by_class is not None:
        return by_class
    if by_account is not None and by_account.kind in _ACCOUNT_FIRST:
        return by_account
    by_category = _lookup(category)
    if by_category is not None and by_category.line == "operating_income":
        # A section headed "Operating Income" (a cloud package's P&L: Sales, Other Charges,
        # then "Total for Operating Income") holds the revenue lines of the operations.
        by_category = Classification(_K.revenue)
    if by_category is None or by_category.kind in _ACCOUNT_FIRST:
        return by_account
    if by_category.kind is _K.operating_expense and by_account and by_account.line:
        return by_account
    if by_account is not None and by_account.kind is _K.tax and by_category.kind in _EXPENSES:
        return by_account  # "Income Tax Expense" under "Other Expense" is the tax charge
    return by_category


def is_account_class(text: str | None) -> bool:
    """A class of a chart of accounts ("Assets", "Liability", "Revenue", "Expenses"): what a
    trial balance's class column holds, whatever its header ("Section", "Type")."""
    return normalise_name(text) in _CLASSES


def is_subtotal_line(name: str | None) -> bool:
    """A statement line that sums others: "Total Revenue", "Expenses total", "Net Income"."""
    found = _lookup(name)
    return found is not None and found.kind is _K.subtotal


# A UK-format P&L names its interest lines "Interest payable (and similar charges)" and
# "Interest receivable (and similar income)"; in a balance sheet the same words are a
# liability or an asset. Read as P&L lines only inside a statement that is a P&L.
_STATEMENT_INTEREST = re.compile(
    r"^(?:(?:bank|loan|other|net) )?interest (?:(payable)|(receivable))\b"
)
_PROFIT_LINES = frozenset({"gross_profit", "operating_income", "pretax_income", "net_income"})


def statement_kinds(accounts: Iterable[str]) -> dict[str, str]:
    """Kinds an income statement's own lines give accounts the vocabulary reads otherwise:
    "Interest payable" is an other expense (and "Interest receivable" other income) in a
    list that states profit lines (Operating profit, Profit before tax) and no balance-sheet
    account; elsewhere they stay balance-sheet accounts."""
    names = [a for a in accounts if a]
    found = [(name, classify(name)) for name in names]
    profit = any(c is not None and c.line in _PROFIT_LINES for _, c in found)
    interest = {name: m for name in names if (m := _STATEMENT_INTEREST.match(normalise_name(name)))}
    balance = any(
        c is not None and c.kind is _K.balance_sheet and name not in interest for name, c in found
    )
    if not profit or balance:
        return {}
    return {
        name: (_K.other_expense if m[1] else _K.other_income).value for name, m in interest.items()
    }


def suggest_kind(account: str | None, category: str | None = None) -> AccountKind | None:
    """The kind the built-in vocabulary gives an account (with its category), or None."""
    found = classify(account, category)
    return found.kind if found else None


def unclassified_accounts(
    pairs: Iterable[tuple[str, str | None]], *, chosen: Mapping[str, str] | None = None
) -> list[str]:
    """The accounts (first spelling, sorted) a person must classify: neither the vocabulary
    nor their `chosen` kinds (ImportSettings.account_kinds) say what they are. For the import
    preview."""
    known = {normalise_name(name) for name in (chosen or {})}
    found: dict[str, str] = {}
    for account, category in pairs:
        key = normalise_name(account)
        if key and key not in known and key not in found and classify(account, category) is None:
            found[key] = account
    return sorted(found.values(), key=str.casefold)


def sign_from_totals(income: int | Decimal, costs: int | Decimal) -> str:
    """The sign convention a file's totals show (an `ImportSettings.sign` value): revenue
    summing negative (costs not) is a ledger's `debit_positive`; costs summing negative is
    `expenses_negative`; else `natural`."""
    if income < 0 and costs >= 0:
        return "debit_positive"
    if costs < 0:
        return "expenses_negative"
    return "natural"


def suggest_sign(
    amounts: Mapping[str, int | Decimal] | Mapping[tuple[str, str | None], int | Decimal],
    *,
    chosen: Mapping[str, str] | None = None,
    unknown: str | None = "natural",
) -> str | None:
    """The sign convention of a file from its totals per account, or per (account, category)
    (the parser's running sums), by the kinds a person chose (`ImportSettings.account_kinds`)
    and then the built-in vocabulary; accounts neither knows are left out. A file with no
    revenue or cost the kinds know tells nothing: `unknown` is returned."""
    picked = {normalise_name(name): kind for name, kind in (chosen or {}).items()}
    # Main lines (revenue, cost of sales, operating expenses) decide; other income and other
    # expenses (interest, exchange differences) often carry either sign, so they decide only
    # when a file has no main line.
    main = {AccountKind.revenue, AccountKind.cost_of_sales, AccountKind.operating_expense}
    totals = {True: [Decimal(0), Decimal(0)], False: [Decimal(0), Decimal(0)]}
    seen = {True: False, False: False}
    for key, amount in amounts.items():
        account, category = key if isinstance(key, tuple) else (key, None)
        name = normalise_name(account)
        if picked.get(name) in _KIND_NAMES:
            kind: AccountKind | None = AccountKind(picked[name])
        else:
            found = classify(account, category)
            if found is not None and found.line == INCOME_OFFSET:
                continue  # an income among the costs: says nothing about the costs' sign
            kind = found.kind if found is not None else None
        if kind not in INCOME_KINDS and kind not in EXPENSE_KINDS:
            continue
        is_main = kind in main
        totals[is_main][0 if kind in INCOME_KINDS else 1] += Decimal(amount)
        seen[is_main] = True
    for is_main in (True, False):
        if seen[is_main]:
            income, costs = totals[is_main]
            return sign_from_totals(income, costs)
    return unknown


_KIND_NAMES = frozenset(kind.value for kind in AccountKind)


def line_of(kind: AccountKind, account: str | None) -> str | None:
    """The statement line an account of a chosen kind states (for overrides by a person)."""
    found = _lookup(account)
    if kind is _K.subtotal:
        return found.line if found and found.kind is _K.subtotal else "other"
    if kind is _K.operating_expense and found and found.line in (DEPRECIATION, INCOME_OFFSET):
        return found.line
    return None


# ---------------------------------------------------------------- the side of a balance
@dataclass(frozen=True)
class BalanceSide:
    """Where a balance-sheet account sits: ``side`` asset, liability or equity; ``current``
    True, False or None (not said); ``line`` what the account is, when it is one of the lines
    a balance question names (cash, receivable, inventory, payable, debt), else None."""

    side: str
    current: bool | None
    line: str | None


_SIDE_WORDS = (
    (re.compile(r"\bliabilit(y|ies)\b"), "liability"),
    (re.compile(r"\bassets?\b"), "asset"),
    (re.compile(r"\bequity\b|\bcapital and reserves\b"), "equity"),
)
_NON_CURRENT = re.compile(r"\b(non ?current|noncurrent|long term|fixed)\b")
# the lines a balance question names, from the account's own name (first match wins)
_LINES = (
    (
        re.compile(
            r"\b(loans?|debt|borrowings?|notes payable|mortgages?|overdrafts?|line of credit|"
            r"credit (facility|line)|bonds? payable|debentures?)\b"
        ),
        "debt",
    ),
    (
        re.compile(
            r"^(cash|bank|petty cash|checking|savings|undeposited funds|current account)\b"
            r"|\bcash (at|in) bank\b|\bbank accounts?\b|\bcash and cash equivalents\b"
        ),
        "cash",
    ),
    (re.compile(r"\breceivables?\b|\bdebtors\b"), "receivable"),
    (re.compile(r"\binventor(y|ies)\b|\bstock on hand\b"), "inventory"),
    (re.compile(r"\bpayables?\b|\bcreditors\b"), "payable"),
)
# the side (and whether current) an account's name alone says, when its class says nothing
_NAME_SIDES = (
    (re.compile(r"\b(accrued|deferred revenue|unearned|tax payable|vat payable)\b"),
     "liability", True),
    (re.compile(r"\b(retained earnings|common stock|share capital|capital stock|drawings|"
                r"owner s? (equity|capital)|reserves?)\b"), "equity", None),
    (re.compile(r"\b(prepaid|prepayments?)\b"), "asset", True),
    (re.compile(r"\b(equipment|fixed assets?|property|plant|vehicles?|buildings?|land|goodwill|"
                r"intangible|accumulated depreciation|accum depreciation|furniture)\b"),
     "asset", False),
)  # fmt: skip
_LINE_SIDES = {
    "cash": ("asset", True),
    "receivable": ("asset", True),
    "inventory": ("asset", True),
    "payable": ("liability", True),
    "debt": ("liability", None),
}
_CURRENT_LINES = ("cash", "receivable", "inventory", "payable")  # current whatever their class
_STATED_TOTAL = re.compile(r"^(total|net)\b|^(assets|liabilities|equity)$")


def balance_side(account: str | None, category: str | None = None) -> BalanceSide | None:
    """The side of a balance-sheet account, from its class (the trial balance's Account Type:
    "Current Assets", "Long Term Liabilities", "Equity") and else its name ("Cash at Bank",
    "Accounts Payable", "Bank Loan"); None for a stated total line ("Total Assets") or an
    account neither places."""
    name = normalise_name(_TRAILING_CODE.sub("", account or ""))
    if not name or _STATED_TOTAL.search(name):
        return None
    line = next((found for pattern, found in _LINES if pattern.search(name)), None)
    cls = normalise_name(category)
    side = next((found for pattern, found in _SIDE_WORDS if pattern.search(cls)), None)
    if side is not None:
        if side == "equity":
            return BalanceSide("equity", None, None)
        current = None
        if _NON_CURRENT.search(cls):
            current = False
        elif re.search(r"\bcurrent\b", cls) or line in _CURRENT_LINES:
            current = True
        return BalanceSide(
            side, current, line if _LINE_SIDES.get(line or "", ("",))[0] == side else None
        )
    if line is not None:
        side, current = _LINE_SIDES[line]
        if line == "debt":
            current = (
                True
                if re.search(r"\b(overdraft|line of credit|short term)\b", name)
                else (False if re.search(r"\blong term\b", name) else None)
            )
        return BalanceSide(side, current, line)
    for pattern, found, current in _NAME_SIDES:
        if pattern.search(name):
            return BalanceSide(found, current, None)
    return None
