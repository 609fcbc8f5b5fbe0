"""Fiscal period headers as ERP and planning exports write them ("FY25 P01", "P01 FY2025"):
read as periods of the fiscal year, dated by the import's fiscal year start
(``constants.fiscal_year_start``; January, calendar months, when unset), a year named after
the calendar year it ends in; every import of them says how (docs/import.md, "Fiscal periods",
layouts 108, 176-177)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from elara.ingest.fiscal import date_fiscal_columns, with_fiscal_start
from elara.ingest.periods import fiscal_period_end, fiscal_period_number, read_period
from elara.ingest.pipeline import parse_file
from elara.ingest.settings import ColumnRole, ImportSettings
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


def _parse(
    path: Path, *, start: int | None = None, default: int | None = None
) -> tuple[Counter[dt.date], list[str]]:
    settings = suggest_settings(path).settings
    settings.constants.company = "Acme"
    settings.constants.currency = "USD"
    settings.constants.fiscal_year_start = start
    parser = parse_file(
        path,
        settings=type(settings).model_validate(settings.model_dump()),
        fiscal_year_start=default,
    )
    dates: Counter[dt.date] = Counter()
    for batch in parser:
        dates.update(batch.columns["date"])
        assert all(not a for a in batch.columns["attributes"])  # no period kept as a number
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


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("FY25 P01", 7, dt.date(2024, 7, 31)),  # FY25 = July 2024 - June 2025
        ("FY25 P06", 7, dt.date(2024, 12, 31)),
        ("FY25 P07", 7, dt.date(2025, 1, 31)),
        ("FY25 P12", 7, dt.date(2025, 6, 30)),
        ("P01 FY2025", 4, dt.date(2024, 4, 30)),  # FY2025 = April 2024 - March 2025
        ("P11 FY2025", 4, dt.date(2025, 2, 28)),
        ("Period 3 FY25", 10, dt.date(2024, 12, 31)),  # the US federal year: October
        ("2025 P01", 7, dt.date(2024, 7, 31)),
        ("FY25-P12", 2, dt.date(2025, 1, 31)),
        ("FY25 P01", 1, dt.date(2025, 1, 31)),  # January: the calendar year, as before
        ("P12 FY2025", 1, dt.date(2025, 12, 31)),
    ],
)
def test_a_fiscal_period_is_dated_by_the_start_month(header: str, start: int, end: dt.date) -> None:
    assert fiscal_period_end(header, start) == end


def test_no_month_for_a_thirteenth_period_or_another_header() -> None:
    assert fiscal_period_end("FY25 P13", 7) is None
    assert fiscal_period_end("P00 FY2025", 7) is None
    assert fiscal_period_end("Jan 2025", 7) is None
    assert fiscal_period_end("FY2025", 7) is None


@pytest.mark.parametrize("shape", ["P{n:02d} FY2025", "FY25 P{n:02d}", "2025 P{n:02d}"])
def test_a_july_year_puts_every_period_in_its_month(tmp_path: Path, shape: str) -> None:
    headers = [shape.format(n=n) for n in range(1, 13)]
    dates, warnings = _parse(_file(tmp_path, headers), start=7)
    months = [dt.date(2024, m, 1) for m in range(7, 13)] + [
        dt.date(2025, m, 1) for m in range(1, 7)
    ]
    assert sorted(dates) == [fiscal_period_end(h, 7) for h in headers]
    assert [d.replace(day=1) for d in sorted(dates)] == months
    said = [w for w in warnings if f'"{headers[0]}"' in w]
    assert len(said) == 1, warnings
    assert "starting in July" in said[0] and "calendar year it ends in" in said[0]
    assert "2024-07-31" in said[0] and "calendar months" not in said[0]


def test_the_default_dates_settings_naming_no_start_and_never_overrides_their_own(
    tmp_path: Path,
) -> None:
    path = _file(tmp_path, [f"FY25 P{n:02d}" for n in range(1, 13)])
    dates, _ = _parse(path, default=7)  # the admin's start, the settings naming none
    assert min(dates) == dt.date(2024, 7, 31) and max(dates) == dt.date(2025, 6, 30)
    dates, warnings = _parse(path, start=1, default=7)  # the settings' own start wins
    assert min(dates) == dt.date(2025, 1, 31) and max(dates) == dt.date(2025, 12, 31)
    assert [w for w in warnings if "are read as calendar months" in w]


def _columns(**ends: dt.date | None) -> ImportSettings:
    columns = [{"header": "Account", "role": "account"}]
    columns += [
        {"header": h.replace("_", " "), "role": "amount", "period_end": e} for h, e in ends.items()
    ]
    return ImportSettings.model_validate({"columns": columns})


def test_a_start_sent_back_redates_the_columns_an_earlier_start_dated() -> None:
    settings = _columns(FY25_P01=dt.date(2025, 1, 31), FY25_P02=dt.date(2024, 8, 31))
    settings.constants.fiscal_year_start = 10
    date_fiscal_columns(settings)
    assert [c.period_end for c in settings.columns[1:]] == [
        dt.date(2024, 10, 31),
        dt.date(2024, 11, 30),
    ]


def test_a_day_typed_for_a_column_is_kept() -> None:
    """A 4-4-5 period ending on a Saturday is no start month's dating: the person's."""
    settings = _columns(FY25_P01=dt.date(2024, 7, 27), FY25_P02=None)
    settings.constants.fiscal_year_start = 7
    date_fiscal_columns(settings)
    assert [c.period_end for c in settings.columns[1:]] == [
        dt.date(2024, 7, 27),
        dt.date(2024, 8, 31),
    ]


def test_the_default_is_set_only_for_fiscal_period_columns() -> None:
    plain = ImportSettings.model_validate(
        {"columns": [{"header": "Jan 2025", "role": "amount", "period_end": "2025-01-31"}]}
    )
    assert with_fiscal_start(plain, 7).constants.fiscal_year_start is None
    fiscal = _columns(FY25_P01=dt.date(2025, 1, 31))
    chosen = with_fiscal_start(fiscal, 7)
    assert chosen.constants.fiscal_year_start == 7
    assert chosen.columns[1].period_end == dt.date(2024, 7, 31)
    assert fiscal.columns[1].period_end == dt.date(2025, 1, 31)  # a copy: the given unchanged


def test_a_start_outside_1_to_12_is_refused() -> None:
    with pytest.raises(ValueError, match="fiscal_year_start"):
        ImportSettings.model_validate({"constants": {"fiscal_year_start": 0}})


def test_a_thirteenth_period_is_ignored_and_listed_as_not_stored(tmp_path: Path) -> None:
    headers = [f"FY25 P{n:02d}" for n in range(1, 14)]
    path = _file(tmp_path, headers)
    roles = {c.header: c.role for c in suggest_settings(path).settings.columns}
    assert roles["FY25 P13"] is ColumnRole.ignore
    dates, warnings = _parse(path, start=7)
    assert sum(dates.values()) == 24 and max(dates) == dt.date(2025, 6, 30)
    said = [w for w in warnings if w.startswith("Not stored:")]
    assert len(said) == 1 and '"FY25 P13"' in said[0] and "beyond 12" in said[0], warnings


def test_a_recipe_fitted_to_next_years_export_keeps_its_start(tmp_path: Path) -> None:
    """Saved for FY25 with a July start, the recipe dates FY26's export July 2025 on."""
    from elara.models import ImportRecipe
    from elara.recipes.service import settings_for_file

    saved = with_fiscal_start(
        suggest_settings(_file(tmp_path, [f"FY25 P{n:02d}" for n in range(1, 13)])).settings, 7
    )
    path = tmp_path / "next.csv"
    path.write_text(
        "Account," + ",".join(f"FY26 P{n:02d}" for n in range(1, 13)) + "\nSales" + ",1" * 12 + "\n"
    )
    layout = suggest_settings(path)
    recipe = ImportRecipe(settings=saved.model_dump(mode="json"))
    fitted = settings_for_file(
        recipe,
        sheet=layout.settings.sheet,
        header_row=layout.header_row,
        offered=layout.offered,
        headers=layout.headers,
    )
    used = suggest_settings(path, settings=fitted).settings
    assert used.constants.fiscal_year_start == 7
    ends = [c.period_end for c in used.columns if c.header.startswith("FY26")]
    assert ends[0] == dt.date(2025, 7, 31) and ends[-1] == dt.date(2026, 6, 30)
