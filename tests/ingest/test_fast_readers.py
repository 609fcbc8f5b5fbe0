"""The bounded CSV block reader and the fast .xlsx path give the same results as
reading the whole file at once / every cell through python-calamine."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import polars as pl
import pytest

from elara.ingest import parse_file, readers
from elara.ingest.readers import record_blocks
from elara.ingest.workbook import FastFallback, FastSheetSource

from .builders import write_text, write_xlsx

CSV_OPTIONS = {
    "has_header": False,
    "schema": {f"c{i}": pl.String for i in range(4)},
    "truncate_ragged_lines": True,
    "missing_columns": "insert",
    "empty_string_is_null": True,
    "raise_if_empty": False,
}


def _csv_text(rng: random.Random) -> str:
    fields = ['"a,\nb ""q"" \r\nc"', "", '"x""y"', "abc", "é€", "  ", "12.50"]
    lines = [
        ",".join(rng.choice(fields) for _ in range(rng.randint(1, 5)))
        for _ in range(rng.randint(0, 25))
    ]
    return "H1,H2\nTitle\n" + rng.choice(["\n", "\r\n"]).join(lines) + rng.choice(["", "\n"])


@pytest.mark.parametrize("seed", range(40))
def test_csv_blocks_end_at_record_ends(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    path = write_text(tmp_path / "q.csv", _csv_text(rng))
    skip = rng.randint(0, 2)
    whole = pl.scan_csv(path, skip_lines=skip, extra_columns="ignore", **CSV_OPTIONS).collect()
    for size in (1, 5, 64):
        blocks = list(record_blocks(path, skip, size))
        assert all(b.endswith(b"\n") for b in blocks[:-1])
        parts = [pl.read_csv(b, extra_columns="ignore", **CSV_OPTIONS) for b in blocks]
        joined = pl.concat(parts) if parts else whole.clear()
        assert joined.equals(whole)


def test_csv_parse_is_the_same_with_tiny_blocks(tmp_path: Path, monkeypatch) -> None:
    rows = "".join(
        f'A{i % 3},2024-01-{i % 28 + 1:02d},"Acct\n{i}",{i}.5,"say ""{i}"""\n' for i in range(120)
    )
    path = write_text(tmp_path / "b.csv", "Company,Date,Account,Amount,Memo\n" + rows + ",,,\n")
    expected = _snapshot(tmp_path / "b.csv", batch_size=7)
    monkeypatch.setattr(readers, "READ_BLOCK", 37)
    assert _snapshot(path, batch_size=7) == expected
    assert len(expected["batches"]) == 18 and expected["batches"][0]["records"][0][-2] == 2


def _snapshot(path: Path, **options) -> dict:
    parser = parse_file(path, **options)
    batches = [
        {
            "records": [dataclasses.astuple(r) for r in batch.records],
            "errors": batch.errors,
            "skipped": batch.skipped,
            "rows_read": batch.rows_read,
        }
        for batch in parser
    ]
    return {"batches": batches, "report": dataclasses.asdict(parser.report)}


def _messy_rows(rows: int) -> list[list]:
    rng = random.Random(11)
    out: list[list] = [[None, "Ledger export"], [], [None] * 3 + ["Generated"], []]
    out.append([None, "Company", "Date", "Account", "Amount", "Ccy", "Memo", "Qty", "When"])
    for i in range(rows):
        if i % 41 == 7:
            out.append([])
            continue
        amount = rng.choice([rng.randint(-(10**6), 10**6) / 100, 1e-5, -0.0, 0.1 + 0.2, 3.0])
        out.append(
            [
                None,
                f"C{i % 7}" if i % 53 else None,
                dt.datetime(2024, 1, 1, 9 if i % 9 == 0 else 0) + dt.timedelta(days=i % 90),
                f"Acct {i % 5}",
                amount,
                rng.choice(["USD", "eur", "€", None, "XXQ"]),
                rng.choice(["note", " ", None, "x" * 1001]),
                rng.choice([1.0, 2.5, None, 1e-6]),
                rng.choice([dt.datetime(2023, 5, 6), dt.datetime(2023, 5, 6, 7, 8, 9), None]),
            ]
        )
    out.append([None, "Total", None, None, 1234.5])
    out[350] = ["far left", *out[350][1:]]  # below the head: widens the sheet to the left
    out[360] = out[360] + [None, None, "far right"]
    return out


def _both_ways(path: Path, monkeypatch, **options) -> tuple[dict, dict, list[str]]:
    fell: list[str] = []
    original = FastSheetSource._fall_back

    def spy(self):
        fell.append(self.name)
        return original(self)

    monkeypatch.setattr(FastSheetSource, "_fall_back", spy)
    fast = _snapshot(path, **options)
    seen = list(fell)

    def refuse(self):
        raise FastFallback

    monkeypatch.setattr(FastSheetSource, "_load", refuse)
    slow = _snapshot(path, **options)
    return fast, slow, seen


def test_big_sheet_fast_path_matches_calamine(tmp_path: Path, monkeypatch) -> None:
    path = write_xlsx(tmp_path / "big.xlsx", {"Ledger": _messy_rows(420)})
    fast, slow, fell = _both_ways(path, monkeypatch, batch_size=100)
    assert fell == []
    assert fast == slow
    report = fast["report"]
    assert report["records"] > 200 and report["error_count"] > 10
    first = fast["batches"][0]["records"][0]
    # A second date column and an empty column are ignored; the quantity is kept.
    assert first[-2] == 7 and {"Qty"} <= first[7].keys()


@pytest.mark.parametrize(
    ("row", "column", "value"),
    [(200, 4, "n/a"), (200, 4, "NULL"), (210, 7, dt.date(2024, 1, 1)), (220, 4, "abc")],
)
def test_fast_path_steps_aside_when_a_number_column_holds_text(
    tmp_path: Path, monkeypatch, row: int, column: int, value: object
) -> None:
    rows = _messy_rows(400)
    rows[row][column] = value  # fastexcel would read NA words as empty number cells
    path = write_xlsx(tmp_path / "na.xlsx", {"Ledger": rows})
    fast, slow, fell = _both_ways(path, monkeypatch, sheet="*")
    assert set(fell) == {"Ledger"}
    assert fast == slow
    if column == 4:
        errors = [e for b in fast["batches"] for e in b["errors"]]
        assert any(e.row == row + 1 and e.value == value for e in errors)


def test_fast_path_steps_aside_for_times_of_day(tmp_path: Path, monkeypatch) -> None:
    rows = _messy_rows(400)
    for row in rows[5:]:
        if len(row) > 2 and isinstance(row[2], dt.datetime):
            row[2] = dt.datetime(1899, 12, 31, 10, 30)
    path = write_xlsx(tmp_path / "t.xlsx", {"Ledger": rows})
    fast, slow, fell = _both_ways(path, monkeypatch)
    assert set(fell) == {"Ledger"}
    assert fast == slow
