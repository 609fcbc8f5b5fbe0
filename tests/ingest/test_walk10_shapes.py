"""Walk 10 (docs/import.md, layouts 210-214): a trial balance's account-type column stating
the chart's own classes ("ASSET", "Contra-Asset", "Liability/Equity", a bare "Expense" over
Cost of Goods Sold), and a monthly trial balance whose account names stand under
"gl_account_description"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from elara.finance.kinds import AccountKind as K
from elara.finance.kinds import classify
from elara.ingest.periods import read_header_period
from elara.ingest.pipeline import parse_file
from elara.ingest.suggest import suggest_settings
from elara.ingest.vocabulary import header_role


@pytest.mark.parametrize(
    ("account", "category", "kind", "line"),
    [
        ("Accum Depreciation", "ASSET", K.balance_sheet, None),
        ("Depreciation", "Non-Current Assets", K.balance_sheet, None),
        ("Equipment", "Asset", K.balance_sheet, None),
        ("Vehicles", "Fixed Asset", K.balance_sheet, None),
        ("Dividends", "Equity", K.balance_sheet, None),
        ("Owner Drawings", "Owner's Equity", K.balance_sheet, None),
        ("Profit and loss reserve", "Liability/Equity", K.balance_sheet, None),
        ("Customer deposits", "Current Liability", K.balance_sheet, None),
        ("Cost of Goods Sold", "EXPENSE", K.cost_of_sales, None),
        ("Interest Expense", "Expense", K.other_expense, None),
        ("Income tax expense", "Expenses", K.tax, None),
        ("Depreciation Exp", "EXPENSE", K.operating_expense, "depreciation"),
        ("Accrued Expense", "EXPENSE", K.operating_expense, None),  # typed so by the chart
        ("Interest income", "Revenue", K.revenue, None),  # as the file totals it
        ("Consulting", "REVENUE", K.revenue, None),
        ("Total Expenses", "Expense", K.subtotal, "other"),
        ("Direct Materials", None, K.cost_of_sales, None),
        ("Accounts Payable", "Current Liabilities", K.balance_sheet, None),
        ("Interest", "Finance Costs", K.other_expense, None),  # a named category still decides
    ],
)
def test_a_chart_class_decides_over_the_account_name(
    account: str, category: str | None, kind: K, line: str | None
) -> None:
    found = classify(account, category)
    assert found is not None and (found.kind, found.line) == (kind, line)


def test_a_ledger_qualifier_keeps_the_headers_role() -> None:
    assert str(header_role("gl_account_description")) == "account"
    assert str(header_role("GL Account Description")) == "account"
    assert str(header_role("G/L Account Description")) == "account"
    assert str(header_role("gl_account_name")) == "account"
    assert str(header_role("GL Amount")) == "amount"


def _lines(path: Path) -> tuple[list[dict[str, object]], list[str]]:
    settings = suggest_settings(path).settings
    settings.constants.currency = "USD"
    settings.constants.company = "Co"
    settings.constants.date = settings.constants.date or dt.date(2025, 12, 31)
    parser = parse_file(path, settings=settings)
    rows = []
    for batch in parser:
        cols = batch.columns
        rows += [{k: cols[k][i] for k in cols} for i in range(len(cols["account"]))]
    return rows, parser.report.warnings


def test_a_monthly_trial_balance_names_its_accounts_under_gl_account_description(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tb.csv"
    body = [
        ("1100", "Bank Current Account", 1000, 400, 0, 1400),
        ("2100", "Trade Creditors", -300, 0, 250, -550),
        ("4100", "Fee Revenue", 0, 0, 900, -900),
        ("6100", "Office Costs", 0, 750, 0, 750),
    ]
    path.write_text(
        "period,gl_account_code,gl_account_description,opening_balance,debit,credit,"
        "closing_balance\n"
        + "".join(
            f"2025-0{m}-01,{c},{n},{o},{d},{cr},{cl}\n"
            for m in (3, 4)
            for c, n, o, d, cr, cl in body
        ),
        encoding="utf-8",
    )
    rows, warnings = _lines(path)
    assert {r["account"] for r in rows} == {n for _, n, *_ in body}
    assert not [w for w in warnings if "Money in" in w]
    by_account = {(r["account"], r["date"].month): r["amount_minor"] for r in rows}  # type: ignore[attr-defined]
    assert by_account[("Fee Revenue", 4)] == -900 * 10**4
    assert sum(r["amount_minor"] for r in rows) == 0  # type: ignore[misc]


def test_a_trial_balance_typed_by_class_classifies_each_account(tmp_path: Path) -> None:
    path = tmp_path / "trial_balance.csv"
    path.write_text(
        "account_code,account_name,account_type,total_debit,total_credit\n"
        "1010,Bank,ASSET,5000.0,1200.0\n1590,Accum Depreciation,ASSET,0.0,800.0\n"
        "2200,Accrued Expenses,LIABILITY,0.0,600.0\n4010,Sales Revenue,REVENUE,0.0,9000.0\n"
        "5010,Cost of Goods Sold,EXPENSE,4000.0,0.0\n5600,Depreciation Exp,EXPENSE,800.0,0.0\n"
        "5700,Interest Expense,EXPENSE,1800.0,0.0\n",
        encoding="utf-8",
    )
    rows, _ = _lines(path)
    kinds = {r["account"]: classify(str(r["account"]), str(r["category"])) for r in rows}
    assert {a: k.kind for a, k in kinds.items() if k} == {
        "Bank": K.balance_sheet,
        "Accum Depreciation": K.balance_sheet,
        "Accrued Expenses": K.balance_sheet,
        "Sales Revenue": K.revenue,
        "Cost of Goods Sold": K.cost_of_sales,
        "Depreciation Exp": K.operating_expense,
        "Interest Expense": K.other_expense,
    }
    assert sum(r["amount_minor"] for r in rows) == 0  # type: ignore[misc]


def test_an_amount_headed_with_its_period_in_brackets_is_that_periods_column(
    tmp_path: Path,
) -> None:
    path = tmp_path / "MoM_IS.csv"
    path.write_text(
        "Harbour Fittings LLC,,,,\nMonth-over-Month Income Statement,,,,\nMar 2025,,,,\n,,,,\n"
        "Financial Row,Amount (Mar 2025),Comparative Amount (Feb 2025),Variance,% Variance\n"
        'Product revenue,"$12,500.00","$10,000.00","$2,500.00",25.00%\n'
        'Rent,"$3,000.00","$3,000.00",$0.00,0.00%\n'
        'Net Income,"$9,500.00","$7,000.00","$2,500.00",35.71%\n',
        encoding="utf-8",
    )
    rows, _ = _lines(path)
    by_month = {(r["account"], r["date"]): r["amount_minor"] for r in rows}
    assert by_month == {
        ("Product revenue", dt.date(2025, 3, 31)): 12500 * 10**4,
        ("Product revenue", dt.date(2025, 2, 28)): 10000 * 10**4,
        ("Rent", dt.date(2025, 3, 31)): 3000 * 10**4,
        ("Rent", dt.date(2025, 2, 28)): 3000 * 10**4,
        ("Net Income", dt.date(2025, 3, 31)): 9500 * 10**4,
        ("Net Income", dt.date(2025, 2, 28)): 7000 * 10**4,
    }
    assert read_header_period("Amount (USD)") is None
    assert read_header_period("Comparison Amount (As of Feb 2025)") is not None


@pytest.mark.parametrize(
    ("account", "kind"),
    [
        ("Sales Tax (220)", K.balance_sheet),  # tax collected, owed: not revenue, not income tax
        ("Sales Tax", K.balance_sheet),
        ("GST", K.balance_sheet),
        ("Rent (660)", K.operating_expense),  # a cloud package's code after the name
        ("Computer Equipment (160)", K.balance_sheet),
        ("Office Equipment", K.balance_sheet),
        ("Marketing & Advertising", K.operating_expense),
        ("Software & IT", K.operating_expense),
        ("Bank Service Charges", K.operating_expense),
        ("Consulting & Accounting", K.operating_expense),
        ("Printing & Stationery", K.operating_expense),
        ("Payroll taxes", K.operating_expense),
        ("Income tax", K.tax),
    ],
)
def test_a_small_business_chart_without_its_classes(account: str, kind: K) -> None:
    found = classify(account)
    assert found is not None and found.kind == kind


def test_a_signed_figure_named_like_a_dimension_is_no_dimension(tmp_path: Path) -> None:
    path = tmp_path / "tb.csv"
    path.write_text(
        "period,account,debit,credit,activity\n"
        "2025-03-01,Bank,400,0,400\n2025-03-01,Trade Creditors,0,250,-250\n"
        "2025-03-01,Fee Revenue,0,900,-900\n2025-03-01,Office Costs,750,0,750\n",
        encoding="utf-8",
    )
    roles = {c.header: str(c.role) for c in suggest_settings(path).settings.columns}
    assert roles["activity"] == "quantity"  # debit - credit, not a filter of "-250"
