"""Browser fixtures: Debian's Chromium through Playwright, on SQLite only, against a live
server sending a strict Content-Security-Policy (no inline script or style) when the app has
not set one, so the web app is always exercised under a CSP that forbids inline code."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from elara.core.state import AppState
from elara.gateway import create_app
from tests.factories import MadeUser, create_user
from tests.live import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("ELARA_REQUIRE_BROWSER") == "1"
_ROOT = Path(__file__).resolve().parents[2]
# The committed set in docs/screenshots/ is rewritten only on request, so a test run leaves the
# work tree clean; otherwise the screenshots go to the ignored test-results/ folder.
SCREENSHOTS = (
    _ROOT / "docs" / "screenshots"
    if os.environ.get("ELARA_UPDATE_SCREENSHOTS") == "1"
    else _ROOT / "test-results" / "screenshots"
)
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

pytestmark = pytest.mark.browser


@pytest.fixture(params=[pytest.param("sqlite", id="sqlite")])
def database_url(
    request: pytest.FixtureRequest,
    migrated_urls: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """SQLite only: a browser test exercises the UI, the API suites cover both databases.

    A database file of its own, so no background work left by another suite (an upload job,
    a scheduler) can hold SQLite's write lock while a page waits for an answer.
    """
    from tests.conftest import reset_schema

    if "sqlite-browser" not in migrated_urls:
        url = f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'elara-browser.db'}"
        reset_schema(url)
        migrated_urls["sqlite-browser"] = url
    return migrated_urls["sqlite-browser"]


class StrictCsp:
    """Adds the strict CSP to responses that have none, so any inline script/style would fail."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_csp(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = STRICT_CSP
            await send(message)

        await self.app(scope, receive, send_with_csp if scope["type"] == "http" else send)


@pytest.fixture
def app(state: AppState) -> FastAPI:
    application = create_app(state=state)
    application.add_middleware(StrictCsp)
    return application


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = "browser tests skipped: /usr/bin/chromium is missing (apt-get install chromium)"
        if REQUIRE_BROWSER:
            pytest.fail(f"ELARA_REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@dataclass
class Watch:
    """What went wrong in the page: console errors, uncaught errors, dialogs, CSP violations."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.console_errors + self.page_errors + [f"dialog: {d}" for d in self.dialogs]


@dataclass
class Browser:
    page: Any
    server: LiveServer
    watch: Watch

    def goto(self, route: str) -> None:
        self.page.goto(f"{self.server.url}/#/{route}")

    def sign_in(self, user: MadeUser) -> None:
        self.goto("login")
        self.page.get_by_label("Email").fill(user.email)
        self.page.get_by_label("Password").fill(user.password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_selector("#nav a", state="attached")

    def screen(self, route: str, ready: str = "h1") -> None:
        """Navigate inside the app (no reload) and wait for the screen's heading."""
        self.page.evaluate("route => { window.location.hash = '#/' + route; }", route)
        self.page.wait_for_selector(f"body[data-screen='{route}']")
        self.page.wait_for_selector(ready)

    def settle(self) -> None:
        """Wait until no loading indicator is left on the screen."""
        self.page.wait_for_function(
            "() => !document.querySelector('.state--loading')", timeout=10_000
        )

    def shoot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _watch(page: Any) -> Watch:
    watch = Watch()
    page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))

    def dialog(d: Any) -> None:
        watch.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return watch


@pytest.fixture
def browser(chromium: Any, live_server: LiveServer) -> Iterator[Browser]:
    context = chromium.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    watch = _watch(page)
    yield Browser(page, live_server, watch)
    context.close()


@pytest.fixture
def admin(state: AppState) -> MadeUser:
    return create_user(state, role="admin", email="admin@example.com", full_name="Ada Admin")


@pytest.fixture
def viewer(state: AppState) -> MadeUser:
    return create_user(state, role="viewer", email="viewer@example.com", full_name="Vic Viewer")


@pytest.fixture
def analyst(state: AppState) -> MadeUser:
    return create_user(state, role="analyst", email="analyst@example.com", full_name="Ana Analyst")
