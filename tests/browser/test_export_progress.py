"""A dashboard export says how far it is in records: the total the server counted, then the
records received so far, for a CSV (desktop and 390x844)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from elara.core.state import AppState
from elara.demo import load_demo_data
from tests.browser.conftest import DESKTOP, PHONE, Browser
from tests.browser.test_screens import visit
from tests.factories import MadeUser

pytestmark = pytest.mark.browser

# Every text the export's progress line shows, in order.
RECORD = """() => {
  window.progressTexts = [];
  new MutationObserver(() => {
    const text = document.querySelector(".drill[role='status'] span")?.textContent;
    if (text && text !== window.progressTexts.at(-1)) window.progressTexts.push(text);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
}"""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_csv_export_counts_its_records(
    browser: Browser, admin: MadeUser, state: AppState, size: dict[str, int]
) -> None:
    load_demo_data(state)
    page = browser.page
    page.set_viewport_size(size)
    browser.sign_in(admin)
    visit(browser, "dashboard", "[data-kpi='revenue']")
    page.evaluate(RECORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    total = f"{len(rows):,}"
    texts = page.evaluate("window.progressTexts")
    assert f"Exporting {total} records…" in texts
    assert texts[-1] == f"Exporting… {total} of {total} records"
    assert browser.watch.problems() == []
