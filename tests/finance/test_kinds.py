"""The built-in vocabulary: common charts of accounts and statement lines, abbreviations,
any case or punctuation; the category decides unless the account is a subtotal."""

from __future__ import annotations

import pytest

from elara.finance import kinds
from elara.finance.kinds import (
    AccountKind,
    Classification,
    balance_side,
    classify,
    is_account_class,
    line_of,
    normalise_name,
    statement_kinds,
    suggest_kind,
    suggest_sign,
    unclassified_accounts,
)

K = AccountKind


@pytest.mark.parametrize(
    ("account", "category", "kind", "line"),
    [
        ("Revenue", None, K.revenue, None),
        ("Net Sales", None, K.revenue, None),
        ("4000 - Sales", None, K.revenue, None),
        ("Automotive sales", None, K.revenue, None),
        ("COGS", None, K.cost_of_sales, None),
        ("Cost of automotive revenue", None, K.cost_of_sales, None),
        ("SG&A", None, K.operating_expense, None),
        ("S.G.&A.", None, K.operating_expense, None),
        ("sg & a", None, K.operating_expense, None),
        ("Selling, general and administrative", None, K.operating_expense, None),
        ("OPEX", None, K.operating_expense, None),
        ("Payroll", None, K.operating_expense, None),
        ("Rent", None, K.operating_expense, None),
        ("Office rent", None, K.operating_expense, None),
        ("Research & Development", None, K.operating_expense, None),
        ("D&A", None, K.operating_expense, "depreciation"),
        ("Depreciation", "Operating Expenses", K.operating_expense, "depreciation"),
        ("Amortisation of intangibles", None, K.operating_expense, "depreciation"),
        ("Interest", "Finance Costs", K.other_expense, None),
        ("Finance costs", None, K.other_expense, None),
        ("Interest expense", None, K.other_expense, None),
        ("Interest income", None, K.other_income, None),
        ("Other income (expense), net", None, K.other_income, None),
        ("Income tax expense", None, K.tax, None),
        ("Provision for income taxes", None, K.tax, None),
        ("Payroll taxes", None, K.operating_expense, None),
        ("Total Revenue", "Revenue", K.subtotal, "revenue"),
        ("Gross Profit", None, K.subtotal, "gross_profit"),
        ("EBITDA", None, K.subtotal, "ebitda"),
        ("EBIT", None, K.subtotal, "operating_income"),
        ("Operating Income", None, K.subtotal, "operating_income"),
        ("Income before income taxes", None, K.subtotal, "pretax_income"),
        ("Net Income (Loss)", None, K.subtotal, "net_income"),
        ("Profit", None, K.subtotal, "net_income"),
        ("Total operating expenses", None, K.subtotal, "operating_expenses"),
        ("Total other stuff", None, K.subtotal, "other"),
        ("Net Ordinary Income", None, K.subtotal, "operating_income"),
        ("Net Other Expense", None, K.subtotal, "other"),
        ("Net Non-Operating Income", None, K.subtotal, "other"),
        ("Net Rental Income", None, K.revenue, None),
        ("8900 - Income Tax Expense", "Other Expense", K.tax, None),
        ("Income taxes", "Operating Expenses", K.tax, None),
        ("Headcount", None, K.non_financial, None),
        ("Units sold", None, K.non_financial, None),
        ("Accumulated depreciation", None, K.balance_sheet, None),
        ("Prepaid expenses", None, K.balance_sheet, None),
        ("Deferred revenue", None, K.balance_sheet, None),
    ],
)
def test_vocabulary(account, category, kind, line):
    found = classify(account, category)
    assert found is not None, account
    assert (found.kind, found.line) == (kind, line)
    assert suggest_kind(account, category) is kind


@pytest.mark.parametrize("account", ["Widgets", "Fees", "Misc", "", None, "---"])
def test_unknown_accounts_are_left_to_a_person(account):
    assert classify(account) is None


def test_matching_ignores_case_punctuation_and_account_numbers():
    assert normalise_name("  SG&A ") == normalise_name("sg and a") == "sg and a"
    assert normalise_name("6100 — Rent") == "rent"
    assert normalise_name("Net income (loss)") == "net income loss"


def test_line_of_a_persons_choice():
    assert line_of(K.subtotal, "Net income") == "net_income"
    assert line_of(K.subtotal, "Our special total") == "other"
    assert line_of(K.operating_expense, "Depreciation") == "depreciation"
    assert line_of(K.revenue, "Depreciation") is None


def test_unclassified_accounts_for_the_import_preview():
    pairs = [("Sales", None), ("Widgets", None), ("Interest", "Finance Costs"), ("widgets", "")]
    assert unclassified_accounts(pairs) == ["Widgets"]
    assert unclassified_accounts(pairs, chosen={"WIDGETS": "tax"}) == []


@pytest.mark.parametrize(
    ("amounts", "sign"),
    [
        ({"Sales": 100, "COGS": 40, "Widgets": -999}, "natural"),
        ({"Sales": 100, "COGS": -40, "Total Revenue": 100}, "expenses_negative"),
        ({"Sales": -100, "COGS": 40, "Net income": -60}, "debit_positive"),
        ({}, "natural"),
    ],
)
def test_suggest_sign(amounts, sign):
    assert suggest_sign(amounts) == sign


@pytest.mark.parametrize(
    ("accounts", "kinds"),
    [
        # a UK-format P&L: the interest lines between operating profit and profit before tax
        (
            ["Revenue", "Operating profit", "Interest payable", "Bank interest receivable",
             "Profit before tax"],
            {"Interest payable": "other_expense", "Bank interest receivable": "other_income"},
        ),
        # a trial balance or balance sheet: the same words are a liability / an asset
        (["Sales", "Accounts payable", "Interest payable", "Net income"], {}),
        (["Interest payable", "Interest receivable"], {}),  # no profit line: not a P&L
    ],
)  # fmt: skip
def test_statement_kinds_read_interest_lines_in_a_pl(accounts, kinds):
    assert statement_kinds(accounts) == kinds
    assert suggest_kind("Interest payable") is K.balance_sheet  # alone it stays a liability


def test_uk_statutory_interest_and_tax_lines():
    assert suggest_kind("Interest payable and similar charges") is K.other_expense
    assert suggest_kind("Interest receivable and similar income") is K.other_income
    assert suggest_kind("Tax on profit") is K.tax


@pytest.mark.parametrize(
    ("account", "category", "kind"),
    [
        # a trial balance's class column is the file's own word: it beats a guess from the
        # account's name on the other side of the books
        ("Equipment", "Asset", K.balance_sheet),
        ("Dividends", "Equity", K.balance_sheet),
        ("Sales Tax (220)", "Liabilities", K.balance_sheet),  # not revenue
        ("Accrued Expense", "EXPENSE", K.operating_expense),  # not a liability
        ("Interest", "Revenue", K.revenue),  # a lender's interest under its revenue
        # a class that says only the side leaves the account's finer kind on that side
        ("Cost of Goods Sold (500)", "Expenses", K.cost_of_sales),
        ("Income Tax Expense", "Expenses", K.tax),
        ("Interest Income", "Revenue", K.revenue),  # as a statement's "Total income" counts it
        # a narrower class decides its lines
        ("Salaries", "Cost of Sales", K.cost_of_sales),
        # subtotals and statistics stay what they are
        ("Total Revenue", "Revenue", K.subtotal),
        ("Units", "Revenue", K.non_financial),
    ],
)
def test_a_class_column_classifies_its_accounts(account, category, kind):
    found = classify(account, category)
    assert found is not None and found.kind is kind


def test_account_classes():
    assert all(is_account_class(t) for t in ("Assets", "Contra-Asset", "LIABILITY", "Expenses"))
    assert not any(is_account_class(t) for t in ("Sales", "Bank", "Marketing", "West", ""))


@pytest.mark.parametrize(
    "word",
    [
        "Assets", "Contra-Asset", "Other Current Liabilities", "Owner's Equity",
        "Liability/Equity", "Capital and Reserves", "Expenses", "Expenditure", "Income",
        "Revenue", "Cost of Sales", "Direct Costs", "Overheads", "Other Income", "Other Expenses",
    ],
)  # fmt: skip
def test_a_class_word_is_one_class_to_every_reading(word):
    """A class word is a class to the class column's detection and decides an account the
    vocabulary does not know, as it reads as a name of its own."""
    assert is_account_class(word)
    found = classify("Zorblax Widgets", word)
    assert found is not None and found == classify(word)


def test_every_word_of_the_class_table_is_one_class():
    for word, account_class in kinds._CLASSES.items():
        assert is_account_class(word.title()), word
        assert classify("Zorblax Widgets", word) == Classification(account_class.kind), word
        assert classify(word) == Classification(account_class.kind), word


@pytest.mark.parametrize(
    "account", ["Bank Loan", "Mortgage", "Loan from Director", "Bank Overdraft"]
)
def test_the_balance_sheets_own_words_classify_an_account_the_vocabulary_does_not_list(
    account: str,
) -> None:
    """A trial balance's "Bank Loan" was unclassified (the dashboard's "unclassified"), while
    the assistant's balances read it as debt: one reading for both."""
    assert balance_side(account) is not None
    found = classify(account)
    assert found is not None and found.kind is AccountKind.balance_sheet
    assert classify(f"Interest on {account}") != found  # the interest is the P&L's
