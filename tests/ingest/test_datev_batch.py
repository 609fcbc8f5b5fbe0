"""A booking batch for the tax adviser (DATEV "EXTF", docs/import.md layouts 157 and 195):
the unsigned Umsatz signed by its S/H column, Konto the account, the Gegenkonto a dimension,
and the Belegdatum's day and month dated in the fiscal year the batch line states, never in a
year guessed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from elara.core.money import to_decimal
from elara.ingest.datev import batch_year
from elara.ingest.pipeline import parse_file
from elara.ingest.settings import ImportSettings
from elara.ingest.suggest import suggest_settings
from tests.ingest.builders import write_text

HEADER = (
    '"Umsatz (ohne Soll/Haben-Kz)";"Soll/Haben-Kennzeichen";"WKZ Umsatz";"Kurs";"Konto";'
    '"Gegenkonto (ohne BU-Schlüssel)";"BU-Schlüssel";"Belegdatum";"Belegfeld 1";"Buchungstext"'
)
LINES = (
    '1250,00;"H";"EUR";;"4400";"1800";"";"1512";"RE-1";"Erlöse Dezember"',
    '300,10;"S";"EUR";;"6310";"1800";"";"0201";"RE-2";"Miete Januar"',
    '80,00;"S";"EUR";;"4400";"10020";"";"2002";"GS-3";"Rückerstattung"',
)


def _batch_line(start: str, first: str, last: str) -> str:
    fields: list[str] = ['"EXTF"', "700", "21", '"Buchungsstapel"', "13", "20250305101522417"]
    fields += ["", '"RE"', '""', '""', "41220", "1077", start, "4", first, last, '"Stapel"']
    return ";".join(fields + [""] * 14)


def _write(tmp_path: Path, *lines: str, name: str = "EXTF_Buchungsstapel.csv") -> Path:
    return write_text(tmp_path / name, "\r\n".join(lines) + "\r\n", encoding="cp1252")


def _read(path: Path, settings: ImportSettings) -> tuple[dict[str, Decimal], list[Any], Any]:
    parser = parse_file(path, settings=settings)
    totals: dict[str, Decimal] = {}
    rows: list[Any] = []
    for batch in parser:
        c = batch.columns
        for account, units, day, attributes in zip(
            c["account"], c["amount_minor"], c["date"], c["attributes"], strict=True
        ):
            totals[account] = totals.get(account, Decimal(0)) + to_decimal(units)
            rows.append((account, day, attributes))
    return totals, rows, parser.report


def _suggested(path: Path, **constants: Any) -> tuple[ImportSettings, list[str]]:
    suggestion = suggest_settings(path)
    settings = suggestion.settings
    settings.constants.company = "Confiserie Brandt KG"
    for name, value in constants.items():
        setattr(settings.constants, name, value)
    return ImportSettings.model_validate(settings.model_dump()), suggestion.needs


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (("20250101", "20250101", "20250331"), (2025, 1)),
        (("20240701", "20241101", "20250228"), (2025, 7)),  # across the calendar year end
        (("", "20241101", "20250228"), (2025, 11)),  # no fiscal year start: the span dates it
        (("", "20250101", "20250331"), (2025, 1)),
        (("20250101", "20241101", "20250228"), None),  # start and span disagree: asked
        (("20240715", "20240715", "20241231"), None),  # no fiscal year starts on the 15th
        (("", "", ""), None),
        (("", "20240101", "20250331"), None),  # a span over a year is no one batch
    ],
)
def test_the_batch_line_gives_the_fiscal_year(
    line: tuple[str, str, str], expected: tuple[int, int] | None
) -> None:
    cells = _batch_line(*line).replace('"', "").split(";")
    assert batch_year([cells]) == expected


def test_no_batch_line_gives_no_year() -> None:
    assert batch_year([["Buchungsstapel Q1"], []]) is None


def test_a_batch_reads_konto_signed_by_soll_haben(tmp_path: Path) -> None:
    """S debits the Konto (positive), H credits it (negative); the contra account is kept on
    the record as a dimension, not booked; "1512" before a July start's year end is 2024."""
    path = _write(tmp_path, _batch_line("20240701", "20241101", "20250228"), HEADER, *LINES)
    settings, needs = _suggested(path)
    assert needs == []
    roles = {c.header: str(c.role) for c in settings.columns}
    assert roles["Konto"] == "account" and roles["WKZ Umsatz"] == "currency"
    assert roles["Gegenkonto (ohne BU-Schlüssel)"] == "dimension"
    assert roles["BU-Schlüssel"] == roles["Kurs"] == "ignore"
    assert (settings.constants.year, settings.constants.fiscal_year_start) == (2025, 7)
    totals, rows, report = _read(path, settings)
    assert not report.errors
    assert totals == {"4400": Decimal("-1170.00"), "6310": Decimal("300.10")}
    assert [day for _, day, _ in rows] == [
        dt.date(2024, 12, 15),
        dt.date(2025, 1, 2),
        dt.date(2025, 2, 20),
    ]
    assert [a["Gegenkonto (ohne BU-Schlüssel)"] for _, _, a in rows] == ["1800", "1800", "10020"]


def test_a_calendar_year_batch_dates_every_month_in_its_year(tmp_path: Path) -> None:
    path = _write(tmp_path, _batch_line("20250101", "20250101", "20251231"), HEADER, *LINES)
    settings, _ = _suggested(path)
    _, rows, _ = _read(path, settings)
    assert [day for _, day, _ in rows] == [
        dt.date(2025, 12, 15),
        dt.date(2025, 1, 2),
        dt.date(2025, 2, 20),
    ]


def test_a_table_with_no_batch_line_asks_for_the_year(tmp_path: Path) -> None:
    """The table alone (some tools leave the batch line out): nothing says the year, so it
    is asked; stored without it, each date is refused, never dated in a year guessed."""
    path = _write(tmp_path, HEADER, *LINES, name="buchungen.csv")
    settings, needs = _suggested(path)
    assert "year" in needs
    assert settings.constants.year is None
    _, _, report = _read(path, settings)
    assert [e.message for e in report.errors] == [
        'Belegdatum "1512" is a day and month with no year (give the year)',
        'Belegdatum "0201" is a day and month with no year (give the year)',
        'Belegdatum "2002" is a day and month with no year (give the year)',
    ]
    given, _ = _suggested(path, year=2025)
    _, rows, report = _read(path, given)
    assert not report.errors
    assert rows[0][1] == dt.date(2025, 12, 15)  # a January start: the calendar year


def test_a_year_the_batch_line_cannot_give_is_asked(tmp_path: Path) -> None:
    """A fiscal year start the batch's own dates lie outside: neither is taken."""
    path = _write(tmp_path, _batch_line("20250101", "20241101", "20250228"), HEADER, *LINES)
    settings, needs = _suggested(path)
    assert "year" in needs and settings.constants.year is None


def test_the_persons_year_wins_over_the_batch_line(tmp_path: Path) -> None:
    path = _write(tmp_path, _batch_line("20250101", "20250101", "20251231"), HEADER, *LINES)
    first, _ = _suggested(path)
    first.constants.year = 2026
    suggestion = suggest_settings(path, settings=first)
    assert suggestion.settings.constants.year == 2026 and "year" not in suggestion.needs
    _, rows, _ = _read(path, suggestion.settings)
    assert rows[1][1] == dt.date(2026, 1, 2)


def test_a_day_no_month_has_is_a_row_error(tmp_path: Path) -> None:
    wrong = '10,00;"S";"EUR";;"6310";"1800";"";"3102";"RE-9";"Miete"'
    path = _write(tmp_path, _batch_line("20250101", "20250101", "20251231"), HEADER, wrong)
    settings, _ = _suggested(path)
    _, _, report = _read(path, settings)
    assert [e.message for e in report.errors] == ['Belegdatum "3102" is no day of that month']


def test_a_typed_year_keeps_the_batchs_fiscal_year_start(tmp_path: Path) -> None:
    """Typing the year (2026 instead of the batch's 2025) does not make the batch's July
    fiscal year a calendar year: "1512" is still December of the year before."""
    path = _write(tmp_path, _batch_line("20240701", "20241101", "20250228"), HEADER, *LINES)
    given = ImportSettings.model_validate(
        {"columns": [], "constants": {"company": "Confiserie Brandt KG", "year": 2026}}
    )
    suggestion = suggest_settings(path, settings=given)
    constants = suggestion.settings.constants
    assert (constants.year, constants.fiscal_year_start) == (2026, 7)
    _, rows, _ = _read(path, suggestion.settings)
    assert rows[0][1] == dt.date(2025, 12, 15)
