"""Rules added for the fourth round of real layouts (docs/import.md, layouts 90-99)."""

from __future__ import annotations

import datetime as dt

from elara.ingest.identities import not_added
from elara.ingest.outline import outline_width
from elara.ingest.periods import read_period


def test_a_header_spanning_two_dates_is_the_period_ending_on_the_second() -> None:
    period = read_period("Jan 01, 2025 to Dec 31, 2025")
    assert period is not None and period.end == dt.date(2025, 12, 31)
    period = read_period("1/1/2025 - 3/31/2025")
    assert period is not None and period.end == dt.date(2025, 3, 31)


def test_spans_that_are_not_two_dates_in_order_are_not_periods() -> None:
    assert read_period("Dec 31, 2025 to Jan 01, 2025") is None
    assert read_period("January - December 2025") is None  # a title, read elsewhere
    assert read_period("Retail to Wholesale") is None


def test_net_restates_gross_and_fee_whatever_the_sign_convention() -> None:
    assert set(not_added([("gross", "net", "fee")])) == {"net"}  # gross - fee = net
    assert set(not_added([("Net", "Gross", "Fee")])) == {"Net"}  # gross + (-fee) = net
    assert set(not_added([("Gross Sales", "Sales", "Discounts")])) == {"Gross Sales", "Discounts"}


OUTLINE = [
    [None, None, None, None, "Jan 25", None, "Feb 25"],
    ["Ordinary Income/Expense", None, None, None, None, None, None],
    [None, "Income", None, None, None, None, None],
    [None, None, "4000 · Sales", None, None, None, None],
    [None, None, None, "4010 · Retail", 10.0, None, 12.0],
    [None, None, "Total 4000 · Sales", None, 10.0, None, 12.0],
    ["Net Income", None, None, None, 10.0, None, 12.0],
]


def test_labels_over_indent_columns_are_an_outline() -> None:
    assert outline_width(OUTLINE) == 4


def test_a_table_with_two_label_columns_is_not_an_outline() -> None:
    table = [
        ["Account", "Name", "Amount"],
        ["4000", "Sales", "10.00"],
        ["", "Rent", "5.00"],
    ]
    assert outline_width(table) == 0
    dated = [["Date", "Memo", "Amount"], ["01/02/2025", "", "1.00"], ["", "note", ""]]
    assert outline_width(dated) == 0
