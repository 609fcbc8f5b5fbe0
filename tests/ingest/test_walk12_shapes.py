"""Walk 12 (docs/import.md, layouts 235-238): what the corpus harness cannot see, because it
types the layout's constants over whatever Elara offered.

- A New Zealand bank's "Avail Bal : 6790.45 as of 20260623" above the header was offered as
  the company "Avail Bal"; a Czech bank's API preamble offered "accountId", then "CZK".
- A council's "Type of Expenditure" (Revenue | Capital) was taken as the accounts' class, so
  its payments would have read as income.
- An API's CamelCase headers ("YTDDebit", "ReportDate") said nothing; its "Tenant" named the
  company on every line, yet the company was asked for.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from elara.core.money import to_decimal
from elara.ingest import suggest_settings
from elara.ingest.settings import ColumnRole
from elara.ingest.suggest import title_constants
from elara.ingest.vocabulary import cumulative_header, header_role
from tests.corpus.walk12 import (
    api_tb_ytd_pairs_csv,
    council_spend_over_500_csv,
    cz_bank_key_value_csv,
    nz_bank_balance_lines_csv,
)


def _roles(path: Path) -> dict[str, ColumnRole]:
    return {c.header: c.role for c in suggest_settings(path).settings.columns}


def test_a_labelled_balance_is_no_company(tmp_path: Path) -> None:
    layout = nz_bank_balance_lines_csv(tmp_path)
    suggestion = suggest_settings(layout.path)
    assert suggestion.settings.constants.company is None
    assert "company" in suggestion.needs


def test_a_title_before_a_year_keeps_its_company() -> None:
    offered = title_constants([["Acme Ltd: 2025 Budget"]], ["Account", "Jan"])
    assert offered.company == "Acme Ltd"


def test_an_api_preamble_names_no_company(tmp_path: Path) -> None:
    layout = cz_bank_key_value_csv(tmp_path)
    suggestion = suggest_settings(layout.path)
    assert suggestion.settings.constants.company is None
    roles = _roles(layout.path)
    assert (roles["Objem"], roles["Měna"]) == (ColumnRole.amount, ColumnRole.currency)
    for header in ("ID pohybu", "ID pokynu", "Protiúčet", "KS", "VS", "SS", "Kód banky"):
        assert roles[header] not in (ColumnRole.amount, ColumnRole.measure), header


def test_revenue_expenditure_is_no_account_class(tmp_path: Path) -> None:
    roles = _roles(council_spend_over_500_csv(tmp_path).path)
    assert roles["Expenditure Category"] is ColumnRole.account
    assert roles["Type of Expenditure"] is not ColumnRole.category


def test_camel_case_headers_and_the_tenant(tmp_path: Path) -> None:
    assert header_role("YTDDebit") is ColumnRole.debit
    assert header_role("ReportDate") is ColumnRole.date
    assert cumulative_header("YTDCredit")
    layout = api_tb_ytd_pairs_csv(tmp_path)
    suggestion = suggest_settings(layout.path)
    roles = {c.header: c.role for c in suggestion.settings.columns}
    assert roles["Tenant"] is ColumnRole.company
    assert roles["AccountName"] is ColumnRole.account
    assert (roles["YTDDebit"], roles["YTDCredit"]) == (ColumnRole.debit, ColumnRole.credit)
    assert suggestion.needs == []


def _older_council_file(path: Path) -> Path:
    """The same council's older quarters: "Body Name" on every line, "Type" of Revenue |
    Capital, and a Paid Date the export broke ("00:00:00"): the person types the date."""
    lines = [
        "Body Name,Organisational Unit,Expenditure Category,Expenditure Code,Paid Date,"
        "Trans No,Amount,Type,Supplier ID,Supplier Name",
        "Downsbury District Council,Housing,Gas,B1502,00:00:00,46281108_1,811.15,Revenue,"
        "20000000_1,TOTAL GAS & POWER LTD",
        "Downsbury District Council,Housing,Gas,B1502,00:00:00,46281109_1,427.27,Revenue,"
        "20000000_2,TOTAL GAS & POWER LTD",
        "Downsbury District Council,Housing,Electricity,B1501,00:00:00,46281110_1,4187.03,"
        "Revenue,20000000_3,GRIDLINE POWER PLC",
        "Downsbury District Council,Leisure,Main Contractor,Y021,00:00:00,46281111_1,9000,"
        "Capital,20000000_4,OAKFIELD BUILDERS",
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_an_undated_council_list_keeps_its_total_named_supplier(tmp_path: Path) -> None:
    import datetime as dt

    from elara.ingest.pipeline import parse_file

    path = _older_council_file(tmp_path / "spend.csv")
    suggestion = suggest_settings(path)
    roles = {c.header: c.role for c in suggestion.settings.columns}
    assert roles["Body Name"] is ColumnRole.company
    assert roles["Type"] is not ColumnRole.category  # Revenue expenditure is no income
    assert suggestion.needs == ["date"]
    settings = suggestion.settings
    settings.constants.date = dt.date(2014, 6, 30)
    parser = parse_file(path, settings=type(settings).model_validate(settings.model_dump()))
    by_account: dict[str, Decimal] = {}
    for batch in parser:
        for account, units in zip(
            batch.columns["account"], batch.columns["amount_minor"], strict=True
        ):
            by_account[account] = by_account.get(account, Decimal(0)) + to_decimal(units)
    assert not parser.report.errors
    assert not parser.report.warnings  # no "total" that fails to tie: the payments are lines
    assert by_account == {
        "Gas": Decimal("1238.42"),
        "Electricity": Decimal("4187.03"),
        "Main Contractor": Decimal("9000"),
    }
