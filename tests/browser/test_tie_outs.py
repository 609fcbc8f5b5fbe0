"""A stated subtotal that does not tie out, in Chromium: the card shows the computed figure
and, under it, the figure the file states and the difference; the warning lists all three."""

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


def test_the_net_income_card_shows_the_stated_figure_and_the_difference(
    browser: Browser, analyst: MadeUser, state: AppState
) -> None:
    store(
        state,
        [
            Row("ACME", DAY, "Sales", "1000.00", "Revenue"),
            Row("ACME", DAY, "Rent", "600.00", "Operating expenses"),
            Row("ACME", DAY, "Net Income", "450.00"),
        ],
    )
    page = browser.page
    browser.sign_in(analyst)
    browser.screen("dashboard", "[data-kpi='net_income']")
    browser.settle()
    card = page.locator("[data-kpi='net_income']")
    shown = card.locator(".kpi__exact").get_attribute("data-exact")
    assert Decimal(shown or "NaN") == Decimal("400.00")  # computed from the lines
    line = card.locator(".kpi__tieout")
    assert Decimal(line.get_attribute("data-stated") or "NaN") == Decimal("450.00")
    assert Decimal(line.get_attribute("data-difference") or "NaN") == Decimal("50.00")
    assert "Does not tie out" in line.inner_text() and "450" in line.inner_text()
    warning = page.locator("[data-kpi='tie-outs']").inner_text()
    assert "450" in warning and "400" in warning and "difference" in warning
    assert browser.watch.problems() == []
