"""Finance in a real Chromium: the unclassified card and its link, the settings screens (chart
of accounts with search, kind, bulk edit, CSV export/import; FX rates; fiscal year)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from elara.core.state import AppState
from elara.models import AccountKindEntry, AppSetting, AuditEntry, DatasetAccountKind, FxRate
from tests.browser.conftest import Browser
from tests.dashboard.factories import Row
from tests.factories import MadeUser
from tests.finance.factories import store

pytestmark = pytest.mark.browser
DAY = date(2025, 6, 15)


@pytest.fixture
def ledger(state: AppState) -> int:
    return store(
        state,
        [
            Row("ACME", DAY, "Sales", "10000.00", "Revenue"),
            Row("ACME", DAY, "Payroll", "4000.00", "Operating Expenses"),
            Row("ACME", DAY, "Interest", "1000.00", "Finance Costs"),
            Row("ACME", DAY, "Widget adjustments", "123.45"),
            Row("ACME", DAY, "Gizmo fund", "10.00"),
        ],
    )


def test_unclassified_card_links_to_classifying(
    browser: Browser, admin: MadeUser, ledger: int
) -> None:
    browser.sign_in(admin)
    browser.screen("dashboard", "[data-kpi='unclassified']")
    card = browser.page.locator("[data-kpi='unclassified']")
    assert card.locator(".kpi__exact").get_attribute("data-exact") == "133.45"
    assert "2 record(s)" in card.inner_text()
    expenses = browser.page.locator("[data-kpi='expenses'] .kpi__exact")
    assert expenses.get_attribute("data-exact") == "5000.00"
    card.get_by_role("link", name="Classify accounts").click()
    browser.page.wait_for_selector("body[data-screen='finance']")
    rows = browser.page.locator("#chart-of-accounts tbody tr[data-key]")
    rows.first.wait_for()
    browser.settle()
    assert sorted(rows.all_inner_texts()) == sorted(
        [t for t in rows.all_inner_texts() if "Gizmo fund" in t or "Widget adjustments" in t]
    )
    assert rows.count() == 2
    browser.page.get_by_label("Kind of Widget adjustments").select_option("operating_expense")
    browser.page.wait_for_selector(".toast--success")
    browser.screen("dashboard", "[data-kpi='expenses']")
    browser.settle()
    browser.page.wait_for_function(
        "() => document.querySelector(\"[data-kpi='expenses'] .kpi__exact\")"
        "?.dataset.exact === '5123.45'"
    )
    left = browser.page.locator("[data-kpi='unclassified'] .kpi__exact")
    assert left.get_attribute("data-exact") == "10.00"
    assert browser.watch.problems() == []


def test_a_dataset_gets_its_own_kind_for_an_account(
    browser: Browser, admin: MadeUser, ledger: int, state: AppState
) -> None:
    """Kinds apply to one dataset: its Widget adjustments become an expense there only."""
    other = store(state, [Row("ACME", DAY, "Widget adjustments", "50.00")], name="Branch")
    page = browser.page
    browser.sign_in(admin)
    browser.screen("dashboard", "[data-kpi='unclassified']")
    unclassified = page.locator("[data-kpi='unclassified'] .kpi__exact")
    assert unclassified.get_attribute("data-exact") == "183.45"

    browser.screen("finance", "#chart-of-accounts tbody tr[data-key]")
    browser.settle()
    page.get_by_label("Kinds apply to").select_option(label="Branch")
    kind = page.get_by_label("Kind of Widget adjustments in Branch")
    kind.wait_for()
    assert kind.input_value() == ""  # as everywhere: unclassified
    kind.select_option("operating_expense")
    page.wait_for_selector(".toast--success:has-text('Widget adjustments in Branch')")
    row = page.locator("#chart-of-accounts tbody tr[data-key='Widget adjustments']")
    page.wait_for_function(
        "() => document.querySelector(\"#chart-of-accounts tbody tr[data-key='Widget "
        "adjustments']\")?.textContent.includes('Branch: operating expense (set by an admin)')"
    )
    page.get_by_label("Kinds apply to").select_option(label="Every dataset")
    page.get_by_label("Kind of Widget adjustments", exact=True).wait_for()
    assert page.get_by_label("Kind of Widget adjustments", exact=True).input_value() == ""
    assert "Branch: operating expense" in row.inner_text()
    with state.db.transaction() as session:
        kind_of = DatasetAccountKind
        kinds = session.execute(select(kind_of.dataset_id, kind_of.account, kind_of.kind)).all()
        assert session.scalars(select(AccountKindEntry)).all() == []
    assert [tuple(k) for k in kinds] == [(other, "Widget adjustments", "operating_expense")]

    browser.screen("dashboard", "[data-kpi='unclassified']")
    browser.settle()
    page.wait_for_function(
        "() => document.querySelector(\"[data-kpi='unclassified'] .kpi__exact\")"
        "?.dataset.exact === '133.45'"
    )
    expenses = page.locator("[data-kpi='expenses'] .kpi__exact")
    assert expenses.get_attribute("data-exact") == "5050.00"
    assert browser.watch.problems() == []


def test_viewer_is_told_to_ask_an_admin(browser: Browser, viewer: MadeUser, ledger: int) -> None:
    browser.sign_in(viewer)
    browser.screen("dashboard", "[data-kpi='unclassified']")
    card = browser.page.locator("[data-kpi='unclassified']")
    assert card.get_by_role("link").count() == 0
    assert "An admin can classify" in card.inner_text()
    assert "Finance" not in browser.page.locator("#nav a").all_inner_texts()


def test_chart_of_accounts_search_bulk_and_csv(
    browser: Browser, admin: MadeUser, ledger: int, state: AppState, tmp_path
) -> None:
    browser.sign_in(admin)
    browser.screen("finance", "#chart-of-accounts tbody tr[data-key]")
    browser.settle()
    rows = browser.page.locator("#chart-of-accounts tbody tr[data-key]")
    assert rows.count() == 5
    browser.page.get_by_label("Search").fill("finance costs")
    browser.page.wait_for_function(
        "() => document.querySelectorAll('#chart-of-accounts tbody tr[data-key]').length === 1"
    )
    assert "Interest" in rows.first.inner_text()
    browser.page.get_by_label("Search").fill("")
    browser.page.wait_for_function(
        "() => document.querySelectorAll('#chart-of-accounts tbody tr[data-key]').length === 5"
    )
    browser.page.get_by_label("Select Gizmo fund").check()
    browser.page.get_by_label("Select Widget adjustments").check()
    browser.page.get_by_label("Kind for the selected accounts").select_option("other_income")
    browser.page.get_by_role("button", name="Apply to selected").click()
    browser.page.wait_for_selector(".toast--success:has-text('2 account(s) changed')")
    with state.db.transaction() as session:
        kinds = dict(session.execute(select(AccountKindEntry.account, AccountKindEntry.kind)).all())
    assert kinds == {"Gizmo fund": "other_income", "Widget adjustments": "other_income"}

    with browser.page.expect_download() as download:
        browser.page.get_by_role("button", name="Export CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "account,kind,source,suggested,categories,record_count"
    assert "Gizmo fund,other_income,admin,,,1" in text.splitlines()

    upload = tmp_path / "chart.csv"
    upload.write_text("account,kind\nGizmo fund,tax\n", encoding="utf-8")
    browser.page.set_input_files("#accounts-import", str(upload))
    browser.page.wait_for_selector(".toast--success:has-text('from chart.csv')")
    bad = tmp_path / "bad.csv"
    bad.write_text("account,kind\nGizmo fund,profit\n", encoding="utf-8")
    browser.page.set_input_files("#accounts-import", str(bad))
    browser.page.wait_for_selector("#chart-of-accounts [role=alert]:has-text('not applied')")
    with state.db.transaction() as session:
        assert (
            session.scalar(
                select(AccountKindEntry.kind).where(AccountKindEntry.account == "Gizmo fund")
            )
            == "tax"
        )
    # The refused file is the one expected error; nothing else went wrong in the page.
    assert browser.watch.problems() == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]


def test_currency_rates_and_fiscal_year(
    browser: Browser, admin: MadeUser, state: AppState, tmp_path
) -> None:
    browser.sign_in(admin)
    browser.screen("finance", "#currency-settings[data-ready]")
    browser.settle()
    browser.page.get_by_label("Reporting currency", exact=True).fill("eur")
    browser.page.get_by_role("button", name="Save currency").click()
    browser.page.wait_for_selector(".toast--success:has-text('Reporting currency: EUR')")
    rates = tmp_path / "rates.csv"
    rates.write_text("date,currency,rate\n2025-06-01,USD,1.08\n2025-07-01,USD,1.1\n")
    browser.page.set_input_files("#fx-upload", str(rates))
    browser.page.wait_for_selector("#currency-settings tbody tr[data-key='USD-2025-07-01']")
    assert browser.page.locator("#currency-settings tbody tr[data-key]").count() == 2
    browser.page.get_by_role("button", name="Delete USD 2025-07-01").click()
    browser.page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    browser.page.wait_for_function(
        "() => document.querySelectorAll('#currency-settings tbody tr[data-key]').length === 1"
    )
    browser.page.get_by_label("Fiscal year starts in").select_option("4")
    browser.page.get_by_role("button", name="Save fiscal year").click()
    browser.page.wait_for_selector(".toast--success:has-text('starts in April')")
    with state.db.transaction() as session:
        assert [r.date for r in session.scalars(select(FxRate))] == [date(2025, 6, 1)]
        assert session.get(AppSetting, "fiscal_year_start").value == 4
        audited = set(session.scalars(select(AuditEntry.entity_id)))
    assert {"reporting_currency", "fiscal_year_start", "USD"} <= audited
    assert browser.watch.problems() == []


def test_dimension_picker_filters_the_dashboard(
    browser: Browser, viewer: MadeUser, state: AppState
) -> None:
    store(
        state,
        [
            Row("ACME", DAY, "Sales", "100.00", "Revenue"),
            Row("ACME", DAY, "Sales", "40.00", "Revenue"),
        ],
        settings={"columns": [{"header": "Region", "role": "dimension"}]},
        attributes=[{"Region": "East"}, {"Region": "West"}],
    )
    browser.sign_in(viewer)
    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    revenue = browser.page.locator("[data-kpi='revenue'] .kpi__exact")
    assert revenue.get_attribute("data-exact") == "140.00"
    group = browser.page.get_by_role("group", name="Dimensions")
    group.get_by_role("button", name="Region").click()
    group.get_by_role("checkbox", name="West").check()
    browser.page.wait_for_function(
        "() => document.querySelector(\"[data-kpi='revenue'] .kpi__exact\")"
        "?.dataset.exact === '40.00'"
    )
    split = browser.page.get_by_label("Split by")
    assert "dim:Region" in split.locator("option").evaluate_all("os => os.map(o => o.value)")
    assert browser.watch.problems() == []
