"""Fiscal period headers as ERP and planning exports write them ("FY25 P01", "P01 FY2025"):
read as periods of the fiscal year, dated as calendar months (P01 = January), and every import
of them says so, since a fiscal year starting in another month is not known to the import
(docs/import.md, layout 108)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from elara.ingest.periods import fiscal_period_number, read_period
from elara.ingest.pipeline import parse_file
from elara.ingest.suggest import suggest_settings
from tests.ingest.builders import write_text


@pytest.mark.parametrize(
    ("header", "end"),
    [
        ("P01 FY2025", dt.date(2025, 1, 31)),
        ("P12 FY2025", dt.date(2025, 12, 31)),
        ("Period 3 FY25", dt.date(2025, 3, 31)),
        ("P02-FY24", dt.date(2024, 2, 29)),
        ("per 7 fy 2026", dt.date(2026, 7, 31)),
    ],
)
def test_the_period_first_is_a_fiscal_period(header: str, end: dt.date) -> None:
    period = read_period(header)
    assert period is not None and period.end == end
    assert fiscal_period_number(header) == end.month


def test_a_thirteenth_period_first_is_not_a_month() -> None:
    assert read_period("P13 FY2025") is None
    assert fiscal_period_number("P13 FY2025") == 13
    assert fiscal_period_number("FY25 P13") == 13
    assert fiscal_period_number("Sales 2025") is None


def _parse(path: Path) -> tuple[Counter[dt.date], list[str]]:
    settings = suggest_settings(path).settings
    settings.constants.company = "Acme"
    settings.constants.currency = "USD"
    parser = parse_file(path, settings=type(settings).model_validate(settings.model_dump()))
    dates: Counter[dt.date] = Counter()
    for batch in parser:
        dates.update(batch.columns["date"])
    assert not parser.report.errors
    return dates, list(parser.report.warnings)


def _file(tmp_path: Path, headers: list[str]) -> Path:
    lines = [
        "Account," + ",".join(headers),
        "Sales," + ",".join(str(1000 + 10 * i) for i in range(len(headers))),
        "Rent," + ",".join("400" for _ in headers),
    ]
    return write_text(tmp_path / "periods.csv", "\n".join(lines) + "\n")


@pytest.mark.parametrize("shape", ["P{n:02d} FY2025", "FY25 P{n:02d}"])
def test_fiscal_period_columns_are_dated_and_the_import_says_how(
    tmp_path: Path, shape: str
) -> None:
    headers = [shape.format(n=n) for n in range(1, 13)]
    dates, warnings = _parse(_file(tmp_path, headers))
    assert sorted(dates) == [read_period(h).end for h in headers]  # type: ignore[union-attr]
    assert set(dates.values()) == {2}
    said = [w for w in warnings if "are read as calendar months" in w]
    assert len(said) == 1 and f'"{headers[0]}"' in said[0] and "2025-01-31" in said[0]


def test_a_thirteenth_period_is_said_not_silently_dropped(tmp_path: Path) -> None:
    headers = [f"P{n:02d} FY2025" for n in range(1, 14)]
    dates, warnings = _parse(_file(tmp_path, headers))
    assert sum(dates.values()) == 24  # P13 is not stored as money…
    said = [w for w in warnings if "beyond 12" in w]
    assert len(said) == 1 and '"P13 FY2025"' in said[0], warnings  # …and the import says so
