"""Saved views in Chromium: save the current filters under a name, share it, make it the
default (a reload opens it), rename and delete it; a restricted viewer opening the shared view
sees only the companies they may see."""

from __future__ import annotations

from decimal import Decimal

import pytest

from elara.core.state import AppState
from elara.demo import load_demo_data
from tests.browser.conftest import Browser
from tests.factories import MadeUser, create_user

pytestmark = pytest.mark.browser


def _revenue(browser: Browser) -> Decimal:
    browser.settle()
    exact = browser.page.locator("[data-kpi='revenue'] .kpi__exact").get_attribute("data-exact")
    return Decimal(exact or "NaN")


def _pick(browser: Browser, companies: list[str]) -> None:
    page = browser.page
    page.get_by_role("button", name="Companies").click()
    for company in companies:
        page.get_by_label(company, exact=True).check()
    page.keyboard.press("Escape")


def test_save_share_default_rename_delete(
    browser: Browser, analyst: MadeUser, state: AppState
) -> None:
    load_demo_data(state)
    page = browser.page
    browser.sign_in(analyst)
    browser.screen("dashboard", "[data-kpi='revenue']")
    everything = _revenue(browser)
    _pick(browser, ["ACME", "GLOBEX"])
    page.get_by_label("From", exact=True).fill("2024-01-01")
    page.wait_for_function("() => location.hash.includes('from=2024-01-01')")
    two = _revenue(browser)
    assert two < everything

    page.get_by_role("button", name="Save view").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name", exact=True).fill("Top two since 2024")
    dialog.get_by_label("Share with everyone who may see this data").check()
    dialog.get_by_role("button", name="Save view").click()
    views = page.get_by_label("Saved view", exact=True)
    page.wait_for_function(
        "() => document.querySelector(\"select[name='view']\").selectedOptions[0]"
        ".textContent.startsWith('Top two since 2024')"
    )
    page.get_by_role("button", name="Make default").click()
    page.get_by_role("button", name="Not default").wait_for()

    page.goto(f"{browser.server.url}/#/dashboard")
    page.wait_for_selector("[data-kpi='revenue'] .kpi__exact")
    assert _revenue(browser) == two
    assert "(default)" in views.locator("option:checked").inner_text()
    assert page.locator(".multi__button", has_text="2 selected").count() == 1

    # A viewer who may see ACME only opens the shared view: ACME's figures, and a note.
    restricted = create_user(
        state, role="viewer", email="acme.only@example.com", allowed_companies=["ACME"]
    )
    other = browser.page.context.browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        other_page = other.new_page()
        other_browser = Browser(other_page, browser.server, browser.watch)
        other_browser.sign_in(restricted)
        other_browser.screen("dashboard", "[data-kpi='revenue']")
        other_browser.settle()
        acme_all_time = _revenue(other_browser)
        other_page.get_by_label("Saved view", exact=True).select_option(
            label=f"Top two since 2024 · shared by {analyst.email}"
        )
        other_page.locator(".views", has_text="not yours to see").wait_for()
        acme_since = _revenue(other_browser)
        assert acme_since < acme_all_time
        assert other_page.get_by_role("button", name="Delete").count() == 0
    finally:
        other.close()

    page.get_by_role("button", name="Rename").click()
    page.get_by_role("dialog").get_by_label("Name", exact=True).fill("ACME and GLOBEX")
    page.get_by_role("dialog").get_by_role("button", name="Rename").click()
    page.wait_for_function(
        "() => document.querySelector(\"select[name='view']\").selectedOptions[0]"
        ".textContent.startsWith('ACME and GLOBEX')"
    )
    page.locator(".views").get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete view").click()
    page.wait_for_function(
        "() => document.querySelectorAll(\"select[name='view'] option\").length === 1"
    )
    assert browser.watch.problems() == []
