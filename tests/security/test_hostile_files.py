"""Hostile workbooks and CSVs over real HTTP: a clear 4xx, never a dead server.

Each file is generated here. Before the size limits and the reader process, the
first ones made the server process abort (``memory allocation of 549755813888
bytes failed``) or spin for a minute; after every upload and inspection the
server must still answer /health.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from elara.core.state import AppState
from elara.ingest.isolate import IsolationLimits, ReaderFailedError, describe_isolated
from elara.ingest.limits import SizeLimits
from elara.ingest.sniff import ZipLimits
from tests.factories import MadeUser, create_user
from tests.live import LiveServer

from . import hostile

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CASES: list[tuple[str, Callable[[Path], Path], str, str]] = [
    ("declared-dimension", hostile.declared_dimension, "x.xlsx", "workbook_too_large"),
    ("cell-at-XFD1048576", hostile.far_cell, "x.xlsx", "workbook_too_large"),
    (
        "cell-at-AZ1048576",
        lambda p: hostile.far_cell(p, "AZ1048576"),
        "x.xlsx",
        "workbook_too_large",
    ),
    ("shared-strings-2e9", hostile.shared_string_count, "x.xlsx", "workbook_too_large"),
    ("cell-of-40000-chars", hostile.long_cell, "x.xlsx", "workbook_too_large"),
    ("sheet1.XML-doctype", hostile.uppercase_part_with_doctype, "x.xlsx", "unsafe_file"),
    ("csv-5000-columns", hostile.wide_csv, "x.csv", "csv_too_large"),
    ("csv-3MB-line", hostile.long_line_csv, "x.csv", "csv_too_large"),
]


@pytest.fixture
def http(live_server: LiveServer, state: AppState) -> Iterator[httpx.Client]:
    """A signed-in analyst's client on the live server."""
    user: MadeUser = create_user(state, role="analyst")
    with httpx.Client(base_url=live_server.url, timeout=120) as client:
        response = client.post(
            "/api/auth/login", json={"email": user.email, "password": user.password}
        )
        client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
        yield client


def _post(client: httpx.Client, url: str, path: Path) -> httpx.Response:
    with path.open("rb") as handle:
        return client.post(url, data={"wait": "true"}, files={"file": (path.name, handle, XLSX)})


def _assert_refused(response: httpx.Response, code: str) -> None:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["correlation_id"]
    if code.endswith("_too_large"):
        limits = error["details"][0]["limits"]
        assert limits["max_cells"] == SizeLimits().max_cells
        assert limits["max_cell_chars"] == 32_767


@pytest.mark.parametrize(
    ("build", "name", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
@pytest.mark.parametrize("url", ["/api/datasets/inspect", "/api/datasets"])
def test_hostile_file_is_refused_and_server_lives(
    http: httpx.Client,
    tmp_path: Path,
    build: Callable[[Path], Path],
    name: str,
    code: str,
    url: str,
) -> None:
    path = build(tmp_path / name)
    _assert_refused(_post(http, url, path), code)
    assert http.get("/health").status_code == 200
    listed = http.get("/api/datasets").json()
    assert all(d["status"] != "processing" for d in listed.get("items", listed))


@pytest.mark.parametrize("url", ["/api/datasets/inspect", "/api/datasets"])
def test_false_entry_size_is_a_4xx(http: httpx.Client, tmp_path: Path, url: str) -> None:
    """The reader's own error type (calamine's XmlError) once escaped as a 500."""
    response = _post(http, url, hostile.false_entry_size(tmp_path / "x.xlsx"))
    assert response.status_code in (415, 422), response.text
    assert set(response.json()["error"]) == {"code", "message", "details", "correlation_id"}
    assert http.get("/health").status_code == 200


def test_error_report_keeps_a_bad_value_short(http: httpx.Client, tmp_path: Path) -> None:
    """A megabyte-long bad amount is stored and answered as a few hundred characters."""
    path = tmp_path / "bad.csv"
    path.write_text(f"Company,Date,Account,Amount\nACME,2024-01-31,Revenue,{'9x' * 400_000}\n")
    response = _post(http, "/api/datasets", path)
    assert response.status_code in (200, 422), response.text
    body = response.json()
    dataset_id = body.get("id") or body["error"]["details"][0].get("dataset_id")
    errors = http.get(f"/api/datasets/{dataset_id}/errors").json()
    items = errors.get("items", errors)
    assert items and len(items[0]["value"]) <= 300
    assert len(response.content) < 20_000 and len(str(errors)) < 20_000


class TestReaderProcess:
    """The second wall: a file that slips past the size checks kills only its reader."""

    LIMITLESS = ZipLimits(
        size=SizeLimits(
            max_rows=10**9, max_columns=10**9, max_cells=10**18, max_shared_strings=10**12
        )
    )

    @pytest.mark.parametrize(
        "build", [hostile.far_cell, hostile.shared_string_count], ids=["XFD1048576", "sst"]
    )
    def test_reader_abort_is_an_error_not_a_crash(
        self, tmp_path: Path, build: Callable[[Path], Path]
    ) -> None:
        path = build(tmp_path / "x.xlsx")
        with pytest.raises(ReaderFailedError, match="memory"):
            describe_isolated(path, limits=self.LIMITLESS)

    def test_cpu_limit_stops_a_slow_reader(self, tmp_path: Path) -> None:
        from elara.ingest import isolate

        path = hostile.far_cell(tmp_path / "x.xlsx", "AZ1048576")
        # This reader needs about 5 s of CPU (children no longer spend ~2 s re-importing the
        # main script first), so the limit is well below that.
        slow = IsolationLimits(memory_mb=8192, cpu_seconds=2)
        with pytest.raises(ReaderFailedError, match="2 s of CPU"):
            isolate.run_isolated(
                isolate._describe, kwargs={"path": path, "limits": self.LIMITLESS}, limits=slow
            )

    def test_whitespace_variant_is_caught_by_the_wall(
        self, http: httpx.Client, tmp_path: Path
    ) -> None:
        """A tab before ``r=`` hides the far cell from the byte scan; the reader dies alone."""
        path = hostile.far_cell(tmp_path / "x.xlsx", separator="\t")
        response = _post(http, "/api/datasets/inspect", path)
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] in ("reader_failed", "workbook_too_large")
        assert http.get("/health").status_code == 200

    def test_results_and_errors_cross_the_process_boundary(self, tmp_path: Path) -> None:
        path = hostile.declared_dimension(tmp_path / "ok.xlsx", "A1:D2")
        description = describe_isolated(path)
        assert description.tables[0].mapping["Amount"] == "amount"
        with pytest.raises(Exception, match="not found") as caught:
            describe_isolated(path, sheet="Nope")
        assert caught.value.available == ["Sheet1"]  # type: ignore[attr-defined]
        assert zipfile.is_zipfile(path)
