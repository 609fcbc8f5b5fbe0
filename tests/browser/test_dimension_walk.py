"""Issue 12's walk, by hand in Chromium: a file with two dimension columns (Region, Class) is
uploaded; the dashboard filters by a Region, breaks the series and the split down by Region
and by Class, drills from a Class's slice to its records, filters by both at once, and
exports CSV and XLSX under the two filters, and the PDF of the view saved with them (a
subscription's "Send now", mail through a real SMTP server): every figure equals the file's
and the dashboard API's for the same filters."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import openpyxl
import pytest
from fastapi import FastAPI

from elara.core.state import AppState
from elara.gateway import create_app
from elara.subscriptions.pdf import display_money
from tests.browser.conftest import Browser, StrictCsp
from tests.factories import MadeUser
from tests.security import conftest as security
from tests.security.conftest import Inbox, smtp_overrides, with_settings
from tests.subscriptions.conftest import attachments, pdf_text

pytestmark = pytest.mark.browser

cert = security.cert
smtp_server = security.smtp_server


@pytest.fixture
def app(state: AppState, smtp_server: tuple[Inbox, int], cert: Any) -> FastAPI:
    """The browser tests' app, sending its mail (the PDF) through the real SMTP server."""
    _, port = smtp_server
    application = create_app(state=with_settings(state, **smtp_overrides(port, cert)))
    application.add_middleware(StrictCsp)
    return application


REGIONS = ("East", "West")
CLASSES = ("Retail", "Wholesale")
REVENUE = "[data-kpi='revenue'] .kpi__exact"


def _file(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """A small P&L over two companies, two regions and two classes, every amount distinct."""
    rows: list[dict[str, Any]] = []
    for c, company in enumerate(("ACME", "GLOBEX")):
        for r, region in enumerate(REGIONS):
            for k, klass in enumerate(CLASSES):
                for month in (1, 2):
                    sale = Decimal(f"{1000 + 300 * c + 70 * r + 11 * k + month}.{c}{r + k + 1}")
                    cost = -(sale * Decimal("0.35")).quantize(Decimal("0.01"))
                    for account, category, amount in (
                        ("Sales", "Revenue", sale),
                        ("Rent", "Operating Expenses", cost),
                    ):
                        rows.append(
                            {
                                "Company": company,
                                "Date": f"2025-{month:02d}-20",
                                "Account": account,
                                "Category": category,
                                "Amount": amount,
                                "Currency": "USD",
                                "Region": region,
                                "Class": klass,
                            }
                        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "pnl-by-region-and-class.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path, rows


def _sum(rows: list[dict[str, Any]], category: str, **dims: str) -> Decimal:
    return sum(
        (
            Decimal(row["Amount"])
            for row in rows
            if row["Category"] == category and all(row[k] == v for k, v in dims.items())
        ),
        Decimal(0),
    )


def _api(browser: Browser, path: str, params: list[tuple[str, str]]) -> Any:
    """The dashboard API's answer, asked by the signed-in page itself (its own API client, so
    with its token)."""
    return browser.page.evaluate(
        "async (url) => { const { api } = await import('/js/api.js');"
        " try { return [200, await api.get(url)]; } catch (e) { return [e.status, e.message]; } }",
        f"{path}?{urlencode(params)}",
    )


def _wait_revenue(browser: Browser, amount: Decimal) -> None:
    browser.page.wait_for_function(
        "([sel, want]) => document.querySelector(sel)?.dataset.exact === want",
        arg=[REVENUE, f"{amount:.2f}"],
    )
    browser.settle()


def _choose(browser: Browser, dimension: str, value: str) -> None:
    group = browser.page.get_by_role("group", name="Dimensions")
    group.get_by_role("button", name=dimension).click()
    group.get_by_role("checkbox", name=value).check()
    browser.page.keyboard.press("Escape")


def _chart(browser: Browser, title: str) -> dict[str, Any]:
    return dict(
        browser.page.evaluate(
            "title => { const c = Chart.getChart(document.querySelector("
            "`section[aria-label='${title}'] canvas`)); return {labels: c.data.labels, "
            "sets: c.data.datasets.map((d) => ({label: d.label, data: d.data}))}; }",
            title,
        )
    )


def _chart_card(browser: Browser, tools: str) -> str:
    """The aria-label of the chart card holding a tool (its title)."""
    return str(
        browser.page.evaluate(
            "label => document.querySelector(`select[aria-label='${label}']`)"
            ".closest('section').getAttribute('aria-label')",
            tools,
        )
    )


def _wait_chart(
    browser: Browser, title: str, labels: list[str], lines: bool = False
) -> dict[str, Any]:
    """The chart once its labels (a line chart's `lines`: its lines' names) are these."""
    browser.page.wait_for_function(
        "([title, want, lines]) => { const canvas = document.querySelector("
        "`section[aria-label='${title}'] canvas`); const c = canvas && Chart.getChart(canvas);"
        " if (!c) return false; const got = lines ? c.data.datasets.map((d) => d.label)"
        " : [...c.data.labels]; return JSON.stringify(got.sort()) === JSON.stringify(want); }",
        arg=[title, sorted(labels), lines],
    )
    return _chart(browser, title)


def test_dimension_filters_breakdowns_and_exports_in_the_browser(
    browser: Browser, admin: MadeUser, tmp_path: Path, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_server
    page = browser.page
    path, rows = _file(tmp_path)
    browser.sign_in(admin)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_label("Dataset name").fill("Regions and classes")
    page.get_by_role("button", name="Store", exact=True).click()
    page.locator(".alert--ok", has_text="records stored").wait_for(timeout=30_000)

    browser.screen("dashboard", "[data-kpi='revenue']")
    _wait_revenue(browser, _sum(rows, "Revenue"))
    status, options = _api(browser, "/api/dashboard/filters", [])
    assert status == 200
    assert {d["name"]: sorted(d["values"]) for d in options["dimensions"]} == {
        "Class": list(CLASSES),
        "Region": list(REGIONS),
    }

    # One dimension: Region = West.
    _choose(browser, "Region", "West")
    west = _sum(rows, "Revenue", Region="West")
    _wait_revenue(browser, west)
    assert json.loads(
        page.evaluate("decodeURIComponent(location.hash.split('dims=')[1].split('&')[0])")
    ) == {"Region": ["West"]}
    status, summary = _api(browser, "/api/dashboard/summary", [("dim", "Region=West")])
    assert status == 200 and Decimal(summary["current"]["revenue"]) == west

    # Broken down by the dimension: the series by Region, the split by Class (a pair: a
    # breakdown by one dimension filtered by the other).
    page.get_by_label("Series").select_option("dim:Region")
    series = _wait_chart(browser, _chart_card(browser, "Series"), ["West"], lines=True)
    assert [s["label"] for s in series["sets"]] == ["West"]
    status, timeseries = _api(
        browser,
        "/api/dashboard/timeseries",
        [("dim", "Region=West"), ("group_by", "dim:Region"), ("granularity", "month")],
    )
    assert status == 200
    [line] = timeseries["series"]
    # A line of revenue and costs is drawn as its net income, month by month.
    assert [Decimal(str(v)) for v in series["sets"][0]["data"]] == [
        Decimal(v) for v in line["net_income"]
    ]
    net = west + _sum(rows, "Operating Expenses", Region="West")
    assert sum(Decimal(v) for v in line["net_income"]) == net
    page.get_by_label("Split by").select_option("dim:Class")
    split = _wait_chart(browser, _chart_card(browser, "Split by"), list(CLASSES))
    status, by_class = _api(
        browser,
        "/api/dashboard/breakdown",
        [("dim", "Region=West"), ("by", "dim:Class"), ("top", "8"), ("metric", "expenses")],
    )
    assert status == 200
    api_split = {i["key"]: abs(Decimal(i["value"])) for i in by_class["items"]}
    shown = dict(zip(split["labels"], split["sets"][0]["data"], strict=True))
    assert {k: Decimal(str(v)).quantize(Decimal("0.01")) for k, v in shown.items()} == api_split
    assert api_split == {
        k: abs(_sum(rows, "Operating Expenses", Region="West", Class=k)) for k in CLASSES
    }

    # A slice of the split by Class drills to that class's records (of West only).
    page.evaluate(
        "([title, label]) => { const c = Chart.getChart(document.querySelector("
        "`section[aria-label='${title}'] canvas`)); c.options.onClick({}, "
        "[{index: c.data.labels.indexOf(label), datasetIndex: 0}]); }",
        [_chart_card(browser, "Split by"), "Retail"],
    )
    drill = page.locator("section[aria-label='Records'] .drill")
    drill.wait_for()
    assert drill.inner_text().startswith("Showing the records of Retail")
    west_retail = [r for r in rows if r["Region"] == "West" and r["Class"] == "Retail"]
    page.wait_for_function(
        "n => document.querySelectorAll(\"section[aria-label='Records'] tbody tr\").length === n",
        arg=len(west_retail),
    )
    browser.settle()
    assert page.locator("section[aria-label='Records'] tbody tr").count() == len(west_retail)
    page.get_by_role("button", name="Show all records").click()

    # A point of the series by Class drills to that class's records of that month.
    page.get_by_label("Series").select_option("dim:Class")
    title = _chart_card(browser, "Series")
    _wait_chart(browser, title, list(CLASSES), lines=True)
    page.evaluate(
        "([title, line]) => { const c = Chart.getChart(document.querySelector("
        "`section[aria-label='${title}'] canvas`)); c.options.onClick({}, [{index: 0, "
        "datasetIndex: c.data.datasets.findIndex((d) => d.label === line)}]); }",
        [title, "Retail"],
    )
    drill.wait_for()
    assert drill.inner_text().startswith("Showing the records of Retail, ")
    january = [r for r in west_retail if r["Date"].startswith("2025-01")]
    page.wait_for_function(
        "n => document.querySelectorAll(\"section[aria-label='Records'] tbody tr\").length === n",
        arg=len(january),
    )
    page.get_by_role("button", name="Show all records").click()

    # Two dimensions at once: Region = West and Class = Retail.
    _choose(browser, "Class", "Retail")
    both = _sum(rows, "Revenue", Region="West", Class="Retail")
    _wait_revenue(browser, both)
    filters = [("dim", "Region=West"), ("dim", "Class=Retail")]
    status, summary = _api(browser, "/api/dashboard/summary", filters)
    assert status == 200
    assert Decimal(summary["current"]["revenue"]) == both
    expenses = Decimal(summary["current"]["expenses"])
    # Expenses are stated as a positive cost.
    assert -expenses == _sum(rows, "Operating Expenses", Region="West", Class="Retail")
    count = int(summary["current"]["record_count"])
    assert count == sum(1 for r in rows if r["Region"] == "West" and r["Class"] == "Retail")

    # Exports under both filters hold exactly the API's figures.
    with page.expect_download() as csv_info:
        page.get_by_role("button", name="Export CSV").click()
    exported = list(
        csv.DictReader(io.StringIO(Path(csv_info.value.path()).read_text(encoding="utf-8-sig")))
    )
    assert len(exported) == count
    assert {(r["Region"], r["Class"]) for r in exported} == {("West", "Retail")}
    assert sum(Decimal(r["amount"]) for r in exported if r["category"] == "Revenue") == both
    assert sum(Decimal(r["amount"]) for r in exported if r["category"] != "Revenue") == -expenses
    with page.expect_download() as xlsx_info:
        page.get_by_role("button", name="Export XLSX").click()
    sheet = openpyxl.load_workbook(
        io.BytesIO(Path(xlsx_info.value.path()).read_bytes()), read_only=True
    ).active
    assert sheet is not None
    head, *body = [list(r) for r in sheet.iter_rows(values_only=True)]
    cells = [dict(zip(head, r, strict=True)) for r in body]
    assert len(cells) == count
    assert {(c["Region"], c["Class"]) for c in cells} == {("West", "Retail")}
    assert sum(Decimal(str(c["Amount"])) for c in cells if c["Category"] == "Revenue") == both

    # The PDF of the view saved with both filters states the same figures.
    page.get_by_role("button", name="Save view").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name", exact=True).fill("West retail")
    dialog.get_by_role("button", name="Save view").click()
    page.get_by_role("button", name="Subscribe…").wait_for()
    page.wait_for_function(
        "() => document.querySelector(\"select[name='view']\")"
        ".selectedOptions[0].textContent.startsWith('West retail')"
    )
    page.get_by_role("button", name="Subscribe…").click()
    page.get_by_role("dialog").get_by_role("button", name="Subscribe").click()
    page.locator(".toast", has_text="Subscribed").wait_for()
    browser.screen("subscriptions", ".sub-list")
    page.locator("section[aria-label='Subscriptions'] .sub-item").get_by_role(
        "button", name="Send now"
    ).click()
    [report] = inbox.wait(1, timeout=60)
    text = pdf_text(attachments(report)["application/pdf"])
    assert "Region: West" in text and "Class: Retail" in text
    assert display_money(f"{both:.2f}") in text
    assert display_money(f"{expenses:.2f}") in text
    assert browser.watch.problems() == []
