"""axe-core on every screen in both themes and at desktop and phone width: no violation of any
impact; and the phone menu, the filters and a chart drill are usable by keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest

from elara.core.state import AppState
from elara.demo import load_demo_data
from tests.browser.conftest import DESKTOP, PHONE, Browser
from tests.browser.test_screens import SIGNED_IN_SCREENS, visit
from tests.factories import MadeUser

pytestmark = pytest.mark.browser

AXE_ALL = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
}"""


def violations(browser: Browser) -> list[dict[str, Any]]:
    if not browser.page.evaluate("typeof window.axe !== 'undefined'"):
        browser.page.add_script_tag(url="/vendor/axe-core/axe.min.js")
    return list(browser.page.evaluate(AXE_ALL))


@pytest.fixture
def demo(state: AppState, admin: MadeUser) -> int:
    return load_demo_data(state)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_clean_everywhere(
    browser: Browser, admin: MadeUser, demo: int, theme: str, size: dict[str, int]
) -> None:
    page = browser.page
    page.emulate_media(color_scheme=theme)
    page.set_viewport_size(size)
    found: dict[str, list[dict[str, Any]]] = {}
    browser.goto("login")
    page.wait_for_selector("form")
    found["login"] = violations(browser)
    browser.sign_in(admin)
    for route, ready in SIGNED_IN_SCREENS:
        visit(browser, route, ready)
        found[route] = violations(browser)
    if size == PHONE:
        page.get_by_role("button", name="Menu").click()
        found["menu open"] = violations(browser)
    assert {k: v for k, v in found.items() if v} == {}
    assert browser.watch.problems() == []


def test_keyboard_alone_reaches_menu_filters_and_views(
    browser: Browser, admin: MadeUser, demo: int
) -> None:
    page = browser.page
    page.set_viewport_size(PHONE)
    browser.sign_in(admin)
    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    page.get_by_role("button", name="Menu").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#nav') !== null")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "menu-button"
    page.get_by_role("button", name="Companies").focus()
    page.keyboard.press("Enter")
    page.keyboard.type("acm")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Escape")
    companies = page.get_by_role("button", name="Companies")
    page.wait_for_function(
        "() => document.activeElement.classList.contains('multi__button')"
        " && document.activeElement.textContent.includes('ACME')"
    )
    assert companies.get_attribute("aria-expanded") == "false"
    assert browser.watch.problems() == []
