"""What the third batch of real layouts taught the parser (docs/import.md, 50 onwards): year
rows over Actual | Budget or months, bank columns that restate the amount, time columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from elara.ingest import parse_file, suggest_settings
from elara.ingest.settings import ColumnRole
from tests.amounts import sums_by_account
from tests.ingest.builders import write_xlsx

LINES = [["Revenue", 10, 20, 30], ["Costs", 1, 2, 3]]


def _amount_ends(path: Path) -> tuple[list[dt.date | None], list[str]]:
    suggestion = suggest_settings(path)
    columns = suggestion.settings.columns
    return [c.period_end for c in columns if c.role is ColumnRole.amount], suggestion.needs


@pytest.mark.parametrize("year", [2025, "2025", "FY2025", "FY 2025"])
def test_one_year_over_actual_budget_variance_dates_the_actual(
    tmp_path: Path, year: object
) -> None:
    rows = [["Co Ltd"], [], [None, year, None, None], [None, "Actual", "Budget", "Variance"]]
    path = write_xlsx(tmp_path / "pack.xlsx", {"S": rows + LINES})
    ends, needs = _amount_ends(path)
    assert ends == [dt.date(2025, 12, 31)]
    assert needs == []


def test_a_fiscal_year_over_calendar_months_dates_them(tmp_path: Path) -> None:
    rows = [["Co Ltd"], [], [None, "FY2024", None, None], [None, "Jan", "Feb", "Mar"]]
    path = write_xlsx(tmp_path / "pack.xlsx", {"S": rows + LINES})
    ends, needs = _amount_ends(path)
    assert ends == [dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 3, 31)]
    assert needs == []


def test_a_fiscal_year_over_months_that_wrap_is_not_guessed(tmp_path: Path) -> None:
    """FY2025 over Nov Dec Jan: which calendar year November is depends on the year-end."""
    rows = [["Co Ltd"], [], [None, "FY2025", None, None], [None, "Nov", "Dec", "Jan"]]
    path = write_xlsx(tmp_path / "pack.xlsx", {"S": rows + LINES})
    ends, needs = _amount_ends(path)
    assert ends == [None, None, None]
    assert "year" in needs


def _csv(tmp_path: Path, text: str, name: str = "bank.csv") -> dict[str, ColumnRole]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return {c.header: c.role for c in suggest_settings(path).settings.columns}


def test_a_running_saldo_before_the_betrag_is_not_the_amount(tmp_path: Path) -> None:
    roles = _csv(
        tmp_path,
        "Buchung;Auftraggeber/Empfänger;Saldo;Währung;Betrag;Währung\n"
        "01.04.2025;Stadtwerke;1.200,00;EUR;-80,00;EUR\n"
        "02.04.2025;Arbeitgeber;3.700,00;EUR;2.500,00;EUR\n"
        "03.04.2025;Supermarkt;3.650,50;EUR;-49,50;EUR\n",
    )
    assert roles["Betrag"] is ColumnRole.amount
    assert roles["Saldo"] is ColumnRole.quantity
    assert roles["Auftraggeber/Empfänger"] is ColumnRole.dimension


def test_money_in_and_out_beside_a_signed_amount_restate_it(tmp_path: Path) -> None:
    roles = _csv(
        tmp_path,
        "Date,Time,Type,Amount,Money Out,Money In\n"
        "01/04/2025,09:12:00,Card payment,-4.50,4.50,\n"
        "02/04/2025,10:01:00,Faster payment,200.00,,200.00\n"
        "03/04/2025,17:45:10,Card payment,-12.00,12.00,\n",
    )
    assert roles["Amount"] is ColumnRole.amount
    assert roles["Money Out"] is ColumnRole.quantity
    assert roles["Money In"] is ColumnRole.quantity
    assert roles["Time"] is ColumnRole.ignore  # never the account


def test_a_category_missing_on_some_lines_does_not_name_the_account(tmp_path: Path) -> None:
    roles = _csv(
        tmp_path,
        "Transaction Date,Description,Category,Amount\n"
        "01/04/2025,SHOP,Shopping,-4.50\n"
        "01/05/2025,PAYMENT THANK YOU,,200.00\n"
        "01/06/2025,CAFE,Food & Drink,-12.00\n",
    )
    assert roles["Category"] is ColumnRole.dimension


def test_an_audit_trail_type_signs_the_net_on_the_nominal(tmp_path: Path) -> None:
    """Sales invoices credit the nominal, purchase invoices debit it (the vendor's codes or
    their names); an unknown type keeps the amount's own sign and says so."""
    path = tmp_path / "audit.csv"
    path.write_text(
        "No,Type,Account,Nominal,Date,Net\n"
        "1,Sales Invoice,CUST01,4000,01/04/2025,100.00\n"
        "2,SC,CUST01,4000,02/04/2025,10.00\n"
        "3,Purchase Invoice,SUPP01,5000,03/04/2025,40.00\n"
        "4,PP,SUPP01,1200,04/04/2025,40.00\n"
        + "".join(f"{n},JD,,7000,05/04/2025,5.00\n" for n in range(5, 25))
        + "25,XX,,7000,05/04/2025,1.00\n",
        encoding="utf-8",
    )
    settings = suggest_settings(path).settings
    roles = {c.header: c.role for c in settings.columns}
    assert roles["Type"] is ColumnRole.drcr
    assert roles["Nominal"] is ColumnRole.account
    assert roles["Account"] is ColumnRole.dimension
    settings.constants.company = "Co"
    parser = parse_file(path, settings=settings)
    by_account = sums_by_account(parser)
    assert by_account == {
        "4000": Decimal("-90"),
        "5000": Decimal("40"),
        "1200": Decimal("-40"),
        "7000": Decimal("101"),
    }
    assert any('Type "XX" is neither a debit nor a credit' in w for w in parser.report.warnings)


def test_rows_whose_status_says_the_money_did_not_move_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "statement.csv"
    path.write_text(
        "Type,Completed Date,Description,Amount,Fee,Currency,State,Balance\n"
        "CARD_PAYMENT,2025-04-01 10:00:00,Cafe,-4.50,0.00,EUR,COMPLETED,95.50\n"
        "CARD_PAYMENT,,Shop,-20.00,0.00,EUR,REVERTED,95.50\n"
        "TOPUP,2025-04-02 08:00:00,Top-up,50.00,0.00,EUR,COMPLETED,145.50\n",
        encoding="utf-8",
    )
    settings = suggest_settings(path).settings
    settings.constants.company = "Co"
    settings.constants.date = dt.date(2025, 4, 30)
    parser = parse_file(path, settings=settings)
    list(parser)
    said = '1 row marked "REVERTED" in State was not stored'
    assert any(said in w for w in parser.report.warnings)
