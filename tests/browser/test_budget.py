"""Budget beside actuals in Chromium: a budget dataset never changes the KPI cards' figures,
it is shown under them as "Budget: … · N% of budget" for the same period."""

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


def test_kpi_cards_show_the_budget_beside_the_actuals(
    browser: Browser, analyst: MadeUser, state: AppState
) -> None:
    store(state, [Row("ACME", DAY, "Sales", "9000.00", "Revenue")], name="Ledger")
    rows = [Row("ACME", DAY, "Sales", "12000.00", "Revenue")]
    store(state, rows, name="Budget", scenario="budget")
    page = browser.page
    browser.sign_in(analyst)
    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    revenue = page.locator("[data-kpi='revenue'] .kpi__exact").get_attribute("data-exact")
    assert Decimal(revenue or "NaN") == Decimal("9000.00")  # the budget is never added
    line = page.locator("[data-kpi='revenue'] .kpi__budget")
    assert Decimal(line.get_attribute("data-budget") or "NaN") == Decimal("12000.00")
    assert "75.0% of budget" in line.inner_text()
    assert browser.watch.problems() == []
