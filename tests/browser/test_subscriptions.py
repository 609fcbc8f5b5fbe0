"""Subscriptions and alerts in Chromium, mail through a real SMTP server: from the saved-views
menu "Subscribe…" a view, "Send now" from the list (the PDF states the dashboard's revenue),
"Alert…" on it and "Test" it; the list screen holds at phone width."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI

from elara.audit.events import Actor
from elara.core.state import AppState
from elara.demo import load_demo_data
from elara.gateway import create_app
from elara.models import User
from elara.subscriptions.pdf import display_money
from elara.views.schemas import ViewIn
from elara.views.service import create_view
from tests.browser.conftest import PHONE, Browser, StrictCsp
from tests.browser.test_screens import axe_violations
from tests.factories import MadeUser
from tests.security import conftest as security
from tests.security.conftest import Inbox, smtp_overrides, with_settings
from tests.subscriptions.conftest import attachments, pdf_text

pytestmark = pytest.mark.browser

cert = security.cert
smtp_server = security.smtp_server


@pytest.fixture
def app(state: AppState, smtp_server: tuple[Inbox, int], cert: Any) -> Iterator[FastAPI]:
    """The browser tests' app, sending its mail through the real SMTP server."""
    _, port = smtp_server
    application = create_app(state=with_settings(state, **smtp_overrides(port, cert)))
    application.add_middleware(StrictCsp)
    yield application


def _view(state: AppState, owner: MadeUser) -> None:
    filters = {"companies": ["ACME", "GLOBEX"], "from": "2024-01-01", "to": "2024-12-31"}
    with state.db.transaction() as session:
        user = session.get(User, owner.id)
        assert user is not None
        data = ViewIn.model_validate({"name": "Top two 2024", "filters": filters, "shared": True})
        create_view(session, user, data, Actor(user_id=user.id))


def test_subscribe_send_now_and_alert(
    browser: Browser, analyst: MadeUser, state: AppState, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_server
    load_demo_data(state)
    _view(state, analyst)
    page = browser.page
    browser.sign_in(analyst)
    browser.screen("dashboard", "[data-kpi='revenue']")
    page.get_by_label("Saved view", exact=True).select_option(label="Top two 2024 · shared")
    page.wait_for_function("() => location.hash.includes('from=2024-01-01')")
    browser.settle()
    exact = page.locator("[data-kpi='revenue'] .kpi__exact").get_attribute("data-exact")
    revenue = Decimal(exact or "NaN")

    page.get_by_role("button", name="Subscribe…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("How often").select_option("daily")
    dialog.get_by_label("At", exact=True).fill("06:30")
    dialog.get_by_label("Time zone").fill("Europe/Berlin")
    assert dialog.get_by_label("Recipients").input_value() == analyst.email
    browser.shoot("subscribe-dialog-desktop")
    assert axe_violations(browser) == []
    dialog.get_by_role("button", name="Subscribe").click()
    page.locator(".toast", has_text="Subscribed").wait_for()

    page.get_by_role("button", name="Alert…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Threshold").fill("90")
    assert axe_violations(browser) == []
    dialog.get_by_role("button", name="Create alert").click()
    page.locator(".toast", has_text="created").wait_for()

    browser.screen("subscriptions", ".sub-list")
    subs = page.locator("section[aria-label='Subscriptions'] .sub-item")
    subs.filter(has_text="Every day at 06:30 (Europe/Berlin)").wait_for()
    subs.get_by_role("button", name="Send now").click()
    [report] = inbox.wait(1, timeout=60)
    assert str(report["To"]) == analyst.email
    text = pdf_text(attachments(report)["application/pdf"])
    assert display_money(str(revenue)) in text

    alerts = page.locator("section[aria-label='Alerts'] .sub-item")
    alerts.filter(has_text="Net margin (%) is below 90 %").wait_for()
    alerts.get_by_role("button", name="Test").click()
    page.locator(".toast", has_text="Breached").wait_for()
    messages = inbox.wait(2, timeout=60)
    assert "(test)" in str(messages[1]["Subject"])

    page.set_viewport_size(PHONE)
    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.screen("subscriptions", ".sub-list")
    browser.settle()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    right = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.sub-item button, .sub-item p')]"
        ".map((e) => e.getBoundingClientRect().right))"
    )
    assert right <= PHONE["width"]
    browser.shoot("subscriptions-phone")
    page.get_by_role("button", name="Change").first.click()
    browser.shoot("subscribe-dialog-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    assert browser.watch.problems() == []
