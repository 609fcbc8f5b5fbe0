"""The companies picker on the dashboard: its open panel covers none of the filter bar's
controls (the date presets above all), Escape closes it and gives the focus back; at desktop
and at 390x844."""

from __future__ import annotations

import pytest

from elara.core.state import AppState
from elara.demo import load_demo_data
from tests.browser.conftest import DESKTOP, PHONE, Browser
from tests.browser.test_screens import visit
from tests.factories import MadeUser

pytestmark = pytest.mark.browser

# The visible controls of the filter bar that the open panel overlaps (its own excepted).
COVERED = """() => {
  const panel = document.querySelector(".multi__panel:not([hidden])");
  const p = panel.getBoundingClientRect();
  const own = panel.closest(".multi");
  const bar = document.querySelector("section[aria-label='Filters']");
  return [...bar.querySelectorAll("button, input, select")]
    .filter((el) => !own.contains(el) && el.getClientRects().length)
    .filter((el) => {
      const r = el.getBoundingClientRect();
      return r.left < p.right && p.left < r.right && r.top < p.bottom && p.top < r.bottom;
    })
    .map((el) => el.textContent.trim() || el.name || el.getAttribute("aria-label"));
}"""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_open_companies_picker_covers_no_filter(
    browser: Browser, admin: MadeUser, state: AppState, size: dict[str, int]
) -> None:
    load_demo_data(state)
    page = browser.page
    page.set_viewport_size(size)
    browser.sign_in(admin)
    visit(browser, "dashboard", "[data-kpi='revenue']")
    picker = page.get_by_role("button", name="Companies")
    picker.click()
    panel = page.locator(".multi__panel:not([hidden])")
    panel.wait_for()
    assert page.get_by_role("group", name="Date presets").get_by_role("button").count() == 5
    assert page.evaluate(COVERED) == []
    # A preset is still reachable with the panel open; choosing it closes the panel.
    page.get_by_role("button", name="All time").click()
    assert panel.count() == 0
    picker.click()
    page.keyboard.press("Escape")
    assert page.locator(".multi__panel:not([hidden])").count() == 0
    assert picker.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    assert browser.watch.problems() == []
