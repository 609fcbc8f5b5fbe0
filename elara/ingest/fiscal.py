"""Fiscal period columns ("FY25 P01", "P01 FY2025", "2025 P01") dated by the fiscal year
start of the import (``constants.fiscal_year_start``, 1-12; the admin's setting when not
given). A fiscal year is named after the calendar year it ends in: with a July start,
"FY25 P01" is July 2024 (stored on 31 Jul 2024) and "FY25 P12" June 2025. A period beyond
12 ("P13" of a 4-4-5 or 13-period year) is no month: never dated, never stored.
"""

from __future__ import annotations

from elara.ingest.periods import fiscal_period_end, fiscal_period_ends, fiscal_period_number
from elara.ingest.settings import ColumnRole, ImportSettings

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def has_fiscal_periods(settings: ImportSettings) -> bool:
    """Whether any column is headed by a fiscal period."""
    return any(fiscal_period_number(c.header) is not None for c in settings.columns)


def start_month(settings: ImportSettings) -> int:
    """The fiscal year start the settings date fiscal periods by (January when unset)."""
    return settings.constants.fiscal_year_start or 1


def date_fiscal_columns(settings: ImportSettings) -> None:
    """Each fiscal period column dated by the settings' fiscal year start, in place.

    A column's period end that some start month would give (the dating of an earlier
    inspection, or of a recipe fitted to a new file) is replaced; a day typed for the column
    that no start month gives (a 4-4-5 period ending on a Saturday) is kept."""
    start = start_month(settings)
    for column in settings.columns:
        end = fiscal_period_end(column.header, start)
        if end is None or column.role is not ColumnRole.amount:
            continue
        if column.period_end is None or column.period_end in fiscal_period_ends(column.header):
            column.period_end = end


def with_fiscal_start(settings: ImportSettings, default: int | None) -> ImportSettings:
    """The settings with the fiscal year start filled in from ``default`` (the admin's
    setting) when they name none and the table has fiscal period columns, dated by it."""
    if default is None or settings.constants.fiscal_year_start is not None:
        return settings
    if not has_fiscal_periods(settings) or not 1 <= default <= 12:
        return settings
    settings = settings.model_copy(deep=True)
    settings.constants.fiscal_year_start = default
    date_fiscal_columns(settings)
    return settings


def ignore_beyond_twelve(settings: ImportSettings) -> None:
    """A suggested period beyond 12 ("FY25 P13") is not stored: not as money, and not as a
    number kept on every record of its row either (its money belongs to no month)."""
    for column in settings.columns:
        if (fiscal_period_number(column.header) or 0) > 12 and column.role in (
            ColumnRole.quantity,
            ColumnRole.measure,
        ):
            column.role = ColumnRole.ignore
