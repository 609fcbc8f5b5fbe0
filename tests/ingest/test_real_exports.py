"""What the second batch of real export layouts taught the parser (docs/import.md, 26-35):
Dr/Cr indicators, closing balances, row "Total" columns, year rows over quarter headers,
cover sheets, "in EUR thousand", and account groups closed by "Total <account>"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl

from elara.core.money import to_decimal
from elara.ingest import parse_file, suggest_settings
from elara.ingest.settings import ColumnRole
from tests.ingest.builders import write_xlsx


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _parse(path: Path) -> tuple[pl.DataFrame, list[str]]:
    suggestion = suggest_settings(path)
    settings = suggestion.settings
    settings.constants.company = settings.constants.company or "Test Co"
    parser = parse_file(path, settings=settings)
    frames = [batch.frame for batch in parser if not batch.frame.is_empty()]
    return pl.concat(frames), parser.report.warnings


def _by_account(frame: pl.DataFrame) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for account, units in zip(frame["account"], frame["amount_minor"], strict=True):
        out[account] = out.get(account, Decimal(0)) + to_decimal(units)
    return out


def _roles(path: Path) -> dict[str, ColumnRole]:
    return {c.header: c.role for c in suggest_settings(path).settings.columns}


def test_a_dr_cr_column_signs_the_unsigned_amounts(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "bank.csv",
        [
            "Transaction Date,Description,Amount,Type",
            "01/04/2025,SALARY,5000.00,CR",
            "02/04/2025,RENT,1200.00,DR",
            "03/04/2025,GROCERIES,80.50,D",
            "04/04/2025,REFUND,20.00,c",
        ],
    )
    assert _roles(path)["Type"] is ColumnRole.drcr
    frame, _ = _parse(path)
    # with nothing naming the lines, kept apart by direction and read as cash: the debits
    # are money out, negative, the credits money in (docs/finance.md, "Bank statements")
    assert _by_account(frame) == {"Money out": Decimal("-1280.50"), "Money in": Decimal("5020")}


def test_a_drcr_column_beside_an_amount_and_a_running_balance(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "bank.csv",
        [
            "Date,Description,Amount,Debit/Credit,Balance",
            "01/04/2025,SALARY,5000.00,Cr,6000.00",
            "02/04/2025,RENT,1200.00,Dr,4800.00",
        ],
    )
    roles = _roles(path)
    assert roles["Debit/Credit"] is ColumnRole.drcr and roles["Balance"] is ColumnRole.quantity
    frame, _ = _parse(path)
    assert _by_account(frame) == {"Money out": Decimal("-1200"), "Money in": Decimal("5000")}


def test_amounts_with_their_own_sign_keep_it_beside_a_drcr_column(tmp_path: Path) -> None:
    """A card export's DEBIT/CREDIT column beside amounts already signed is not a sign
    column (the file's signs stand); set to drcr by hand, it signs them, and the statement
    still reads as cash: the Dr line money out, negative, the Cr line money in."""
    path = _write(
        tmp_path,
        "card.csv",
        ["Date,Details,Amount,Dr/Cr", "01/04/2025,SHOP,-45.00,Dr", "02/04/2025,PAYMENT,100,Cr"],
    )
    assert _roles(path)["Dr/Cr"] is not ColumnRole.drcr
    frame, _ = _parse(path)
    assert sorted(frame["amount_minor"].to_list()) == [-450_000, 1_000_000]
    settings = suggest_settings(path).settings
    settings.constants.company = "Test Co"
    for column in settings.columns:
        if column.header == "Dr/Cr":
            column.role = ColumnRole.drcr
    parser = parse_file(path, settings=settings)
    frame = pl.concat([b.frame for b in parser])
    assert sorted(frame["amount_minor"].to_list()) == [-450_000, 1_000_000]


def test_the_closing_balance_of_an_undated_trial_balance_is_the_amount(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "tb.csv",
        [
            "Fabrikam",
            "As of 31 March 2025",
            "",
            "Account,Description,Beginning Balance,Debit,Credit,Net Change,Ending Balance",
            "1100,Cash,100.00,50.00,20.00,30.00,130.00",
            "4100,Sales,-100.00,20.00,50.00,-30.00,-130.00",
        ],
    )
    roles = _roles(path)
    assert roles["Ending Balance"] is ColumnRole.amount
    assert roles["Debit"] is ColumnRole.quantity and roles["Credit"] is ColumnRole.quantity
    frame, _ = _parse(path)
    assert _by_account(frame) == {"Cash": Decimal("130"), "Sales": Decimal("-130")}
    assert set(frame["date"].to_list()) == {dt.date(2025, 3, 31)}


def test_a_bank_statement_s_closing_balance_stays_a_running_balance(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "bank.csv",
        [
            "Date,Narration,Withdrawal Amt.,Deposit Amt.,Closing Balance",
            "01/04/25,ATM,500.00,,1500.00",
            "02/04/25,SALARY,,2000.00,3500.00",
        ],
    )
    roles = _roles(path)
    assert (roles["Withdrawal Amt."], roles["Deposit Amt."]) == (
        ColumnRole.debit,
        ColumnRole.credit,
    )
    assert roles["Closing Balance"] is ColumnRole.quantity
    frame, _ = _parse(path)
    assert frame["amount_minor"].sum() == 15_000_000  # as cash: 2000 in, 500 out
    assert set(frame["date"].to_list()) == {dt.date(2025, 4, 1), dt.date(2025, 4, 2)}


QUARTERS = [
    "Line item,Q1,Q2,Q3,Q4,Total",
    "Revenue,100.00,200.00,300.00,400.00,1000.00",
    "Rent,10.00,10.00,10.00,10.00,{rent}",
]


def test_a_total_column_is_checked_against_its_periods(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.csv", [line.format(rent="40.00") for line in QUARTERS])
    settings = suggest_settings(good).settings
    settings.constants.company, settings.constants.year = "Co", 2024
    parser = parse_file(good, settings=settings)
    frame = pl.concat([b.frame for b in parser])
    assert frame.height == 8  # the Total column is never a period
    assert not [w for w in parser.report.warnings if "add up to" in w]

    bad = _write(tmp_path, "bad.csv", [line.format(rent="41.00") for line in QUARTERS])
    parser = parse_file(bad, settings=settings)
    frame = pl.concat([b.frame for b in parser])
    assert frame.height == 8
    warnings = [w for w in parser.report.warnings if "add up to" in w]
    assert warnings == [
        'Row 3 ("Rent"): the file\'s "Total" is 41.00 but its periods add up to 40.00'
    ]


def test_a_cent_of_rounding_in_a_total_column_is_not_a_difference(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "rounded.csv",
        ["Line item,Jan 2024,Feb 2024,FY Total", "Sales,10.004,10.004,20.01"],
    )
    settings = suggest_settings(path).settings
    settings.constants.company = "Co"
    parser = parse_file(path, settings=settings)
    list(parser)
    assert not [w for w in parser.report.warnings if "add up to" in w]


def test_a_year_row_over_quarter_headers_dates_each_column(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "pack.xlsx",
        {
            "P&L": [
                ["Leisure Ltd"],
                [],
                [None, 2024, None, 2023, None],
                [None, "Q1", "Q2", "Q1", "Q2"],
                ["Revenue", 10, 20, 30, 40],
                ["Costs", 1, 2, 3, 4],
            ]
        },
    )
    suggestion = suggest_settings(path)
    assert suggestion.needs == [] or suggestion.needs == ["company"]
    ends = [c.period_end for c in suggestion.settings.columns if c.role is ColumnRole.amount]
    assert ends == [
        dt.date(2024, 3, 31),
        dt.date(2024, 6, 30),
        dt.date(2023, 3, 31),
        dt.date(2023, 6, 30),
    ]


def test_a_cover_sheet_is_passed_over_for_the_first_sheet_with_money(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "pack.xlsx",
        {
            "Cover": [[], [None, "Bluebell Ltd"], [None, "Management accounts"]],
            "P&L": [[None, "Jan 2025", "Feb 2025"], ["Sales", 10, 20], ["Rent", 5, 5]],
        },
    )
    suggestion = suggest_settings(path)
    assert suggestion.settings.sheet == "P&L"
    assert suggestion.sheets == ["Cover", "P&L"]


def test_in_eur_thousand_is_a_scale(tmp_path: Path) -> None:
    from elara.ingest.scale import scale_of

    assert scale_of("in EUR thousand") == 1000
    assert scale_of("EUR thousand") == 1000
    assert scale_of("one thousand members") is None


def test_total_lines_of_a_dated_ledger_close_their_account_group(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "gl.csv",
        [
            ",Type,Date,Num,Name,Split,Debit,Credit,Balance",
            "1000 · Checking,,,,,,,,500.00",
            ",Deposit,1/5/2025,1,Client,4000 · Sales,100.00,,600.00",
            ",Check,1/9/2025,2,Landlord,6300 · Rent,,40.00,560.00",
            "Total 1000 · Checking,,,,,,100.00,40.00,560.00",
            "4000 · Sales,,,,,,,,0.00",
            ",Deposit,1/5/2025,1,Client,1000 · Checking,,100.00,-100.00",
            "Total 4000 · Sales,,,,,,0.00,100.00,-100.00",
            "TOTAL,,,,,,100.00,140.00",
        ],
    )
    frame, _ = _parse(path)
    assert _by_account(frame) == {"1000 · Checking": Decimal("60"), "4000 · Sales": Decimal("-100")}
    assert frame.height == 3


def test_account_headings_in_the_date_column_name_the_account(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "at.csv",
        [
            "Account Transactions",
            "Kiwi Ltd",
            "",
            "Date,Source,Description,Debit (NZD),Credit (NZD),Running Balance (NZD),Gross (NZD),"
            "GST (NZD)",
            "Sales (200)",
            '05 Jan 2025,Invoice,Catering,,"1,000.00","(1,000.00)","1,150.00",150.00',
            '09 Feb 2025,Invoice,Catering,,500.00,"(1,500.00)",575.00,75.00',
            'Total Sales (200),,,0.00,"1,500.00",,,',
            "Rent (469)",
            "01 Jan 2025,Spend Money,Landlord,800.00,,800.00,920.00,120.00",
            "Total Rent (469),,,800.00,0.00,,,",
        ],
    )
    roles = _roles(path)
    assert roles["Date"] is ColumnRole.date
    assert roles["Gross (NZD)"] is ColumnRole.quantity and roles["GST (NZD)"] is ColumnRole.quantity
    frame, _ = _parse(path)
    assert _by_account(frame) == {"Sales (200)": Decimal("-1500"), "Rent (469)": Decimal("800")}
    assert sorted(frame["date"].to_list()) == [
        dt.date(2025, 1, 1),
        dt.date(2025, 1, 5),
        dt.date(2025, 2, 9),
    ]


def test_an_erp_line_item_list_reads_the_local_amount_not_the_assignment(tmp_path: Path) -> None:
    path = tmp_path / "fbl.txt"
    path.write_text(
        "\tAssignment\tDocumentNo\tDoc. Date\tPK\tAmount in local cur.\tLCurr\tG/L\tPstng Date\n"
        "\t20250103\t1900000012\t03.01.2025\t40\t1.190,00\tEUR\t400000\t05.01.2025\n"
        "\t20250104\t1900000013\t04.01.2025\t50\t250,00-\tEUR\t400000\t06.01.2025\n",
        encoding="cp1252",
    )
    roles = _roles(path)
    assert roles["Amount in local cur."] is ColumnRole.amount
    assert roles["Assignment"] is ColumnRole.ignore and roles["Pstng Date"] is ColumnRole.date
    frame, _ = _parse(path)
    assert _by_account(frame) == {"400000": Decimal("940")}
    assert sorted(frame["date"].to_list()) == [dt.date(2025, 1, 5), dt.date(2025, 1, 6)]


def test_actual_budget_variance_under_each_month_stores_the_actuals(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "bva.xlsx",
        {
            "BvA": [
                ["Pine Ltd"],
                [],
                [None, "Jan 2025", None, None, "Feb 2025", None, None],
                [None, "Actual", "Budget", "Variance", "Actual", "Budget", "Variance"],
                ["Sales", 100, 120, -20, 200, 180, 20],
                ["Rent", 10, 10, 0, 10, 10, 0],
            ]
        },
    )
    frame, warnings = _parse(path)
    assert _by_account(frame) == {"Sales": Decimal("300"), "Rent": Decimal("20")}
    assert set(frame["date"].to_list()) == {dt.date(2025, 1, 31), dt.date(2025, 2, 28)}
    assert not [w for w in warnings if "error" in w]
