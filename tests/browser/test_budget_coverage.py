"""A budget of two companies out of three, in Chromium: the cards say the budget's coverage
and the % of budget compares the budgeted companies' actuals only."""

from __future__ import annotations

from datetime import date

import pytest

from elara.core import data_version
from elara.core.state import AppState
from elara.models import Dataset
from tests.browser.conftest import Browser
from tests.dashboard.factories import Row
from tests.factories import MadeUser
from tests.finance.factories import store

pytestmark = pytest.mark.browser
DAY = date(2025, 6, 15)


def test_the_cards_say_how_many_companies_the_budget_covers(
    browser: Browser, analyst: MadeUser, state: AppState
) -> None:
    store(
        state,
        [
            Row("ACME", DAY, "Sales", "9000.00", "Revenue"),
            Row("GLOBEX", DAY, "Sales", "1000.00", "Revenue"),
            Row("INITECH", DAY, "Sales", "5000.00", "Revenue"),
        ],
        name="Ledger",
    )
    budget = store(
        state,
        [
            Row("ACME", DAY, "Sales", "12000.00", "Revenue"),
            Row("GLOBEX", DAY, "Sales", "2000.00", "Revenue"),
        ],
        name="Budget",
    )
    with state.db.transaction() as session:
        session.get_one(Dataset, budget).scenario = "budget"
        data_version.bump(session)
    page = browser.page
    browser.sign_in(analyst)
    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    line = page.locator("[data-kpi='revenue'] .kpi__budget").inner_text()
    assert "71.4% of budget" in line and "budget covers 2 of 3 companies" in line
    note = page.locator(".kpi__coverage").inner_text()
    assert "covers 2 of 3 companies" in note and "INITECH" in note
    assert browser.watch.problems() == []
