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


def normalise_name(name: str | None) -> str:
    """The form account names and categories are matched in (stored as ``account_key``).

    Not ``elara.ingest.headers.normalise_header`` (headers: words joined, digits kept)."""
    text = (name or "").casefold().replace("&", " and ").replace(".", "")
    text = re.sub(r"[\W_]+", " ", text).strip()
    return re.sub(r"^\d[\d ]*(?=[a-z])", "", text).strip()  # "4000 sales" -> "sales"


_K = AccountKind
# fmt: off
# The classes of a chart of accounts on the balance sheet side, as a trial balance's class
# column names them: under one of these, an account is a balance-sheet account whatever its
# name suggests ("Sales Tax" under "Liabilities", "Prepaid Insurance" under "Asset").
_BALANCE_CLASSES = (
    "asset", "assets", "liability", "liabilities", "equity", "contra asset",
    "contra liability", "current assets", "current asset", "non current assets",
    "noncurrent assets", "non current asset", "fixed asset", "other assets",
    "other current assets", "current liabilities", "current liability",
    "non current liabilities", "noncurrent liabilities", "long term liabilities",
    "other current liabilities", "owners equity", "owner s equity", "shareholders equity",
    "shareholder s equity", "stockholders equity", "capital and reserves",
    "liabilities and equity",
)
# The classes of the income statement side, as the same column names them.
_INCOME_CLASSES = (
    "revenue", "revenues", "income", "expense", "expenses", "cost of sales",
    "cost of goods sold", "cogs", "other income", "other expense", "other expenses",
    "direct costs", "overheads", "operating expenses",
)
_TERMS: dict[AccountKind, tuple[str, ...]] = {
    _K.revenue: (
        "revenue", "revenues", "sales", "net sales", "gross sales", "sales revenue",
        "net revenue", "net revenues", "turnover", "income", "operating revenue",
        "service revenue", "services revenue", "product revenue", "product sales",
        "subscription revenue", "recurring revenue", "license revenue", "fee income",
        "commission income", "consulting revenue", "contract revenue", "rental income",
        "sales returns and allowances", "sales returns", "sales discounts", "top line",
        "donations", "donations and legacies", "legacies", "grants", "grant income",
        "trading activities", "other trading activities", "membership fees",
    ),
    _K.cost_of_sales: (
        "cost of sales", "cost of goods sold", "cogs", "cost of revenue", "cost of revenues",
        "cost of services", "cost of goods", "direct costs", "direct cost", "purchases",
        "materials", "raw materials", "direct labor", "direct labour", "freight in",
        "cost of products sold", "cost of merchandise sold", "subcontractors",
        "inventory adjustments", "manufacturing overhead", "direct materials", "direct material",
    ),
    _K.operating_expense: (
        "operating expenses", "operating expense", "opex", "operating costs", "expenses",
        "marketing and advertising", "software and it", "rent and facilities",
        "bank service charges", "consulting and accounting", "entertainment",
        "printing and stationery",
        "expense", "overheads", "overhead", "sg and a", "selling general and administrative",
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
        "other income", "interest income", "investment income", "dividend income",
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
        "borrowing costs", "other expense", "other expenses", "non operating expenses",
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
        "share capital", "equity", "total assets", "total liabilities", "total equity",
        "total liabilities and equity", "sales tax payable", "vat payable",
        "income tax payable", "assets", "liabilities", "checking", "checking account",
        "savings", "savings account", "petty cash", "undeposited funds", "current account",
        # a trial balance's class column ("Account Type", a Xero "Section"), in its words
        *_BALANCE_CLASSES,
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
    for term in _DEPRECIATION_TERMS:
        vocabulary[normalise_name(term)] = Classification(_K.operating_expense, DEPRECIATION)
    for term in _OPERATING_INCOME_TERMS:
        vocabulary[normalise_name(term)] = Classification(_K.operating_expense, INCOME_OFFSET)
    for line, terms in _SUBTOTALS.items():
        for term in terms:
            vocabulary[normalise_name(term)] = Classification(_K.subtotal, line)
    return vocabulary


VOCABULARY: dict[str, Classification] = _build()

# An account class of a chart of accounts on the balance-sheet side, as a trial balance's
# "Account Type" column states it: every account under it is a balance-sheet account.
_BALANCE_CLASS = (
    r"^(contra )?(other )?(current |non ?current |fixed |long term |short term )?"
    r"(assets?|liabilit(y|ies))$|^((owner|shareholder|stockholder|member|partner)s?( s)? )?equity$"
    r"|^liabilit(y|ies) (and )?equity$"  # "Liability/Equity": the credit side of a journal
)

# Word rules for names the exact terms miss, tried in order; the first match decides.
# fmt: off
_RULES: tuple[tuple[re.Pattern[str], Classification], ...] = tuple(
    (re.compile(pattern), result)
    for pattern, result in (
        # the chart's own class words ("ASSET", "Contra-Asset", "Current Liabilities")
        (_BALANCE_CLASS, Classification(_K.balance_sheet)),
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


# A bare account class ("EXPENSE", "Revenue") of a trial balance's account-type column holds
# the more specific kinds of its side too: "Cost of Goods Sold" and "Interest Expense" are
# typed "Expense" by many charts of accounts.
_CLASS_HOLDS: dict[str, frozenset[AccountKind]] = {
    **dict.fromkeys(
        ("expense", "expenses", "expenditure", "expenditures"),
        frozenset({_K.cost_of_sales, _K.other_expense, _K.tax}),
    ),
    # Under a bare "Income" / "Revenue" every line is revenue, as the file totals it: a
    # charity's "Total income" includes its "Investment income".
    **dict.fromkeys(("revenue", "revenues", "income"), frozenset()),
}
_BALANCE_CLASS_RE = re.compile(_BALANCE_CLASS)


def _by_class(by_account: Classification | None, category: str) -> Classification | None:
    """What an account class word as the category makes of an account, or None when the
    category is not a bare class."""
    if _BALANCE_CLASS_RE.search(category):
        return Classification(_K.balance_sheet)  # "Accum Depreciation" typed ASSET
    holds = _CLASS_HOLDS.get(category)
    if holds is None:
        return None
    if by_account is not None and (by_account.kind in holds or by_account.line == DEPRECIATION):
        return by_account
    return _lookup(category)  # "Accrued Expense" typed EXPENSE: the chart's word, not the name's


_SECTION_TAIL = re.compile(r"(?i)\s+(?:analysis|summary|breakdown|details?|section|overview)\s*$")


def classify(account: str | None, category: str | None = None) -> Classification | None:
    """The built-in classification of an account (with its category), or None.

    A subtotal or statistics account wins over its category ("Total Revenue" under "Revenue"
    is a subtotal); a bare account class ("ASSET", "Expense") decides next, letting a more
    specific kind of its side through ("Cost of Goods Sold" typed "Expense"); then a
    balance-sheet account; otherwise the category decides ("Interest" under "Finance Costs"),
    and the account when the category says nothing. An operating expense keeps the
    account's depreciation mark.
    """
    by_account = _lookup(account)
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


_CLASSES = frozenset(normalise_name(t) for t in _BALANCE_CLASSES + _INCOME_CLASSES)


def is_account_class(text: str | None) -> bool:
    """A class of a chart of accounts ("Assets", "Liability", "Revenue", "Expenses"): what a
    trial balance's class column holds, whatever its header ("Section", "Type")."""
    named = normalise_name(text)
    return named in _CLASSES or named in _CLASS_HOLDS or bool(_BALANCE_CLASS_RE.search(named))


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
