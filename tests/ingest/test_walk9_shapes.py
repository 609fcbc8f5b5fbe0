"""Walk 9 (docs/import.md, layout 205): a trial balance whose "Section" column names each
account's class, with the period's Debit / Credit beside the YTD balances."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from elara.finance.kinds import AccountKind, classify
from elara.ingest.pipeline import parse_file
from elara.ingest.settings import ColumnRole
from elara.ingest.suggest import suggest_settings
from elara.ingest.values import header_currency
from elara.ingest.vocabulary import header_role
from tests.corpus.walk9 import cloud_tb_sections_csv


def test_a_section_of_classes_is_the_category_and_every_account_is_classified(
    tmp_path: Path,
) -> None:
    layout = cloud_tb_sections_csv(tmp_path)
    settings = suggest_settings(layout.path).settings
    roles = {c.header: c.role for c in settings.columns}
    assert roles["Section"] is ColumnRole.category
    assert (roles["YTD_Debit"], roles["YTD_Credit"]) == (ColumnRole.debit, ColumnRole.credit)
    settings.constants.company = "Harbour Lights Cafe"
    settings.constants.date = dt.date(2025, 6, 30)
    settings.constants.currency = "NZD"
    parser = parse_file(layout.path, settings=settings)
    lines = [
        (account, category)
        for batch in parser
        for account, category in zip(
            batch.columns["account"], batch.columns["category"], strict=True
        )
    ]
    kinds = {account: classify(account, category) for account, category in lines}
    assert all(kinds.values()), [a for a, k in kinds.items() if k is None]
    by_kind = {a: k.kind for a, k in kinds.items() if k}
    assert by_kind["Cost of Goods Sold (500)"] is AccountKind.cost_of_sales
    assert by_kind["Sales Tax (220)"] is AccountKind.balance_sheet
    assert by_kind["Accrued Expense Adjustment (690)"] is AccountKind.operating_expense
    assert by_kind["Office Equipment (150)"] is AccountKind.balance_sheet
    # the period's movements are not stored, and the preview says so
    said = [w for w in parser.report.warnings if "period's movements" in w]
    assert said and '"Debit" and "Credit"' in said[0] and '"YTD_Debit"' in said[0]


def test_a_coded_unit_of_the_organisation_is_a_dimension(tmp_path: Path) -> None:
    """A ledger extract's "department_id" (1001-1004) is the department to filter by, coded,
    not a row id; a "transaction_id" or a "customer_id" stays ignored."""
    assert header_role("department_id") is ColumnRole.dimension
    assert header_role("Cost Center No") is ColumnRole.dimension
    assert header_role("transaction_id") is ColumnRole.ignore
    assert header_role("customer_id") is ColumnRole.ignore
    path = tmp_path / "gl.csv"
    lines = ["transaction_id,transaction_date,account_id,department_id,amount,currency"]
    for n in range(12):
        lines.append(
            f"TX{n:04d},2024-0{n % 3 + 1}-15,{4000 + n % 4 * 10},{1001 + n % 4},1{n}.50,USD"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    roles = {c.header: c.role for c in suggest_settings(path).settings.columns}
    assert roles["department_id"] is ColumnRole.dimension
    assert roles["transaction_id"] is ColumnRole.ignore


def test_one_money_column_per_currency_keeps_each_columns_currency(tmp_path: Path) -> None:
    """A Canadian bank's download of every account: "CAD$" filled on the Canadian-dollar
    accounts' lines, "USD$" on the US-dollar account's. Both are money, each in its own
    currency; no one currency is offered for the file, and none is asked."""
    assert [header_currency(h) for h in ("CAD$", "USD$", "US$", "$ CAD", "C$", "Amount")] == [
        "CAD", "USD", "USD", "CAD", "CAD", None,
    ]  # fmt: skip
    path = tmp_path / "csv12345.csv"
    rows = [
        "Account Type,Account Number,Transaction Date,Description 1,CAD$,USD$",
        "Chequing,01234-5678901,4/22/2025,PAYROLL DEP,2450.00,",
        "Chequing,01234-5678901,4/23/2025,POS PURCHASE,-12.45,",
        "Savings,01234-7777777,4/24/2025,Online Banking transfer,500.00,",
        "USD Account,01234-9999999,4/25/2025,WIRE IN,,1200.00",
        "USD Account,01234-9999999,4/29/2025,SERVICE FEE,,-5.00",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    suggestion = suggest_settings(path)
    settings = suggestion.settings
    roles = {c.header: c.role for c in settings.columns}
    assert (roles["CAD$"], roles["USD$"]) == (ColumnRole.amount, ColumnRole.amount)
    assert settings.constants.currency is None
    settings.constants.company = "Maple Leaf Joinery"
    parser = parse_file(path, settings=settings)
    records = [
        (account, units, currency)
        for batch in parser
        for account, units, currency in zip(
            batch.columns["account"],
            batch.columns["amount_minor"],
            batch.columns["currency"],
            strict=True,
        )
    ]
    assert parser.report.error_count == 0
    by_currency: dict[str, int] = {}
    for _, units, currency in records:
        by_currency[currency] = by_currency.get(currency, 0) + units
    assert by_currency == {"CAD": 293755 * 100, "USD": 119500 * 100}
    assert {a for a, _, c in records if c == "USD"} == {"01234-9999999"}
