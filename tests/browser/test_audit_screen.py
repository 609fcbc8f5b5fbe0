"""The audit screen: a user found by typing part of their email, actions by kind or by the
start of their name, and before/after in plain words."""

from __future__ import annotations

import httpx
import pytest

from elara.core.state import AppState
from tests.browser.conftest import Browser
from tests.factories import MadeUser, create_user

pytestmark = pytest.mark.browser

ROWS = "section[aria-label='Entries'] tbody tr"


def _column(browser: Browser, label: str) -> list[str]:
    return list(
        browser.page.evaluate(
            "([rows, label]) => [...document.querySelectorAll(rows)].map((tr) =>"
            " tr.querySelector(`td[data-label='${label}']`).textContent)",
            [ROWS, label],
        )
    )


def test_filter_by_email_type_ahead_and_action_kind(
    browser: Browser, admin: MadeUser, state: AppState
) -> None:
    page = browser.page
    other = create_user(state, role="analyst", email="nora.numbers@example.com")
    with httpx.Client(base_url=browser.server.url) as http:  # Nora signs in and out elsewhere
        signed = http.post(
            "/api/auth/login", json={"email": other.email, "password": other.password}
        )
        assert signed.status_code == 200
        assert http.post("/api/auth/logout", headers={"X-Elara-CSRF": "1"}).status_code < 300
    browser.sign_in(admin)
    browser.screen("audit", "tbody tr[data-key]")
    browser.settle()

    page.get_by_label("User", exact=True).fill("nora")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#audit-people option')]"
        ".some((o) => o.value === 'nora.numbers@example.com')"
    )
    page.get_by_label("User", exact=True).fill("nora.numbers@example.com")
    page.get_by_label("Kind of action").select_option("auth.")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_function(
        "rows => { const all = [...document.querySelectorAll(rows)];"
        " return all.length > 0"
        " && all.every((tr) => tr.textContent.includes('nora.numbers@example.com')); }",
        arg=ROWS,
    )
    browser.settle()
    actions = _column(browser, "Action")
    assert actions and all(a.startswith("auth.") for a in actions)
    assert "auth.logout" in actions and "auth.login" in actions

    page.get_by_label("Action starts with").fill("auth.logo")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_function(
        "rows => [...document.querySelectorAll(rows)]"
        ".every((tr) => tr.textContent.includes('auth.logout'))",
        arg=ROWS,
    )
    browser.settle()
    assert set(_column(browser, "Action")) == {"auth.logout"}

    page.get_by_label("User", exact=True).fill("nobody@example.com")
    page.get_by_label("Action starts with").fill("")
    page.get_by_role("button", name="Filter").click()
    page.locator("section[aria-label='Entries'] .state--empty").wait_for()
    assert browser.watch.problems() == []


def test_allowed_companies_are_typed_ahead_and_checked(
    browser: Browser, admin: MadeUser, state: AppState
) -> None:
    """Codes come from the companies Elara holds data for; a misspelt one is refused in words."""
    from elara.demo import load_demo_data

    load_demo_data(state)
    page = browser.page
    browser.sign_in(admin)
    browser.screen("users", "tbody tr[data-key]")
    page.get_by_role("button", name="New user").click()
    form = page.locator("form[aria-label='New user']")
    form.get_by_label("Email").fill("limited@example.com")
    companies = form.get_by_label("Allowed companies")
    companies.fill("ACME, GL")
    page.wait_for_function(
        "() => [...document.querySelectorAll('datalist option')]"
        ".some((o) => o.value === 'ACME, GLOBEX')"
    )
    companies.fill("ACME, GLOBX")
    form.get_by_role("button", name="Create user").click()
    note = form.get_by_role("alert")
    note.wait_for()
    assert "GLOBX is not a company" in note.inner_text()
    assert page.locator("tbody tr", has_text="limited@example.com").count() == 0
    companies.fill("ACME, GLOBEX")
    form.get_by_role("button", name="Create user").click()
    page.locator("tbody tr", has_text="limited@example.com").wait_for()
    assert browser.watch.problems() == []
