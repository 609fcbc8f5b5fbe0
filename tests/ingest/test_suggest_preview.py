"""suggest_settings (roles from names and values, constants from titles) and preview_file."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from elara.core.money import to_decimal
from elara.finance.kinds import suggest_kind
from elara.ingest import (
    ImportSettings,
    MappingError,
    parse_file,
    preview_file,
    suggest_settings,
)
from elara.ingest.model import ERRORS_SHOWN, first_shown
from elara.ingest.suggest import title_constants

from .builders import write_text, write_xlsx


def _roles(path: Path, **kwargs: object) -> dict[str, str]:
    suggestion = suggest_settings(path, **kwargs)  # type: ignore[arg-type]
    return {c.header: str(c.role) for c in suggestion.settings.columns}


def test_description_beats_details(tmp_path: Path) -> None:
    text = "Details,Posting Date,Description,Amount,Type,Balance\n"
    text += "DEBIT,01/15/2025,Coffee shop,-3.50,DEBIT_CARD,996.50\n"
    text += "CREDIT,01/16/2025,Payroll,2500.00,ACH_CREDIT,3496.50\n"
    roles = _roles(write_text(tmp_path / "chase.csv", text))
    assert roles["Description"] == "description"
    assert roles["Details"] == "dimension"
    assert roles["Posting Date"] == "date" and roles["Amount"] == "amount"
    assert roles["Balance"] == "quantity"


@pytest.mark.parametrize(
    ("header", "values", "role"),
    [
        ("Ref", [1001, 1002, 1003, 1004, 1005], "ignore"),
        ("Zip", [10001, 2134, 94105, 60601, 73301], "ignore"),
        ("Disc", [0.1, 0.25, 0.0, 0.5, 0.05], "quantity"),
        ("Unit Price", [9.99, 12.5, 3.0, 4.25, 1.0], "quantity"),
        ("Qty", [1, 2, 3, 4, 5], "quantity"),
        ("Channel", ["Web", "Store", "Web", "Web", "Store"], "dimension"),
        ("Booked", [dt.date(2024, 1, d) for d in range(1, 6)], "date"),
        ("Revenue", [10.5, 20.25, 30.0, 40.0, 50.0], "measure"),
    ],
)
def test_roles_from_values(tmp_path: Path, header: str, values: list[object], role: str) -> None:
    rows = [["Region", "Amount USD", header]]
    rows += [["North", 1.5, v] for v in values]  # type: ignore[list-item]
    roles = _roles(write_xlsx(tmp_path / "v.xlsx", {"S": rows}))
    expected_amount = "measure" if role == "measure" else "amount"
    assert roles[header] == role
    assert roles["Amount USD"] in (expected_amount, "measure")


def test_first_column_of_row_numbers_is_ignored(tmp_path: Path) -> None:
    rows = [["#", "Region", "Sales"]] + [[i, "North", 10.0 + i] for i in range(1, 8)]
    assert _roles(write_xlsx(tmp_path / "n.xlsx", {"S": rows}))["#"] == "ignore"


@pytest.mark.parametrize(
    ("titles", "company", "date", "year", "currency"),
    [
        ([["Helena's Academy"], ["As at 31 October 2025"]], "Helena's Academy",
         dt.date(2025, 10, 31), 2025, None),
        ([["ACME Group — General Ledger"], ["Exported 2025-01-15"]], "ACME Group", None, None,
         None),
        ([["Profit and Loss"], ["January - December 2024"], ["Amounts in USD"]], None,
         dt.date(2024, 12, 31), 2024, "USD"),
        ([["Mandant: 10001 Bäckerei GmbH"], ["Operating Budget 2025"]], "Bäckerei GmbH", None,
         2025, None),
        ([["Date: 29/11/2026", None, "Wrenfield Ltd"], ["To Period:", "Month 10, October 2025"]],
         "Wrenfield Ltd", dt.date(2025, 10, 31), 2025, None),
    ],
)  # fmt: skip
def test_title_cells_offer_constants(
    titles: list[list[object]],
    company: str | None,
    date: dt.date | None,
    year: int | None,
    currency: str | None,
) -> None:
    offered = title_constants(titles, [])
    assert (offered.company, offered.date, offered.year, offered.currency) == (
        company,
        date,
        year,
        currency,
    )


def test_header_row_and_sheet_can_be_chosen(tmp_path: Path) -> None:
    book = {
        "Notes": [["nothing here"]],
        "Data": [["x", "y"], ["Company", "Date", "Account", "Amount"], ["A", "2024-01-31", "R", 1]],
    }
    path = write_xlsx(tmp_path / "h.xlsx", book)
    suggestion = suggest_settings(path, sheet="Data", header_row=2)
    assert suggestion.sheets == ["Notes", "Data"] and suggestion.header_row == 2
    assert suggestion.settings.sheet == "Data" and suggestion.needs == []
    records = [r for b in parse_file(path, settings=suggestion.settings) for r in b.records]
    assert [(r.company_code, r.account) for r in records] == [("A", "R")]


def test_settings_sent_back_with_constants_need_nothing_more(tmp_path: Path) -> None:
    path = write_text(tmp_path / "s.csv", "Account,JAN,FEB\nRent,1,2\n")
    first = suggest_settings(path)
    assert first.needs == ["company", "year"]
    first.settings.constants.company = "ACME"
    first.settings.constants.year = 2023
    again = suggest_settings(path, settings=ImportSettings.model_validate(first.settings))
    assert again.needs == [] and again.settings.columns == first.settings.columns


@pytest.mark.parametrize(
    ("constants", "message"),
    [
        ({"company": "x" * 65}, "1 to 64 characters"),
        ({"company": "A", "date": "1850-01-01"}, "outside 1900-2200"),
        ({"company": "A", "date": "2024-01-01", "currency": "dollars"}, "not a currency"),
    ],
)
def test_constants_the_database_would_refuse(
    tmp_path: Path, constants: dict[str, str], message: str
) -> None:
    path = write_text(tmp_path / "c.csv", "Account,Amount\nRent,1\n")
    settings = suggest_settings(path).settings
    settings.constants = type(settings.constants).model_validate(constants)
    with pytest.raises(MappingError, match=message):
        list(parse_file(path, settings=settings))


def test_legacy_mapping_and_default_currency_still_work(tmp_path: Path) -> None:
    text = "Firm,When,Line,Sum\nAC1,2024-01-31,Sales,10.00\n"
    mapping = {"Firm": "company_code", "When": "date", "Line": "account", "Sum": "amount"}
    parser = parse_file(write_text(tmp_path / "m.csv", text), mapping=mapping,
                        default_currency="eur")  # fmt: skip
    [record] = [r for b in parser for r in b.records]
    assert (record.company_code, record.currency) == ("AC1", "EUR")
    assert parser.report.settings is not None
    assert parser.report.settings.constants.currency == "EUR"


def test_preview_equals_what_is_stored(tmp_path: Path) -> None:
    rows = [["Region", "Order Date", "Sales", "Profit", "Quantity"]]
    rows += [["North" if i % 2 else "South", dt.date(2024, 1, 1 + i), 10.25 * i, -1.5 * i, i]
             for i in range(1, 30)]  # fmt: skip
    rows.append(["Total", None, sum(10.25 * i for i in range(1, 30)), None, None])
    path = write_xlsx(tmp_path / "p.xlsx", {"S": rows})
    settings = suggest_settings(path).settings
    settings.constants.company = "ACME"
    preview = preview_file(path, settings)
    stored: dict[str, Decimal] = {}
    for batch in parse_file(path, settings=settings, batch_size=7):
        for record in batch.records:
            stored[record.account] = stored.get(record.account, Decimal(0)) + to_decimal(
                record.amount_minor
            )
    assert preview.by_account == stored
    assert preview.by_account["Sales"] == Decimal("4458.75")
    assert preview.records == 58 and preview.rows_read == 29  # not the header, not the Total
    assert len(preview.sample) == 20
    json.dumps(preview.sample)  # JSON-able as it stands
    assert preview.sample[0]["attributes"] == {"Region": "North", "Quantity": 1}
    assert preview.dimensions == ["Region"]
    assert preview.number_formats["Sales"] == "1,234.56"
    known = {a for a in ("Profit", "Sales") if suggest_kind(a) is not None}
    assert preview.unclassified == sorted({"Profit", "Sales"} - known)
    assert preview.totals_rows == [{"row": 31, "values": {"Sales": "4458.75"}, "ties": True}]
    assert preview.totals_json() == {
        "by_account": {"Profit": "-652.5", "Sales": "4458.75"},
        "by_currency": [{"currency": None, "by_account": {"Profit": "-652.5", "Sales": "4458.75"}}],
        "records": 58,
    }


def test_a_file_of_several_currencies_is_totalled_per_currency(tmp_path: Path) -> None:
    """A card's or a travel account's lines in pounds, euros and dollars: one expense type
    is never added up into one number on the preview; the preview says so."""
    path = write_text(
        tmp_path / "expenses.csv",
        "Transaction Date,Expense Type,Amount,Currency\n"
        "2025-09-03,Hotel,389.00,GBP\n"
        "2025-09-16,Hotel,186.50,EUR\n"
        '2025-09-22,Hotel,"1,104.60",USD\n'
        "2025-09-23,Hotel,10.40,USD\n"
        "2025-09-23,Taxi,38.20,GBP\n",
    )
    settings = suggest_settings(path).settings
    assert {c.header: c.role.value for c in settings.columns}["Expense Type"] == "account"
    settings.constants.company = "ACME"
    preview = preview_file(path, settings)
    assert preview.by_currency == {
        "EUR": {"Hotel": Decimal("186.5")},
        "GBP": {"Hotel": Decimal("389"), "Taxi": Decimal("38.2")},
        "USD": {"Hotel": Decimal("1115")},
    }
    assert any("3 currencies (EUR, GBP, USD)" in w for w in preview.warnings), preview.warnings
    assert preview.currency is None  # no one currency
    single = write_text(
        tmp_path / "one.csv", "Date,Account,Amount,Currency\n2025-01-31,Sales,5,EUR\n"
    )
    settings = suggest_settings(single).settings
    settings.constants.company = "ACME"
    one = preview_file(single, settings)
    assert not any("currencies" in w for w in one.warnings) and one.currency == "EUR"


def test_preview_lists_unclassified_accounts_unless_the_settings_classify_them(
    tmp_path: Path,
) -> None:
    path = write_text(tmp_path / "u.csv", "Account,Amount\nRevenue,10\nWidgets,5\n")
    settings = suggest_settings(path).settings
    settings.constants.company = "A"
    settings.constants.date = dt.date(2024, 12, 31)
    assert preview_file(path, settings).unclassified == ["Widgets"]
    settings.account_kinds["Widgets"] = "cost_of_sales"
    assert preview_file(path, settings).unclassified == []


def test_preview_warns_in_plain_words_about_row_errors(tmp_path: Path) -> None:
    text = "Company,Date,Account,Amount\nA,2024-01-31,R,1\nA,2024-13-45,R,2\n"
    preview = preview_file(write_text(tmp_path / "w.csv", text))
    assert preview.error_count == 1
    assert any(w.startswith("1 row has errors") and "row 3" in w for w in preview.warnings)


def test_excel_separator_line_and_currency_in_a_header(tmp_path: Path) -> None:
    text = "sep=;\nDate;Payee;Amount (EUR)\n31.01.2025;ACME;-1.200,50\n28.02.2025;Bob;3.400,00\n"
    suggestion = suggest_settings(write_text(tmp_path / "s.csv", text))
    assert suggestion.header_row == 2 and suggestion.offered.company is None
    assert suggestion.settings.constants.currency == "EUR"  # no currency column: the header's
    suggestion.settings.constants.company = "Me"
    preview = preview_file(tmp_path / "s.csv", suggestion.settings)
    assert preview.by_account == {"Money out": Decimal("-1200.5"), "Money in": Decimal("3400")}
    assert {s["currency"] for s in preview.sample} == {"EUR"}


def test_settings_with_only_constants_get_the_suggested_columns(tmp_path: Path) -> None:
    path = write_text(tmp_path / "k.csv", "Date,Account,Amount\n2024-01-31,Rent,5\n")
    settings = ImportSettings.model_validate({"constants": {"company": "ACME"}})
    [record] = [r for b in parse_file(path, settings=settings) for r in b.records]
    assert (record.company_code, record.account) == ("ACME", "Rent")
    assert not settings.columns  # the caller's object is not changed


def test_statement_lines_that_are_not_money_are_left_out_and_said(tmp_path: Path) -> None:
    """A market-data income statement (one column per fiscal year-end, a trailing-twelve-months
    column that overlaps them) ends with per-share figures and share counts: not money."""
    text = (
        "Breakdown,ttm,12/31/2024,12/31/2023\n"
        'Total Revenue,"10,250","9,769","9,677"\n'
        'Tax Provision,"142","183","-500"\n'
        'Net Income Common Stockholders,"713","709","1,499"\n'
        "Basic EPS,,2.23,4.73\n"
        'Diluted Average Shares,,"3,485","3,485"\n'
    )
    path = write_text(tmp_path / "market.csv", text)
    settings = suggest_settings(path).settings
    settings.constants.company = "T"
    preview = preview_file(path, settings)
    assert preview.by_account == {
        "Net Income Common Stockholders": Decimal("2208"),
        "Tax Provision": Decimal("-317"),
        "Total Revenue": Decimal("19446"),
    }  # the ttm column overlaps the years: not read
    assert preview.unclassified == []  # "Tax Provision" is tax
    assert [(s["row"], s["reason"]) for s in preview.skipped_rows] == [
        (5, "not an amount (per share, shares, ratio)"),
        (6, "not an amount (per share, shares, ratio)"),
    ]
    assert any("not money" in w and "row(s) 5, 6" in w for w in preview.warnings)


def test_lines_not_money_are_named_up_to_errors_shown(tmp_path: Path) -> None:
    """The preview names as many rows as the stored report's warnings do (ERRORS_SHOWN)."""
    ratios = "".join(f"Ratio {n},,{n}.5,{n}.25\n" for n in range(ERRORS_SHOWN + 2))
    text = 'Breakdown,12/31/2024,12/31/2023\nTotal Revenue,"9,769","9,677"\n' + ratios
    text = text.replace(",,", ",")
    path = write_text(tmp_path / "market.csv", text)
    settings = suggest_settings(path).settings
    settings.constants.company = "T"
    (warning,) = [w for w in preview_file(path, settings).warnings if "not money" in w]
    rows = [str(3 + n) for n in range(ERRORS_SHOWN + 2)]
    assert f"row(s) {first_shown(rows)}" in warning
    assert warning.endswith(", …") and f"{rows[ERRORS_SHOWN - 1]}, …" in warning


def test_a_savings_bank_export_with_umlauts_spelt_out(tmp_path: Path) -> None:
    """A German savings bank's CSV: Latin-1, semicolons, two-digit years, decimal commas, and
    headers whose umlauts are spelt out ("Waehrung" is the currency column)."""
    text = (
        '"Auftragskonto";"Buchungstag";"Buchungstext";"Verwendungszweck";'
        '"Beguenstigter/Zahlungspflichtiger";"Betrag";"Waehrung"\n'
        '"DE1250010517";"28.11.25";"LASTSCHRIFT";"Miete Dezember";"Verwaltung";"-1250,00";"EUR"\n'
        '"DE1250010517";"27.11.25";"GUTSCHRIFT";"Rechnung 114";"Kunde AG";"4.830,50";"EUR"\n'
        '"DE1250010517";"03.11.25";"KARTENZAHLUNG";"Bürobedarf";"Papier GmbH";"-89,99";"EUR"\n'
    )
    path = write_text(tmp_path / "umsaetze.csv", text, encoding="latin-1")
    suggestion = suggest_settings(path)
    roles = {c.header: str(c.role) for c in suggestion.settings.columns}
    assert roles["Waehrung"] == "currency" and roles["Betrag"] == "amount"
    assert roles["Buchungstag"] == "date"
    settings = suggestion.settings
    settings.constants.company = "Muster GmbH"
    preview = preview_file(path, settings)
    assert sum(preview.by_account.values()) == Decimal("3490.51")
    assert {s["currency"] for s in preview.sample} == {"EUR"}
    assert [s["date"] for s in preview.sample] == ["2025-11-28", "2025-11-27", "2025-11-03"]
