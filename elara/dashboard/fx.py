"""Exchange rates and the reporting currency: converting amounts at the rate of their date.

A rate is "units of `currency` per one unit of the reporting currency" on a date; an amount
dated d converts at the latest rate on or before d. A missing rate is reported, never guessed.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from elara.models import AppSetting, FxRate

REPORTING_CURRENCY_KEY = "reporting_currency"


def reporting_currency(session: Session) -> str | None:
    """The admin-set reporting currency, or None."""
    value = session.scalar(select(AppSetting.value).where(AppSetting.key == REPORTING_CURRENCY_KEY))
    return str(value) if value else None


@dataclass
class RateBook:
    """Rates per currency, sorted by date, for lookups "on or before"."""

    reporting: str
    needed: bool = True  # False when every amount is already in the reporting currency
    dates: dict[str, list[date]] = field(default_factory=dict)
    rates: dict[str, list[Decimal]] = field(default_factory=dict)

    def rate(self, currency: str | None, day: date) -> Decimal | None:
        """The rate applying on `day`, 1 for the reporting currency, None when unknown."""
        if currency == self.reporting:
            return Decimal(1)
        if currency is None or currency not in self.dates:
            return None
        index = bisect.bisect_right(self.dates[currency], day) - 1
        return self.rates[currency][index] if index >= 0 else None


def load_rates(session: Session, *, reporting: str, currencies: set[str]) -> RateBook:
    """Every rate of the given currencies."""
    book = RateBook(reporting=reporting)
    if not currencies:
        return book
    rows: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    query = select(FxRate.currency, FxRate.date, FxRate.rate).where(
        FxRate.currency.in_(sorted(currencies))
    )
    for currency, day, rate in session.execute(query.order_by(FxRate.currency, FxRate.date)):
        rows[currency].append((day, Decimal(rate)))
    for currency, pairs in rows.items():
        book.dates[currency] = [day for day, _ in pairs]
        book.rates[currency] = [rate for _, rate in pairs]
    return book


@dataclass(frozen=True)
class MissingRate:
    currency: str | None
    date: date


def convert(units: int, rate: Decimal) -> Decimal:
    """Stored units in the reporting currency, as (fractional) stored units."""
    return Decimal(units) / rate
