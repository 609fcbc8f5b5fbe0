"""Real export layouts, generated here, read with suggested settings to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from elara.core.money import to_decimal
from elara.finance.kinds import AccountKind
from elara.ingest import (
    ColumnRole,
    ImportSettings,
    MissingColumnsError,
    parse_file,
    preview_file,
    suggest_settings,
)
from elara.ingest.errors import MappingError

from .builders import write_text, write_xlsx

D = Decimal


def _roles(path: Path, **kwargs: object) -> dict[str, str]:
    suggestion = suggest_settings(path, **kwargs)  # type: ignore[arg-type]
    return {c.header: str(c.role) for c in suggestion.settings.columns}


def trial_balance(tmp_path: Path, *, total_debit: float = 19999.5) -> Path:
    """A desktop-accounting trial balance: titles, codes beside names, debit/credit, footer."""
    return write_xlsx(
        tmp_path / "tb.xlsx",
        {
            "TB": [
                ["Helena's Academy"],
                ["Trial Balance"],
                ["As at 31 October 2025"],
                [],
                ["Account Number", "Account Description", "Debit", "Credit"],
                [1200, "Bank Current Account", 15000.50, None],
                [4000, "Sales", None, 20000],
                [5000, "Cost of Sales", 4999.50, None],
                [None, "Total", total_debit, 20000],
                [],
                ["Generated on 01/11/2025 10:00"],
            ]
        },
    )


def test_trial_balance_loads_as_it_comes(tmp_path: Path) -> None:
    path = trial_balance(tmp_path, total_debit=20000)
    suggestion = suggest_settings(path)
    assert suggestion.needs == [] and suggestion.header_row == 5
    assert suggestion.offered.company == "Helena's Academy"
    assert suggestion.offered.date == dt.date(2025, 10, 31)
    roles = {c.header: c.role for c in suggestion.settings.columns}
    assert roles == {
        "Account Number": ColumnRole.ignore,
        "Account Description": ColumnRole.account,
        "Debit": ColumnRole.debit,
        "Credit": ColumnRole.credit,
    }
    preview = preview_file(path, suggestion.settings)
    assert preview.by_account == {
        "Bank Current Account": D("15000.5"),
        "Cost of Sales": D("4999.5"),
        "Sales": D("-20000"),
    }
    assert sum(preview.by_account.values()) == 0  # debits = credits
    assert preview.sample[0]["company"] == "Helena's Academy"
    assert preview.sample[0]["date"] == "2025-10-31"
    assert preview.totals_rows == [
        {"row": 9, "values": {"Debit": "20000", "Credit": "20000"}, "ties": True}
    ]
    assert preview.warnings == []
    skipped = {s.row: s.reason for s in preview.report.skipped_rows}  # type: ignore[union-attr]
    assert skipped == {9: "totals row", 10: "blank row", 11: "report footer"}


def test_total_row_that_does_not_tie_out_is_a_warning(tmp_path: Path) -> None:
    preview = preview_file(trial_balance(tmp_path))
    assert preview.records == 3
    assert any("Row 9" in w and '"Debit"' in w and "19999.5" in w for w in preview.warnings)


def test_wide_sales_sheet_measures_dimensions_and_quantities(tmp_path: Path) -> None:
    header = ["Row ID", "Order ID", "Order Date", "Ship Date", "Region", "Postal Code"]
    header += ["Category", "Sales", "Quantity", "Discount", "Profit"]
    lines = [
        ("South", 42420, "Furniture", 261.96, 2, 0, 41.91),
        ("West", 90036, "Office", 14.62, 3, 0.2, -6.87),
        ("West", 90036, "Office", 10.00, 1, 0.5, 1.00),
        ("East", 10024, "Office", 20.00, 4, 0.25, 2.00),
        ("East", 10024, "Furniture", 30.00, 5, 0, 3.00),
    ]
    rows: list[list[Any]] = [header]
    for n, line in enumerate(lines, start=1):
        order = [n, f"CA-2016-15215{n}", dt.date(2016, 11, 8), dt.date(2016, 11, 11)]
        rows.append([*order, *line])
    path = write_xlsx(tmp_path / "superstore.xlsx", {"Orders": rows})
    assert _roles(path) == {
        "Row ID": "ignore",
        "Order ID": "ignore",
        "Order Date": "date",
        "Ship Date": "ignore",
        "Region": "dimension",
        "Postal Code": "ignore",
        "Category": "dimension",
        "Sales": "measure",
        "Quantity": "quantity",
        "Discount": "quantity",
        "Profit": "measure",
    }
    suggestion = suggest_settings(path)
    assert suggestion.needs == ["company"]
    suggestion.settings.constants.company = "Superstore"
    preview = preview_file(path, suggestion.settings)
    assert preview.by_account == {"Sales": D("336.58"), "Profit": D("41.04")}
    assert preview.records == 10 and preview.rows_read == 5  # five orders, two measures each
    assert preview.dimensions == ["Region", "Category"]
    assert preview.sample[0]["attributes"] == {
        "Region": "South",
        "Category": "Furniture",
        "Quantity": 2,
        "Discount": 0,
    }
    assert preview.report is not None and preview.report.summary == (
        "5 rows read, 10 records stored"
    )


def test_statement_with_fiscal_years_as_columns(tmp_path: Path) -> None:
    text = (
        "Tesla Annual Income Statement,2024,2023\n"
        'Revenue,"97,690","96,773"\n'
        'Cost Of Goods Sold,"80,240","79,113"\n'
        'Gross Profit,"17,450","17,660"\n'
        'Operating Income,"7,076","8,891"\n'
        "EPS - Earnings Per Share,2.23,4.30\n"
        'Net Income,"7,091","14,997"\n'
    )
    path = write_text(tmp_path / "tsla.csv", text)
    suggestion = suggest_settings(path)
    columns = {c.header: (c.role, c.period_end) for c in suggestion.settings.columns}
    assert columns["2024"] == (ColumnRole.amount, dt.date(2024, 12, 31))
    assert columns["Tesla Annual Income Statement"][0] is ColumnRole.account
    kinds = suggestion.settings.account_kinds
    assert kinds["Gross Profit"] == kinds["Net Income"] == AccountKind.subtotal.value
    assert kinds["Operating Income"] == AccountKind.subtotal.value
    suggestion.settings.constants.company = "TSLA"
    records = [r for b in parse_file(path, settings=suggestion.settings) for r in b.records]
    revenue = {(r.date, r.amount_minor) for r in records if r.account == "Revenue"}
    assert {d for d, _ in revenue} == {dt.date(2024, 12, 31), dt.date(2023, 12, 31)}
    assert "EPS - Earnings Per Share" not in {r.account for r in records}
    assert len(records) == 10


def test_budget_months_without_year_take_the_title_year(tmp_path: Path) -> None:
    rows = [
        ["Northwind Ltd"],
        ["Operating Budget 2025"],
        [],
        ["Line item", "JAN", "FEB", "MAR", "Total"],
        ["Revenue"],
        ["Product sales", 1000, 1100, 1200, 3300],
        ["Total Revenue", 1000, 1100, 1200, 3300],
        ["Rent", -300, -300, -300, -900],
        ["Net Income", 700, 800, 900, 2400],
    ]
    path = write_xlsx(tmp_path / "budget.xlsx", {"Budget": rows})
    suggestion = suggest_settings(path)
    assert suggestion.needs == []
    assert suggestion.settings.constants.year == 2025
    assert suggestion.settings.constants.company == "Northwind Ltd"
    assert _roles(path)["Total"] == "ignore"  # the sum of the months is not stored again
    preview = preview_file(path, suggestion.settings)
    assert preview.by_account == {
        "Net Income": D("2400"),
        "Product sales": D("3300"),
        "Rent": D("-900"),
        "Total Revenue": D("3300"),
    }
    dates = {r["date"] for r in preview.sample}
    assert dates == {"2025-01-31", "2025-02-28", "2025-03-31"}
    assert preview.settings.account_kinds["Total Revenue"] == "subtotal"


def test_month_headers_without_any_year_need_the_year(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", {"S": [["Line", "JAN", "FEB"], ["Rent", 1, 2]]})
    suggestion = suggest_settings(path)
    assert suggestion.needs == ["company", "year"]
    with pytest.raises(MissingColumnsError) as caught:
        list(parse_file(path))
    assert caught.value.missing == ["company", "year"]
    suggestion.settings.constants.company = "ACME"
    suggestion.settings.constants.year = 2024
    preview = preview_file(path, suggestion.settings)
    assert [s["date"] for s in preview.sample] == ["2024-01-31", "2024-02-29"]


def test_previous_and_current_year_need_the_as_of_date(tmp_path: Path) -> None:
    rows = [
        ["Contoso Charity"],
        ["For the year ended 31 March 2025"],
        [None, "Previous Year", "Current Year", "Actual vs Budget"],
        ["Donations", 12000, 15000, 3],
        ["Grants", 5000, 4000, 1],
    ]
    path = write_xlsx(tmp_path / "pycy.xlsx", {"SOFA": rows})
    suggestion = suggest_settings(path)
    assert suggestion.needs == []
    assert suggestion.settings.constants.date == dt.date(2025, 3, 31)
    preview = preview_file(path, suggestion.settings)
    dated = {(s["account"], s["date"], s["amount"]) for s in preview.sample}
    assert ("Donations", "2024-03-31", "12000") in dated
    assert ("Donations", "2025-03-31", "15000") in dated
    assert preview.records == 4  # "Actual vs Budget" is not a period
    untitled = write_xlsx(tmp_path / "u.xlsx", {"S": rows[2:]})
    assert suggest_settings(untitled).needs == ["company", "date"]


def test_bank_statement_withdrawals_deposits_and_running_balance(tmp_path: Path) -> None:
    text = (
        "Date,Description,Withdrawals,Deposits,Balance\n"
        "01/03/2025,Opening,,1000.00,1000.00\n"
        "02/03/2025,Coffee,3.50,,996.50\n"
        "15/03/2025,Salary,,2500.00,3496.50\n"
    )
    path = write_text(tmp_path / "bank.csv", text)
    roles = _roles(path)
    assert roles["Balance"] == "quantity" and roles["Description"] == "description"
    settings = suggest_settings(path).settings
    settings.constants.company = "Me"
    preview = preview_file(path, settings)
    # a bank's own columns beside its running balance: read as cash (docs/finance.md)
    assert preview.by_account == {"Money in": D("3500"), "Money out": D("-3.5")}
    assert preview.sample[0]["attributes"] == {"Balance": 1000}


def test_year_column_instead_of_a_date(tmp_path: Path) -> None:
    text = (
        "Year,Company,Category,Revenue,Net Income,Current Ratio,Number of Employees\n"
        "2022,AAPL,IT,394328,99803,0.8794,164000\n"
        "2021,AAPL,IT,365817,94680,1.0746,154000\n"
    )
    path = write_text(tmp_path / "k.csv", text)
    roles = _roles(path)
    assert roles["Year"] == "period" and roles["Company"] == "company"
    assert roles["Current Ratio"] == roles["Number of Employees"] == "quantity"
    records = [r for b in parse_file(path) for r in b.records]
    assert {r.date for r in records} == {dt.date(2022, 12, 31), dt.date(2021, 12, 31)}
    assert {r.account for r in records} == {"Revenue", "Net Income"}


def test_year_and_month_columns_make_one_date(tmp_path: Path) -> None:
    text = "Fiscal Year,Month,Account,Amount\n2024,Feb,Rent,10\n2024,12,Rent,5\n"
    settings = suggest_settings(write_text(tmp_path / "ym.csv", text)).settings
    settings.constants.company = "A"
    records = [r for b in parse_file(tmp_path / "ym.csv", settings=settings) for r in b.records]
    assert [r.date for r in records] == [dt.date(2024, 2, 29), dt.date(2024, 12, 31)]


def test_grouped_ledger_takes_the_account_from_group_headings(tmp_path: Path) -> None:
    rows = [
        ["Harbour Consulting Ltd"],
        ["General Ledger"],
        [None, "Date", "Num", "Memo/Description", "Split", "Amount", "Balance"],
        ["Checking"],
        [None, dt.date(2025, 1, 1), 1008, "Check 1008", "Rent", -2510.5, -2510.5],
        [None, dt.date(2025, 1, 3), 1016, "Check 1016", "Rent", -4006.98, -6517.48],
        ["Total for Checking", None, None, None, None, -6517.48],
        [],
        ["Rent"],
        [None, dt.date(2025, 1, 1), 1008, "Check 1008", "Checking", 2510.5, 2510.5],
        ["Total for Rent", None, None, None, None, 2510.5],
        ["TOTAL", None, None, None, None, -4006.98],
    ]
    path = write_xlsx(tmp_path / "gl.xlsx", {"GL": rows})
    suggestion = suggest_settings(path)
    assert suggestion.needs == []  # the company comes from the title
    preview = preview_file(path, suggestion.settings)
    assert preview.by_account == {"Checking": D("-6517.48"), "Rent": D("2510.5")}
    assert [t["row"] for t in preview.totals_rows] == [7, 11, 12]
    assert all(t["ties"] for t in preview.totals_rows)


def test_empty_amount_cell_is_a_row_error(tmp_path: Path) -> None:
    text = "Company,Date,Account,Amount\nA,2024-01-31,R,1\nA,2024-01-31,R,\nIncome\n"
    parser = parse_file(write_text(tmp_path / "e.csv", text))
    assert [r.row for b in parser for r in b.records] == [2]
    assert [(e.row, e.message) for e in parser.report.errors] == [(3, "Amount is empty")]
    assert parser.report.skipped_rows[-1].reason == "heading or note row"


def test_every_database_constraint_is_checked_before_storing(tmp_path: Path) -> None:
    long = "x" * 129
    text = (
        "Company,Date,Account,Amount,Currency\n"
        f"A,2024-01-31,{long},1,USD\n"
        "A,1850-01-31,R,1,USD\n"
        f"{'c' * 65},2024-01-31,R,1,USD\n"
        "A,2024-01-31,R,1,XXQ\n"
        "A,2024-01-31,R,1,EUR\n"
    )
    parser = parse_file(write_text(tmp_path / "c.csv", text))
    assert [r.row for b in parser for r in b.records] == [6]
    assert {e.row for e in parser.report.errors} == {2, 3, 4, 5}
    assert parser.report.error_count == 4


def test_settings_sent_back_are_used_as_given(tmp_path: Path) -> None:
    text = "Firm,When,Line,Money,Units\nACME,2025-01-31,Revenue,100.00,3\n"
    path = write_text(tmp_path / "odd.csv", text)
    settings = ImportSettings.model_validate(
        {
            "columns": [
                {"header": "Firm", "role": "company"},
                {"header": "When", "role": "date"},
                {"header": "Line", "role": "account"},
                {"header": "Money", "role": "amount", "decimal_separator": "point"},
                {"header": "Units", "role": "ignore"},
            ]
        }
    )
    preview = preview_file(path, settings)
    assert preview.by_account == {"Revenue": D("100")}
    assert preview.sample[0]["attributes"] == {}
    records = [r for b in parse_file(path, settings=settings) for r in b.records]
    assert [to_decimal(r.amount_minor) for r in records] == [D("100")]
    assert preview.records == len(records) == 1


def test_several_sheets_with_different_layouts(tmp_path: Path) -> None:
    ledger = [["Company", "Date", "Account", "Amount"], ["A", dt.date(2024, 1, 31), "R", 5]]
    annual = [["Company", "Account", "2024"], ["A", "R", 7]]
    path = write_xlsx(tmp_path / "two.xlsx", {"Ledger": ledger, "Annual": annual})
    records = [r for b in parse_file(path, sheet="*") for r in b.records]
    assert [(r.sheet, r.date) for r in records] == [
        ("Ledger", dt.date(2024, 1, 31)),
        ("Annual", dt.date(2024, 12, 31)),
    ]


def test_a_ledger_sheet_and_a_budget_sheet_are_never_read_into_one_dataset(
    tmp_path: Path,
) -> None:
    ledger = [["Company", "Date", "Account", "Amount"], ["A", dt.date(2024, 1, 31), "R", 5]]
    budget = [["Company", "Account", "2024"], ["A", "R", 7]]
    path = write_xlsx(tmp_path / "two.xlsx", {"Ledger": ledger, "Budget": budget})
    with pytest.raises(MappingError, match="different scenarios"):
        list(parse_file(path, sheet="*"))


def test_total_label_in_an_ignored_code_column_is_a_totals_row(tmp_path: Path) -> None:
    text = (
        "Balance générale au 31/12/2025\n\n"
        "Compte;Intitulé;Débit;Crédit\n"
        "411000;Clients;1 000,50;\n"
        "706000;Prestations de services;;1 000,50\n"
        "Total général;;1 000,00;1 000,50\n"
    )
    path = write_text(tmp_path / "fr.csv", text, encoding="cp1252")
    suggestion = suggest_settings(path)
    assert suggestion.needs == ["company"]
    assert suggestion.settings.constants.date == dt.date(2025, 12, 31)
    suggestion.settings.constants.company = "Atelier SARL"
    preview = preview_file(path, suggestion.settings)
    assert preview.by_account == {"Clients": D("1000.5"), "Prestations de services": D("-1000.5")}
    assert preview.number_formats == {"Débit": "1.234,56", "Crédit": "1.234,56"}
    assert [t["row"] for t in preview.totals_rows] == [6]
    assert any('"Débit" is 1000' in w for w in preview.warnings)


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (  # budget vs actual: the actual is the amount, the rest are kept as numbers
            "Account,Budget,Actual,Variance,Var %\nRent,100,110,10,10%\nSales,500,450,-50,-10%\n",
            {"Account": "account", "Budget": "quantity", "Actual": "amount",
             "Variance": "quantity", "Var %": "quantity"},
        ),
        (  # an ERP ledger whose debit and credit are "Amount (Debit)" / "Amount (Credit)"
            "Account,Type,Date,Document Number,Name,Memo,Amount (Debit),Amount (Credit)\n"
            "4000 Sales,Income,1/31/2025,INV1,ACME,x,,100.00\n"
            "1100 AR,Asset,1/31/2025,INV1,ACME,x,100.00,\n",
            {"Account": "account", "Type": "category", "Date": "date",
             "Document Number": "ignore", "Name": "dimension", "Memo": "description",
             "Amount (Debit)": "debit", "Amount (Credit)": "credit"},
        ),
        (  # a cloud-accounting P&L: dated columns under titles, section headings
            "Profit and Loss\nDemo Company (UK)\nFor the year ended 31 December 2025\n\n"
            'Account,31 Dec 2025,31 Dec 2024\nTrading Income\nSales,"10,000.00","9,000.00"\n'
            'Total Trading Income,"10,000.00","9,000.00"\nNet Profit,"9,000.00","8,100.00"\n',
            {"Account": "account", "31 Dec 2025": "amount", "31 Dec 2024": "amount"},
        ),
    ],
)  # fmt: skip
def test_more_export_layouts(tmp_path: Path, text: str, roles: dict[str, str]) -> None:
    path = write_text(tmp_path / "x.csv", text)
    assert _roles(path) == roles


def test_unicode_text_export_utf16_tab_separated(tmp_path: Path) -> None:
    text = "Company\tDate\tAccount\tAmount\nÅland AB\t2024-01-31\tRänta\t-12.50\n"
    path = write_text(tmp_path / "u.txt", text, encoding="utf-16")
    [record] = [r for b in parse_file(path) for r in b.records]
    assert (record.company_code, record.account, to_decimal(record.amount_minor)) == (
        "Åland AB",
        "Ränta",
        D("-12.5"),
    )


def test_label_value_title_rows_are_not_the_header(tmp_path: Path) -> None:
    text = (
        "Company:,ACME Ltd,Period:,2024\n"
        "Date:,01/02/2025,Page: 1,\n"
        "\n"
        "Date,Account,Amount,Memo\n"
        "2024-01-31,Rent,100.00,x\n"
    )
    suggestion = suggest_settings(write_text(tmp_path / "t.csv", text))
    assert suggestion.header_row == 4
    assert suggestion.offered.company == "ACME Ltd" and suggestion.offered.year == 2024
    assert suggestion.offered.date is None  # the print date is not an as-of date


def test_erp_star_total_lines_are_totals(tmp_path: Path) -> None:
    text = (
        "CoCd;G/L Acct;Short Text;Crcy;Accumulated balance\n"
        "1000;0000113100;Bank;EUR;28.160,52\n"
        "1000;0000800000;Umsatzerlöse;EUR;28.160,52-\n"
        "*;;;EUR;0,00\n"
        "**;;;EUR;0,00\n"
    )
    suggestion = suggest_settings(write_text(tmp_path / "sap.csv", text))
    suggestion.settings.constants.date = dt.date(2025, 12, 31)
    preview = preview_file(tmp_path / "sap.csv", suggestion.settings)
    assert preview.error_count == 0 and preview.records == 2
    assert [t["row"] for t in preview.totals_rows] == [4, 5]
    assert all(t["ties"] for t in preview.totals_rows)
