"""The upload's reader guesses a CSV's formats from its first rows (``speculate``) and the
whole file checks the guess: a confirmed guess reads exactly as a parse that scanned the
whole file first, words included; a refuted one raises, for the caller to read again."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from elara.ingest import pipeline
from elara.ingest.pipeline import GuessRefutedError, parse_file

HEADER = "Company,Date,Account,Amount,Currency,Description\n"


def _csv(path: Path, dates: list[str], amounts: list[str]) -> Path:
    lines = [HEADER]
    for i, (day, amount) in enumerate(zip(dates, amounts, strict=True), start=1):
        lines.append(f'C1,{day},Revenue,"{amount}",EUR,row {i}\n')
    path.write_text("".join(lines))
    return path


def _read(path: Path, *, speculate: bool) -> tuple[pl.DataFrame, pipeline.ParseReport]:
    parser = parse_file(path, speculate=speculate, batch_size=20)
    frames = [batch.frame for batch in parser]
    return pl.concat(frames), parser.report


@pytest.fixture(autouse=True)
def few_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "SPECULATE_ROWS", 10)


def test_a_confirmed_guess_reads_and_reports_as_the_whole_file(tmp_path: Path) -> None:
    """The first ten dates are ambiguous (the guess warns so); a later 31/01 settles
    day-first for the whole file: same rows, and the report says what the whole file says
    (no ambiguity warning), as a parse without the guess does."""
    dates = [f"0{1 + i % 9}/0{1 + i % 5}/2024" for i in range(10)] + ["31/01/2024"] * 50
    amounts = [f"{i},50" for i in range(60)]  # decimal commas throughout
    path = _csv(tmp_path / "late-evidence.csv", dates, amounts)
    head = _csv(tmp_path / "head.csv", dates[:10], amounts[:10])
    assert any("ambiguous" in w for w in _read(head, speculate=False)[1].warnings)  # premise
    guessed, guessed_report = _read(path, speculate=True)
    scanned, scanned_report = _read(path, speculate=False)
    assert guessed.equals(scanned)
    assert guessed.height == 60
    assert guessed_report.warnings == scanned_report.warnings
    assert not any("ambiguous" in w for w in guessed_report.warnings)
    assert guessed_report.date_order == scanned_report.date_order == "day-first"
    assert guessed_report.number_formats == scanned_report.number_formats
    assert guessed_report.number_format_note == scanned_report.number_format_note
    assert guessed_report.errors == scanned_report.errors == []
    assert guessed["amount_minor"].sum() == scanned["amount_minor"].sum()


def test_a_guess_the_whole_file_refutes_raises(tmp_path: Path) -> None:
    """Day-first guessed from ambiguous first rows; a later 12/31/2024 makes the file
    month-first: the parse raises (the rows read under the guess are not the file's)."""
    dates = ["01/02/2024"] * 10 + ["12/31/2024"] * 5
    path = _csv(tmp_path / "month-first.csv", dates, ["1.50"] * 15)
    with pytest.raises(GuessRefutedError):
        _read(path, speculate=True)
    scanned, report = _read(path, speculate=False)
    assert report.date_order == "month-first"
    assert scanned["date"].to_list()[0].isoformat() == "2024-01-02"


def test_a_number_format_the_whole_file_refutes_raises(tmp_path: Path) -> None:
    """ "1,500" in the first rows alone, then "2,75" (only a decimal comma): the whole file
    reads the column otherwise than its first rows, so the guess is refuted."""
    amounts = ["1,500"] * 10 + ["2,75"] * 30
    path = _csv(tmp_path / "comma.csv", ["31/01/2024"] * 40, amounts)
    _, whole = _read(path, speculate=False)
    head = _csv(tmp_path / "head.csv", ["31/01/2024"] * 10, ["1,500"] * 10)
    _, first_rows = _read(head, speculate=False)
    assert first_rows.number_formats != whole.number_formats  # the test's premise
    with pytest.raises(GuessRefutedError):
        _read(path, speculate=True)
