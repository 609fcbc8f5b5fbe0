"""A 10-Q's column groups side by side: "Three Months Ended September 30," (2025 | 2024) and
"Nine Months Ended September 30," (2025 | 2024). The nine months include the quarter: only
the quarter's columns are stored, the year to date is listed, not stored, and said so
(docs/import.md, layout 153)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from elara.core.money import to_decimal
from elara.ingest.periods import read_period
from elara.ingest.pipeline import parse_file
from elara.ingest.settings import ColumnRole, ImportSettings
from elara.ingest.suggest import suggest_settings
from elara.ingest.year_to_date import TO_DATE, group_span

from .builders import write_text, write_xlsx

LINES = [
    ("Revenue", [1000, 900, 3100, 2800]),
    ("Cost of revenue", [400, 380, 1250, 1190]),
    ("Net income", [600, 520, 1850, 1610]),
]


def _statement(path: Path, groups: list[str], years: list[str]) -> Path:
    rows = ["Alder Robotics, Inc.", "Condensed Statements of Operations", "(In thousands)"]
    rows += [",".join(["", *(f'"{g}"' for g in groups)]), ",".join(["", *years])]
    rows += [",".join([label, *map(str, figures)]) for label, figures in LINES]
    return write_text(path, "\n".join(rows) + "\n")


def _read(path: Path, settings: ImportSettings) -> tuple[Decimal, Counter[dt.date], list[str]]:
    parser = parse_file(path, settings=settings)
    total, dates = Decimal(0), Counter[dt.date]()
    for batch in parser:
        total += sum((to_decimal(u) for u in batch.columns["amount_minor"]), Decimal(0))
        dates.update(batch.columns["date"])
    return total, dates, list(parser.report.warnings)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Three Months Ended September 30,", 3),
        ("Nine Months Ended September 30,", 9),
        ("Six Months Ended June 30,", 6),
        ("Twelve Months Ended December 31,", 12),
        ("12 months ended 31 March", 12),
        ("Quarter Ended", 3),
        ("Year Ended December 31,", 12),
        ("Year to Date", TO_DATE),
        ("YTD", TO_DATE),
        ("Prior year", None),
        ("(In thousands)", None),
        ("2025", None),
    ],
)
def test_group_span(text: str, months: int | None) -> None:
    assert group_span(text) == months


@pytest.mark.parametrize(
    ("groups", "end", "longer"),
    [
        # The group header written once over a blank cell (a merged cell saved to CSV).
        (
            ["Three Months Ended September 30,", "", "Nine Months Ended September 30,", ""],
            9,
            "Nine",
        ),
        # Written again over every year.
        (
            ["Three Months Ended September 30,"] * 2 + ["Nine Months Ended September 30,"] * 2,
            9,
            "Nine",
        ),
        (["Three Months Ended June 30,", "", "Six Months Ended June 30,", ""], 6, "Six"),
        (["Quarter Ended September 30,", "", "Year to Date", ""], 9, "Year to Date"),
    ],
)
def test_year_to_date_group_is_listed_not_stored(
    tmp_path: Path, groups: list[str], end: int, longer: str
) -> None:
    path = _statement(tmp_path / "q.csv", groups, ["2025", "2024", "2025", "2024"])
    suggestion = suggest_settings(path)
    settings = suggestion.settings
    roles = [c.role for c in settings.columns]
    assert (
        roles
        == [ColumnRole.account, ColumnRole.amount, ColumnRole.amount] + [ColumnRole.ignore] * 2
    )
    total, dates, _ = _read(path, settings)
    # The quarter's figures only, once: 1000 + 900 + 400 + 380 + 600 + 520.
    assert total == Decimal(sum(f[0] + f[1] for _, f in LINES)) * (
        settings.constants.unit_multiplier or 1
    )
    last = 30 if end in (6, 9) else 31
    assert set(dates) == {dt.date(2025, end, last), dt.date(2024, end, last)}
    [note] = [n for n in suggestion.offered.notes if "year to date" in n]
    assert '"2025 (2)", "2024 (2)"' in note and longer in note and "not stored" in note


def test_one_group_is_stored_as_before(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    rows = ["Alder Robotics, Inc.", ',"Three Months Ended September 30,",', ",2025,2024"]
    rows += [f"{label},{f[0]},{f[1]}" for label, f in LINES]
    write_text(path, "\n".join(rows) + "\n")
    suggestion = suggest_settings(path)
    assert [c.role for c in suggestion.settings.columns][1:] == [ColumnRole.amount] * 2
    assert not [n for n in suggestion.offered.notes if "year to date" in n]
    total, dates, _ = _read(path, suggestion.settings)
    assert total == Decimal(sum(f[0] + f[1] for _, f in LINES))
    assert set(dates) == {dt.date(2025, 9, 30), dt.date(2024, 9, 30)}


def test_merged_group_headers_in_a_workbook(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "q.xlsx",
        {
            "Statement": [
                ["Alder Robotics, Inc."],
                ["", "Three Months Ended September 30,", None, "Nine Months Ended September 30,"],
                ["", 2025, 2024, 2025, 2024],
                *[[label, *figures] for label, figures in LINES],
            ]
        },
    )
    suggestion = suggest_settings(path)
    roles = [c.role for c in suggestion.settings.columns]
    assert roles[3:] == [ColumnRole.ignore] * 2
    total, dates, _ = _read(path, suggestion.settings)
    assert total == Decimal(sum(f[0] + f[1] for _, f in LINES))
    assert set(dates) == {dt.date(2025, 9, 30), dt.date(2024, 9, 30)}


def test_settings_sent_back_keep_the_persons_roles_and_the_note(tmp_path: Path) -> None:
    groups = ["Three Months Ended September 30,", "", "Nine Months Ended September 30,", ""]
    path = _statement(tmp_path / "q.csv", groups, ["2025", "2024", "2025", "2024"])
    settings = suggest_settings(path).settings
    again = suggest_settings(path, settings=settings)
    assert [n for n in again.offered.notes if "year to date" in n]
    settings.columns[3].role = ColumnRole.quantity  # the person's choice stands, unsaid
    settings.columns[4].role = ColumnRole.quantity
    changed = suggest_settings(path, settings=settings)
    assert [c.role for c in changed.settings.columns][3:] == [ColumnRole.quantity] * 2
    assert not [n for n in changed.offered.notes if "year to date" in n]


@pytest.mark.parametrize(
    ("header", "end"),
    [
        ("Three Months Ended Sep 30, 2025", dt.date(2025, 9, 30)),
        ("Nine months ended 30 September 2024", dt.date(2024, 9, 30)),
        ("Year Ended December 31, 2024", dt.date(2024, 12, 31)),
        ("Three Months Ended September 30,", None),  # no year: the row above a year's columns
    ],
)
def test_a_header_stating_its_span_and_day(header: str, end: dt.date | None) -> None:
    period = read_period(header)
    assert (period.end if period is not None else None) == end


def test_span_and_day_in_each_header(tmp_path: Path) -> None:
    headers = [
        "Three Months Ended Sep 30, 2025",
        "Three Months Ended Sep 30, 2024",
        "Nine Months Ended Sep 30, 2025",
        "Nine Months Ended Sep 30, 2024",
    ]
    rows = ["Alder Robotics, Inc.", ",".join(["", *(f'"{h}"' for h in headers)])]
    rows += [",".join([label, *map(str, figures)]) for label, figures in LINES]
    path = write_text(tmp_path / "q.csv", "\n".join(rows) + "\n")
    suggestion = suggest_settings(path)
    roles = [c.role for c in suggestion.settings.columns]
    assert roles[1:] == [ColumnRole.amount] * 2 + [ColumnRole.ignore] * 2
    total, dates, _ = _read(path, suggestion.settings)
    assert total == Decimal(sum(f[0] + f[1] for _, f in LINES))
    assert dates == {dt.date(2025, 9, 30): 3, dt.date(2024, 9, 30): 3}
    [note] = [n for n in suggestion.offered.notes if "year to date" in n]
    assert '"Nine Months Ended Sep 30, 2025", "Nine Months Ended Sep 30, 2024"' in note


def test_month_and_year_to_date_groups_over_months(tmp_path: Path) -> None:
    """A management pack's "Month" | "YTD" over Mar-25 | Mar-24: the group row is not the
    header (it was taken for it, and the YTD column stored as the month's money)."""
    rows = ["Harbour Design Ltd", "For the period ended 31 March 2025", ",Month,,YTD,"]
    rows += [",Mar-25,Mar-24,Mar-25,Mar-24"]
    rows += [",".join([label, *map(str, figures)]) for label, figures in LINES]
    path = write_text(tmp_path / "pack.csv", "\n".join(rows) + "\n")
    suggestion = suggest_settings(path)
    roles = {c.header: c.role for c in suggestion.settings.columns}
    assert roles["Mar-25"] is roles["Mar-24"] is ColumnRole.amount
    assert roles["Mar-25 (2)"] is roles["Mar-24 (2)"] is ColumnRole.ignore
    suggestion.settings.constants.company = "Harbour"
    total, dates, _ = _read(path, suggestion.settings)
    assert total == Decimal(sum(f[0] + f[1] for _, f in LINES))
    assert dates == {dt.date(2025, 3, 31): 3, dt.date(2024, 3, 31): 3}
    assert [n for n in suggestion.offered.notes if '"Mar-25 (2)", "Mar-24 (2)" under "YTD"' in n]


def test_current_month_beside_year_to_date(tmp_path: Path) -> None:
    groups = ["Current Month", "", "Year to Date", ""]
    path = _statement(tmp_path / "q.csv", groups, ["Actual", "Budget", "Actual", "Budget"])
    suggestion = suggest_settings(path)
    roles = [c.role for c in suggestion.settings.columns]
    assert roles[3:] == [ColumnRole.ignore] * 2
    assert [n for n in suggestion.offered.notes if 'under "Year to Date"' in n]


def test_twelve_months_beside_its_months_is_not_stored(tmp_path: Path) -> None:
    text = "Account,Jan-25,Feb-25,Mar-25,Twelve months ended 31 March 2025\n"
    text += "Rent,100,100,100,1200\nSales,500,600,700,7000\n"
    suggestion = suggest_settings(write_text(tmp_path / "ttm.csv", text))
    roles = {c.header: c.role for c in suggestion.settings.columns}
    assert roles["Twelve months ended 31 March 2025"] is ColumnRole.ignore
    assert roles["Mar-25"] is ColumnRole.amount
    assert [n for n in suggestion.offered.notes if '"Twelve months ended 31 March 2025"' in n]


def test_a_prior_year_beside_this_years_quarters_is_a_period(tmp_path: Path) -> None:
    text = "Account,Q1 2025,Q2 2025,Year ended 31 December 2024\nRent,100,100,400\n"
    suggestion = suggest_settings(write_text(tmp_path / "q.csv", text))
    columns = {c.header: c for c in suggestion.settings.columns}
    assert columns["Year ended 31 December 2024"].role is ColumnRole.amount
    assert columns["Year ended 31 December 2024"].period_end == dt.date(2024, 12, 31)
    assert not [n for n in suggestion.offered.notes if "year to date" in n]
