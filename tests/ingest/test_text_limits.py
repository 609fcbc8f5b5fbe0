"""The CSV size check reads blocks, yet names the line a person would count."""

from __future__ import annotations

from pathlib import Path

import pytest

from elara.ingest import limits as limits_module
from elara.ingest.errors import TooLargeError
from elara.ingest.limits import SizeLimits, check_text_file

SMALL = SizeLimits(max_line_bytes=10, max_columns=3)


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (b"a,b\n123456789\n", None),  # 9 bytes and the newline: exactly the limit
        (b"a,b\n1234567890", None),  # the last line has no newline
        (b"a,b\nc\n1234567890\n", {"line_bytes": 11, "where": "line 3"}),
        (b"a,b\n12345678901", {"line_bytes": 11, "where": "line 2"}),
        (b"a,b\n1,2,3,4\n", {"columns": 4, "where": "line 2"}),
        (b'a,b\n"1,2",3\n', None),  # a quoted delimiter is not a column
        (b"a,b\r\n1,2\r\n", None),
    ],
)
def test_lines_and_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, found: dict | None
) -> None:
    monkeypatch.setattr(limits_module, "_CHUNK", 3)  # lines cross block boundaries
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    if found is None:
        check_text_file(path, ",", SMALL)
        return
    with pytest.raises(TooLargeError) as caught:
        check_text_file(path, ",", SMALL)
    assert caught.value.found == found and caught.value.code == "csv_too_large"
