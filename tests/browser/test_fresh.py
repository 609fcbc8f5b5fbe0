"""Never a stale answer: when the filters change while an older answer is still on its way, the
older request is cancelled and the screen shows the newer filters' numbers; each card shows its
own loading state and its own error."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

import httpx
import pytest

from elara.core import data_version
from elara.core.data_version import counter
from elara.core.state import AppState
from elara.demo import load_demo_data
from tests.browser.conftest import Browser
from tests.factories import MadeUser

pytestmark = pytest.mark.browser


def _api_revenue(browser: Browser, user: MadeUser, company: str) -> Decimal:
    """What the API itself says the revenue of one company is."""
    with httpx.Client(base_url=browser.server.url) as http:
        token = http.post(
            "/api/auth/login", json={"email": user.email, "password": user.password}
        ).json()["access_token"]
        body = http.get(
            "/api/dashboard/summary",
            params={"company": company},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
    block = body if "current" in body else body["by_currency"][0]
    return Decimal(block["current"]["revenue"])


def _pick_company(browser: Browser, name: str, on: bool) -> None:
    box = browser.page.get_by_label(name, exact=True)
    if on:
        box.check()
    else:
        box.uncheck()


def test_a_slow_older_answer_never_overwrites_a_newer_one(
    browser: Browser, admin: MadeUser, state: AppState
) -> None:
    load_demo_data(state)
    page = browser.page
    browser.sign_in(admin)
    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    held: list[Any] = []

    def hold_globex(route: Any) -> None:
        if "company=GLOBEX" in route.request.url and not held:
            held.append(route)  # answered only after the newer request has been shown
        else:
            route.continue_()

    page.route("**/api/dashboard/summary?*", hold_globex)
    page.get_by_role("button", name="Companies").click()
    _pick_company(browser, "GLOBEX", True)
    page.wait_for_function(
        "() => document.querySelector(\"[aria-label='Key figures'] .state--loading\")"
    )
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    _pick_company(browser, "GLOBEX", False)
    _pick_company(browser, "ACME", True)
    page.keyboard.press("Escape")
    acme = _api_revenue(browser, admin, "ACME")
    page.wait_for_function(
        "value => document.querySelector(\"[data-kpi='revenue'] .kpi__exact\")"
        "?.dataset.exact === value",
        arg=str(acme),
    )
    # The browser has cancelled it: continuing it fails, or its late answer must be ignored.
    with contextlib.suppress(Exception):
        held[0].continue_()
    page.wait_for_timeout(500)
    browser.settle()
    shown = page.locator("[data-kpi='revenue'] .kpi__exact").get_attribute("data-exact")
    assert Decimal(shown or "NaN") == acme
    assert acme != _api_revenue(browser, admin, "GLOBEX")
    assert browser.watch.page_errors == []


def test_a_failing_card_says_so_in_itself(
    browser: Browser, admin: MadeUser, state: AppState
) -> None:
    """One endpoint failing leaves the other cards working and shows the error in its card."""
    load_demo_data(state)
    page = browser.page
    page.route(
        "**/api/dashboard/timeseries?*",
        lambda route: route.fulfill(
            status=503,
            content_type="application/json",
            body='{"error": {"code": "unavailable", "message": "The database is busy."}}',
        ),
    )
    browser.sign_in(admin)
    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    over_time = page.locator("section[aria-label='Over time'] .state--error")
    over_time.wait_for()
    assert "The database is busy." in over_time.inner_text()
    assert page.locator(".state--error").count() == 1
    assert page.locator("section[aria-label='Revenue by company'] canvas").is_visible()


def test_reads_send_back_the_newest_data_version_seen(
    browser: Browser, admin: MadeUser, state: AppState
) -> None:
    """Read-your-own-writes behind read replicas: the web app sends the highest data version it
    has seen (read answers, data.changed events) with every request, so no replica behind it
    answers; after a change announced on /ws the refreshed figures ask for the new version."""
    load_demo_data(state)
    page = browser.page
    sent: list[int] = []

    def note(request: Any) -> None:
        if "/api/dashboard/summary" in request.url:
            sent.append(counter(request.headers.get("x-elara-data-version")))

    page.on("request", note)
    browser.sign_in(admin)
    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    with state.db.transaction() as session:
        before = counter(data_version.current(session))
    assert sent and sent[-1] == before > 0  # the filters' answer named it already
    with httpx.Client(base_url=browser.server.url) as http:
        token = http.post(
            "/api/auth/login", json={"email": admin.email, "password": admin.password}
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        first = http.get("/api/datasets", headers=auth).json()["items"][0]["id"]
        assert http.delete(f"/api/datasets/{first}", headers=auth).status_code == 204
    with state.db.transaction() as session:
        after = counter(data_version.current(session))
    for _ in range(100):
        if sent[-1] >= after:
            break
        page.wait_for_timeout(50)
    assert after > before and sent[-1] == after
    assert browser.watch.page_errors == []
