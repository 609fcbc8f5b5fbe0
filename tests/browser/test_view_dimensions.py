"""A saved view keeps its dimension filters in Chromium: a view saved with Region=West
reopens with Region=West, showing the figure it was saved with, to the cent (chosen from the
list, and as the default view on a fresh load), never every region's."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from elara.core.state import AppState
from elara.models import SavedView
from tests.browser.conftest import Browser
from tests.dashboard.factories import Row
from tests.factories import MadeUser
from tests.finance.factories import store

pytestmark = pytest.mark.browser
DAY = date(2025, 6, 15)
REVENUE = "[data-kpi='revenue'] .kpi__exact"
VIEWS = "select[name='view']"


def _wait_revenue(browser: Browser, amount: str) -> None:
    browser.page.wait_for_function(
        "([sel, want]) => document.querySelector(sel)?.dataset.exact === want",
        arg=[REVENUE, amount],
    )
    browser.settle()
    assert browser.page.locator(REVENUE).get_attribute("data-exact") == amount


def _west_chosen(browser: Browser) -> bool:
    group = browser.page.get_by_role("group", name="Dimensions")
    group.get_by_role("button", name="Region").click()
    west = group.get_by_role("checkbox", name="West").is_checked()
    east = group.get_by_role("checkbox", name="East").is_checked()
    browser.page.keyboard.press("Escape")
    return west and not east


def test_a_view_saved_with_a_region_reopens_with_it(
    browser: Browser, analyst: MadeUser, state: AppState
) -> None:
    store(
        state,
        [
            Row("ACME", DAY, "Sales", "1234.56", "Revenue"),
            Row("ACME", DAY, "Sales", "789.01", "Revenue"),
            Row("GLOBEX", DAY, "Sales", "45.67", "Revenue"),
        ],
        settings={
            "columns": [
                {"header": "Company", "role": "company"},
                {"header": "Region", "role": "dimension"},
            ]
        },
        attributes=[{"Region": "East"}, {"Region": "West"}, {"Region": "West"}],
    )
    page = browser.page
    browser.sign_in(analyst)
    browser.screen("dashboard", "[data-kpi='revenue']")
    _wait_revenue(browser, "2069.24")
    group = page.get_by_role("group", name="Dimensions")
    group.get_by_role("button", name="Region").click()
    group.get_by_role("checkbox", name="West").check()
    page.keyboard.press("Escape")
    _wait_revenue(browser, "834.68")  # 789.01 + 45.67

    page.get_by_role("button", name="Save view").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name", exact=True).fill("West")
    dialog.get_by_role("button", name="Save view").click()
    page.wait_for_function(
        f"() => document.querySelector(\"{VIEWS}\").selectedOptions[0].textContent === 'West'"
    )
    with state.db.transaction() as session:
        [stored] = session.scalars(select(SavedView.filters)).all()
    assert stored["dims"] == {"Region": ["West"]}

    # A fresh dashboard shows every region; choosing the view brings West back.
    page.goto(f"{browser.server.url}/#/dashboard")
    _wait_revenue(browser, "2069.24")
    page.locator(VIEWS).select_option(label="West")
    _wait_revenue(browser, "834.68")
    assert _west_chosen(browser)
    assert "dims=" in page.evaluate("location.hash")

    # As the default view, a fresh load opens on it.
    page.get_by_role("button", name="Make default").click()
    page.get_by_role("button", name="Not default").wait_for()
    page.goto(f"{browser.server.url}/#/datasets")
    page.goto(f"{browser.server.url}/#/dashboard")
    page.reload()
    page.wait_for_selector(REVENUE)
    _wait_revenue(browser, "834.68")
    assert _west_chosen(browser)
    assert browser.watch.problems() == []


def test_a_dimension_the_datasets_lack_is_said_not_silently_dropped(
    browser: Browser, viewer: MadeUser, state: AppState
) -> None:
    store(
        state,
        [
            Row("ACME", DAY, "Sales", "10.01", "Revenue"),
            Row("ACME", DAY, "Sales", "5.00", "Revenue"),
        ],
        settings={"columns": [{"header": "Region", "role": "dimension"}]},
        attributes=[{"Region": "East"}, {"Region": "West"}],
    )
    browser.sign_in(viewer)
    browser.page.goto(f'{browser.server.url}/#/dashboard?dims={{"Segment":["Retail"]}}')
    _wait_revenue(browser, "15.01")
    note = browser.page.locator(".dimensions__note")
    assert note.inner_text() == (
        "Not among these datasets' dimensions, so not applied: Segment = Retail."
    )
    assert browser.watch.problems() == []
