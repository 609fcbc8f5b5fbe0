"""Rules added for the fifth round of real layouts (docs/import.md, layouts 100-109)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from elara.core.money import to_decimal
from elara.ingest.headerless import headerless_names
from elara.ingest.identities import Identities
from elara.ingest.numbers import NOT_AVAILABLE
from elara.ingest.periods import read_period
from elara.ingest.pipeline import parse_file
from elara.ingest.scale import without_scale
from elara.ingest.suggest import suggest_settings
from elara.ingest.vocabulary import BALANCE_ROW
from tests.ingest.builders import write_text


@pytest.mark.parametrize(
    ("header", "end"),
    [
        ("FY25 P01", dt.date(2025, 1, 31)),
        ("FY2025 Per 3", dt.date(2025, 3, 31)),
        ("FY25-P12", dt.date(2025, 12, 31)),
        ("fy24 period 2", dt.date(2024, 2, 29)),
    ],
)
def test_fiscal_periods_are_months_of_the_fiscal_year(header: str, end: dt.date) -> None:
    period = read_period(header)
    assert period is not None and period.end == end


def test_a_thirteenth_period_is_not_a_month() -> None:
    assert read_period("FY25 P13") is None
    assert read_period("FY25 Total") is None


def test_a_first_line_of_data_is_no_header() -> None:
    rows = [
        ["01/31/2025", "-45.67", "*", "", "CARD PURCHASE OFFICE DEPOT"],
        ["01/30/2025", "1200.00", "*", "3101", "DEPOSIT"],
        ["01/29/2025", "-12.00", "*", "", "MONTHLY SERVICE FEE"],
    ]
    assert headerless_names(rows) == ["Date", "Amount", "Unused", "Number", "Description"]


def test_a_second_amount_is_the_balance_only_when_it_runs_along_the_first() -> None:
    running = [
        ["30/06/2025", "-4.24", "Direct Debit", "+995.76"],
        ["29/06/2025", "+500.00", "Transfer in", "+1000.00"],
        ["28/06/2025", "-20.00", "Card", "+500.00"],
    ]
    assert headerless_names(running) == ["Date", "Amount", "Description", "Balance"]
    unrelated = [[*row[:3], f"{n}7.50"] for n, row in enumerate(running)]
    names = headerless_names(unrelated)
    assert names is not None and "Balance" not in names


def test_a_header_row_is_still_a_header() -> None:
    rows = [
        ["Date", "Description", "Amount", "Balance"],
        ["31/01/2025", "Card", "-4.00", "96.00"],
        ["30/01/2025", "Deposit", "100.00", "100.00"],
    ]
    assert headerless_names(rows) is None
    assert headerless_names([["Account", "Jan 2025"], ["Sales", "10.00"]]) is None


def test_headerless_download_keeps_its_first_line_and_row_numbers(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "activity.csv",
        '"01/31/2025","-45.67","*","","CARD PURCHASE"\r\n'
        '"01/30/2025","1200.00","*","3101","DEPOSIT"\r\n'
        '"01/29/2025","-12.00","*","","MONTHLY SERVICE FEE"\r\n',
    )
    suggestion = suggest_settings(path)
    settings = suggestion.settings
    settings.constants.company = "Pecan Street Bakery"
    parser = parse_file(path, settings=settings)
    amounts = [to_decimal(u) for b in parser for u in b.columns["amount_minor"]]
    assert sorted(amounts) == [Decimal("-45.67"), Decimal("-12.00"), Decimal("1200.00")]
    assert any("no header row" in w for w in parser.report.warnings)
    assert not parser.report.errors


@pytest.mark.parametrize(
    "label", ["'Opening'", "'Closing (Opening + Total)'", "Opening Balance", "Balance b/f"]
)
def test_ledger_balance_rows(label: str) -> None:
    assert re.search(BALANCE_ROW, label)


@pytest.mark.parametrize("label", ["Opening Stock", "Closing Costs", "4110 - Sales - YW"])
def test_accounts_are_not_balance_rows(label: str) -> None:
    assert not re.search(BALANCE_ROW, label)


@pytest.mark.parametrize(("text", "missing"), [("N.A.", True), ("n/a", True), ("NA", True)])
def test_not_available_is_no_figure(text: str, missing: bool) -> None:
    assert bool(re.search(NOT_AVAILABLE, text)) is missing


@pytest.mark.parametrize("text", ["NAB", "1.0", "nan", "-"])
def test_other_texts_are_not_not_available(text: str) -> None:
    assert not re.search(NOT_AVAILABLE, text)


def test_a_bracketed_scale_leaves_the_account_name() -> None:
    assert without_scale("Revenue (in millions)") == "Revenue"
    assert without_scale("Profit ($m)") == "Profit"
    assert without_scale("Amount (EUR)") == "Amount (EUR)"


def _run(net: list[int]) -> dict[str, str]:
    import polars as pl

    identities = Identities()
    names = {0: "Gross Pay", 1: "Tax", 2: "Social Security", 3: "401(k)", 4: "Net Pay"}
    identities.start(names, {})
    gross, tax, social, pension = [1000, 2000], [100, 300], [62, 124], [50, 0]
    columns = [gross, tax, social, pension, net]
    identities.add({p: pl.Series(v, dtype=pl.Int64) for p, v in enumerate(columns)})
    return identities.found_runs()


def test_net_pay_is_gross_less_the_withholdings_between() -> None:
    assert set(_run([788, 1576])) == {"Net Pay"}


def test_a_net_that_does_not_hold_on_every_row_is_added() -> None:
    assert _run([788, 1575]) == {}


def test_rows_in_a_unit_that_is_no_currency_are_not_money(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "num.txt",
        "adsh\ttag\tddate\tqtrs\tuom\tvalue\n"
        "0001-25-1\tRevenues\t20241231\t4\tUSD\t1000\n"
        "0001-25-1\tEarningsPerShareBasic\t20241231\t4\tUSD/shares\t2.5\n"
        "0001-25-1\tWeightedAverageNumberOfSharesOutstandingBasic\t20241231\t4\tshares\t400\n"
        "0001-25-1\tRevenues\t20231231\t4\tUSD\t900\n",
    )
    settings = suggest_settings(path).settings
    settings.constants.company = "Northwind"
    parser = parse_file(path, settings=settings)
    batches = list(parser)
    accounts = [a for b in batches for a in b.columns["account"]]
    dates = [d for b in batches for d in b.columns["date"]]
    assert accounts == ["Revenues", "Revenues"]
    assert dates == [dt.date(2024, 12, 31), dt.date(2023, 12, 31)]
    assert not parser.report.errors


def test_a_compact_date_is_a_date_only_under_a_date_header(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "ids.csv",
        "Invoice,Account,Amount\n20241231,Sales,10.00\n20241230,Sales,12.00\n",
    )
    roles = {c.header: str(c.role) for c in suggest_settings(path).settings.columns}
    assert roles["Invoice"] != "date"


def test_age_buckets_are_accounts_and_the_customer_a_dimension(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "aging.csv",
        ",Current,1 - 30,31 - 60,Over 90,Total\n"
        "Cool Cars,100.00,,50.00,,150.00\n"
        "Red Rock Diner,,20.00,,5.00,25.00\n",
    )
    roles = {c.header: str(c.role) for c in suggest_settings(path).settings.columns}
    assert roles == {
        "Column 1": "dimension",
        "Current": "measure",
        "1 - 30": "measure",
        "31 - 60": "measure",
        "Over 90": "measure",
        "Total": "ignore",
    }


def test_a_current_column_alone_is_no_aging_report(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "statement.csv",
        "Line,Current,Prior\nSales,100.00,90.00\nCosts,-40.00,-35.00\n",
    )
    roles = {c.header: str(c.role) for c in suggest_settings(path).settings.columns}
    assert roles["Line"] == "account"
