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


def _outcome(path: Path, limits: SizeLimits) -> dict | None:
    try:
        check_text_file(path, ",", limits)
    except TooLargeError as exc:
        return exc.found
    return None


def test_blocks_of_short_lines_skip_the_line_by_line_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks whose lines are all short pass at C speed; whatever the file, the outcome (and
    the line an error names) is the one of the line-by-line look alone."""
    import random

    rng = random.Random(7)
    path = tmp_path / "x.csv"
    differing = 0
    for _ in range(400):
        lines = []
        for _ in range(rng.randint(0, 40)):
            size = rng.choice((rng.randint(0, 12), rng.randint(0, 60)))
            lines.append(bytes(rng.choice(b'ab,,"') for _ in range(size)))
        content = b"\n".join(lines) + rng.choice((b"", b"\n"))
        path.write_bytes(content)
        limits = SizeLimits(max_line_bytes=rng.randint(1, 50), max_columns=rng.randint(1, 20))
        monkeypatch.setattr(limits_module, "_CHUNK", rng.choice((1, 5, 64, 1 << 20)))
        fast = _outcome(path, limits)
        with monkeypatch.context() as exact:
            exact.setattr(limits_module, "_short_lines", lambda *_: False)
            assert _outcome(path, limits) == fast, (content, limits)
        differing += fast is None
    assert 20 < differing < 380  # both outcomes were exercised


def test_a_bare_carriage_return_in_a_wide_line_is_refused_as_too_wide(tmp_path: Path) -> None:
    """The exact column count of a wide line reads it with the csv module, which refuses a
    bare carriage return inside a field: the line is measured by its delimiters instead."""
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n" + b"," * 1_200 + b"x\ry\n")
    with pytest.raises(TooLargeError) as caught:
        check_text_file(path, ",", SizeLimits())
    assert caught.value.found == {"columns": 1_201, "where": "line 2"}
