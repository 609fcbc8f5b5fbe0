"""The scenario picker in Chromium: shown only when the user's datasets hold more than actuals;
picking Budget reloads every card with the budget's figures (to the cent, never added to the
actuals), the address keeps it across a reload, and picking Actual brings the actuals back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from elara.core.state import AppState
from tests.browser.conftest import Browser
from tests.dashboard.factories import Row
from tests.factories import MadeUser
from tests.finance.factories import store

pytestmark = pytest.mark.browser
DAY = date(2025, 6, 15)
REVENUE = "[data-kpi='revenue'] .kpi__exact"
PICKER = "select[name='scenario']"


def _wait_revenue(browser: Browser, amount: str) -> None:
    browser.page.wait_for_function(
        "([sel, want]) => Number(document.querySelector(sel)?.dataset.exact) === Number(want)",
        arg=[REVENUE, amount],
    )
    browser.settle()
    exact = browser.page.locator(REVENUE).get_attribute("data-exact")
    assert Decimal(exact or "NaN") == Decimal(amount)


def _records(browser: Browser) -> list[str]:
    rows: list[str] = browser.page.evaluate(
        """() => [...document.querySelectorAll("section[aria-label='Records'] tbody tr")]
          .map((tr) => tr.querySelector("[data-label='Amount']")?.textContent || "")"""
    )
    return rows


def test_the_picker_switches_every_card_to_the_budget_and_back(
    browser: Browser, analyst: MadeUser, state: AppState
) -> None:
    store(state, [Row("ACME", DAY, "Sales", "9000.00", "Revenue")], name="Ledger")
    rows = [Row("ACME", DAY, "Sales", "12345.67", "Revenue")]
    store(state, rows, name="Budget 2025", scenario="budget")
    page = browser.page
    browser.sign_in(analyst)
    browser.screen("dashboard", "[data-kpi='revenue']")
    _wait_revenue(browser, "9000.00")
    picker = page.locator(PICKER)
    assert picker.is_visible()
    assert picker.input_value() == "actual"
    assert page.get_by_label("Scenario", exact=True).is_visible()
    assert [o.strip() for o in picker.locator("option").all_inner_texts()] == ["Actual", "Budget"]

    picker.select_option("budget")
    page.wait_for_function("() => location.hash.includes('scenario=budget')")
    _wait_revenue(browser, "12345.67")
    assert "Budget figures, not actuals." in page.locator(".kpi__note").inner_text()
    assert page.locator("[data-kpi='revenue'] .kpi__budget").count() == 0  # no budget beside itself
    page.wait_for_function(
        "() => document.querySelectorAll(\"section[aria-label='Records'] tbody tr\").length === 1"
    )
    assert any("12,345.67" in amount for amount in _records(browser)), _records(browser)

    # The address keeps the scenario: a reload comes back to the budget.
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_selector("[data-kpi='revenue']")
    _wait_revenue(browser, "12345.67")
    assert page.locator(PICKER).input_value() == "budget"

    # A saved view keeps the scenario.
    page.get_by_role("button", name="Save view").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name", exact=True).fill("Budget 2025")
    dialog.get_by_role("button", name="Save view").click()
    page.wait_for_function(
        "() => document.querySelector(\"select[name='view']\").selectedOptions[0]"
        ".textContent.startsWith('Budget 2025')"
    )

    page.locator(PICKER).select_option("actual")
    page.wait_for_function("() => !location.hash.includes('scenario=')")
    _wait_revenue(browser, "9000.00")
    line = page.locator("[data-kpi='revenue'] .kpi__budget")
    assert Decimal(line.get_attribute("data-budget") or "NaN") == Decimal("12345.67")

    page.get_by_label("Saved view", exact=True).select_option(label="Budget 2025")
    page.wait_for_function("() => location.hash.includes('scenario=budget')")
    _wait_revenue(browser, "12345.67")
    assert page.locator(PICKER).input_value() == "budget"
    assert browser.watch.problems() == []


def test_no_picker_when_only_actuals_are_stored(
    browser: Browser, analyst: MadeUser, state: AppState
) -> None:
    store(state, [Row("ACME", DAY, "Sales", "9000.00", "Revenue")], name="Ledger")
    browser.sign_in(analyst)
    browser.screen("dashboard", "[data-kpi='revenue']")
    _wait_revenue(browser, "9000.00")
    assert browser.page.locator(PICKER).is_hidden()
    assert browser.watch.problems() == []


def test_a_company_the_budget_lacks_is_dropped_from_the_pickers_and_the_figures_alike(
    browser: Browser, analyst: MadeUser, state: AppState
) -> None:
    store(
        state,
        [
            Row("ACME", DAY, "Sales", "9000.00", "Revenue"),
            Row("GLOBEX", DAY, "Sales", "500.00", "Revenue"),
        ],
        name="Ledger",
    )
    rows = [Row("ACME", DAY, "Sales", "12345.67", "Revenue")]
    store(state, rows, name="Budget 2025", scenario="budget")
    page = browser.page
    browser.sign_in(analyst)
    browser.goto("dashboard?companies=GLOBEX")
    page.wait_for_selector("[data-kpi='revenue']")
    _wait_revenue(browser, "500.00")
    page.locator(PICKER).select_option("budget")
    page.wait_for_function(
        "() => location.hash.includes('scenario=budget') && !location.hash.includes('GLOBEX')"
    )
    _wait_revenue(browser, "12345.67")  # what the pickers show: every company of the budget
    assert page.locator(".multi__button", has_text="All companies").count() == 1
    assert browser.watch.problems() == []
