"""Every screen in a real Chromium: no console errors, no serious axe-core violations, and
screenshots at desktop and phone width for docs/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest

from elara.core.state import AppState
from elara.demo import load_demo_data
from tests.browser.conftest import DESKTOP, PHONE, Browser
from tests.factories import MadeUser

pytestmark = pytest.mark.browser

# (route, a selector that exists once the screen has its data)
SIGNED_IN_SCREENS = [
    ("dashboard", "[data-kpi='revenue']"),
    ("datasets", "tbody tr[data-key]"),
    ("users", "tbody tr[data-key]"),
    ("profile", "tbody tr"),
    ("audit", "tbody tr[data-key]"),
    ("finance", "#chart-of-accounts tbody tr[data-key]"),
    ("assistant", ".chat__form"),
    ("health", ".kv"),
    ("subscriptions", "section[aria-label='Alerts'] p, section[aria-label='Alerts'] .sub-list"),
]
AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
}"""


def axe_violations(browser: Browser) -> list[dict[str, Any]]:
    """Serious or critical violations that axe-core (from the npm registry) finds now."""
    if not browser.page.evaluate("typeof window.axe !== 'undefined'"):
        browser.page.add_script_tag(url="/vendor/axe-core/axe.min.js")
    return list(browser.page.evaluate(AXE))


def visit(browser: Browser, route: str, ready: str) -> None:
    browser.screen(route, ready)
    browser.settle()
    browser.page.wait_for_timeout(150)  # let charts finish their first paint


@pytest.fixture
def demo(state: AppState, admin: MadeUser) -> int:
    return load_demo_data(state)


def test_every_screen_clean_and_accessible(browser: Browser, admin: MadeUser, demo: int) -> None:
    """Each screen, signed out and in: no console errors, no serious/critical axe findings."""
    findings: dict[str, list[dict[str, Any]]] = {}
    for route, ready in (("login", "form"), ("reset", "form")):
        browser.goto(route)
        browser.page.wait_for_selector(ready)
        findings[route] = axe_violations(browser)
        browser.shoot(f"{route}-desktop")
    browser.sign_in(admin)
    for route, ready in SIGNED_IN_SCREENS:
        visit(browser, route, ready)
        findings[route] = axe_violations(browser)
        browser.shoot(f"{route}-desktop")
    browser.page.click("#theme-toggle")
    visit(browser, "dashboard", "[data-kpi='revenue']")
    findings["dashboard (dark)"] = axe_violations(browser)
    browser.shoot("dashboard-dark-desktop")
    assert {k: v for k, v in findings.items() if v} == {}
    assert browser.watch.problems() == []


def test_every_screen_at_phone_width(browser: Browser, admin: MadeUser, demo: int) -> None:
    """The layout holds at 390 px: nothing overflows the viewport sideways."""
    browser.page.set_viewport_size(PHONE)
    browser.goto("login")
    browser.page.wait_for_selector("form")
    browser.shoot("login-phone")
    browser.sign_in(admin)
    wide: dict[str, int] = {}
    for route, ready in SIGNED_IN_SCREENS:
        visit(browser, route, ready)
        width = browser.page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[route] = width
        browser.shoot(f"{route}-phone")
    browser.page.set_viewport_size(DESKTOP)
    assert wide == {}
    assert browser.watch.problems() == []


def test_viewer_sees_no_upload_or_admin_screens(browser: Browser, viewer: MadeUser) -> None:
    """A viewer's menu has no admin entries, datasets has no upload panel, admin URLs refuse."""
    browser.sign_in(viewer)
    links = browser.page.locator("#nav a").all_inner_texts()
    assert links == ["Dashboard", "Datasets", "Assistant", "Subscriptions"]
    browser.screen("datasets", "section[aria-label='Datasets'] table")
    browser.settle()
    assert browser.page.get_by_role("heading", name="Upload a spreadsheet").count() == 0
    assert browser.page.get_by_role("button", name="Delete").count() == 0
    assert browser.page.locator("input[type=file]").count() == 0
    for route in ("users", "audit", "health"):
        browser.screen("dashboard", "[data-kpi], .kpi__label, .state")
        browser.page.evaluate("route => { window.location.hash = '#/' + route; }", route)
        browser.page.wait_for_selector("h1:text-is('Not available')")
        assert browser.page.url.endswith("#/forbidden")
    assert browser.watch.problems() == []


def test_sign_in_survives_reload_and_sign_out_ends_it(browser: Browser, admin: MadeUser) -> None:
    """The access token lives in memory; a reload signs in again through the refresh cookie."""
    browser.sign_in(admin)
    assert browser.page.evaluate("localStorage.getItem('elara-signed-in')") == "1"
    assert "access_token" not in browser.page.evaluate("JSON.stringify(localStorage)")
    browser.page.reload()
    browser.page.wait_for_selector("#nav a", state="attached")
    assert browser.page.locator("#user-name").inner_text() == "Ada Admin"
    browser.page.get_by_role("button", name="Sign out").click()
    browser.page.wait_for_selector("form[aria-label='Sign in']")
    browser.page.reload()
    browser.page.wait_for_selector("form[aria-label='Sign in']")
    assert browser.page.locator("#nav").is_hidden()
    assert browser.watch.problems() == []


def test_wrong_password_shows_the_error_next_to_the_form(browser: Browser, admin: MadeUser) -> None:
    browser.goto("login")
    browser.page.get_by_label("Email").fill(admin.email)
    browser.page.get_by_label("Password").fill("not-the-password")
    browser.page.get_by_role("button", name="Sign in").click()
    alert = browser.page.locator("form [role=alert]")
    alert.wait_for()
    assert "Cannot sign in" in alert.inner_text()
    assert browser.page.url.endswith("#/login")


def test_charts_say_so_when_the_chart_library_is_missing(
    browser: Browser, admin: MadeUser, demo: int
) -> None:
    """Without /vendor/chart.js (no `npm ci`), the numbers still show and each chart says why."""
    browser.page.route("**/vendor/chart.js/**", lambda route: route.abort())
    browser.sign_in(admin)
    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    errors = browser.page.locator(".chart-box .state--error")
    errors.first.wait_for()
    assert errors.count() == 3
    assert "not installed" in errors.first.inner_text()
    assert browser.page.locator("[data-kpi='revenue'] .kpi__exact").count() == 1
    assert browser.watch.page_errors == []


def test_a_request_asked_for_while_sign_out_is_on_its_way_is_never_sent(
    browser: Browser, admin: MadeUser
) -> None:
    """The sign-out race, made deterministic: the logout request is held at the network while
    a screen asks for more data. That call ends as "aborted" in the page without reaching the
    server (no request sent with the old token, no 401); a call after the sign-out has ended
    is sent again (the client is not stuck)."""
    page = browser.page
    browser.sign_in(admin)
    # The screen signed in to loads its own data (saved views among it): let it finish, so
    # that only requests made after the click are counted.
    page.wait_for_load_state("networkidle")
    browser.settle()
    held: list[Any] = []
    page.route("**/api/auth/logout", lambda route: held.append(route))
    sent: list[str] = []
    page.on("request", lambda r: "/api/views" in r.url and sent.append(r.url))
    page.get_by_role("button", name="Sign out").click()
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the sign-out request was not sent"
    code = page.evaluate(
        """async () => {
            const { api } = await import("/js/api.js");
            try { await api.request("GET", "/api/views"); return "sent"; }
            catch (error) { return error.code; }
        }"""
    )
    assert code == "aborted"
    assert sent == []
    held[0].continue_()
    page.wait_for_selector("form[aria-label='Sign in']")
    status = page.evaluate(
        """async () => {
            const { api } = await import("/js/api.js");
            try { await api.request("GET", "/api/views"); return "answered"; }
            catch (error) { return error.status ?? error.code; }
        }"""
    )
    assert status == 401  # sent, and refused: the session is gone
    assert len(sent) == 1
