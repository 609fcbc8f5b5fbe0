"""Phone and tablet layouts: on every screen at 390x844 and 768x1024 nothing scrolls sideways
and no visible text or control sits past the viewport's edges, including what is inside a
scrolling container (a table that scrolls still hides its Amount column)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from elara.core.state import AppState
from elara.demo import load_demo_data
from tests.browser.conftest import DESKTOP, PHONE, TABLET, Browser
from tests.browser.test_screens import SIGNED_IN_SCREENS, visit
from tests.factories import MadeUser

pytestmark = pytest.mark.browser

# Every visible text run and control compared with the viewport; what hidden or visually
# hidden wrappers clip is skipped, as nobody sees it.
OUTSIDE = (Path(__file__).parent / "outside.js").read_text(encoding="utf-8")


def outside(browser: Browser) -> dict[str, Any]:
    return dict(browser.page.evaluate(OUTSIDE))


def check(browser: Browser, where: str, found: dict[str, list[str]]) -> None:
    result = outside(browser)
    problems = list(result["problems"])
    if result["scrollWidth"] > result["width"]:
        problems.insert(0, f"page scrolls sideways ({result['scrollWidth']} > {result['width']})")
    if problems:
        found[where] = problems


@pytest.fixture
def demo(state: AppState, admin: MadeUser) -> int:
    return load_demo_data(state)


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone-390", "tablet-768"])
def test_no_screen_spills_past_the_viewport(
    browser: Browser, admin: MadeUser, demo: int, size: dict[str, int]
) -> None:
    page = browser.page
    page.set_viewport_size(size)
    found: dict[str, list[str]] = {}
    browser.goto("login")
    page.wait_for_selector("form")
    check(browser, "login", found)
    browser.sign_in(admin)
    for route, ready in SIGNED_IN_SCREENS:
        visit(browser, route, ready)
        check(browser, route, found)
    # The assistant's answer (text and chart) and an open filter picker stay inside too.
    visit(browser, "assistant", ".chat__form")
    page.get_by_label("Your question").fill("revenue of ACME last year")
    page.get_by_role("button", name="Ask").click()
    page.locator(".msg--bot canvas").last.wait_for()
    browser.settle()
    check(browser, "assistant answer", found)
    visit(browser, "dashboard", "[data-kpi='revenue']")
    page.get_by_role("button", name="Companies").click()
    check(browser, "companies picker", found)
    page.keyboard.press("Escape")
    assert found == {}, json.dumps(found, indent=1)
    assert browser.watch.problems() == []


def test_phone_menu_reaches_every_screen(browser: Browser, admin: MadeUser) -> None:
    """At phone width the menu is one button; it opens the whole menu and closes on choice."""
    page = browser.page
    page.set_viewport_size(PHONE)
    browser.sign_in(admin)
    page.wait_for_selector("body[data-screen='dashboard']")
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    for title, route in (("Users", "users"), ("Audit", "audit"), ("Health", "health")):
        menu.click()
        assert menu.get_attribute("aria-expanded") == "true"
        link = page.locator("#nav").get_by_role("link", name=title, exact=True)
        assert link.is_visible()
        box = link.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
        link.click()
        page.wait_for_selector(f"body[data-screen='{route}']")
        assert menu.get_attribute("aria-expanded") == "false"
        assert not link.is_visible()
    menu.click()
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    # On a desktop the bar itself shows every entry, and there is no menu button.
    page.set_viewport_size(DESKTOP)
    assert not menu.is_visible()
    assert page.locator("#nav").get_by_role("link", name="Health", exact=True).is_visible()
    top = page.locator(".topbar").bounding_box()
    assert top is not None and top["height"] < 80  # one row: brand, menu, tools
    assert browser.watch.problems() == []
