"""The datasets list shows each dataset's scenario; its owner or an admin changes it with a
select (PATCH /api/datasets/{id}, audited), anyone else reads it; a budget opens in the
dashboard on its own scenario."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from elara.core import data_version
from elara.core.state import AppState
from elara.models import AuditEntry, Dataset
from tests.browser.conftest import Browser
from tests.dashboard.factories import Row
from tests.factories import MadeUser
from tests.finance.factories import store

pytestmark = pytest.mark.browser
DAY = date(2025, 6, 15)


def _owned(state: AppState, name: str, owner: MadeUser, amount: str) -> int:
    dataset_id = store(state, [Row("ACME", DAY, "Sales", amount, "Revenue")], name=name)
    with state.db.transaction() as session:
        session.get_one(Dataset, dataset_id).owner_id = owner.id
        data_version.bump(session)
    return dataset_id


def _scenario(state: AppState, dataset_id: int) -> str:
    with state.db.transaction() as session:
        return str(session.get_one(Dataset, dataset_id).scenario)


def test_the_owner_changes_a_scenario_and_others_read_it(
    browser: Browser, analyst: MadeUser, admin: MadeUser, viewer: MadeUser, state: AppState
) -> None:
    mine = _owned(state, "Plan 2025", analyst, "12345.67")
    theirs = _owned(state, "Ledger", admin, "9000.00")
    page = browser.page
    browser.sign_in(analyst)
    browser.screen("datasets", "section[aria-label='Datasets'] tbody tr")
    browser.settle()
    own = page.get_by_label("Scenario of Plan 2025")
    assert own.input_value() == "actual"
    assert page.get_by_label("Scenario of Ledger").count() == 0  # not theirs to change
    row = page.locator("section[aria-label='Datasets'] tbody tr", has_text="Ledger")
    assert row.locator("[data-scenario='actual']").inner_text() == "Actual"

    own.select_option("budget")
    page.wait_for_selector("select[aria-label='Scenario of Plan 2025'][data-scenario='budget']")
    assert _scenario(state, mine) == "budget" and _scenario(state, theirs) == "actual"
    with state.db.transaction() as session:
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "dataset.update", AuditEntry.entity_id == str(mine))
            .order_by(AuditEntry.id.desc())
        ).first()
        assert entry is not None and entry.user_id == analyst.id
    # Its "Open" link reads the budget in the dashboard, on the Budget scenario.
    browser.screen("datasets", "section[aria-label='Datasets'] tbody tr")
    browser.settle()
    link = page.locator(
        "section[aria-label='Datasets'] tbody tr", has_text="Plan 2025"
    ).get_by_role("link", name="Open")
    assert link.get_attribute("href") == f"#/dashboard?datasets={mine}&scenario=budget"
    link.click()
    page.wait_for_function(
        "() => Number(document.querySelector(\"[data-kpi='revenue'] .kpi__exact\")"
        "?.dataset.exact) === 12345.67"
    )
    assert page.locator("select[name='scenario']").input_value() == "budget"
    # An older link naming the budget by id alone: the server reads the budget, the picker
    # and the address follow it.
    page.goto(f"{browser.server.url}/#/dashboard?datasets={mine}")
    page.wait_for_function("() => location.hash.includes('scenario=budget')")
    assert page.locator("select[name='scenario']").input_value() == "budget"
    assert f"datasets={mine}" in page.url  # the budget named is kept, not dropped for actuals
    page.wait_for_function(
        "() => Number(document.querySelector(\"[data-kpi='revenue'] .kpi__exact\")"
        "?.dataset.exact) === 12345.67"
    )
    assert browser.watch.problems() == []


def test_a_viewer_reads_the_scenario_and_an_admin_changes_any(
    browser: Browser, analyst: MadeUser, admin: MadeUser, viewer: MadeUser, state: AppState
) -> None:
    plan = _owned(state, "Plan 2025", analyst, "12345.67")
    page = browser.page
    browser.sign_in(viewer)
    browser.screen("datasets", "section[aria-label='Datasets'] tbody tr")
    browser.settle()
    assert page.locator("section[aria-label='Datasets'] tbody select").count() == 0
    row = page.locator("section[aria-label='Datasets'] tbody tr", has_text="Plan 2025")
    assert row.locator("[data-scenario='actual']").inner_text() == "Actual"

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_selector("form[aria-label='Sign in']")
    browser.sign_in(admin)
    browser.screen("datasets", "section[aria-label='Datasets'] tbody tr")
    browser.settle()
    page.get_by_label("Scenario of Plan 2025").select_option("forecast")
    page.wait_for_selector("select[aria-label='Scenario of Plan 2025'][data-scenario='forecast']")
    assert _scenario(state, plan) == "forecast"
    assert browser.watch.problems() == []
