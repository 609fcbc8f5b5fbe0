"""The assistant in Chromium: a two-turn conversation that survives a page reload (the server
keeps it; the page asks for it again) and goes on with a third follow-up."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi import FastAPI

from elara.assistant.endpoints import get_today
from elara.core.state import AppState
from tests.assistant.analyst_data import TODAY, generate, store
from tests.assistant.analyst_oracle import q, value
from tests.browser.conftest import Browser
from tests.factories import MadeUser

pytestmark = pytest.mark.browser
Y2024 = (date(2024, 1, 1), date(2024, 12, 31))


def _bot(browser: Browser, nth: int) -> str:
    """The text of the nth answer (0 = the greeting), once it has arrived."""
    answer = browser.page.locator(".msg--bot").nth(nth)
    answer.locator(".msg__meta").wait_for()
    return answer.inner_text()


def _ask(browser: Browser, question: str) -> None:
    browser.page.get_by_label("Your question").fill(question)
    browser.page.get_by_role("button", name="Ask").click()


def test_conversation_survives_a_reload(
    browser: Browser, admin: MadeUser, state: AppState, app: FastAPI
) -> None:
    app.dependency_overrides[get_today] = lambda: TODAY
    rows = generate()
    store(state, rows)
    page = browser.page
    browser.sign_in(admin)
    browser.screen("assistant", ".chat__form")
    _ask(browser, "What was Globex Industries' gross margin in 2025?")
    assert "Globex Industries (GLBX)" in _bot(browser, 1)
    _ask(browser, "and the year before?")
    second = _bot(browser, 2)
    assert q(value(rows, "gross_margin", ["GLBX"], Y2024)) in second and "2024" in second
    page.reload()
    page.wait_for_selector("body[data-screen='assistant']")
    page.locator(".msg--user").nth(1).wait_for()
    assert page.locator(".msg--user").all_inner_texts() == [
        "What was Globex Industries' gross margin in 2025?",
        "and the year before?",
    ]
    assert q(value(rows, "gross_margin", ["GLBX"], Y2024)) in _bot(browser, 2)
    _ask(browser, "what about Initech?")
    third = _bot(browser, 3)
    assert "Initech Software (INIT)" in third and "2024" in third
    assert q(value(rows, "gross_margin", ["INIT"], Y2024)) in third
    third_answer = page.locator(".msg--bot").nth(3)
    third_answer.get_by_role("link", name="Open in dashboard").click()
    page.wait_for_selector("[data-kpi='revenue']")
    assert "companies=INIT" in page.url and "from=2024-01-01" in page.url
    assert browser.watch.problems() == []


def test_open_in_dashboard_keeps_the_answers_dimension_filter(
    browser: Browser, admin: MadeUser, state: AppState, app: FastAPI
) -> None:
    """ "Revenue in the West": the dashboard the answer links to is filtered to Region = West
    and shows the same revenue to the cent, not the unfiltered total."""
    import re

    app.dependency_overrides[get_today] = lambda: TODAY
    store(state, generate())
    page = browser.page
    browser.sign_in(admin)
    browser.screen("assistant", ".chat__form")
    _ask(browser, "What was revenue in the West in 2024?")
    answer = _bot(browser, 1)
    figure = re.search(r"Revenue: [A-Z]{3} ([\d,]+\.\d\d)", answer)
    assert figure, answer
    page.locator(".msg--bot").nth(1).get_by_role("link", name="Open in dashboard").click()
    page.wait_for_selector("[data-kpi='revenue']")
    assert "dims=" in page.url
    browser.settle()
    card = page.locator("[data-kpi='revenue']")
    card.filter(has_text=figure.group(1)).wait_for()
    assert figure.group(1) in card.inner_text()
    assert browser.watch.problems() == []
