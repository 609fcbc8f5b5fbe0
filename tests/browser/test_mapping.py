"""The mapping screen in Chromium: a file Elara cannot store as it comes (a single-entity income
statement with the months as columns) is previewed, the user types the company it lacks, the
preview follows every change, and *Store* puts on the dashboard exactly the totals previewed."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from tests.browser.conftest import DESKTOP, PHONE, Browser
from tests.browser.test_accessibility import violations
from tests.browser.test_layout import check
from tests.factories import MadeUser
from tests.ingest.builders import write_xlsx

pytestmark = pytest.mark.browser

MONTHS = ("Jan 2025", "Feb 2025", "Mar 2025")


def _statement(tmp_path: Path) -> tuple[Path, dict[str, Decimal]]:
    """An income statement of one company: a line item per row, one column per month, amounts
    with cents and thousands separators the way a spreadsheet exports them."""
    lines = {
        "Revenue": [Decimal("12345.67"), Decimal("13001.09"), Decimal("12999.99")],
        "Cost of sales": [Decimal("5432.10"), Decimal("5600.45"), Decimal("5100.01")],
        "Operating expenses": [Decimal("2100.00"), Decimal("2222.22"), Decimal("1999.95")],
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(("Line item", *MONTHS))
    for name, values in lines.items():
        writer.writerow((name, *(f"{v:,.2f}" for v in values)))
    path = tmp_path / "income-statement-q1.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path, {name: sum(values, Decimal(0)) for name, values in lines.items()}


def _preview_total(browser: Browser, account: str) -> Decimal:
    cell = browser.page.locator(
        f".mapping__totals tbody tr[data-key='{account}'] [data-exact]"
    ).first
    return Decimal(cell.get_attribute("data-exact") or "NaN")


def _preview_records(browser: Browser) -> int:
    return int(browser.page.locator("[data-records]").get_attribute("data-records") or -1)


def test_periods_as_columns_through_the_mapping_screen_to_the_dashboard(
    browser: Browser, analyst: MadeUser, tmp_path: Path
) -> None:
    page = browser.page
    path, totals = _statement(tmp_path)
    browser.sign_in(analyst)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))

    # Elara asks for the two things the file does not say: whose figures these are, and in
    # which currency (no column, title, header or symbol states one).
    company = page.get_by_label("Company for the whole file (required)")
    company.wait_for()
    currency = page.get_by_label("Currency (required)")
    assert currency.input_value() == ""
    store = page.get_by_role("button", name="Store", exact=True)
    assert store.is_disabled()
    assert (
        "fill in the company and the currency"
        in page.locator("form[aria-label='Upload a spreadsheet'] > .actions").inner_text().lower()
    )
    # Each month column is read as money, each line item as an account.
    for month in MONTHS:
        assert page.get_by_label(month, exact=True).input_value() not in ("", "ignore")
    assert page.get_by_label("Line item", exact=True).input_value() == "account"

    company.fill("ACME")
    currency.fill("EUR")
    ready = (
        "() => !document.querySelector("
        "\"form[aria-label='Upload a spreadsheet'] > .actions button\").disabled"
    )
    page.wait_for_function(ready)
    browser.settle()
    for account, total in totals.items():
        assert _preview_total(browser, account) == total, account
    records = _preview_records(browser)
    assert records == 9

    # Every change asks for a new preview: a month set to "ignore" leaves the totals (and Store
    # waits for the new preview); set back, it returns.
    role = page.get_by_label("Mar 2025", exact=True).input_value()
    page.get_by_label("Mar 2025", exact=True).select_option("ignore")
    page.wait_for_function(ready)
    browser.settle()
    assert _preview_total(browser, "Revenue") == Decimal("12345.67") + Decimal("13001.09")
    assert _preview_records(browser) == 6
    page.get_by_label("Mar 2025", exact=True).select_option(role)
    page.wait_for_function(ready)
    browser.settle()
    assert _preview_total(browser, "Revenue") == totals["Revenue"]
    assert _preview_records(browser) == records
    page.get_by_label("Recipe name").fill("Monthly statement")
    page.get_by_role("button", name="Save as recipe").click()
    page.locator(".mapping__recipe", has_text="Saved").wait_for()
    store.click()
    page.locator(".alert--ok", has_text="stored").wait_for(timeout=30_000)
    page.locator(
        "section[aria-label='Datasets'] tbody tr", has_text="income-statement-q1"
    ).wait_for()

    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    revenue = page.locator("[data-kpi='revenue'] .kpi__exact").get_attribute("data-exact")
    assert Decimal(revenue or "NaN") == totals["Revenue"]
    expenses = page.locator("[data-kpi='expenses'] .kpi__exact").get_attribute("data-exact")
    assert abs(Decimal(expenses or "NaN")) == totals["Cost of sales"] + totals["Operating expenses"]
    count = page.locator("[data-kpi='record_count'] .kpi__value").inner_text()
    assert int(count.replace(",", "")) == records
    labels = page.evaluate(
        "() => Chart.getChart(document.querySelector(\"section[aria-label='Revenue by company']"
        ' canvas")).data.labels'
    )
    assert labels == ["ACME"]

    # The next file of the same layout is read with the recipe: nothing left to type.
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator(".mapping .alert--ok", has_text="Monthly statement").wait_for()
    page.wait_for_function(ready)
    assert page.get_by_label("Company for the whole file").input_value() == "ACME"
    assert browser.watch.problems() == []


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_mapping_screen_fits_and_is_accessible(
    browser: Browser, analyst: MadeUser, tmp_path: Path, size: dict[str, int]
) -> None:
    """The preview at desktop and phone width: inside the viewport and its cards, axe-clean;
    its screenshot is the one in docs/screenshots/."""
    page = browser.page
    page.set_viewport_size(size)
    path, _ = _statement(tmp_path)
    browser.sign_in(analyst)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_label("Company for the whole file (required)").fill("ACME")
    page.get_by_label("Currency (required)").fill("EUR")
    page.locator(".mapping__totals tbody tr").first.wait_for()
    browser.settle()
    found: dict[str, list[str]] = {}
    check(browser, "mapping", found)
    assert found == {}
    assert violations(browser) == []
    page.locator("section[aria-label='Mapping and preview']").scroll_into_view_if_needed()
    browser.shoot(f"mapping-{'phone' if size == PHONE else 'desktop'}")
    assert browser.watch.problems() == []


def test_a_statement_in_thousands_is_offered_scaled_and_says_so(
    browser: Browser, analyst: MadeUser, tmp_path: Path
) -> None:
    """The title says "(in thousands)": the scale is offered, stated, and can be undone."""
    page = browser.page
    path, totals = _statement(tmp_path)
    path.write_text("ACME Ltd\n(in thousands)\n" + path.read_text(), encoding="utf-8")
    browser.sign_in(analyst)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    scale = page.get_by_label("Figures are in")
    scale.wait_for()
    page.get_by_label("Currency (required)").fill("USD")  # the file states none
    page.locator(".mapping__totals tbody tr").first.wait_for()
    browser.settle()
    assert scale.input_value() == "1000"
    assert "multiplied by 1,000" in page.locator(".mapping .alert--warn").inner_text()
    assert _preview_total(browser, "Revenue") == totals["Revenue"] * 1000

    scale.select_option("1")
    page.wait_for_function(
        "() => !document.querySelector('.mapping .alert--warn')"
        " || !document.querySelector('.mapping .alert--warn').textContent.includes('1,000')"
    )
    browser.settle()
    assert _preview_total(browser, "Revenue") == totals["Revenue"]
    assert browser.watch.problems() == []


def test_a_scenario_column_stores_one_scenario_and_says_what_it_leaves_out(
    browser: Browser, analyst: MadeUser, tmp_path: Path
) -> None:
    """A long file of Actual and Budget rows: Scenario is suggested as the scenario column, the
    actuals are previewed and stored, the budget rows are named as not stored; choosing Budget
    previews the budget instead — never the two added."""
    page = browser.page
    rows = ["Scenario,Month,Company,Account,Amount"]
    totals = {"Actual": Decimal(0), "Budget": Decimal(0)}
    for scenario, base in (("Actual", Decimal("1000.25")), ("Budget", Decimal("1100.10"))):
        for month in (1, 2, 3):
            amount = base + month
            rows.append(f"{scenario},2025-0{month},ACME,Revenue,{amount}")
            totals[scenario] += amount
    path = tmp_path / "revenue-scenarios.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    browser.sign_in(analyst)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_label("Currency (required)").fill("USD")  # the file states none
    page.locator(".mapping__totals tbody tr").first.wait_for()
    browser.settle()
    assert page.get_by_label("Scenario", exact=True).input_value() == "scenario"
    assert page.get_by_label("These figures are").input_value() == "actual"
    assert _preview_total(browser, "Revenue") == totals["Actual"]
    warnings = page.locator(".mapping .alert--warn").inner_text()
    assert "3 rows of scenario Budget not stored" in warnings

    page.get_by_label("These figures are").select_option("budget")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.mapping .alert--warn')]"
        ".some((e) => e.textContent.includes('scenario Actual not stored'))"
    )
    browser.settle()
    assert _preview_total(browser, "Revenue") == totals["Budget"]
    assert browser.watch.problems() == []


def test_the_rows_that_will_not_be_stored_are_listed_with_why(
    browser: Browser, analyst: MadeUser, tmp_path: Path
) -> None:
    """A market-data income statement: its per-share and share-count lines are not money; the
    preview says so and lists every row it leaves out, with the reason."""
    page = browser.page
    text = (
        "Breakdown,12/31/2024,12/31/2023\n"
        'Total Revenue,"9,769.00","9,677.00"\n'
        'Tax Provision,"183.00","-500.00"\n'
        "Basic EPS,2.23,4.73\n"
        'Diluted Average Shares,"3,485","3,485"\n'
    )
    path = tmp_path / "market-statement.csv"
    path.write_text(text, encoding="utf-8")
    browser.sign_in(analyst)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    company = page.get_by_label("Company for the whole file (required)")
    company.wait_for()
    company.fill("Tesla")
    page.get_by_label("Currency (required)").fill("USD")  # the file states none
    page.locator(".mapping__totals tbody tr").first.wait_for()
    browser.settle()
    assert _preview_total(browser, "Total Revenue") == Decimal("19446.00")
    warnings = page.locator(".mapping .alert--warn").inner_text()
    assert "not money" in warnings and "row(s) 4, 5" in warnings
    skipped = page.locator(".mapping__skipped")
    skipped.locator("summary").click()
    assert (
        skipped.locator("li[data-row='4']")
        .inner_text()
        .endswith("not an amount (per share, shares, ratio)")
    )
    assert skipped.locator("li[data-row='5']").count() == 1
    assert browser.watch.problems() == []


READY = (
    "() => !document.querySelector("
    "\"form[aria-label='Upload a spreadsheet'] > .actions button\").disabled"
)


def _one_per_column(
    browser: Browser,
    user: MadeUser,
    path: Path,
    *,
    asked: str,
    headers: tuple[str, ...],
    role: str,
    words: str,
    total: str,
) -> None:
    """A file with one column per company or member, opened on the mapping screen (signed in
    as `user`): once the field labelled `asked` is there, each of `headers` is offered as
    `role`, said in `words`, and the `total` column is not stored; the currency the file does
    not state is typed."""
    page = browser.page
    browser.sign_in(user)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_label(asked).wait_for()
    for header in headers:
        select = page.get_by_label(header, exact=True)
        assert select.input_value() == role
        assert select.locator("option:checked").inner_text() == words
    assert page.get_by_label(total, exact=True).input_value() == "ignore"
    page.get_by_label("Currency (required)").fill("USD")  # the file states none


def _store_ready(browser: Browser) -> None:
    """*Store*, and wait for the outcome."""
    browser.page.get_by_role("button", name="Store", exact=True).click()
    browser.page.locator(".alert--ok", has_text="stored").wait_for(timeout=30_000)


def test_a_consolidation_is_read_one_company_per_column(
    browser: Browser, analyst: MadeUser, tmp_path: Path
) -> None:
    """Companies as columns: the role is offered in words, no company is asked for (the
    group's name in the title is not offered), the records carry the headers' companies."""
    page = browser.page
    path = tmp_path / "consolidation.csv"
    path.write_text(
        "Northwind Group - Consolidated Balances\n"
        "Account,NW-US,NW-UK,Eliminations,Consolidated\n"
        "Revenue,100.00,50.00,,150.00\n"
        "Intercompany Revenue,20.00,,-20.00,0.00\n",
        encoding="utf-8",
    )
    _one_per_column(
        browser,
        analyst,
        path,
        asked="As-of date (required)",
        headers=("NW-US", "NW-UK", "Eliminations"),
        role="entity",
        words="Money of the company in the header",
        total="Consolidated",
    )
    assert page.get_by_label("Company for the whole file").count() == 0
    page.get_by_label("As-of date (required)").fill("2025-12-31")
    page.wait_for_function(READY)
    browser.settle()
    assert _preview_records(browser) == 4  # an empty cell is no record
    assert _preview_total(browser, "Revenue") == Decimal("150.00")
    _store_ready(browser)
    assert browser.watch.problems() == []


def test_a_report_by_class_is_read_one_class_per_column(
    browser: Browser, analyst: MadeUser, tmp_path: Path
) -> None:
    """Members of a dimension as columns: the role is offered in words, the dimension's name
    is offered from the title and can be changed, the Total is not stored."""
    page = browser.page
    path = tmp_path / "profit_and_loss_by_class.csv"
    path.write_text(
        "Lakeside Bakery\n"
        "Profit and Loss by Class\n"
        "January - December 2025\n"
        "\n"
        "Account,Retail,Wholesale,Not Specified,Total\n"
        "Sales,100.00,50.00,5.00,155.00\n"
        "Rent,30.00,,1.00,31.00\n",
        encoding="utf-8",
    )
    _one_per_column(
        browser,
        analyst,
        path,
        asked="The column headers are members of",
        headers=("Retail", "Wholesale", "Not Specified"),
        role="member",
        words="Money of the class, department or location in the header",
        total="Total",
    )
    dimension = page.get_by_label("The column headers are members of")
    assert dimension.input_value() == "Class"
    page.wait_for_function(READY)
    browser.settle()
    assert _preview_records(browser) == 5  # an empty cell is no record
    assert _preview_total(browser, "Sales") == Decimal("155.00")
    dimension.fill("Store type")
    browser.settle()
    page.wait_for_function(READY)
    assert page.get_by_label("The column headers are members of").input_value() == "Store type"
    _store_ready(browser)
    with httpx.Client(base_url=browser.server.url) as http:  # what the dashboard offers
        login = {"email": analyst.email, "password": analyst.password}
        token = http.post("/api/auth/login", json=login).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        options = http.get("/api/dashboard/filters", headers=bearer).json()
    assert options["dimensions"] == [
        {"name": "Store type", "values": ["Not Specified", "Retail", "Wholesale"]}
    ]
    assert browser.watch.problems() == []


def test_a_consolidation_by_company_and_month_names_each_column_s_company(
    browser: Browser, analyst: MadeUser, tmp_path: Path
) -> None:
    """Two header rows (companies over months): each month column says whose it is, only the
    currency is asked for (the file states none), and the totals are not stored."""
    page = browser.page
    rows = [
        ["Northwind Group - Consolidated Income Statement"],
        [None, "NW-US", None, None, "NW-UK", None, None],
        ["Account", "Jan 2025", "Feb 2025", "Total", "Jan 2025", "Feb 2025", "Total"],
        ["Revenue", 10.0, 20.0, 30.0, 1.0, 2.0, 3.0],
    ]
    path = write_xlsx(tmp_path / "consolidation.xlsx", {"P&L": rows})
    browser.sign_in(analyst)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_label("Currency (required)").fill("USD")  # the file states none
    page.locator(".mapping__totals tbody tr").first.wait_for()
    browser.settle()
    select = page.get_by_label("Jan 2025 (2)", exact=True)
    assert select.input_value() == "entity"
    hint = page.locator(f"#{select.get_attribute('id')}-hint").inner_text()
    assert hint == "Company NW-UK · Period ending 2025-01-31"
    assert page.get_by_label("Company for the whole file").count() == 0
    assert _preview_records(browser) == 4
    assert _preview_total(browser, "Revenue") == Decimal("33.00")
    assert browser.watch.problems() == []


def test_a_file_of_several_currencies_is_totalled_per_currency(
    browser: Browser, analyst: MadeUser, tmp_path: Path
) -> None:
    """An expense list in pounds, euros and dollars: the totals list one row per account and
    currency, each in its own currency, never one number adding them up."""
    page = browser.page
    path = tmp_path / "expenses.csv"
    path.write_text(
        "Company,Transaction Date,Expense Type,Amount,Currency\n"
        "ACME,2025-09-03,Hotel,389.00,GBP\n"
        "ACME,2025-09-16,Hotel,186.50,EUR\n"
        'ACME,2025-09-22,Hotel,"1,104.60",USD\n'
        "ACME,2025-09-23,Taxi,38.20,GBP\n",
        encoding="utf-8",
    )
    browser.sign_in(analyst)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    rows = page.locator(".mapping__totals tbody tr")
    rows.first.wait_for()
    browser.settle()
    shown = {
        (r.locator("td").nth(0).inner_text(), r.locator("td").nth(1).inner_text()): Decimal(
            r.locator("[data-exact]").get_attribute("data-exact") or "NaN"
        )
        for r in rows.all()
    }
    assert shown == {
        ("Hotel", "EUR"): Decimal("186.5"),
        ("Hotel", "GBP"): Decimal("389"),
        ("Hotel", "USD"): Decimal("1104.6"),
        ("Taxi", "GBP"): Decimal("38.2"),
    }
    assert "3 currencies (EUR, GBP, USD)" in page.locator(".mapping").inner_text()
    assert browser.watch.problems() == []


def test_thousands_read_from_the_file_s_evidence_are_said_once(
    browser: Browser, analyst: MadeUser, tmp_path: Path
) -> None:
    """A US statement whose amounts only show "12,500": read as thousands (the file is
    comma-delimited and shows "$"), said in the number-format note, not as a warning."""
    page = browser.page
    path = tmp_path / "statement.csv"
    path.write_text(
        'Date,Description,Amount\n01/15/2025,Invoice 1001,"$12,500"\n'
        '01/28/2025,Invoice 1002,"$1,234"\n02/14/2025,Invoice 1003,"$3,000"\n',
        encoding="utf-8",
    )
    browser.sign_in(analyst)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_label("Company for the whole file (required)").fill("Co")
    note = page.locator(".mapping__numbers-note")
    note.wait_for()
    browser.settle()
    assert '"Amount"' in note.inner_text() and "thousands" in note.inner_text()
    warned = page.locator(".mapping .alert--warn")
    assert not warned.count() or "either way" not in warned.inner_text()
    assert browser.watch.problems() == []


def test_every_sheet_of_a_workbook_of_monthly_tabs_is_previewed_and_stored_by_its_own_month(
    browser: Browser, analyst: MadeUser, tmp_path: Path
) -> None:
    """A workbook with one tab per month, each titled with its month: "Every sheet" previews
    all three tabs (the totals of the three months, not the first tab's), and the dashboard
    then shows each month's money in its own month."""
    page = browser.page
    months = {
        "Jan 2026": (52_000, -9_000),
        "Feb 2026": (48_500, -9_000),
        "Mar 2026": (55_250, -9_400),
    }
    path = tmp_path / "monthly_tabs.xlsx"
    write_xlsx(
        path,
        {
            name: [
                ["Harbor Foods Ltd"],
                [f"Profit and loss - {name}"],
                [],
                ["Account", "Amount (GBP)"],
                ["Sales", sales],
                ["Salaries", salaries],
            ]
            for name, (sales, salaries) in months.items()
        },
    )
    browser.sign_in(analyst)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    sheet = page.get_by_label("Sheet", exact=True)
    sheet.wait_for()
    page.wait_for_function(READY)
    browser.settle()
    assert _preview_total(browser, "Sales") == Decimal(52_000)  # the first tab alone

    sheet.select_option("*")
    page.wait_for_function(READY)
    browser.settle()
    page.wait_for_function(
        "() => document.querySelector('[data-records]')?.dataset.records === '6'"
    )
    assert _preview_total(browser, "Sales") == sum(Decimal(s) for s, _ in months.values())
    assert _preview_total(browser, "Salaries") == sum(Decimal(c) for _, c in months.values())
    assert page.get_by_label("Sheet", exact=True).input_value() == "*"
    _store_ready(browser)

    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    revenue = page.locator("[data-kpi='revenue'] .kpi__exact").get_attribute("data-exact")
    assert Decimal(revenue or "NaN") == sum(Decimal(s) for s, _ in months.values())
    labels = page.evaluate(
        "() => Chart.getChart(document.querySelector(\"section[aria-label='Over time']"
        ' canvas")).data.labels'
    )
    assert len(labels) == 3, labels
    assert browser.watch.problems() == []


def test_fiscal_period_columns_follow_the_start_month_chosen_on_the_mapping_screen(
    browser: Browser, analyst: MadeUser, tmp_path: Path
) -> None:
    """A planning tool's "FY25 P01 | FY25 P02 | FY25 P03" budget: the screen offers the fiscal
    year's start (the admin's, January when unset); choosing July re-dates the preview's
    records to July-September 2024 (FY25 ends in June 2025) before anything is stored."""
    page = browser.page
    path = tmp_path / "budget_by_period.csv"
    path.write_text(
        "Account,FY25 P01,FY25 P02,FY25 P03\n"
        "Tuition revenue,410000.00,395500.50,402250.00\n"
        "Staff costs,-250000.00,-251200.00,-249875.25\n",
        encoding="utf-8",
    )
    browser.sign_in(analyst)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    start = page.get_by_label("Fiscal year starts in")
    start.wait_for()
    assert start.input_value() == "1"
    page.get_by_label("Company for the whole file (required)").fill("Harbour School")
    page.get_by_label("Currency (required)").fill("USD")
    page.wait_for_function(READY)
    browser.settle()
    dates = (
        "() => [...document.querySelectorAll('.mapping td[data-label=\"Date\"]')]"
        ".map((td) => td.textContent)"
    )
    assert set(page.evaluate(dates)) == {"2025-01-31", "2025-02-28", "2025-03-31"}

    start.select_option("7")
    page.wait_for_function(f"() => ({dates})().includes('2024-07-31')", timeout=20_000)
    page.wait_for_function(READY)
    browser.settle()
    assert set(page.evaluate(dates)) == {"2024-07-31", "2024-08-31", "2024-09-30"}
    assert _preview_total(browser, "Tuition revenue") == Decimal("1207750.50")
    assert "starting in July" in page.locator(".mapping").inner_text()
    assert browser.watch.problems() == []
