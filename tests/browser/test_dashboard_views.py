"""The dashboard as a daily tool: drilling from a chart into the records behind it, an address
that reproduces the view, one plain message for a reversed date range, a records pager with
its total, and "Other" as a total of its own instead of a bar."""

from __future__ import annotations

from typing import Any

import pytest

from elara.core.state import AppState
from elara.demo import load_demo_data
from tests.browser.conftest import Browser
from tests.factories import MadeUser

pytestmark = pytest.mark.browser

CANVAS = "section[aria-label='{}'] canvas"
# Where on the page an element (bar, point, slice) of a chart is drawn.
ELEMENT_AT = """([selector, dataset, index]) => {
  const canvas = document.querySelector(selector);
  const element = Chart.getChart(canvas).getDatasetMeta(dataset).data[index];
  const box = canvas.getBoundingClientRect();
  const { x, y } = element.getCenterPoint();
  return { x: box.left + x, y: box.top + y };
}"""


def _click_element(browser: Browser, title: str, dataset: int, index: int) -> None:
    selector = CANVAS.format(title)
    browser.page.locator(selector).scroll_into_view_if_needed()
    point = browser.page.evaluate(ELEMENT_AT, [selector, dataset, index])
    browser.page.mouse.click(point["x"], point["y"])


def _record_rows(browser: Browser) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = browser.page.evaluate(
        """() => [...document.querySelectorAll("section[aria-label='Records'] tbody tr")]
          .map((tr) => Object.fromEntries(
            [...tr.cells].map((td) => [td.dataset.label, td.textContent])))"""
    )
    return rows


def _chart(browser: Browser, title: str) -> Any:
    return browser.page.evaluate(
        "sel => { const c = Chart.getChart(document.querySelector(sel)).data;"
        " return { labels: c.labels, data: c.datasets.map((d) => d.data) }; }",
        CANVAS.format(title),
    )


@pytest.fixture
def demo(state: AppState, admin: MadeUser) -> int:
    return load_demo_data(state)


def test_drill_from_a_bar_and_a_point_into_the_records(
    browser: Browser, admin: MadeUser, demo: int
) -> None:
    page = browser.page
    browser.sign_in(admin)
    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    companies = _chart(browser, "Revenue by company")["labels"]
    assert "Other" not in companies
    _click_element(browser, "Revenue by company", 0, 1)
    drill = page.locator(".drill")
    drill.wait_for()
    assert companies[1] in drill.inner_text()
    browser.settle()
    rows = _record_rows(browser)
    assert rows and {r["Company"] for r in rows} == {companies[1]}

    before = drill.inner_text()
    _click_element(browser, "Over time", 0, 2)
    # The drill bar is already open from the bar above: wait for it to name the new point, then
    # for the records behind it (a loaded machine answers the older drill first).
    page.wait_for_function(
        "(before) => { const d = document.querySelector('.drill');"
        " return d && !d.hidden && d.innerText !== before; }",
        arg=before,
    )
    page.wait_for_function(
        """() => new Set([...document.querySelectorAll("section[aria-label='Records'] tbody tr")]
          .map((tr) => ([...tr.cells].find((td) => td.dataset.label === "Date") || {})
          .textContent?.slice(0, 7))).size === 1"""
    )
    browser.settle()
    month = page.locator(".drill").inner_text()
    rows = _record_rows(browser)
    assert rows
    dates = {r["Date"][:7] for r in rows}
    assert len(dates) == 1, dates
    assert browser.page.evaluate("document.activeElement.textContent") == "Records"

    page.get_by_role("button", name="Show all records").click()
    page.locator(".drill").wait_for(state="hidden")
    browser.settle()
    assert len({r["Date"][:7] for r in _record_rows(browser)}) >= 1
    assert month
    assert browser.watch.problems() == []


def test_the_address_reproduces_the_view_and_the_pager_counts(
    browser: Browser, admin: MadeUser, demo: int
) -> None:
    page = browser.page
    browser.sign_in(admin)
    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    page.get_by_role("button", name="Companies").click()
    page.get_by_label("ACME", exact=True).check()
    page.keyboard.press("Escape")
    page.get_by_label("From", exact=True).fill("2024-01-01")
    page.get_by_label("To", exact=True).fill("2024-06-30")
    page.wait_for_function("() => location.hash.includes('to=2024-06-30')")
    browser.settle()
    revenue = page.locator("[data-kpi='revenue'] .kpi__exact").get_attribute("data-exact")
    count = page.locator("[data-kpi='record_count'] .kpi__value").inner_text()
    assert f"of {count}" in page.locator("section[aria-label='Records'] .pager").inner_text()
    url = page.url
    assert "companies=ACME" in url and "from=2024-01-01" in url

    page.goto("about:blank")
    page.goto(url)
    page.wait_for_selector("[data-kpi='revenue'] .kpi__exact")
    browser.settle()
    assert page.locator(".multi__button", has_text="ACME").count() == 1
    assert page.get_by_label("From", exact=True).input_value() == "2024-01-01"
    shown = page.locator("[data-kpi='revenue'] .kpi__exact").get_attribute("data-exact")
    assert shown == revenue

    page.get_by_label("Records a page").select_option("50")
    browser.settle()
    assert len(_record_rows(browser)) == min(50, int(count.replace(",", "")))
    assert browser.watch.problems() == []


def test_a_reversed_range_is_one_plain_message(
    browser: Browser, admin: MadeUser, demo: int
) -> None:
    page = browser.page
    browser.sign_in(admin)
    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    page.get_by_label("From", exact=True).fill("2025-06-01")
    page.get_by_label("To", exact=True).fill("2025-01-01")
    message = page.get_by_role("alert")
    message.wait_for()
    page.wait_for_timeout(400)
    assert message.count() == 1
    assert "start date is after the end date" in message.inner_text()
    assert page.locator(".state--error").count() == 0
    assert page.get_by_label("To", exact=True).get_attribute("aria-invalid") == "true"
    page.get_by_label("To", exact=True).fill("2025-12-31")
    message.wait_for(state="hidden")
    assert browser.watch.problems() == []
