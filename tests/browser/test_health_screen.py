"""The health screen shows the response times it promises: the median and 95th percentile of
each area of the app, at desktop and at 390x844."""

from __future__ import annotations

import pytest

from elara.core.state import AppState
from elara.demo import load_demo_data
from tests.browser.conftest import DESKTOP, PHONE, Browser
from tests.browser.test_layout import outside
from tests.browser.test_screens import visit
from tests.factories import MadeUser

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_health_shows_response_times_per_area(
    browser: Browser, admin: MadeUser, state: AppState, size: dict[str, int]
) -> None:
    load_demo_data(state)
    page = browser.page
    page.set_viewport_size(size)
    browser.sign_in(admin)
    visit(browser, "dashboard", "[data-kpi='revenue']")
    visit(browser, "health", ".kv")
    card = page.get_by_role("region", name="Response times")
    card.wait_for()
    row = card.locator("tbody tr", has_text="Dashboard")
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "Dashboard" and int(cells[1].replace(",", "")) >= 3
    assert all(text.endswith((" ms", " s")) for text in cells[2:]), cells
    result = outside(browser)
    assert result["problems"] == [] and result["scrollWidth"] <= result["width"]
    assert browser.watch.problems() == []
