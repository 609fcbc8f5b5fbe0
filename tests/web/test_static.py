"""The web app as files: served at /, no inline script or style, no HTML injection sinks, and
the npm-installed libraries under /vendor (optional: the app serves without them)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from elara import gateway
from elara.core.state import AppState
from elara.gateway import STATIC_DIR, create_app

SINKS = re.compile(
    r"\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|\beval\(|new Function"
)


class _Inline(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        self.problems += [
            f"{name} on <{tag}>" for name in names if name == "style" or name.startswith("on")
        ]


def test_index_has_no_inline_script_or_style() -> None:
    parser = _Inline()
    parser.feed((STATIC_DIR / "index.html").read_text(encoding="utf-8"))
    assert parser.problems == []


def test_modules_use_no_html_sinks_and_explicit_js_imports() -> None:
    files = sorted((STATIC_DIR / "js").rglob("*.js"))
    assert len(files) > 10
    sinks = {f.name: SINKS.findall(f.read_text(encoding="utf-8")) for f in files}
    assert {name: found for name, found in sinks.items() if found} == {}
    imports = [
        found
        for f in files
        for found in re.findall(
            r"""^\s*(?:import\b.*?\bfrom|import)\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']""",
            f.read_text("utf-8"),
            flags=re.M,
        )
    ]
    specs = [a or b for a, b in imports]
    assert specs and all(spec.startswith(".") and spec.endswith(".js") for spec in specs), specs


def test_app_and_vendor_files_are_served(client: TestClient) -> None:
    index = client.get("/")
    assert index.status_code == 200
    assert '<script type="module" src="/js/main.js">' in index.text
    assert (
        client.get("/js/main.js")
        .headers["content-type"]
        .startswith(("text/javascript", "application/javascript"))
    )
    if not gateway.VENDOR_DIRS["chart.js"].is_dir():
        pytest.skip("node_modules is missing: run `npm ci`")
    chart = client.get("/vendor/chart.js/chart.umd.min.js")
    assert chart.status_code == 200 and "Chart" in chart.text[:2000]
    assert client.get("/vendor/axe-core/axe.min.js").status_code == 200


def test_app_serves_without_node_modules(
    state: AppState, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = {name: tmp_path / "absent" / name for name in gateway.VENDOR_DIRS}
    monkeypatch.setattr(gateway, "VENDOR_DIRS", missing)
    with TestClient(create_app(state=state)) as client:
        assert client.get("/").status_code == 200
        assert client.get("/vendor/chart.js/chart.umd.min.js").status_code == 404
