"""What users do, end to end in Chromium: manage users, edit one's profile, upload a file and
see its totals on the dashboard, filter, export, find the audit entries; and script payloads
typed anywhere stay text."""

from __future__ import annotations

import csv
import email
import email.policy
import io
import re
import time
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from elara.core.state import AppState
from elara.demo import load_demo_data
from tests.browser.conftest import Browser
from tests.factories import MadeUser, get_user

pytestmark = pytest.mark.browser

PAYLOAD = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=1;alert(2)</script>'


def test_create_and_edit_user(browser: Browser, admin: MadeUser, state: AppState) -> None:
    """An admin creates a user (a temporary password is shown once), then changes role and
    allowed companies; the list and the database agree."""
    page = browser.page
    browser.sign_in(admin)
    browser.screen("users", "tbody tr[data-key]")
    page.get_by_role("button", name="New user").click()
    form = page.locator("form[aria-label='New user']")
    form.get_by_label("Email").fill("new.analyst@example.com")
    form.get_by_label("Full name").fill("Nora New")
    form.get_by_role("button", name="Create user").click()
    notice = page.locator(".alert--ok")
    notice.wait_for()
    assert "new.analyst@example.com created" in notice.inner_text()
    assert len(notice.locator("code").inner_text()) >= 12
    row = page.locator("tbody tr", has_text="new.analyst@example.com")
    row.wait_for()
    assert "viewer" in row.inner_text().lower()

    row.get_by_role("button", name="Edit").click()
    edit = page.locator("form[aria-label='Edit new.analyst@example.com']")
    edit.get_by_label("Role").select_option("analyst")
    edit.get_by_label("Allowed companies").fill("ACME, GLOBEX")
    edit.get_by_role("button", name="Save changes").click()
    page.locator("tbody tr", has_text="ACME, GLOBEX").wait_for()
    user_id = int(row.get_attribute("data-key") or 0)
    stored = get_user(state, user_id)
    assert (stored.role, stored.allowed_companies) == ("analyst", ["ACME", "GLOBEX"])

    page.get_by_label("Search").fill("nora")
    page.wait_for_function("() => document.querySelectorAll('tbody tr[data-key]').length === 1")
    row.get_by_role("button", name="Reset password").click()
    page.get_by_role("dialog").get_by_role("button", name="Reset password").click()
    page.locator(".alert--ok", has_text="has a new password").wait_for()
    row.get_by_role("button", name="Deactivate").click()
    page.get_by_role("dialog").get_by_role("button", name="Deactivate").click()
    row.locator(".badge--inactive").wait_for()
    assert get_user(state, user_id).is_active is False

    browser.screen("audit", "tbody tr[data-key]")
    page.get_by_label("Action starts with").fill("user.update")
    page.get_by_role("button", name="Filter").click()
    entry = page.locator("section[aria-label='Entries'] tbody tr[data-key]").first
    page.wait_for_function(
        "() => [...document.querySelectorAll(\"section[aria-label='Entries'] tbody tr\")]"
        ".every((tr) => tr.textContent.includes('user.update'))"
    )
    entry.get_by_role("button", name="Before/after").click()
    detail = page.locator("[aria-label^='Audit entry']")
    detail.wait_for()
    assert "viewer" in detail.inner_text() and "analyst" in detail.inner_text()
    assert browser.watch.problems() == []


def test_profile_name_password_and_sessions(browser: Browser, analyst: MadeUser) -> None:
    """One changes one's name (the header follows), one's password, and sees this device."""
    page = browser.page
    browser.sign_in(analyst)
    browser.screen("profile", "tbody tr")
    details = page.locator("form[aria-label='Your details']")
    details.get_by_label("Full name").fill("Ana Renamed")
    details.get_by_role("button", name="Save").click()
    details.locator(".alert--ok").wait_for()
    assert page.locator("#user-name").inner_text() == "Ana Renamed"

    password = page.locator("form[aria-label='Change password']")
    password.get_by_label("Current password").fill(analyst.password)
    password.get_by_label("New password", exact=True).fill("a-much-Better-passphrase-42")
    password.get_by_label("Repeat new password").fill("a-much-Better-passphrase-42")
    password.get_by_role("button", name="Change password").click()
    password.locator(".alert--ok").wait_for()
    sessions = page.locator("section[aria-label='Sessions']")
    assert "this device" in sessions.inner_text().lower()
    with httpx.Client(base_url=browser.server.url, headers={"User-Agent": "Other laptop"}) as http:
        signed = http.post(
            "/api/auth/login",
            json={"email": analyst.email, "password": "a-much-Better-passphrase-42"},
        )
        assert signed.status_code == 200
    page.reload()
    page.wait_for_selector("section[aria-label='Sessions'] tbody tr:nth-child(2)")
    other = sessions.locator("tbody tr", has_text="Other laptop")
    other.get_by_role("button", name="Sign out").click()
    other.wait_for(state="detached")
    assert sessions.locator("tbody tr").count() == 1
    # The fresh token returned by the change keeps this tab working.
    browser.screen("datasets", "section[aria-label='Datasets'] table")
    browser.settle()
    assert page.locator("[role=alert]").count() == 0
    assert browser.watch.problems() == []


def _csv_file(tmp_path: Path) -> tuple[Path, dict[str, Decimal], int]:
    """A small monthly P&L with a script payload in a description; revenue per company."""
    rows = []
    revenue: dict[str, Decimal] = {}
    for index, company in enumerate(("ACME", "GLOBEX", "INITECH")):
        for month in (1, 2, 3):
            amount = Decimal(f"{1000 + 250 * index + month}.{10 * month + index:02d}")
            cost = -(amount * Decimal("0.4")).quantize(Decimal("0.01"))
            revenue[company] = revenue.get(company, Decimal(0)) + amount
            rows.append(
                (company, f"2025-{month:02d}-28", "Revenue", "Revenue", amount, "USD", "sale")
            )
            rows.append(
                (company, f"2025-{month:02d}-28", "COGS", "Cost of Sales", cost, "USD", PAYLOAD)
            )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(("Company", "Date", "Account", "Category", "Amount", "Currency", "Description"))
    writer.writerows(rows)
    path = tmp_path / "pnl-q1.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path, revenue, len(rows)


def _kpi_exact(browser: Browser, kpi: str) -> str:
    return browser.page.locator(f"[data-kpi='{kpi}'] .kpi__exact").get_attribute("data-exact") or ""


def _chart_labels(browser: Browser, title: str) -> list[str]:
    return list(
        browser.page.evaluate(
            "title => Chart.getChart("
            "document.querySelector(`section[aria-label='${title}'] canvas`)).data.labels",
            title,
        )
    )


def test_upload_to_dashboard_filter_export_and_audit(
    browser: Browser, admin: MadeUser, tmp_path: Path
) -> None:
    """The whole journey: upload with progress to 100%, the dashboard's totals equal the file's,
    a company filter changes the numbers and the charts, the export holds exactly what is
    filtered, and the audit trail shows the upload and the export."""
    page = browser.page
    path, revenue, row_count = _csv_file(tmp_path)
    browser.sign_in(admin)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_label("Dataset name").fill("Q1 P&L")
    page.get_by_role("button", name="Store", exact=True).click()
    page.locator(".alert--ok", has_text="records stored").wait_for(timeout=20_000)
    bars = page.locator("progress").evaluate_all("bars => bars.map(b => b.value)")
    assert bars == [100, 100]
    assert (
        f"{row_count} rows read, {row_count} records stored"  # data rows: not the header
        in page.locator(".alert--ok").inner_text()
    )
    page.locator("tbody tr", has_text="Q1 P&L").wait_for()

    browser.screen("dashboard", "[data-kpi='revenue']")
    browser.settle()
    total = sum(revenue.values(), Decimal(0))
    assert Decimal(_kpi_exact(browser, "revenue")) == total
    assert page.locator("[data-kpi='record_count'] .kpi__value").inner_text() == str(row_count)
    assert sorted(_chart_labels(browser, "Revenue by company")) == ["ACME", "GLOBEX", "INITECH"]

    page.get_by_role("button", name="Companies").click()
    page.get_by_label("Search companies").fill("acm")
    page.get_by_label("ACME", exact=True).check()
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => document.querySelector(\"[data-kpi='record_count'] .kpi__value\")"
        "?.textContent === '6'"
    )
    browser.settle()
    assert Decimal(_kpi_exact(browser, "revenue")) == revenue["ACME"]
    assert _chart_labels(browser, "Revenue by company") == ["ACME"]
    descriptions = page.locator("section[aria-label='Records'] tbody").inner_text()
    assert PAYLOAD in descriptions  # stored and shown exactly as written, as text

    with page.expect_download() as png_info:
        page.get_by_role("button", name="PNG of Revenue by company").click()
    assert png_info.value.suggested_filename == "elara-by-company.png"
    assert Path(png_info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as xlsx_info:
        page.get_by_role("button", name="Export XLSX").click()
    assert xlsx_info.value.suggested_filename.endswith(".xlsx")
    assert Path(xlsx_info.value.path()).read_bytes()[:2] == b"PK"
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export CSV").click()
    exported = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(exported)))
    assert {r["company"] for r in records} == {"ACME"}
    assert len(records) == 6
    income = sum(Decimal(r["amount"]) for r in records if r["account"] == "Revenue")
    assert income == revenue["ACME"]

    browser.screen("audit", "tbody tr[data-key]")
    browser.settle()
    trail = page.locator("section[aria-label='Entries'] tbody").inner_text()
    assert "dataset.upload" in trail
    assert "records.export" in trail
    assert page.evaluate("window.__xss") is None
    assert browser.watch.problems() == []


def test_script_payloads_stay_text(browser: Browser, admin: MadeUser, tmp_path: Path) -> None:
    """A payload typed into every text field on every screen is shown as text, never run."""
    page = browser.page
    browser.sign_in(admin)
    typed = 0
    for route in ("dashboard", "datasets", "users", "profile", "audit", "assistant"):
        browser.screen(route, "h1")
        browser.settle()
        if route == "users":
            page.get_by_role("button", name="New user").click()
        if route == "dashboard":  # the company and account pickers have a search box
            page.get_by_role("button", name="Companies").click()
        fields = page.locator(
            "main input[type=text]:visible, main input[type=search]:visible,"
            " main input[type=email]:visible, main textarea:visible"
        )
        for index in range(fields.count()):
            fields.nth(index).fill(PAYLOAD)
            fields.nth(index).press("Enter")
            typed += 1
        page.wait_for_timeout(300)
        assert page.locator("main img[src='x'], main script").count() == 0, route
    # The assistant shows the question back verbatim as text.
    assert page.locator(".msg--user", has_text=PAYLOAD).count() >= 1
    # A dataset name sent as multipart is stored as written and listed as text.
    path, _, _ = _csv_file(tmp_path)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_label("Dataset name").fill(PAYLOAD)
    page.get_by_role("button", name="Store", exact=True).click()
    page.locator("tbody tr", has_text=PAYLOAD).first.wait_for(timeout=20_000)
    assert typed >= 10
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.__xss") is None
    assert browser.watch.dialogs == []


def _reset_link(outbox: Path) -> str:
    """The reset link from the one message in the outbox (no SMTP configured in tests)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        messages = sorted(outbox.glob("*.eml")) if outbox.exists() else []
        if messages:
            text = email.message_from_bytes(messages[-1].read_bytes(), policy=email.policy.default)
            body = text.get_body(preferencelist=("plain",))
            match = re.search(r"\S*#/reset\?token=[\w-]+", body.get_content() if body else "")
            if match:
                return match.group(0)
        time.sleep(0.1)
    raise AssertionError("no reset message arrived in the outbox")


def test_forgot_password_and_reset(browser: Browser, analyst: MadeUser, state: AppState) -> None:
    """Forgot password -> the emailed link -> a new password -> sign in with it."""
    page = browser.page
    browser.goto("login")
    page.get_by_role("link", name="Forgot your password?").click()
    # Fill the reset form itself: under load the sign-in form may still be on screen.
    form = page.get_by_role("form", name="Request a password reset")
    form.wait_for()
    form.get_by_label("Email").fill(analyst.email)
    form.get_by_role("button", name="Send reset link").click()
    page.locator(".alert--ok, [role=alert]").first.wait_for()
    assert page.locator(".alert--ok").count() == 1, page.inner_text("main")
    link = _reset_link(state.settings.outbox_dir)
    page.goto(f"{browser.server.url}/{link[link.index('#') :]}")
    page.get_by_label("New password", exact=True).fill("fresh-Reset-passphrase-77")
    page.get_by_label("Repeat the new password").fill("fresh-Reset-passphrase-77")
    page.get_by_role("button", name="Set new password").click()
    page.locator(".alert--ok", has_text="password is changed").wait_for()
    browser.sign_in(MadeUser(analyst.id, analyst.email, "fresh-Reset-passphrase-77", "analyst"))
    assert page.locator("#user-name").inner_text() == "Ana Analyst"
    assert browser.watch.problems() == []


def test_assistant_answers_with_a_chart_and_opens_the_dashboard(
    browser: Browser, admin: MadeUser, state: AppState
) -> None:
    """A question gets an answer, a small chart and a link applying its filters."""
    load_demo_data(state)
    page = browser.page
    browser.sign_in(admin)
    browser.screen("assistant", ".chat__form")
    page.get_by_label("Your question").fill("revenue of ACME last year")
    page.get_by_role("button", name="Ask").click()
    answer = page.locator(".msg--bot").last
    answer.locator("canvas").wait_for()
    assert "ACME" in answer.inner_text()
    answer.get_by_role("link", name="Open in dashboard").click()
    page.wait_for_selector("[data-kpi='revenue']")
    browser.settle()
    assert "companies=ACME" in page.url
    assert page.locator(".multi__button", has_text="ACME").count() == 1
    labels = page.evaluate(
        "() => Chart.getChart(document.querySelector(\"section[aria-label='Revenue by company']"
        ' canvas")).data.labels'
    )
    assert labels == ["ACME"]
    assert browser.watch.problems() == []


def test_dashboard_refreshes_when_the_socket_says_data_changed(
    browser: Browser, admin: MadeUser, tmp_path: Path
) -> None:
    """An upload from elsewhere (here: the HTTP API) reaches an open dashboard over /ws."""
    page = browser.page
    browser.sign_in(admin)
    browser.screen("dashboard", ".kpi__label, .state--empty, .card .state")
    browser.settle()
    assert page.locator("[data-kpi='record_count']").count() == 0  # nothing stored yet
    path, revenue, row_count = _csv_file(tmp_path)
    with httpx.Client(base_url=browser.server.url) as http:
        token = http.post(
            "/api/auth/login", json={"email": admin.email, "password": admin.password}
        ).json()["access_token"]
        answer = http.post(
            "/api/datasets",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": (path.name, path.read_bytes(), "text/csv")},
            data={"name": "From elsewhere"},
        )
        assert answer.status_code in (200, 202), answer.text
    page.locator("[data-kpi='record_count'] .kpi__value", has_text=str(row_count)).wait_for()
    assert Decimal(_kpi_exact(browser, "revenue")) == sum(revenue.values(), Decimal(0))
    assert browser.watch.problems() == []


def test_bad_rows_report_and_column_mapping(
    browser: Browser, analyst: MadeUser, tmp_path: Path
) -> None:
    """A file with a bad row is rejected with a report naming row, column and reason; a file
    whose headers Elara does not know gets the mapping step and then goes in."""
    page = browser.page
    browser.sign_in(analyst)
    browser.screen("datasets", "form[aria-label='Upload a spreadsheet']")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Company,Date,Account,Amount,Currency\nACME,2025-01-31,Revenue,100.00,USD\n"
        "ACME,not a date,Revenue,5.00,USD\nACME,2025-02-28,Revenue,12x,USD\n",
        encoding="utf-8",
    )
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Store", exact=True).click()
    report = page.locator("form[aria-label='Upload a spreadsheet'] table", has_text="Reason")
    report.locator("tbody tr").first.wait_for()
    rows = report.locator("tbody tr").all_inner_texts()
    assert any(r.startswith("3\t") and "not a date" in r for r in rows), rows
    assert any(r.startswith("4\t") and "12x" in r for r in rows), rows
    assert page.locator("[role=alert]", has_text="failed").count() >= 1

    odd = tmp_path / "odd-headers.csv"
    odd.write_text(
        "Firm,When,Line,Money,Currency\nACME,2025-01-31,Revenue,100.00,USD\n", encoding="utf-8"
    )
    page.locator("input[type=file]").set_input_files(str(odd))
    mapping = page.locator("fieldset", has_text="What each column holds")
    mapping.wait_for()
    for header, role in (
        ("Firm", "company"),
        ("When", "date"),
        ("Line", "account"),
        ("Money", "amount"),
    ):
        mapping.get_by_label(header, exact=True).select_option(role)
    page.get_by_role("button", name="Store", exact=True).click()
    page.locator(".alert--ok", has_text="1 row read, 1 record stored").wait_for()
    # The failed upload is history, not a dataset: listed apart, and it can be removed.
    datasets = page.locator("section[aria-label='Datasets'] tbody")
    assert "failed" not in datasets.inner_text().lower()
    page.get_by_text("Failed uploads (1)").click()
    failed = page.locator("details tbody tr", has_text="bad").first
    failed.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete dataset").click()
    page.locator("details", has_text="Failed uploads").wait_for(state="hidden")
    assert browser.watch.page_errors == [] and browser.watch.dialogs == []
