"""Walk 8 (docs/import.md, layouts 182-184): rupees with Indian digit grouping, a P&L's
"Total for …" subtotal lines, a "Jan - Dec 25" total column, a bank download's "CAD$" /
"USD$" columns and its own account on every line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl

from elara.core.money import AMOUNT_SCALE
from elara.ingest.numbers import COMMA, POINT, NumberFormat, parse_units
from elara.ingest.periods import read_period
from elara.ingest.pipeline import parse_file
from elara.ingest.suggest import suggest_settings
from elara.ingest.vocabulary import header_role


def test_indian_grouping_and_the_rupee_sign_read_exactly() -> None:
    parsed = parse_units(
        pl.Series(["₹12,34,567.89", "-₹1,00,000.00", "₹950.10"]), NumberFormat(POINT)
    )
    expected = [Decimal("1234567.89"), Decimal("-100000.00"), Decimal("950.10")]
    assert parsed.units.to_list() == [int(v * AMOUNT_SCALE) for v in expected]
    assert parsed.currency.to_list() == ["INR", "INR", "INR"]
    # with a decimal comma the shape means nothing: not read as a number
    assert parse_units(pl.Series(["12,34,567"]), NumberFormat(COMMA)).units.to_list() == [None]


def test_month_spans_are_periods_ending_on_the_last_month() -> None:
    assert str(read_period("Jan - Dec 25").end) == "2025-12-31"  # type: ignore[union-attr]
    assert str(read_period("Jan - Mar 2025").end) == "2025-03-31"  # type: ignore[union-attr]
    assert read_period("January - December 2025") is None  # a title, read elsewhere
    assert read_period("Dec - Jan 25") is None  # out of order: not a span
    assert read_period("Jan 2025 - 3/31/2025") is None  # a month to a day: not one span


def test_currency_headers_and_numbered_descriptions() -> None:
    assert str(header_role("CAD$")) == "amount"
    assert str(header_role("USD$")) == "amount"
    assert str(header_role("Description 1")) == "description"
    assert header_role("Q1") != header_role("CAD$")


def test_total_for_lines_of_a_statement_are_kept_and_do_not_warn(tmp_path: Path) -> None:
    path = tmp_path / "pl.csv"
    path.write_text(
        "Shop Ltd\nProfit and Loss\nFrom 01/04/2025 To 31/03/2026\n\nAccount,Total\n"
        'Operating Income,\nSales,"1,000.00"\nTotal for Operating Income,"1,000.00"\n'
        "Operating Expense,\nRent,400.00\nTotal for Operating Expense,400.00\n"
        "Net Profit/Loss,600.00\n",
        encoding="utf-8",
    )
    settings = suggest_settings(path).settings
    settings.constants.currency = "INR"
    parser = parse_file(path, settings=settings)
    accounts = {account for batch in parser for account in batch.columns["account"]}
    assert {"Sales", "Rent", "Total for Operating Income"} <= accounts
    assert not [w for w in parser.report.warnings if "add up to" in w]


def test_a_currency_header_is_the_amount_of_a_bank_download(tmp_path: Path) -> None:
    path = tmp_path / "csv1.csv"
    lines = [f"4/{d}/2025,,PAYEE {d},,{'-' if d % 2 else ''}{d}0.00," for d in range(1, 9)]
    path.write_text(
        "Transaction Date,Cheque Number,Description 1,Description 2,CAD$,USD$\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    suggestion = suggest_settings(path)
    roles = {c.header: str(c.role) for c in suggestion.settings.columns}
    assert roles["CAD$"] == "amount"  # not a measure named "CAD$"
    assert roles["Description 1"] == "description"
    assert suggestion.settings.constants.currency == "CAD"


def test_lines_under_an_operating_income_heading_are_revenue() -> None:
    from elara.finance.kinds import suggest_kind

    assert str(suggest_kind("Other Charges", "Operating Income")) == "revenue"
    assert str(suggest_kind("Operating Income")) == "subtotal"  # the line itself: a subtotal
