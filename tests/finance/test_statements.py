"""Statement KPIs from account kinds: subtotal lines tie out, signs do not change the answer,
interest and tax count, unclassified amounts show and move when classified. SQLite and MariaDB."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.dashboard.factories import Row
from tests.factories import create_user, login
from tests.finance.factories import Line, month_end, statement_rows, store, units

PERIODS = [month_end(2025, 1), month_end(2025, 2), month_end(2025, 3)]
# An income statement as a file states it, periods as columns, with its own subtotal lines.
STATEMENT = [
    Line("Product sales", ("1000.00", "1100.00", "1200.50")),
    Line("Service revenue", ("500.00", "450.00", "525.25")),
    Line("Total Revenue", ("1500.00", "1550.00", "1725.75")),
    Line("Cost of goods sold", ("600.00", "620.00", "700.10"), cost=True),
    Line("Gross Profit", ("900.00", "930.00", "1025.65")),
    Line("Selling, general and administrative", ("300.00", "310.00", "320.00"), cost=True),
    Line("Research & Development", ("100.00", "100.00", "100.00"), cost=True),
    Line("Depreciation and amortization", ("50.00", "50.00", "50.00"), cost=True),
    Line("Total operating expenses", ("450.00", "460.00", "470.00"), cost=True),
    Line("Operating Income", ("450.00", "470.00", "555.65")),
    Line("Interest expense", ("20.00", "20.00", "20.00"), cost=True),
    Line("Interest income", ("5.00", "5.00", "5.00")),
    Line("Income before income taxes", ("435.00", "455.00", "540.65")),
    Line("Income tax expense", ("87.00", "91.00", "108.13"), cost=True),
    Line("Net Income", ("348.00", "364.00", "432.52")),
]


def _line(name: str, index: int) -> str:
    return next(line.amounts[index] for line in STATEMENT if line.account == name)


def _summary(client, headers, period: date) -> dict:
    start = period.replace(day=1).isoformat()
    response = client.get(
        f"/api/dashboard/summary?from={start}&to={period.isoformat()}", headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    ("convention", "upload_settings"),
    [
        ("natural", {"sign": "natural"}),
        ("expenses_negative", {"sign": "expenses_negative"}),
        ("debit_positive", {"sign": "debit_positive"}),
        ("expenses_negative", None),  # no sign setting: told apart by the totals
        ("debit_positive", None),
    ],
)
def test_kpis_equal_the_statements_own_subtotals(client, state, convention, upload_settings):
    rows = statement_rows(STATEMENT, PERIODS, convention=convention)
    store(state, rows, settings=upload_settings)
    headers = login(client, create_user(state, role="viewer"))
    for index, period in enumerate(PERIODS):
        kpis = _summary(client, headers, period)["current"]
        assert kpis["revenue"] == _line("Total Revenue", index)
        assert kpis["cost_of_sales"] == _line("Cost of goods sold", index)
        assert kpis["gross_profit"] == _line("Gross Profit", index)
        assert kpis["operating_expenses"] == _line("Total operating expenses", index)
        assert kpis["operating_income"] == _line("Operating Income", index)
        assert kpis["net_income"] == _line("Net Income", index)
        assert kpis["tie_outs"] == []
        assert kpis["depreciation_amortization"] == "50.00"
        ebitda = units(_line("Operating Income", index)) + units("50.00")
        assert units(kpis["ebitda"]) == ebitda
        assert kpis["unclassified"] == "0.00" and kpis["unclassified_count"] == 0
        assert kpis["record_count"] == len(STATEMENT)


def test_a_subtotal_that_does_not_tie_out_is_reported_with_both_figures(client, state):
    lines = [
        line if line.account != "Net Income" else Line("Net Income", ("350.00", "364.00", "1.00"))
        for line in STATEMENT
    ]
    store(state, statement_rows(lines, PERIODS, convention="natural"))
    headers = login(client, create_user(state, role="viewer"))
    january = _summary(client, headers, PERIODS[0])["current"]
    assert january["net_income"] == "348.00"  # computed, never the stated line
    assert january["tie_outs"] == [
        {
            "line": "net_income",
            "label": "Net income",
            "stated": "350.00",
            "computed": "348.00",
            "difference": "2.00",
        }
    ]
    assert _summary(client, headers, PERIODS[1])["current"]["tie_outs"] == []


def test_ebitda_is_null_without_depreciation(client, state):
    lines = [line for line in STATEMENT if "Depreciation" not in line.account]
    store(state, statement_rows(lines, PERIODS, convention="natural"))
    headers = login(client, create_user(state, role="viewer"))
    kpis = _summary(client, headers, PERIODS[0])["current"]
    assert kpis["ebitda"] is None and kpis["depreciation_amortization"] is None


LEDGER_DAY = date(2025, 6, 15)


def _ledger(costs_negative: bool) -> list[Row]:
    sign = -1 if costs_negative else 1
    return [
        Row("ACME", LEDGER_DAY, "Sales", "10000.00", "Revenue"),
        Row("ACME", LEDGER_DAY, "Payroll", sign * Decimal("4000.00"), "Operating Expenses"),
        Row("ACME", LEDGER_DAY, "Interest", sign * Decimal("4021.39"), "Finance Costs"),
        Row("ACME", LEDGER_DAY, "Corporate income tax", sign * Decimal("500.00"), None),
        Row("ACME", LEDGER_DAY, "Widget adjustments", "123.45", None),
    ]


@pytest.mark.parametrize("costs_negative", [False, True])
def test_interest_and_tax_count_in_expenses_and_net_income(client, state, costs_negative):
    store(state, _ledger(costs_negative))
    headers = login(client, create_user(state, role="viewer"))
    kpis = _summary(client, headers, month_end(2025, 6))["current"]
    assert kpis["other_expenses"] == "4021.39"
    assert kpis["tax"] == "500.00"
    assert kpis["expenses"] == "8521.39"
    assert kpis["net_income"] == "1478.61"
    assert kpis["unclassified"] == "123.45" and kpis["unclassified_count"] == 1


def test_classifying_an_account_moves_it_at_once(client, state):
    store(state, _ledger(False))
    admin = login(client, create_user(state, role="admin"))
    before = _summary(client, admin, month_end(2025, 6))["current"]
    assert before["unclassified"] == "123.45"
    listed = client.get("/api/finance/accounts?kind=unclassified", headers=admin).json()
    assert [item["account"] for item in listed["items"]] == ["Widget adjustments"]
    assert listed["unclassified"] == 1
    body = {"account": "widget adjustments", "kind": "operating_expense"}
    assert client.put("/api/finance/accounts", json=body, headers=admin).json() == {"changed": 1}
    after = _summary(client, admin, month_end(2025, 6))["current"]  # the cached answer is gone
    assert after["unclassified"] == "0.00" and after["unclassified_count"] == 0
    assert after["operating_expenses"] == "4123.45"
    assert after["net_income"] == "1355.16"


def test_the_kinds_chosen_at_import_apply_to_that_dataset(client, state):
    chosen = {"account_kinds": {"Widget adjustments": "other_income"}}
    first = store(state, _ledger(False), settings=chosen, name="chosen")
    store(state, _ledger(False), name="not chosen")
    headers = login(client, create_user(state, role="viewer"))
    url = f"/api/dashboard/summary?dataset_id={first}&from=2025-06-01&to=2025-06-30"
    kpis = client.get(url, headers=headers).json()["current"]
    assert kpis["other_income"] == "123.45" and kpis["unclassified"] == "0.00"
    both = _summary(client, headers, month_end(2025, 6))["current"]
    assert both["unclassified"] == "123.45"


def test_a_dataset_override_beats_the_global_kind(client, state):
    first = store(state, _ledger(False), name="one")
    second = store(state, _ledger(False), name="two")
    admin = login(client, create_user(state, role="admin"))
    client.put(
        "/api/finance/accounts",
        json={"account": "Widget adjustments", "kind": "revenue"},
        headers=admin,
    )
    client.put(
        "/api/finance/accounts",
        json={"account": "Widget adjustments", "kind": "tax", "dataset_id": second},
        headers=admin,
    )
    base = "/api/dashboard/summary?from=2025-06-01&to=2025-06-30&dataset_id="
    one = client.get(base + str(first), headers=admin).json()["current"]
    two = client.get(base + str(second), headers=admin).json()["current"]
    assert one["revenue"] == "10123.45" and one["tax"] == "500.00"
    assert two["revenue"] == "10000.00" and two["tax"] == "623.45"


def test_a_sales_sheet_with_a_profit_column_shows_the_stated_profit(client, state):
    """Sales and Profit columns (no cost lines): net income is the stated profit, not sales."""
    rows = [
        Row("ACME", LEDGER_DAY, "Sales", "261.96"),
        Row("ACME", LEDGER_DAY, "Profit", "41.91"),
        Row("ACME", LEDGER_DAY, "Sales", "14.62"),
        Row("ACME", LEDGER_DAY, "Profit", "-6.87"),
    ]
    store(state, rows)
    headers = login(client, create_user(state, role="viewer"))
    kpis = _summary(client, headers, month_end(2025, 6))["current"]
    assert kpis["revenue"] == "276.58"
    assert kpis["net_income"] == "35.04" and kpis["margin"] == "12.67"
    assert kpis["stated"] == ["net_income"] and kpis["tie_outs"] == []
    assert kpis["gross_profit"] == "276.58"  # no cost lines and no stated gross profit


def test_stated_figures_are_not_taken_when_their_parts_exist(client, state):
    store(state, statement_rows(STATEMENT, PERIODS, convention="natural"))
    headers = login(client, create_user(state, role="viewer"))
    assert _summary(client, headers, PERIODS[0])["current"]["stated"] == []


def test_a_statements_subtotals_tie_out_against_its_own_lines_beside_a_ledger(client, state):
    """A P&L stating its subtotals, stored beside a ledger of another company: the combined
    summary adds both statements up and reports no tie-out (the stated "Total Revenue" is
    compared with that file's revenue lines, not with every dataset's revenue)."""
    store(state, statement_rows(STATEMENT, PERIODS, convention="natural"), name="P&L")
    ledger = [
        Row("GLOBEX", PERIODS[0], "Sales", "10000.00", "Revenue"),
        Row("GLOBEX", PERIODS[0], "Cost of goods sold", "4000.00", "Cost of Sales"),
        Row("GLOBEX", PERIODS[0], "Payroll", "2500.00", "Operating Expenses"),
    ]
    store(state, ledger, name="Ledger")
    headers = login(client, create_user(state, role="viewer"))
    kpis = _summary(client, headers, PERIODS[0])["current"]
    assert kpis["tie_outs"] == []
    assert kpis["revenue"] == "11500.00"  # 1,500.00 + 10,000.00
    assert kpis["gross_profit"] == "6900.00"  # 900.00 + 6,000.00
    assert kpis["operating_income"] == "3950.00"  # 450.00 + 3,500.00
    assert kpis["net_income"] == "3848.00"  # 348.00 + 3,500.00


def test_a_sales_sheets_stated_profit_is_taken_beside_a_ledger_with_costs(client, state):
    """The Sales/Profit sheet has no cost lines of its own: its stated profit is still its
    profit when a ledger with cost lines sits beside it (not its whole sales as profit)."""
    sheet = [
        Row("ACME", LEDGER_DAY, "Sales", "261.96"),
        Row("ACME", LEDGER_DAY, "Profit", "41.91"),
    ]
    store(state, sheet, name="Sales sheet")
    ledger = [
        Row("GLOBEX", LEDGER_DAY, "Sales", "1000.00", "Revenue"),
        Row("GLOBEX", LEDGER_DAY, "Cost of goods sold", "400.00", "Cost of Sales"),
    ]
    store(state, ledger, name="Ledger")
    headers = login(client, create_user(state, role="viewer"))
    kpis = _summary(client, headers, month_end(2025, 6))["current"]
    assert kpis["revenue"] == "1261.96"
    assert kpis["net_income"] == "641.91"  # 41.91 stated + 600.00 computed
    assert kpis["stated"] == ["net_income"] and kpis["tie_outs"] == []


# A market-data income statement: the only revenue line is its total.
TOTALS_ONLY = [
    Line("Total Revenue", ("97690.00", "96773.00", "81462.00")),
    Line("Cost of Revenue", ("80240.00", "79113.00", "60609.00"), cost=True),
    Line("Gross Profit", ("17450.00", "17660.00", "20853.00")),
    Line("Operating Expense", ("10374.00", "8769.00", "7197.00"), cost=True),
    Line("Operating Income", ("7076.00", "8891.00", "13656.00")),
    Line("Tax Provision", ("1837.00", "-5001.00", "1132.00"), cost=True),
    Line("Net Income", ("5239.00", "13892.00", "12524.00")),
]


@pytest.mark.parametrize("beside_a_ledger", [False, True])
def test_a_statement_stating_only_its_total_revenue_shows_it_as_revenue(
    client, state, beside_a_ledger
):
    """ "Total Revenue" with no revenue line above it is the revenue (not 0 with a tie-out
    warning); alone or beside a ledger whose revenue is computed from its lines."""
    store(state, statement_rows(TOTALS_ONLY, PERIODS, convention="natural"), name="market")
    if beside_a_ledger:
        ledger = [
            Row("GLOBEX", PERIODS[0], "Sales", "10000.00", "Revenue"),
            Row("GLOBEX", PERIODS[0], "Cost of goods sold", "4000.00", "Cost of Sales"),
        ]
        store(state, ledger, name="Ledger")
    headers = login(client, create_user(state, role="viewer"))
    for index, period in enumerate(PERIODS):
        extra = Decimal("10000.00") if beside_a_ledger and index == 0 else Decimal(0)
        kpis = _summary(client, headers, period)["current"]
        stated = {line.account: Decimal(line.amounts[index]) for line in TOTALS_ONLY}
        assert Decimal(kpis["revenue"]) == stated["Total Revenue"] + extra
        assert Decimal(kpis["gross_profit"]) == stated["Gross Profit"] + extra * 6 / 10
        assert Decimal(kpis["net_income"]) == stated["Net Income"] + extra * 6 / 10
        assert kpis["tie_outs"] == [] and "revenue" in kpis["stated"]


def test_a_subtotal_off_in_one_dataset_is_reported_with_that_datasets_figures(client, state):
    lines = [
        line if line.account != "Net Income" else Line("Net Income", ("350.00", "364.00", "1.00"))
        for line in STATEMENT
    ]
    store(state, statement_rows(lines, PERIODS, convention="natural"), name="off")
    store(state, statement_rows(STATEMENT, PERIODS, convention="natural", company="GLOBEX"))
    headers = login(client, create_user(state, role="viewer"))
    january = _summary(client, headers, PERIODS[0])["current"]
    assert january["net_income"] == "696.00"
    # Both datasets state Net Income; one ties (348.00 = 348.00), the other does not.
    assert january["tie_outs"] == [
        {
            "line": "net_income",
            "label": "Net income",
            "stated": "698.00",
            "computed": "696.00",
            "difference": "2.00",
        }
    ]


@pytest.mark.parametrize("convention", ["natural", "expenses_negative", "debit_positive"])
def test_other_operating_income_offsets_operating_costs_in_every_convention(
    client, state, convention
):
    """IFRS-style: other operating income sits between gross profit and operating profit. It
    is an income (never revenue), so it lowers the operating costs whatever the file's signs."""
    lines = [
        Line("Revenue", ("1000.00",)),
        Line("Cost of sales", ("600.00",), cost=True),
        Line("Gross profit", ("400.00",)),
        Line("Other operating income", ("25.00",)),
        Line("Administrative expenses", ("150.00",), cost=True),
        Line("Operating profit", ("275.00",)),
    ]
    store(state, statement_rows(lines, PERIODS[:1], convention=convention))
    headers = login(client, create_user(state, role="viewer"))
    kpis = _summary(client, headers, PERIODS[0])["current"]
    assert kpis["revenue"] == "1000.00" and kpis["gross_profit"] == "400.00"
    assert kpis["operating_expenses"] == "125.00"  # 150.00 of costs less 25.00 of income
    assert kpis["operating_income"] == "275.00"
    assert kpis["tie_outs"] == []
